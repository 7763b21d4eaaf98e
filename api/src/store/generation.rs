//! The database's generation: a value that changes with every committed write, read before a
//! cached answer is served (see `graphql::pipeline::answers`). Two reads that find the same
//! generation read the same records, so an answer cached under it is the answer.
//!
//! - PostgreSQL: `pg_current_snapshot()`, the set of transactions a statement sees. It changes
//!   when any transaction that wrote commits, on whichever server process or tool wrote it, and
//!   a standby's follows its replay. It costs no lock and no schema. It is cluster-wide, so a
//!   write to another database of the same cluster starts a new generation too: answers are
//!   recomputed more often than needed, never served stale.
//! - SQLite: the `write_generation` counter, advanced by triggers on every table a read answers
//!   from (migration `m20261204_000009_write_generation`).

use super::error::StoreResult;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The generation the connection sees now, as text.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn current(conn: &impl ConnectionTrait) -> StoreResult<String> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "SELECT pg_current_snapshot()::text AS generation",
        _ => "SELECT CAST(value AS TEXT) AS generation FROM write_generation WHERE id = 1",
    };
    let row = conn.query_one_raw(Statement::from_string(backend, sql)).await?;
    let generation = match row {
        Some(row) => row.try_get::<String>("", "generation")?,
        None => {
            return Err(super::error::StoreError::Inconsistent(
                "the write generation row is missing".to_owned(),
            ));
        }
    };
    Ok(generation)
}
