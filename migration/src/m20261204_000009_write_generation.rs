//! What a cached answer is valid for, on SQLite: a value that every committed change to the
//! records replaces with a new random number, kept by triggers on every table a read can answer
//! from. The response cache reads it before it answers (`api::store::generation`), so an answer
//! cached before a change is never served after it, whoever made the change: the API, an
//! import, or `sqlite3` by hand. Random rather than counted: a database restored from a backup
//! (or this migration undone and done again) brings back a value that names the records it
//! holds, never one that a later state of them had.
//!
//! A table rebuilt by hand (SQLite's way to alter a column) loses its triggers; the server puts
//! back any that are missing every time it starts ([`advance_generation_on_every_table`]).
//!
//! PostgreSQL needs nothing here: the cache keys on `pg_current_snapshot()`, which changes with
//! every commit and takes no lock. A counter row there would serialize every write transaction
//! on it, and a statement trigger that takes the row mid-transaction could deadlock two writes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

/// Tables no read answers from, so writing them leaves cached answers valid: the migration
/// ledger, the generation itself, and what requests write as they go (a token's last use, a
/// persisted query's, a mutation's idempotency key).
pub const TABLES_WITHOUT_GENERATION: [&str; 5] = [
    "seaql_migrations",
    "write_generation",
    "api_tokens",
    "persisted_queries",
    "idempotency_keys",
];

/// The changes a trigger follows, one trigger each.
const CHANGES: [&str; 3] = ["insert", "update", "delete"];

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared(
            "CREATE TABLE IF NOT EXISTS write_generation (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
        )
        .await?;
        db.execute_unprepared("INSERT OR IGNORE INTO write_generation (id, value) VALUES (1, random())")
            .await?;
        advance_generation_on_every_table(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        for table in record_tables(db).await? {
            for change in CHANGES {
                db.execute_unprepared(&format!("DROP TRIGGER IF EXISTS \"{}\"", trigger_name(&table, change)))
                    .await?;
            }
        }
        db.execute_unprepared("DROP TABLE IF EXISTS write_generation").await?;
        Ok(())
    }
}

/// The name of the trigger that starts a new generation after `change` on `table`.
pub fn trigger_name(table: &str, change: &str) -> String {
    format!("{table}_advances_generation_after_{change}")
}

/// Makes every change to `table` start a new generation (SQLite).
pub async fn advance_generation_on(manager: &SchemaManager<'_>, table: &str) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for change in CHANGES {
        let sql = format!(
            "CREATE TRIGGER IF NOT EXISTS \"{name}\" AFTER {event} ON \"{table}\" \
             BEGIN UPDATE write_generation SET value = random() WHERE id = 1; END",
            name = trigger_name(table, change),
            event = change.to_ascii_uppercase(),
        );
        manager.get_connection().execute_unprepared(&sql).await?;
    }
    Ok(())
}

/// Makes every change to every table of the records start a new generation (SQLite). The
/// server runs this at every start, after the migrations: a table rebuilt by hand (SQLite's way
/// to alter a column, which drops its triggers) or added by a later migration gets them back.
pub async fn advance_generation_on_every_table(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Sqlite {
        return Ok(());
    }
    for table in record_tables(manager.get_connection()).await? {
        advance_generation_on(manager, &table).await?;
    }
    Ok(())
}

/// The tables of the records: every table but SQLite's own and [`TABLES_WITHOUT_GENERATION`].
async fn record_tables(db: &impl ConnectionTrait) -> Result<Vec<String>, DbErr> {
    let rows = db
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
        ))
        .await?;
    let mut tables = Vec::with_capacity(rows.len());
    for row in rows {
        let name: String = row.try_get("", "name")?;
        if !TABLES_WITHOUT_GENERATION.contains(&name.as_str()) {
            tables.push(name);
        }
    }
    Ok(tables)
}
