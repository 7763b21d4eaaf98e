//! Real clients against the server on a real socket: Apollo Client with its persisted-queries
//! link, urql sending queries over GET, and GraphiQL in headless Chromium running the README's
//! first query with every request outside the server refused. The clients are the npm packages
//! in `tests/clients/` (installed with `npm ci` on first use), driven by `tests/clients/run.mjs`.
//!
//! They need Node.js (and, for GraphiQL, Chromium: `apt-get install chromium`). Without them the
//! tests say what is missing and pass, unless `CI_REQUIRE_CLIENTS=1` (set by `.ci/run`), where a
//! missing tool fails them.

use crate::common::TestApp;
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use tokio::sync::OnceCell;

fn clients_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/clients")
}

fn required() -> bool {
    std::env::var("CI_REQUIRE_CLIENTS").is_ok_and(|value| value == "1")
}

/// `false` (with the reason printed) when a tool is missing and the clients are not required.
fn available(tool: &str, found: bool) -> bool {
    if !found {
        assert!(
            !required(),
            "{tool} is required (CI_REQUIRE_CLIENTS=1) but was not found"
        );
        eprintln!("{tool} not found: the client test is skipped (CI_REQUIRE_CLIENTS=1 makes it fail)");
    }
    found
}

fn runs(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|output| output.status.success())
}

/// Installs the client packages once per test process, exactly as locked.
static INSTALLED: OnceCell<bool> = OnceCell::const_new();

async fn node_clients() -> bool {
    *INSTALLED
        .get_or_init(|| async {
            if !available("node", runs("node")) || !available("npm", runs("npm")) {
                return false;
            }
            if !clients_dir().join("node_modules/.package-lock.json").exists() {
                let status = tokio::task::spawn_blocking(|| {
                    Command::new("npm")
                        .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
                        .current_dir(clients_dir())
                        .status()
                })
                .await
                .expect("npm ci ran")
                .expect("run npm ci");
                assert!(status.success(), "npm ci in tests/clients failed");
            }
            true
        })
        .await
}

/// Runs one client against the server and returns what it printed.
async fn client(mode: &str, app: &TestApp) -> Value {
    let address = app.serve().await;
    let origin = format!("http://{address}");
    let mode_arg = mode.to_owned();
    // The server runs on this test's runtime while the client runs on a blocking thread.
    let output = tokio::task::spawn_blocking(move || {
        Command::new("node")
            .arg("run.mjs")
            .arg(mode_arg)
            .arg(origin)
            .current_dir(clients_dir())
            .output()
    })
    .await
    .expect("node ran")
    .expect("run node");
    assert!(
        output.status.success(),
        "the {mode} client failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!(
            "the {mode} client printed no JSON ({error}): {}",
            String::from_utf8_lossy(&output.stdout)
        )
    })
}

/// What the README's first example shows: Cự Khối under Long Biên, its secretary in 2015.
fn assert_readme_history(data: &Value) {
    let ward = &data["organizations"]["nodes"][0];
    assert_eq!(ward["name"], "Đảng bộ phường Cự Khối", "{data}");
    assert_eq!(ward["parent"]["name"], "Đảng bộ quận Long Biên", "{data}");
    let secretaries: Vec<&str> = ward["congresses"]
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|congress| congress["committees"].as_array().into_iter().flatten())
        .flat_map(|committee| committee["members"].as_array().into_iter().flatten())
        .filter(|member| member["position"] == "SECRETARY")
        .filter_map(|member| member["person"]["fullName"].as_str())
        .collect();
    assert!(secretaries.contains(&"Ngô Văn An"), "{data}");
}

#[tokio::test]
async fn urql_sends_queries_over_get_and_gets_cacheable_answers() {
    if !node_clients().await {
        return;
    }
    let app = TestApp::spawn().await;
    let result = client("urql", &app).await;
    assert_readme_history(&result["history"]);
    assert!(
        result["search"]["organizations"]["nodes"][0]["name"]
            .as_str()
            .is_some_and(|name| name.contains("Phù Vân")),
        "{result}"
    );
    let sent = result["sent"].as_array().expect("requests");
    assert_eq!(sent.len(), 2, "{result}");
    for request in sent {
        assert_eq!(request["method"], "GET", "urql sends queries over GET: {request}");
        assert_eq!(request["status"], 200, "{request}");
        // A public read over GET is cacheable by the browser and any HTTP cache in between.
        assert!(
            request["etag"].as_str().is_some_and(|etag| etag.starts_with('"')),
            "{request}"
        );
        assert!(
            request["cacheControl"]
                .as_str()
                .is_some_and(|value| value.starts_with("public")),
            "{request}"
        );
    }
}

#[tokio::test]
async fn apollo_client_registers_a_persisted_query_once_and_then_sends_only_its_hash() {
    if !node_clients().await {
        return;
    }
    let app = TestApp::spawn().await;
    let result = client("apollo", &app).await;
    assert_readme_history(&result["first"]);
    assert_eq!(
        result["first"], result["second"],
        "the hash alone gives the same answer"
    );
    // A new client: the hash alone over GET, told PERSISTED_QUERY_NOT_FOUND, then the document.
    let first: Vec<(&str, bool, bool)> = result["firstRun"]
        .as_array()
        .expect("requests")
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap_or(""),
                r["sentDocument"].as_bool().unwrap_or(true),
                r["sentHash"].as_bool().unwrap_or(false),
            )
        })
        .collect();
    assert_eq!(first, [("GET", false, true), ("POST", true, true)], "{result}");
    // Another new client later: the hash alone is enough, over GET, and the answer is cacheable.
    let second = result["secondRun"].as_array().expect("requests");
    assert_eq!(second.len(), 1, "{result}");
    assert_eq!(second[0]["method"], "GET");
    assert_eq!(second[0]["sentDocument"], false);
    assert_eq!(second[0]["status"], 200);
    assert!(second[0]["etag"].is_string(), "{result}");
}

#[tokio::test]
async fn graphiql_runs_the_readme_query_in_chromium_without_internet() {
    if !node_clients().await {
        return;
    }
    let chromium = std::env::var("CHROMIUM_PATH").ok().map(PathBuf::from).or_else(|| {
        [
            "/usr/bin/chromium",
            "/usr/bin/chromium-browser",
            "/usr/bin/google-chrome",
        ]
        .into_iter()
        .map(PathBuf::from)
        .find(|path| path.exists())
    });
    if !available("chromium", chromium.is_some()) {
        return;
    }
    let app = TestApp::spawn().await;
    let result = client("graphiql", &app).await;
    assert_eq!(
        result["outside"],
        serde_json::json!([]),
        "GraphiQL asked the internet: {result}"
    );
    assert_eq!(
        result["problems"],
        serde_json::json!([]),
        "errors in the page: {result}"
    );
    assert!(result["response"].get("errors").is_none(), "{result}");
    assert_readme_history(&result["response"]["data"]);
}
