//! Requests as planned (kept to print on failure), sending them on a task of their own, and the
//! run's record of what it saw and which rules were broken.

use super::*;

/// A request as planned, kept so that a failure can print exactly what was sent.
#[derive(Clone, Debug)]
pub(super) struct Planned {
    pub(super) method: &'static str,
    pub(super) uri: String,
    pub(super) headers: Vec<(&'static str, String)>,
    pub(super) body: Vec<u8>,
    /// A well-formed GraphQL request that the GraphQL layer must answer in JSON.
    pub(super) graphql: bool,
}

impl Planned {
    /// A POST of `body` as JSON; `graphql` says it is meant as a GraphQL request, which it is
    /// only if a JSON parser can read it (a number such as 1e400 is out of every parser's range).
    pub(super) fn post(body: impl Into<Vec<u8>>, graphql: bool) -> Self {
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

    pub(super) fn header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.retain(|(existing, _)| *existing != name);
        self.headers.push((name, value.into()));
        self
    }

    pub(super) fn without_header(mut self, name: &str) -> Self {
        self.headers.retain(|(existing, _)| *existing != name);
        self
    }

    pub(super) fn build(&self) -> Option<Request<Body>> {
        let mut builder = Request::builder().method(self.method).uri(self.uri.as_str());
        for (name, value) in &self.headers {
            builder = builder.header(*name, value.as_str());
        }
        builder.body(Body::from(self.body.clone())).ok()
    }

    pub(super) fn describe(&self, admin: &str) -> String {
        let mut out = format!("{} {}\n", self.method, clip(&self.uri, 2_000));
        for (name, value) in &self.headers {
            out.push_str(&format!("{name}: {}\n", value.replace(admin, "<admin token>")));
        }
        out.push('\n');
        out.push_str(&clip(&String::from_utf8_lossy(&self.body), 6_000));
        out
    }
}

pub(super) fn clip(text: &str, max: usize) -> String {
    if text.len() <= max {
        return text.to_owned();
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes in all)", &text[..end], text.len())
}

pub(super) struct Answer {
    pub(super) status: StatusCode,
    pub(super) content_type: String,
    pub(super) body: Vec<u8>,
}

/// Sends a request on a task of its own, so that a panic in a handler is reported as a finding
/// (with the request that caused it) instead of ending the run.
pub(super) async fn send(app: &TestApp, planned: &Planned) -> Result<Answer, String> {
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
pub(super) struct Run {
    pub(super) seed: u64,
    pub(super) admin: String,
    pub(super) sent: usize,
    pub(super) statuses: BTreeMap<u16, usize>,
    pub(super) codes: BTreeMap<String, usize>,
    /// GraphQL responses with at least one root field resolved to a value.
    pub(super) with_data: usize,
    /// Root fields (or their aliases) that resolved to a value, and how often.
    pub(super) resolved: BTreeMap<String, usize>,
    /// With `FUZZ_VERBOSE` set: how often each error message (cut short) came back.
    pub(super) messages: Option<BTreeMap<String, usize>>,
    pub(super) failures: Vec<String>,
}

impl Run {
    pub(super) fn new(seed: u64, admin: &str) -> Self {
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

    pub(super) fn fail(&mut self, label: &str, planned: &Planned, problem: &str, answer: Option<&Answer>) {
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
    pub(super) async fn exchange(&mut self, app: &TestApp, label: &str, planned: &Planned) -> Option<Value> {
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
                // A location is a place in the document: lines and columns count from 1.
                let nowhere = error["locations"].as_array().into_iter().flatten().any(|location| {
                    location["line"].as_u64().is_none_or(|line| line < 1)
                        || location["column"].as_u64().is_none_or(|column| column < 1)
                });
                if nowhere {
                    self.fail(
                        label,
                        planned,
                        &format!("an error located outside the document: {error}"),
                        Some(&answer),
                    );
                }
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

    pub(super) fn finish(self, what: &str, started: Instant) {
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
