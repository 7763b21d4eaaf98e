//! All database access: every query and statement of the server is built here, and nowhere else
//! (a test, `tests/integration/layers.rs`, holds this). Functions take `&impl ConnectionTrait` so
//! that the same code runs on the pool, inside a write transaction, or inside a dry run that is
//! rolled back; layers above name that [`Conn`]. The store imports only the bottom layer
//! ([`crate::vocabulary`], [`crate::error`], [`crate::events`]): never the domain rules, the write
//! use cases or GraphQL. Reads return entity models or plain rows; writes take the entity's
//! `ActiveModel` (the row to write, built by the write layer as plain data) or plain values.
//! Errors leave as [`StoreError`], which the layers above turn into an [`ApiError`](crate::ApiError)
//! that shows no database detail.

pub mod assessments;
pub mod audit;
pub mod changes;
pub mod committees;
pub mod congresses;
pub mod connect;
pub mod documents;
pub mod error;
pub mod generation;
pub mod held;
pub mod idempotency;
pub mod memberships;
pub mod notify;
pub mod organization_facts;
pub mod organizations;
pub mod page;
pub mod people;
pub mod persisted;
pub mod placements;
pub mod quality;
pub mod related;
pub mod resolutions;
pub mod search;
pub mod sources;
pub mod sql;
pub mod target_results;
pub mod targets;
pub mod tokens;

pub use connect::{Database, ReadConn};
pub use error::{StoreError, StoreResult};

/// What a store function runs on: the pool, a write transaction, or a dry run's transaction.
/// The layers above name this instead of SeaORM's `ConnectionTrait`, whose query API is the
/// store's alone.
pub trait Conn: sea_orm::ConnectionTrait {}

impl<T: sea_orm::ConnectionTrait> Conn for T {}
