//! Connecting to SQLite or PostgreSQL, migrating, and the connection handle that read code uses.

use super::held::HeldConnection;
use futures::Stream;
use migration::{Migrator, MigratorTrait};
use sea_orm::{
    ConnectOptions, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, ExecResult,
    QueryResult, Statement, StreamTrait,
};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Options for opening the database.
#[derive(Debug, Clone)]
pub struct DatabaseOptions {
    pub url: String,
    pub max_connections: Option<u32>,
    pub statement_timeout: Option<Duration>,
    /// A read replica for queries and reports; writes and what they read back use `url`.
    pub read_url: Option<String>,
}

/// The opened database: the pool, which backend it is, and a count of the statements it ran.
#[derive(Clone)]
pub struct Database {
    pub conn: DatabaseConnection,
    /// The read replica's pool, when one is configured.
    read: Option<DatabaseConnection>,
    url: String,
    statements: Arc<AtomicU64>,
    /// SQLite allows one writer at a time; writes take this lock so that they queue in the process
    /// instead of failing with "database is locked".
    write_lock: Arc<tokio::sync::Mutex<()>>,
}

impl Database {
    /// Opens the pool, connecting at once (fails if the database is unreachable).
    pub async fn connect(options: &DatabaseOptions) -> Result<Self, DbErr> {
        let db = Self::connect_lazy(options).await?;
        db.conn.ping().await?;
        Ok(db)
    }

    /// Opens the pool without connecting: connections are made when first needed, so a server
    /// can start while its database is still down.
    pub async fn connect_lazy(options: &DatabaseOptions) -> Result<Self, DbErr> {
        let url = sqlite_url_with_directory(&options.url)?;
        let mut connect = ConnectOptions::new(url.clone());
        let is_sqlite = url.starts_with("sqlite:");
        // SQLite in WAL mode serves readers in parallel with one writer; PostgreSQL scales with the pool.
        let default_pool = if is_sqlite { 4 } else { 16 };
        connect
            .max_connections(options.max_connections.unwrap_or(default_pool))
            .min_connections(0)
            .connect_timeout(Duration::from_secs(5))
            // Fail a request quickly while the database is down rather than hold it.
            .acquire_timeout(Duration::from_secs(5))
            // sqlx pings every connection it hands out by default: a round trip before every
            // statement, which cost PostgreSQL as much CPU as the history query itself. Only
            // connections idle long enough to have been dropped are checked.
            .test_before_acquire_if_idle_for(IDLE_BEFORE_PING)
            .connect_lazy(true)
            .sqlx_logging(false);
        if let Some(timeout) = options.statement_timeout {
            connect.statement_timeout(timeout);
        }
        if !is_sqlite {
            // PostgreSQL plans a prepared statement again for every execution (a "custom plan")
            // while it judges a plan for the bound values better; for the key look-ups every
            // request runs (`= ANY($1)` on an indexed column) it always did, and planning cost
            // three times the execution (0.10 ms against 0.04 ms for an organization's
            // congresses: `EXPLAIN (ANALYZE, SUMMARY) EXECUTE` on `bench_s0_05`). The best plan of
            // these statements does not depend on the values: each connection plans each once.
            connect.map_sqlx_postgres_opts(|opts| {
                opts.statement_cache_capacity(POSTGRES_STATEMENT_CACHE)
                    .options([("plan_cache_mode", "force_generic_plan")])
            });
        }
        if is_sqlite {
            connect.map_sqlx_sqlite_opts(|opts| {
                opts.journal_mode(sea_orm::sqlx::sqlite::SqliteJournalMode::Wal)
                    .synchronous(sea_orm::sqlx::sqlite::SqliteSynchronous::Normal)
                    .busy_timeout(SQLITE_BUSY_TIMEOUT)
                    .foreign_keys(true)
            });
        }
        let statements = Arc::new(AtomicU64::new(0));
        let mut conn = sea_orm::Database::connect(connect).await?;
        let counter = statements.clone();
        conn.set_metric_callback(move |info| {
            counter.fetch_add(1, Ordering::Relaxed);
            log_statement(info);
        });
        let read = match &options.read_url {
            Some(read_url) if !read_url.trim().is_empty() => {
                let mut read = ConnectOptions::new(read_url.clone());
                read.max_connections(options.max_connections.unwrap_or(default_pool))
                    .min_connections(0)
                    .connect_timeout(Duration::from_secs(5))
                    .acquire_timeout(Duration::from_secs(5))
                    .test_before_acquire_if_idle_for(IDLE_BEFORE_PING)
                    .connect_lazy(true)
                    .sqlx_logging(false);
                if let Some(timeout) = options.statement_timeout {
                    read.statement_timeout(timeout);
                }
                let mut read = sea_orm::Database::connect(read).await?;
                let counter = statements.clone();
                read.set_metric_callback(move |info| {
                    counter.fetch_add(1, Ordering::Relaxed);
                    log_statement(info);
                });
                Some(read)
            }
            _ => None,
        };
        Ok(Self {
            conn,
            read,
            url,
            statements,
            write_lock: Arc::new(tokio::sync::Mutex::new(())),
        })
    }

    /// Where queries and reports read: the replica when one is configured, else the primary.
    /// A replica may lag behind: a write's own answer always reads the primary.
    pub fn read_conn(&self) -> &DatabaseConnection {
        self.read.as_ref().unwrap_or(&self.conn)
    }

    /// The connection a planned read runs on: on PostgreSQL one connection held for the whole
    /// read (see `store::held`), on SQLite the pool.
    pub fn read_for_one_request(&self) -> ReadConn {
        let conn = self.read_conn();
        match conn.get_database_backend() {
            DbBackend::Postgres => ReadConn::Held(Arc::new(HeldConnection::new(
                conn.get_postgres_connection_pool().clone(),
                self.statements.clone(),
            ))),
            _ => ReadConn::Pool(conn.clone()),
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    /// How many SQL statements this pool has run since it opened.
    pub fn statement_count(&self) -> u64 {
        self.statements.load(Ordering::Relaxed)
    }

    /// A description for logs and start-up output, without credentials.
    pub fn describe(url: &str) -> String {
        if let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) {
            let path = rest.split('?').next().unwrap_or(rest);
            return format!("SQLite {path}");
        }
        match url.split_once("://") {
            Some((_, rest)) => {
                let host = rest.rsplit_once('@').map(|(_, host)| host).unwrap_or(rest);
                format!("PostgreSQL {}", host.split('?').next().unwrap_or(host))
            }
            None => "database".to_owned(),
        }
    }

    /// Runs every pending migration. Callers hold [`Self::exclusive_startup_lock`] so that
    /// processes starting together take turns and exactly one of them migrates.
    #[tracing::instrument(skip_all, level = "debug")]
    pub async fn migrate(&self) -> Result<(), DbErr> {
        // One connection: SeaORM runs SQLite migrations outside transactions, statement by
        // statement, and a pooled connection with an older cached schema would reject DDL that
        // another connection's change made valid ("index ... already exists").
        let mut options = ConnectOptions::new(self.url.clone());
        options.max_connections(1).min_connections(1).sqlx_logging(false);
        if self.backend() == DbBackend::Sqlite {
            options.map_sqlx_sqlite_opts(|opts| opts.busy_timeout(Duration::from_secs(10)).foreign_keys(true));
        }
        let conn = sea_orm::Database::connect(options).await?;
        let mut result = Migrator::up(&conn, None).await;
        if result.is_ok() {
            // The response cache's generation triggers (SQLite): put back any a table lost.
            let manager = migration::SchemaManager::new(&conn);
            result = migration::advance_generation_on_every_table(&manager).await;
        }
        let _ = conn.close().await;
        result
    }

    /// Holds PostgreSQL's advisory lock for start-up work (migrating, loading the sample data).
    #[tracing::instrument(skip_all, level = "debug")]
    pub async fn exclusive_startup_lock(&self) -> Result<StartupLock, DbErr> {
        if self.backend() != DbBackend::Postgres {
            return Ok(StartupLock { conn: None });
        }
        // A dedicated one-connection pool: advisory locks belong to a session, not a pool.
        let mut options = ConnectOptions::new(self.url.clone());
        options.max_connections(1).min_connections(1).sqlx_logging(false);
        let conn = sea_orm::Database::connect(options).await?;
        conn.execute_unprepared(&format!("SELECT pg_advisory_lock({STARTUP_LOCK_KEY})"))
            .await?;
        Ok(StartupLock { conn: Some(conn) })
    }

    /// Begins a write transaction. On SQLite it takes the write lock at once (`BEGIN
    /// IMMEDIATE`), waiting for another process's lock with the busy timeout: a transaction
    /// begun deferred that reads first and writes later fails at its first write, without
    /// waiting, when another connection wrote in between ("database is locked").
    #[tracing::instrument(skip_all, level = "debug")]
    pub async fn begin_write(&self) -> Result<DatabaseTransaction, DbErr> {
        use sea_orm::{SqliteTransactionMode, TransactionOptions, TransactionTrait};
        match self.backend() {
            DbBackend::Sqlite => {
                self.conn
                    .begin_with_options(TransactionOptions {
                        sqlite_transaction_mode: Some(SqliteTransactionMode::Immediate),
                        ..Default::default()
                    })
                    .await
            }
            _ => self.conn.begin().await,
        }
    }

    /// Serializes writes on SQLite; on PostgreSQL the database orders concurrent writers itself.
    pub async fn write_guard(&self) -> Option<tokio::sync::OwnedMutexGuard<()>> {
        if self.backend() == DbBackend::Sqlite {
            Some(self.write_lock.clone().lock_owned().await)
        } else {
            None
        }
    }

    /// Whether the database can serve this build: it answers, its schema has every migration
    /// this build knows, and it takes writes (not a read-only standby; on SQLite, not locked by
    /// another process). The reason when it cannot.
    #[tracing::instrument(skip_all, level = "debug")]
    pub async fn readiness(&self) -> Result<(), &'static str> {
        let pending = Migrator::get_pending_migrations(&self.conn)
            .await
            .map_err(|_| "the database does not answer, or is not migrated")?;
        if !pending.is_empty() {
            return Err("the database is missing migrations this server needs");
        }
        match self.backend() {
            DbBackend::Postgres => {
                let row = self
                    .conn
                    .query_one_raw(Statement::from_string(
                        DbBackend::Postgres,
                        "SELECT pg_is_in_recovery() AS standby",
                    ))
                    .await
                    .map_err(|_| "the database does not answer")?;
                let standby: bool = row.and_then(|row| row.try_get("", "standby").ok()).unwrap_or(true);
                if standby {
                    return Err("DATABASE_URL points at a read-only standby");
                }
                Ok(())
            }
            _ => self.sqlite_takes_writes().await,
        }
    }

    /// Whether SQLite would let this process write now. A write of this process in flight
    /// proves it; otherwise a write transaction is begun and rolled back, waiting at most a
    /// second for another process's lock.
    async fn sqlite_takes_writes(&self) -> Result<(), &'static str> {
        let Ok(_guard) = self.write_lock.clone().try_lock_owned() else {
            return Ok(());
        };
        let pool = self.conn.get_sqlite_connection_pool();
        let mut conn = pool.acquire().await.map_err(|_| "the database does not answer")?;
        use sea_orm::sqlx::Executor as _;
        let _ = conn.execute("PRAGMA busy_timeout = 1000").await;
        let began = conn.execute("BEGIN IMMEDIATE").await;
        if began.is_ok() {
            let _ = conn.execute("ROLLBACK").await;
        }
        // Back to the pool's setting (`SQLITE_BUSY_TIMEOUT`).
        let _ = conn.execute("PRAGMA busy_timeout = 10000").await;
        began
            .map(|_| ())
            .map_err(|_| "the database is locked by another process")
    }
}

/// How long a pooled connection may sit idle before it is pinged on its way out of the pool.
/// Prepared statements each PostgreSQL connection keeps (sqlx's default is 100). Look-ups by
/// lists of keys have one statement text per list length, so under varied pages every
/// connection filled its cache with them: the server's memory grew by ~40 MB over a few
/// seconds of W2 (see BENCHMARKS.md). The hot statements stay cached; the rest are prepared
/// again, which they mostly were anyway.
const POSTGRES_STATEMENT_CACHE: usize = 24;

const IDLE_BEFORE_PING: Duration = Duration::from_secs(30);

/// How long a SQLite statement waits for another connection's (or process's) lock.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(10);

const STARTUP_LOCK_KEY: i64 = 7_305_202_511;

/// Releases the start-up lock when dropped (the session closes, and PostgreSQL releases its locks).
pub struct StartupLock {
    conn: Option<DatabaseConnection>,
}

impl StartupLock {
    pub async fn release(self) {
        if let Some(conn) = self.conn {
            let _ = conn
                .execute_unprepared(&format!("SELECT pg_advisory_unlock({STARTUP_LOCK_KEY})"))
                .await;
            let _ = conn.close().await;
        }
    }
}

/// SQLite creates the file but not its directory: make `data/` on first start.
fn sqlite_url_with_directory(url: &str) -> Result<String, DbErr> {
    let Some(rest) = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")) else {
        return Ok(url.to_owned());
    };
    let path = rest.split('?').next().unwrap_or(rest);
    if path != ":memory:"
        && !path.is_empty()
        && let Some(parent) = std::path::Path::new(path)
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(parent)
            .map_err(|e| DbErr::Custom(format!("cannot create {}: {e}", parent.display())))?;
    }
    Ok(url.to_owned())
}

/// A connection that read code runs on: the pool, one PostgreSQL connection held for a whole
/// read (see `store::held`), or a transaction whose writes are still uncommitted (a dry run
/// reads back what it would write before rolling back).
#[derive(Clone)]
pub enum ReadConn {
    Pool(DatabaseConnection),
    Held(Arc<HeldConnection>),
    Transaction(Arc<DatabaseTransaction>),
}

#[async_trait::async_trait]
impl ConnectionTrait for ReadConn {
    fn get_database_backend(&self) -> DbBackend {
        match self {
            Self::Pool(conn) => ConnectionTrait::get_database_backend(conn),
            Self::Held(_) => DbBackend::Postgres,
            Self::Transaction(txn) => ConnectionTrait::get_database_backend(txn.as_ref()),
        }
    }

    async fn execute_raw(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        match self {
            Self::Pool(conn) => conn.execute_raw(stmt).await,
            Self::Held(held) => held.execute(stmt).await,
            Self::Transaction(txn) => txn.execute_raw(stmt).await,
        }
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        match self {
            Self::Pool(conn) => conn.execute_unprepared(sql).await,
            Self::Held(held) => held.execute(Statement::from_string(DbBackend::Postgres, sql)).await,
            Self::Transaction(txn) => txn.execute_unprepared(sql).await,
        }
    }

    async fn query_one_raw(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        match self {
            Self::Pool(conn) => conn.query_one_raw(stmt).await,
            Self::Held(held) => held.query_one(stmt).await,
            Self::Transaction(txn) => txn.query_one_raw(stmt).await,
        }
    }

    async fn query_all_raw(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        match self {
            Self::Pool(conn) => conn.query_all_raw(stmt).await,
            Self::Held(held) => held.query_all(stmt).await,
            Self::Transaction(txn) => txn.query_all_raw(stmt).await,
        }
    }
}

/// Rows one at a time, for reads too large to hold twice (as driver rows and as models): the
/// term report of a province with its descendants.
impl StreamTrait for ReadConn {
    type Stream<'a> = Pin<Box<dyn Stream<Item = Result<QueryResult, DbErr>> + Send + 'a>>;

    fn get_database_backend(&self) -> DbBackend {
        ConnectionTrait::get_database_backend(self)
    }

    fn stream_raw<'a>(
        &'a self,
        stmt: Statement,
    ) -> Pin<Box<dyn Future<Output = Result<Self::Stream<'a>, DbErr>> + 'a + Send>> {
        Box::pin(async move {
            let stream: Self::Stream<'a> = match self {
                Self::Pool(conn) => Box::pin(conn.stream_raw(stmt).await?),
                // A planned read holds its pages in memory anyway (it never streams).
                Self::Held(held) => Box::pin(futures::stream::iter(held.query_all(stmt).await?.into_iter().map(Ok))),
                Self::Transaction(txn) => Box::pin(txn.stream_raw(stmt).await?),
            };
            Ok(stream)
        })
    }
}

/// Every statement at debug level (`RUST_LOG=api::sql=debug`), with its time: the way to see
/// what a slow or chatty request actually ran.
fn log_statement(info: &sea_orm::metric::Info<'_>) {
    tracing::debug!(
        target: "api::sql",
        micros = info.elapsed.as_micros() as u64,
        failed = info.failed,
        sql = %info.statement.sql,
    );
}
