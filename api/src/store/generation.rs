//! The database's generation: a value that changes with every committed write, read before a
//! cached answer is served (see `graphql::pipeline::answers`). Two reads that find the same
//! generation read the same records, so an answer cached under it is the answer.
//!
//! - PostgreSQL: three parts.
//!   - `pg_current_snapshot()`, the set of transactions a statement sees. On a primary it
//!     changes when any transaction that wrote commits, on whichever server process or tool
//!     wrote it. It costs no lock and no schema. It is cluster-wide, so a write to another
//!     database of the same cluster starts a new generation too: answers are recomputed more
//!     often than needed, never served stale.
//!   - `pg_last_wal_replay_lsn()`, on a standby: there a snapshot lists no running transaction
//!     (PostgreSQL keeps them apart, in `subxip`, which the text leaves out), so a commit of a
//!     transaction that began before a later one committed would not change it. Replay's
//!     position moves with every record replayed, commits included. NULL on a primary.
//!   - `pg_postmaster_start_time()`: a server restarted, restored from a backup, or another
//!     server put in its place (a failover that lost the last writes hands out their
//!     transaction ids again) never repeats an earlier server's generation.
//! - SQLite: the `write_generation` value, which triggers on every table of the records set to
//!   a new random number on each change (migration `m20261204_000009_write_generation`). Random,
//!   not counted: a file restored from a backup brings back the value of the records it holds,
//!   never one a later state had.

use super::error::StoreResult;
use sea_orm::{ConnectionTrait, DbBackend, Statement};

/// The generation the connection sees now, as text.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn current(conn: &impl ConnectionTrait) -> StoreResult<String> {
    let backend = conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => {
            "SELECT pg_postmaster_start_time()::text || ' ' || pg_current_snapshot()::text || ' ' \
             || COALESCE(pg_last_wal_replay_lsn()::text, '') AS generation"
        }
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
