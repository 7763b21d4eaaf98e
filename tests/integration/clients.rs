//! What clients and HTTP caches rely on: automatic persisted queries (Apollo's protocol, as
//! Apollo Client's persisted-queries link and urql's persisted exchange speak it) over POST, GET
//! and WebSocket and across processes, the allow-list of known documents, and cacheable GET
//! answers (ETag, 304, Cache-Control, Vary).

use crate::common::{TestApp, error_codes};
use api::graphql::pipeline::hash_of;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tower::ServiceExt;

const QUERY: &str = r#"query Ward($s: String) { organizations(search: $s, first: 1) { nodes { name } } }"#;

fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn persisted(hash: &str) -> Value {
    json!({ "persistedQuery": { "version": 1, "sha256Hash": hash } })
}

/// A POST as Apollo Client sends it: the hash, and the document only when asked for it.
fn post(body: Value) -> Request<Body> {
    Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept", "application/graphql-response+json, application/json;q=0.9")
        .body(Body::from(body.to_string()))
        .expect("request")
}

/// A GET as urql and Apollo Client send a hashed query: no document, the hash in `extensions`.
fn get_hashed(hash: &str, variables: &Value) -> Request<Body> {
    let uri = format!(
        "/graphql?operationName=Ward&variables={}&extensions={}",
        encode(&variables.to_string()),
        encode(&persisted(hash).to_string())
    );
    Request::get(uri).body(Body::empty()).expect("request")
}

fn get(query: &str) -> Request<Body> {
    Request::get(format!("/graphql?query={}", encode(query)))
        .body(Body::empty())
        .expect("request")
}

fn json_of(body: &[u8]) -> Value {
    serde_json::from_slice(body).unwrap_or_else(|_| panic!("JSON: {}", String::from_utf8_lossy(body)))
}

async fn send_to(app: &api::App, request: Request<Body>) -> (StatusCode, Value) {
    let response = app.router().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("body")
        .to_bytes();
    (status, json_of(&body))
}

#[tokio::test]
async fn an_unknown_hash_is_asked_for_then_the_hash_alone_works_over_post_get_and_another_process() {
    let app = TestApp::spawn().await;
    let hash = hash_of(QUERY);
    let variables = json!({ "s": "Sài Đồng" });
    // 1. The hash alone: unknown, the client is told to send the document (200, as clients expect).
    let (status, _, body) = app
        .send(post(json!({ "extensions": persisted(&hash), "variables": variables })))
        .await;
    let body = json_of(&body);
    assert_eq!(status, StatusCode::OK, "{body:#}");
    assert_eq!(error_codes(&body), ["PERSISTED_QUERY_NOT_FOUND"]);
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotFound");
    // Not even over GET does the unknown hash run anything.
    let (status, headers, body) = app.send(get_hashed(&hash, &variables)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(error_codes(&json_of(&body)), ["PERSISTED_QUERY_NOT_FOUND"]);
    assert_eq!(headers[header::CACHE_CONTROL], "no-store", "a miss is never cached");
    // 2. The document with its hash: it runs, and is registered.
    let (_, _, body) = app
        .send(post(
            json!({ "query": QUERY, "extensions": persisted(&hash), "variables": variables }),
        ))
        .await;
    let expected = json!({ "organizations": { "nodes": [ { "name": "Đảng bộ phường Sài Đồng" } ] } });
    assert_eq!(json_of(&body)["data"], expected);
    // 3. The hash alone now runs the document, over POST and GET.
    let (_, _, body) = app
        .send(post(json!({ "extensions": persisted(&hash), "variables": variables })))
        .await;
    assert_eq!(json_of(&body)["data"], expected);
    let (status, _, body) = app.send(get_hashed(&hash, &variables)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(json_of(&body)["data"], expected);
    // 4. Another process on the same database knows it too (it was stored, not only remembered).
    let other = app.second_process().await;
    let (status, body) = send_to(&other, get_hashed(&hash, &variables)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["data"], expected, "{body:#}");
}

#[tokio::test]
async fn a_hash_that_is_not_the_documents_is_refused_clearly() {
    let app = TestApp::spawn().await;
    let wrong = hash_of("{ __typename }");
    let (_, _, body) = app
        .send(post(json!({ "query": QUERY, "extensions": persisted(&wrong) })))
        .await;
    let body = json_of(&body);
    assert_eq!(error_codes(&body), ["BAD_USER_INPUT"]);
    let message = body["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(&hash_of(QUERY)) && message.contains(&wrong),
        "{message}"
    );
    // Nothing was registered under the wrong hash.
    let (_, _, body) = app.send(post(json!({ "extensions": persisted(&wrong) }))).await;
    assert_eq!(error_codes(&json_of(&body)), ["PERSISTED_QUERY_NOT_FOUND"]);
    // A malformed extension is an input error too.
    let (_, _, body) = app
        .send(post(
            json!({ "extensions": { "persistedQuery": { "version": 2, "sha256Hash": "x" } } }),
        ))
        .await;
    assert_eq!(error_codes(&json_of(&body)), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn the_shared_store_keeps_the_documents_used_last_and_no_more() {
    let app = TestApp::spawn_with(|config| config.clients.persisted_queries_max_stored = 2).await;
    for n in 0..4 {
        let query = format!("query Q{n} {{ __typename }}");
        let (_, _, body) = app
            .send(post(
                json!({ "query": query, "extensions": persisted(&hash_of(&query)) }),
            ))
            .await;
        assert!(json_of(&body).get("errors").is_none());
    }
    let stored = api::store::persisted::count(&app.app.db.conn).await.expect("count");
    assert_eq!(stored, 2, "the table is bounded");
    // This process still remembers every one (its memory is bounded by bytes, not by the table).
    assert_eq!(app.app.pipeline.cached_persisted_queries().0, 4);
}

#[tokio::test]
async fn a_persisted_query_runs_over_websocket_too() {
    let app = TestApp::spawn().await;
    let hash = hash_of(QUERY);
    let variables = json!({ "s": "Sài Đồng" });
    app.send(post(
        json!({ "query": QUERY, "extensions": persisted(&hash), "variables": variables }),
    ))
    .await;
    let address = app.serve().await;
    let mut request = format!("ws://{address}/graphql/ws")
        .into_client_request()
        .expect("a request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().expect("a header"),
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("connect");
    let init = json!({ "type": "connection_init", "payload": {} });
    socket.send(Message::text(init.to_string())).await.expect("send");
    let _ack = socket.next().await;
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "", "variables": variables, "extensions": persisted(&hash) } });
    socket.send(Message::text(subscribe.to_string())).await.expect("send");
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
        .await
        .expect("an answer within 10 s")
        .expect("open")
        .expect("a message");
    let message: Value = serde_json::from_str(&message.into_text().expect("text")).expect("JSON");
    assert_eq!(message["type"], "next", "{message:#}");
    assert_eq!(
        message["payload"]["data"]["organizations"]["nodes"][0]["name"],
        "Đảng bộ phường Sài Đồng"
    );
}

#[tokio::test]
async fn only_known_documents_run_when_the_allow_list_is_in_force() {
    let known = "query Known { organizations(first: 1) { totalCount } }";
    let dir = tempfile::tempdir().expect("a directory");
    let file = dir.path().join("manifest.json");
    let manifest = json!({ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [
        { "id": hash_of(known), "body": known, "name": "Known", "type": "query" } ] });
    std::fs::write(&file, manifest.to_string()).expect("write the manifest");
    let app = TestApp::spawn_with(|config| {
        config.clients.persisted_queries_file = Some(file.clone());
        config.clients.only_known_documents = true;
    })
    .await;
    // The known document runs by its hash without ever being sent, and in full.
    let (_, _, body) = app
        .send(post(json!({ "extensions": persisted(&hash_of(known)) })))
        .await;
    assert!(json_of(&body)["data"]["organizations"]["totalCount"].is_number());
    let (_, _, body) = app.send(post(json!({ "query": known }))).await;
    assert!(json_of(&body)["data"]["organizations"]["totalCount"].is_number());
    // An unknown hash is not "send the document": it is refused.
    let other = "{ __typename }";
    let (_, _, body) = app
        .send(post(json!({ "extensions": persisted(&hash_of(other)) })))
        .await;
    assert_eq!(error_codes(&json_of(&body)), ["PERSISTED_QUERY_NOT_IN_LIST"]);
    // Any other document is refused, with or without its hash, and is not registered.
    let (_, _, body) = app
        .send(post(
            json!({ "query": other, "extensions": persisted(&hash_of(other)) }),
        ))
        .await;
    assert_eq!(error_codes(&json_of(&body)), ["QUERY_NOT_IN_SAFELIST"]);
    let (_, _, body) = app.send(get(other)).await;
    assert_eq!(error_codes(&json_of(&body)), ["QUERY_NOT_IN_SAFELIST"]);
    // An admin token may still send any document (operators use GraphiQL).
    let admin = app.admin().await;
    let answer = app.graphql_as(Some(&admin), other, json!({})).await;
    assert_eq!(answer["data"]["__typename"], "Query", "{answer:#}");
}

#[tokio::test]
async fn a_get_answer_is_cacheable_and_revalidates_with_its_etag() {
    let app = TestApp::spawn().await;
    let query = "{ organizations(search: \"Sài Đồng\") { nodes { name } } }";
    let (status, headers, body) = app.send(get(query)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=5", "short by default");
    let vary = headers[header::VARY].to_str().unwrap_or_default();
    for varied in ["Accept", "Accept-Language", "Authorization"] {
        assert!(vary.contains(varied), "{vary}");
    }
    let tag = headers[header::ETAG].to_str().expect("an ETag").to_owned();
    assert!(tag.starts_with('"') && tag.ends_with('"'), "{tag}");
    // The same answer has the same tag; the client that holds it gets 304 and no body.
    let (_, again, _) = app.send(get(query)).await;
    assert_eq!(again[header::ETAG], tag.as_str());
    let revalidate = Request::get(format!("/graphql?query={}", encode(query)))
        .header(
            header::IF_NONE_MATCH,
            // A weak form of the tag matches too (If-None-Match compares weakly).
            format!("\"other\", W/{tag}"),
        )
        .body(Body::empty())
        .expect("request");
    let (status, headers, body304) = app.send(revalidate).await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert!(body304.is_empty());
    assert_eq!(headers[header::ETAG], tag.as_str());
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=5");
    // A different answer has a different tag, and an old tag gets the whole answer.
    let other = "{ organizations(search: \"Cự Khối\") { nodes { name } } }";
    let stale = Request::get(format!("/graphql?query={}", encode(other)))
        .header(header::IF_NONE_MATCH, tag.as_str())
        .body(Body::empty())
        .expect("request");
    let (status, headers, other_body) = app.send(stale).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(headers[header::ETAG], tag.as_str());
    assert_ne!(other_body, body);
}

#[tokio::test]
async fn without_persisted_queries_clients_are_told_to_stop_sending_hashes() {
    let app = TestApp::spawn_with(|config| config.clients.persisted_queries = false).await;
    let (_, _, body) = app
        .send(post(json!({ "extensions": persisted(&hash_of(QUERY)) })))
        .await;
    let body = json_of(&body);
    assert_eq!(error_codes(&body), ["PERSISTED_QUERY_NOT_SUPPORTED"]);
    assert_eq!(body["errors"][0]["message"], "PersistedQueryNotSupported");
}

#[tokio::test]
async fn errors_token_scoped_answers_and_posts_are_never_cached() {
    let app = TestApp::spawn_with(|config| config.clients.get_cache_max_age_seconds = 60).await;
    let (_, headers, _) = app.send(get("{ __typename }")).await;
    assert_eq!(headers[header::CACHE_CONTROL], "public, max-age=60", "configurable");
    // An error answer.
    let (_, headers, body) = app.send(get("{ noSuchField }")).await;
    assert!(!error_codes(&json_of(&body)).is_empty());
    assert_eq!(headers[header::CACHE_CONTROL], "no-store");
    assert!(headers.get(header::ETAG).is_none());
    // An answer to a request with a token.
    let token = app.admin().await;
    let with_token = Request::get(format!("/graphql?query={}", encode("{ __typename }")))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .body(Body::empty())
        .expect("request");
    let (status, headers, _) = app.send(with_token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers[header::CACHE_CONTROL], "private, no-store");
    assert!(headers.get(header::ETAG).is_none());
    // POST answers (mutations among them) carry no caching headers.
    let (_, headers, _) = app.send(post(json!({ "query": "{ __typename }" }))).await;
    assert!(headers.get(header::ETAG).is_none());
    assert!(headers.get(header::CACHE_CONTROL).is_none());
}

/// POSTs as a Vietnamese frontend does (or with any `Accept-Language`).
async fn post_in(app: &TestApp, language: Option<&str>, token: Option<&str>, query: &str, variables: Value) -> Value {
    let mut builder = Request::post("/graphql").header("content-type", "application/json");
    if let Some(language) = language {
        builder = builder.header(header::ACCEPT_LANGUAGE, language);
    }
    if let Some(token) = token {
        builder = builder.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    let (_, _, body) = app.send(builder.body(Body::from(body)).expect("request")).await;
    json_of(&body)
}

const CREATE: &str =
    r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }"#;

#[tokio::test]
async fn messages_are_in_vietnamese_when_the_request_asks_with_the_same_codes_rules_and_paths() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let input = json!({ "input": { "name": "Chi bộ 1", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS",
        "foundedOn": "1920-01-01" } });
    let english = post_in(&app, None, Some(&token), CREATE, input.clone()).await;
    let vietnamese = post_in(&app, Some("vi-VN,vi;q=0.9,en;q=0.8"), Some(&token), CREATE, input).await;
    assert_eq!(error_codes(&english), ["BAD_USER_INPUT"], "{english:#}");
    assert_eq!(error_codes(&vietnamese), ["BAD_USER_INPUT"]);
    let (en, vi) = (&english["errors"][0], &vietnamese["errors"][0]);
    let en_message = en["message"].as_str().unwrap_or_default();
    let vi_message = vi["message"].as_str().unwrap_or_default();
    assert!(en_message.starts_with("the input is invalid: "), "{en_message}");
    assert!(vi_message.starts_with("dữ liệu nhập không hợp lệ: "), "{vi_message}");
    assert!(vi_message.contains("1920-01-01"), "values are kept: {vi_message}");
    let en_issues = en["extensions"]["issues"].as_array().expect("issues");
    let vi_issues = vi["extensions"]["issues"].as_array().expect("issues");
    assert_eq!(en_issues.len(), vi_issues.len());
    for (en_issue, vi_issue) in en_issues.iter().zip(vi_issues) {
        assert_eq!(en_issue["rule"], vi_issue["rule"]);
        assert_eq!(en_issue["path"], vi_issue["path"]);
        assert_ne!(en_issue["message"], vi_issue["message"], "{vi_issue:#}");
    }
    assert!(
        vi_issues.iter().any(|issue| issue["message"]
            .as_str()
            .unwrap_or_default()
            .contains("năm thành lập Đảng")),
        "{vi_issues:#?}"
    );
    // English stays the default, and a preference for English wins over a lower vi.
    let preferred = post_in(
        &app,
        Some("en-US,en;q=0.9,vi;q=0.5"),
        Some(&token),
        CREATE,
        json!({ "input": {
        "name": "Chi bộ 1", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS", "foundedOn": "1920-01-01" } }),
    )
    .await;
    assert_eq!(preferred["errors"][0]["message"], en["message"]);
}

#[tokio::test]
async fn every_kind_of_refusal_speaks_vietnamese() {
    let app = TestApp::spawn().await;
    // Writes without a token.
    let answer = post_in(
        &app,
        Some("vi"),
        None,
        CREATE,
        json!({ "input": {
        "name": "Chi bộ 1", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS" } }),
    )
    .await;
    assert_eq!(error_codes(&answer), ["UNAUTHENTICATED"]);
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("thao tác ghi cần token"),
        "{answer:#}"
    );
    // A limit of the pipeline.
    let answer = post_in(
        &app,
        Some("vi"),
        None,
        "{ organizations(first: 1000) { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"]);
    assert!(
        answer["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("first tối đa là 100"),
        "{answer:#}"
    );
    // The GraphQL library's own validation: introduced in Vietnamese, its detail kept.
    let answer = post_in(&app, Some("vi"), None, "{ noSuchField }", json!({})).await;
    assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"]);
    let message = answer["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("Yêu cầu GraphQL không hợp lệ") && message.contains("noSuchField"),
        "{message}"
    );
    // The persisted-query protocol's message is what clients compare: never translated.
    let miss = json!({ "extensions": persisted(&hash_of("{ __typename }")) }).to_string();
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header(header::ACCEPT_LANGUAGE, "vi")
        .body(Body::from(miss))
        .expect("request");
    let (_, _, body) = app.send(request).await;
    assert_eq!(json_of(&body)["errors"][0]["message"], "PersistedQueryNotFound");
    // A request that is not GraphQL at all.
    let request = Request::get("/graphql")
        .header(header::ACCEPT_LANGUAGE, "vi")
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(
        String::from_utf8_lossy(&body),
        "hãy truyền văn bản GraphQL dưới dạng ?query=...\n"
    );
}

#[tokio::test]
async fn a_websocket_opened_with_accept_language_vi_gets_vietnamese_messages() {
    let app = TestApp::spawn().await;
    let address = app.serve().await;
    let mut request = format!("ws://{address}/graphql/ws")
        .into_client_request()
        .expect("a request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().expect("a header"),
    );
    request
        .headers_mut()
        .insert("Accept-Language", "vi".parse().expect("a header"));
    let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("connect");
    let init = json!({ "type": "connection_init", "payload": {} });
    socket.send(Message::text(init.to_string())).await.expect("send");
    let _ack = socket.next().await;
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": {
        "query": "{ organizations(first: 1000) { totalCount } }" } });
    socket.send(Message::text(subscribe.to_string())).await.expect("send");
    let message = tokio::time::timeout(std::time::Duration::from_secs(10), socket.next())
        .await
        .expect("an answer within 10 s")
        .expect("open")
        .expect("a message");
    let message: Value = serde_json::from_str(&message.into_text().expect("text")).expect("JSON");
    let errors = match message["type"].as_str() {
        Some("error") => message["payload"].clone(),
        _ => message["payload"]["errors"].clone(),
    };
    assert_eq!(errors[0]["extensions"]["code"], "BAD_USER_INPUT", "{message:#}");
    assert!(
        errors[0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("first tối đa là 100"),
        "{message:#}"
    );
}
