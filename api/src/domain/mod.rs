//! The rules of the records, independent of HTTP, GraphQL and SQL: text folding and names,
//! document symbols, Roman ordinals, time travel, achievement maths and validation.

pub mod achievement;
pub mod checks;
pub mod commands;
pub mod committees;
pub mod congress;
pub mod documents;
pub mod memberships;
pub mod organizations;
pub mod report;
pub mod results;
pub mod roman;
pub mod targets;
pub mod time;

// The text rules and validation findings live in the bottom layer, where the store can use them
// too; the generator and the tests reach them here.
pub use crate::vocabulary::{issues, text};
