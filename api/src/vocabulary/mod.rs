//! The bottom layer: pure vocabulary that every layer above speaks, the domain rules and the store
//! alike. Text folding and search keys, names, and the findings of a validation. Nothing here
//! imports another module of this crate, and nothing here does I/O.

pub mod issues;
pub mod phrasing;
pub mod symbol;
pub mod text;
