//! HTTP: the router with GraphQL over HTTP, WebSocket subscriptions, the offline GraphiQL page,
//! the CSV export, health, readiness and metrics, and the layers every request passes through:
//! request ids in every log line, body and time limits, compression and CORS.

pub mod errors;
mod graphiql;
mod graphql;
mod health;
mod reports;
pub mod serve;
pub mod state;
mod websocket;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
pub use state::App;
use std::net::{IpAddr, SocketAddr};
use std::time::{Duration, Instant};
use tower_http::compression::CompressionLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

pub fn router(app: App) -> Router {
    crate::metrics::init();
    let max_body = app.config.max_body_bytes;
    let timeout = Duration::from_millis(app.config.request_timeout_ms);
    let cors = cors(&app.config.cors_allowed_origins);
    // Requests answer within the time limit; a WebSocket lives on after its upgrade, and each
    // operation on it gets the same limit from the request pipeline.
    let timed = Router::new()
        .route("/graphql", get(graphql::get).post(graphql::post))
        .route("/graphiql", get(graphiql::page))
        .route("/graphiql/assets/{name}", get(graphiql::asset))
        .route("/reports/term-indicators.csv", get(reports::term_indicators))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(metrics))
        .layer(TimeoutLayer::with_status_code(StatusCode::SERVICE_UNAVAILABLE, timeout));
    Router::new()
        .merge(timed)
        .route("/graphql/ws", get(websocket::upgrade))
        // Layers listed innermost first: each wraps everything above it.
        .layer(DefaultBodyLimit::max(max_body))
        .layer(RequestBodyLimitLayer::new(max_body))
        .layer(middleware::from_fn(record_response))
        .layer(CompressionLayer::new())
        .layer(cors)
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request| {
            let id = request
                .headers()
                .get(REQUEST_ID)
                .and_then(|v| v.to_str().ok())
                .unwrap_or_default();
            crate::telemetry::request_span(request, id)
        }))
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(app)
}

/// CORS for the configured origins; none configured means same-origin only.
fn cors(origins: &[String]) -> CorsLayer {
    let origins: Vec<&str> = origins.iter().map(|o| o.trim()).filter(|o| !o.is_empty()).collect();
    let layer = CorsLayer::new()
        .allow_methods([Method::GET, Method::POST])
        .allow_headers([header::CONTENT_TYPE, header::AUTHORIZATION, header::ACCEPT, REQUEST_ID])
        .expose_headers([REQUEST_ID])
        .max_age(Duration::from_secs(3600));
    if origins.contains(&"*") {
        return layer.allow_origin(AllowOrigin::any());
    }
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| HeaderValue::from_str(o).ok()).collect();
    layer.allow_origin(AllowOrigin::list(allowed))
}

/// Counts every response by route and status, with its latency.
async fn record_response(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".into());
    let started = Instant::now();
    let response = next.run(request).await;
    crate::metrics::http_response(&route, response.status().as_u16(), started.elapsed().as_secs_f64());
    response
}

async fn metrics(State(app): State<App>) -> Response {
    let (answers, bytes) = app.pipeline.cached_answers();
    crate::metrics::response_cache_held(answers, bytes);
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        crate::metrics::render(&app.db),
    )
        .into_response()
}

/// The client's address: the connection's peer, or behind a trusted reverse proxy
/// (`TRUST_FORWARDED_FOR`) the last address it added to `X-Forwarded-For`.
pub fn client_address(app: &App, headers: &axum::http::HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
    if app.config.trust_forwarded_for {
        let forwarded = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .filter_map(|entry| entry.trim().parse::<IpAddr>().ok())
            .next_back();
        if forwarded.is_some() {
            return forwarded;
        }
    }
    peer.map(|peer| peer.ip())
}

/// Who is calling: anonymous, or the actor behind a valid bearer token.
pub async fn auth_caller(app: &App, headers: &axum::http::HeaderMap) -> crate::graphql::mutation::Caller {
    use crate::graphql::mutation::Caller;
    let Some(value) = headers.get(axum::http::header::AUTHORIZATION) else {
        return Caller::Anonymous;
    };
    let Some(token) = value.to_str().ok().and_then(|value| {
        let (scheme, token) = value.trim().split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned())
    }) else {
        return Caller::Rejected("send the token as Authorization: Bearer <token>".into());
    };
    match app.auth.authenticate(&app.db, &token).await {
        Ok(actor) => Caller::Authenticated(actor),
        Err(reason) => Caller::Rejected(reason),
    }
}
