//! The declarative description of what the API reads, the one source both the schema's
//! resolvers and the query planner take it from: the records ([`record`]), the relations
//! between them with their order, rules and complexity ([`relations`]), and how each field of
//! each object type is answered ([`objects`]), written as JSON ([`json`]).

pub mod fields;
pub mod json;
pub mod object;
pub mod objects;
pub mod record;
pub mod relation;
pub mod relations;

pub use record::{Kind, Record, Stored};
pub use relation::{Args, Relation};
