//! One typed configuration, from command-line flags and environment variables (flags win).

use clap::{ArgAction, Args, ValueEnum};
use std::net::SocketAddr;
use std::time::Duration;

/// Where the data lives.
#[derive(Args, Debug, Clone)]
pub struct DatabaseConfig {
    /// The database: a SQLite file (the embedded default) or `postgres://user@host/db`.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://data/congress.db?mode=rwc")]
    pub database_url: String,

    /// A PostgreSQL read replica for queries and reports (writes always go to DATABASE_URL).
    #[arg(long, env = "DATABASE_READ_URL")]
    pub database_read_url: Option<String>,

    /// Connections in the pool (default: 4 for SQLite, 16 for PostgreSQL).
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS")]
    pub database_max_connections: Option<u32>,

    /// PostgreSQL aborts any statement running longer than this many milliseconds.
    #[arg(long, env = "DATABASE_STATEMENT_TIMEOUT_MS", default_value_t = 10_000)]
    pub database_statement_timeout_ms: u64,
}

impl DatabaseConfig {
    pub fn options(&self) -> crate::store::connect::DatabaseOptions {
        crate::store::connect::DatabaseOptions {
            url: self.database_url.clone(),
            max_connections: self.database_max_connections,
            statement_timeout: (self.database_statement_timeout_ms > 0)
                .then(|| Duration::from_millis(self.database_statement_timeout_ms)),
            read_url: self.database_read_url.clone(),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogFormat {
    /// Human-readable lines.
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// How to log.
#[derive(Args, Debug, Clone)]
pub struct LogConfig {
    /// Log filter: a level (`info`, `debug`) or a full filter (`info,sqlx=warn`).
    #[arg(long, env = "LOG_LEVEL", default_value = "info")]
    pub log_level: String,

    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
}

/// The server.
#[derive(Args, Debug, Clone)]
pub struct ServeConfig {
    /// The address to listen on.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8000")]
    pub bind: SocketAddr,

    #[command(flatten)]
    pub database: DatabaseConfig,

    #[command(flatten)]
    pub log: LogConfig,

    /// Load the sample data (the seed articles) into an empty database at start.
    #[arg(long, env = "SAMPLE_DATA", default_value_t = true, action = ArgAction::Set)]
    pub sample_data: bool,

    /// Require a valid token (any role) for reads too, not only for writes.
    #[arg(long, env = "RESTRICT_READS", default_value_t = false, action = ArgAction::Set)]
    pub restrict_reads: bool,

    /// Largest request body accepted, in bytes.
    #[arg(long, env = "MAX_BODY_BYTES", default_value_t = 1_048_576)]
    pub max_body_bytes: usize,

    /// Longest a request may take, in milliseconds: an HTTP request as a whole, and each query
    /// or mutation sent over a WebSocket.
    #[arg(long, env = "REQUEST_TIMEOUT_MS", default_value_t = 30_000)]
    pub request_timeout_ms: u64,

    /// Longest a client may take to send a request's headers, in milliseconds; also how long an
    /// idle kept-alive connection stays open.
    #[arg(long, env = "HEADER_READ_TIMEOUT_MS", default_value_t = 10_000)]
    pub header_read_timeout_ms: u64,

    /// Most connections open at once; further clients wait in the listen queue.
    #[arg(long, env = "MAX_CONNECTIONS", default_value_t = 1024)]
    pub max_connections: usize,

    /// Take the client's address from the last `X-Forwarded-For` entry (set this behind a
    /// reverse proxy, which adds it): per-client limits then tell clients apart.
    #[arg(long, env = "TRUST_FORWARDED_FOR", default_value_t = false, action = ArgAction::Set)]
    pub trust_forwarded_for: bool,

    #[command(flatten)]
    pub limits: LimitsConfig,

    /// Boxed: the command line's variants stay of a similar size.
    #[command(flatten)]
    pub clients: Box<ClientsConfig>,

    /// Origins allowed to call the API from a browser (comma-separated, or * for any).
    /// Empty: same-origin only.
    #[arg(long, env = "CORS_ALLOWED_ORIGINS", value_delimiter = ',', default_value = "")]
    pub cors_allowed_origins: Vec<String>,

    /// How long to wait for requests in flight after SIGTERM before stopping anyway, in seconds.
    #[arg(long, env = "SHUTDOWN_GRACE_SECONDS", default_value_t = 30)]
    pub shutdown_grace_seconds: u64,
}

/// What one GraphQL request may ask for. Each is checked before any resolver runs.
#[derive(Args, Debug, Clone)]
pub struct LimitsConfig {
    /// Deepest field nesting allowed (GraphiQL's introspection query needs 13).
    #[arg(long, env = "MAX_QUERY_DEPTH", default_value_t = 16)]
    pub max_query_depth: usize,

    /// Highest query complexity: every field costs 1, and a list multiplies what it contains by
    /// the rows it can hold (its page size for connections). Calibrated on the pages frontends
    /// ask for: a page of 20 organizations' histories with their committees, members, resolution
    /// targets and results, in Apollo's form, weighs about 400,000; lists nested in lists nested
    /// in lists (`children { children { children } }` on a page) weigh tens of millions.
    #[arg(long, env = "MAX_QUERY_COMPLEXITY", default_value_t = 1_000_000)]
    pub max_query_complexity: usize,

    /// Most aliased fields in one document.
    #[arg(long, env = "MAX_ALIASES", default_value_t = 50)]
    pub max_aliases: usize,

    /// Most directives in one document.
    #[arg(long, env = "MAX_DIRECTIVES", default_value_t = 50)]
    pub max_directives: usize,

    /// Most operations in one batch (a JSON array); 0 refuses batches.
    #[arg(long, env = "MAX_BATCH_SIZE", default_value_t = 10)]
    pub max_batch_size: usize,

    /// Answer introspection queries (GraphiQL needs them). Off also turns field suggestions off.
    #[arg(long, env = "INTROSPECTION", default_value_t = true, action = ArgAction::Set)]
    pub introspection: bool,

    /// Term reports with descendants (GraphQL `termReport`, the CSV) built at once; more wait
    /// their turn. Rows are paged and the CSV streamed, so a report's memory is flat (four
    /// province reports at once peak under 60 MB, `bench/memory.sh`); what this bounds is the
    /// seconds of CPU and database time each takes, so that reports cannot crowd out other
    /// reads. Reports of one organization are small and never wait.
    #[arg(long, env = "MAX_CONCURRENT_REPORTS", default_value_t = 1)]
    pub max_concurrent_reports: usize,

    /// Term reports with descendants one client (token, or address) may have building at once;
    /// its others wait in a line of its own, not in everyone's.
    #[arg(long, env = "MAX_REPORTS_PER_CLIENT", default_value_t = 1)]
    pub max_reports_per_client: usize,

    /// Longest a report with descendants waits for its turn, in milliseconds, before the client
    /// is told to retry.
    #[arg(long, env = "REPORT_QUEUE_TIMEOUT_MS", default_value_t = 10_000)]
    pub report_queue_timeout_ms: u64,

    /// Most `termReport` fields one request may hold (a batch counts as one request); at most
    /// one of them may include descendants.
    #[arg(long, env = "MAX_REPORTS_PER_REQUEST", default_value_t = 10)]
    pub max_reports_per_request: usize,

    /// Largest GraphQL document (the query text), in bytes, over every transport.
    #[arg(long, env = "MAX_DOCUMENT_BYTES", default_value_t = 131_072)]
    pub max_document_bytes: usize,

    /// Answer queries with the query planner where it can (off: every query goes through the
    /// executor, the reference the planner is tested against).
    #[arg(long, env = "QUERY_PLANNER", default_value_t = true, action = ArgAction::Set)]
    pub query_planner: bool,
}

/// What clients and HTTP caches get: automatic persisted queries, the allow-list of known
/// documents, and how long GET answers may be cached.
#[derive(Args, Debug, Clone)]
pub struct ClientsConfig {
    /// Accept Apollo automatic persisted queries (`extensions.persistedQuery`): a document sent
    /// once with its SHA-256 hash, then the hash alone.
    #[arg(long, env = "PERSISTED_QUERIES", default_value_t = true, action = ArgAction::Set)]
    pub persisted_queries: bool,

    /// Most registered documents kept in the database (shared by every process on it); the ones
    /// used least recently go first.
    #[arg(long, env = "PERSISTED_QUERIES_MAX_STORED", default_value_t = 10_000)]
    pub persisted_queries_max_stored: usize,

    /// Bytes of registered documents each process keeps in memory in front of the database.
    #[arg(long, env = "PERSISTED_QUERIES_CACHE_BYTES", default_value_t = 4 * 1024 * 1024)]
    pub persisted_queries_cache_bytes: u64,

    /// A file of known documents: an Apollo persisted query manifest (`{"format":
    /// "apollo-persisted-query-manifest", "operations": [{"id", "body"}]}`) or a JSON object of
    /// SHA-256 hash to document. Clients may send these by hash without registering them.
    #[arg(long, env = "PERSISTED_QUERIES_FILE")]
    pub persisted_queries_file: Option<std::path::PathBuf>,

    /// Run only the documents of PERSISTED_QUERIES_FILE (by hash or in full); any other is refused
    /// (`PERSISTED_QUERY_NOT_IN_LIST`, `QUERY_NOT_IN_SAFELIST`) and none is registered. Admin
    /// tokens may still send any document.
    #[arg(long, env = "ONLY_KNOWN_DOCUMENTS", default_value_t = false, action = ArgAction::Set)]
    pub only_known_documents: bool,

    /// `Cache-Control: public, max-age=N` on successful anonymous GET answers, in seconds (0:
    /// `no-cache`, every use revalidated with its ETag).
    #[arg(long, env = "GET_CACHE_MAX_AGE_SECONDS", default_value_t = 5)]
    pub get_cache_max_age_seconds: u64,

    /// Bytes of planned answers each process keeps in memory and serves again while the
    /// database has not changed (every committed write, from any process, starts afresh); 0
    /// turns the response cache off.
    #[arg(long, env = "RESPONSE_CACHE_BYTES", default_value_t = 32 * 1024 * 1024)]
    pub response_cache_bytes: u64,
}

impl Default for ClientsConfig {
    fn default() -> Self {
        Self {
            persisted_queries: true,
            persisted_queries_max_stored: 10_000,
            persisted_queries_cache_bytes: 4 * 1024 * 1024,
            persisted_queries_file: None,
            only_known_documents: false,
            get_cache_max_age_seconds: 5,
            response_cache_bytes: 32 * 1024 * 1024,
        }
    }
}

impl Default for LimitsConfig {
    fn default() -> Self {
        Self {
            max_query_depth: 16,
            max_query_complexity: 1_000_000,
            max_aliases: 50,
            max_directives: 50,
            max_batch_size: 10,
            introspection: true,
            max_concurrent_reports: 1,
            max_reports_per_client: 1,
            report_queue_timeout_ms: 10_000,
            max_reports_per_request: 10,
            max_document_bytes: 131_072,
            query_planner: true,
        }
    }
}

impl ServeConfig {
    /// The defaults, pointed at a database (for tests and tools).
    pub fn for_database(database_url: &str) -> Self {
        Self {
            bind: SocketAddr::from(([127, 0, 0, 1], 0)),
            database: DatabaseConfig {
                database_url: database_url.to_owned(),
                database_read_url: None,
                database_max_connections: None,
                database_statement_timeout_ms: 10_000,
            },
            log: LogConfig {
                log_level: "warn".into(),
                log_format: LogFormat::Text,
            },
            sample_data: true,
            restrict_reads: false,
            max_body_bytes: 1_048_576,
            request_timeout_ms: 30_000,
            header_read_timeout_ms: 10_000,
            max_connections: 1024,
            trust_forwarded_for: false,
            limits: LimitsConfig::default(),
            clients: Box::default(),
            cors_allowed_origins: Vec::new(),
            shutdown_grace_seconds: 30,
        }
    }
}
