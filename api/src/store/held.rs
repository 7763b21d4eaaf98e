//! One pooled PostgreSQL connection held for a whole planned read.
//!
//! sqlx tests every connection it takes back into the pool with a round trip (a `Sync` and its
//! `ReadyForQuery`, `PoolConnection::return_to_pool` in sqlx-core 0.9), so a read that takes a
//! connection from the pool for each of its statements pays one extra round trip per statement:
//! five for an organization's history. A planned read takes one connection on its first
//! statement, runs every statement on it in turn and gives it back once, when the read is done.

use sea_orm::sqlx::pool::PoolConnection;
use sea_orm::sqlx::{AssertSqlSafe, PgPool, Postgres};
use sea_orm::{DbErr, ExecResult, QueryResult, RuntimeErr, Statement};
use sea_query_sqlx::SqlxValues;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::{MappedMutexGuard, MutexGuard};

/// A connection taken from the pool on first use and returned when the last clone of the
/// `ReadConn` holding it is dropped.
pub struct HeldConnection {
    pool: PgPool,
    conn: tokio::sync::Mutex<Option<PoolConnection<Postgres>>>,
    /// The database's statement counter (`Database::statement_count`), which counts these too.
    statements: Arc<AtomicU64>,
}

impl HeldConnection {
    pub(super) fn new(pool: PgPool, statements: Arc<AtomicU64>) -> Self {
        Self {
            pool,
            conn: tokio::sync::Mutex::new(None),
            statements,
        }
    }

    /// The held connection, taken from the pool on first use; statements queue on its lock.
    async fn connection(&self) -> Result<MappedMutexGuard<'_, PoolConnection<Postgres>>, DbErr> {
        let mut held = self.conn.lock().await;
        if held.is_none() {
            *held = Some(self.pool.acquire().await.map_err(to_db_err)?);
        }
        MutexGuard::try_map(held, Option::as_mut).map_err(|_| DbErr::Custom("the held connection is gone".into()))
    }

    /// Runs one statement on the held connection (taking it first if this is the first), one
    /// statement at a time: sibling reads queue here instead of each taking a connection.
    pub async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        let mut conn = self.connection().await?;
        let values = stmt.values.unwrap_or(sea_orm::Values(Vec::new()));
        let started = std::time::Instant::now();
        let rows = sea_orm::sqlx::query_with(AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
            .fetch_all(&mut **conn)
            .await;
        self.statements.fetch_add(1, Ordering::Relaxed);
        tracing::debug!(
            target: "api::sql",
            micros = started.elapsed().as_micros() as u64,
            failed = rows.is_err(),
            sql = %stmt.sql,
        );
        Ok(rows.map_err(to_db_err)?.into_iter().map(QueryResult::from).collect())
    }

    /// Runs a statement that returns no rows.
    pub async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        let mut conn = self.connection().await?;
        let values = stmt.values.unwrap_or(sea_orm::Values(Vec::new()));
        let done = sea_orm::sqlx::query_with(AssertSqlSafe(stmt.sql.as_str()), SqlxValues(values))
            .execute(&mut **conn)
            .await;
        self.statements.fetch_add(1, Ordering::Relaxed);
        Ok(ExecResult::from(done.map_err(to_db_err)?))
    }

    /// The first row of a statement's rows.
    pub async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        Ok(self.query_all(stmt).await?.into_iter().next())
    }
}

/// The error SeaORM's own driver gives for the same failure, so that callers see no difference.
fn to_db_err(error: sea_orm::sqlx::Error) -> DbErr {
    DbErr::Query(RuntimeErr::SqlxError(Arc::new(error)))
}
