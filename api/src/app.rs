//! The application: opens the database (migrating it and loading the sample data on first
//! start), builds the schema, and serves HTTP until told to stop. The state it builds, [`App`],
//! is defined in the http layer (`http::state`), whose handlers hold it.

use crate::config::ServeConfig;
use crate::events::EventBus;
use crate::graphql;
use crate::graphql::pipeline::Pipeline;
pub use crate::http::App;
use crate::http::state::AbortOnDrop;
use crate::store::Database;
use crate::{http, seed};
use anyhow::Context as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// What start-up did to the database, for the start-up message.
#[derive(Debug, Clone, Default)]
pub struct Startup {
    pub sample_data: Option<seed::LoadReport>,
}

/// How long to wait between attempts to reach a database that is down at start-up.
const RETRY_INTERVAL: Duration = Duration::from_secs(2);

impl App {
    /// Builds the application on a lazily connecting pool: nothing touches the database yet.
    async fn build(config: ServeConfig) -> anyhow::Result<Self> {
        let db = Database::connect_lazy(&config.database.options())
            .await
            .with_context(|| format!("cannot use {}", Database::describe(&config.database.database_url)))?;
        let events = EventBus::new();
        let listener = (db.backend() == sea_orm::DbBackend::Postgres).then(|| {
            let task = tokio::spawn(crate::store::notify::listen(
                config.database.database_url.clone(),
                events.clone(),
            ));
            Arc::new(AbortOnDrop(task))
        });
        let schema = graphql::build_schema(db.clone(), events.clone(), &config.limits);
        let persisted = crate::graphql::pipeline::PersistedQueries::new(&config.clients)?;
        let pipeline = Pipeline::new(
            schema,
            db.clone(),
            config.limits.clone(),
            Duration::from_millis(config.request_timeout_ms),
            persisted,
            config.clients.response_cache_bytes,
        );
        let socket_slots = Arc::new(tokio::sync::Semaphore::new(config.max_connections.max(1)));
        Ok(Self {
            db,
            pipeline,
            events,
            config: Arc::new(config),
            auth: Arc::default(),
            socket_slots,
            ready: Arc::new(AtomicBool::new(false)),
            _listener: listener,
        })
    }

    /// Connects, migrates, loads the sample data into an empty database, and builds the schema;
    /// fails if the database cannot be prepared now (tests and tools).
    pub async fn open(config: ServeConfig) -> anyhow::Result<(Self, Startup)> {
        let app = Self::build(config).await?;
        let startup = app.prepare().await?;
        app.ready.store(true, Ordering::Release);
        Ok((app, startup))
    }

    /// For the server: answers at once, and prepares the database in the background, retrying
    /// while it is unreachable. Until it is ready, requests get 503.
    pub async fn start(config: ServeConfig) -> anyhow::Result<Self> {
        let app = Self::build(config).await?;
        let preparing = app.clone();
        tokio::spawn(async move {
            loop {
                match preparing.prepare().await {
                    Ok(startup) => {
                        preparing.ready.store(true, Ordering::Release);
                        announce_ready(&preparing, &startup);
                        break;
                    }
                    Err(error) => {
                        tracing::warn!(error = format!("{error:#}"), "the database is not ready; retrying");
                        tokio::time::sleep(RETRY_INTERVAL).await;
                    }
                }
            }
        });
        Ok(app)
    }

    /// Migrates and loads the sample data, one process at a time (PostgreSQL advisory lock).
    async fn prepare(&self) -> anyhow::Result<Startup> {
        let lock = self
            .db
            .exclusive_startup_lock()
            .await
            .context("cannot take the start-up lock")?;
        let prepared = Self::migrate_and_seed(&self.db, &self.config).await;
        lock.release().await;
        prepared
    }

    async fn migrate_and_seed(db: &Database, config: &ServeConfig) -> anyhow::Result<Startup> {
        db.migrate().await.context("cannot migrate the database")?;
        let sample_data = if config.sample_data {
            seed::load_sample_data_if_empty(db)
                .await
                .context("cannot load the sample data")?
        } else {
            None
        };
        Ok(Startup { sample_data })
    }

    pub fn router(&self) -> axum::Router {
        http::router(self.clone())
    }
}

/// Runs the server until SIGINT or SIGTERM, finishing requests in flight.
pub async fn serve(config: ServeConfig) -> anyhow::Result<()> {
    let telemetry = crate::telemetry::init(&config.log.log_level, config.log.log_format);
    let bind = config.bind;
    let app = App::start(config).await?;
    let listener = tokio::net::TcpListener::bind(bind)
        .await
        .with_context(|| format!("cannot listen on {bind}"))?;
    let address = listener.local_addr()?;
    println!("congress-api {}", env!("CARGO_PKG_VERSION"));
    println!("  database:  {}", Database::describe(&app.config.database.database_url));
    println!("  listening: http://{address}/graphql");
    println!("  GraphiQL:  http://{address}/graphiql");
    if telemetry.exporting() {
        println!("  traces:    OpenTelemetry, OTLP/HTTP (OTEL_EXPORTER_OTLP_ENDPOINT)");
    }
    tracing::info!(%address, "listening");
    let limits = http::serve::ConnectionLimits {
        header_read_timeout: Duration::from_millis(app.config.header_read_timeout_ms),
        max_connections: app.config.max_connections,
        grace: Duration::from_secs(app.config.shutdown_grace_seconds),
    };
    let stopping = async {
        shutdown_signal().await;
        tracing::info!("stopping: finishing requests in flight");
    };
    // Requests in flight get the grace period to finish; after it the process stops anyway.
    if http::serve::serve(listener, app.router(), limits, stopping).await == http::serve::Stopped::GraceExpired {
        tracing::warn!(
            seconds = limits.grace.as_secs(),
            "stopped with requests still in flight after the grace period"
        );
    }
    tracing::info!("stopped");
    telemetry.shutdown();
    Ok(())
}

/// Says what start-up did, once the database is ready.
fn announce_ready(app: &App, startup: &Startup) {
    println!("  database ready: migrated");
    if let Some(report) = &startup.sample_data {
        println!(
            "  sample data: loaded {} records from {} files ({} warnings, see dataQualityIssues)",
            report.steps,
            report.files,
            report.warnings.len()
        );
    }
    tracing::info!(database = %Database::describe(&app.config.database.database_url), "database ready");
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
