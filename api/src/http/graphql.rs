//! GraphQL over HTTP: `POST /graphql` with a JSON body, `GET /graphql?query=...` for queries
//! only, and the GraphiQL page. Every error leaves with an `extensions.code`.

use crate::App;
use crate::graphql::loaders::Scope;
use crate::graphql::mutation::{Caller, RequestId};
use crate::store::ReadConn;
use async_graphql::parser::types::OperationType;
use async_graphql::{BatchRequest, BatchResponse, Request, Response, ServerError};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::IntoResponse;

const GRAPHQL_RESPONSE_JSON: &str = "application/graphql-response+json";
const APPLICATION_JSON: &str = "application/json";

/// `GET /graphql?query=...`: queries only; a mutation over GET is refused with 405.
pub async fn get(State(app): State<App>, headers: HeaderMap, RawQuery(query): RawQuery) -> axum::response::Response {
    let mut request = match async_graphql::http::parse_query_string(query.as_deref().unwrap_or_default()) {
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
    if selects_mutation(&mut request) {
        let mut response = plain_error(StatusCode::METHOD_NOT_ALLOWED, "mutations must be sent with POST");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("POST"));
        return response;
    }
    execute(&app, &headers, BatchRequest::Single(request)).await
}

/// `POST /graphql` with `application/json`: one operation, or a batch (a JSON array).
pub async fn post(State(app): State<App>, headers: HeaderMap, body: Bytes) -> axum::response::Response {
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
    execute(&app, &headers, batch).await
}

/// Runs a batch on the extension-free schema, one request after another as async-graphql does.
async fn run_batch(app: &App, batch: BatchRequest) -> BatchResponse {
    match batch {
        BatchRequest::Single(request) => BatchResponse::Single(run_one(app, request).await),
        BatchRequest::Batch(requests) => {
            let mut responses = Vec::with_capacity(requests.len());
            for request in requests {
                responses.push(run_one(app, request).await);
            }
            BatchResponse::Batch(responses)
        }
    }
}

/// Parses the document once, checks the alias and directive limits before anything runs,
/// executes, and puts the response's fields in the order the document asked for them.
async fn run_one(app: &App, mut request: Request) -> Response {
    let document = match request.parsed_query() {
        Ok(document) => {
            if let Err(error) = crate::graphql::document_limits(&app.config.limits).check(document) {
                return Response::from_errors(vec![error]);
            }
            Some(document.clone())
        }
        // Not a document: the schema reports the syntax error the way it always does.
        Err(_) => None,
    };
    let operation_name = request.operation_name.clone();
    let mut response = app.schema.execute(request).await;
    if let Some(document) = document {
        crate::graphql::order::reorder_response(&mut response, &document, operation_name.as_deref());
    }
    response
}

/// Whether the operation a request selects is a mutation (or subscription), which GET refuses.
/// The parsed document stays in the request for its execution.
fn selects_mutation(request: &mut Request) -> bool {
    let wanted = request.operation_name.clone();
    let wanted = wanted.as_deref();
    let Ok(document) = request.parsed_query() else {
        return false;
    };
    document.operations.iter().any(|(name, operation)| {
        let selected = match wanted {
            Some(wanted) => name.is_some_and(|n| n.as_str() == wanted),
            None => true,
        };
        selected && operation.node.ty != OperationType::Query
    })
}

async fn execute(app: &App, headers: &HeaderMap, batch: BatchRequest) -> axum::response::Response {
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
    let operations: Vec<String> = match &batch {
        BatchRequest::Single(request) => vec![operation_label(request)],
        BatchRequest::Batch(list) => list.iter().map(operation_label).collect(),
    };
    let started = std::time::Instant::now();
    let caller = crate::http::auth_caller(app, headers).await;
    if app.config.restrict_reads && !matches!(caller, Caller::Authenticated(_)) {
        return unauthenticated(headers, &caller);
    }
    let request_id = headers
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .unwrap_or_else(|| uuid::Uuid::new_v4().simple().to_string());
    // The organization-history shape has a compiled plan; everything else is executed.
    let mut batch = batch;
    if let BatchRequest::Single(request) = &mut batch
        && let Some(body) = app.plans.answer(&app.db, &app.config.limits, request).await
    {
        let seconds = started.elapsed().as_secs_f64();
        crate::metrics::graphql_request(&operations[0], seconds, &[]);
        tracing::info!(operation = %operations[0], seconds, errors = 0, "graphql");
        return respond_body(headers, body, &request_id);
    }
    // Queries read the replica when there is one; mutations read back from the primary.
    let scope = Scope::new(ReadConn::Pool(app.db.read_conn().clone()));
    let request_turn = std::sync::Arc::new(crate::domain::report::RequestTurn::default());
    let batch = batch
        .data(scope)
        .data(caller)
        .data(RequestId(request_id.clone()))
        .data(request_turn.clone());
    let response = with_codes(run_batch(app, batch).await, &app.config.limits);
    let seconds = started.elapsed().as_secs_f64();
    let responses: Vec<&Response> = match &response {
        BatchResponse::Single(single) => vec![single],
        BatchResponse::Batch(list) => list.iter().collect(),
    };
    for (operation, single) in operations.iter().zip(responses) {
        let codes: Vec<String> = single
            .errors
            .iter()
            .filter_map(|e| {
                e.extensions
                    .as_ref()
                    .and_then(|x| x.get("code"))
                    .map(|c| c.to_string().trim_matches('"').to_owned())
            })
            .collect();
        crate::metrics::graphql_request(operation, seconds, &codes);
        tracing::info!(operation = %operation, seconds, errors = codes.len(), "graphql");
    }
    let answer = respond(headers, response, &request_id);
    // A report's turn ends once its answer is text (see `RequestTurn`).
    drop(request_turn);
    answer
}

/// The operation name a request gives, for metrics and logs.
fn operation_label(request: &Request) -> String {
    request
        .operation_name
        .clone()
        .filter(|name| name.len() <= 100)
        .unwrap_or_else(|| "anonymous".into())
}

/// Every error carries a code: errors async-graphql raises itself (parse, validation, argument
/// coercion) are about the client's input, and its depth and complexity limits say so plainly.
fn with_codes(response: BatchResponse, limits: &crate::config::LimitsConfig) -> BatchResponse {
    let fix = |mut response: Response| {
        for error in &mut response.errors {
            add_code(error, limits);
        }
        response
    };
    match response {
        BatchResponse::Single(response) => BatchResponse::Single(fix(response)),
        BatchResponse::Batch(responses) => BatchResponse::Batch(responses.into_iter().map(fix).collect()),
    }
}

fn add_code(error: &mut ServerError, limits: &crate::config::LimitsConfig) {
    let has_code = error.extensions.as_ref().is_some_and(|e| e.get("code").is_some());
    if has_code {
        return;
    }
    let code = match error.message.as_str() {
        "Query is too complex." => {
            error.message = format!(
                "the query is too complex (the limit is {}): ask for smaller pages or fewer nested lists",
                limits.max_query_complexity
            );
            "QUERY_TOO_COMPLEX"
        }
        "Query is nested too deep." => {
            error.message = format!("the query is nested deeper than {} levels", limits.max_query_depth);
            "QUERY_TOO_COMPLEX"
        }
        _ => "BAD_USER_INPUT",
    };
    error.extensions.get_or_insert_with(Default::default).set("code", code);
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
            let _ = crate::ApiError::internal(error);
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
