//! OpenTelemetry export, end to end: the real `congress-api` binary runs with
//! `OTEL_EXPORTER_OTLP_ENDPOINT` pointed at a collector inside the test, a request arrives with a
//! W3C `traceparent`, and the collector receives, over OTLP/HTTP (protobuf), the request's server
//! span continuing the client's trace with the spans of the work it did below it.
//! The process's allocator settings are checked here too: they also need the real binary.

use crate::common::TestApp;
use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use opentelemetry_proto::tonic::collector::trace::v1::ExportTraceServiceRequest;
use opentelemetry_proto::tonic::trace::v1::{Span, span::SpanKind};
use prost::Message;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Every export the collector received: its content type and the spans in it.
type Received = Arc<Mutex<Vec<(String, Vec<Span>)>>>;

/// A minimal OTLP/HTTP collector: `POST /v1/traces` with a protobuf body, answered with an empty
/// (successful) export response.
async fn collector() -> (String, Received) {
    let received: Received = Arc::default();
    let store = received.clone();
    let router = axum::Router::new().route(
        "/v1/traces",
        axum::routing::post(move |headers: HeaderMap, body: Bytes| {
            let store = store.clone();
            async move {
                let content_type = headers
                    .get(header::CONTENT_TYPE)
                    .and_then(|value| value.to_str().ok())
                    .unwrap_or_default()
                    .to_owned();
                let spans = ExportTraceServiceRequest::decode(body)
                    .map(|request| {
                        request
                            .resource_spans
                            .into_iter()
                            .flat_map(|resource| resource.scope_spans)
                            .flat_map(|scope| scope.spans)
                            .collect()
                    })
                    .unwrap_or_default();
                store.lock().expect("the collector's store").push((content_type, spans));
                ([(header::CONTENT_TYPE, "application/x-protobuf")], Vec::<u8>::new())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("a port");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move { axum::serve(listener, router).await });
    (format!("http://{address}"), received)
}

/// The server binary, killed when dropped.
struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// The server binary's `serve` on `port`, without sample data or an OTLP endpoint.
fn serve_command(database_url: &str, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_congress-api"));
    command
        .arg("serve")
        .env("DATABASE_URL", database_url)
        .env("BIND_ADDR", format!("127.0.0.1:{port}"))
        .env("SAMPLE_DATA", "false")
        .env("LOG_LEVEL", "warn")
        .env_remove("OTEL_EXPORTER_OTLP_ENDPOINT")
        .env_remove("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

fn start(database_url: &str, port: u16, endpoint: Option<&str>) -> Server {
    let mut command = serve_command(database_url, port);
    if let Some(endpoint) = endpoint {
        // Send each batch at once instead of every five seconds.
        command
            .env("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint)
            .env("OTEL_BSP_SCHEDULE_DELAY", "100");
    }
    Server(command.spawn().expect("start congress-api"))
}

/// One HTTP/1.1 request on a fresh connection; the status line and body of the answer.
async fn http(port: u16, head: &str, body: &str) -> Option<String> {
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port)).await.ok()?;
    let request = format!(
        "{head}\r\nHost: 127.0.0.1\r\nConnection: close\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.ok()?;
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.ok()?;
    Some(answer)
}

async fn ready(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if http(port, "GET /readyz HTTP/1.1", "")
            .await
            .is_some_and(|answer| answer.starts_with("HTTP/1.1 200"))
        {
            return;
        }
        assert!(Instant::now() < deadline, "the server did not become ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

const TRACE_ID: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const CLIENT_SPAN_ID: &str = "00f067aa0ba902b7";

async fn query_with_traceparent(port: u16) -> String {
    let body = r#"{"query":"{ organizations(search: \"cu khoi\") { nodes { name congresses { term } } } }"}"#;
    http(
        port,
        &format!(
            "POST /graphql HTTP/1.1\r\nContent-Type: application/json\r\ntraceparent: 00-{TRACE_ID}-{CLIENT_SPAN_ID}-01"
        ),
        body,
    )
    .await
    .expect("an answer")
}

#[tokio::test]
async fn request_spans_go_to_the_collector_and_continue_the_client_s_trace() {
    let app = TestApp::spawn().await;
    let (endpoint, received) = collector().await;
    let port = free_port();
    let _server = start(&app.database_url, port, Some(&endpoint));
    ready(port).await;
    let answer = query_with_traceparent(port).await;
    assert!(answer.contains("Cự Khối"), "{answer}");

    let trace_id = hex::decode(TRACE_ID).expect("hex");
    let deadline = Instant::now() + Duration::from_secs(30);
    let spans = loop {
        let spans: Vec<Span> = received
            .lock()
            .expect("the collector's store")
            .iter()
            .flat_map(|(_, spans)| spans.iter().cloned())
            .filter(|span| span.trace_id == trace_id)
            .collect();
        if spans.iter().any(|span| span.name == "POST /graphql") && spans.len() > 1 {
            break spans;
        }
        assert!(
            Instant::now() < deadline,
            "no request span of the client's trace reached the collector in 30 s: {:?}",
            spans.iter().map(|span| &span.name).collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let content_types: Vec<String> = received
        .lock()
        .expect("store")
        .iter()
        .map(|(content_type, _)| content_type.clone())
        .collect();
    assert!(
        content_types
            .iter()
            .all(|content_type| content_type == "application/x-protobuf"),
        "{content_types:?}"
    );
    // The server span continues the client's trace: same trace, the client's span as parent.
    let request = spans
        .iter()
        .find(|span| span.name == "POST /graphql")
        .expect("the request span");
    assert_eq!(request.parent_span_id, hex::decode(CLIENT_SPAN_ID).expect("hex"));
    assert_eq!(request.kind, SpanKind::Server as i32);
    // The work of the request hangs below it, in the same trace.
    let children: Vec<&str> = spans
        .iter()
        .filter(|span| span.parent_span_id == request.span_id)
        .map(|span| span.name.as_str())
        .collect();
    assert!(children.contains(&"graphql"), "spans below the request: {children:?}");
}

/// Whether the kernel lets the process use transparent huge pages (`THP_enabled` in
/// `/proc/<pid>/status`, Linux 5.0 and later).
#[cfg(target_os = "linux")]
fn huge_pages_enabled(pid: u32) -> bool {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("the process's status");
    let line = status
        .lines()
        .find_map(|line| line.strip_prefix("THP_enabled:"))
        .expect("a THP_enabled line");
    line.trim() == "1"
}

/// The allocator's settings (`src/main.rs`, docs/OPERATIONS.md): the server turns transparent
/// huge pages off for itself, unless `MIMALLOC_ALLOW_THP` in its environment says otherwise.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_server_runs_without_huge_pages_unless_its_environment_allows_them() {
    let app = TestApp::spawn().await;
    let port = free_port();
    let server = Server(
        serve_command(&app.database_url, port)
            .spawn()
            .expect("start congress-api"),
    );
    ready(port).await;
    assert!(
        !huge_pages_enabled(server.0.id()),
        "the server left transparent huge pages on"
    );
    drop(server);

    let port = free_port();
    let server = Server(
        serve_command(&app.database_url, port)
            .env("MIMALLOC_ALLOW_THP", "1")
            .spawn()
            .expect("start congress-api"),
    );
    ready(port).await;
    assert!(
        huge_pages_enabled(server.0.id()),
        "MIMALLOC_ALLOW_THP=1 did not keep transparent huge pages on"
    );
}
