//! Subscriptions over WebSocket at `/graphql/ws`, in the graphql-transport-ws protocol (and the
//! older subscriptions-transport-ws). The token, when reads are restricted, comes in the
//! `connection_init` payload as `{ "Authorization": "Bearer <token>" }` (or `{ "token": ... }`).
//!
//! Every operation a connection starts runs through the same request pipeline as HTTP (see
//! `graphql::pipeline`): the same document limits and time limit. A message may be no larger
//! than an HTTP body (`MAX_BODY_BYTES`), a browser may connect only from an allowed origin (as
//! CORS allows for HTTP), and open sockets count against `MAX_CONNECTIONS`.

use crate::App;
use crate::admission::ClientKey;
use crate::graphql::mutation::Caller;
use crate::graphql::pipeline::socket::{SocketExecutor, SocketSession};
use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::Extension;
use axum::extract::{ConnectInfo, State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::sync::Arc;

/// The bearer token in a `connection_init` payload, in the forms common clients send.
fn token_from(payload: &serde_json::Value) -> Option<String> {
    let header = ["Authorization", "authorization"]
        .iter()
        .find_map(|key| payload.get(key).and_then(|v| v.as_str()))
        .or_else(|| {
            payload
                .get("headers")
                .and_then(|h| h.get("Authorization").or_else(|| h.get("authorization")))
                .and_then(|v| v.as_str())
        });
    match header {
        Some(value) => Some(value.trim().strip_prefix("Bearer ").unwrap_or(value).trim().to_owned()),
        None => payload.get("token").and_then(|v| v.as_str()).map(str::to_owned),
    }
}

/// Whether a browser page of `Origin` may open a socket: the configured CORS origins, or the
/// server's own origin. Clients that are not browsers send no `Origin` and are not concerned.
fn origin_allowed(app: &App, headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) else {
        return true;
    };
    let configured = &app.config.cors_allowed_origins;
    if configured.iter().any(|allowed| {
        let allowed = allowed.trim();
        allowed == "*" || allowed.eq_ignore_ascii_case(origin)
    }) {
        return true;
    }
    // Same origin: the page was served by this host.
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let origin_host = origin.split_once("://").map(|(_, rest)| rest).unwrap_or(origin);
    !host.is_empty() && origin_host.eq_ignore_ascii_case(host)
}

pub async fn upgrade(
    State(app): State<App>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    protocol: GraphQLProtocol,
    upgrade: WebSocketUpgrade,
) -> Response {
    let language = crate::i18n::Language::of(&headers);
    if !origin_allowed(&app, &headers) {
        return (
            StatusCode::FORBIDDEN,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!(
                "{}\n",
                language.message("this origin may not open a WebSocket here (see CORS_ALLOWED_ORIGINS)")
            ),
        )
            .into_response();
    }
    let Ok(slot) = app.socket_slots.clone().try_acquire_owned() else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            [(header::RETRY_AFTER, HeaderValue::from_static("5"))],
            format!("{}\n", language.message("too many open connections; retry shortly")),
        )
            .into_response();
    };
    let address = crate::http::client_address(&app, &headers, peer.map(|Extension(ConnectInfo(peer))| peer));
    let anonymous_client = ClientKey::of(None, address);
    let max_message = app.config.max_body_bytes;
    upgrade
        .max_message_size(max_message)
        .max_frame_size(max_message)
        .protocols(ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| async move {
            let executor = SocketExecutor::new(app.pipeline.clone(), anonymous_client.clone(), language);
            GraphQLWebSocket::new(socket, executor, protocol)
                .on_connection_init(move |payload| async move {
                    let caller = match token_from(&payload) {
                        None => Caller::Anonymous,
                        Some(token) => {
                            let mut headers = HeaderMap::new();
                            let value = HeaderValue::from_str(&format!("Bearer {token}"))
                                .map_err(|_| async_graphql::Error::new("the token is malformed"))?;
                            headers.insert(header::AUTHORIZATION, value);
                            crate::http::auth_caller(&app, &headers).await
                        }
                    };
                    if app.config.restrict_reads && !matches!(caller, Caller::Authenticated(_)) {
                        return Err(async_graphql::Error::new(
                            "this server requires a token: send { \"Authorization\": \"Bearer <token>\" } in connection_init",
                        ));
                    }
                    let client = match &caller {
                        Caller::Authenticated(actor) => match actor.token_id {
                            Some(token) => ClientKey::Token(token),
                            None => anonymous_client.clone(),
                        },
                        _ => anonymous_client.clone(),
                    };
                    let mut data = Data::default();
                    data.insert(Arc::new(SocketSession::new(caller, client)));
                    Ok(data)
                })
                .serve()
                .await;
            // The socket counted against the open connections until now.
            drop(slot);
        })
}
