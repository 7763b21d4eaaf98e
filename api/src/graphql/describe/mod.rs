//! The declarative description of what the API reads, the one source both the schema's
//! resolvers and the query planner take it from: the records ([`record`]), the relations
//! between them with their order, rules and complexity ([`relations`]).

pub mod record;
pub mod relation;
pub mod relations;

pub use record::{Kind, Record, Stored};
pub use relation::{Args, Relation};
