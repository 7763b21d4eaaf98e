//! Prometheus metrics at `/metrics`: GraphQL requests and their latency per operation (its type
//! and root field),
//! errors per code, HTTP responses per route and status, SQL statements and database pool use.

use crate::store::Database;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use sea_orm::DbBackend;
use std::sync::OnceLock;

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// Seconds: from a cached lookup to a national-scale report.
const LATENCY_BUCKETS: [f64; 12] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0];

/// Installs the process-wide recorder once (tests open several apps in one process).
fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), &LATENCY_BUCKETS)
                .ok()?;
            match builder.install_recorder() {
                Ok(handle) => Some(handle),
                Err(error) => {
                    tracing::warn!(%error, "metrics are disabled");
                    None
                }
            }
        })
        .as_ref()
}

/// Makes sure the recorder exists before the first request records anything.
pub fn init() {
    let _ = handle();
}

/// One GraphQL operation: its type and first root field (`query:organization`, or `refused`
/// when it never ran), how long it took, and its error codes. Every label value comes from the
/// schema or a fixed list, never from the client's text (an `operationName` label let 20,000
/// invented names grow `/metrics` to 52 MB).
pub fn graphql_request(operation: &str, seconds: f64, error_codes: &[&'static str]) {
    let operation = operation.to_owned();
    metrics::counter!("graphql_requests_total", "operation" => operation.clone()).increment(1);
    metrics::histogram!("graphql_request_duration_seconds", "operation" => operation).record(seconds);
    for code in error_codes {
        metrics::counter!("graphql_errors_total", "code" => *code).increment(1);
    }
}

/// One look-up in the response cache: whether it found the answer.
pub fn response_cache(hit: bool) {
    let result = if hit { "hit" } else { "miss" };
    metrics::counter!("graphql_response_cache_total", "result" => result).increment(1);
}

/// What the response cache holds now: answers, and the bytes they weigh with their questions.
pub fn response_cache_held(answers: usize, bytes: u64) {
    metrics::gauge!("graphql_response_cache_answers").set(answers as f64);
    metrics::gauge!("graphql_response_cache_bytes").set(bytes as f64);
}

/// One HTTP response: the route it matched and its status.
pub fn http_response(route: &str, status: u16, seconds: f64) {
    metrics::counter!("http_responses_total", "route" => route.to_owned(), "status" => status.to_string()).increment(1);
    metrics::histogram!("http_request_duration_seconds", "route" => route.to_owned()).record(seconds);
}

/// The exposition text, with the database gauges read now.
pub fn render(db: &Database) -> String {
    let (size, idle) = match db.backend() {
        DbBackend::Postgres => {
            let pool = db.conn.get_postgres_connection_pool();
            (pool.size(), pool.num_idle())
        }
        DbBackend::Sqlite => {
            let pool = db.conn.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => (0, 0),
    };
    metrics::gauge!("db_pool_connections", "state" => "open").set(f64::from(size));
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle as f64);
    metrics::gauge!("db_pool_connections", "state" => "in_use").set(f64::from(size).max(idle as f64) - idle as f64);
    metrics::counter!("db_statements_total").absolute(db.statement_count());
    handle().map(PrometheusHandle::render).unwrap_or_default()
}
