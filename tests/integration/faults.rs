//! Faults underneath the API: the database connection cut in the middle of a write, the
//! database going down and coming back under load, the server starting while the database is
//! down, and the server killed in the middle of a write. After each: no partial record, a clear
//! error while it lasts, and full recovery without a restart.
//!
//! The database faults run on PostgreSQL, through a small TCP relay between the server and the
//! database that the test can cut; the server kill runs on both databases.

use crate::common::{TestApp, error_codes};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicI64, Ordering};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A TCP relay to the database that can be cut (every connection closed, new ones refused),
/// cut after a number of bytes from the server, and restored.
struct Relay {
    address: SocketAddr,
    up: Arc<AtomicBool>,
    /// Bytes from the server still allowed before a cut; negative: no cut armed.
    budget: Arc<AtomicI64>,
    generation: watch::Sender<u64>,
}

impl Relay {
    async fn start(target: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("a free port");
        let address = listener.local_addr().expect("an address");
        let up = Arc::new(AtomicBool::new(true));
        let budget = Arc::new(AtomicI64::new(-1));
        let (generation, _) = watch::channel(0u64);
        let relay = Self {
            address,
            up: up.clone(),
            budget: budget.clone(),
            generation: generation.clone(),
        };
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                if !up.load(Ordering::SeqCst) {
                    drop(client);
                    continue;
                }
                let target = target.clone();
                let budget = budget.clone();
                let mut cut = generation.subscribe();
                tokio::spawn(async move {
                    let Ok(server) = TcpStream::connect(&target).await else {
                        return;
                    };
                    let (mut client_read, mut client_write) = client.into_split();
                    let (mut server_read, mut server_write) = server.into_split();
                    let upstream = async {
                        let mut buffer = [0u8; 8192];
                        loop {
                            let n = client_read.read(&mut buffer).await.unwrap_or(0);
                            if n == 0 {
                                break;
                            }
                            let left = budget.fetch_sub(n as i64, Ordering::SeqCst);
                            if left >= 0 && left - (n as i64) < 0 {
                                break; // the armed cut: this connection dies mid-conversation
                            }
                            if server_write.write_all(&buffer[..n]).await.is_err() {
                                break;
                            }
                        }
                    };
                    let downstream = async {
                        let _ = tokio::io::copy(&mut server_read, &mut client_write).await;
                    };
                    tokio::select! {
                        () = upstream => {},
                        () = downstream => {},
                        _ = cut.changed() => {},
                    }
                });
            }
        });
        relay
    }

    /// The database is down: open connections break and new ones are refused.
    fn cut(&self) {
        self.up.store(false, Ordering::SeqCst);
        self.generation.send_modify(|g| *g += 1);
    }

    fn restore(&self) {
        self.budget.store(-1, Ordering::SeqCst);
        self.up.store(true, Ordering::SeqCst);
    }

    /// The next `bytes` from the server pass; the connection carrying the byte after dies.
    fn cut_after(&self, bytes: i64) {
        self.budget.store(bytes, Ordering::SeqCst);
    }

    /// The database URL through the relay.
    fn url(&self, database_url: &str) -> String {
        let (scheme_user, rest) = database_url.split_once('@').expect("a URL with a user");
        let (_, path) = rest.split_once('/').expect("a URL with a database");
        format!("{scheme_user}@{}/{path}", self.address)
    }
}

fn postgres_target(database_url: &str) -> String {
    let rest = database_url
        .split_once('@')
        .map(|(_, rest)| rest)
        .unwrap_or(database_url);
    rest.split('/').next().unwrap_or("127.0.0.1:5432").to_owned()
}

async fn post(app: &api::App, token: Option<&str>, query: &str, variables: Value) -> (StatusCode, Value) {
    use tower::ServiceExt;
    let mut builder = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept", "application/json");
    if let Some(token) = token {
        builder = builder.header("authorization", format!("Bearer {token}"));
    }
    let request = builder
        .body(Body::from(
            json!({ "query": query, "variables": variables }).to_string(),
        ))
        .expect("request");
    let response = app.router().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let body = http_body_util::BodyExt::collect(response.into_body())
        .await
        .expect("a body")
        .to_bytes();
    (status, serde_json::from_slice(&body).unwrap_or(Value::Null))
}

async fn ready(app: &api::App) -> StatusCode {
    use tower::ServiceExt;
    app.router()
        .oneshot(Request::get("/readyz").body(Body::empty()).expect("request"))
        .await
        .expect("answer")
        .status()
}

const SUBMIT: &str =
    r#"mutation($input: CongressResultInput!) { submitCongressResult(input: $input) { congress { id } } }"#;
const COUNT: &str =
    r#"query($id: ID!) { organization(id: $id) { congresses { ordinal committees { members { id } } } } }"#;

/// A large submission (a full executive of many members), so that a cut lands inside it.
fn big_submission(organization_id: &str, ordinal: i64) -> Value {
    let given = [
        "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long", "Minh", "Nam", "Phong", "Quang", "Sơn", "Tâm",
        "Vinh",
    ];
    let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Phan", "Vũ", "Đặng"];
    let members: Vec<Value> = family
        .iter()
        .flat_map(|f| given.iter().map(move |g| format!("{f} Văn {g}")))
        .enumerate()
        .map(|(i, name)| json!({ "fullName": name, "position": if i == 0 { "SECRETARY" } else { "MEMBER" } }))
        .collect();
    json!({ "input": {
        "organizationId": organization_id, "ordinal": ordinal, "termStartYear": 2025, "termEndYear": 2030, "openedOn": "2025-06-10",
        "committees": [ { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": members.len(), "members": members } ] } })
}

/// The members of each congress of an organization: a partial write would show as a congress
/// with fewer members than submitted.
async fn congresses(app: &TestApp, organization_id: &str) -> Vec<(i64, usize)> {
    let data = app.query(COUNT, json!({ "id": organization_id })).await;
    data["organization"]["congresses"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|c| {
                    let members = c["committees"]
                        .as_array()
                        .map(|cs| cs.iter().map(|c| c["members"].as_array().map_or(0, Vec::len)).sum())
                        .unwrap_or(0);
                    (c["ordinal"].as_i64().unwrap_or_default(), members)
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn a_connection_cut_in_the_middle_of_a_submission_leaves_nothing_half_written() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        eprintln!("skipped: the connection cut runs on PostgreSQL");
        return;
    }
    let relay = Relay::start(postgres_target(&app.database_url)).await;
    let mut config = api::config::ServeConfig::for_database(&relay.url(&app.database_url));
    config.database.database_max_connections = Some(2);
    let (through_relay, _) = api::App::open(config).await.expect("open through the relay");
    let token = app.admin().await;
    let sai_dong = app.organization_id("Sài Đồng").await;
    let before = congresses(&app, &sai_dong).await;

    // Let the transaction begin and write part of the submission, then cut the connection.
    relay.cut_after(6_000);
    let (_, response) = post(&through_relay, Some(&token), SUBMIT, big_submission(&sai_dong, 12)).await;
    assert_eq!(error_codes(&response), ["INTERNAL"], "{response:#}");
    let message = response["errors"][0]["message"].as_str().unwrap_or_default();
    assert!(
        message.starts_with("internal error") && !message.to_lowercase().contains("connection"),
        "{message}"
    );
    assert_eq!(
        congresses(&app, &sai_dong).await,
        before,
        "nothing of the cut write is in the database"
    );

    // The next write through the same server succeeds: it recovered without a restart.
    relay.restore();
    let (_, response) = post(&through_relay, Some(&token), SUBMIT, big_submission(&sai_dong, 12)).await;
    assert!(response.get("errors").is_none(), "{response:#}");
    assert_eq!(congresses(&app, &sai_dong).await.last(), Some(&(12, 120)));
}

#[tokio::test]
async fn the_server_starts_while_the_database_is_down_and_serves_once_it_is_back() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        eprintln!("skipped: a database that is down and comes back is a PostgreSQL scenario");
        return;
    }
    let relay = Relay::start(postgres_target(&app.database_url)).await;
    relay.cut();
    let server = api::App::start(api::config::ServeConfig::for_database(&relay.url(&app.database_url)))
        .await
        .expect("start");
    assert_eq!(ready(&server).await, StatusCode::SERVICE_UNAVAILABLE);
    let (status, response) = post(&server, None, "{ organizations { totalCount } }", json!({})).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(error_codes(&response), ["INTERNAL"]);
    relay.restore();
    let deadline = Instant::now() + Duration::from_secs(20);
    while ready(&server).await != StatusCode::OK {
        assert!(Instant::now() < deadline, "not ready 20 s after the database came back");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let (_, response) = post(&server, None, "{ organizations { totalCount } }", json!({})).await;
    assert_eq!(response["data"]["organizations"]["totalCount"], 13, "{response:#}");
}

#[tokio::test]
async fn a_database_outage_under_load_gives_clear_errors_and_the_server_recovers_by_itself() {
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        eprintln!("skipped: a database outage is a PostgreSQL scenario");
        return;
    }
    let relay = Relay::start(postgres_target(&app.database_url)).await;
    let (server, _) = api::App::open(api::config::ServeConfig::for_database(&relay.url(&app.database_url)))
        .await
        .expect("open");
    let token = app.admin().await;
    let organizations: Vec<String> = {
        let data = app
            .query("{ organizations(first: 100) { nodes { id name } } }", json!({}))
            .await;
        data["organizations"]["nodes"]
            .as_array()
            .map(|n| n.iter().filter_map(|n| n["id"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let stop = Arc::new(AtomicBool::new(false));
    let mut workers = Vec::new();
    for worker in 0..4 {
        let server = server.clone();
        let stop = stop.clone();
        let token = token.clone();
        let organizations = organizations.clone();
        workers.push(tokio::spawn(async move {
            let mut outcomes: Vec<String> = Vec::new();
            let mut round = 0;
            while !stop.load(Ordering::SeqCst) {
                round += 1;
                let (status, response) = if worker == 0 && round % 5 == 0 {
                    let target = &organizations[round % organizations.len()];
                    let input = json!({ "input": { "organizationId": target, "asOf": "2024-01-01", "partyMembers": round } });
                    post(&server, Some(&token), "mutation($input: RecordOrganizationStatsInput!) { recordOrganizationStats(input: $input) { stats { id } } }", input).await
                } else {
                    post(&server, None, "{ organizations(first: 20) { nodes { name congresses { ordinal } } } }", json!({})).await
                };
                assert!(!status.is_server_error() || status == StatusCode::SERVICE_UNAVAILABLE, "{status}: {response:#}");
                let codes = error_codes(&response);
                for code in &codes {
                    assert_eq!(code, "INTERNAL", "{response:#}");
                }
                if let Some(message) = response["errors"][0]["message"].as_str() {
                    assert!(!message.to_lowercase().contains("postgres") && !message.to_lowercase().contains("connection"), "{message}");
                }
                outcomes.push(if codes.is_empty() { "ok".into() } else { "error".into() });
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            outcomes
        }));
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    relay.cut();
    tokio::time::sleep(Duration::from_secs(2)).await;
    relay.restore();
    // After the database is back, requests succeed again within a few seconds.
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let (_, response) = post(&server, None, "{ organizations { totalCount } }", json!({})).await;
        if response["data"]["organizations"]["totalCount"] == 13 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "no recovery 20 s after the database came back: {response:#}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::SeqCst);
    let mut outcomes = Vec::new();
    for worker in workers {
        outcomes.extend(worker.await.expect("a worker"));
    }
    assert!(
        outcomes.iter().any(|o| o == "error"),
        "the outage was visible to clients"
    );
    assert_eq!(outcomes.last().map(String::as_str), Some("ok"));
    assert_eq!(ready(&server).await, StatusCode::OK);
}

/// A free local port for a child server process.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn spawn_server(database_url: &str, port: u16) -> Child {
    Child(
        std::process::Command::new(env!("CARGO_BIN_EXE_congress-api"))
            .args([
                "--bind",
                &format!("127.0.0.1:{port}"),
                "--database-url",
                database_url,
                "--log-level",
                "warn",
            ])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start the server"),
    )
}

/// One HTTP/1.1 request over a plain socket; the response text, or an error if the connection died.
async fn raw_request(port: u16, method: &str, path: &str, token: Option<&str>, body: &str) -> std::io::Result<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await?;
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAccept: application/json\r\n{auth}Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await?;
    let mut response = String::new();
    stream.read_to_string(&mut response).await?;
    Ok(response)
}

async fn wait_until_ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(response) = raw_request(port, "GET", "/readyz", None, "").await
            && response.starts_with("HTTP/1.1 200")
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn a_server_killed_in_the_middle_of_a_write_leaves_the_write_whole_or_absent() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let sai_dong = app.organization_id("Sài Đồng").await;
    let body = json!({ "query": SUBMIT, "variables": big_submission(&sai_dong, 12) }).to_string();
    let mut killed_mid_write = false;
    for delay_ms in [5u64, 15, 30, 60, 120] {
        let port = free_port();
        let mut child = spawn_server(&app.database_url, port);
        wait_until_ready(port).await;
        let request = tokio::spawn({
            let body = body.clone();
            let token = token.clone();
            async move { raw_request(port, "POST", "/graphql", Some(&token), &body).await }
        });
        tokio::time::sleep(Duration::from_millis(delay_ms)).await;
        let _ = child.0.kill();
        let _ = child.0.wait();
        let answered = request
            .await
            .expect("the client task")
            .is_ok_and(|r| r.starts_with("HTTP/1.1 200"));
        killed_mid_write |= !answered;
        // Whatever the timing, the congress is either complete or absent.
        let found = congresses(&app, &sai_dong).await;
        match found.iter().find(|(ordinal, _)| *ordinal == 12) {
            Some((_, members)) => {
                assert_eq!(*members, 120, "a partial congress after a kill at {delay_ms} ms");
                break;
            }
            None => assert!(!answered, "the server answered but the write is missing"),
        }
    }
    // A restarted server serves and accepts the write if it was lost.
    let port = free_port();
    let _child = spawn_server(&app.database_url, port);
    wait_until_ready(port).await;
    if !congresses(&app, &sai_dong)
        .await
        .iter()
        .any(|(ordinal, _)| *ordinal == 12)
    {
        let response = raw_request(port, "POST", "/graphql", Some(&token), &body)
            .await
            .expect("a response");
        assert!(response.contains("\"congress\""), "{response}");
    }
    assert_eq!(congresses(&app, &sai_dong).await.last(), Some(&(12, 120)));
    eprintln!("killed in the middle of a write at least once: {killed_mid_write}");
}
