//! Reproductions, one by one, of the server bugs the fuzz run found (all fixed), so that they
//! stay fixed.

use super::*;

/// Sends one GraphQL request as an admin; a panic, a 5xx, a body that is not JSON, an error
/// without a code, and an `INTERNAL` error are all returned as a problem.
pub(super) async fn problem_with(app: &TestApp, admin: &str, query: &str, variables: Value) -> Option<String> {
    let planned = Planned::post(json!({ "query": query, "variables": variables }).to_string(), true)
        .header("accept", "application/json")
        .header("authorization", format!("Bearer {admin}"));
    let answer = match send(app, &planned).await {
        Ok(answer) => answer,
        Err(problem) => return Some(format!("{query} {variables}: {problem}")),
    };
    let body = String::from_utf8_lossy(&answer.body);
    let Ok(response) = serde_json::from_slice::<Value>(&answer.body) else {
        return Some(format!("{query} {variables}: {} {body}", answer.status));
    };
    let bad_code = response["errors"].as_array().into_iter().flatten().any(|error| {
        error["extensions"]["code"]
            .as_str()
            .is_none_or(|code| code == "INTERNAL")
    });
    (answer.status.is_server_error() || bad_code).then(|| {
        format!(
            "{} {variables}\n  -> {} {}",
            clip(query, 300),
            answer.status,
            clip(&body, 600)
        )
    })
}

pub(super) fn assert_no_problems(problems: &[String]) {
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
}

// Regression (a bug this fuzzer found, now fixed; SQLite and PostgreSQL, debug builds): the term check of
// `submitCongressResult` computes `termEndYear - termStartYear` in i32 after only recording that
// the years are out of range, so years at the ends of the Int range overflow and the resolver
// panics ("attempt to subtract with overflow", api/src/domain/write/congress.rs:97); the client
// gets no response at all. In release builds the subtraction wraps and the check misjudges the
// term. Expected: BAD_USER_INPUT for the years, like any other out-of-range year.
#[tokio::test]
pub(super) async fn a_term_with_years_at_the_ends_of_the_int_range_is_refused_without_a_panic() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let organization = app.organization_id("Cự Khối").await;
    let mut problems = Vec::new();
    for (start, end) in [(i32::MIN, 2009), (-1, i32::MAX), (i32::MIN, i32::MAX)] {
        let input = json!({
            "organizationId": organization, "ordinal": 24, "termStartYear": start, "termEndYear": end,
            "openedOn": "2020-06-10", "committees": []
        });
        problems.extend(
            problem_with(
                &app,
                &admin,
                "mutation($input: CongressResultInput!) { submitCongressResult(input: $input, dryRun: true) { dryRun } }",
                json!({ "input": input }),
            )
            .await,
        );
    }
    assert_no_problems(&problems);
}

// Regression (a bug this fuzzer found, now fixed; SQLite and PostgreSQL): `submitCongressResult` records that an
// ordinal outside 1..=200 is an error but goes on to list the "missing" congresses between the
// last recorded ordinal and the new one, so `ordinal: 2147483647` for an organization with
// congresses loops about two billion times on the request's thread (about 50 s in a debug build)
// before answering BAD_USER_INPUT. Expected: the refusal at once.
#[test]
pub(super) fn an_ordinal_far_beyond_the_last_congress_is_refused_at_once() {
    const SUBMIT: &str =
        "mutation($input: CongressResultInput!) { submitCongressResult(input: $input, dryRun: true) { dryRun } }";
    let (sender, receiver) = std::sync::mpsc::channel();
    // Its own thread and runtime: a request that spins cannot be interrupted from its own thread.
    std::thread::spawn(move || {
        let Ok(runtime) = tokio::runtime::Builder::new_current_thread().enable_all().build() else {
            return;
        };
        runtime.block_on(async {
            let app = TestApp::spawn().await;
            let admin = app.admin().await;
            let organization = app.organization_id("Cự Khối").await;
            let _ = sender.send(None);
            let input = json!({
                "organizationId": organization, "ordinal": i32::MAX, "termStartYear": 2025, "termEndYear": 2030,
                "openedOn": "2025-06-10", "committees": []
            });
            let started = Instant::now();
            let response = app.graphql_as(Some(&admin), SUBMIT, json!({ "input": input })).await;
            let _ = sender.send(Some((started.elapsed(), response)));
        });
    });
    let ready = receiver.recv_timeout(Duration::from_secs(120));
    assert!(matches!(ready, Ok(None)), "the application did not start");
    let answer = receiver.recv_timeout(Duration::from_secs(5));
    let Ok(Some((elapsed, response))) = answer else {
        panic!("submitCongressResult with ordinal 2147483647 did not answer within 5 seconds");
    };
    assert_eq!(
        crate::common::error_codes(&response),
        ["BAD_USER_INPUT"],
        "{response:#}"
    );
    assert!(elapsed < Duration::from_secs(2), "answered after {elapsed:?}");
}

// Regression (a bug this fuzzer found, now fixed; PostgreSQL only): a NUL character (U+0000) in a text argument
// is passed on to PostgreSQL, which refuses it in text values, and the request fails with
// INTERNAL: searches, symbol, rule and operation filters, and every text field of a write (names,
// notes, titles). SQLite stores and compares the NUL as given. Expected: BAD_USER_INPUT (or, for
// a search, no match), never INTERNAL.
#[tokio::test]
pub(super) async fn a_nul_character_in_a_text_argument_is_never_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let organization = app.organization_id("Cự Khối").await;
    let cases = [
        (
            "query($s: String) { organizations(search: $s) { totalCount } }",
            json!({ "s": "Cự\u{0}Khối" }),
        ),
        (
            "query($s: String) { people(search: $s) { totalCount } }",
            json!({ "s": "Ngô\u{0}" }),
        ),
        (
            "query($s: String) { documents(symbol: $s) { totalCount } }",
            json!({ "s": "15-NQ\u{0}" }),
        ),
        (
            "query($s: String) { dataQualityIssues(rule: $s) { totalCount } }",
            json!({ "s": "rule\u{0}" }),
        ),
        (
            "query($s: String) { auditEvents(operation: $s) { totalCount } }",
            json!({ "s": "op\u{0}" }),
        ),
        (
            "mutation($n: String!) { createOrganization(input: { name: $n, kind: PARTY_CELL, level: BELOW_GRASSROOTS }, dryRun: true) { dryRun } }",
            json!({ "n": "Chi bộ\u{0}Mới" }),
        ),
        (
            "mutation($o: ID!, $n: String) { recordOrganizationStats(input: { organizationId: $o, asOf: \"2024-01-01\", partyMembers: 5, note: $n }, dryRun: true) { dryRun } }",
            json!({ "o": organization, "n": "ghi\u{0}chú" }),
        ),
    ];
    let mut problems = Vec::new();
    for (query, variables) in cases {
        problems.extend(problem_with(&app, &admin, query, variables).await);
    }
    assert_no_problems(&problems);
}

// Regression (a bug this fuzzer found, now fixed; PostgreSQL only): `idempotency_keys.idempotency_key` is a
// VARCHAR(200), and nothing checks the length of `idempotencyKey` first, so a write (not a dry
// run) with a longer key fails with INTERNAL. SQLite does not enforce the length. Expected:
// BAD_USER_INPUT naming idempotencyKey.
#[tokio::test]
pub(super) async fn an_idempotency_key_longer_than_its_column_is_never_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let problem = problem_with(
        &app,
        &admin,
        "mutation($k: String) { createOrganization(input: { name: \"Chi bộ Khoá Dài\", kind: PARTY_CELL, level: BELOW_GRASSROOTS, idempotencyKey: $k }) { dryRun } }",
        json!({ "k": "k".repeat(201) }),
    )
    .await;
    assert_no_problems(&problem.into_iter().collect::<Vec<_>>());
}

// Regression (a bug this fuzzer found, now fixed; PostgreSQL only): the `Date` scalar accepts every date chrono
// can hold ("-262143-01-01" .. "+262142-12-31"), but PostgreSQL dates start in 4714 BC, so an
// earlier date used in a query fails with INTERNAL: `organizations(activeOn:)`,
// `Organization.leadership(on:)`, and the writes that look the date up before validating it
// (`createOrganization` with a parent, `moveOrganization`). (On SQLite, where dates are text,
// such dates compare wrongly instead: "+262142-12-31" sorts before "1930-01-01".) Expected:
// BAD_USER_INPUT for a date outside the years the records can hold.
#[tokio::test]
pub(super) async fn a_date_before_what_postgresql_can_hold_is_never_an_internal_error() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let organization = app.organization_id("Cự Khối").await;
    let parent = app.organization_id("Long Biên").await;
    let day = "-262143-01-01";
    let cases = [
        (
            "query($d: Date) { organizations(activeOn: $d) { totalCount } }",
            json!({ "d": day }),
        ),
        (
            "query($o: ID!, $d: Date) { organization(id: $o) { leadership(on: $d) { id } } }",
            json!({ "o": organization, "d": day }),
        ),
        (
            "mutation($p: ID, $d: Date) { createOrganization(input: { name: \"Chi bộ Cổ\", kind: PARTY_CELL, level: BELOW_GRASSROOTS, parentId: $p, foundedOn: $d }, dryRun: true) { dryRun } }",
            json!({ "p": organization, "d": day }),
        ),
        (
            "mutation($o: ID!, $p: ID, $d: Date!) { moveOrganization(input: { organizationId: $o, parentId: $p, from: $d }, dryRun: true) { dryRun } }",
            json!({ "o": organization, "p": parent, "d": day }),
        ),
    ];
    let mut problems = Vec::new();
    for (query, variables) in cases {
        problems.extend(problem_with(&app, &admin, query, variables).await);
    }
    assert_no_problems(&problems);
}
