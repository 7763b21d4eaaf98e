//! The rules of the records, independent of HTTP, GraphQL and SQL: text folding and names,
//! document symbols, Roman ordinals, time travel, achievement maths and validation.

pub mod achievement;
pub mod issues;
pub mod phrasing;
pub mod report;
pub mod roman;
pub mod symbol;
pub mod targets;
pub mod text;
pub mod time;
pub mod tokens;
pub mod write;
