//! Subscriptions: a frontend kept up to date as admins write, in process, over a real WebSocket
//! in the graphql-transport-ws protocol, and (on PostgreSQL) across two server processes.

use crate::common::TestApp;
use futures::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;

const SUBMIT: &str =
    r#"mutation($input: CongressResultInput!) { submitCongressResult(input: $input) { congress { id } } }"#;

fn congress(organization_id: &str, ordinal: i64, start: i64) -> Value {
    json!({ "input": {
        "organizationId": organization_id, "ordinal": ordinal, "termStartYear": start, "termEndYear": start + 5,
        "openedOn": format!("{start}-06-10"), "committees": [
            { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 3,
              "members": [ { "fullName": "Lê Văn Bình", "position": "SECRETARY" } ] } ] } })
}

/// Starts a subscription in the background (subscribing happens when the stream is first polled)
/// and hands its events over a channel.
async fn subscribe(
    schema: &api::graphql::AppSchema,
    request: async_graphql::Request,
) -> tokio::sync::mpsc::UnboundedReceiver<async_graphql::Response> {
    let (sender, receiver) = tokio::sync::mpsc::unbounded_channel();
    let mut stream = Box::pin(schema.execute_stream(request));
    tokio::spawn(async move {
        while let Some(item) = stream.next().await {
            if sender.send(item).is_err() {
                break;
            }
        }
    });
    // Let the subscription register (and a listener on another process connect).
    tokio::time::sleep(Duration::from_millis(500)).await;
    receiver
}

async fn received(receiver: &mut tokio::sync::mpsc::UnboundedReceiver<async_graphql::Response>) -> Value {
    let response = tokio::time::timeout(Duration::from_secs(10), receiver.recv())
        .await
        .expect("an event within 10 s")
        .expect("the stream is open");
    response.data.into_json().expect("JSON")
}

/// The next item of a stream, or a failure after a few seconds.
async fn next<S: futures::Stream + Unpin>(stream: &mut S) -> S::Item {
    tokio::time::timeout(Duration::from_secs(10), stream.next())
        .await
        .expect("an event within 10 s")
        .expect("the stream is open")
}

#[tokio::test]
async fn a_subscriber_under_a_district_sees_its_wards_congresses_and_nothing_else() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let long_bien = app.organization_id("Long Biên").await;
    let request = async_graphql::Request::new(
        "subscription($root: ID) { congressSubmitted(underOrganizationId: $root) { ordinal organization { name } } }",
    )
    .variables(async_graphql::Variables::from_json(json!({ "root": long_bien })));
    let mut events = subscribe(app.app.schema(), request).await;
    // A congress elsewhere (Mạo Khê, in Quảng Ninh) first, then one of a Long Biên ward.
    let mao_khe = app.organization_id("Mạo Khê").await;
    let elsewhere = app.graphql_as(Some(&token), SUBMIT, congress(&mao_khe, 7, 2020)).await;
    assert!(elsewhere.get("errors").is_none(), "{elsewhere:#}");
    let sai_dong = app.organization_id("Sài Đồng").await;
    let inside = app
        .graphql_as(Some(&token), SUBMIT, congress(&sai_dong, 12, 2025))
        .await;
    assert!(inside.get("errors").is_none(), "{inside:#}");
    let data = received(&mut events).await;
    assert_eq!(
        data["congressSubmitted"]["ordinal"], 12,
        "the first event is the ward's, not Mạo Khê's"
    );
    assert_eq!(
        data["congressSubmitted"]["organization"]["name"],
        "Đảng bộ phường Sài Đồng"
    );
}

type Socket = tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// A graphql-transport-ws client, connected and acknowledged, with one subscription started.
async fn ws_subscribe(address: std::net::SocketAddr, query: &str) -> Socket {
    let mut request = format!("ws://{address}/graphql/ws")
        .into_client_request()
        .expect("a request");
    request.headers_mut().insert(
        "Sec-WebSocket-Protocol",
        "graphql-transport-ws".parse().expect("a header"),
    );
    let (mut socket, response) = tokio_tungstenite::connect_async(request).await.expect("connect");
    assert_eq!(response.headers()["sec-websocket-protocol"], "graphql-transport-ws");
    socket
        .send(Message::text(
            json!({ "type": "connection_init", "payload": {} }).to_string(),
        ))
        .await
        .expect("send");
    let ack = ws_message(&mut socket).await;
    assert_eq!(ack["type"], "connection_ack");
    let subscribe = json!({ "id": "1", "type": "subscribe", "payload": { "query": query } });
    socket.send(Message::text(subscribe.to_string())).await.expect("send");
    // Give the server a moment to register the subscription before the write.
    tokio::time::sleep(Duration::from_millis(200)).await;
    socket
}

async fn ws_message(socket: &mut Socket) -> Value {
    serde_json::from_str(&next(socket).await.expect("a message").into_text().expect("text")).expect("JSON")
}

#[tokio::test]
async fn a_graphql_ws_client_receives_changes_over_a_real_websocket() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let address = app.serve().await;
    let mut socket = ws_subscribe(
        address,
        "subscription { recordChanged(types: [\"congress\"]) { operation recordType record { ... on Congress { ordinal } } } }",
    )
    .await;
    let sai_dong = app.organization_id("Sài Đồng").await;
    let written = app
        .graphql_as(Some(&token), SUBMIT, congress(&sai_dong, 12, 2025))
        .await;
    assert!(written.get("errors").is_none(), "{written:#}");
    let message = ws_message(&mut socket).await;
    assert_eq!(message["type"], "next", "{message:#}");
    assert_eq!(message["id"], "1");
    assert_eq!(
        message["payload"]["data"]["recordChanged"],
        json!({ "operation": "submitCongressResult", "recordType": "congress", "record": { "ordinal": 12 } })
    );
}

const FEED: &str = r#"query($after: String) { changes(first: 100, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { action recordType recordId operation } } }"#;

/// Reads the change feed from `after` to its end: its entries, the last cursor, and the
/// `totalCount` it reported on each page.
async fn read_feed(app: &TestApp, mut after: Value) -> (Vec<Value>, Value, Vec<i64>) {
    let mut entries = Vec::new();
    let mut totals = Vec::new();
    loop {
        let data = app.query(FEED, json!({ "after": after })).await;
        let page = &data["changes"];
        totals.push(page["totalCount"].as_i64().expect("totalCount"));
        entries.extend(page["nodes"].as_array().cloned().unwrap_or_default());
        if !page["pageInfo"]["endCursor"].is_null() {
            after = page["pageInfo"]["endCursor"].clone();
        }
        if page["pageInfo"]["hasNextPage"] != true {
            return (entries, after, totals);
        }
    }
}

#[tokio::test]
async fn membership_subscribers_see_the_memberships_a_congress_result_creates_and_ends_as_the_feed_lists_them() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let address = app.serve().await;
    let (before, cursor, totals) = read_feed(&app, Value::Null).await;
    assert!(
        totals.iter().all(|total| *total == before.len() as i64),
        "totalCount is the whole feed: {totals:?} for {} entries",
        before.len()
    );
    let mut socket = ws_subscribe(
        address,
        "subscription { recordChanged(types: [\"membership\"]) { operation action recordType recordId } }",
    )
    .await;
    // Cự Khối's XXIV congress: new positions, and the XXIII term's positions end.
    let cu_khoi = app.organization_id("Cự Khối").await;
    let written = app.graphql_as(Some(&token), SUBMIT, congress(&cu_khoi, 24, 2020)).await;
    assert!(written.get("errors").is_none(), "{written:#}");

    let (after, _, totals) = read_feed(&app, cursor).await;
    let mut listed: Vec<(String, String)> = after
        .iter()
        .filter(|entry| entry["recordType"] == "membership")
        .map(|entry| {
            assert_eq!(entry["operation"], "submitCongressResult");
            (
                entry["action"].as_str().unwrap_or_default().to_owned(),
                entry["recordId"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    assert!(
        listed.iter().any(|(action, _)| action == "CREATED") && listed.iter().any(|(action, _)| action == "UPDATED"),
        "the feed lists created and ended memberships: {listed:?}"
    );
    assert_eq!(
        totals.last().copied(),
        Some((before.len() + after.len()) as i64),
        "totalCount grew by what the write added"
    );
    let mut received = Vec::new();
    for _ in 0..listed.len() {
        let message = ws_message(&mut socket).await;
        assert_eq!(message["type"], "next", "{message:#}");
        let change = &message["payload"]["data"]["recordChanged"];
        assert_eq!(change["recordType"], "membership");
        assert_eq!(change["operation"], "submitCongressResult");
        received.push((
            change["action"].as_str().unwrap_or_default().to_owned(),
            change["recordId"].as_str().unwrap_or_default().to_owned(),
        ));
    }
    listed.sort();
    received.sort();
    assert_eq!(
        received, listed,
        "the subscriber saw the same records as the feed lists"
    );
    // And nothing else: no other membership event follows.
    let extra = tokio::time::timeout(Duration::from_millis(300), socket.next()).await;
    assert!(extra.is_err(), "no more membership events: {extra:?}");
}

#[tokio::test]
async fn a_write_on_one_process_reaches_subscribers_on_another() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        eprintln!("skipped: several processes share a database only on PostgreSQL");
        return;
    }
    let token = app.admin().await;
    let other = app.second_process().await;
    let request = async_graphql::Request::new("subscription { congressSubmitted { ordinal } }");
    let mut events = subscribe(other.schema(), request).await;
    let sai_dong = app.organization_id("Sài Đồng").await;
    let written = app
        .graphql_as(Some(&token), SUBMIT, congress(&sai_dong, 12, 2025))
        .await;
    assert!(written.get("errors").is_none(), "{written:#}");
    assert_eq!(received(&mut events).await["congressSubmitted"]["ordinal"], 12);
}
