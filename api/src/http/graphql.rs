//! GraphQL over HTTP: `POST /graphql` with a JSON body, `GET /graphql?query=...` for queries
//! only, and the GraphiQL page. Every error leaves with an `extensions.code`.

use crate::App;
use crate::admission::ClientKey;
use crate::graphql::mutation::Caller;
use crate::graphql::pipeline::{Answer, Call, RequestBudget, Transport};
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request, Response, ServerError};
use axum::Extension;
use axum::body::Bytes;
use axum::extract::{ConnectInfo, RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;
use std::net::{IpAddr, SocketAddr};

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const APPLICATION_JSON: &str = "application/json";

/// The query string of a GET request, spelled as GraphQL over HTTP spells it.
#[derive(serde::Deserialize)]
#[serde(rename_all = "camelCase")]
struct GetParams {
    #[serde(default)]
    query: String,
    operation_name: Option<String>,
    /// JSON text.
    variables: Option<String>,
    /// JSON text.
    extensions: Option<String>,
}

/// A GET request's parameters as a GraphQL request.
fn request_from_query_string(query: &str) -> Result<Request, String> {
    let params: GetParams = serde_urlencoded::from_str(query).map_err(|error| error.to_string())?;
    let mut request = Request::new(params.query);
    if let Some(name) = params.operation_name.filter(|name| !name.is_empty()) {
        request = request.operation_name(name);
    }
    if let Some(variables) = params.variables.filter(|v| !v.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(&variables).map_err(|error| format!("variables is not JSON: {error}"))?;
        request = request.variables(async_graphql::Variables::from_json(value));
    }
    if let Some(extensions) = params.extensions.filter(|v| !v.trim().is_empty()) {
        request.extensions =
            serde_json::from_str(&extensions).map_err(|error| format!("extensions is not JSON: {error}"))?;
    }
    Ok(request)
}

/// `GET /graphql?query=...`: queries only; a mutation over GET is refused with 405.
pub async fn get(
    State(app): State<App>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    RawQuery(query): RawQuery,
) -> axum::response::Response {
    let request = match request_from_query_string(query.as_deref().unwrap_or_default()) {
        Ok(request) => request,
        Err(error) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                &format!("cannot read the query string: {error}"),
            );
        }
    };
    if request.query.trim().is_empty() {
        return plain_error(StatusCode::BAD_REQUEST, "pass the GraphQL document as ?query=...");
    }
    if matches!(
        app.pipeline.operation_type(&request),
        Some(OperationType::Mutation | OperationType::Subscription)
    ) {
        let mut response = plain_error(StatusCode::METHOD_NOT_ALLOWED, "mutations must be sent with POST");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    let address = crate::http::client_address(&app, &headers, peer.map(|Extension(ConnectInfo(peer))| peer));
    execute(
        &app,
        &headers,
        address,
        BatchRequest::Single(request),
        Transport::HttpGet,
    )
    .await
}

/// `POST /graphql` with `application/json`: one operation, or a batch (a JSON array).
pub async fn post(
    State(app): State<App>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    body: Bytes,
) -> axum::response::Response {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let media_type = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if media_type != APPLICATION_JSON {
        return plain_error(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as Content-Type: application/json",
        );
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(error) => {
            return plain_error(
                StatusCode::BAD_REQUEST,
                &format!("the body is not a GraphQL request in JSON: {error}"),
            );
        }
    };
    let address = crate::http::client_address(&app, &headers, peer.map(|Extension(ConnectInfo(peer))| peer));
    execute(&app, &headers, address, batch, Transport::HttpPost).await
}

async fn execute(
    app: &App,
    headers: &HeaderMap,
    address: Option<IpAddr>,
    batch: BatchRequest,
    transport: Transport,
) -> axum::response::Response {
    if !app.is_ready() {
        return starting(headers);
    }
    let limit = app.config.limits.max_batch_size;
    if let BatchRequest::Batch(list) = &batch
        && (list.is_empty() || list.len() > limit)
    {
        let message = match (list.len(), limit) {
            (0, _) => "an empty batch has nothing to run".to_owned(),
            (_, 0) => "this server does not run batches: send one operation per request".to_owned(),
            (n, limit) => format!("a batch may hold at most {limit} operations, not {n}"),
        };
        let error = crate::graphql::limits::too_complex(message);
        let mut response = respond(headers, BatchResponse::Single(Response::from_errors(vec![error])), "");
        *response.status_mut() = StatusCode::BAD_REQUEST;
        return response;
    }
    let caller = crate::http::auth_caller(app, headers).await;
    if app.config.restrict_reads && !matches!(caller, Caller::Authenticated(_)) {
        return unauthenticated(headers, &caller);
    }
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    let token = match &caller {
        Caller::Authenticated(actor) => actor.token_id,
        _ => None,
    };
    let call = Call {
        caller,
        client: ClientKey::of(token, address),
        transport,
        request_id: request_id.clone(),
        budget: std::sync::Arc::new(RequestBudget::new(&app.config.limits)),
        permits: std::sync::Arc::default(),
    };
    let response = match batch {
        BatchRequest::Single(request) => match app.pipeline.answer(request, &call).await {
            Answer::Written(body) => return respond_body(headers, body, &request_id),
            Answer::Response(response) => BatchResponse::Single(response),
        },
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                responses.push(app.pipeline.execute(request, &call).await);
            }
            BatchResponse::Batch(responses)
        }
    };
    let answer = respond(headers, response, &request_id);
    // Report permits end once the answer is text (see `RequestPermits`).
    drop(call);
    answer
}

/// The media type the client accepts: a missing Accept, or */*, means application/json (GraphQL
/// over HTTP, for older clients).
fn content_type(headers: &HeaderMap) -> &'static str {
    let accept = headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if accept.contains(GRAPHQL_RESPONSE_JSON) {
        GRAPHQL_RESPONSE_JSON
    } else {
        APPLICATION_JSON
    }
}

/// Answers in the media type the client accepts: `application/graphql-response+json` (with 4xx
/// for a request that could not run) or `application/json` (always 200), per GraphQL over HTTP.
fn respond(headers: &HeaderMap, response: BatchResponse, request_id: &str) -> axum::response::Response {
    let content_type = content_type(headers);
    let wants_graphql_json = content_type == GRAPHQL_RESPONSE_JSON;
    // A request that never executed (it did not parse, validate or pass the limits) has no
    // `data` entry at all; with graphql-response+json it is a 400.
    let request_failed = match &response {
        BatchResponse::Single(single) => is_request_error(single),
        BatchResponse::Batch(_) => false,
    };
    let any_request_error = match &response {
        BatchResponse::Single(_) => request_failed,
        BatchResponse::Batch(list) => list.iter().any(is_request_error),
    };
    // Answers are serialized straight to text; only one with a `data` entry to drop goes
    // through a JSON tree (a province's report is megabytes: a second copy of it was most of
    // the server's peak memory).
    let body = if any_request_error {
        serde_json::to_value(&response).map(|mut body| {
            if let Some(object) = body.as_object_mut() {
                object.remove("data");
            }
            if let (BatchResponse::Batch(list), Some(items)) = (&response, body.as_array_mut()) {
                for (single, item) in list.iter().zip(items.iter_mut()) {
                    if is_request_error(single)
                        && let Some(object) = item.as_object_mut()
                    {
                        object.remove("data");
                    }
                }
            }
            body.to_string()
        })
    } else {
        serde_json::to_string(&response)
    };
    let body = match body {
        Ok(body) => body,
        Err(error) => {
            tracing::error!(detail = ?error, "a GraphQL response could not be written as JSON");
            return plain_error(StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    let status = if wants_graphql_json && request_failed {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let mut http_response = (status, body).into_response();
    let headers = http_response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers.insert("x-request-id", value);
    }
    http_response
}

/// A successful answer already written as JSON (a compiled plan's).
fn respond_body(headers: &HeaderMap, body: String, request_id: &str) -> axum::response::Response {
    let mut http_response = (StatusCode::OK, body).into_response();
    let headers_out = http_response.headers_mut();
    headers_out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(headers)));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        headers_out.insert("x-request-id", value);
    }
    http_response
}

/// No data and only errors without a path: the request failed before execution began.
fn is_request_error(response: &Response) -> bool {
    response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty())
}

/// The database is not migrated yet (it was down when the server started): 503, retry soon.
fn starting(headers: &HeaderMap) -> axum::response::Response {
    let mut error = ServerError::new(
        "the server is starting: its database is not ready yet; retry shortly",
        None,
    );
    error
        .extensions
        .get_or_insert_with(Default::default)
        .set("code", "INTERNAL");
    let mut response = respond(headers, BatchResponse::Single(Response::from_errors(vec![error])), "");
    *response.status_mut() = StatusCode::SERVICE_UNAVAILABLE;
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from_static("2"));
    response
}

/// Reads are restricted and the caller has no valid token: 401 with a GraphQL error.
fn unauthenticated(headers: &HeaderMap, caller: &Caller) -> axum::response::Response {
    let reason = match caller {
        Caller::Rejected(reason) => reason.clone(),
        _ => "this server requires a token for reads too: send Authorization: Bearer <token>".to_owned(),
    };
    let error: async_graphql::Error = crate::ApiError::Unauthenticated(reason).into();
    let response = Response::from_errors(vec![error.into_server_error(async_graphql::Pos::default())]);
    let mut http_response = respond(headers, BatchResponse::Single(response), "");
    *http_response.status_mut() = StatusCode::UNAUTHORIZED;
    http_response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    http_response
}

/// A plain-text error for requests that are not GraphQL requests at all.
fn plain_error(status: StatusCode, message: &str) -> axum::response::Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{message}\n"),
    )
        .into_response()
}
