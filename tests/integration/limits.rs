//! Hostile and oversized requests are refused before any resolver runs, with a clear error:
//! deep nesting, costly nesting of lists, alias bombs, directive floods, fragment cycles, big
//! batches, big bodies. Introspection and suggestions can be switched off.

use crate::common::{TestApp, error_codes};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

/// Sends a query and also returns how many SQL statements it cost.
async fn costed(app: &TestApp, query: &str) -> (Value, u64) {
    let before = app.statements();
    let response = app.graphql(query, json!({})).await;
    (response, app.statements() - before)
}

#[tokio::test]
async fn a_query_nested_too_deep_is_refused_before_touching_the_database() {
    let app = TestApp::spawn().await;
    let mut query = "name".to_owned();
    for _ in 0..20 {
        query = format!("parent {{ {query} }}");
    }
    let (response, statements) = costed(
        &app,
        &format!("{{ organizations(first: 1) {{ nodes {{ {query} }} }} }}"),
    )
    .await;
    assert_eq!(error_codes(&response), ["QUERY_TOO_COMPLEX"], "{response:#}");
    assert_eq!(statements, 0);
}

#[tokio::test]
async fn a_page_of_twenty_organization_histories_with_their_targets_fits_the_default_budget() {
    let app = TestApp::spawn().await;
    let query = r#"fragment Person on Person { __typename id fullName }
        fragment Member on Membership { __typename id position startedOn endedOn person { ...Person } }
        fragment Result on TargetResult { __typename id year achieved planned reportedPercent computedPercent status }
        fragment Target on Target { __typename id ordinal text comparator minValue maxValue unit results { ...Result } }
        fragment Congress on Congress { __typename id ordinalRoman term openedOn closedOn
            committees { __typename id kind seatCount members { ...Member } }
            resolution { __typename id title targets { ...Target } } }
        query Page { organizations(first: 20) { totalCount pageInfo { hasNextPage endCursor }
            edges { cursor node { __typename id name kind level parent { __typename id name } congresses { ...Congress } } } } }"#;
    let answer = app.graphql(query, json!({})).await;
    assert!(answer.get("errors").is_none(), "{answer:#}");
    let total = answer["data"]["organizations"]["totalCount"].as_u64().unwrap_or(0) as usize;
    let edges = answer["data"]["organizations"]["edges"].as_array().map_or(0, Vec::len);
    assert_eq!(edges, total.min(20));
}

#[tokio::test]
async fn nested_lists_weigh_by_the_rows_they_can_return() {
    let app = TestApp::spawn().await;
    let query = "{ organizations(first: 100) { nodes { children { children { children { name } } } } } }";
    let (response, statements) = costed(&app, query).await;
    assert_eq!(error_codes(&response), ["QUERY_TOO_COMPLEX"]);
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("complex"))
    );
    assert_eq!(statements, 0);
    // The same shape on a small page is fine.
    let fine = app
        .graphql("{ organizations(first: 2) { nodes { children { name } } } }", json!({}))
        .await;
    assert!(fine.get("errors").is_none(), "{fine:#}");
}

#[tokio::test]
async fn an_alias_bomb_and_a_directive_flood_are_refused() {
    let app = TestApp::spawn().await;
    let aliases: String = (0..60).map(|i| format!("a{i}: __typename ")).collect();
    let (response, _) = costed(&app, &format!("{{ {aliases} }}")).await;
    assert_eq!(error_codes(&response), ["QUERY_TOO_COMPLEX"], "{response:#}");
    let directives: String = (0..60).map(|_| "@include(if: true) ").collect();
    let (response, _) = costed(&app, &format!("{{ __typename {directives} }}")).await;
    assert_eq!(error_codes(&response), ["QUERY_TOO_COMPLEX"], "{response:#}");
}

#[tokio::test]
async fn a_fragment_cycle_is_a_validation_error() {
    let app = TestApp::spawn().await;
    let query = "{ organizations { nodes { ...A } } } fragment A on Organization { parent { ...B } } fragment B on Organization { parent { ...A } }";
    let (response, statements) = costed(&app, query).await;
    assert_eq!(
        error_codes(&response).first().map(String::as_str),
        Some("BAD_USER_INPUT"),
        "{response:#}"
    );
    assert_eq!(statements, 0);
}

async fn post_raw(app: &TestApp, body: String) -> (StatusCode, Value) {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

#[tokio::test]
async fn batches_run_up_to_the_limit_and_larger_ones_are_refused() {
    let app = TestApp::spawn().await;
    let batch: Vec<Value> = (0..2)
        .map(|_| json!({ "query": "{ organizations { totalCount } }" }))
        .collect();
    let (status, body) = post_raw(&app, json!(batch).to_string()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body.as_array().map(Vec::len), Some(2));
    assert_eq!(body[1]["data"]["organizations"]["totalCount"], 13);
    let batch: Vec<Value> = (0..11)
        .map(|_| json!({ "query": "{ organizations { totalCount } }" }))
        .collect();
    let (status, body) = post_raw(&app, json!(batch).to_string()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error_codes(&body), ["QUERY_TOO_COMPLEX"]);
}

#[tokio::test]
async fn a_body_over_the_limit_is_413() {
    let app = TestApp::spawn_with(|config| config.max_body_bytes = 10_000).await;
    let padding = " ".repeat(20_000);
    let (status, _) = post_raw(&app, format!(r#"{{"query": "{{ __typename {padding} }}"}}"#)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn huge_variables_and_lists_are_refused_with_an_error_not_a_crash() {
    let app = TestApp::spawn().await;
    let ids: Vec<String> = (1..=500)
        .map(|i| api::graphql::ids::encode(api::graphql::ids::NodeType::Person, i).0)
        .collect();
    let response = app
        .graphql("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", json!({ "ids": ids }))
        .await;
    let codes = error_codes(&response);
    assert!(
        codes == ["BAD_USER_INPUT"] || codes == ["QUERY_TOO_COMPLEX"],
        "{response:#}"
    );
    let long_search = "x".repeat(100_000);
    let response = app
        .graphql(
            "query($s: String) { organizations(search: $s) { totalCount } }",
            json!({ "s": long_search }),
        )
        .await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response:#}");
}

/// The introspection query GraphiQL and most clients send.
const INTROSPECTION: &str = r#"
query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}"#;

#[tokio::test]
async fn graphiql_s_introspection_query_passes_the_default_limits() {
    let app = TestApp::spawn().await;
    let response = app.graphql(INTROSPECTION, json!({})).await;
    assert!(response.get("errors").is_none(), "{}", response["errors"]);
    assert_eq!(response["data"]["__schema"]["subscriptionType"]["name"], "Subscription");
}

#[tokio::test]
async fn with_introspection_off_the_schema_and_suggestions_stay_hidden() {
    let app = TestApp::spawn_with(|config| config.limits.introspection = false).await;
    let response = app.graphql("{ __schema { types { name } } }", json!({})).await;
    assert!(
        response.get("errors").is_some() || response["data"]["__schema"].is_null(),
        "{response:#}"
    );
    let response = app.graphql("{ organisations { totalCount } }", json!({})).await;
    let message = response["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(!message.contains("Did you mean"), "{message}");
    let fine = app.graphql("{ organizations { totalCount } }", json!({})).await;
    assert_eq!(fine["data"]["organizations"]["totalCount"], 13);
}

#[tokio::test]
async fn metrics_count_operations_and_every_response_has_a_request_id() {
    let app = TestApp::spawn().await;
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({ "query": "query HistoryPage { organizations { totalCount } }", "operationName": "HistoryPage" })
                .to_string(),
        ))
        .expect("request");
    let (_, headers, _) = app.send(request).await;
    assert!(headers.get("x-request-id").is_some_and(|id| id.len() >= 32));
    let (status, _, body) = app
        .send(Request::get("/metrics").body(Body::empty()).expect("request"))
        .await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8_lossy(&body);
    assert!(
        text.contains(r#"graphql_requests_total{operation="query:organizations"}"#),
        "{text}"
    );
    assert!(
        !text.contains("HistoryPage"),
        "a client's operation name never becomes a label"
    );
    assert!(text.contains("graphql_request_duration_seconds_bucket"));
    assert!(text.contains("db_pool_connections"));
    assert!(text.contains("db_statements_total"));
    let sent = Request::get("/healthz")
        .header("x-request-id", "abc-123")
        .body(Body::empty())
        .expect("request");
    assert_eq!(
        app.send(sent).await.1["x-request-id"],
        "abc-123",
        "a client's request id is kept"
    );
}

#[tokio::test]
async fn responses_are_compressed_for_clients_that_accept_it() {
    let app = TestApp::spawn().await;
    let request = Request::get("/graphiql/assets/graphiql-3.8.3.min.js")
        .header(header::ACCEPT_ENCODING, "gzip")
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
    assert!(body.len() < 1_500_000, "{} bytes", body.len());
}

#[tokio::test]
async fn cors_lets_configured_origins_in_and_no_others() {
    let app = TestApp::spawn_with(|config| config.cors_allowed_origins = vec!["https://records.example".into()]).await;
    let preflight = |origin: &'static str| {
        Request::builder()
            .method("OPTIONS")
            .uri("/graphql")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type,authorization")
            .body(Body::empty())
            .expect("request")
    };
    let (_, headers, _) = app.send(preflight("https://records.example")).await;
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://records.example");
    let (_, headers, _) = app.send(preflight("https://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}
