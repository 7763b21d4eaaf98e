//! The server state every handler takes: the database, the one GraphQL pipeline, the event bus,
//! the settings and the token checker. Built and started by [`crate::app`]; defined here, in the
//! http layer whose handlers hold it, so that no handler reaches up into the start-up code.

use crate::config::ServeConfig;
use crate::events::EventBus;
use crate::graphql::AppSchema;
use crate::graphql::pipeline::Pipeline;
use crate::store::Database;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Everything a request needs.
#[derive(Clone)]
pub struct App {
    pub db: Database,
    /// The one request pipeline every transport runs GraphQL through, with the schema.
    pub pipeline: Pipeline,
    pub events: EventBus,
    pub config: Arc<ServeConfig>,
    pub auth: Arc<crate::write::tokens::Authenticator>,
    /// Open WebSockets, which outlive the HTTP connection they were upgraded from and count
    /// against `MAX_CONNECTIONS` on their own.
    pub socket_slots: Arc<tokio::sync::Semaphore>,
    /// False until the database is migrated (and the sample data loaded): until then requests
    /// get 503 and `/readyz` says so.
    pub(crate) ready: Arc<AtomicBool>,
    /// The PostgreSQL change listener: stopped when the last clone of the app is dropped.
    pub(crate) _listener: Option<Arc<AbortOnDrop>>,
}

/// Stops a background task when dropped.
pub(crate) struct AbortOnDrop(pub(crate) tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

impl App {
    /// The GraphQL schema (every request runs on it through [`Self::pipeline`]).
    pub fn schema(&self) -> &AppSchema {
        self.pipeline.schema()
    }

    /// Whether the database is migrated and requests can be served.
    pub fn is_ready(&self) -> bool {
        self.ready.load(Ordering::Acquire)
    }
}
