//! The client mix: operations written as client libraries write and send them (Apollo Client's
//! named fragments and `__typename` everywhere, Relay's connections and `node(id:)` refetches,
//! urql's GET), each asked of congress-api and of PostGraphile on the same database. Every
//! operation's answers are checked once before timing; then each is timed at a fixed number of
//! connections, congress-api and PostGraphile alternating round after round; then a probe
//! counts the SQL statements each server sends PostgreSQL per request (see `probe`).
//!
//! The documents are in `mix/ours/` and `mix/postgraphile/`; `ops` says what each operation
//! asks and of which records, `pools` picks the records.

mod ops;
mod pools;
mod probe;

use crate::load::{self, Endpoint};
use crate::pg::Cluster;
use crate::procs::{self, PostGraphileInstall, Server};
use crate::report::{self, Measurement, OURS, OURS_CACHED, POSTGRAPHILE, Summary};
use crate::workloads;
use bytes::Bytes;
use ops::{Form, Operation};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How many targets of an operation are checked on both servers before timing.
const CHECKED_TARGETS: usize = 3;
/// How far apart the plain and the Apollo form of the same question may be (req/s).
const FORM_TOLERANCE: f64 = 0.10;

pub struct MixSettings {
    pub duration: Duration,
    pub warmup: Duration,
    pub rounds: usize,
    pub connections: usize,
    /// Requests per operation and server in the SQL probe (each a different target).
    pub probe_requests: usize,
}

/// What the mix needs of the run around it.
pub struct MixEnv<'a> {
    pub cluster: &'a Cluster,
    pub database: &'a str,
    pub scale: f64,
    pub server_bin: &'a Path,
    pub postgraphile_install: Option<&'a PostGraphileInstall>,
    /// The servers being timed: congress-api, and PostGraphile unless it is skipped.
    pub ours: &'a Server,
    pub ours_endpoint: &'a Endpoint,
    pub postgraphile: Option<(&'a Server, &'a Endpoint)>,
    /// A congress-api process with its response cache on, timed beside the two (the figures
    /// above are without it).
    pub cached: Option<(&'a Server, &'a Endpoint)>,
    /// Ports for the probe's own congress-api and PostGraphile processes.
    pub probe_ours_addr: SocketAddr,
    pub probe_postgraphile_addr: SocketAddr,
    pub log_dir: &'a Path,
    /// PostgreSQL's log file, when not where the cluster says (see `probe::log_file`).
    pub pg_log: Option<&'a Path>,
}

/// Whether the two servers' answers agreed when checked before timing.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Answers {
    Same,
    Differ,
    Errors,
    /// PostGraphile was not run.
    NotCompared,
}

impl Answers {
    fn label(&self) -> &'static str {
        match self {
            Answers::Same => "same",
            Answers::Differ => "**WARNING: differ**",
            Answers::Errors => "**WARNING: errors**",
            Answers::NotCompared => "-",
        }
    }
}

struct Row {
    key: &'static str,
    title: &'static str,
    form: Form,
    depth: usize,
    file: &'static str,
    about: String,
    targets: usize,
    ours: Option<Summary>,
    postgraphile: Option<Summary>,
    cached: Option<Summary>,
    sql_ours: Option<f64>,
    sql_postgraphile: Option<f64>,
    answers: Answers,
}

pub struct MixReport {
    pub database: String,
    pub scale: f64,
    settings: String,
    rows: Vec<Row>,
    notes: Vec<String>,
    pub peak_ours: Option<u64>,
    pub peak_postgraphile: Option<u64>,
    pub peak_cached: Option<u64>,
    sql_method: String,
}

/// `application/x-www-form-urlencoded` value: everything but unreserved characters escaped.
fn url_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~') {
            out.push(byte as char);
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// A request as the operation's client sends it: a JSON body, or for GET the query string.
fn request(form: Form, document: &str, variables: &Value) -> Bytes {
    let name = ops::operation_name(document);
    if form.get() {
        let mut query = format!("query={}", url_encode(document));
        if let Some(name) = name {
            let _ = write!(query, "&operationName={}", url_encode(name));
        }
        let _ = write!(query, "&variables={}", url_encode(&variables.to_string()));
        Bytes::from(query)
    } else {
        Bytes::from(json!({ "operationName": name, "variables": variables, "query": document }).to_string())
    }
}

fn bodies(op: &Operation, postgraphile: bool) -> Vec<Bytes> {
    let text = if postgraphile { op.postgraphile } else { op.ours };
    let document = ops::document(text, op.form);
    op.targets
        .iter()
        .map(|t| request(op.form, &document, if postgraphile { &t.postgraphile } else { &t.ours }))
        .collect()
}

fn endpoint_for(op: &Operation, endpoint: &Endpoint) -> Endpoint {
    Endpoint {
        get: op.form.get(),
        ..endpoint.clone()
    }
}

/// Op 7b's targets: each search term's (and level's) first page, asked once of each server,
/// with the endCursor it returned.
async fn second_pages(pools: &pools::MixPools, ours: &Endpoint, postgraphile: Option<&Endpoint>) -> Vec<ops::Target> {
    let text_ours = ops::document(include_str!("mix/ours/search_page.relay.graphql"), Form::Relay);
    let text_pg = ops::document(include_str!("mix/postgraphile/search_page.relay.graphql"), Form::Relay);
    let mut targets = Vec::new();
    for first in ops::first_page_targets(pools) {
        let cursor = |answer: &Value, root: &str| answer["data"][root]["pageInfo"]["endCursor"].clone();
        let ours_cursor = match load::request_once(ours, request(Form::Relay, &text_ours, &first.ours)).await {
            Ok(answer) => cursor(&answer, "organizations"),
            Err(error) => {
                eprintln!("[bench] mix: first search page failed on congress-api: {error:#}");
                continue;
            }
        };
        let pg_cursor = match postgraphile {
            Some(endpoint) => {
                match load::request_once(endpoint, request(Form::Relay, &text_pg, &first.postgraphile)).await {
                    Ok(answer) => cursor(&answer, "allOrganizations"),
                    Err(error) => {
                        eprintln!("[bench] mix: first search page failed on PostGraphile: {error:#}");
                        Value::Null
                    }
                }
            }
            None => Value::Null,
        };
        let mut ours_vars = first.ours.clone();
        ours_vars["after"] = ours_cursor;
        let mut pg_vars = first.postgraphile.clone();
        pg_vars["after"] = pg_cursor;
        targets.push(ops::Target {
            ours: ours_vars,
            postgraphile: pg_vars,
        });
    }
    targets
}

/// Asks a few targets of `op` of both servers; the verdict and what differed.
async fn check(op: &Operation, ours: &Endpoint, postgraphile: Option<&Endpoint>) -> (Answers, Vec<String>) {
    let mut notes = Vec::new();
    let mut verdict = if postgraphile.is_some() {
        Answers::Same
    } else {
        Answers::NotCompared
    };
    let ours_document = ops::document(op.ours, op.form);
    let pg_document = ops::document(op.postgraphile, op.form);
    let ours = endpoint_for(op, ours);
    let postgraphile = postgraphile.map(|e| endpoint_for(op, e));
    if op.targets.is_empty() {
        notes.push(format!("op {}: no records to ask about", op.key));
        return (Answers::Errors, notes);
    }
    for target in op.targets.iter().take(CHECKED_TARGETS) {
        let ours_answer = match load::request_once(&ours, request(op.form, &ours_document, &target.ours)).await {
            Ok(answer) => answer,
            Err(error) => {
                notes.push(format!(
                    "op {} {}: congress-api answered with errors: {}",
                    op.key,
                    target.ours,
                    first_chars(&format!("{error:#}"), 300)
                ));
                verdict = Answers::Errors;
                continue;
            }
        };
        let Some(endpoint) = postgraphile.as_ref() else {
            continue;
        };
        let pg_answer = match load::request_once(endpoint, request(op.form, &pg_document, &target.postgraphile)).await {
            Ok(answer) => answer,
            Err(error) => {
                notes.push(format!(
                    "op {} {}: PostGraphile answered with errors: {}",
                    op.key,
                    target.postgraphile,
                    first_chars(&format!("{error:#}"), 300)
                ));
                verdict = Answers::Errors;
                continue;
            }
        };
        let differences: Vec<String> = op
            .agree
            .iter()
            .filter_map(|a| {
                let (o, p) = (
                    ops::measure(&ours_answer["data"], a.ours),
                    ops::measure(&pg_answer["data"], a.postgraphile),
                );
                (o != p).then(|| format!("{} {o} vs {p}", a.what))
            })
            .collect();
        if !differences.is_empty() {
            notes.push(format!(
                "op {} {}: congress-api vs PostGraphile: {}",
                op.key,
                target.ours,
                differences.join(", ")
            ));
            if verdict == Answers::Same {
                verdict = Answers::Differ;
            }
        }
    }
    (verdict, notes)
}

fn first_chars(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

fn log_run(m: &Measurement, first_error: Option<&str>) {
    eprintln!(
        "[bench] {:<8} {:<14} c={} round {}: {:>8} req/s  p50 {:>8} ms  p99 {:>8} ms  errors {}",
        m.workload,
        m.target,
        m.connections,
        m.round,
        report::fmt_num(m.rps),
        report::fmt_num(m.p50_ms),
        report::fmt_num(m.p99_ms),
        m.errors
    );
    if let Some(error) = first_error {
        eprintln!("[bench]   first error: {}", first_chars(error, 500));
    }
}

/// Runs the mix: checks, timing, probe. Returns the report and every timed run.
pub async fn run(env: &MixEnv<'_>, settings: &MixSettings, seed: u64) -> anyhow::Result<(MixReport, Vec<Measurement>)> {
    let pools = pools::load(env.cluster, env.database)?;
    let pg_endpoint = env.postgraphile.map(|(_, e)| e);
    let second = second_pages(&pools, env.ours_endpoint, pg_endpoint).await;
    let operations = ops::build(&pools, second);
    eprintln!(
        "[bench] mix on {}: {} operations; median organization {} memberships, largest {} ({})",
        env.database,
        operations.len(),
        pools.median_memberships,
        pools.largest.1,
        pools.largest.0
    );

    let mut notes = Vec::new();
    let mut verdicts = Vec::new();
    for op in &operations {
        let (verdict, op_notes) = check(op, env.ours_endpoint, pg_endpoint).await;
        for note in &op_notes {
            eprintln!("[bench] mix check: {note}");
        }
        notes.extend(op_notes);
        verdicts.push(verdict);
    }

    // Timing: per operation, a warm-up on each server, then rounds alternating the two.
    let mut measurements = Vec::new();
    let mut seed = seed;
    for op in &operations {
        if op.targets.is_empty() {
            continue;
        }
        let workload = format!("mix {}", op.key);
        let mut sides = vec![(
            OURS,
            endpoint_for(op, env.ours_endpoint),
            workloads::pick(bodies(op, false)),
        )];
        if let Some(endpoint) = pg_endpoint {
            sides.push((
                POSTGRAPHILE,
                endpoint_for(op, endpoint),
                workloads::pick(bodies(op, true)),
            ));
        }
        if let Some((_, endpoint)) = env.cached {
            sides.push((
                OURS_CACHED,
                endpoint_for(op, endpoint),
                workloads::pick(bodies(op, false)),
            ));
        }
        if !settings.warmup.is_zero() {
            for (_, endpoint, make) in &sides {
                seed += 1;
                load::run(endpoint, make, settings.connections, settings.warmup, seed).await;
            }
        }
        for round in 1..=settings.rounds {
            for (target, endpoint, make) in &sides {
                seed += 1;
                let result = load::run(endpoint, make, settings.connections, settings.duration, seed).await;
                let m = Measurement {
                    workload: workload.clone(),
                    scale: env.scale,
                    target: (*target).to_owned(),
                    connections: settings.connections,
                    round,
                    requests: result.requests,
                    rps: result.rps(),
                    p50_ms: result.quantile_ms(0.5),
                    p99_ms: result.quantile_ms(0.99),
                    errors: result.errors(),
                    statements_per_request: None,
                    bytes_per_response: (result.requests > 0)
                        .then(|| result.response_bytes as f64 / result.requests as f64),
                };
                log_run(&m, result.first_error.as_deref());
                measurements.push(m);
            }
        }
    }
    // VmHWM is a high-water mark since the process started; the mix runs first on fresh
    // processes, so this is the peak over the mix.
    let peak_ours = env.ours.peak_memory();
    let peak_postgraphile = env.postgraphile.and_then(|(s, _)| s.peak_memory());
    let peak_cached = env.cached.and_then(|(s, _)| s.peak_memory());

    // The SQL probe, on separate processes whose sessions PostgreSQL logs.
    let mut sql = vec![(None, None); operations.len()];
    let sql_method = match probe_statements(env, settings, &operations, &mut sql).await {
        Ok(text) => text,
        Err(error) => {
            eprintln!("[bench] mix: SQL statements not counted: {error:#}");
            format!("SQL statements were not counted: {error:#}.")
        }
    };

    let summaries = report::summarize(&measurements);
    let find = |key: &str, target: &str| {
        report::find(
            &summaries,
            &format!("mix {key}"),
            env.scale,
            target,
            settings.connections,
        )
        .cloned()
    };
    let rows = operations
        .iter()
        .zip(verdicts)
        .zip(sql)
        .map(|((op, answers), (sql_ours, sql_postgraphile))| Row {
            key: op.key,
            title: op.title,
            form: op.form,
            depth: op.depth,
            file: op.file,
            about: op.about.clone(),
            targets: op.targets.len(),
            ours: find(op.key, OURS),
            postgraphile: find(op.key, POSTGRAPHILE),
            cached: find(op.key, OURS_CACHED),
            sql_ours,
            sql_postgraphile,
            answers,
        })
        .collect();
    let report = MixReport {
        database: env.database.to_owned(),
        scale: env.scale,
        settings: format!(
            "{} connections; per operation and server {} s of warm-up, then {} interleaved round(s) of {} s (congress-api, PostGraphile, congress-api with its response cache, congress-api, ...); medians of the rounds, errors summed",
            settings.connections,
            settings.warmup.as_secs_f64(),
            settings.rounds,
            settings.duration.as_secs_f64()
        ),
        rows,
        notes,
        peak_ours,
        peak_postgraphile,
        peak_cached,
        sql_method,
    };
    Ok((report, measurements))
}

/// Starts the probe processes, counts each operation's statements on each, stops them.
async fn probe_statements(
    env: &MixEnv<'_>,
    settings: &MixSettings,
    operations: &[Operation],
    sql: &mut [(Option<f64>, Option<f64>)],
) -> anyhow::Result<String> {
    let log: PathBuf = probe::log_file(env.cluster, env.pg_log)?;
    let probe = probe::Probe {
        cluster: env.cluster.clone(),
        database: env.database.to_owned(),
        log: log.clone(),
    };
    let url = env.cluster.logging_url(env.database);
    let mut ours = procs::start_congress_api(
        env.server_bin,
        &url,
        env.probe_ours_addr,
        env.log_dir,
        &format!("{}_probe", env.database),
        procs::ResponseCache::Off,
    )
    .await?;
    let ours_endpoint = Endpoint {
        addr: env.probe_ours_addr,
        path: "/graphql".into(),
        headers: Vec::new(),
        get: false,
    };
    let mut postgraphile = match (env.postgraphile_install, env.postgraphile.is_some()) {
        (Some(install), true) => Some(
            procs::start_postgraphile(
                install,
                &url,
                env.probe_postgraphile_addr,
                env.log_dir,
                "postgraphile_probe",
            )
            .await?,
        ),
        _ => None,
    };
    let pg_endpoint = Endpoint {
        addr: env.probe_postgraphile_addr,
        ..ours_endpoint.clone()
    };
    for (op, counts) in operations.iter().zip(sql.iter_mut()) {
        let n = settings.probe_requests.max(1);
        let ours_bodies: Vec<Bytes> = bodies(op, false).into_iter().take(n).collect();
        match probe
            .statements_per_request(&endpoint_for(op, &ours_endpoint), &ours_bodies)
            .await
        {
            Ok(count) => counts.0 = Some(count),
            Err(error) => eprintln!("[bench] mix probe: op {} on congress-api: {error:#}", op.key),
        }
        if postgraphile.is_some() {
            let pg_bodies: Vec<Bytes> = bodies(op, true).into_iter().take(n).collect();
            match probe
                .statements_per_request(&endpoint_for(op, &pg_endpoint), &pg_bodies)
                .await
            {
                Ok(count) => counts.1 = Some(count),
                Err(error) => eprintln!("[bench] mix probe: op {} on PostGraphile: {error:#}", op.key),
            }
        }
        eprintln!(
            "[bench] mix probe: op {:<3} SQL/request congress-api {}, PostGraphile {}",
            op.key,
            counts.0.map(report::fmt_num).unwrap_or_else(|| "-".into()),
            counts.1.map(report::fmt_num).unwrap_or_else(|| "-".into())
        );
    }
    ours.stop();
    if let Some(server) = postgraphile.as_mut() {
        server.stop();
    }
    Ok(format!(
        "SQL/req is counted by PostgreSQL: separate probe processes of both servers connect with `log_statement = all` as a connection option (their sessions only), get each of up to {} of the operation's requests once to warm up and once more, one after another, between two marker statements; the statement lines logged for `{}` between the markers in `{}`, divided by the requests. Every statement counts, `BEGIN`/`COMMIT` included.",
        settings.probe_requests,
        env.database,
        log.display()
    ))
}

fn mb(bytes: Option<u64>) -> String {
    bytes
        .map(|b| format!("{:.1} MB", b as f64 / 1024.0 / 1024.0))
        .unwrap_or_else(|| "-".into())
}

fn num(v: Option<f64>) -> String {
    v.map(report::fmt_num).unwrap_or_else(|| "-".into())
}

fn ratio(v: Option<f64>) -> String {
    v.filter(|v| v.is_finite())
        .map(|v| format!("{v:.2}×"))
        .unwrap_or_else(|| "-".into())
}

impl Row {
    fn rps_ratio(&self) -> Option<f64> {
        Some(self.ours.as_ref()?.rps / self.postgraphile.as_ref()?.rps)
    }

    fn p99_ratio(&self) -> Option<f64> {
        Some(self.postgraphile.as_ref()?.p99_ms / self.ours.as_ref()?.p99_ms)
    }

    fn cached_rps_ratio(&self) -> Option<f64> {
        Some(self.cached.as_ref()?.rps / self.postgraphile.as_ref()?.rps)
    }

    fn cached_p99_ratio(&self) -> Option<f64> {
        Some(self.postgraphile.as_ref()?.p99_ms / self.cached.as_ref()?.p99_ms)
    }

    /// Whether ratios meet the bar: 3× PostGraphile's req/s and at most a third of its p99.
    fn bar(rps: Option<f64>, p99: Option<f64>) -> &'static str {
        match (rps, p99) {
            (Some(rps), Some(p99)) if rps >= 3.0 && p99 >= 3.0 => "PASS",
            (Some(_), Some(_)) => "MISS",
            _ => "n/a",
        }
    }

    fn within_depth(&self) -> &'static str {
        match self.sql_ours {
            Some(n) if n <= (self.depth + 1) as f64 + 1e-9 => "PASS",
            Some(_) => "MISS",
            None => "n/a",
        }
    }
}

impl MixReport {
    /// (operation, Apollo row, plain row) for the operations asked both ways.
    fn form_pairs(&self) -> Vec<(&Row, &Row)> {
        let by_key = |key: &str| self.rows.iter().find(|r| r.key == key);
        [("3a", "3b"), ("4a", "4b")]
            .iter()
            .filter_map(|(a, b)| Some((by_key(a)?, by_key(b)?)))
            .collect()
    }

    fn errors(&self) -> u64 {
        self.rows
            .iter()
            .flat_map(|r| [r.ours.as_ref(), r.postgraphile.as_ref(), r.cached.as_ref()])
            .flatten()
            .map(|s| s.errors)
            .sum()
    }

    pub fn markdown(&self) -> String {
        let mut md = String::new();
        let _ = writeln!(
            md,
            "## Client mix: documents as Apollo, Relay and urql send them ({}, scale {})\n",
            self.database, self.scale
        );
        let _ = writeln!(
            md,
            "{}. Depth is the levels of nested objects; with one statement per level, SQL/req would be at most depth + 1. {}\n",
            self.settings, self.sql_method
        );
        md.push_str("| # | operation | client form | depth | congress-api req/s | p50 ms | p99 ms | errors | PostGraphile req/s | p50 ms | p99 ms | errors | req/s ours / PG | p99 PG / ours | ≥ 3× and ≤ ⅓ p99 | SQL/req ours | SQL/req PG | ours ≤ depth + 1 | answers |\n");
        md.push_str("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | --- | --- |\n");
        for r in &self.rows {
            let o = r.ours.as_ref();
            let p = r.postgraphile.as_ref();
            let _ = writeln!(
                md,
                "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                r.key,
                r.title,
                r.form.label(),
                r.depth,
                num(o.map(|s| s.rps)),
                num(o.map(|s| s.p50_ms)),
                num(o.map(|s| s.p99_ms)),
                o.map(|s| s.errors.to_string()).unwrap_or_else(|| "-".into()),
                num(p.map(|s| s.rps)),
                num(p.map(|s| s.p50_ms)),
                num(p.map(|s| s.p99_ms)),
                p.map(|s| s.errors.to_string()).unwrap_or_else(|| "-".into()),
                ratio(r.rps_ratio()),
                ratio(r.p99_ratio()),
                Row::bar(r.rps_ratio(), r.p99_ratio()),
                num(r.sql_ours),
                num(r.sql_postgraphile),
                r.within_depth(),
                r.answers.label(),
            );
        }
        if self.rows.iter().any(|r| r.cached.is_some()) {
            md.push_str("\n### With the response cache (beside the figures above, which are without it)\n\n");
            md.push_str("A third process, congress-api with its response cache on (`--response-cache-bytes 33554432`), timed in the same rounds on the same records: each request picks one of the operation's records at random, so after the first round most answers come from memory. Nothing writes during the mix; every committed write would start a new generation (see docs/OPERATIONS.md).\n\n");
            md.push_str("| # | operation | cached req/s | p50 ms | p99 ms | errors | req/s cached / PG | p99 PG / cached | ≥ 3× and ≤ ⅓ p99 |\n| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
            for r in &self.rows {
                let c = r.cached.as_ref();
                let _ = writeln!(
                    md,
                    "| {} | {} | {} | {} | {} | {} | {} | {} | {} |",
                    r.key,
                    r.title,
                    num(c.map(|s| s.rps)),
                    num(c.map(|s| s.p50_ms)),
                    num(c.map(|s| s.p99_ms)),
                    c.map(|s| s.errors.to_string()).unwrap_or_else(|| "-".into()),
                    ratio(r.cached_rps_ratio()),
                    ratio(r.cached_p99_ratio()),
                    Row::bar(r.cached_rps_ratio(), r.cached_p99_ratio()),
                );
            }
        }
        md.push_str("\n### Fragments and `__typename` against the plain document (congress-api)\n\n");
        md.push_str("| operation | Apollo req/s | plain req/s | plain / Apollo req/s | Apollo p50 ms | plain p50 ms | within 10% |\n| --- | ---: | ---: | ---: | ---: | ---: | --- |\n");
        for (apollo, plain) in self.form_pairs() {
            let a = apollo.ours.as_ref();
            let p = plain.ours.as_ref();
            let r = a.zip(p).map(|(a, p)| p.rps / a.rps);
            let _ = writeln!(
                md,
                "| {} ({} vs {}) | {} | {} | {} | {} | {} | **{}** |",
                apollo.title,
                apollo.key,
                plain.key,
                num(a.map(|s| s.rps)),
                num(p.map(|s| s.rps)),
                ratio(r),
                num(a.map(|s| s.p50_ms)),
                num(p.map(|s| s.p50_ms)),
                match r {
                    Some(r) if (r - 1.0).abs() <= FORM_TOLERANCE => "PASS",
                    Some(_) => "MISS",
                    None => "n/a",
                }
            );
        }
        let _ = writeln!(
            md,
            "\nPeak memory over the mix (VmHWM of the processes timed, started fresh for it): congress-api {}, PostGraphile {}, congress-api with its response cache {}. Errors during timing: {}.\n",
            mb(self.peak_ours),
            mb(self.peak_postgraphile),
            mb(self.peak_cached),
            self.errors()
        );
        md.push_str("### Answers checked before timing\n\n");
        let _ = writeln!(
            md,
            "Up to {CHECKED_TARGETS} records per operation were asked of both servers: no `errors`, and the counts (or values) listed for the operation in `bench/src/mix/ops.rs` equal on both."
        );
        if self.notes.is_empty() {
            md.push_str("Every check agreed.\n");
        } else {
            md.push('\n');
            for note in &self.notes {
                let _ = writeln!(md, "- {note}");
            }
        }
        md.push_str("\n### The operations\n\n");
        md.push_str("Documents: [`bench/src/mix/ours/`](../src/mix/ours/) (congress-api) and [`bench/src/mix/postgraphile/`](../src/mix/postgraphile/) (the same question on PostGraphile's generated schema; each file's comment says where it cannot be asked exactly). Each request picks one of the operation's records at random.\n\n");
        for r in &self.rows {
            let _ = writeln!(
                md,
                "- **{} {}** ({}, `{}`, {} record(s)): {}",
                r.key,
                r.title,
                r.form.label(),
                r.file,
                r.targets,
                r.about
            );
        }
        md.push('\n');
        md
    }

    pub fn text(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "client mix on {} (scale {}), {}",
            self.database, self.scale, self.settings
        );
        let _ = writeln!(
            out,
            "{:<4} {:<34} {:<13} {:>5} {:>9} {:>8} {:>8} {:>4} {:>9} {:>8} {:>8} {:>4} {:>7} {:>7} {:>6} {:>6} {:<5} answers",
            "#",
            "operation",
            "form",
            "depth",
            "ours r/s",
            "p50",
            "p99",
            "err",
            "PG r/s",
            "p50",
            "p99",
            "err",
            "r/s ×",
            "p99 ×",
            "SQL",
            "SQL PG",
            "≤d+1"
        );
        for r in &self.rows {
            let o = r.ours.as_ref();
            let p = r.postgraphile.as_ref();
            let _ = writeln!(
                out,
                "{:<4} {:<34} {:<13} {:>5} {:>9} {:>8} {:>8} {:>4} {:>9} {:>8} {:>8} {:>4} {:>7} {:>7} {:>6} {:>6} {:<5} {}",
                r.key,
                r.title,
                r.form.label(),
                r.depth,
                num(o.map(|s| s.rps)),
                num(o.map(|s| s.p50_ms)),
                num(o.map(|s| s.p99_ms)),
                o.map(|s| s.errors.to_string()).unwrap_or_else(|| "-".into()),
                num(p.map(|s| s.rps)),
                num(p.map(|s| s.p50_ms)),
                num(p.map(|s| s.p99_ms)),
                p.map(|s| s.errors.to_string()).unwrap_or_else(|| "-".into()),
                ratio(r.rps_ratio()),
                ratio(r.p99_ratio()),
                num(r.sql_ours),
                num(r.sql_postgraphile),
                r.within_depth(),
                r.answers.label().trim_matches('*'),
            );
        }
        for (apollo, plain) in self.form_pairs() {
            let r = apollo
                .ours
                .as_ref()
                .zip(plain.ours.as_ref())
                .map(|(a, p)| p.rps / a.rps);
            let _ = writeln!(
                out,
                "plain / Apollo req/s, {}: {} (target within {:.0}%)",
                apollo.title,
                ratio(r),
                FORM_TOLERANCE * 100.0
            );
        }
        for r in self.rows.iter().filter(|r| r.cached.is_some()) {
            let _ = writeln!(
                out,
                "cached {:<4} {:<34} {:>9} r/s  p99 {:>8} ms  r/s × {:>7}  p99 × {:>7}  {}",
                r.key,
                r.title,
                num(r.cached.as_ref().map(|s| s.rps)),
                num(r.cached.as_ref().map(|s| s.p99_ms)),
                ratio(r.cached_rps_ratio()),
                ratio(r.cached_p99_ratio()),
                Row::bar(r.cached_rps_ratio(), r.cached_p99_ratio()),
            );
        }
        let _ = writeln!(
            out,
            "peak memory over the mix: congress-api {}, PostGraphile {}, congress-api cached {}",
            mb(self.peak_ours),
            mb(self.peak_postgraphile),
            mb(self.peak_cached)
        );
        for note in &self.notes {
            let _ = writeln!(out, "  - {note}");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn get_requests_are_query_strings() {
        let body = request(
            Form::UrqlGet,
            "query Q($id: ID!) { node(id: $id) { id } }",
            &json!({"id": "T3I"}),
        );
        assert_eq!(
            std::str::from_utf8(&body).ok(),
            Some(
                "query=query%20Q%28%24id%3A%20ID%21%29%20%7B%20node%28id%3A%20%24id%29%20%7B%20id%20%7D%20%7D&operationName=Q&variables=%7B%22id%22%3A%22T3I%22%7D"
            )
        );
    }
}
