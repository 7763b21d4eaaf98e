//! `/healthz` (the process answers) and `/readyz` (the database can serve this build: it answers,
//! is migrated, and takes writes).

use crate::App;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(app): State<App>) -> (StatusCode, String) {
    if !app.is_ready() {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "starting: the database is being prepared\n".to_owned(),
        );
    }
    // A probe must answer in time even when the database hangs.
    match tokio::time::timeout(std::time::Duration::from_secs(3), app.db.readiness()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready\n".to_owned()),
        Ok(Err(reason)) => (StatusCode::SERVICE_UNAVAILABLE, format!("{reason}\n")),
        Err(_) => (
            StatusCode::SERVICE_UNAVAILABLE,
            "the database did not answer within 3 s\n".to_owned(),
        ),
    }
}
