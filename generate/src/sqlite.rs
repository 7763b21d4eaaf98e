//! Loading into SQLite: multi-row `INSERT`s inside one transaction, holding the process's write
//! lock from start to commit.

use crate::loader::NOT_EMPTY;
use crate::sink::{Chunk, Payload};
use crate::table::Table;
use anyhow::{Context as _, anyhow, bail};
use api::store::Database;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, TransactionTrait, Value};
use std::collections::HashMap;

/// SQLite: one transaction, rows by multi-row `INSERT`.
pub(crate) struct SqliteLoader {
    transaction: DatabaseTransaction,
    /// SQLite has one writer: the load holds the process's write lock from start to commit.
    _guard: Option<tokio::sync::OwnedMutexGuard<()>>,
    statements: HashMap<(usize, usize), String>,
}

/// Rows per INSERT: a few hundred, and never more bound values than SQLite accepts (32,766).
const SQLITE_ROWS_PER_INSERT: usize = 400;
const SQLITE_MAX_VALUES: usize = 32_000;

impl SqliteLoader {
    pub(crate) async fn begin(db: &Database) -> anyhow::Result<Self> {
        let guard = db.write_guard().await;
        let transaction = db.conn.begin().await?;
        let existing = transaction
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT id FROM organizations LIMIT 1",
            ))
            .await?;
        if existing.is_some() {
            bail!(NOT_EMPTY);
        }
        Ok(Self {
            transaction,
            _guard: guard,
            statements: HashMap::new(),
        })
    }

    pub(crate) async fn write(&mut self, chunk: Chunk) -> anyhow::Result<()> {
        let Payload::Values(values) = chunk.payload else {
            return Err(anyhow!("SQLite loads bound values"));
        };
        let width = chunk.table.columns().len();
        let rows_per_insert = SQLITE_ROWS_PER_INSERT.min(SQLITE_MAX_VALUES / width);
        let mut values = values.into_iter();
        loop {
            let group: Vec<Value> = values.by_ref().take(width * rows_per_insert).collect();
            if group.is_empty() {
                break;
            }
            let rows = group.len() / width;
            let sql = self
                .statements
                .entry((chunk.table as usize, rows))
                .or_insert_with(|| insert_sql(chunk.table, rows))
                .clone();
            self.transaction
                .execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, sql, group))
                .await
                .with_context(|| format!("cannot load {}", chunk.table.name()))?;
        }
        Ok(())
    }

    pub(crate) async fn finish(self) -> anyhow::Result<()> {
        self.transaction.commit().await.context("cannot commit the load")?;
        Ok(())
    }
}

fn insert_sql(table: Table, rows: usize) -> String {
    let columns = table.columns();
    let placeholders = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {} ({}) VALUES {}",
        table.name(),
        columns.join(", "),
        vec![placeholders; rows].join(", ")
    )
}
