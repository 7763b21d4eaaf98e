//! All database access. Functions take `&impl ConnectionTrait` so that the same code runs on the
//! pool, inside a write transaction, or inside a dry run that is rolled back. Nothing here knows
//! GraphQL; errors leave as [`ApiError`](crate::ApiError), with database detail logged, not shown.

pub mod audit;
pub mod changes;
pub mod congresses;
pub mod connect;
pub mod documents;
pub mod idempotency;
pub mod notify;
pub mod organizations;
pub mod page;
pub mod people;
pub mod persisted;
pub mod quality;
pub mod related;
pub mod search;
pub mod sql;
pub mod targets;
pub mod tokens;

pub use connect::{Database, ReadConn};
