//! Read replicas, proved against a real PostgreSQL streaming standby: the test starts a primary
//! of its own (`initdb`) and a standby cloned from it with `pg_basebackup`, points the server's
//! `DATABASE_URL` at the primary and `DATABASE_READ_URL` at the standby, and then pauses the
//! standby's replay. While it is paused, a write (on the primary) answers with what it wrote,
//! queries and the CSV (on the standby) do not see it yet, and once replay resumes they do;
//! the response cache serves the standby's answer again while replay is paused, and not after.
//!
//! It runs with the PostgreSQL suite (`TEST_DATABASE_URL=postgres://...`), needs the PostgreSQL
//! server binaries (`initdb`, `pg_ctl`, `pg_basebackup`) and, when run as root, a `postgres`
//! user to run them as. On the SQLite suite there is no replica to prove, and the test says so.

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DbBackend, Statement, TransactionTrait};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// The PostgreSQL server binaries: `pg_config --bindir`, else the newest Debian install.
fn postgres_bin() -> PathBuf {
    if let Ok(output) = Command::new("pg_config").arg("--bindir").output()
        && output.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&output.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    let mut installs: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .expect("PostgreSQL server binaries under /usr/lib/postgresql")
        .filter_map(|entry| entry.ok().map(|entry| entry.path().join("bin")))
        .filter(|bin| bin.join("initdb").exists())
        .collect();
    installs.sort();
    installs.pop().expect("initdb in /usr/lib/postgresql/*/bin")
}

fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|output| String::from_utf8_lossy(&output.stdout).trim() == "0")
}

/// Runs a PostgreSQL tool, as the `postgres` user when the test runs as root (the server
/// refuses to run as root).
fn run(bin: &Path, tool: &str, args: &[&str]) {
    let program = bin.join(tool);
    let output = if running_as_root() {
        Command::new("runuser")
            .args(["-u", "postgres", "--"])
            .arg(&program)
            .args(args)
            .output()
    } else {
        Command::new(&program).args(args).output()
    }
    .unwrap_or_else(|error| panic!("run {tool}: {error}"));
    assert!(
        output.status.success(),
        "{tool} {args:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port()
}

/// A primary and its streaming standby in a temporary directory, stopped when dropped.
struct Pair {
    bin: PathBuf,
    dir: tempfile::TempDir,
    primary_port: u16,
    standby_port: u16,
}

impl Pair {
    fn start() -> Self {
        let bin = postgres_bin();
        let dir = tempfile::tempdir().expect("a temporary directory");
        if running_as_root() {
            let status = Command::new("chown")
                .args(["postgres:postgres"])
                .arg(dir.path())
                .status()
                .expect("chown");
            assert!(status.success(), "chown the cluster directory to postgres");
        }
        let primary = dir.path().join("primary");
        let standby = dir.path().join("standby");
        let socket_dir = dir.path().to_str().expect("a UTF-8 path").to_owned();
        let (primary_port, standby_port) = (free_port(), free_port());
        run(
            &bin,
            "initdb",
            &[
                "-D",
                primary.to_str().expect("path"),
                "-U",
                "postgres",
                "--auth=trust",
                "--encoding=UTF8",
                "--no-locale",
                "--no-sync",
            ],
        );
        // Test settings: durability is not under test, replication is (initdb's pg_hba.conf
        // already trusts replication connections from 127.0.0.1).
        let options = format!(
            "-c port={primary_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={socket_dir} \
             -c fsync=off -c full_page_writes=off -c wal_level=replica -c max_wal_senders=4"
        );
        let log = dir.path().join("primary.log");
        run(
            &bin,
            "pg_ctl",
            &[
                "-D",
                primary.to_str().expect("path"),
                "-l",
                log.to_str().expect("path"),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
        let pair = Self {
            bin,
            dir,
            primary_port,
            standby_port,
        };
        // -R writes the standby's primary_conninfo and standby.signal; -X stream copies the WAL
        // written meanwhile.
        run(
            &pair.bin,
            "pg_basebackup",
            &[
                "-h",
                "127.0.0.1",
                "-p",
                &primary_port.to_string(),
                "-U",
                "postgres",
                "-D",
                standby.to_str().expect("path"),
                "-R",
                "-X",
                "stream",
                "--no-sync",
            ],
        );
        let options = format!(
            "-c port={standby_port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={socket_dir} -c hot_standby=on"
        );
        let log = pair.dir.path().join("standby.log");
        run(
            &pair.bin,
            "pg_ctl",
            &[
                "-D",
                standby.to_str().expect("path"),
                "-l",
                log.to_str().expect("path"),
                "-o",
                &options,
                "-w",
                "start",
            ],
        );
        pair
    }

    fn url(port: u16, database: &str) -> String {
        format!("postgres://postgres@127.0.0.1:{port}/{database}?sslmode=disable")
    }

    fn primary(&self, database: &str) -> String {
        Self::url(self.primary_port, database)
    }

    fn standby(&self, database: &str) -> String {
        Self::url(self.standby_port, database)
    }
}

impl Drop for Pair {
    fn drop(&mut self) {
        for name in ["standby", "primary"] {
            let data = self.dir.path().join(name);
            if let Some(data) = data.to_str() {
                let _ = std::panic::catch_unwind(|| run(&self.bin, "pg_ctl", &["-D", data, "-m", "immediate", "stop"]));
            }
        }
    }
}

async fn one_value(conn: &impl ConnectionTrait, sql: &str) -> String {
    let row = conn
        .query_one_raw(Statement::from_string(DbBackend::Postgres, sql))
        .await
        .unwrap_or_else(|error| panic!("{sql}: {error}"))
        .expect("a row");
    row.try_get::<String>("", "v").expect("a text value")
}

/// Waits until the standby has replayed everything the primary has written so far.
async fn caught_up(primary: &impl ConnectionTrait, standby: &impl ConnectionTrait) {
    let target = one_value(primary, "SELECT pg_current_wal_lsn()::text AS v").await;
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let done = one_value(
            standby,
            &format!("SELECT (pg_last_wal_replay_lsn() >= '{target}'::pg_lsn)::text AS v"),
        )
        .await;
        if done == "true" {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the standby did not replay up to {target} in 30 s"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn send(app: &api::app::App, request: Request<Body>) -> (StatusCode, Vec<u8>) {
    let response = app.router().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let body = response
        .into_body()
        .collect()
        .await
        .expect("a body")
        .to_bytes()
        .to_vec();
    (status, body)
}

async fn graphql(app: &api::app::App, token: Option<&str>, query: &str, variables: Value) -> Value {
    let mut request = Request::post("/graphql").header("content-type", "application/json");
    if let Some(token) = token {
        request = request.header("authorization", format!("Bearer {token}"));
    }
    let body = json!({ "query": query, "variables": variables }).to_string();
    let (_, body) = send(app, request.body(Body::from(body)).expect("a request")).await;
    serde_json::from_slice(&body).expect("a JSON answer")
}

async fn csv_status(app: &api::app::App, organization: &str) -> StatusCode {
    let uri = format!("/reports/term-indicators.csv?organizationId={organization}&termYear=2025");
    send(app, Request::get(uri).body(Body::empty()).expect("a request"))
        .await
        .0
}

const FIND: &str = "query($id: ID!) { organization(id: $id) { name } }";

#[tokio::test]
async fn queries_and_the_csv_read_the_standby_and_writes_go_to_the_primary() {
    if !std::env::var("TEST_DATABASE_URL").is_ok_and(|url| url.starts_with("postgres")) {
        eprintln!("read replicas are a PostgreSQL feature: run with TEST_DATABASE_URL=postgres://... to prove them");
        return;
    }
    let pair = tokio::task::spawn_blocking(Pair::start).await.expect("start the pair");
    let admin = sea_orm::Database::connect(pair.primary("postgres"))
        .await
        .expect("connect to the primary");
    admin
        .execute_unprepared("CREATE DATABASE congress")
        .await
        .expect("create the database");
    let mut config = api::config::ServeConfig::for_database(&pair.primary("congress"));
    config.database.database_read_url = Some(pair.standby("congress"));
    let (app, _) = api::app::App::open(config)
        .await
        .expect("open on the primary and the standby");
    let primary = sea_orm::Database::connect(pair.primary("congress"))
        .await
        .expect("primary");
    let standby = sea_orm::Database::connect(pair.standby("congress"))
        .await
        .expect("standby");
    caught_up(&primary, &standby).await;
    assert_eq!(
        one_value(&standby, "SELECT pg_is_in_recovery()::text AS v").await,
        "true",
        "the read URL is a standby"
    );

    // Reads answer from the standby.
    let listed = graphql(
        &app,
        None,
        "{ organizations(first: 3) { totalCount nodes { name } } }",
        json!({}),
    )
    .await;
    assert!(listed.get("errors").is_none(), "{listed}");
    assert!(
        listed["data"]["organizations"]["totalCount"].as_i64().unwrap_or(0) > 0,
        "{listed}"
    );

    // Replay paused: the standby stops at what it has.
    standby
        .execute_unprepared("SELECT pg_wal_replay_pause()")
        .await
        .expect("pause replay");
    let deadline = Instant::now() + Duration::from_secs(10);
    while one_value(&standby, "SELECT pg_get_wal_replay_pause_state() AS v").await != "paused" {
        assert!(Instant::now() < deadline, "replay did not pause");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    // A write goes to the primary (the standby is read-only and would refuse it) and its own
    // answer shows what it wrote: the payload is read in the write's transaction.
    let token = api::write::tokens::issue(&app.db, "replica test", entity::enums::Role::Admin, None)
        .await
        .expect("a token")
        .secret;
    let created = graphql(
        &app,
        Some(&token),
        r#"mutation { createOrganization(input: { name: "Chi bộ Khu phố Bản Sao", kind: PARTY_CELL, level: BELOW_GRASSROOTS }) { organization { id name } } }"#,
        json!({}),
    )
    .await;
    assert!(created.get("errors").is_none(), "{created}");
    assert_eq!(
        created["data"]["createOrganization"]["organization"]["name"],
        "Chi bộ Khu phố Bản Sao"
    );
    let id = created["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .expect("an ID")
        .to_owned();

    // Right after the write, queries and the CSV read the standby, which has not replayed it.
    let before = graphql(&app, None, FIND, json!({ "id": id })).await;
    assert!(
        before["data"]["organization"].is_null(),
        "a query right after the write reads the paused standby: {before}"
    );
    assert_eq!(
        csv_status(&app, &id).await,
        StatusCode::NOT_FOUND,
        "the CSV reads the standby"
    );
    // Asked again, that answer comes from the response cache: the paused standby's snapshot,
    // the cache's generation, stands still. Once replay resumes it moves, and the cached answer
    // is not served again (below).
    // (The first answer came from the executor, which the planner waits for on a document it
    // has not seen; the second is the planner's, and is cached.)
    let again = graphql(&app, None, FIND, json!({ "id": id })).await;
    assert_eq!(again, before);
    let hits = app.pipeline.answers_from_cache();
    let third = graphql(&app, None, FIND, json!({ "id": id })).await;
    assert_eq!(third, before);
    assert_eq!(
        app.pipeline.answers_from_cache(),
        hits + 1,
        "a standby's generation stands still while its replay is paused"
    );

    // Replay resumes: the standby catches up and both see the new organization.
    standby
        .execute_unprepared("SELECT pg_wal_replay_resume()")
        .await
        .expect("resume replay");
    caught_up(&primary, &standby).await;
    let after = graphql(&app, None, FIND, json!({ "id": id })).await;
    assert_eq!(
        after["data"]["organization"]["name"], "Chi bộ Khu phố Bản Sao",
        "{after}"
    );
    assert_eq!(csv_status(&app, &id).await, StatusCode::OK);

    // A commit a standby's snapshot does not show. On a standby PostgreSQL lists no running
    // transaction in a snapshot's text, so a transaction that commits while an older one is
    // still open, after a younger one committed, leaves that text as it was. The cache's
    // generation holds replay's position too, and the answer cached before it is not served.
    let number = crate::common::decode_id(&id);
    let others = one_value(
        &primary,
        &format!(
            "SELECT string_agg(id::text, ',') AS v FROM (SELECT id FROM organizations WHERE id <> {number} ORDER BY id LIMIT 2) t"
        ),
    )
    .await;
    let (older_row, younger_row) = others.split_once(',').expect("two other organizations");
    let older = primary.begin().await.expect("begin the older write");
    older
        .execute_unprepared(&format!("UPDATE organizations SET name = name WHERE id = {older_row}"))
        .await
        .expect("the older write, left open");
    let renaming = primary.begin().await.expect("begin the rename");
    renaming
        .execute_unprepared(&format!(
            "UPDATE organizations SET name = 'Chi bộ Khu phố Đổi Tên' WHERE id = {number}"
        ))
        .await
        .expect("the rename, left open");
    primary
        .execute_unprepared(&format!(
            "UPDATE organizations SET name = name WHERE id = {younger_row}"
        ))
        .await
        .expect("a younger write, committed");
    caught_up(&primary, &standby).await;
    let mut cached = false;
    for _ in 0..50 {
        let hits = app.pipeline.answers_from_cache();
        let answer = graphql(&app, None, FIND, json!({ "id": id })).await;
        assert_eq!(
            answer["data"]["organization"]["name"], "Chi bộ Khu phố Bản Sao",
            "{answer}"
        );
        if app.pipeline.answers_from_cache() > hits {
            cached = true;
            break;
        }
    }
    assert!(cached, "the standby's answer was never served from the cache");
    renaming.commit().await.expect("commit the rename");
    caught_up(&primary, &standby).await;
    let renamed = graphql(&app, None, FIND, json!({ "id": id })).await;
    assert_eq!(
        renamed["data"]["organization"]["name"], "Chi bộ Khu phố Đổi Tên",
        "an answer cached before the rename was served after the standby replayed it: {renamed}"
    );
    older.rollback().await.expect("roll back the older write");

    app.db.conn.close().await.ok();
    drop(primary);
    drop(standby);
    drop(admin);
}
