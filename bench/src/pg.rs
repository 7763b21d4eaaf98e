//! PostgreSQL: psql for set-up queries, the generated datasets, and pgbench for the raw-SQL floor.

use crate::load::new_histogram;
use anyhow::{Context as _, anyhow, bail};
use hdrhistogram::Histogram;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How to reach the PostgreSQL server: a URL without a database name.
#[derive(Debug, Clone)]
pub struct Cluster {
    /// e.g. `postgres://postgres@127.0.0.1:5432`
    pub base: String,
}

impl Cluster {
    /// Every client (congress-api, PostGraphile, pgbench, psql) connects without TLS: they run
    /// on the database's own host, and libpq and sqlx would otherwise each pick TLS when the
    /// server offers it while node-postgres does not, which is not a fair comparison.
    pub fn url(&self, database: &str) -> String {
        format!("{}/{database}?sslmode=disable", self.base.trim_end_matches('/'))
    }

    /// The URL of `database` for a client whose every statement PostgreSQL logs: the server
    /// setting `log_statement` given as a connection option, so that it holds for that client's
    /// sessions only and nothing has to be put back afterwards (it needs a superuser role).
    pub fn logging_url(&self, database: &str) -> String {
        format!("{}&options=-c%20log_statement%3Dall", self.url(database))
    }

    /// Runs SQL with psql and returns its unaligned, tuples-only output.
    pub fn psql(&self, database: &str, sql: &str) -> anyhow::Result<String> {
        self.psql_url(&self.url(database), database, sql)
    }

    /// Runs SQL with psql on a connection URL (`database` only names it in errors).
    pub fn psql_url(&self, url: &str, database: &str, sql: &str) -> anyhow::Result<String> {
        let output = Command::new("psql")
            .args(["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-d"])
            .arg(url)
            .args(["-c", sql])
            .stdin(Stdio::null())
            .output()
            .context("cannot run psql (is the PostgreSQL client installed?)")?;
        if !output.status.success() {
            bail!(
                "psql failed on {database}: {}\n{sql}",
                String::from_utf8_lossy(&output.stderr).trim()
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
    }

    pub fn database_exists(&self, database: &str) -> anyhow::Result<bool> {
        Ok(!self
            .psql(
                "postgres",
                &format!("SELECT 1 FROM pg_database WHERE datname = '{database}'"),
            )?
            .is_empty())
    }

    pub fn version(&self) -> String {
        self.psql("postgres", "SELECT version()")
            .unwrap_or_else(|error| format!("unknown ({error})"))
    }
}

/// What we write as the comment of a generated database, so that later runs reuse it.
#[derive(Debug, Clone)]
pub struct DatasetInfo {
    pub database: String,
    pub scale: f64,
    pub seed: u64,
    /// How long `congress-api generate` took, when this run or an earlier one generated it.
    pub generate_seconds: f64,
    pub generated_at: String,
    /// Whether this run generated it.
    pub generated_now: bool,
    pub organizations: u64,
    pub people: u64,
    pub congresses: u64,
    pub memberships: u64,
    pub database_size: String,
}

pub fn database_name(scale: f64) -> String {
    let text = format!("{scale}").replace('.', "_");
    let text = text.trim_end_matches("_0").to_owned();
    format!("bench_s{text}")
}

fn read_marker(cluster: &Cluster, database: &str) -> anyhow::Result<Option<serde_json::Value>> {
    let comment = cluster.psql(
        database,
        "SELECT COALESCE(shobj_description(oid, 'pg_database'), '') FROM pg_database WHERE datname = current_database()",
    )?;
    if comment.is_empty() {
        return Ok(None);
    }
    Ok(serde_json::from_str(&comment).ok())
}

fn count(cluster: &Cluster, database: &str, table: &str) -> u64 {
    cluster
        .psql(database, &format!("SELECT count(*) FROM {table}"))
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0)
}

/// Makes sure `bench_s<scale>` holds the generated dataset: reuses it when the marker says so,
/// else (or with `regenerate`) recreates the database and runs `congress-api generate`.
pub fn ensure_dataset(
    cluster: &Cluster,
    server_bin: &Path,
    scale: f64,
    seed: u64,
    regenerate: bool,
    log_dir: &Path,
) -> anyhow::Result<DatasetInfo> {
    let database = database_name(scale);
    let mut reused = None;
    if !regenerate
        && cluster.database_exists(&database)?
        && let Some(marker) = read_marker(cluster, &database)?
    {
        let same = marker["scale"].as_f64() == Some(scale) && marker["seed"].as_u64() == Some(seed);
        if same && count(cluster, &database, "organizations") > 0 {
            reused = Some(marker);
        }
    }
    let (generate_seconds, generated_at, generated_now) = match reused {
        Some(marker) => {
            eprintln!(
                "[bench] {database}: the generated dataset is there (scale {scale}, seed {seed}); not regenerating"
            );
            (
                marker["generate_seconds"].as_f64().unwrap_or(f64::NAN),
                marker["generated_at"].as_str().unwrap_or("").to_owned(),
                false,
            )
        }
        None => {
            eprintln!("[bench] {database}: generating scale {scale} (seed {seed}) ...");
            cluster.psql("postgres", &format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)"))?;
            cluster.psql("postgres", &format!("CREATE DATABASE {database}"))?;
            let log_path = log_dir.join(format!("generate_{database}.log"));
            let log = std::fs::File::create(&log_path)?;
            let started = Instant::now();
            let status = Command::new(server_bin)
                .args(["generate", "--scale", &scale.to_string(), "--seed", &seed.to_string()])
                .arg("--database-url")
                .arg(cluster.url(&database))
                .env("RUST_BACKTRACE", "0")
                .stdin(Stdio::null())
                .stdout(log.try_clone()?)
                .stderr(log)
                .status()
                .context("cannot run congress-api generate")?;
            let seconds = started.elapsed().as_secs_f64();
            if !status.success() {
                let text = std::fs::read_to_string(&log_path).unwrap_or_default();
                let tail: Vec<&str> = text.lines().rev().take(15).collect();
                bail!(
                    "congress-api generate --scale {scale} failed ({status}); {}:\n{}",
                    log_path.display(),
                    tail.into_iter().rev().collect::<Vec<_>>().join("\n")
                );
            }
            eprintln!("[bench] {database}: generated in {seconds:.1} s");
            let at = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ").to_string();
            let marker = serde_json::json!({
                "bench": "congress-api generate",
                "scale": scale,
                "seed": seed,
                "generate_seconds": (seconds * 10.0).round() / 10.0,
                "generated_at": at,
            });
            cluster.psql(
                "postgres",
                &format!(
                    "COMMENT ON DATABASE {database} IS '{}'",
                    marker.to_string().replace('\'', "''")
                ),
            )?;
            (seconds, at, true)
        }
    };
    Ok(DatasetInfo {
        organizations: count(cluster, &database, "organizations"),
        people: count(cluster, &database, "people"),
        congresses: count(cluster, &database, "congresses"),
        memberships: count(cluster, &database, "memberships"),
        database_size: cluster
            .psql(&database, "SELECT pg_size_pretty(pg_database_size(current_database()))")
            .unwrap_or_default(),
        database,
        scale,
        seed,
        generate_seconds,
        generated_at,
        generated_now,
    })
}

/// What a pgbench run measured.
pub struct PgbenchResult {
    pub transactions: u64,
    pub failed: u64,
    pub latency: Histogram<u64>,
    pub elapsed: Duration,
    pub tps: f64,
}

/// Runs a pgbench script with `clients` connections for `seconds` (prepared statements, no
/// vacuum), and reads every transaction's latency from its per-transaction log.
pub fn pgbench(
    url: &str,
    script: &Path,
    clients: usize,
    duration: Duration,
    work_dir: &Path,
    keep_log: bool,
) -> anyhow::Result<PgbenchResult> {
    let threads = clients.min(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2));
    let log_dir: PathBuf = work_dir.join(format!("pgbench_{}", std::process::id()));
    if log_dir.exists() {
        std::fs::remove_dir_all(&log_dir)?;
    }
    std::fs::create_dir_all(&log_dir)?;
    let seconds = duration.as_secs().max(1);
    let mut command = Command::new(pgbench_binary());
    command
        .args(["-n", "-M", "prepared"])
        .args(["-c", &clients.to_string(), "-j", &threads.to_string()])
        .args(["-T", &seconds.to_string()])
        .arg("-f")
        .arg(script);
    if keep_log {
        command
            .arg("-l")
            .arg(format!("--log-prefix={}", log_dir.join("tx").display()));
    }
    let started = Instant::now();
    let output = command
        .arg(url)
        .stdin(Stdio::null())
        .output()
        .context("cannot run pgbench")?;
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    if !output.status.success() {
        bail!(
            "pgbench failed: {}\n{}",
            String::from_utf8_lossy(&output.stderr).trim(),
            stdout
        );
    }
    let field = |prefix: &str| -> Option<f64> {
        stdout
            .lines()
            .find_map(|line| line.trim().strip_prefix(prefix))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse().ok())
    };
    let transactions = field("number of transactions actually processed:")
        .ok_or_else(|| anyhow!("cannot read pgbench's output:\n{stdout}"))? as u64;
    let failed = field("number of failed transactions:").unwrap_or(0.0) as u64;
    let tps = field("tps =").unwrap_or(f64::NAN);
    let mut latency = new_histogram();
    if keep_log {
        for entry in std::fs::read_dir(&log_dir)? {
            let path = entry?.path();
            let text = std::fs::read_to_string(&path)?;
            for line in text.lines() {
                // client_id transaction_no time script_no time_epoch time_us
                if let Some(micros) = line.split_whitespace().nth(2).and_then(|t| t.parse::<u64>().ok()) {
                    let _ = latency.record(micros.clamp(1, 600_000_000));
                }
            }
        }
    }
    let _ = std::fs::remove_dir_all(&log_dir);
    Ok(PgbenchResult {
        transactions,
        failed,
        latency,
        elapsed,
        tps,
    })
}

pub fn pgbench_binary() -> PathBuf {
    let on_path = Command::new("pgbench")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if on_path {
        PathBuf::from("pgbench")
    } else {
        PathBuf::from("/usr/lib/postgresql/15/bin/pgbench")
    }
}
