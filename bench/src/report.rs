//! Results: every measured run, their medians per workload × target × scale × connections, the
//! ratios against the targets, and the report (terminal text and Markdown).

use std::collections::BTreeMap;
use std::fmt::Write as _;

pub const OURS: &str = "congress-api";
pub const POSTGRAPHILE: &str = "PostGraphile";
/// congress-api with its response cache on (the client mix times it beside the two).
pub const OURS_CACHED: &str = "congress-api cached";
pub const PGBENCH: &str = "pgbench (SQL)";

/// One measured run.
#[derive(Debug, Clone)]
pub struct Measurement {
    pub workload: String,
    pub scale: f64,
    pub target: String,
    pub connections: usize,
    pub round: usize,
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    pub statements_per_request: Option<f64>,
    pub bytes_per_response: Option<f64>,
}

/// The medians of the runs of one workload × target × scale × connections.
#[derive(Debug, Clone)]
pub struct Summary {
    pub workload: String,
    pub scale: f64,
    pub target: String,
    pub connections: usize,
    pub runs: usize,
    pub requests: u64,
    pub rps: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: u64,
    pub statements_per_request: Option<f64>,
    pub bytes_per_response: Option<f64>,
}

pub fn median(mut values: Vec<f64>) -> f64 {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return f64::NAN;
    }
    values.sort_by(|a, b| a.total_cmp(b));
    let n = values.len();
    if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    }
}

fn workload_order(workload: &str) -> (u8, String) {
    (workload.as_bytes().get(1).copied().unwrap_or(0), workload.to_owned())
}

fn target_order(target: &str) -> u8 {
    match target {
        OURS => 0,
        POSTGRAPHILE => 1,
        _ => 2,
    }
}

/// How runs are grouped and ordered: workload, scale, target, connections.
type GroupKey = (u8, String, u64, u8, String, usize);

pub fn summarize(measurements: &[Measurement]) -> Vec<Summary> {
    let mut groups: BTreeMap<GroupKey, Vec<&Measurement>> = BTreeMap::new();
    for m in measurements {
        let (w0, w1) = workload_order(&m.workload);
        groups
            .entry((
                w0,
                w1,
                (m.scale * 1e6) as u64,
                target_order(&m.target),
                m.target.clone(),
                m.connections,
            ))
            .or_default()
            .push(m);
    }
    groups
        .into_values()
        .map(|runs| {
            let first = runs[0];
            let optional = |f: &dyn Fn(&Measurement) -> Option<f64>| {
                let values: Vec<f64> = runs.iter().filter_map(|m| f(m)).collect();
                (!values.is_empty()).then(|| median(values))
            };
            Summary {
                workload: first.workload.clone(),
                scale: first.scale,
                target: first.target.clone(),
                connections: first.connections,
                runs: runs.len(),
                requests: runs.iter().map(|m| m.requests).sum(),
                rps: median(runs.iter().map(|m| m.rps).collect()),
                p50_ms: median(runs.iter().map(|m| m.p50_ms).collect()),
                p99_ms: median(runs.iter().map(|m| m.p99_ms).collect()),
                errors: runs.iter().map(|m| m.errors).sum(),
                statements_per_request: optional(&|m| m.statements_per_request),
                bytes_per_response: optional(&|m| m.bytes_per_response),
            }
        })
        .collect()
}

pub fn find<'a>(
    summaries: &'a [Summary],
    workload: &str,
    scale: f64,
    target: &str,
    connections: usize,
) -> Option<&'a Summary> {
    summaries.iter().find(|s| {
        s.workload == workload && (s.scale - scale).abs() < 1e-9 && s.target == target && s.connections == connections
    })
}

/// One line of the ratios section.
#[derive(Debug, Clone)]
pub struct Check {
    pub name: String,
    pub value: String,
    pub target: String,
    /// None when it could not be measured in this run.
    pub pass: Option<bool>,
}

impl Check {
    pub fn verdict(&self) -> &'static str {
        match self.pass {
            Some(true) => "PASS",
            Some(false) => "MISS",
            None => "n/a",
        }
    }
}

pub fn fmt_num(v: f64) -> String {
    if !v.is_finite() {
        "-".into()
    } else if v >= 100.0 {
        format!("{v:.0}")
    } else if v >= 10.0 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

pub fn fmt_scale(scale: f64) -> String {
    format!("{scale}")
}

fn fmt_bytes(v: Option<f64>) -> String {
    match v {
        Some(b) if b >= 1024.0 * 1024.0 => format!("{:.1} MB", b / 1024.0 / 1024.0),
        Some(b) if b >= 1024.0 => format!("{:.1} kB", b / 1024.0),
        Some(b) => format!("{b:.0} B"),
        None => "-".into(),
    }
}

/// The table of every workload × target × scale × connections.
pub fn table_markdown(summaries: &[Summary]) -> String {
    let mut out = String::new();
    out.push_str("| workload | scale | target | conns | runs | requests | req/s | p50 ms | p99 ms | errors | SQL/req | resp size |\n");
    out.push_str("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for s in summaries {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            s.workload,
            fmt_scale(s.scale),
            s.target,
            s.connections,
            s.runs,
            s.requests,
            fmt_num(s.rps),
            fmt_num(s.p50_ms),
            fmt_num(s.p99_ms),
            s.errors,
            s.statements_per_request.map(fmt_num).unwrap_or_else(|| "-".into()),
            fmt_bytes(s.bytes_per_response),
        );
    }
    out
}

pub fn table_text(summaries: &[Summary]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<18} {:>6} {:<14} {:>5} {:>4} {:>9} {:>9} {:>9} {:>6} {:>8} {:>10}",
        "workload", "scale", "target", "conns", "runs", "req/s", "p50 ms", "p99 ms", "errors", "SQL/req", "resp size"
    );
    for s in summaries {
        let _ = writeln!(
            out,
            "{:<18} {:>6} {:<14} {:>5} {:>4} {:>9} {:>9} {:>9} {:>6} {:>8} {:>10}",
            s.workload,
            fmt_scale(s.scale),
            s.target,
            s.connections,
            s.runs,
            fmt_num(s.rps),
            fmt_num(s.p50_ms),
            fmt_num(s.p99_ms),
            s.errors,
            s.statements_per_request.map(fmt_num).unwrap_or_else(|| "-".into()),
            fmt_bytes(s.bytes_per_response),
        );
    }
    out
}

pub fn checks_markdown(checks: &[Check]) -> String {
    let mut out = String::new();
    out.push_str("| check | measured | target | result |\n| --- | ---: | --- | --- |\n");
    for c in checks {
        let _ = writeln!(out, "| {} | {} | {} | **{}** |", c.name, c.value, c.target, c.verdict());
    }
    out
}

pub fn checks_text(checks: &[Check]) -> String {
    let mut out = String::new();
    for c in checks {
        let _ = writeln!(
            out,
            "  [{}] {:<62} {:>14}   (target {})",
            c.verdict(),
            c.name,
            c.value,
            c.target
        );
    }
    out
}
