//! GraphQL over HTTP: `POST /graphql` with a JSON body, `GET /graphql?query=...` for queries
//! only, and the GraphiQL page. Every error leaves with an `extensions.code`.
//!
//! GET answers are for HTTP caches: a successful answer to a request without a token carries an
//! `ETag` (of its body), `Cache-Control: public, max-age=N` and `Vary`, and `If-None-Match` with
//! that tag gets 304 without a body; an error, or a request with a token, is `no-store`.

use crate::App;
use crate::admission::ClientKey;
use crate::graphql::mutation::Caller;
use crate::graphql::pipeline::{Answer, Call, RequestBudget, Transport};
use crate::i18n::Language;
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
                &headers,
                StatusCode::BAD_REQUEST,
                &format!("cannot read the query string: {error}"),
            );
        }
    };
    if request.query.trim().is_empty() && !request.extensions.contains_key("persistedQuery") {
        return plain_error(
            &headers,
            StatusCode::BAD_REQUEST,
            "pass the GraphQL document as ?query=...",
        );
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
            &headers,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "send the request as Content-Type: application/json",
        );
    }
    let batch: BatchRequest = match serde_json::from_slice(&body) {
        Ok(batch) => batch,
        Err(error) => {
            return plain_error(
                &headers,
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
        let mut refusal = Response::from_errors(vec![error]);
        crate::i18n::localize(&mut refusal, Language::of(headers));
        let mut response = respond(headers, BatchResponse::Single(refusal), "", Cache::None);
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
        language: Language::of(headers),
    };
    let cache = match transport {
        Transport::HttpGet => Cache::Get {
            max_age: app.config.clients.get_cache_max_age_seconds,
            shared: !headers.contains_key(header::AUTHORIZATION) && !app.config.restrict_reads,
        },
        _ => Cache::None,
    };
    let mut batch = batch;
    if let (Transport::HttpGet, BatchRequest::Single(request)) = (transport, &mut batch) {
        // A persisted query's document is known once its hash is looked up; only then can GET
        // tell a query from a mutation.
        if let Err(error) = app.pipeline.resolve(request, &call.caller).await {
            let response = app.pipeline.refused(error, call.language);
            return respond(headers, BatchResponse::Single(response), &request_id, cache);
        }
        if matches!(
            app.pipeline.operation_type(request),
            Some(OperationType::Mutation | OperationType::Subscription)
        ) {
            let mut response = plain_error(
                headers,
                StatusCode::METHOD_NOT_ALLOWED,
                "mutations must be sent with POST",
            );
            response
                .headers_mut()
                .insert(header::ALLOW, HeaderValue::from_static("POST"));
            return response;
        }
    }
    let response = match batch {
        BatchRequest::Single(request) => match app.pipeline.answer(request, &call).await {
            Answer::Written(body) => return respond_body(headers, body, &request_id, cache),
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
    let answer = respond(headers, response, &request_id, cache);
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
fn respond(headers: &HeaderMap, response: BatchResponse, request_id: &str, cache: Cache) -> axum::response::Response {
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
            return plain_error(headers, StatusCode::INTERNAL_SERVER_ERROR, "internal error");
        }
    };
    // Apollo Client and urql read "send the document" best from a 200.
    let status = if wants_graphql_json && request_failed && !asks_for_document(&response) {
        StatusCode::BAD_REQUEST
    } else {
        StatusCode::OK
    };
    let succeeded = match &response {
        BatchResponse::Single(single) => single.errors.is_empty(),
        BatchResponse::Batch(list) => list.iter().all(|single| single.errors.is_empty()),
    };
    send(headers, status, body, request_id, cache, succeeded)
}

/// A successful answer already written as JSON (a compiled plan's).
fn respond_body(headers: &HeaderMap, body: String, request_id: &str, cache: Cache) -> axum::response::Response {
    send(headers, StatusCode::OK, body, request_id, cache, true)
}

/// Whether an answer is the persisted-query protocol's "send the document".
fn asks_for_document(response: &BatchResponse) -> bool {
    let BatchResponse::Single(single) = response else {
        return false;
    };
    single.errors.iter().any(|error| {
        error
            .extensions
            .as_ref()
            .and_then(|extensions| extensions.get("code"))
            .is_some_and(
                |code| matches!(code, async_graphql::Value::String(code) if code == "PERSISTED_QUERY_NOT_FOUND"),
            )
    })
}

/// How an answer may be cached.
#[derive(Debug, Clone, Copy)]
enum Cache {
    /// POST: not cacheable by HTTP caches, nothing said.
    None,
    /// GET: cacheable by shared caches when `shared` (no token) and successful.
    Get { max_age: u64, shared: bool },
}

/// What every HTTP client varies an answer by: its media type, its language, its token.
const VARY: &str = "Accept, Accept-Language, Authorization";

/// Writes an answer with its headers; a cacheable GET answer gets its ETag, and 304 when the
/// client already holds it.
fn send(
    headers: &HeaderMap,
    status: StatusCode,
    body: String,
    request_id: &str,
    cache: Cache,
    succeeded: bool,
) -> axum::response::Response {
    let mut caching: Vec<(header::HeaderName, HeaderValue)> = Vec::new();
    if let Cache::Get { max_age, shared } = cache {
        caching.push((header::VARY, HeaderValue::from_static(VARY)));
        if !shared {
            caching.push((header::CACHE_CONTROL, HeaderValue::from_static("private, no-store")));
        } else if !succeeded || status != StatusCode::OK {
            caching.push((header::CACHE_CONTROL, HeaderValue::from_static("no-store")));
        } else {
            let directive = match max_age {
                0 => "public, no-cache".to_owned(),
                seconds => format!("public, max-age={seconds}"),
            };
            let tag = entity_tag(&body);
            if let Ok(value) = HeaderValue::from_str(&directive) {
                caching.push((header::CACHE_CONTROL, value));
            }
            if let Ok(value) = HeaderValue::from_str(&tag) {
                caching.push((header::ETAG, value));
            }
            if if_none_match(headers, &tag) {
                let mut not_modified = StatusCode::NOT_MODIFIED.into_response();
                let out = not_modified.headers_mut();
                for (name, value) in caching {
                    out.insert(name, value);
                }
                if let Ok(value) = HeaderValue::from_str(request_id) {
                    out.insert("x-request-id", value);
                }
                return not_modified;
            }
        }
    }
    let mut http_response = (status, body).into_response();
    let out = http_response.headers_mut();
    out.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(headers)));
    if let Ok(value) = HeaderValue::from_str(request_id) {
        out.insert("x-request-id", value);
    }
    for (name, value) in caching {
        out.insert(name, value);
    }
    http_response
}

/// The entity tag of an answer's body: the first 128 bits of its SHA-256, in hex. The
/// compression layer sends the same tag with the gzip-encoded answer; caches store each encoding
/// apart (it adds `Vary: Accept-Encoding`), and GraphQL answers are never fetched by range.
fn entity_tag(body: &str) -> String {
    use sha2::Digest as _;
    let digest = sha2::Sha256::digest(body.as_bytes());
    format!("\"{}\"", hex::encode(&digest[..16]))
}

/// Whether `If-None-Match` names `tag` (or is `*`), by weak comparison as RFC 9110 has it.
fn if_none_match(headers: &HeaderMap, tag: &str) -> bool {
    let opaque = tag.trim_start_matches("W/");
    headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == opaque)
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
    let mut starting = Response::from_errors(vec![error]);
    crate::i18n::localize(&mut starting, Language::of(headers));
    let mut response = respond(headers, BatchResponse::Single(starting), "", Cache::None);
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
    // About the request, not a place in the document: no `locations`.
    let mut error = error.into_server_error(async_graphql::Pos::default());
    error.locations.clear();
    let mut response = Response::from_errors(vec![error]);
    crate::i18n::localize(&mut response, Language::of(headers));
    let mut http_response = respond(headers, BatchResponse::Single(response), "", Cache::None);
    *http_response.status_mut() = StatusCode::UNAUTHORIZED;
    http_response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    http_response
}

/// A plain-text error for requests that are not GraphQL requests at all.
fn plain_error(headers: &HeaderMap, status: StatusCode, message: &str) -> axum::response::Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{}\n", Language::of(headers).message(message)),
    )
        .into_response()
}
