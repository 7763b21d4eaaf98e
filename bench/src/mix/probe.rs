//! SQL statements per request as PostgreSQL counts them, not as a server reports itself: a
//! separate probe process of each server connects with `log_statement = all` as a connection
//! option (so only its own sessions are logged, and nothing is left to put back), the mix sends
//! it a few requests one after another between two marker statements, and the statements
//! PostgreSQL logged for that database between the markers are counted in its log file.
//! `pg_stat_statements` would need the extension preloaded, which takes a restart of a
//! PostgreSQL server other people are using.

use crate::load::{self, Endpoint};
use crate::pg::Cluster;
use anyhow::{Context as _, anyhow, bail};
use bytes::Bytes;
use std::io::{Read as _, Seek as _, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Where PostgreSQL writes its log: `explicit` when given, else the file of the logging
/// collector, else Debian's file for the cluster (`/var/log/postgresql/postgresql-15-main.log`
/// for cluster `15/main`), which is where `pg_ctlcluster` sends the server's stderr.
pub fn log_file(cluster: &Cluster, explicit: Option<&Path>) -> anyhow::Result<PathBuf> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None => {
            let row = cluster.psql(
                "postgres",
                "SELECT COALESCE(pg_current_logfile(), '') || '|' || current_setting('data_directory') || '|' || current_setting('cluster_name')",
            )?;
            let mut parts = row.splitn(3, '|');
            let (current, data, name) = (
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
                parts.next().unwrap_or(""),
            );
            if !current.is_empty() {
                Path::new(data).join(current)
            } else if !name.is_empty() {
                PathBuf::from(format!("/var/log/postgresql/postgresql-{}.log", name.replace('/', "-")))
            } else {
                bail!("cannot tell where PostgreSQL logs (no logging collector, no cluster_name); pass --pg-log");
            }
        }
    };
    std::fs::File::open(&path).with_context(|| format!("cannot read PostgreSQL's log {}", path.display()))?;
    Ok(path)
}

static MARKERS: AtomicU64 = AtomicU64::new(0);

/// Counts statements in PostgreSQL's log for one database.
pub struct Probe {
    pub cluster: Cluster,
    pub database: String,
    pub log: PathBuf,
}

impl Probe {
    /// Logs a marker statement (its text carries `marker`) from a psql session that logs.
    fn mark(&self, marker: &str) -> anyhow::Result<()> {
        self.cluster.psql_url(
            &self.cluster.logging_url(&self.database),
            &self.database,
            &format!("SELECT '{marker}'"),
        )?;
        Ok(())
    }

    /// Sends each body once to warm caches, then once more between two markers, and returns the
    /// statements logged for the database between the markers per request.
    pub async fn statements_per_request(&self, endpoint: &Endpoint, bodies: &[Bytes]) -> anyhow::Result<f64> {
        if bodies.is_empty() {
            bail!("nothing to send");
        }
        for body in bodies {
            load::request_once(endpoint, body.clone()).await?;
        }
        let offset = std::fs::metadata(&self.log)?.len();
        let n = MARKERS.fetch_add(1, Ordering::Relaxed);
        let start = format!("bench-mix-probe-{}-{n}-start", std::process::id());
        let end = format!("bench-mix-probe-{}-{n}-end", std::process::id());
        self.mark(&start)?;
        for body in bodies {
            load::request_once(endpoint, body.clone()).await?;
        }
        self.mark(&end)?;
        // The server writes each line as it happens, but give it a moment to reach the file.
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let text = read_from(&self.log, offset)?;
            if text.contains(&end) {
                let count = count_between(&text, &start, &end, &self.database)
                    .ok_or_else(|| anyhow!("the start marker is not in {}", self.log.display()))?;
                return Ok(count as f64 / bodies.len() as f64);
            }
            if Instant::now() > deadline {
                bail!(
                    "PostgreSQL did not log the marker statement in {}: is it the server's log?",
                    self.log.display()
                );
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

fn read_from(path: &Path, offset: u64) -> anyhow::Result<String> {
    let mut file = std::fs::File::open(path)?;
    // A log rotated or truncated since: read it from the start.
    let offset = if file.metadata()?.len() < offset { 0 } else { offset };
    file.seek(SeekFrom::Start(offset))?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes)?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// Statement lines (`LOG:  statement: ...` for the simple protocol, `LOG:  execute ...` for the
/// extended one; parameters and continuation lines do not count) after the line holding `start`
/// and before the one holding `end`, of `database` when the line prefix names it (`%d`).
fn count_between(text: &str, start: &str, end: &str, database: &str) -> Option<usize> {
    let mut lines = text.lines().skip_while(|line| !line.contains(start));
    lines.next()?;
    let database_tag = format!("@{database}");
    Some(
        lines
            .take_while(|line| !line.contains(end))
            .filter(|line| {
                let Some(at) = line.find(" LOG:  ") else { return false };
                let (prefix, rest) = line.split_at(at);
                let statement = rest.starts_with(" LOG:  statement: ") || rest.starts_with(" LOG:  execute ");
                // `%u@%d` in the prefix names the database; without it, every logged statement
                // counts (only the probe's sessions log them).
                let ours = !prefix.contains('@') || prefix.split_whitespace().any(|word| word.ends_with(&database_tag));
                statement && ours
            })
            .count(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_statement_lines_between_markers() {
        let log = "\
2026-12-03 10:00:00.000 UTC [1] postgres@bench_s0_05 LOG:  execute sqlx_s_1: SELECT 1
2026-12-03 10:00:00.001 UTC [2] postgres@bench_s0_05 LOG:  statement: SELECT 'm-start'
2026-12-03 10:00:00.002 UTC [1] postgres@bench_s0_05 LOG:  execute sqlx_s_1: SELECT a
\tFROM b
2026-12-03 10:00:00.003 UTC [1] postgres@bench_s0_05 DETAIL:  parameters: $1 = '4'
2026-12-03 10:00:00.004 UTC [3] postgres@bench_s0_05 LOG:  execute <unnamed>: select 2
2026-12-03 10:00:00.005 UTC [4] postgres@other LOG:  statement: SELECT 3
2026-12-03 10:00:00.006 UTC [5] postgres@bench_s0_05 LOG:  statement: BEGIN
2026-12-03 10:00:00.007 UTC [2] postgres@bench_s0_05 LOG:  statement: SELECT 'm-end'
2026-12-03 10:00:00.008 UTC [1] postgres@bench_s0_05 LOG:  execute sqlx_s_1: SELECT 1
";
        assert_eq!(count_between(log, "m-start", "m-end", "bench_s0_05"), Some(3));
        assert_eq!(count_between(log, "nope", "m-end", "bench_s0_05"), None);
    }
}
