//! `/healthz` (the process answers) and `/readyz` (the database answers too).

use crate::App;
use axum::extract::State;
use axum::http::StatusCode;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(app): State<App>) -> (StatusCode, &'static str) {
    if app.is_ready() && app.db.is_ready().await {
        (StatusCode::OK, "ready")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
    }
}
