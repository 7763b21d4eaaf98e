//! A schema-driven fuzz run of `/graphql`: the schema is read by introspection, then a seeded
//! generator sends a few hundred random but mostly well-typed queries and mutations (random root
//! fields, selections four levels deep through objects, interfaces and connections, hostile
//! strings, extreme numbers, dates and decimals, IDs of the right and the wrong type, forged
//! cursors, input objects with missing and unknown fields), then broken documents, malformed
//! bodies and wrong content types. Whatever arrives, the server answers without panicking,
//! without a 5xx, with JSON for every GraphQL request, and with a code on every error that is
//! never `INTERNAL`.
//!
//! The run is reproducible: it prints its seed, and `FUZZ_SEED=<n>` replays it (`FUZZ_REQUESTS=<n>`
//! changes the number of generated requests, `FUZZ_VERBOSE=1` prints how often each error message
//! came back). A failure prints the exact request (its whole body is also saved in the temporary
//! directory) and the response.
//!
//! The tests in `regressions` reproduce, one by one, the server bugs this fuzzer found (all fixed), so
//! that they stay fixed.

mod broken;
mod generator;
mod regressions;
mod requests;
mod schema;
mod values;

use crate::common::TestApp;
use api::graphql::ids::{NodeType, decode, encode};
use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use rand::rngs::StdRng;
use rand::seq::{IndexedRandom, IteratorRandom};
use rand::{Rng, SeedableRng};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::rc::Rc;
use std::time::{Duration, Instant};
use tower::ServiceExt;

const DEFAULT_SEED: u64 = 20_250_718;
const DEFAULT_REQUESTS: usize = 400;
/// Root field plus three nested levels.
const MAX_DEPTH: usize = 4;
/// Statuses a client may see: 401 only with a rejected token.
const ALLOWED_STATUSES: [u16; 6] = [200, 400, 401, 405, 413, 415];

fn env_number<T: std::str::FromStr>(name: &str) -> Option<T> {
    std::env::var(name).ok().and_then(|value| value.trim().parse().ok())
}

use generator::*;
use requests::*;
use schema::*;
use values::*;

async fn introspect(app: &TestApp, run: &mut Run) -> Schema {
    let planned =
        Planned::post(json!({ "query": INTROSPECTION }).to_string(), true).header("accept", "application/json");
    let response = run.exchange(app, "introspection", &planned).await.unwrap_or_default();
    assert!(response.get("errors").is_none(), "introspection failed: {response}");
    let schema = Schema::parse(&response["data"]);
    assert!(
        schema.def(&schema.query).fields.len() > 5 && schema.def(&schema.mutation).fields.len() > 5,
        "introspection describes the roots"
    );
    schema
}

/// Queries that fill the generator with real IDs and cursors before the random run.
const WARM_UP: &[&str] = &[
    "{ organizations(first: 20) { edges { cursor } pageInfo { endCursor } nodes { id placements { id } lineage { id } stats { id } ratings { id } sources { id } congresses { id committees { id members { id person { id } } } resolution { id document { id } targets { id results { id } } } reviews { id } } } } }",
    "{ people(first: 30) { pageInfo { endCursor } nodes { id } } documents(first: 30) { pageInfo { endCursor } nodes { id } } congresses(first: 30) { pageInfo { endCursor } nodes { id } } }",
    "{ dataQualityIssues(first: 20) { pageInfo { endCursor } nodes { id } } changes(first: 20) { pageInfo { endCursor } } }",
    "{ auditEvents(first: 20) { pageInfo { endCursor } nodes { id } } }",
];

async fn warm_up(app: &TestApp, run: &mut Run, fuzzer: &mut Fuzzer, admin: &str) {
    for query in WARM_UP {
        let planned = Planned::post(json!({ "query": query }).to_string(), true)
            .header("accept", "application/json")
            .header("authorization", format!("Bearer {admin}"));
        if let Some(response) = run.exchange(app, "warm-up", &planned).await {
            assert!(response.get("errors").is_none(), "warm-up query failed: {response}");
            fuzzer.learn(&response);
        }
    }
    for node_type in [
        "Organization",
        "Congress",
        "Committee",
        "Membership",
        "Person",
        "Target",
    ] {
        assert!(
            fuzzer.ids.get(node_type).is_some_and(|ids| !ids.is_empty()),
            "the sample data has a {node_type} to aim at"
        );
    }
}

#[tokio::test]
async fn random_queries_and_mutations_built_from_the_schema_never_crash_or_fail_internally() {
    let seed = env_number("FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let requests = env_number("FUZZ_REQUESTS").unwrap_or(DEFAULT_REQUESTS);
    eprintln!("schema fuzz: seed {seed} (replay with FUZZ_SEED={seed}), {requests} requests");
    let started = Instant::now();
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut run = Run::new(seed, &admin);
    let schema = introspect(&app, &mut run).await;
    let mut fuzzer = Fuzzer::new(seed, schema);
    warm_up(&app, &mut run, &mut fuzzer, &admin).await;
    for index in 0..requests {
        let planned = fuzzer.request(&admin);
        if let Some(response) = run.exchange(&app, &format!("request {index}"), &planned).await {
            fuzzer.learn(&response);
        }
    }
    if std::env::var_os("FUZZ_VERBOSE").is_some() {
        let known: Vec<_> = fuzzer
            .ids
            .iter()
            .map(|(node_type, ids)| (node_type, ids.len()))
            .collect();
        eprintln!("IDs known at the end: {known:?}; cursors: {}", fuzzer.cursors.len());
    }
    let with_data = run.with_data;
    run.finish("schema fuzz", started);
    // Mostly well-typed input must mostly reach the resolvers, or the run proves little.
    assert!(
        with_data * 4 >= requests,
        "only {with_data} of {requests} requests resolved a field; the generator sends too much garbage"
    );
}
