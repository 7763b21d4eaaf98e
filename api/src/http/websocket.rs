//! Subscriptions over WebSocket at `/graphql/ws`, in the graphql-transport-ws protocol (and the
//! older subscriptions-transport-ws). The token, when reads are restricted, comes in the
//! `connection_init` payload as `{ "Authorization": "Bearer <token>" }` (or `{ "token": ... }`).

use crate::App;
use crate::graphql::mutation::Caller;
use async_graphql::Data;
use async_graphql::http::ALL_WEBSOCKET_PROTOCOLS;
use async_graphql_axum::{GraphQLProtocol, GraphQLWebSocket};
use axum::extract::{State, WebSocketUpgrade};
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::Response;

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

pub async fn upgrade(State(app): State<App>, protocol: GraphQLProtocol, upgrade: WebSocketUpgrade) -> Response {
    upgrade.protocols(ALL_WEBSOCKET_PROTOCOLS).on_upgrade(move |socket| {
        let schema = app.socket_schema.clone();
        GraphQLWebSocket::new(socket, schema, protocol)
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
                    return Err(async_graphql::Error::new("this server requires a token: send { \"Authorization\": \"Bearer <token>\" } in connection_init"));
                }
                let mut data = Data::default();
                data.insert(caller);
                Ok(data)
            })
            .serve()
    })
}
