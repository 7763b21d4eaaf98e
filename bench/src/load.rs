//! A closed-loop HTTP load generator: N workers, each with its own keep-alive HTTP/1.1
//! connection, send the next request as soon as the previous answer is read, for a fixed time.
//! Every answer is checked: a status other than 200, a body that is not `{"data":...}`, or a body
//! with a GraphQL `errors` member counts as an error. Requests are POSTs of a JSON body, or GETs
//! with the operation in the query string, as urql and persisted-query clients send them.

use anyhow::{Context as _, anyhow};
use bytes::Bytes;
use hdrhistogram::Histogram;
use http_body_util::{BodyExt as _, Full};
use hyper::Request;
use hyper::client::conn::http1::SendRequest;
use hyper_util::rt::TokioIo;
use rand::SeedableRng;
use rand::rngs::SmallRng;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::net::TcpStream;

/// Makes the body of the next request (a random pick from a pool, or the next submission).
pub type MakeBody = Arc<dyn Fn(&mut SmallRng) -> Bytes + Send + Sync>;

/// Where requests go.
#[derive(Clone)]
pub struct Endpoint {
    pub addr: SocketAddr,
    pub path: String,
    /// Extra headers, e.g. `authorization`.
    pub headers: Vec<(String, String)>,
    /// Send `GET path?<bytes>`, the bytes a [`MakeBody`] returns being the query string, instead
    /// of POSTing them as a JSON body.
    pub get: bool,
}

/// What one run measured.
pub struct RunResult {
    pub requests: u64,
    pub http_errors: u64,
    pub graphql_errors: u64,
    /// The first error seen, for the log.
    pub first_error: Option<String>,
    /// Latencies in microseconds.
    pub latency: Histogram<u64>,
    pub elapsed: Duration,
    pub response_bytes: u64,
}

impl RunResult {
    pub fn errors(&self) -> u64 {
        self.http_errors + self.graphql_errors
    }

    pub fn rps(&self) -> f64 {
        self.requests as f64 / self.elapsed.as_secs_f64()
    }

    /// A latency quantile in milliseconds.
    pub fn quantile_ms(&self, q: f64) -> f64 {
        if self.latency.is_empty() {
            return f64::NAN;
        }
        self.latency.value_at_quantile(q) as f64 / 1000.0
    }
}

pub fn new_histogram() -> Histogram<u64> {
    // 1 µs .. 10 min, 3 significant digits.
    Histogram::new_with_bounds(1, 600_000_000, 3).expect("valid histogram bounds")
}

struct WorkerResult {
    requests: u64,
    http_errors: u64,
    graphql_errors: u64,
    first_error: Option<String>,
    latency: Histogram<u64>,
    response_bytes: u64,
}

async fn connect(endpoint: &Endpoint) -> anyhow::Result<SendRequest<Full<Bytes>>> {
    let stream = TcpStream::connect(endpoint.addr)
        .await
        .with_context(|| format!("cannot connect to {}", endpoint.addr))?;
    stream.set_nodelay(true)?;
    let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    Ok(sender)
}

/// Sends one request and reads the whole answer: (status, body).
async fn send(sender: &mut SendRequest<Full<Bytes>>, endpoint: &Endpoint, body: Bytes) -> anyhow::Result<(u16, Bytes)> {
    sender.ready().await?;
    let request = if endpoint.get {
        let mut target = String::with_capacity(endpoint.path.len() + 1 + body.len());
        target.push_str(&endpoint.path);
        target.push('?');
        target.push_str(std::str::from_utf8(&body).context("a GET query string is not UTF-8")?);
        Request::get(target).body(Full::new(Bytes::new()))
    } else {
        Request::post(endpoint.path.as_str())
            .header("content-type", "application/json")
            .body(Full::new(body))
    };
    let mut request = request?;
    let headers = request.headers_mut();
    headers.insert("host", endpoint.addr.to_string().parse()?);
    headers.insert("accept", hyper::header::HeaderValue::from_static("application/json"));
    for (name, value) in &endpoint.headers {
        headers.insert(hyper::header::HeaderName::from_bytes(name.as_bytes())?, value.parse()?);
    }
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, body))
}

/// Checks a GraphQL answer: `None` when it is a clean `{"data": ...}`, else what is wrong.
pub fn graphql_problem(body: &[u8]) -> Option<String> {
    let trimmed = body.trim_ascii_start();
    if memchr::memmem::find(body, b"\"errors\"").is_some() || !trimmed.starts_with(b"{\"data\"") {
        let text = String::from_utf8_lossy(&body[..body.len().min(600)]).into_owned();
        return Some(text);
    }
    None
}

/// Sends one request outside a run (set-up, checks); errors on HTTP or GraphQL errors.
pub async fn request_once(endpoint: &Endpoint, body: Bytes) -> anyhow::Result<serde_json::Value> {
    let mut sender = connect(endpoint).await?;
    let (status, answer) = send(&mut sender, endpoint, body).await?;
    if status != 200 {
        return Err(anyhow!("HTTP {status}: {}", String::from_utf8_lossy(&answer)));
    }
    if let Some(problem) = graphql_problem(&answer) {
        return Err(anyhow!("GraphQL errors: {problem}"));
    }
    Ok(serde_json::from_slice(&answer)?)
}

/// A plain GET (metrics, readiness): (status, body).
pub async fn get(addr: SocketAddr, path: &str) -> anyhow::Result<(u16, String)> {
    let stream = TcpStream::connect(addr).await?;
    let (mut sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream)).await?;
    tokio::spawn(async move {
        let _ = connection.await;
    });
    let request = Request::get(path)
        .header("host", addr.to_string())
        .body(Full::new(Bytes::new()))?;
    let response = sender.send_request(request).await?;
    let status = response.status().as_u16();
    let body = response.into_body().collect().await?.to_bytes();
    Ok((status, String::from_utf8_lossy(&body).into_owned()))
}

async fn worker(endpoint: Endpoint, make_body: MakeBody, seed: u64, end: Instant) -> WorkerResult {
    let mut rng = SmallRng::seed_from_u64(seed);
    let mut out = WorkerResult {
        requests: 0,
        http_errors: 0,
        graphql_errors: 0,
        first_error: None,
        latency: new_histogram(),
        response_bytes: 0,
    };
    let mut sender: Option<SendRequest<Full<Bytes>>> = None;
    while Instant::now() < end {
        if sender.is_none() {
            match connect(&endpoint).await {
                Ok(s) => sender = Some(s),
                Err(error) => {
                    out.http_errors += 1;
                    out.first_error.get_or_insert_with(|| format!("{error:#}"));
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            }
        }
        let Some(current) = sender.as_mut() else { continue };
        let body = make_body(&mut rng);
        let started = Instant::now();
        let answer = send(current, &endpoint, body).await;
        let micros = started.elapsed().as_micros().max(1) as u64;
        out.requests += 1;
        let _ = out.latency.record(micros.min(600_000_000));
        match answer {
            Ok((200, body)) => {
                out.response_bytes += body.len() as u64;
                if let Some(problem) = graphql_problem(&body) {
                    out.graphql_errors += 1;
                    out.first_error.get_or_insert(problem);
                }
            }
            Ok((status, body)) => {
                out.http_errors += 1;
                out.first_error
                    .get_or_insert_with(|| format!("HTTP {status}: {}", String::from_utf8_lossy(&body)));
            }
            Err(error) => {
                out.http_errors += 1;
                out.first_error.get_or_insert_with(|| format!("{error:#}"));
                sender = None;
            }
        }
    }
    out
}

/// Runs `connections` closed-loop workers for `duration`; each finishes the request it has in
/// flight when the time is up, and those answers count too (so nothing is in flight afterwards).
pub async fn run(
    endpoint: &Endpoint,
    make_body: &MakeBody,
    connections: usize,
    duration: Duration,
    seed: u64,
) -> RunResult {
    let started = Instant::now();
    let end = started + duration;
    let mut tasks = Vec::with_capacity(connections);
    for index in 0..connections {
        tasks.push(tokio::spawn(worker(
            endpoint.clone(),
            make_body.clone(),
            seed.wrapping_mul(1_000_003).wrapping_add(index as u64),
            end,
        )));
    }
    let mut result = RunResult {
        requests: 0,
        http_errors: 0,
        graphql_errors: 0,
        first_error: None,
        latency: new_histogram(),
        elapsed: Duration::ZERO,
        response_bytes: 0,
    };
    for task in tasks {
        match task.await {
            Ok(done) => {
                result.requests += done.requests;
                result.http_errors += done.http_errors;
                result.graphql_errors += done.graphql_errors;
                result.response_bytes += done.response_bytes;
                if result.first_error.is_none() {
                    result.first_error = done.first_error;
                }
                let _ = result.latency.add(&done.latency);
            }
            Err(error) => {
                result.http_errors += 1;
                result
                    .first_error
                    .get_or_insert_with(|| format!("worker failed: {error}"));
            }
        }
    }
    result.elapsed = started.elapsed();
    result
}
