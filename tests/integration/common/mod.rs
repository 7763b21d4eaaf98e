//! Test support: the real application on a fresh database, talked to over HTTP in process.
//!
//! `TEST_DATABASE_URL` picks the database: unset (or a `sqlite:` URL) uses SQLite files;
//! `postgres://...` uses a fresh PostgreSQL database per test, cloned from a template that was
//! migrated and loaded with the sample data once per test run (one test binary).

#![allow(dead_code)] // Not every helper is used under every database.

use api::App;
use api::config::ServeConfig;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::ConnectionTrait;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicUsize, Ordering};
use tower::ServiceExt;

static NEXT_DATABASE: AtomicUsize = AtomicUsize::new(0);

/// The template, prepared once per test run (one test binary): a SQLite file or a PostgreSQL database name.
static TEMPLATE: tokio::sync::OnceCell<Template> = tokio::sync::OnceCell::const_new();

enum Template {
    Sqlite {
        _dir: tempfile::TempDir,
        path: std::path::PathBuf,
    },
    Postgres {
        server: String,
        name: String,
    },
}

fn test_database_url() -> Option<String> {
    std::env::var("TEST_DATABASE_URL")
        .ok()
        .filter(|url| !url.trim().is_empty())
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// `postgres://user@host:port/db?x` -> (`postgres://user@host:port`, `?x`)
fn split_postgres(url: &str) -> (String, String) {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (url, String::new()),
    };
    let server = match base.rsplit_once('/') {
        Some((server, _db)) if server.contains("://") && server.len() > "postgres://".len() => server.to_owned(),
        _ => base.to_owned(),
    };
    (server, query)
}

async fn admin_connection(server: &str, query: &str) -> sea_orm::DatabaseConnection {
    sea_orm::Database::connect(format!("{server}/postgres{query}"))
        .await
        .expect("connect to the PostgreSQL server")
}

async fn template() -> &'static Template {
    TEMPLATE
        .get_or_init(|| async {
            match test_database_url().filter(|url| is_postgres(url)) {
                Some(url) => {
                    let (server, query) = split_postgres(&url);
                    let admin = admin_connection(&server, &query).await;
                    drop_stale_databases(&admin).await;
                    let name = format!("ct_{}_tpl", std::process::id());
                    admin
                        .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                        .await
                        .expect("drop template");
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE {name}"))
                        .await
                        .expect("create template");
                    let (app, _) = App::open(ServeConfig::for_database(&format!("{server}/{name}{query}")))
                        .await
                        .expect("migrate and load the sample data into the template");
                    app.db.conn.close().await.expect("close the template");
                    admin.close().await.ok();
                    Template::Postgres {
                        server: format!("{server}\u{0}{query}"),
                        name,
                    }
                }
                None => {
                    let dir = tempfile::tempdir().expect("temporary directory");
                    let path = dir.path().join("template.db");
                    let (app, _) = App::open(ServeConfig::for_database(&sqlite_url(&path)))
                        .await
                        .expect("migrate and load the sample data into the template");
                    app.db
                        .conn
                        .execute_unprepared("PRAGMA wal_checkpoint(TRUNCATE)")
                        .await
                        .expect("checkpoint");
                    app.db.conn.close().await.expect("close the template");
                    Template::Sqlite { _dir: dir, path }
                }
            }
        })
        .await
}

/// Databases left by test processes that are gone (their names carry the process id).
async fn drop_stale_databases(admin: &sea_orm::DatabaseConnection) {
    let rows = admin
        .query_all_raw(sea_orm::Statement::from_string(
            sea_orm::DbBackend::Postgres,
            "SELECT datname FROM pg_database WHERE datname LIKE 'ct\\_%'",
        ))
        .await
        .unwrap_or_default();
    for row in rows {
        let Ok(name) = row.try_get::<String>("", "datname") else {
            continue;
        };
        let pid = name.split('_').nth(1).and_then(|pid| pid.parse::<u32>().ok());
        let alive = pid.is_some_and(|pid| std::path::Path::new(&format!("/proc/{pid}")).exists());
        if !alive {
            let _ = admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                .await;
        }
    }
}

fn sqlite_url(path: &std::path::Path) -> String {
    format!("sqlite://{}?mode=rwc", path.display())
}

/// A database of one test: a copy of the template (migrated, with the sample data) or an empty
/// one, not yet opened.
struct FreshDatabase {
    url: String,
    sqlite_dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String, String)>,
}

impl FreshDatabase {
    async fn new(sample_data: bool) -> Self {
        let number = NEXT_DATABASE.fetch_add(1, Ordering::Relaxed);
        let (database_url, sqlite_dir, postgres) = match template().await {
            Template::Sqlite { path, .. } => {
                let dir = tempfile::tempdir().expect("temporary directory");
                let copy = dir.path().join("test.db");
                if sample_data {
                    std::fs::copy(path, &copy).expect("copy the template database");
                }
                (sqlite_url(&copy), Some(dir), None)
            }
            Template::Postgres { server, name } => {
                let (server, query) = server.split_once('\u{0}').unwrap_or((server.as_str(), ""));
                let admin = admin_connection(server, query).await;
                let database = format!("ct_{}_{number}", std::process::id());
                admin
                    .execute_unprepared(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
                    .await
                    .expect("drop");
                if sample_data {
                    // Sessions left on the template (a change listener winding down) would block the copy.
                    admin
                        .execute_unprepared(&format!(
                            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{name}' AND pid <> pg_backend_pid()"
                        ))
                        .await
                        .expect("end sessions on the template");
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE {database} TEMPLATE {name}"))
                        .await
                        .expect("clone the template database");
                } else {
                    admin
                        .execute_unprepared(&format!("CREATE DATABASE {database}"))
                        .await
                        .expect("create an empty database");
                }
                admin.close().await.ok();
                (
                    format!("{server}/{database}{query}"),
                    None,
                    Some((server.to_owned(), query.to_owned(), database)),
                )
            }
        };
        Self {
            url: database_url,
            sqlite_dir,
            postgres,
        }
    }

    /// The test application on this database.
    fn with(self, app: App) -> TestApp {
        TestApp {
            app,
            database_url: self.url,
            _sqlite_dir: self.sqlite_dir,
            postgres: self.postgres,
        }
    }
}

/// The application on its own fresh copy of the sample data.
pub struct TestApp {
    pub app: App,
    pub database_url: String,
    _sqlite_dir: Option<tempfile::TempDir>,
    postgres: Option<(String, String, String)>,
}

impl TestApp {
    /// A fresh database holding the sample data.
    pub async fn spawn() -> Self {
        Self::spawn_with(|_| {}).await
    }

    /// A fresh database holding the sample data, for tests that count the planner's SQL
    /// statements: the response cache is off (it adds one statement per query, the database's
    /// generation, and answers a question asked again with that one alone).
    pub async fn spawn_counting_statements() -> Self {
        Self::spawn_with(|config| config.clients.response_cache_bytes = 0).await
    }

    /// A fresh database holding the sample data, with the configuration adjusted.
    pub async fn spawn_with(adjust: impl FnOnce(&mut ServeConfig)) -> Self {
        let database = FreshDatabase::new(true).await;
        let mut config = ServeConfig::for_database(&database.url);
        adjust(&mut config);
        let (app, _) = App::open(config).await.expect("open the application");
        database.with(app)
    }

    /// A fresh database holding a dataset of the synthetic generator (`congress-api generate`)
    /// instead of the sample data: thousands of records whose shapes the sample data lacks (a
    /// target with results for several spans, committees of dozens of members). The response
    /// cache is off, as in [`spawn_counting_statements`](Self::spawn_counting_statements).
    pub async fn spawn_generated(scale: f64, seed: u64) -> Self {
        let database = FreshDatabase::new(false).await;
        let mut config = ServeConfig::for_database(&database.url);
        config.sample_data = false;
        config.clients.response_cache_bytes = 0;
        let (app, _) = App::open(config).await.expect("open an empty database");
        generate::generate(&app.db, &generate::GenerateOptions { scale, seed }, &|_, _, _| {})
            .await
            .expect("generate a dataset");
        database.with(app)
    }

    /// A second server process on the same database (as a replica would be).
    pub async fn second_process(&self) -> App {
        let (app, _) = App::open(ServeConfig::for_database(&self.database_url))
            .await
            .expect("open a second process");
        app
    }

    /// Serves the application on a free local port, for clients that need a real socket.
    pub async fn serve(&self) -> std::net::SocketAddr {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        let router = self.app.router();
        let limits = api::http::serve::ConnectionLimits {
            header_read_timeout: std::time::Duration::from_millis(self.app.config.header_read_timeout_ms),
            max_connections: self.app.config.max_connections,
            grace: std::time::Duration::from_secs(1),
        };
        tokio::spawn(api::http::serve::serve(
            listener,
            router,
            limits,
            std::future::pending(),
        ));
        address
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }

    /// Sends an HTTP request to the application and returns the status and body.
    pub async fn send(&self, request: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self.app.router().oneshot(request).await.expect("the router answers");
        let status = response.status();
        let headers = response.headers().clone();
        let body = response
            .into_body()
            .collect()
            .await
            .expect("read the body")
            .to_bytes()
            .to_vec();
        (status, headers, body)
    }

    /// POSTs a GraphQL request (as `application/json`) and returns the JSON response.
    pub async fn graphql(&self, query: &str, variables: Value) -> Value {
        self.graphql_as(None, query, variables).await
    }

    /// POSTs a GraphQL request with a bearer token.
    pub async fn graphql_as(&self, token: Option<&str>, query: &str, variables: Value) -> Value {
        let mut builder = Request::post("/graphql")
            .header("content-type", "application/json")
            .header("accept", "application/json");
        if let Some(token) = token {
            builder = builder.header("authorization", format!("Bearer {token}"));
        }
        let body = json!({ "query": query, "variables": variables }).to_string();
        let (_, _, body) = self.send(builder.body(Body::from(body)).expect("request")).await;
        serde_json::from_slice(&body).expect("a JSON response")
    }

    /// The `data` of a response that must have no errors.
    pub async fn query(&self, query: &str, variables: Value) -> Value {
        let response = self.graphql(query, variables).await;
        assert!(response.get("errors").is_none(), "unexpected errors: {response:#}");
        response["data"].clone()
    }

    /// The ID of the organization whose name matches `search` best.
    pub async fn organization_id(&self, search: &str) -> String {
        let data = self
            .query(
                "query($s: String) { organizations(search: $s, first: 1) { nodes { id } } }",
                json!({ "s": search }),
            )
            .await;
        data["organizations"]["nodes"][0]["id"]
            .as_str()
            .unwrap_or_else(|| panic!("no organization matches {search}"))
            .to_owned()
    }

    /// Writes records through the domain write path, as the sample data is loaded: `steps` is the
    /// `steps` array of a data file (`{ "op", "key", "input" }`, IDs as `"@key"`).
    pub async fn load(&self, steps: Value) -> api::seed::LoadReport {
        let file = json!({ "steps": steps }).to_string();
        let name = format!("test-{}.json", NEXT_DATABASE.fetch_add(1, Ordering::Relaxed));
        api::seed::load_files(&self.app.db, &api::write::Actor::system("test"), vec![(name, file)])
            .await
            .expect("the test data loads")
    }

    /// A new API token's secret.
    pub async fn token(&self, role: entity::enums::Role, organization: Option<&str>) -> String {
        let organization_id = organization.map(decode_id);
        api::write::tokens::issue(&self.app.db, "test", role, organization_id)
            .await
            .expect("issue a token")
            .secret
    }

    /// An admin token's secret.
    pub async fn admin(&self) -> String {
        self.token(entity::enums::Role::Admin, None).await
    }

    /// Rows in a table, counted directly in the database.
    pub async fn count_rows(&self, table: &str) -> i64 {
        let row = self
            .app
            .db
            .conn
            .query_one_raw(sea_orm::Statement::from_string(
                self.app.db.conn.get_database_backend(),
                format!("SELECT COUNT(*) AS n FROM {table}"),
            ))
            .await
            .expect("count")
            .expect("a row");
        row.try_get::<i64>("", "n").expect("a count")
    }

    /// SQL statements the application's pool has run so far.
    pub fn statements(&self) -> u64 {
        self.app.db.statement_count()
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some((server, query, database)) = self.postgres.take() {
            // Drop the database from a thread of its own: Drop cannot await.
            let _ = std::thread::spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
                    return;
                };
                runtime.block_on(async move {
                    if let Ok(admin) = sea_orm::Database::connect(format!("{server}/postgres{query}")).await {
                        let _ = admin
                            .execute_unprepared(&format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))
                            .await;
                        let _ = admin.close().await;
                    }
                });
            })
            .join();
        }
    }
}

/// The database key behind an API ID.
pub fn decode_id(id: &str) -> i64 {
    api::graphql::ids::decode(id).map(|(_, key)| key).expect("an API ID")
}

/// The codes of a response's errors.
pub fn error_codes(response: &Value) -> Vec<String> {
    response["errors"]
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["extensions"]["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}
