//! A schema-driven fuzz run of `/graphql`: the schema is read by introspection, then a seeded
//! generator sends a few hundred random but mostly well-typed queries and mutations (random root
//! fields, selections four levels deep through objects, interfaces and connections, hostile
//! strings, extreme numbers, dates and decimals, IDs of the right and the wrong type, forged
//! cursors, input objects with missing and unknown fields), then broken documents, malformed
//! bodies and wrong content types. Whatever arrives, the server answers without panicking,
//! without a 5xx, with JSON for every GraphQL request, and with a code on every error that is
//! never `INTERNAL`.
//!
//! The run is reproducible: it prints its seed, and `FUZZ_SEED=<n>` replays it (`FUZZ_REQUESTS=<n>`
//! changes the number of generated requests, `FUZZ_VERBOSE=1` prints how often each error message
//! came back). A failure prints the exact request (its whole body is also saved in the temporary
//! directory) and the response.
//!
//! The tests at the end reproduce, one by one, the server bugs this fuzzer found (all fixed), so
//! that they stay fixed.

use crate::common::TestApp;
use api::graphql::ids::{NodeType, decode, encode};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, IteratorRandom};
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DEFAULT_SEED: u64 = 20_250_718;
const DEFAULT_REQUESTS: usize = 400;
/// Root field plus three nested levels.
const MAX_DEPTH: usize = 4;
/// Statuses a client may see: 401 only with a rejected token.
const ALLOWED_STATUSES: [u16; 6] = [200, 400, 401, 405, 413, 415];

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|value| value.trim().parse().ok())
}

// ---------------------------------------------------------------------------------------------
// The schema, as introspection describes it
// ---------------------------------------------------------------------------------------------

const INTROSPECTION: &str = r#"
query Introspection {
  __schema {
    queryType { name }
    mutationType { name }
    types {
      kind name
      fields(includeDeprecated: true) { name args { name defaultValue type { ...TypeRef } } type { ...TypeRef } }
      inputFields { name defaultValue type { ...TypeRef } }
      enumValues(includeDeprecated: true) { name }
      possibleTypes { name }
    }
  }
}
fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } }"#;

#[derive(Clone, Debug)]
enum Ty {
    Named(String),
    List(Box<Ty>),
    NonNull(Box<Ty>),
}

impl Ty {
    fn parse(value: &Value) -> Self {
        match value["kind"].as_str() {
            Some("NON_NULL") => Self::NonNull(Box::new(Self::parse(&value["ofType"]))),
            Some("LIST") => Self::List(Box::new(Self::parse(&value["ofType"]))),
            _ => Self::Named(value["name"].as_str().unwrap_or_default().to_owned()),
        }
    }

    fn name(&self) -> &str {
        match self {
            Self::Named(name) => name,
            Self::List(inner) | Self::NonNull(inner) => inner.name(),
        }
    }

    fn is_non_null(&self) -> bool {
        matches!(self, Self::NonNull(_))
    }

    fn sdl(&self) -> String {
        match self {
            Self::Named(name) => name.clone(),
            Self::List(inner) => format!("[{}]", inner.sdl()),
            Self::NonNull(inner) => format!("{}!", inner.sdl()),
        }
    }
}

#[derive(Clone, Debug)]
struct InputValue {
    name: String,
    ty: Ty,
    has_default: bool,
}

impl InputValue {
    fn parse(value: &Value) -> Self {
        Self {
            name: value["name"].as_str().unwrap_or_default().to_owned(),
            ty: Ty::parse(&value["type"]),
            has_default: !value["defaultValue"].is_null(),
        }
    }

    /// Whether leaving it out is an error.
    fn required(&self) -> bool {
        self.ty.is_non_null() && !self.has_default
    }
}

#[derive(Clone, Debug)]
struct Field {
    name: String,
    args: Vec<InputValue>,
    ty: Ty,
}

#[derive(Clone, Debug, Default)]
struct TypeDef {
    kind: String,
    fields: Vec<Field>,
    input_fields: Vec<InputValue>,
    enum_values: Vec<String>,
    possible_types: Vec<String>,
}

#[derive(Debug)]
struct Schema {
    types: BTreeMap<String, TypeDef>,
    query: String,
    mutation: String,
}

impl Schema {
    fn parse(data: &Value) -> Self {
        let list = |value: &Value| value.as_array().cloned().unwrap_or_default();
        let mut types = BTreeMap::new();
        for ty in list(&data["__schema"]["types"]) {
            let name = ty["name"].as_str().unwrap_or_default().to_owned();
            let def = TypeDef {
                kind: ty["kind"].as_str().unwrap_or_default().to_owned(),
                fields: list(&ty["fields"])
                    .iter()
                    .map(|field| Field {
                        name: field["name"].as_str().unwrap_or_default().to_owned(),
                        args: list(&field["args"]).iter().map(InputValue::parse).collect(),
                        ty: Ty::parse(&field["type"]),
                    })
                    .collect(),
                input_fields: list(&ty["inputFields"]).iter().map(InputValue::parse).collect(),
                enum_values: list(&ty["enumValues"])
                    .iter()
                    .filter_map(|value| value["name"].as_str().map(str::to_owned))
                    .collect(),
                possible_types: list(&ty["possibleTypes"])
                    .iter()
                    .filter_map(|value| value["name"].as_str().map(str::to_owned))
                    .collect(),
            };
            types.insert(name, def);
        }
        Self {
            types,
            query: data["__schema"]["queryType"]["name"]
                .as_str()
                .unwrap_or("Query")
                .to_owned(),
            mutation: data["__schema"]["mutationType"]["name"]
                .as_str()
                .unwrap_or("Mutation")
                .to_owned(),
        }
    }

    fn def(&self, name: &str) -> &TypeDef {
        self.types
            .get(name)
            .unwrap_or_else(|| panic!("introspection lists no type {name}"))
    }

    fn is_leaf(&self, name: &str) -> bool {
        self.types
            .get(name)
            .is_none_or(|def| def.kind == "SCALAR" || def.kind == "ENUM")
    }
}

// ---------------------------------------------------------------------------------------------
// Values
// ---------------------------------------------------------------------------------------------

/// An argument value, written either inline in the document or as a JSON variable. Numbers are
/// kept as text so that out-of-range ones reach the server as written.
#[derive(Clone, Debug)]
enum Val {
    Null,
    Int(String),
    Float(String),
    Str(String),
    Bool(bool),
    Enum(String),
    List(Vec<Val>),
    Obj(Vec<(String, Val)>),
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl Val {
    fn literal(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Int(text) | Self::Float(text) | Self::Enum(text) => text.clone(),
            Self::Str(text) => json_string(text),
            Self::Bool(value) => value.to_string(),
            Self::List(items) => format!("[{}]", items.iter().map(Self::literal).collect::<Vec<_>>().join(", ")),
            Self::Obj(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", value.literal()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    fn json(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Int(text) | Self::Float(text) => text.clone(),
            Self::Str(text) | Self::Enum(text) => json_string(text),
            Self::Bool(value) => value.to_string(),
            Self::List(items) => format!("[{}]", items.iter().map(Self::json).collect::<Vec<_>>().join(",")),
            Self::Obj(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(name, value)| format!("{}:{}", json_string(name), value.json()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    fn as_int(&self) -> Option<i64> {
        match self {
            Self::Int(text) => text.parse().ok(),
            _ => None,
        }
    }
}

const NODE_TYPES: [NodeType; 17] = [
    NodeType::Organization,
    NodeType::Placement,
    NodeType::Lineage,
    NodeType::OrganizationStats,
    NodeType::Congress,
    NodeType::Committee,
    NodeType::Membership,
    NodeType::Person,
    NodeType::Document,
    NodeType::Resolution,
    NodeType::Target,
    NodeType::TargetResult,
    NodeType::Review,
    NodeType::Rating,
    NodeType::Source,
    NodeType::DataQualityIssue,
    NodeType::AuditEvent,
];

/// Strings that have broken servers before: SQL, LIKE wildcards, escapes, NUL and other control
/// characters, bidi overrides, combining marks alone, astral and non-character code points.
const HOSTILE: &[&str] = &[
    "",
    " ",
    "%",
    "_",
    "%_%",
    "\\",
    "\\%",
    "'",
    "\"",
    "''",
    "'; DROP TABLE organizations; --",
    "' OR '1'='1",
    "1); SELECT pg_sleep(10); --",
    "Robert'); DROP TABLE people;--",
    "\u{0}",
    "Cự\u{0}Khối",
    "\u{7}\u{1b}[31m",
    "\u{202E}gnáhT",
    "\u{200B}\u{FEFF}",
    "\u{301}",
    "\u{301}\u{303}\u{309}a",
    "İ",
    "Ἀθῆναι",
    "ß ẞ ǅ",
    "👨‍👩‍👧‍👦",
    "\u{10FFFF}",
    "\u{FFFF}\u{FFFE}",
    "\u{D7FF}",
    "\r\n\t",
    "null",
    "undefined",
    "NaN",
    "<script>alert(1)</script>",
    "${jndi:ldap://example.invalid/a}",
    "../../../../etc/passwd",
    "%00",
    "\\u0000",
    "{{7*7}}",
    "Đảng bộ phường Cự Khối",
    "Đảng bộ phường Cự Khối\u{a0}\u{a0}",
    "ĐỒNG CHÍ",
    "đ/c",
    "Đ/c Nguyễn Huy Hoàng",
    "Hoà Bình",
    "cu kh",
    "khoi",
    "Sài Đồng",
    "Phù Vân",
    "Ngô Văn An",
    "Nguyễn",
    "đ",
    "Ð",
];

const SYMBOLS: &[&str] = &[
    "15-NQ/TW",
    "01- CT/TU",
    "05-CT/TW",
    "15-NQ",
    "15",
    "qđ",
    "124-QĐ/TW",
    "11-QĐi/TW",
    "0-NQ/TW",
    "1234567-NQ/TW",
    "1-NQ/ABCDEFGHIJK",
    "3-TB/ĐU-VP",
    "3-TB/đu - vp",
    "1-QD/TW",
    "15-NQ/TW/VP",
    "-",
    "/",
    "%",
];

/// Dates the scalar accepts that sit at the edges: leap days, year 1 and 9999, chrono's own
/// limits, padding.
const ODD_DATES: &[&str] = &[
    "2024-02-29",
    "2000-02-29",
    "0000-01-01",
    "0001-01-01",
    "1930-02-03",
    "9999-12-31",
    "+262142-12-31",
    "-262143-01-01",
    "1970-01-01",
    "2025-07-01",
    "2015-04-27",
    " 2024-01-01 ",
    "2023-1-1",
];

/// Text the `Date` scalar must refuse.
const BAD_DATES: &[&str] = &[
    "2023-02-30",
    "2023-13-01",
    "2023-00-10",
    "2023-01-00",
    "1900-02-29",
    "+262143-01-01",
    "",
    "today",
    "2024-01-01T00:00:00Z",
    "2024/01/01",
    "01-01-2024",
    "२०२४-०१-०१",
];

const DATE_TIMES: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00+07:00",
    "1970-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "2025-07-18T08:30:00.5-12:00",
];

const BAD_DATE_TIMES: &[&str] = &["2024-13-01T00:00:00Z", "2024-01-01", "yesterday", "", "1e9"];

/// Decimals the scalar accepts: zero and minus zero, many places, exponents, the largest and
/// smallest magnitudes, and more digits than it keeps.
const DECIMALS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "1.5",
    "138.8",
    "116.67",
    "-12.345678",
    "1e5",
    "1E-7",
    "1e28",
    "1e-28",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "7.0000000000000000000000000000000000001",
    " 42 ",
    "+5",
];

/// Text the `Decimal` scalar must refuse.
const BAD_DECIMALS: &[&str] = &[
    "1e29",
    "1e-29",
    "79228162514264337593543950336",
    "123456789012345678901234567890.123",
    "NaN",
    "Infinity",
    "",
    "abc",
    "1,5",
    "1 000",
    "--5",
    "1e",
    "0x10",
];

/// Numbers written as JSON or GraphQL number tokens that are also decimals.
const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "7",
    "100",
    "2147483647",
    "-2147483648",
    "2147483648",
    "9223372036854775807",
    "18446744073709551615",
    "138.8",
    "-0.0",
    "0.1",
    "1e-7",
];

const LISTS: &[&str] = &[
    "organizations",
    "congresses",
    "people",
    "documents",
    "dataQualityIssues",
    "auditEvents",
    "changes",
];

// ---------------------------------------------------------------------------------------------
// Base64 (URL-safe, no padding), to forge IDs and cursors
// ---------------------------------------------------------------------------------------------

const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(BASE64[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let sextets: Vec<u32> = text
        .bytes()
        .map(|b| BASE64.iter().position(|&c| c == b).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |acc, (i, s)| acc | (s << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push(((n >> (16 - 8 * i)) & 0xFF) as u8);
        }
    }
    Some(out)
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Requests
// ---------------------------------------------------------------------------------------------

/// A request as planned, kept so that a failure can print exactly what was sent.
#[derive(Clone, Debug)]
struct Planned {
    method: &'static str,
    uri: String,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    /// A well-formed GraphQL request that the GraphQL layer must answer in JSON.
    graphql: bool,
}

impl Planned {
    /// A POST of `body` as JSON; `graphql` says it is meant as a GraphQL request, which it is
    /// only if a JSON parser can read it (a number such as 1e400 is out of every parser's range).
    fn post(body: impl Into<Vec<u8>>, graphql: bool) -> Self {
        let body = body.into();
        let graphql = graphql && serde_json::from_slice::<Value>(&body).is_ok();
        Self {
            method: "POST",
            uri: "/graphql".to_owned(),
            headers: vec![("content-type", "application/json".to_owned())],
            body,
            graphql,
        }
    }

    fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.retain(|(existing, _)| *existing != name);
        self.headers.push((name, value.into()));
        self
    }

    fn without_header(mut self, name: &str) -> Self {
        self.headers.retain(|(existing, _)| *existing != name);
        self
    }

    fn build(&self) -> Option<Request<Body>> {
        let mut builder = Request::builder().method(self.method).uri(self.uri.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(*name, value.as_str());
        }
        builder.body(Body::from(self.body.clone())).ok()
    }

    fn describe(&self, admin: &str) -> String {
        let mut out = format!("{} {}\n", self.method, clip(&self.uri, 2_000));
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {}\n", value.replace(admin, "<admin token>")));
        }
        out.push('\n');
        out.push_str(&clip(&String::from_utf8_lossy(&self.body), 6_000));
        out
    }
}

fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

struct Answer {
    status: StatusCode,
    content_type: String,
    body: Vec<u8>,
}

/// Sends a request on a task of its own, so that a panic in a handler is reported as a finding
/// (with the request that caused it) instead of ending the run.
async fn send(app: &TestApp, planned: &Planned) -> Result<Answer, String> {
    let Some(request) = planned.build() else {
        return Err("the test could not build this request".to_owned());
    };
    let router = app.app.router();
    let task = tokio::spawn(async move {
        let response = router.oneshot(request).await.unwrap_or_else(|never| match never {});
        let status = response.status();
        let content_type = response
            .headers()
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        let body = response.into_body().collect().await.map(|b| b.to_bytes().to_vec());
        (status, content_type, body)
    });
    match tokio::time::timeout(Duration::from_secs(30), task).await {
        Err(_) => Err("no answer within 30 seconds".to_owned()),
        Ok(Err(join)) => {
            let message = if join.is_panic() {
                let payload = join.into_panic();
                payload
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| payload.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic without a message".to_owned())
            } else {
                "the task was cancelled".to_owned()
            };
            Err(format!("the server panicked: {message}"))
        }
        Ok(Ok((_, _, Err(error)))) => Err(format!("the body could not be read: {error}")),
        Ok(Ok((status, content_type, Ok(body)))) => Ok(Answer {
            status,
            content_type,
            body,
        }),
    }
}

/// What the run saw, and every request that broke a rule.
struct Run {
    seed: u64,
    admin: String,
    sent: usize,
    statuses: BTreeMap<u16, usize>,
    codes: BTreeMap<String, usize>,
    /// GraphQL responses with at least one root field resolved to a value.
    with_data: usize,
    /// Root fields (or their aliases) that resolved to a value, and how often.
    resolved: BTreeMap<String, usize>,
    /// With `FUZZ_VERBOSE` set: how often each error message (cut short) came back.
    messages: Option<BTreeMap<String, usize>>,
    failures: Vec<String>,
}

impl Run {
    fn new(seed: u64, admin: &str) -> Self {
        Self {
            seed,
            admin: admin.to_owned(),
            sent: 0,
            statuses: BTreeMap::new(),
            codes: BTreeMap::new(),
            with_data: 0,
            resolved: BTreeMap::new(),
            messages: std::env::var_os("FUZZ_VERBOSE").map(|_| BTreeMap::new()),
            failures: Vec::new(),
        }
    }

    fn fail(&mut self, label: &str, planned: &Planned, problem: &str, answer: Option<&Answer>) {
        let response = answer
            .map(|a| {
                format!(
                    "{} ({})\n{}",
                    a.status,
                    a.content_type,
                    clip(&String::from_utf8_lossy(&a.body), 4_000)
                )
            })
            .unwrap_or_else(|| "(no response)".to_owned());
        // The whole body, for requests too long to print.
        let file = std::env::temp_dir().join(format!(
            "fuzz-seed{}-{}.body",
            self.seed,
            label.replace(|c: char| !c.is_ascii_alphanumeric(), "-")
        ));
        let saved = match std::fs::write(&file, &planned.body) {
            Ok(()) => format!(" (whole body in {})", file.display()),
            Err(_) => String::new(),
        };
        let report = format!(
            "[seed {} · {label}] {problem}\n--- request{saved} ---\n{}\n--- response ---\n{response}\n",
            self.seed,
            planned.describe(&self.admin)
        );
        eprintln!("FUZZ FAILURE {report}");
        self.failures.push(report);
    }

    /// Sends a request and checks its answer; returns the JSON body when there is one.
    async fn exchange(&mut self, app: &TestApp, label: &str, planned: &Planned) -> Option<Value> {
        self.sent += 1;
        let answer = match send(app, planned).await {
            Ok(answer) => answer,
            Err(problem) => {
                self.fail(label, planned, &problem, None);
                return None;
            }
        };
        *self.statuses.entry(answer.status.as_u16()).or_default() += 1;
        if answer.status.is_server_error() {
            self.fail(label, planned, &format!("answered {}", answer.status), Some(&answer));
            return None;
        }
        if !ALLOWED_STATUSES.contains(&answer.status.as_u16()) {
            self.fail(
                label,
                planned,
                &format!("answered an unexpected {}", answer.status),
                Some(&answer),
            );
        }
        let json: Option<Value> = serde_json::from_slice(&answer.body).ok();
        let Some(json) = json else {
            // A body over the limit is refused before it is read as GraphQL.
            let refused_unread = answer.status == StatusCode::PAYLOAD_TOO_LARGE;
            if (planned.graphql && !refused_unread) || answer.content_type.contains("json") {
                self.fail(label, planned, "the body is not JSON", Some(&answer));
            }
            return None;
        };
        let responses: Vec<&Value> = match &json {
            Value::Array(list) => list.iter().collect(),
            single => vec![single],
        };
        for response in responses {
            if response.get("data").is_none() && response.get("errors").is_none() {
                self.fail(label, planned, "a response with neither data nor errors", Some(&answer));
            }
            if let Some(data) = response["data"].as_object() {
                if data.values().any(|v| !v.is_null()) {
                    self.with_data += 1;
                }
                for (field, value) in data {
                    if !value.is_null() {
                        *self.resolved.entry(field.clone()).or_default() += 1;
                    }
                }
            }
            for error in response["errors"].as_array().into_iter().flatten() {
                if let (Some(messages), Some(message)) = (self.messages.as_mut(), error["message"].as_str()) {
                    *messages.entry(clip(message, 90)).or_default() += 1;
                }
                match error["extensions"]["code"].as_str() {
                    None => self.fail(
                        label,
                        planned,
                        &format!("an error without a code: {error}"),
                        Some(&answer),
                    ),
                    Some("INTERNAL") => {
                        self.fail(label, planned, &format!("an INTERNAL error: {error}"), Some(&answer));
                    }
                    Some(code) => *self.codes.entry(code.to_owned()).or_default() += 1,
                }
            }
        }
        Some(json)
    }

    fn finish(self, what: &str, started: Instant) {
        if let Some(messages) = &self.messages {
            let mut by_count: Vec<_> = messages.iter().collect();
            by_count.sort_by(|a, b| b.1.cmp(a.1));
            for (message, count) in by_count {
                eprintln!("{count:5} × {message}");
            }
            eprintln!("resolved root fields: {:?}", self.resolved);
        }
        eprintln!(
            "{what}: seed {}, {} requests in {:.1?}; statuses {:?}; error codes {:?}; {} responses with data",
            self.seed,
            self.sent,
            started.elapsed(),
            self.statuses,
            self.codes,
            self.with_data
        );
        assert!(
            self.failures.is_empty(),
            "{} of {} requests broke the rules (rerun with FUZZ_SEED={}):\n\n{}",
            self.failures.len(),
            self.sent,
            self.seed,
            self.failures.iter().take(12).cloned().collect::<Vec<_>>().join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

#[derive(Default)]
struct Variables {
    declarations: Vec<String>,
    values: Vec<String>,
}

struct Fuzzer {
    rng: StdRng,
    schema: Rc<Schema>,
    /// IDs seen in responses, by node type name.
    ids: BTreeMap<&'static str, Vec<String>>,
    cursors: Vec<String>,
    idempotency_keys: Vec<String>,
    aliases: usize,
    /// Whether the current request may break the schema's rules (wrong types, unknown fields,
    /// missing arguments); otherwise it is well-typed and only its values are hostile.
    dirty: bool,
}

impl Fuzzer {
    fn new(seed: u64, schema: Schema) -> Self {
        Self {
            rng: StdRng::seed_from_u64(seed),
            schema: Rc::new(schema),
            ids: BTreeMap::new(),
            cursors: Vec::new(),
            idempotency_keys: Vec::new(),
            aliases: 0,
            dirty: false,
        }
    }

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    /// A chance to break the schema's rules, taken only in a dirty request.
    fn invalid(&mut self, p: f64) -> bool {
        self.dirty && self.chance(p)
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items.choose(&mut self.rng).cloned().expect("a non-empty list")
    }

    /// Remembers the IDs and cursors of a response, to send them back later.
    fn learn(&mut self, value: &Value) {
        match value {
            Value::Object(map) => {
                for (key, item) in map {
                    if let (true, Value::String(cursor)) =
                        (matches!(key.as_str(), "cursor" | "endCursor" | "startCursor"), item)
                        && !self.cursors.contains(cursor)
                        && self.cursors.len() < 200
                    {
                        self.cursors.push(cursor.clone());
                    }
                    self.learn(item);
                }
            }
            Value::Array(items) => items.iter().for_each(|item| self.learn(item)),
            Value::String(text) => {
                if let Some((node_type, _)) = decode(text) {
                    let list = self.ids.entry(node_type.name()).or_default();
                    if !list.contains(text) && list.len() < 200 {
                        list.push(text.clone());
                    }
                }
            }
            _ => {}
        }
    }

    fn known_id(&mut self, node_type: Option<&str>) -> Option<String> {
        let list: Vec<String> = match node_type {
            Some(name) => self.ids.get(name).cloned().unwrap_or_default(),
            None => self.ids.values().flatten().cloned().collect(),
        };
        list.choose(&mut self.rng).cloned()
    }

    // --- scalars ---

    fn hostile_string(&mut self) -> String {
        match self.rng.random_range(0..20) {
            0 => "x".repeat(self.rng.random_range(150..6_000)),
            1 => "Đảng bộ phường Cự Khối ".repeat(self.rng.random_range(10..2_500)),
            2 => {
                let len = self.rng.random_range(1..40);
                (0..len).map(|_| self.rng.random::<char>()).collect()
            }
            3 => {
                let len = self.rng.random_range(1..30);
                (0..len)
                    .map(|_| char::from(self.rng.random_range(0x20_u8..0x7F)))
                    .collect()
            }
            4 => format!("{}{}", self.pick(HOSTILE), self.pick(HOSTILE)),
            _ => self.pick(HOSTILE).to_owned(),
        }
    }

    fn vietnamese_name(&mut self) -> String {
        let family = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Ngô", "Đào"];
        let middle = ["Văn", "Thị", "Quốc", "Minh", "Ngọc", "Tiến"];
        let given = ["An", "Bình", "Dũng", "Hoà", "Thuỷ", "Khoẻ", "Hương", "Toản", "Huy"];
        let honorific = ["", "", "", "đồng chí ", "Đ/c ", "ĐC ", "comrade "];
        let name = format!(
            "{}{} {} {}",
            self.pick(&honorific),
            self.pick(&family),
            self.pick(&middle),
            self.pick(&given)
        );
        if self.chance(0.2) {
            unicode_normalization::UnicodeNormalization::nfd(name.as_str()).collect()
        } else {
            name
        }
    }

    fn string(&mut self, name: &str, field: &str) -> String {
        if self.chance(0.3) {
            return self.hostile_string();
        }
        match name {
            "search" => self
                .pick(&[
                    "Cự Khối",
                    "cu khoi",
                    "CU KH",
                    "phường",
                    "Đảng bộ",
                    "Sài Đồng",
                    "Phù Vân",
                    "Hoà",
                    "Hòa",
                    "Nguyễn",
                    "ngo van",
                    "Uỷ",
                    "a",
                ])
                .to_owned(),
            "symbol" | "decisionSymbol" => self.pick(SYMBOLS).to_owned(),
            "after" => self.cursor(field),
            "fullName" | "name" => self.vietnamese_name(),
            "url" => self
                .pick(&[
                    "https://example.org/bai-viet?id=1",
                    "javascript:alert(1)",
                    "ftp://x",
                    "not a url",
                ])
                .to_owned(),
            "idempotencyKey" => {
                if self.chance(0.4)
                    && let Some(key) = self.idempotency_keys.choose(&mut self.rng).cloned()
                {
                    return key;
                }
                let key = format!("fuzz-{}", self.rng.random::<u32>());
                self.idempotency_keys.push(key.clone());
                key
            }
            "rule" => self
                .pick(&["declared_target_count", "id_type", "page_size", "nope"])
                .to_owned(),
            "operation" => self
                .pick(&[
                    "submitCongressResult",
                    "createOrganization",
                    "recordOrganizationStats",
                    "x",
                ])
                .to_owned(),
            "reason" | "note" | "title" | "summary" | "motto" | "text" | "label" | "role" | "publisher" | "author"
            | "unit" => self
                .pick(&[
                    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
                    "nhập nhầm nhiệm kỳ",
                    "Báo cáo kết quả Đại hội",
                    "Kết nạp từ 6-8 đảng viên mới mỗi năm",
                    "100% chi bộ hoàn thành tốt nhiệm vụ trở lên",
                    "đảng viên",
                ])
                .to_owned(),
            _ => self.hostile_string(),
        }
    }

    /// A cursor for the list `field`: mostly one the server gave out for that list, else one of
    /// another list, a forged one, or garbage.
    fn cursor(&mut self, field: &str) -> String {
        let own: Vec<String> = self
            .cursors
            .iter()
            .filter(|cursor| cursor_list(cursor).as_deref() == Some(field))
            .cloned()
            .collect();
        let roll = self.rng.random_range(0..100);
        let clean_share = if self.dirty { 40 } else { 85 };
        if roll < clean_share
            && let Some(cursor) = own.choose(&mut self.rng)
        {
            return cursor.clone();
        }
        match self.rng.random_range(0..10) {
            0..3 => self
                .cursors
                .choose(&mut self.rng)
                .cloned()
                .unwrap_or_else(|| "bogus".to_owned()),
            3..8 => self.forged_cursor(),
            _ => self.hostile_string(),
        }
    }

    /// A real cursor taken apart, its key changed (numbers out of range, hostile strings, wrong
    /// types), and put back together, sometimes under another list's name.
    fn forged_cursor(&mut self) -> String {
        let real = self.cursors.choose(&mut self.rng).cloned();
        let decoded = real
            .as_deref()
            .and_then(base64_decode)
            .and_then(|bytes| String::from_utf8(bytes).ok());
        let (list, body) = match decoded.as_deref().and_then(|text| text.split_once('|')) {
            Some((list, body)) => (list.to_owned(), body.to_owned()),
            None => (
                "organizations".to_owned(),
                json!({ "rank": 0, "key": "a", "id": 1 }).to_string(),
            ),
        };
        let list = if self.chance(0.2) {
            self.pick(LISTS).to_owned()
        } else {
            list
        };
        let body = match serde_json::from_str::<Value>(&body) {
            Ok(value) if !self.chance(0.1) => self.mutate_json(value, 0.5).to_string(),
            _ => self.hostile_string(),
        };
        base64_encode(format!("{list}|{body}").as_bytes())
    }

    /// Replaces leaves of a JSON value, each with probability `p`, by hostile ones of any type.
    fn mutate_json(&mut self, value: Value, p: f64) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, item) in map {
                    if self.chance(p / 10.0) {
                        continue; // a field left out
                    }
                    let item = self.mutate_json(item, p);
                    out.insert(key, item);
                }
                if self.chance(p / 10.0) {
                    out.insert("unexpected".to_owned(), json!(true));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.into_iter().map(|item| self.mutate_json(item, p)).collect()),
            _ if self.chance(p) => match self.rng.random_range(0..6) {
                0 => json!(self.pick(&[0_i64, -1, 1, i64::MAX, i64::MIN, 2_147_483_648])),
                1 => json!(self.pick(&[1.5_f64, -0.0, 1e300])),
                2 => Value::Null,
                3 => json!(self.pick(ODD_DATES)),
                4 => json!(self.pick(DECIMALS)),
                _ => Value::String(self.hostile_string()),
            },
            leaf => leaf,
        }
    }

    fn int(&mut self, name: &str) -> String {
        if self.chance(0.08) {
            let extremes: &[&str] = if self.dirty {
                &[
                    "2147483648",
                    "-2147483649",
                    "9223372036854775807",
                    "99999999999999999999999",
                    "1.0",
                ]
            } else {
                &["0", "-1", "2147483647", "-2147483648"]
            };
            return self.pick(extremes).to_owned();
        }
        let lower = name.to_ascii_lowercase();
        let value: i64 = if lower.contains("year") {
            if self.chance(0.1) {
                self.pick(&[0, -1, 1, 1929, 2201, 9999, 10_000, 262_143])
            } else {
                self.rng.random_range(1990..=2035)
            }
        } else if lower == "first" {
            self.rng.random_range(0..=12)
        } else if lower == "ordinal" {
            self.rng.random_range(1..=30)
        } else {
            self.rng.random_range(-3..=400)
        };
        value.to_string()
    }

    fn id(&mut self, arg: &str, field: &str) -> String {
        let expected = expected_node_type(arg, field);
        // Shares of: a known ID of the expected type, of any type, a made-up one, garbage.
        let (right, any, made_up) = if self.dirty { (55, 70, 82) } else { (88, 93, 97) };
        let roll = self.rng.random_range(0..100);
        if roll < right
            && let Some(id) = self.known_id(expected).or_else(|| self.known_id(None))
        {
            return id;
        }
        if roll < any
            && let Some(id) = self.known_id(None)
        {
            return id;
        }
        if roll < made_up {
            let node_type = self.pick(&NODE_TYPES);
            let key = self.pick(&[1, 2, 3, 7, 50, 999_999, i64::MAX]);
            return encode(node_type, key).0;
        }
        let forged = [
            "Organization:0",
            "Organization:-1",
            "Organization:99999999999999999999",
            "Organization:+1",
            "Organization:1 ",
            "Bogus:1",
            "Organization",
            ":",
            "",
        ];
        match self.rng.random_range(0..4) {
            0 => base64_encode(self.pick(&forged).as_bytes()),
            1 => {
                let id = self.known_id(None).unwrap_or_default();
                format!("{id}{}", self.pick(&["=", "==", " ", "\u{0}", "A", "%3D"]))
            }
            _ => self.hostile_string(),
        }
    }

    fn date(&mut self) -> String {
        if self.chance(0.3) {
            let pool = if self.dirty && self.chance(0.5) {
                BAD_DATES
            } else {
                ODD_DATES
            };
            return self.pick(pool).to_owned();
        }
        let year = if self.chance(0.9) {
            self.rng.random_range(2000..=2025)
        } else {
            self.rng.random_range(1930..=2035)
        };
        let month = self.rng.random_range(1..=12);
        let day = self.rng.random_range(1..=28);
        format!("{year}-{month:02}-{day:02}")
    }

    fn date_time(&mut self) -> String {
        if self.dirty && self.chance(0.3) {
            return self.pick(BAD_DATE_TIMES).to_owned();
        }
        self.pick(DATE_TIMES).to_owned()
    }

    fn decimal(&mut self) -> Val {
        if self.dirty && self.chance(0.2) {
            return match self.rng.random_range(0..3) {
                0 => Val::Float(self.pick(&["1e400", "1.7976931348623157e308", "5e-324"]).to_owned()),
                1 => Val::Int("100000000000000000000000000000000".to_owned()),
                _ => Val::Str(self.pick(BAD_DECIMALS).to_owned()),
            };
        }
        match self.rng.random_range(0..10) {
            0..3 => Val::Str(self.pick(DECIMALS).to_owned()),
            3 => {
                let text = self.pick(NUMBERS);
                if text.contains(['.', 'e']) {
                    Val::Float(text.to_owned())
                } else {
                    Val::Int(text.to_owned())
                }
            }
            4 => Val::Float(format!(
                "{}.{}",
                self.rng.random_range(0..1000),
                self.rng.random_range(1..100)
            )),
            5 => Val::Int(self.rng.random_range(-10..=500).to_string()),
            _ => {
                let whole = self.rng.random_range(0..=150);
                let cents = self.rng.random_range(0..100);
                Val::Str(format!("{whole}.{cents:02}"))
            }
        }
    }

    // --- composite values ---

    fn value(&mut self, ty: &Ty, name: &str, field: &str, depth: usize) -> Val {
        match ty {
            Ty::NonNull(inner) => {
                if self.invalid(0.015) {
                    Val::Null
                } else {
                    self.value_of(inner, false, name, field, depth)
                }
            }
            nullable => self.value_of(nullable, true, name, field, depth),
        }
    }

    fn value_of(&mut self, ty: &Ty, nullable: bool, name: &str, field: &str, depth: usize) -> Val {
        if nullable && self.chance(0.03) {
            return Val::Null;
        }
        match ty {
            Ty::NonNull(_) => self.value(ty, name, field, depth),
            Ty::List(inner) => {
                if self.chance(0.04) {
                    // A single value where a list is expected: coerced into a list of one.
                    return self.value(inner, name, field, depth + 1);
                }
                let leaf = self.schema.is_leaf(inner.name());
                let len = match self.rng.random_range(0..100) {
                    0..15 => 0,
                    15..92 => self.rng.random_range(1..=3),
                    _ if leaf => self.rng.random_range(20..=120),
                    _ => self.rng.random_range(4..=8),
                };
                let len = if depth > 3 && !leaf { 0 } else { len };
                Val::List((0..len).map(|_| self.value(inner, name, field, depth + 1)).collect())
            }
            Ty::Named(type_name) => {
                if self.invalid(0.025) {
                    // A value of the wrong kind.
                    return self.pick(&[
                        Val::Str("1".to_owned()),
                        Val::Int("1".to_owned()),
                        Val::Bool(true),
                        Val::Obj(Vec::new()),
                        Val::List(Vec::new()),
                        Val::Float("1.5".to_owned()),
                    ]);
                }
                self.named_value(type_name, name, field, depth)
            }
        }
    }

    fn named_value(&mut self, type_name: &str, name: &str, field: &str, depth: usize) -> Val {
        let schema = Rc::clone(&self.schema);
        let def = schema.def(type_name);
        match def.kind.as_str() {
            "ENUM" => {
                if self.invalid(0.06) {
                    Val::Enum(self.pick(&["NOT_A_VALUE", "secretary", "true", "null_"]).to_owned())
                } else {
                    Val::Enum(self.pick(&def.enum_values))
                }
            }
            "INPUT_OBJECT" => self.input_object(def, depth),
            _ => match type_name {
                "String" => Val::Str(self.string(name, field)),
                "Int" => Val::Int(self.int(name)),
                "Float" => Val::Float(self.pick(NUMBERS).to_owned()),
                "Boolean" => Val::Bool(if name == "dryRun" {
                    self.chance(0.6)
                } else {
                    self.chance(0.5)
                }),
                "ID" => Val::Str(self.id(name, field)),
                "Date" => Val::Str(self.date()),
                "DateTime" => Val::Str(self.date_time()),
                "Decimal" => self.decimal(),
                _ => Val::Str(self.hostile_string()),
            },
        }
    }

    fn input_object(&mut self, def: &TypeDef, depth: usize) -> Val {
        let mut fields = Vec::new();
        for input in &def.input_fields {
            let include = if input.required() {
                !self.invalid(0.03)
            } else {
                depth < 3 && self.chance(0.45)
            };
            if include {
                let value = self.value(&input.ty, &input.name, "", depth + 1);
                fields.push((input.name.clone(), value));
            }
        }
        self.harmonize(&mut fields);
        if self.invalid(0.04) {
            fields.push(("unknownField".to_owned(), Val::Str("surprise".to_owned())));
        }
        Val::Obj(fields)
    }

    /// Makes related fields agree most of the time (a term of five years, a congress held in
    /// its first year), so that more inputs pass validation and reach the writes.
    fn harmonize(&mut self, fields: &mut [(String, Val)]) {
        let int_of = |fields: &[(String, Val)], name: &str| {
            fields
                .iter()
                .find(|(field, _)| field == name)
                .and_then(|(_, value)| value.as_int())
        };
        for (start_name, end_name) in [("termStartYear", "termEndYear"), ("startYear", "endYear")] {
            let Some(start) = int_of(fields, start_name).filter(|year| (1900..=2100).contains(year)) else {
                continue;
            };
            if self.chance(0.75) {
                for (field, value) in fields.iter_mut() {
                    if field == end_name {
                        *value = Val::Int((start + 5).to_string());
                    }
                }
            }
            if self.chance(0.7) {
                let month = self.rng.random_range(1..=9);
                for (field, value) in fields.iter_mut() {
                    match field.as_str() {
                        "openedOn" => *value = Val::Str(format!("{start}-{month:02}-10")),
                        "closedOn" => *value = Val::Str(format!("{start}-{month:02}-11")),
                        _ => {}
                    }
                }
            }
        }
        if let Some(year) = int_of(fields, "year").filter(|year| (1900..=2100).contains(year))
            && self.chance(0.6)
        {
            let from = year - self.rng.random_range(0..3);
            for (field, value) in fields.iter_mut() {
                if field == "yearFrom" {
                    *value = Val::Int(from.to_string());
                }
            }
        }
    }

    // --- documents ---

    fn arguments(&mut self, field: &Field, variables: &mut Variables) -> String {
        let mut parts = Vec::new();
        for arg in &field.args {
            let include = if arg.required() {
                !self.invalid(0.03)
            } else if arg.name == "dryRun" {
                self.chance(0.9)
            } else {
                self.chance(0.45)
            };
            if !include {
                continue;
            }
            let value = self.value(&arg.ty, &arg.name, &field.name, 0);
            if self.chance(0.4) {
                let name = format!("v{}", variables.declarations.len());
                let declared = if self.invalid(0.03) {
                    self.pick(&["String", "Int!", "[ID]", "Boolean", "NoSuchType"])
                        .to_owned()
                } else {
                    arg.ty.sdl()
                };
                variables.declarations.push(format!("${name}: {declared}"));
                variables
                    .values
                    .push(format!("{}:{}", json_string(&name), value.json()));
                parts.push(format!("{}: ${name}", arg.name));
            } else {
                parts.push(format!("{}: {}", arg.name, value.literal()));
            }
        }
        if self.invalid(0.01) {
            parts.push("notAnArgument: 1".to_owned());
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("({})", parts.join(", "))
        }
    }

    fn selection(&mut self, type_name: &str, depth: usize, variables: &mut Variables) -> String {
        let schema = Rc::clone(&self.schema);
        let def = schema.def(type_name);
        match def.kind.as_str() {
            "OBJECT" => self.object_selection(def, depth, variables),
            "INTERFACE" | "UNION" => {
                let mut parts = vec!["__typename".to_owned()];
                if !def.fields.is_empty() && self.chance(0.5) {
                    parts.push(self.object_selection(def, depth, variables));
                }
                let count = self.rng.random_range(1..=2);
                for _ in 0..count {
                    let possible = if self.invalid(0.03) {
                        "ReportSummary".to_owned()
                    } else {
                        self.pick(&def.possible_types)
                    };
                    let inner = self.object_selection(schema.def(&possible), depth, variables);
                    parts.push(format!("... on {possible} {{ {inner} }}"));
                }
                parts.join(" ")
            }
            _ => String::new(),
        }
    }

    fn object_selection(&mut self, def: &TypeDef, depth: usize, variables: &mut Variables) -> String {
        let mut parts = Vec::new();
        if def.fields.iter().any(|field| field.name == "id") && self.chance(0.8) {
            parts.push("id".to_owned());
        }
        let count = self.rng.random_range(1..=4).min(def.fields.len());
        let chosen: Vec<Field> = def.fields.iter().cloned().choose_multiple(&mut self.rng, count);
        for field in chosen {
            let leaf = self.schema.is_leaf(field.ty.name());
            if !leaf && depth >= MAX_DEPTH {
                continue;
            }
            let alias = if self.chance(0.05) {
                self.aliases += 1;
                format!("alias{}: ", self.aliases)
            } else {
                String::new()
            };
            let args = self.arguments(&field, variables);
            if leaf {
                parts.push(format!("{alias}{}{args}", field.name));
            } else {
                let inner = self.selection(field.ty.name(), depth + 1, variables);
                parts.push(format!("{alias}{}{args} {{ {inner} }}", field.name));
            }
        }
        if parts.is_empty() || self.chance(0.05) {
            parts.push("__typename".to_owned());
        }
        parts.join(" ")
    }

    /// One operation: a document and its variables as JSON text.
    fn operation(&mut self, mutation: bool) -> (String, String) {
        let schema = Rc::clone(&self.schema);
        let root = schema.def(if mutation { &schema.mutation } else { &schema.query });
        let fields: Vec<&Field> = root.fields.iter().filter(|f| !f.name.starts_with("__")).collect();
        let count = if mutation {
            if self.chance(0.1) { 2 } else { 1 }
        } else {
            self.rng.random_range(1..=3)
        };
        let mut variables = Variables::default();
        let mut body = Vec::new();
        for index in 0..count {
            // The writes with the most rules get more turns than the others.
            let favourite = match self.rng.random_range(0..10) {
                0..3 if mutation => fields.iter().find(|f| f.name == "submitCongressResult"),
                3 if mutation => fields.iter().find(|f| f.name == "recordTargetResults"),
                _ => None,
            };
            let field = match favourite {
                Some(field) => (*field).clone(),
                None => (*fields.choose(&mut self.rng).expect("root fields")).clone(),
            };
            let alias = if index > 0 {
                format!("f{index}: ")
            } else {
                String::new()
            };
            if mutation && field.name == "submitCongressResult" && self.chance(0.6) {
                body.push(self.congress_result_from_template(&alias, &mut variables));
                continue;
            }
            let args = self.arguments(&field, &mut variables);
            if schema.is_leaf(field.ty.name()) {
                body.push(format!("{alias}{}{args}", field.name));
            } else {
                let inner = self.selection(field.ty.name(), 2, &mut variables);
                body.push(format!("{alias}{}{args} {{ {inner} }}", field.name));
            }
        }
        let keyword = if mutation { "mutation" } else { "query" };
        let header = if variables.declarations.is_empty() {
            String::new()
        } else {
            format!("({})", variables.declarations.join(", "))
        };
        let document = if !mutation && header.is_empty() && self.chance(0.3) {
            format!("{{ {} }}", body.join(" "))
        } else {
            format!("{keyword} Fuzz{header} {{ {} }}", body.join(" "))
        };
        (document, format!("{{{}}}", variables.values.join(",")))
    }

    /// A complete, valid congress result for a real organization, with a few leaves changed, so
    /// that the deepest write path runs with near-valid input.
    fn congress_result_from_template(&mut self, alias: &str, variables: &mut Variables) -> String {
        let organization = self.known_id(Some("Organization")).unwrap_or_default();
        let ordinal = self.rng.random_range(1..=30);
        let start = self.rng.random_range(2000..=2025);
        let template = json!({
            "organizationId": organization,
            "ordinal": ordinal, "termStartYear": start, "termEndYear": start + 5, "kind": "DELEGATES",
            "openedOn": format!("{start}-06-10"), "closedOn": format!("{start}-06-11"), "delegateCount": 150,
            "motto": "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
            "committees": [
                { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 5, "members": [
                    { "fullName": "Lê Văn Bình", "position": "SECRETARY" },
                    { "fullName": "Trần Thị Hạnh", "position": "STANDING_DEPUTY_SECRETARY" },
                    { "fullName": "đồng chí Phạm Minh Đức", "position": "MEMBER" } ] },
                { "kind": "STANDING", "formation": "ELECTED_BY_PLENUM", "seatCount": 3, "members": [
                    { "fullName": "Lê Văn Bình", "position": "SECRETARY" } ] }
            ],
            "resolution": {
                "title": "Nghị quyết Đại hội", "declaredTargetCount": 2, "symbol": "01-NQ/ĐH",
                "targets": [
                    { "text": "Kết nạp từ 6-8 đảng viên mới mỗi năm", "measure": "COUNT", "comparator": "RANGE",
                      "minValue": 6, "maxValue": "8", "period": "ANNUAL" },
                    { "text": "100% chi bộ hoàn thành tốt nhiệm vụ trở lên", "measure": "PERCENT",
                      "comparator": "AT_LEAST", "minValue": "100", "period": "ANNUAL",
                      "children": [ { "text": "trong đó 20% hoàn thành xuất sắc", "measure": "PERCENT",
                                      "comparator": "AT_LEAST", "minValue": "20" } ] }
                ]
            },
            "source": { "title": "Báo cáo kết quả Đại hội", "publishedOn": format!("{start}-06-12") }
        });
        let input = if self.dirty {
            self.mutate_json(template, 0.06)
        } else {
            template
        };
        let name = format!("v{}", variables.declarations.len());
        variables.declarations.push(format!("${name}: CongressResultInput!"));
        variables.values.push(format!("{}:{input}", json_string(&name)));
        let dry_run = if self.chance(0.6) { "true" } else { "false" };
        format!(
            "{alias}submitCongressResult(input: ${name}, dryRun: {dry_run}) {{ dryRun replayed warnings {{ rule path message }} congress {{ id ordinalRoman term committees {{ kind members {{ position person {{ id fullName }} }} }} resolution {{ targets {{ id minValue maxValue children {{ text }} }} }} }} }}"
        )
    }

    /// A random request: a query or a mutation, over POST (sometimes GET, sometimes batched),
    /// with or without a token.
    fn request(&mut self, admin: &str) -> Planned {
        self.dirty = self.chance(0.35);
        let mutation = self.chance(0.35);
        if !mutation && self.chance(0.05) {
            let batch: Vec<String> = (0..self.rng.random_range(2..=4))
                .map(|_| {
                    let (document, variables) = self.operation(false);
                    format!("{{\"query\":{},\"variables\":{variables}}}", json_string(&document))
                })
                .collect();
            return Planned::post(format!("[{}]", batch.join(",")), true).header("accept", "application/json");
        }
        let (document, variables) = self.operation(mutation);
        let with_admin = if mutation { 90 } else { 60 };
        let token = match self.rng.random_range(0..100) {
            0..3 => Some("not-a-token".to_owned()),
            roll if roll < with_admin => Some(admin.to_owned()),
            _ => None,
        };
        let accept = self.pick(&[
            Some("application/json"),
            Some("application/json"),
            Some("application/graphql-response+json"),
            Some("*/*"),
            None,
        ]);
        // GET only for what fits in a URL (the test's HTTP types refuse URIs over 64 KiB).
        let via_get = self.chance(if mutation { 0.03 } else { 0.1 }) && document.len() + variables.len() < 6_000;
        let mut planned = if via_get {
            let mut uri = format!("/graphql?query={}", percent_encode(&document));
            if variables != "{}" {
                uri.push_str(&format!("&variables={}", percent_encode(&variables)));
            }
            Planned {
                method: "GET",
                uri,
                headers: Vec::new(),
                body: Vec::new(),
                graphql: !mutation,
            }
        } else {
            let operation_name = match self.rng.random_range(0..20) {
                0 => ",\"operationName\":\"NotThere\"",
                1 => ",\"operationName\":null",
                2..8 => ",\"operationName\":\"Fuzz\"",
                _ => "",
            };
            let variables = if self.invalid(0.03) {
                "null".to_owned()
            } else {
                variables
            };
            Planned::post(
                format!(
                    "{{\"query\":{},\"variables\":{variables}{operation_name}}}",
                    json_string(&document)
                ),
                true,
            )
        };
        if let Some(accept) = accept {
            planned = planned.header("accept", accept);
        }
        if let Some(token) = token {
            let scheme = if self.chance(0.97) { "Bearer" } else { "Basic" };
            planned = planned.header("authorization", format!("{scheme} {token}"));
        }
        planned
    }
}

/// The node type an ID argument names, from its name ("congressId", "parentId") or its field
/// ("organization(id:)"); None for `node(id:)` and other IDs of any type.
fn expected_node_type(arg: &str, field: &str) -> Option<&'static str> {
    let base = arg
        .strip_suffix("Ids")
        .or_else(|| arg.strip_suffix("Id"))
        .unwrap_or(arg);
    let base = match base {
        "id" | "ids" => field,
        "parent" | "predecessor" | "successor" => "organization",
        other if other.to_ascii_lowercase().contains("organization") => "organization",
        other => other,
    };
    NODE_TYPES
        .iter()
        .map(|node_type| node_type.name())
        .find(|name| name.eq_ignore_ascii_case(base))
}

/// The list a cursor belongs to ("organizations|{...}" in base64).
fn cursor_list(cursor: &str) -> Option<String> {
    let text = String::from_utf8(base64_decode(cursor)?).ok()?;
    text.split_once('|').map(|(list, _)| list.to_owned())
}

async fn introspect(app: &TestApp, run: &mut Run) -> Schema {
    let planned =
        Planned::post(json!({ "query": INTROSPECTION }).to_string(), true).header("accept", "application/json");
    let response = run.exchange(app, "introspection", &planned).await.unwrap_or_default();
    assert!(response.get("errors").is_none(), "introspection failed: {response}");
    let schema = Schema::parse(&response["data"]);
    assert!(
        schema.def(&schema.query).fields.len() > 5 && schema.def(&schema.mutation).fields.len() > 5,
        "introspection describes the roots"
    );
    schema
}

/// Queries that fill the generator with real IDs and cursors before the random run.
const WARM_UP: &[&str] = &[
    "{ organizations(first: 20) { edges { cursor } pageInfo { endCursor } nodes { id placements { id } lineage { id } stats { id } ratings { id } sources { id } congresses { id committees { id members { id person { id } } } resolution { id document { id } targets { id results { id } } } reviews { id } } } } }",
    "{ people(first: 30) { pageInfo { endCursor } nodes { id } } documents(first: 30) { pageInfo { endCursor } nodes { id } } congresses(first: 30) { pageInfo { endCursor } nodes { id } } }",
    "{ dataQualityIssues(first: 20) { pageInfo { endCursor } nodes { id } } changes(first: 20) { pageInfo { endCursor } } }",
    "{ auditEvents(first: 20) { pageInfo { endCursor } nodes { id } } }",
];

async fn warm_up(app: &TestApp, run: &mut Run, fuzzer: &mut Fuzzer, admin: &str) {
    for query in WARM_UP {
        let planned = Planned::post(json!({ "query": query }).to_string(), true)
            .header("accept", "application/json")
            .header("authorization", format!("Bearer {admin}"));
        if let Some(response) = run.exchange(app, "warm-up", &planned).await {
            assert!(response.get("errors").is_none(), "warm-up query failed: {response}");
            fuzzer.learn(&response);
        }
    }
    for node_type in [
        "Organization",
        "Congress",
        "Committee",
        "Membership",
        "Person",
        "Target",
    ] {
        assert!(
            fuzzer.ids.get(node_type).is_some_and(|ids| !ids.is_empty()),
            "the sample data has a {node_type} to aim at"
        );
    }
}

#[tokio::test]
async fn random_queries_and_mutations_built_from_the_schema_never_crash_or_fail_internally() {
    let seed = env_number("FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let requests = env_number("FUZZ_REQUESTS").unwrap_or(DEFAULT_REQUESTS);
    eprintln!("schema fuzz: seed {seed} (replay with FUZZ_SEED={seed}), {requests} requests");
    let started = Instant::now();
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut run = Run::new(seed, &admin);
    let schema = introspect(&app, &mut run).await;
    let mut fuzzer = Fuzzer::new(seed, schema);
    warm_up(&app, &mut run, &mut fuzzer, &admin).await;
    for index in 0..requests {
        let planned = fuzzer.request(&admin);
        if let Some(response) = run.exchange(&app, &format!("request {index}"), &planned).await {
            fuzzer.learn(&response);
        }
    }
    if std::env::var_os("FUZZ_VERBOSE").is_some() {
        let known: Vec<_> = fuzzer
            .ids
            .iter()
            .map(|(node_type, ids)| (node_type, ids.len()))
            .collect();
        eprintln!("IDs known at the end: {known:?}; cursors: {}", fuzzer.cursors.len());
    }
    let with_data = run.with_data;
    run.finish("schema fuzz", started);
    // Mostly well-typed input must mostly reach the resolvers, or the run proves little.
    assert!(
        with_data * 4 >= requests,
        "only {with_data} of {requests} requests resolved a field; the generator sends too much garbage"
    );
}

// ---------------------------------------------------------------------------------------------
// Broken documents and bodies
// ---------------------------------------------------------------------------------------------

fn graphql_body(document: &str) -> String {
    json!({ "query": document }).to_string()
}

/// Documents that are not GraphQL, or are GraphQL of a hostile shape.
fn broken_documents(fuzzer: &mut Fuzzer) -> Vec<String> {
    let mut documents = Vec::new();
    // Valid operations cut off at a random character.
    fuzzer.dirty = true;
    for _ in 0..60 {
        let mutation = fuzzer.chance(0.3);
        let (document, _) = fuzzer.operation(mutation);
        let chars: Vec<char> = document.chars().collect();
        let cut = fuzzer.rng.random_range(0..chars.len());
        documents.push(chars[..cut].iter().collect());
    }
    // Random characters and token soup.
    let tokens = [
        "{",
        "}",
        "(",
        ")",
        "[",
        "]",
        ":",
        "$",
        "...",
        "@",
        "!",
        "=",
        "|",
        "&",
        "query",
        "mutation",
        "subscription",
        "fragment",
        "on",
        "organizations",
        "node",
        "id",
        "\"x\"",
        "\"\"\"block\"\"\"",
        "1",
        "-1.5e3",
        "true",
        "null",
        "Fuzz",
        "#",
        "\n",
        ",",
        "@include(if: true)",
        "__typename",
        "__schema",
    ];
    for _ in 0..40 {
        let len = fuzzer.rng.random_range(1..40);
        documents.push((0..len).map(|_| fuzzer.pick(&tokens)).collect::<Vec<_>>().join(" "));
    }
    for _ in 0..20 {
        let len = fuzzer.rng.random_range(1..200);
        documents.push((0..len).map(|_| fuzzer.rng.random::<char>()).collect());
    }
    // Deep nesting of every bracket the grammar has.
    for depth in [64, 1_000, 10_000, 100_000] {
        documents.push("{".repeat(depth));
        documents.push(format!("{}{}", "{ organizations ".repeat(depth), "}".repeat(depth)));
        documents.push(format!("{{ __typename{} }}", "(a: [".repeat(depth)));
        documents.push(format!(
            "{{ organizations(search: {}\"x\"{}) {{ totalCount }} }}",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
        documents.push(format!(
            "{{ organizations(search: {}1{}) {{ totalCount }} }}",
            "{a: ".repeat(depth),
            "}".repeat(depth)
        ));
        documents.push(format!(
            "query($v: {}Int{}) {{ __typename }}",
            "[".repeat(depth),
            "]".repeat(depth)
        ));
    }
    // Long fragment chains, many operations, and other odd but parseable documents.
    let chain: String = (0..300)
        .map(|i| format!("fragment F{i} on Query {{ ...F{} }} ", i + 1))
        .collect();
    documents.push(format!("{{ ...F0 }} {chain} fragment F300 on Query {{ __typename }}"));
    documents.push(format!("{{ ...F0 }} {chain} fragment F300 on Query {{ ...F0 }}"));
    documents.push((0..500).map(|i| format!("query Q{i} {{ __typename }} ")).collect());
    documents.push("query A { __typename } query A { __typename }".to_owned());
    documents.push("{ __typename } { __typename }".to_owned());
    documents.push("subscription { recordChanged { operation } }".to_owned());
    documents.push("fragment F on Query { __typename }".to_owned());
    documents.push("{ node(id: \"x\") { ... on Organization { name } ... on Nothing { x } } }".to_owned());
    documents.push("{ organizations(first: 1) { nodes { name(arg: 1) } } }".to_owned());
    documents.push("{ __type(name: \"Organization\") { fields { name } } }".to_owned());
    documents.push("\u{feff}{ __typename }".to_owned());
    documents.push(String::new());
    documents.push("   \n\t ".to_owned());
    documents.push("# only a comment".to_owned());
    documents.push(format!(
        "{{ organizations(search: \"{}\") {{ totalCount }} }}",
        "\\u0000".repeat(50)
    ));
    documents.push("{ organizations(search: \"\\uD800\") { totalCount } }".to_owned());
    documents.push("{ organizations(search: \"\\u{1F600}\") { totalCount } }".to_owned());
    documents
}

/// Bodies that are not a GraphQL request in JSON, with the content type they are sent as.
fn broken_bodies() -> Vec<(Vec<u8>, Option<&'static str>)> {
    let json = Some("application/json");
    let ok = graphql_body("{ __typename }");
    let mut bodies: Vec<(Vec<u8>, Option<&'static str>)> = [
        "",
        "{",
        "}",
        "null",
        "true",
        "123",
        "\"{ __typename }\"",
        "[]",
        "[null]",
        "[1, 2]",
        "{}",
        "{\"query\": 5}",
        "{\"query\": null}",
        "{\"query\": [\"{ __typename }\"]}",
        "{\"query\": \"{ __typename }\", \"variables\": \"x\"}",
        "{\"query\": \"{ __typename }\", \"variables\": [1]}",
        "{\"query\": \"{ __typename }\", \"variables\": \"{\\\"a\\\": 1}\"}",
        "{\"query\": \"{ __typename }\", \"operationName\": 5}",
        "{\"query\": \"{ __typename }\", \"extensions\": 5}",
        "{\"query\": \"{ __typename }\", \"extensions\": {\"persistedQuery\": {\"version\": 1, \"sha256Hash\": \"abc\"}}}",
        "{\"query\": \"{ __typename }\", \"query\": \"{ nope }\"}",
        "{\"query\": \"query($n: Int) { organizations(first: $n) { totalCount } }\", \"variables\": {\"n\": 1e999}}",
        "{\"query\": \"query($n: Int) { organizations(first: $n) { totalCount } }\", \"variables\": {\"n\": NaN}}",
        "{\"query\": \"query($n: Int) { organizations(first: $n) { totalCount } }\", \"variables\": {\"n\": 18446744073709551616}}",
        "{\"query\": \"query($s: String) { organizations(search: $s) { totalCount } }\", \"variables\": {\"s\": \"\\ud800\"}}",
        "{\"query\": \"{ __typename }\"} trailing",
        "{\"query\": \"{ __typename }\",}",
        "{'query': '{ __typename }'}",
        "query=%7B__typename%7D",
    ]
    .iter()
    .map(|body| (body.as_bytes().to_vec(), json))
    .collect();
    bodies.push((b"\xff\xfe{\"query\": \"{ __typename }\"}".to_vec(), json));
    bodies.push((
        b"{\"query\": \"{ organizations(search: \\\"\xc3\x28\\\") { totalCount } }\"}".to_vec(),
        json,
    ));
    bodies.push((format!("\u{feff}{ok}").into_bytes(), json));
    bodies.push((
        format!("{}1{}", "[".repeat(10_000), "]".repeat(10_000)).into_bytes(),
        json,
    ));
    bodies.push((
        format!(
            "{{\"query\": \"query($v: JSON) {{ __typename }}\", \"variables\": {{\"v\": {}1{}}}}}",
            "[".repeat(5_000),
            "]".repeat(5_000)
        )
        .into_bytes(),
        json,
    ));
    let batch = |n: usize| format!("[{}]", vec![ok.clone(); n].join(","));
    bodies.push((batch(11).into_bytes(), json));
    bodies.push((batch(500).into_bytes(), json));
    bodies.push((format!("[{ok}, 5]").into_bytes(), json));
    bodies.push((format!("[{ok}, {{\"query\": \"{{\"}}]").into_bytes(), json));
    // Over the body limit.
    bodies.push((
        graphql_body(&format!("{{ __typename {} }}", " ".repeat(1_100_000))).into_bytes(),
        json,
    ));
    // The right body with the wrong (or no) content type, and odd spellings of the right one.
    for content_type in [
        None,
        Some("text/plain"),
        Some("application/graphql"),
        Some("application/x-www-form-urlencoded"),
        Some("multipart/form-data; boundary=x"),
        Some("application/jsonx"),
        Some("application/json; charset=latin1"),
        Some("APPLICATION/JSON"),
        Some("application/json;;;"),
        Some("text/html, application/json"),
    ] {
        bodies.push((ok.clone().into_bytes(), content_type));
    }
    bodies
}

#[tokio::test]
async fn broken_documents_malformed_bodies_and_wrong_methods_are_client_errors() {
    let seed = env_number("FUZZ_SEED").unwrap_or(DEFAULT_SEED).wrapping_add(1);
    let started = Instant::now();
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut run = Run::new(seed, &admin);
    let schema = introspect(&app, &mut run).await;
    let mut fuzzer = Fuzzer::new(seed, schema);
    warm_up(&app, &mut run, &mut fuzzer, &admin).await;

    for (index, document) in broken_documents(&mut fuzzer).into_iter().enumerate() {
        let accept = fuzzer.pick(&["application/json", "application/graphql-response+json"]);
        let planned = Planned::post(graphql_body(&document), true)
            .header("accept", accept)
            .header("authorization", format!("Bearer {admin}"));
        run.exchange(&app, &format!("document {index}"), &planned).await;
    }
    for (index, (body, content_type)) in broken_bodies().into_iter().enumerate() {
        let mut planned = Planned::post(body, false).header("authorization", format!("Bearer {admin}"));
        planned = match content_type {
            Some(content_type) => planned.header("content-type", content_type),
            None => planned.without_header("content-type"),
        };
        run.exchange(&app, &format!("body {index}"), &planned).await;
    }
    // Other methods, and GET with a broken query string.
    let mut odd = Vec::new();
    for method in ["PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE"] {
        odd.push(Planned {
            method,
            ..Planned::post(graphql_body("{ __typename }"), false)
        });
    }
    for query in [
        "",
        "?",
        "?query=",
        "?query=%ZZ",
        "?query=%7B__typename%7D&variables=not-json",
        "?query=%7B__typename%7D&variables=%5B1%5D",
        "?query=%7B__typename%7D&query=%7Bnope%7D",
        "?query=%7B__typename%7D&operationName=Nope",
        "?query=mutation%7B__typename%7D",
        "?query=subscription%7BrecordChanged%7Boperation%7D%7D",
        "?query=%7B__typename%7D&extensions=%7B",
        "?query=%C3%28",
    ] {
        odd.push(Planned {
            method: "GET",
            uri: format!("/graphql{query}"),
            headers: vec![("accept", "application/json".to_owned())],
            body: Vec::new(),
            graphql: false,
        });
    }
    for (index, planned) in odd.iter().enumerate() {
        run.exchange(&app, &format!("method {index}"), planned).await;
    }
    run.finish("broken input", started);
}

// ---------------------------------------------------------------------------------------------
// Reproductions of what this fuzz run found
// ---------------------------------------------------------------------------------------------

/// Sends one GraphQL request as an admin; a panic, a 5xx, a body that is not JSON, an error
/// without a code, and an `INTERNAL` error are all returned as a problem.
async fn problem_with(app: &TestApp, admin: &str, query: &str, variables: Value) -> Option<String> {
    let planned = Planned::post(json!({ "query": query, "variables": variables }).to_string(), true)
        .header("accept", "application/json")
        .header("authorization", format!("Bearer {admin}"));
    let answer = match send(app, &planned).await {
        Ok(answer) => answer,
        Err(problem) => return Some(format!("{query} {variables}: {problem}")),
    };
    let body = String::from_utf8_lossy(&answer.body);
    let Ok(response) = serde_json::from_slice::<Value>(&answer.body) else {
        return Some(format!("{query} {variables}: {} {body}", answer.status));
    };
    let bad_code = response["errors"].as_array().into_iter().flatten().any(|error| {
        error["extensions"]["code"]
            .as_str()
            .is_none_or(|code| code == "INTERNAL")
    });
    (answer.status.is_server_error() || bad_code).then(|| {
        format!(
            "{} {variables}\n  -> {} {}",
            clip(query, 300),
            answer.status,
            clip(&body, 600)
        )
    })
}

fn assert_no_problems(problems: &[String]) {
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// Regression (a bug this fuzzer found, now fixed; SQLite and PostgreSQL, debug builds): the term check of
// `submitCongressResult` computes `termEndYear - termStartYear` in i32 after only recording that
// the years are out of range, so years at the ends of the Int range overflow and the resolver
// panics ("attempt to subtract with overflow", api/src/domain/write/congress.rs:97); the client
// gets no response at all. In release builds the subtraction wraps and the check misjudges the
// term. Expected: BAD_USER_INPUT for the years, like any other out-of-range year.
#[tokio::test]
async fn a_term_with_years_at_the_ends_of_the_int_range_is_refused_without_a_panic() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let organization = app.organization_id("Cự Khối").await;
    let mut problems = Vec::new();
    for (start, end) in [(i32::MIN, 2009), (-1, i32::MAX), (i32::MIN, i32::MAX)] {
        let input = json!({
            "organizationId": organization, "ordinal": 24, "termStartYear": start, "termEndYear": end,
            "openedOn": "2020-06-10", "committees": []
        });
        problems.extend(
            problem_with(
                &app,
                &admin,
                "mutation($input: CongressResultInput!) { submitCongressResult(input: $input, dryRun: true) { dryRun } }",
                json!({ "input": input }),
            )
            .await,
        );
    }
    assert_no_problems(&problems);
}

// Regression (a bug this fuzzer found, now fixed; SQLite and PostgreSQL): `submitCongressResult` records that an
// ordinal outside 1..=200 is an error but goes on to list the "missing" congresses between the
// last recorded ordinal and the new one, so `ordinal: 2147483647` for an organization with
// congresses loops about two billion times on the request's thread (about 50 s in a debug build)
// before answering BAD_USER_INPUT. Expected: the refusal at once.
#[test]
fn an_ordinal_far_beyond_the_last_congress_is_refused_at_once() {
    const SUBMIT: &str =
        "mutation($input: CongressResultInput!) { submitCongressResult(input: $input, dryRun: true) { dryRun } }";
    let (sender, receiver) = std::sync::mpsc::channel();
    // Its own thread and runtime: a request that spins cannot be interrupted from its own thread.
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        runtime.block_on(async {
            let app = TestApp::spawn().await;
            let admin = app.admin().await;
            let organization = app.organization_id("Cự Khối").await;
            let _ = sender.send(None);
            let input = json!({
                "organizationId": organization, "ordinal": i32::MAX, "termStartYear": 2025, "termEndYear": 2030,
                "openedOn": "2025-06-10", "committees": []
            });
            let started = Instant::now();
            let response = app.graphql_as(Some(&admin), SUBMIT, json!({ "input": input })).await;
            let _ = sender.send(Some((started.elapsed(), response)));
        });
    });
    let ready = receiver.recv_timeout(Duration::from_secs(120));
    assert!(matches!(ready, Ok(None)), "the application did not start");
    let answer = receiver.recv_timeout(Duration::from_secs(5));
    let Ok(Some((elapsed, response))) = answer else {
        panic!("submitCongressResult with ordinal 2147483647 did not answer within 5 seconds");
    };
    assert_eq!(
        crate::common::error_codes(&response),
        ["BAD_USER_INPUT"],
        "{response:#}"
    );
    assert!(elapsed < Duration::from_secs(2), "answered after {elapsed:?}");
}

// Regression (a bug this fuzzer found, now fixed; PostgreSQL only): a NUL character (U+0000) in a text argument
// is passed on to PostgreSQL, which refuses it in text values, and the request fails with
// INTERNAL: searches, symbol, rule and operation filters, and every text field of a write (names,
// notes, titles). SQLite stores and compares the NUL as given. Expected: BAD_USER_INPUT (or, for
// a search, no match), never INTERNAL.
#[tokio::test]
async fn a_nul_character_in_a_text_argument_is_never_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let organization = app.organization_id("Cự Khối").await;
    let cases = [
        (
            "query($s: String) { organizations(search: $s) { totalCount } }",
            json!({ "s": "Cự\u{0}Khối" }),
        ),
        (
            "query($s: String) { people(search: $s) { totalCount } }",
            json!({ "s": "Ngô\u{0}" }),
        ),
        (
            "query($s: String) { documents(symbol: $s) { totalCount } }",
            json!({ "s": "15-NQ\u{0}" }),
        ),
        (
            "query($s: String) { dataQualityIssues(rule: $s) { totalCount } }",
            json!({ "s": "rule\u{0}" }),
        ),
        (
            "query($s: String) { auditEvents(operation: $s) { totalCount } }",
            json!({ "s": "op\u{0}" }),
        ),
        (
            "mutation($n: String!) { createOrganization(input: { name: $n, kind: PARTY_CELL, level: BELOW_GRASSROOTS }, dryRun: true) { dryRun } }",
            json!({ "n": "Chi bộ\u{0}Mới" }),
        ),
        (
            "mutation($o: ID!, $n: String) { recordOrganizationStats(input: { organizationId: $o, asOf: \"2024-01-01\", partyMembers: 5, note: $n }, dryRun: true) { dryRun } }",
            json!({ "o": organization, "n": "ghi\u{0}chú" }),
        ),
    ];
    let mut problems = Vec::new();
    for (query, variables) in cases {
        problems.extend(problem_with(&app, &admin, query, variables).await);
    }
    assert_no_problems(&problems);
}

// Regression (a bug this fuzzer found, now fixed; PostgreSQL only): `idempotency_keys.idempotency_key` is a
// VARCHAR(200), and nothing checks the length of `idempotencyKey` first, so a write (not a dry
// run) with a longer key fails with INTERNAL. SQLite does not enforce the length. Expected:
// BAD_USER_INPUT naming idempotencyKey.
#[tokio::test]
async fn an_idempotency_key_longer_than_its_column_is_never_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let problem = problem_with(
        &app,
        &admin,
        "mutation($k: String) { createOrganization(input: { name: \"Chi bộ Khoá Dài\", kind: PARTY_CELL, level: BELOW_GRASSROOTS, idempotencyKey: $k }) { dryRun } }",
        json!({ "k": "k".repeat(201) }),
    )
    .await;
    assert_no_problems(&problem.into_iter().collect::<Vec<_>>());
}

// Regression (a bug this fuzzer found, now fixed; PostgreSQL only): the `Date` scalar accepts every date chrono
// can hold ("-262143-01-01" .. "+262142-12-31"), but PostgreSQL dates start in 4714 BC, so an
// earlier date used in a query fails with INTERNAL: `organizations(activeOn:)`,
// `Organization.leadership(on:)`, and the writes that look the date up before validating it
// (`createOrganization` with a parent, `moveOrganization`). (On SQLite, where dates are text,
// such dates compare wrongly instead: "+262142-12-31" sorts before "1930-01-01".) Expected:
// BAD_USER_INPUT for a date outside the years the records can hold.
#[tokio::test]
async fn a_date_before_what_postgresql_can_hold_is_never_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let organization = app.organization_id("Cự Khối").await;
    let parent = app.organization_id("Long Biên").await;
    let day = "-262143-01-01";
    let cases = [
        (
            "query($d: Date) { organizations(activeOn: $d) { totalCount } }",
            json!({ "d": day }),
        ),
        (
            "query($o: ID!, $d: Date) { organization(id: $o) { leadership(on: $d) { id } } }",
            json!({ "o": organization, "d": day }),
        ),
        (
            "mutation($p: ID, $d: Date) { createOrganization(input: { name: \"Chi bộ Cổ\", kind: PARTY_CELL, level: BELOW_GRASSROOTS, parentId: $p, foundedOn: $d }, dryRun: true) { dryRun } }",
            json!({ "p": organization, "d": day }),
        ),
        (
            "mutation($o: ID!, $p: ID, $d: Date!) { moveOrganization(input: { organizationId: $o, parentId: $p, from: $d }, dryRun: true) { dryRun } }",
            json!({ "o": organization, "p": parent, "d": day }),
        ),
    ];
    let mut problems = Vec::new();
    for (query, variables) in cases {
        problems.extend(problem_with(&app, &admin, query, variables).await);
    }
    assert_no_problems(&problems);
}
