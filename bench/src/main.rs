//! `cargo run --release -p bench -- [options]`: benchmarks congress-api, in one run, on generated
//! PostgreSQL datasets: a mix of client-shaped operations against PostGraphile v5 (see `mix`),
//! five workloads at 1 and 8 connections, the organization history (W1) interleaved with
//! PostGraphile v5 and raw SQL (pgbench) on the same database, SQL statements per request, peak
//! memory, and how latency grows from scale 0.01 to 1.0. Prints the report and writes it to
//! bench/results/latest.md. `cargo run --release -p bench -- mix` runs the client mix alone.

mod load;
mod mix;
mod pg;
mod procs;
mod report;
mod w1_check;
mod workloads;

use anyhow::{Context as _, bail};
use clap::{Parser, Subcommand};
use load::{Endpoint, MakeBody};
use report::{Check, Measurement, OURS, PGBENCH, POSTGRAPHILE};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Benchmarks congress-api (and PostGraphile and pgbench for comparison) on generated datasets.
#[derive(Parser, Debug)]
#[command(name = "bench")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Seconds measured per run (default 10, 5 for the client mix; 3 and 2 with --quick).
    #[arg(long, global = true)]
    duration: Option<f64>,
    /// Seconds of warm-up before each run, not measured (default 3, 2 for each operation of the
    /// client mix; 1 and 0.5 with --quick).
    #[arg(long, global = true)]
    warmup: Option<f64>,
    /// Interleaved rounds of the W1 comparison, of W5 and of the client mix (default 3; 1 with
    /// --quick); medians are reported.
    #[arg(long, global = true)]
    rounds: Option<usize>,
    /// Dataset scales, comma-separated (default 0.01,1.0; 0.01 with --quick). The largest is
    /// where PostGraphile, pgbench and the client mix run.
    #[arg(long, value_delimiter = ',', global = true)]
    scales: Option<Vec<f64>>,
    /// Concurrent connections per run, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "1,8", global = true)]
    connections: Vec<usize>,
    /// Concurrent connections of the client mix.
    #[arg(long, default_value_t = 8, global = true)]
    mix_connections: usize,
    /// Do not run the client mix in the full run.
    #[arg(long, global = true)]
    skip_mix: bool,
    /// Do not install or run PostGraphile.
    #[arg(long, global = true)]
    skip_postgraphile: bool,
    /// Scale 0.01 only, short runs, one round: checks the whole harness in a minute or two.
    #[arg(long, global = true)]
    quick: bool,
    /// Regenerate the datasets even when they are there.
    #[arg(long, global = true)]
    regenerate: bool,
    /// The seed given to `congress-api generate`.
    #[arg(long, default_value_t = 1, global = true)]
    seed: u64,
    /// PostgreSQL server, without a database name (databases bench_s<scale> are created there).
    #[arg(long, default_value = "postgres://postgres@127.0.0.1:5432", global = true)]
    pg_url: String,
    /// PostgreSQL's log file, where the client mix counts statements (default: the logging
    /// collector's file, else /var/log/postgresql/postgresql-<cluster>.log).
    #[arg(long, global = true)]
    pg_log: Option<PathBuf>,
    /// Use target/release/congress-api as it is instead of building it first.
    #[arg(long, global = true)]
    no_build: bool,
    /// First of the local ports used (congress-api, PostGraphile, then the mix's probe processes).
    #[arg(long, default_value_t = 18080, global = true)]
    port: u16,
    /// How many commune and grassroots organizations W1 picks from.
    #[arg(long, default_value_t = 1000, global = true)]
    pool_size: usize,
    /// Where to write the Markdown report, relative to the workspace (default
    /// bench/results/latest.md; bench/results/mix.md for `mix`). A CSV goes beside it.
    #[arg(long, global = true)]
    output: Option<PathBuf>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Only the client mix (operations as Apollo, Relay and urql send them, against congress-api
    /// and PostGraphile) on one dataset.
    Mix {
        /// Dataset scale (default 1.0; 0.01 with --quick).
        #[arg(long)]
        scale: Option<f64>,
    },
}

/// Levels of objects in W1 (organization, congresses, committees, members, person): with
/// batching, one statement per level is the ideal.
const W1_DEPTH: usize = 5;
const MEMORY_TARGET_BYTES: u64 = 150 * 1024 * 1024;

struct Settings {
    duration: Duration,
    warmup: Duration,
    rounds: usize,
    scales: Vec<f64>,
    connections: Vec<usize>,
}

struct Context {
    settings: Settings,
    measurements: Vec<Measurement>,
    seed: u64,
    work_dir: PathBuf,
}

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

fn secs(s: f64) -> Duration {
    Duration::from_secs_f64(s.max(0.0))
}

async fn statements(addr: SocketAddr) -> Option<f64> {
    let (_, text) = load::get(addr, "/metrics").await.ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix("db_statements_total "))
        .and_then(|n| n.trim().parse().ok())
}

impl Context {
    fn next_seed(&mut self) -> u64 {
        self.seed += 1;
        self.seed
    }

    /// One HTTP run: warm-up, then the measured run; for congress-api also the statements it ran.
    #[allow(clippy::too_many_arguments)]
    async fn http_run(
        &mut self,
        workload: &str,
        scale: f64,
        target: &str,
        endpoint: &Endpoint,
        make_body: &MakeBody,
        connections: usize,
        round: usize,
        count_statements: bool,
    ) {
        let seed = self.next_seed();
        if !self.settings.warmup.is_zero() {
            let warm = load::run(endpoint, make_body, connections, self.settings.warmup, seed ^ 0xabcdef).await;
            if warm.errors() > 0 {
                eprintln!(
                    "[bench]   warm-up errors ({}): {}",
                    warm.errors(),
                    warm.first_error.as_deref().unwrap_or("")
                );
            }
        }
        let before = if count_statements {
            statements(endpoint.addr).await
        } else {
            None
        };
        let result = load::run(endpoint, make_body, connections, self.settings.duration, seed).await;
        let after = if count_statements {
            statements(endpoint.addr).await
        } else {
            None
        };
        let statements_per_request = match (before, after) {
            (Some(b), Some(a)) if result.requests > 0 => Some((a - b) / result.requests as f64),
            _ => None,
        };
        let m = Measurement {
            workload: workload.to_owned(),
            scale,
            target: target.to_owned(),
            connections,
            round,
            requests: result.requests,
            rps: result.rps(),
            p50_ms: result.quantile_ms(0.5),
            p99_ms: result.quantile_ms(0.99),
            errors: result.errors(),
            statements_per_request,
            bytes_per_response: (result.requests > 0).then(|| result.response_bytes as f64 / result.requests as f64),
        };
        self.log(&m);
        if let Some(error) = &result.first_error {
            eprintln!(
                "[bench]   {} errors ({} HTTP, {} GraphQL); first: {}",
                result.errors(),
                result.http_errors,
                result.graphql_errors,
                error.chars().take(500).collect::<String>()
            );
        }
        self.measurements.push(m);
    }

    fn pgbench_run(&mut self, scale: f64, url: &str, script: &Path, connections: usize, round: usize) {
        if !self.settings.warmup.is_zero() {
            let warm = secs(self.settings.warmup.as_secs_f64().max(1.0));
            if let Err(error) = pg::pgbench(url, script, connections, warm, &self.work_dir, false) {
                eprintln!("[bench]   pgbench warm-up failed: {error:#}");
            }
        }
        let m = match pg::pgbench(url, script, connections, self.settings.duration, &self.work_dir, true) {
            Ok(r) => Measurement {
                workload: "W1".into(),
                scale,
                target: PGBENCH.into(),
                connections,
                round,
                requests: r.transactions,
                rps: if r.tps.is_finite() {
                    r.tps
                } else {
                    r.transactions as f64 / r.elapsed.as_secs_f64()
                },
                p50_ms: r.latency.value_at_quantile(0.5) as f64 / 1000.0,
                p99_ms: r.latency.value_at_quantile(0.99) as f64 / 1000.0,
                errors: r.failed,
                statements_per_request: Some(1.0),
                bytes_per_response: None,
            },
            Err(error) => {
                eprintln!("[bench]   pgbench failed: {error:#}");
                Measurement {
                    workload: "W1".into(),
                    scale,
                    target: PGBENCH.into(),
                    connections,
                    round,
                    requests: 0,
                    rps: f64::NAN,
                    p50_ms: f64::NAN,
                    p99_ms: f64::NAN,
                    errors: 1,
                    statements_per_request: None,
                    bytes_per_response: None,
                }
            }
        };
        self.log(&m);
        self.measurements.push(m);
    }

    fn log(&self, m: &Measurement) {
        eprintln!(
            "[bench] {:<16} scale {:<5} {:<14} c={:<2} round {}: {:>8} req/s  p50 {:>8} ms  p99 {:>8} ms  errors {}{}",
            m.workload,
            m.scale,
            m.target,
            m.connections,
            m.round,
            report::fmt_num(m.rps),
            report::fmt_num(m.p50_ms),
            report::fmt_num(m.p99_ms),
            m.errors,
            m.statements_per_request
                .filter(|_| m.target == OURS)
                .map(|s| format!("  SQL/req {s:.2}"))
                .unwrap_or_default()
        );
    }
}

fn machine() -> (String, String, String) {
    let cpus = std::thread::available_parallelism()
        .map(|n| n.get().to_string())
        .unwrap_or_else(|_| "?".into());
    let memory = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("MemTotal:"))
                .and_then(|r| r.split_whitespace().next())
                .and_then(|n| n.parse::<f64>().ok())
        })
        .map(|kib| format!("{:.1} GiB", kib / 1024.0 / 1024.0))
        .unwrap_or_else(|| "?".into());
    let model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|text| {
            text.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|r| r.trim_start_matches([' ', '\t', ':']).trim().to_owned())
        })
        .unwrap_or_else(|| "?".into());
    (cpus, memory, model)
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1024.0 / 1024.0)
}

struct ScaleRun {
    dataset: pg::DatasetInfo,
    ours_peak: Option<u64>,
    postgraphile_peak: Option<u64>,
    verification: Option<String>,
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let started = Instant::now();
    let started_at = chrono::Utc::now();
    let root = workspace_root();
    let settings = Settings {
        duration: secs(cli.duration.unwrap_or(if cli.quick { 3.0 } else { 10.0 })),
        warmup: secs(cli.warmup.unwrap_or(if cli.quick { 1.0 } else { 3.0 })),
        rounds: cli.rounds.unwrap_or(if cli.quick { 1 } else { 3 }).max(1),
        scales: {
            let mut s = cli
                .scales
                .clone()
                .unwrap_or_else(|| if cli.quick { vec![0.01] } else { vec![0.01, 1.0] });
            s.sort_by(|a, b| a.total_cmp(b));
            s.dedup();
            s
        },
        connections: cli.connections.clone(),
    };
    if settings.scales.is_empty() || settings.connections.is_empty() {
        bail!("--scales and --connections need at least one value");
    }
    let command = {
        let args: Vec<String> = std::env::args().skip(1).collect();
        if args.is_empty() {
            "cargo run --release -p bench".to_owned()
        } else {
            format!("cargo run --release -p bench -- {}", args.join(" "))
        }
    };
    let cache = root.join("bench/.cache");
    let log_dir = cache.join("logs");
    std::fs::create_dir_all(&log_dir)?;
    let server_bin = root.join("target/release/congress-api");
    if !cli.no_build {
        eprintln!("[bench] building congress-api (cargo build --release -p congress-api) ...");
        let status = std::process::Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
            .args(["build", "--release", "-p", "congress-api"])
            .current_dir(&root)
            .status()
            .context("cannot run cargo")?;
        if !status.success() {
            bail!("cargo build --release -p congress-api failed");
        }
    }
    if !server_bin.exists() {
        bail!("{} does not exist: build it first", server_bin.display());
    }
    let cluster = pg::Cluster {
        base: cli.pg_url.clone(),
    };
    let pg_version = cluster.version();
    let pgbench_version = std::process::Command::new(pg::pgbench_binary())
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|_| "?".into());
    let postgraphile = if cli.skip_postgraphile {
        None
    } else {
        Some(procs::install_postgraphile(&cache.join("postgraphile"))?)
    };
    let comparison_scale = *settings.scales.last().unwrap_or(&1.0);
    let ours_addr: SocketAddr = format!("127.0.0.1:{}", cli.port).parse()?;
    let pg_addr: SocketAddr = format!("127.0.0.1:{}", cli.port + 1).parse()?;
    // The mix's congress-api with its response cache on (ports + 2 and + 3 are the probe's).
    let cached_addr: SocketAddr = format!("127.0.0.1:{}", cli.port + 4).parse()?;
    let shared = Shared {
        mix_settings: mix::MixSettings {
            duration: secs(cli.duration.unwrap_or(if cli.quick { 2.0 } else { 5.0 })),
            warmup: secs(cli.warmup.unwrap_or(if cli.quick { 0.5 } else { 2.0 })),
            rounds: settings.rounds,
            connections: cli.mix_connections.max(1),
            probe_requests: 5,
        },
        probe_ours_addr: format!("127.0.0.1:{}", cli.port + 2).parse()?,
        probe_pg_addr: format!("127.0.0.1:{}", cli.port + 3).parse()?,
        started,
        started_at,
        command: command.clone(),
        pg_version: pg_version.clone(),
        pg_info: postgraphile_info(postgraphile.as_ref()),
    };
    if let Some(Command::Mix { scale }) = &cli.command {
        let scale = scale.unwrap_or(if cli.quick { 0.01 } else { 1.0 });
        let output = root.join(
            cli.output
                .clone()
                .unwrap_or_else(|| PathBuf::from("bench/results/mix.md")),
        );
        let dataset = pg::ensure_dataset(&cluster, &server_bin, scale, cli.seed, cli.regenerate, &log_dir)?;
        let url = cluster.url(&dataset.database);
        let ours = procs::start_congress_api(
            &server_bin,
            &url,
            ours_addr,
            &log_dir,
            &dataset.database,
            procs::ResponseCache::Off,
        )
        .await?;
        let pg_server = match &postgraphile {
            Some(install) => Some(procs::start_postgraphile(install, &url, pg_addr, &log_dir, "postgraphile").await?),
            None => None,
        };
        let cached = start_cached(&server_bin, &url, cached_addr, &log_dir, &dataset.database).await?;
        let ours_endpoint = endpoint(ours_addr);
        let pg_endpoint = endpoint(pg_addr);
        let cached_endpoint = endpoint(cached_addr);
        let env = mix::MixEnv {
            cluster: &cluster,
            database: &dataset.database,
            scale,
            server_bin: &server_bin,
            postgraphile_install: postgraphile.as_ref(),
            ours: &ours,
            ours_endpoint: &ours_endpoint,
            postgraphile: pg_server.as_ref().map(|s| (s, &pg_endpoint)),
            cached: Some((&cached, &cached_endpoint)),
            probe_ours_addr: shared.probe_ours_addr,
            probe_postgraphile_addr: shared.probe_pg_addr,
            log_dir: &log_dir,
            pg_log: cli.pg_log.as_deref(),
        };
        let (mix_report, measurements) = mix::run(&env, &shared.mix_settings, 7).await?;
        drop(cached);
        drop(ours);
        drop(pg_server);
        println!();
        println!("{}", mix_report.text());
        let mut md = String::from("# congress-api benchmark: client mix\n\n");
        md.push_str(&shared.header(&dataset));
        md.push_str(&mix_report.markdown());
        write_report(&output, &md, &measurements)?;
        println!("report written to {}", output.display());
        return Ok(());
    }
    let mut ctx = Context {
        settings,
        measurements: Vec::new(),
        seed: 7,
        work_dir: cache.clone(),
    };
    let mut scale_runs: Vec<ScaleRun> = Vec::new();
    let mut mix_report: Option<mix::MixReport> = None;
    let connections = ctx.settings.connections.clone();
    let rounds = ctx.settings.rounds;

    for &scale in &ctx.settings.scales.clone() {
        let dataset = pg::ensure_dataset(&cluster, &server_bin, scale, cli.seed, cli.regenerate, &log_dir)?;
        let url = cluster.url(&dataset.database);
        eprintln!(
            "[bench] {}: {} organizations, {} people, {} congresses, {} memberships, {}",
            dataset.database,
            dataset.organizations,
            dataset.people,
            dataset.congresses,
            dataset.memberships,
            dataset.database_size
        );
        let token = workloads::admin_token(&server_bin, &url)?;
        let pools = workloads::load_pools(&cluster, &dataset.database, cli.pool_size)?;
        let mut ours = procs::start_congress_api(
            &server_bin,
            &url,
            ours_addr,
            &log_dir,
            &dataset.database,
            procs::ResponseCache::Off,
        )
        .await?;
        eprintln!(
            "[bench] congress-api (pid {}) is serving {}",
            ours.pid(),
            dataset.database
        );
        let compare = (scale - comparison_scale).abs() < 1e-12;
        let mut pg_server = match (&postgraphile, compare) {
            (Some(install), true) => {
                let server = procs::start_postgraphile(install, &url, pg_addr, &log_dir, "postgraphile").await?;
                eprintln!(
                    "[bench] PostGraphile (pid {}) is serving {}",
                    server.pid(),
                    dataset.database
                );
                Some(server)
            }
            _ => None,
        };
        let ours_endpoint = endpoint(ours_addr);
        let writer_endpoint = Endpoint {
            headers: vec![("authorization".into(), format!("Bearer {token}"))],
            ..ours_endpoint.clone()
        };
        let pg_endpoint = endpoint(pg_addr);
        // The client mix first, while both servers are fresh: its peak memory is the mix's own.
        if compare && !cli.skip_mix {
            let cached = start_cached(&server_bin, &url, cached_addr, &log_dir, &dataset.database).await?;
            let cached_endpoint = endpoint(cached_addr);
            let env = mix::MixEnv {
                cluster: &cluster,
                database: &dataset.database,
                scale,
                server_bin: &server_bin,
                postgraphile_install: postgraphile.as_ref(),
                ours: &ours,
                ours_endpoint: &ours_endpoint,
                postgraphile: pg_server.as_ref().map(|s| (s, &pg_endpoint)),
                cached: Some((&cached, &cached_endpoint)),
                probe_ours_addr: shared.probe_ours_addr,
                probe_postgraphile_addr: shared.probe_pg_addr,
                log_dir: &log_dir,
                pg_log: cli.pg_log.as_deref(),
            };
            let seed = ctx.next_seed();
            match mix::run(&env, &shared.mix_settings, seed).await {
                Ok((report, measurements)) => {
                    ctx.measurements.extend(measurements);
                    mix_report = Some(report);
                }
                Err(error) => eprintln!("[bench] the client mix failed: {error:#}"),
            }
        }
        let verification = if compare {
            let text = w1_check::verify_w1(
                &cluster,
                &dataset.database,
                &ours_endpoint,
                pg_server.as_ref().map(|_| &pg_endpoint),
                &pools,
            )
            .await;
            eprintln!("[bench] {text}");
            Some(text)
        } else {
            None
        };
        let script = cache.join(format!("w1_{}.sql", dataset.database));
        if compare {
            std::fs::write(&script, workloads::w1_pgbench_script(&pools.w1))?;
        }

        // W1, interleaved: congress-api, PostGraphile, pgbench, round after round.
        let w1_ours = workloads::w1_ours(&pools);
        let w1_pg = workloads::w1_postgraphile(&pools);
        for round in 1..=rounds {
            for &c in &connections {
                ctx.http_run("W1", scale, OURS, &ours_endpoint, &w1_ours, c, round, true)
                    .await;
                if pg_server.is_some() {
                    ctx.http_run("W1", scale, POSTGRAPHILE, &pg_endpoint, &w1_pg, c, round, false)
                        .await;
                }
                if compare {
                    ctx.pgbench_run(scale, &url, &script, c, round);
                }
            }
        }
        // W5: search, people and organizations.
        let w5p = workloads::w5_people();
        let w5o = workloads::w5_organizations();
        for round in 1..=rounds {
            for &c in &connections {
                ctx.http_run("W5 people", scale, OURS, &ours_endpoint, &w5p, c, round, true)
                    .await;
                ctx.http_run("W5 organizations", scale, OURS, &ours_endpoint, &w5o, c, round, true)
                    .await;
            }
        }
        // W2 and W3: leadership of a page of organizations, and the term report of a province.
        let w2 = workloads::w2(&pools);
        let w3 = workloads::w3(&pools);
        for &c in &connections {
            ctx.http_run("W2", scale, OURS, &ours_endpoint, &w2, c, 1, true).await;
        }
        for &c in &connections {
            ctx.http_run("W3", scale, OURS, &ours_endpoint, &w3, c, 1, true).await;
        }
        // W4 last: it writes.
        let w4 = workloads::w4(&pools);
        for &c in &connections {
            ctx.http_run("W4", scale, OURS, &writer_endpoint, &w4, c, 1, true).await;
        }

        let ours_peak = ours.peak_memory();
        let postgraphile_peak = pg_server.as_ref().and_then(procs::Server::peak_memory);
        eprintln!(
            "[bench] peak memory on {}: congress-api {}{}",
            dataset.database,
            ours_peak.map(mb).unwrap_or_else(|| "?".into()),
            postgraphile_peak
                .map(|b| format!(", PostGraphile {}", mb(b)))
                .unwrap_or_default()
        );
        ours.stop();
        if let Some(server) = pg_server.as_mut() {
            server.stop();
        }
        scale_runs.push(ScaleRun {
            dataset,
            ours_peak,
            postgraphile_peak,
            verification,
        });
    }

    // ---- the report ----
    let summaries = report::summarize(&ctx.measurements);
    let conn_max = *connections.iter().max().unwrap_or(&8);
    let conn_min = *connections.iter().min().unwrap_or(&1);
    let small = *ctx.settings.scales.first().unwrap_or(&0.01);
    let big = comparison_scale;
    let mut checks = Vec::new();
    let ours_w1 = report::find(&summaries, "W1", big, OURS, conn_max);
    let pg_w1 = report::find(&summaries, "W1", big, POSTGRAPHILE, conn_max);
    let sql_w1 = report::find(&summaries, "W1", big, PGBENCH, conn_max);
    let ratio_check = |name: String, value: Option<f64>, target: f64| Check {
        name,
        value: value.map(|v| format!("{v:.2}×")).unwrap_or_else(|| "-".into()),
        target: format!("≥ {target}×"),
        pass: value.map(|v| v >= target),
    };
    checks.push(ratio_check(
        format!("W1 at {conn_max} connections: congress-api / PostGraphile req/s"),
        ours_w1.zip(pg_w1).map(|(o, p)| o.rps / p.rps),
        3.0,
    ));
    checks.push(ratio_check(
        format!("W1 at {conn_max} connections: PostGraphile p99 / congress-api p99"),
        ours_w1.zip(pg_w1).map(|(o, p)| p.p99_ms / o.p99_ms),
        3.0,
    ));
    checks.push(ratio_check(
        format!("W1 at {conn_max} connections: congress-api / pgbench req/s"),
        ours_w1.zip(sql_w1).map(|(o, s)| o.rps / s.rps),
        0.5,
    ));
    let w1_statements = ours_w1.and_then(|s| s.statements_per_request);
    checks.push(Check {
        name: format!("W1 SQL statements per request (query depth {W1_DEPTH})"),
        value: w1_statements.map(|v| format!("{v:.2}")).unwrap_or_else(|| "-".into()),
        target: format!("≤ depth + 1 = {}", W1_DEPTH + 1),
        pass: w1_statements.map(|v| v <= (W1_DEPTH + 1) as f64 + 1e-9),
    });
    if (big - small).abs() > 1e-12 {
        for workload in ["W1", "W5 people", "W5 organizations"] {
            let a = report::find(&summaries, workload, big, OURS, conn_min);
            let b = report::find(&summaries, workload, small, OURS, conn_min);
            let ratio = a.zip(b).map(|(a, b)| a.p50_ms / b.p50_ms);
            checks.push(Check {
                name: format!("{workload} p50 at scale {big} / at scale {small} ({conn_min} connection)"),
                value: ratio.map(|v| format!("{v:.2}×")).unwrap_or_else(|| "-".into()),
                target: "≤ 1.5×".into(),
                pass: ratio.map(|v| v <= 1.5),
            });
        }
    } else {
        checks.push(Check {
            name: "W1 and W5 p50 growth from scale 0.01 to 1.0".into(),
            value: "-".into(),
            target: "≤ 1.5× (needs two scales)".into(),
            pass: None,
        });
    }
    let peak = scale_runs.iter().filter_map(|r| r.ours_peak).max();
    checks.push(Check {
        name: "congress-api peak memory (VmHWM, whole benchmark)".into(),
        value: peak.map(mb).unwrap_or_else(|| "-".into()),
        target: "< 150 MB".into(),
        pass: peak.map(|p| p < MEMORY_TARGET_BYTES),
    });
    let total_errors: u64 = ctx.measurements.iter().map(|m| m.errors).sum();
    checks.push(Check {
        name: "errors over every run (HTTP, GraphQL, pgbench)".into(),
        value: total_errors.to_string(),
        target: "0".into(),
        pass: Some(total_errors == 0),
    });

    let elapsed = started.elapsed();
    let (cpus, memory, model) = machine();
    let pg_info = &shared.pg_info;
    let output = root.join(
        cli.output
            .clone()
            .unwrap_or_else(|| PathBuf::from("bench/results/latest.md")),
    );
    // The mix has its own table; the table of every workload keeps to W1..W5.
    let workload_summaries: Vec<report::Summary> = summaries
        .iter()
        .filter(|s| !s.workload.starts_with("mix "))
        .cloned()
        .collect();

    // Terminal.
    println!();
    println!(
        "== congress-api benchmark, {} ==",
        started_at.format("%Y-%m-%d %H:%M UTC")
    );
    if let Some(mix_report) = &mix_report {
        println!("{}", mix_report.text());
    }
    println!("{}", report::checks_text(&checks));
    println!("{}", report::table_text(&workload_summaries));
    for run in &scale_runs {
        if let Some(v) = &run.verification {
            println!("{v}");
        }
    }
    println!(
        "took {:.1} min; report written to {}",
        elapsed.as_secs_f64() / 60.0,
        output.display()
    );

    // Markdown.
    let mut md = String::new();
    md.push_str("# congress-api benchmark: latest run\n\n");
    md.push_str(&format!(
        "- date: {} (took {:.1} min)\n- command: `{command}`\n- machine: {cpus} CPUs ({model}), {memory} RAM\n- {}\n- {pgbench_version}\n- {pg_info}\n- runs: {} s measured after {} s of warm-up, closed loop, {} connection(s); {} interleaved round(s) for W1 and W5 (medians)\n\n",
        started_at.format("%Y-%m-%d %H:%M UTC"),
        elapsed.as_secs_f64() / 60.0,
        pg_version,
        ctx.settings.duration.as_secs_f64(),
        ctx.settings.warmup.as_secs_f64(),
        connections.iter().map(usize::to_string).collect::<Vec<_>>().join(" and "),
        rounds,
    ));
    if let Some(mix_report) = &mix_report {
        md.push_str(&mix_report.markdown());
    }
    md.push_str("## Targets\n\n");
    md.push_str(&report::checks_markdown(&checks));
    md.push_str("\n## Datasets\n\n| database | scale (seed) | organizations | people | congresses | memberships | size | generation |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |\n");
    for run in &scale_runs {
        let d = &run.dataset;
        md.push_str(&format!(
            "| {} | {} ({}) | {} | {} | {} | {} | {} | {:.1} s{} |\n",
            d.database,
            d.scale,
            d.seed,
            d.organizations,
            d.people,
            d.congresses,
            d.memberships,
            d.database_size,
            d.generate_seconds,
            if d.generated_now {
                " (this run)".to_owned()
            } else {
                format!(" (earlier run, {})", d.generated_at)
            }
        ));
    }
    md.push_str("\n## Peak memory (VmHWM)\n\n| database | congress-api | PostGraphile |\n| --- | ---: | ---: |\n");
    for run in &scale_runs {
        md.push_str(&format!(
            "| {} | {} | {} |\n",
            run.dataset.database,
            run.ours_peak.map(mb).unwrap_or_else(|| "-".into()),
            run.postgraphile_peak.map(mb).unwrap_or_else(|| "-".into())
        ));
    }
    md.push_str("\n## Every workload\n\nMedians over the runs; errors are summed. SQL/req is `db_statements_total` from `/metrics` before and after each run divided by its requests (pgbench: one statement per transaction).\n\n");
    md.push_str(&report::table_markdown(&workload_summaries));
    md.push('\n');
    for run in &scale_runs {
        if let Some(v) = &run.verification {
            md.push_str(v);
            md.push_str("\n\n");
        }
    }
    md.push_str("## Workloads\n\n");
    md.push_str(&format!(
        "- W1 (congress-api): `{}` for one of {} commune and grassroots organizations picked at random\n",
        workloads::W1_QUERY,
        cli.pool_size
    ));
    md.push_str(&format!(
        "- W1 (PostGraphile): `{}`\n",
        workloads::W1_POSTGRAPHILE_QUERY
    ));
    md.push_str("- W1 (pgbench): one SQL statement joining organizations, congresses, committees, memberships and people, ordered as the API orders them (`-M prepared`, random organization from the same pool)\n");
    md.push_str(&format!("- W2: `{}` for a random province\n", workloads::W2_QUERY));
    md.push_str(&format!("- W3: `{}` for a random province\n", workloads::W3_QUERY));
    md.push_str(&format!(
        "- W4: `{}` with an admin token: a congress of the 2025-2030 term (held in September 2025) with the next ordinal, 7 executive and 3 inspection members (new names) and 3 targets, each time for a different grassroots organization\n",
        workloads::W4_MUTATION
    ));
    md.push_str(&format!(
        "- W5 people: `{}` with q one of: {}\n",
        workloads::W5_PEOPLE_QUERY,
        workloads::PEOPLE_SEARCHES.join(", ")
    ));
    md.push_str(&format!(
        "- W5 organizations: `{}` with q one of: {}\n",
        workloads::W5_ORGANIZATIONS_QUERY,
        workloads::ORGANIZATION_SEARCHES.join(", ")
    ));
    write_report(&output, &md, &ctx.measurements)?;
    Ok(())
}

/// Writes the Markdown report and, beside it, every measured run as CSV.
fn write_report(output: &Path, md: &str, measurements: &[Measurement]) -> anyhow::Result<()> {
    if let Some(parent) = output.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(output, md)?;
    let mut csv = String::from(
        "workload,scale,target,connections,round,requests,rps,p50_ms,p99_ms,errors,sql_per_request,bytes_per_response\n",
    );
    for m in measurements {
        csv.push_str(&format!(
            "{},{},{},{},{},{},{:.2},{:.3},{:.3},{},{},{}\n",
            m.workload,
            m.scale,
            m.target,
            m.connections,
            m.round,
            m.requests,
            m.rps,
            m.p50_ms,
            m.p99_ms,
            m.errors,
            m.statements_per_request.map(|v| format!("{v:.3}")).unwrap_or_default(),
            m.bytes_per_response.map(|v| format!("{v:.0}")).unwrap_or_default(),
        ));
    }
    std::fs::write(output.with_extension("csv"), csv)?;
    Ok(())
}

fn endpoint(addr: SocketAddr) -> Endpoint {
    Endpoint {
        addr,
        path: "/graphql".into(),
        headers: Vec::new(),
        get: false,
    }
}

fn postgraphile_info(install: Option<&procs::PostGraphileInstall>) -> String {
    install
        .map(|i| {
            format!(
                "PostGraphile {} (amber preset) on Node {}",
                i.version,
                procs::node_version(i)
            )
        })
        .unwrap_or_else(|| "PostGraphile: skipped".into())
}

/// What the full run and the mix alone share.
struct Shared {
    mix_settings: mix::MixSettings,
    probe_ours_addr: SocketAddr,
    probe_pg_addr: SocketAddr,
    started: Instant,
    started_at: chrono::DateTime<chrono::Utc>,
    command: String,
    pg_version: String,
    pg_info: String,
}

impl Shared {
    /// The report's first lines for `bench mix`: when, how, on what.
    fn header(&self, dataset: &pg::DatasetInfo) -> String {
        let (cpus, memory, model) = machine();
        format!(
            "- date: {} (took {:.1} min)\n- command: `{}`\n- machine: {cpus} CPUs ({model}), {memory} RAM\n- {}\n- {}\n- dataset: {} (scale {}, seed {}): {} organizations, {} people, {} congresses, {} memberships, {}\n\n",
            self.started_at.format("%Y-%m-%d %H:%M UTC"),
            self.started.elapsed().as_secs_f64() / 60.0,
            self.command,
            self.pg_version,
            self.pg_info,
            dataset.database,
            dataset.scale,
            dataset.seed,
            dataset.organizations,
            dataset.people,
            dataset.congresses,
            dataset.memberships,
            dataset.database_size,
        )
    }
}

/// The client mix's congress-api with its response cache on, timed beside the uncached one.
async fn start_cached(
    server_bin: &Path,
    url: &str,
    addr: SocketAddr,
    log_dir: &Path,
    database: &str,
) -> anyhow::Result<procs::Server> {
    procs::start_congress_api(
        server_bin,
        url,
        addr,
        log_dir,
        &format!("{database}_cached"),
        procs::ResponseCache::On,
    )
    .await
}
