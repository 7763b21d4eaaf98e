//! GraphQL over HTTP: POST and GET, media types, status codes, health and readiness.

use crate::common::{TestApp, error_codes};
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

fn encode(query: &str) -> String {
    query
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn a_query_can_be_sent_with_get() {
    let app = TestApp::spawn().await;
    let uri = format!(
        "/graphql?query={}",
        encode("{ organizations(search: \"Sài Đồng\") { nodes { name } } }")
    );
    let (status, headers, body) = app.send(get(&uri)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        headers[header::CONTENT_TYPE],
        "application/json",
        "no Accept header means application/json"
    );
    let body: Value = serde_json::from_slice(&body).unwrap_or_default();
    assert_eq!(
        body["data"]["organizations"]["nodes"][0]["name"],
        "Đảng bộ phường Sài Đồng"
    );
}

#[tokio::test]
async fn a_mutation_over_get_is_refused_with_405() {
    let app = TestApp::spawn().await;
    let mutation = r#"mutation { createOrganization(input: { name: "X", kind: PARTY_CELL, level: BELOW_GRASSROOTS }) { organization { id } } }"#;
    let (status, headers, _) = app.send(get(&format!("/graphql?query={}", encode(mutation)))).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(headers[header::ALLOW], "POST");
}

#[tokio::test]
async fn a_body_that_is_not_json_is_refused_with_a_4xx() {
    let app = TestApp::spawn().await;
    let wrong_type = Request::post("/graphql")
        .header("content-type", "text/plain")
        .body(Body::from("{ __typename }"))
        .expect("request");
    assert_eq!(app.send(wrong_type).await.0, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let broken = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from("{ not json"))
        .expect("request");
    assert_eq!(app.send(broken).await.0, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn an_invalid_query_is_400_for_graphql_response_json_and_200_for_application_json() {
    let app = TestApp::spawn().await;
    for (accept, expected_status, expected_type) in [
        (
            "application/graphql-response+json",
            StatusCode::BAD_REQUEST,
            "application/graphql-response+json",
        ),
        ("application/json", StatusCode::OK, "application/json"),
    ] {
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .header("accept", accept)
            .body(Body::from(json!({ "query": "{ noSuchField }" }).to_string()))
            .expect("request");
        let (status, headers, body) = app.send(request).await;
        assert_eq!(status, expected_status, "accept {accept}");
        assert_eq!(headers[header::CONTENT_TYPE], expected_type);
        let body: Value = serde_json::from_slice(&body).unwrap_or_default();
        assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
        assert!(body.get("data").is_none(), "a request that never ran has no data entry");
    }
}

#[tokio::test]
async fn a_write_without_a_token_is_unauthenticated() {
    let app = TestApp::spawn().await;
    let response = app
        .graphql(r#"mutation { createOrganization(input: { name: "Chi bộ mới", kind: PARTY_CELL, level: BELOW_GRASSROOTS }) { organization { id } } }"#, json!({}))
        .await;
    assert_eq!(error_codes(&response), ["UNAUTHENTICATED"]);
    let data = app
        .query(r#"{ organizations(search: "Chi bộ mới") { totalCount } }"#, json!({}))
        .await;
    assert_eq!(data["organizations"]["totalCount"], 0);
}

#[tokio::test]
async fn health_readiness_and_graphiql_answer() {
    let app = TestApp::spawn().await;
    assert_eq!(app.send(get("/healthz")).await.0, StatusCode::OK);
    assert_eq!(app.send(get("/readyz")).await.0, StatusCode::OK);
    let (status, headers, body) = app.send(get("/graphiql")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap_or_default()
            .starts_with("text/html")
    );
    assert!(String::from_utf8_lossy(&body).contains("/graphql"));
}

#[tokio::test]
async fn fields_come_back_in_the_order_they_were_asked_for() {
    let app = TestApp::spawn().await;
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(json!({ "query": "{ b: organizations(first: 1) { totalCount nodes { name congresses { term } id } } a: people(first: 1) { nodes { fullName } } }" }).to_string()))
        .expect("request");
    let (_, _, body) = app.send(request).await;
    let text = String::from_utf8_lossy(&body);
    let positions: Vec<usize> = [
        "\"b\"",
        "\"totalCount\"",
        "\"name\"",
        "\"congresses\"",
        "\"id\"",
        "\"a\"",
    ]
    .iter()
    .map(|key| text.find(key).unwrap_or(usize::MAX))
    .collect();
    let mut sorted = positions.clone();
    sorted.sort();
    assert_eq!(positions, sorted, "{text}");
}

#[tokio::test]
async fn queries_read_the_replica_and_writes_go_to_the_primary() {
    // A replica that cannot be reached shows where each kind of request goes.
    let app = TestApp::spawn_with(|config| {
        config.database.database_read_url = Some("postgres://postgres@127.0.0.1:1/unreachable".into());
    })
    .await;
    let query = app.graphql("{ organizations { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&query), ["INTERNAL"], "queries read the replica");
    let token = app.admin().await;
    let write = app
        .graphql_as(
            Some(&token),
            r#"mutation { createOrganization(input: { name: "Chi bộ Thôn Mới", kind: PARTY_CELL, level: BELOW_GRASSROOTS }) { organization { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        write["data"]["createOrganization"]["organization"]["name"], "Chi bộ Thôn Mới",
        "{write:#}"
    );
}

fn keys(value: &Value) -> Vec<&str> {
    value
        .as_object()
        .map(|map| map.keys().map(String::as_str).collect())
        .unwrap_or_default()
}

#[tokio::test]
async fn fragments_and_aliases_keep_the_query_s_field_order() {
    let app = TestApp::spawn().await;
    // Sibling fields resolve concurrently (`totalCount` and `congresses` hit the database,
    // `name` does not); the response must still follow the query, fragments included.
    let data = app
        .query(
            "{ organizations(first: 2) { totalCount nodes { congresses { term ordinal } ...F name id } } }
             fragment F on Organization { kind n: name }",
            json!({}),
        )
        .await;
    assert_eq!(keys(&data["organizations"]), ["totalCount", "nodes"]);
    let first = &data["organizations"]["nodes"][0];
    assert_eq!(keys(first), ["congresses", "kind", "n", "name", "id"]);
    assert_eq!(keys(&first["congresses"][0]), ["term", "ordinal"]);

    let data = app
        .query(
            "{ organizations(first: 2) { nodes { id name congresses { ordinal term } } totalCount } }",
            json!({}),
        )
        .await;
    assert_eq!(keys(&data["organizations"]), ["nodes", "totalCount"]);
    let first = &data["organizations"]["nodes"][0];
    assert_eq!(keys(first), ["id", "name", "congresses"]);
    assert_eq!(keys(&first["congresses"][0]), ["ordinal", "term"]);
}
