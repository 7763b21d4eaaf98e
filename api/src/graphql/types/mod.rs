//! The object types of the schema. Each holds its row and the [`Scope`](super::loaders::Scope)
//! it was read in, so that its relations load through the same batching cache (or the same
//! uncommitted transaction, for a dry run).

pub mod audit;
mod congress;
mod misc;
mod node;
mod organization;
mod target;

pub use congress::{Committee, Congress, Membership, Resolution, Review, ReviewGuest};
pub use misc::{Change, DataQualityIssue, Document, Person, Source};
pub use node::{Node, node_of};
pub use organization::{Commendation, Lineage, Organization, OrganizationStats, Placement, Rating};
pub use target::{Target, TargetResult};
