//! Database migrations: the source of truth for the schema.
//!
//! Every table of the congress records lives here, written once with sea-query so that the same
//! migration runs on SQLite (the embedded default) and PostgreSQL (production). Where the two need
//! to differ (byte-wise collation for search keys), the migration says so and why.

pub use sea_orm_migration::prelude::*;

mod m20261122_000001_records;
mod m20261122_000002_access;
mod m20261122_000003_audit_records;
mod m20261122_000004_retractions;
mod m20261122_000005_exact_name_indexes;
mod m20261202_000006_name_order_indexes;
mod m20261203_000007_persisted_queries;
mod m20261203_000008_attested_facts;
mod m20261204_000009_write_generation;
mod schema_helpers;

pub use m20261204_000009_write_generation::{
    TABLES_WITHOUT_GENERATION, advance_generation_on, advance_generation_on_every_table, trigger_name,
};

/// Runs the migrations in order.
pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261122_000001_records::Migration),
            Box::new(m20261122_000002_access::Migration),
            Box::new(m20261122_000003_audit_records::Migration),
            Box::new(m20261122_000004_retractions::Migration),
            Box::new(m20261122_000005_exact_name_indexes::Migration),
            Box::new(m20261202_000006_name_order_indexes::Migration),
            Box::new(m20261203_000007_persisted_queries::Migration),
            Box::new(m20261203_000008_attested_facts::Migration),
            Box::new(m20261204_000009_write_generation::Migration),
        ]
    }
}
