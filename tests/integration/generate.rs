//! The synthetic dataset generator (`congress-api generate`): a small national dataset (a few
//! hundred organizations) generated into a fresh database and read back through the GraphQL API.
//!
//! These tests always use SQLite, even when TEST_DATABASE_URL is a PostgreSQL URL: the generator
//! needs an empty database of its own, and its PostgreSQL path (COPY, indexes rebuilt after the
//! load) is exercised by running the command against a scratch PostgreSQL database.

use api::App;
use api::config::ServeConfig;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use generate::{GenerateOptions, GenerateReport, generate};
use http_body_util::BodyExt;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};
use tower::ServiceExt;

/// About 600 organizations: every province with one district and one commune, a hundred grassroots
/// organizations and their cells.
const SCALE: f64 = 0.002;
const SEED: u64 = 7;

/// An application on its own empty SQLite database (no sample data).
async fn empty_app() -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("a temporary directory");
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("generated.db").display());
    let mut config = ServeConfig::for_database(&url);
    config.sample_data = false;
    let (app, _) = App::open(config).await.expect("open an empty database");
    (app, dir)
}

async fn generate_into(app: &App, seed: u64) -> anyhow::Result<GenerateReport> {
    generate(&app.db, &GenerateOptions { scale: SCALE, seed }, &|_, _, _| {}).await
}

/// An application on a freshly generated database; the directory lives as long as the app is used.
async fn generated(seed: u64) -> (App, GenerateReport, tempfile::TempDir) {
    let (app, dir) = empty_app().await;
    let report = generate_into(&app, seed)
        .await
        .expect("generate into an empty database");
    (app, report, dir)
}

/// The `data` of a GraphQL query sent through the router, which must have no errors.
async fn query(app: &App, query: &str, variables: Value) -> Value {
    let body = json!({ "query": query, "variables": variables }).to_string();
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .header("accept", "application/json")
        .body(Body::from(body))
        .expect("a request");
    let response = app.router().oneshot(request).await.expect("the router answers");
    assert_eq!(response.status(), StatusCode::OK);
    let bytes = response.into_body().collect().await.expect("a body").to_bytes();
    let response: Value = serde_json::from_slice(&bytes).expect("a JSON response");
    assert!(response.get("errors").is_none(), "unexpected errors: {response:#}");
    response["data"].clone()
}

/// Every node of a connection, page by page. `field` is the query's connection field.
async fn all_nodes(app: &App, field: &str, text: &str) -> Vec<Value> {
    let mut nodes = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = query(app, text, json!({ "after": after })).await;
        let connection = &data[field];
        nodes.extend(connection["nodes"].as_array().expect("nodes").iter().cloned());
        if connection["pageInfo"]["hasNextPage"] != json!(true) {
            return nodes;
        }
        after = connection["pageInfo"]["endCursor"].clone();
    }
}

async fn rows(app: &App, table: &str) -> u64 {
    let row = app
        .db
        .conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .expect("a count")
        .expect("a row");
    let n: i64 = row.try_get("", "n").expect("the count");
    n as u64
}

/// FNV-1a, 64 bits: a stable digest of the rows, the same on every platform and toolchain.
fn fnv1a(hash: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(hash, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// The number of rows of `table` and a digest of them, sorted by their text (the order they were
/// written in does not count).
/// Each row is rendered by SQLite as `column=value;` for its non-NULL columns, so a nullable
/// column added later, which the generator leaves NULL, does not change the digest. The load's
/// timestamps (`created_at`, `updated_at`) differ per run and are left out.
async fn digest(app: &App, table: &str) -> (u64, u64) {
    let columns = app
        .db
        .conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        ))
        .await
        .expect("the columns");
    let rendered: Vec<String> = columns
        .iter()
        .map(|row| row.try_get::<String>("", "name").expect("a column name"))
        .filter(|name| name != "created_at" && name != "updated_at")
        .map(|name| format!("(CASE WHEN \"{name}\" IS NULL THEN '' ELSE '{name}=' || quote(\"{name}\") || ';' END)"))
        .collect();
    let rows = app
        .db
        .conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT {} AS row FROM {table} ORDER BY 1", rendered.join(" || ")),
        ))
        .await
        .expect("the rows");
    let mut hash = 0xcbf2_9ce4_8422_2325;
    for row in &rows {
        let text: String = row.try_get("", "row").expect("a rendered row");
        hash = fnv1a(fnv1a(hash, text.as_bytes()), b"\n");
    }
    (rows.len() as u64, hash)
}

/// Four values of `column` in `table`, from the `offset`th row by id.
async fn sample(app: &App, table: &str, column: &str, offset: u32) -> Vec<String> {
    let rows = app
        .db
        .conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT {column} AS value FROM {table} ORDER BY id LIMIT 4 OFFSET {offset}"),
        ))
        .await
        .expect("the values");
    rows.iter()
        .map(|row| row.try_get::<String>("", "value").expect("a value"))
        .collect()
}

fn without_time(report: &GenerateReport) -> GenerateReport {
    GenerateReport {
        seconds: 0.0,
        ..report.clone()
    }
}

#[tokio::test]
async fn the_counts_in_the_report_match_the_database() {
    let (app, report, _dir) = generated(SEED).await;
    assert!(
        (300..=1_000).contains(&report.organizations),
        "a few hundred organizations, not {}",
        report.organizations
    );
    assert!(report.people > 0 && report.memberships > report.people / 2);
    assert!(report.targets > 0 && report.results > report.targets);
    assert_eq!(rows(&app, "organizations").await, report.organizations);
    assert_eq!(rows(&app, "people").await, report.people);
    assert_eq!(rows(&app, "congresses").await, report.congresses);
    assert_eq!(rows(&app, "committees").await, report.committees);
    assert_eq!(rows(&app, "memberships").await, report.memberships);
    assert_eq!(rows(&app, "targets").await, report.targets);
    assert_eq!(rows(&app, "target_results").await, report.results);

    let data = query(
        &app,
        "{ organizations { totalCount } people { totalCount } congresses { totalCount } }",
        json!({}),
    )
    .await;
    assert_eq!(data["organizations"]["totalCount"], json!(report.organizations));
    assert_eq!(data["people"]["totalCount"], json!(report.people));
    assert_eq!(data["congresses"]["totalCount"], json!(report.congresses));
}

#[tokio::test]
async fn every_commune_has_a_district_parent_in_2024_and_a_province_parent_in_2026() {
    let (app, _, _dir) = generated(SEED).await;
    let communes = all_nodes(
        &app,
        "organizations",
        r#"query($after: String) { organizations(level: COMMUNE, first: 100, after: $after) {
            nodes { name before: parent(on: "2024-01-01") { level } after: parent(on: "2026-01-01") { level } }
            pageInfo { hasNextPage endCursor } } }"#,
    )
    .await;
    assert!(communes.len() >= 34, "at least one commune per province");
    for commune in &communes {
        assert_eq!(commune["before"]["level"], json!("DISTRICT"), "{commune}");
        assert_eq!(commune["after"]["level"], json!("PROVINCE"), "{commune}");
    }
}

#[tokio::test]
async fn every_executive_committee_has_exactly_one_secretary() {
    let (app, report, _dir) = generated(SEED).await;
    let congresses = all_nodes(
        &app,
        "congresses",
        r#"query($after: String) { congresses(first: 100, after: $after) {
            nodes { id committee(kind: EXECUTIVE) { members { position } } }
            pageInfo { hasNextPage endCursor } } }"#,
    )
    .await;
    assert_eq!(congresses.len() as u64, report.congresses);
    for congress in &congresses {
        let members = congress["committee"]["members"]
            .as_array()
            .expect("an executive committee");
        let secretaries = members.iter().filter(|m| m["position"] == json!("SECRETARY")).count();
        assert_eq!(secretaries, 1, "{congress}");
    }
}

#[tokio::test]
async fn a_person_search_finds_people_with_or_without_diacritics() {
    let (app, _, _dir) = generated(SEED).await;
    for search in ["Nguyễn", "nguyen"] {
        let data = query(
            &app,
            "query($s: String) { people(search: $s, first: 5) { totalCount nodes { fullName } } }",
            json!({ "s": search }),
        )
        .await;
        assert!(
            data["people"]["totalCount"].as_u64().unwrap_or(0) > 0,
            "{search}: {data}"
        );
        for person in data["people"]["nodes"].as_array().expect("nodes") {
            let name = person["fullName"].as_str().expect("a name");
            assert!(name.starts_with("Nguyễn "), "{search} found {name}");
        }
    }
}

#[tokio::test]
async fn the_same_seed_gives_the_same_data_twice() {
    let (first, first_report, _first_dir) = generated(SEED).await;
    let (second, second_report, _second_dir) = generated(SEED).await;
    assert_eq!(without_time(&first_report), without_time(&second_report));
    let names =
        "{ organizations(level: GRASSROOTS, first: 10) { nodes { name } } people(first: 10) { nodes { fullName } } }";
    let first_names = query(&first, names, json!({})).await;
    assert_eq!(first_names, query(&second, names, json!({})).await);
    let first_organization = "{ organizations(first: 1) { nodes { name } } }";
    assert_eq!(
        query(&first, first_organization, json!({})).await,
        query(&second, first_organization, json!({})).await
    );

    let (other, other_report, _other_dir) = generated(SEED + 1).await;
    assert_ne!(query(&other, names, json!({})).await, first_names);
    // The tree's shape is planned from the scale; only what grows on it varies with the seed.
    assert_ne!(without_time(&other_report), without_time(&first_report));
}

#[tokio::test]
async fn a_database_that_is_not_empty_is_refused() {
    let (app, report, _dir) = generated(SEED).await;
    let error = generate_into(&app, SEED)
        .await
        .expect_err("a second run must be refused");
    assert!(error.to_string().contains("empty"), "{error:#}");
    assert_eq!(rows(&app, "organizations").await, report.organizations);
    assert_eq!(rows(&app, "memberships").await, report.memberships);
}

#[tokio::test]
async fn a_scale_outside_the_accepted_range_is_refused() {
    let (app, _dir) = empty_app().await;
    for scale in [0.0, -1.0, f64::NAN, 1_000.0] {
        let error = generate(&app.db, &GenerateOptions { scale, seed: SEED }, &|_, _, _| {})
            .await
            .expect_err("refused");
        assert!(error.to_string().contains("--scale"), "{error:#}");
    }
    assert_eq!(rows(&app, "organizations").await, 0);
}

/// The dataset of one seed and scale, pinned row for row: a change to the generator that changes
/// what it writes (a random draw moved, a column filled differently) fails here. When a change is
/// meant, the failure prints the new values to paste in.
#[tokio::test]
async fn the_dataset_of_a_seed_and_scale_is_pinned() {
    const PINNED: [(&str, u64, u64); 14] = [
        ("sources", 6, 0x37441e9b38eef06d),
        ("organizations", 354, 0xe2cc2e29a6b3ffbc),
        ("organization_placements", 387, 0x9e75dbe1a4387c34),
        ("organization_stats", 1921, 0xc044582981ab4388),
        ("organization_sources", 1707, 0x30990ba15b756c39),
        ("people", 14529, 0x116bc6fc1a462601),
        ("search_terms", 47149, 0x023686db79c5cc91),
        ("congresses", 1921, 0x01c62d92b77af347),
        ("congress_sources", 1921, 0xb5e355e32318488b),
        ("committees", 2677, 0xc538a7da9e4078c5),
        ("memberships", 29021, 0x600ba28681ab1648),
        ("resolutions", 573, 0x4beb1a2cf1a5bb29),
        ("targets", 5450, 0x9947408018e91f95),
        ("target_results", 19723, 0xdf7c71fd08264c4b),
    ];
    let (app, _dir) = empty_app().await;
    generate(&app.db, &GenerateOptions { scale: 0.001, seed: 42 }, &|_, _, _| {})
        .await
        .expect("generate into an empty database");
    let mut actual = Vec::new();
    for (table, _, _) in PINNED {
        let (rows, hash) = digest(&app, table).await;
        actual.push(format!("(\"{table}\", {rows}, 0x{hash:016x}),"));
    }
    let expected: Vec<String> = PINNED
        .iter()
        .map(|(table, rows, hash)| format!("(\"{table}\", {rows}, 0x{hash:016x}),"))
        .collect();
    assert_eq!(expected, actual, "actual:\n{}", actual.join("\n"));
    // Samples to read when the digests differ: the first district and what was written after
    // it (the central committee and the 34 provinces come first, with fixed names), and people.
    assert_eq!(
        sample(&app, "organizations", "name", 35).await,
        [
            "Đảng bộ quận Cẩm Khê",
            "Đảng bộ phường Định Hải",
            "Đảng bộ Khu dân cư số 1",
            "Chi bộ Tổ dân phố 12"
        ]
    );
    assert_eq!(
        sample(&app, "people", "full_name", 1_000).await,
        ["Hoàng Bá Hậu", "Hoàng Văn Tiến", "Đinh Văn Lực", "Đỗ Quốc Khánh"]
    );
}
