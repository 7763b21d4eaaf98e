//! The organization-history shape, as frontends ask for it (plainly, or with fragments and type
//! names as Apollo and Relay write it), is answered by the planner exactly as the executor
//! answers it, byte for byte, in at most one statement per level; whatever the planner does not
//! cover still gets the executor's answer.

use crate::common::{TestApp, error_codes};
use axum::body::Body;
use axum::http::Request;
use serde_json::{Value, json};

/// Every field the plan covers, with aliases and type names, as a frontend might ask.
const FULL: &str = r#"query History($id: ID!) {
  org: organization(id: $id) {
    __typename id name kind level foundedOn dissolvedOn
    terms: congresses {
      id ordinal ordinalRoman term termStartYear termEndYear kind openedOn closedOn delegateCount motto note
      committees {
        __typename id kind formation seatCount
        members { id position startedOn endedOn startReason endReason note person { id fullName note } }
      }
    }
  }
}"#;

/// The same question as Apollo Client writes it: named fragments and `__typename` everywhere.
const APOLLO: &str = r#"query History($id: ID!) {
  org: organization(id: $id) {
    ...OrgFields
    terms: congresses { __typename ...CongressFields committees { ...CommitteeFields } }
  }
}
fragment OrgFields on Organization { __typename id name kind level foundedOn dissolvedOn }
fragment CongressFields on Congress { id ordinal ordinalRoman term termStartYear termEndYear kind openedOn closedOn delegateCount motto note }
fragment CommitteeFields on Committee {
  __typename id kind formation seatCount
  members { __typename ...MemberFields }
}
fragment MemberFields on Membership { id position startedOn endedOn startReason endReason note person { __typename id fullName note } }"#;

/// Levels of objects in the history shape: organization, congresses, committees, members, person.
const LEVELS: u64 = 5;

/// The same document with an `@include(if: true)`: the same answer, but outside what the planner
/// answers, so the executor resolves it field by field.
fn through_the_executor(query: &str) -> String {
    query.replacen("name kind level", "name @include(if: true) kind level", 1)
}

/// The raw body of a POST, and how many statements it cost.
async fn post(app: &TestApp, query: &str, variables: Value) -> (Vec<u8>, u64) {
    let before = app.statements();
    let request = Request::post("/graphql")
        .header("content-type", "application/json")
        .body(Body::from(
            json!({ "query": query, "variables": variables }).to_string(),
        ))
        .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    (body, app.statements() - before)
}

async fn every_organization(app: &TestApp) -> Vec<String> {
    let data = app
        .query("{ organizations(first: 100) { nodes { id } } }", json!({}))
        .await;
    data["organizations"]["nodes"]
        .as_array()
        .expect("a page of organizations")
        .iter()
        .filter_map(|node| node["id"].as_str().map(str::to_owned))
        .collect()
}

#[tokio::test]
async fn every_sample_organization_gets_the_executors_answer_in_a_statement_per_level() {
    let app = TestApp::spawn_counting_statements().await;
    let slow = through_the_executor(FULL);
    let ids = every_organization(&app).await;
    assert!(ids.len() > 5, "the sample data has organizations");
    // The executor answers a document first, which shows it valid; the planner from then on.
    post(&app, FULL, json!({ "id": ids[0] })).await;
    post(&app, APOLLO, json!({ "id": ids[0] })).await;
    let mut with_members = 0;
    for id in &ids {
        let planned_before = app.app.pipeline.planned();
        let (planned, planned_statements) = post(&app, FULL, json!({ "id": id })).await;
        let (apollo, apollo_statements) = post(&app, APOLLO, json!({ "id": id })).await;
        assert_eq!(
            app.app.pipeline.planned(),
            planned_before + 2,
            "the planner answered both"
        );
        let (executed, executed_statements) = post(&app, &slow, json!({ "id": id })).await;
        assert_eq!(
            String::from_utf8_lossy(&planned),
            String::from_utf8_lossy(&executed),
            "different answers for {id}"
        );
        assert!(
            planned_statements <= LEVELS,
            "{planned_statements} statements for {LEVELS} levels"
        );
        assert!(
            apollo_statements <= LEVELS,
            "{apollo_statements} statements for {LEVELS} levels"
        );
        let apollo: Value = serde_json::from_slice(&apollo).expect("JSON");
        assert_eq!(
            apollo["data"]["org"]["terms"].as_array().map(Vec::len),
            serde_json::from_slice::<Value>(&planned).expect("JSON")["data"]["org"]["terms"]
                .as_array()
                .map(Vec::len),
            "the Apollo form asks the same question"
        );
        let answer: Value = serde_json::from_slice(&planned).expect("JSON");
        let members = answer["data"]["org"]["terms"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|term| term["committees"].as_array().cloned().unwrap_or_default())
            .map(|committee| committee["members"].as_array().map_or(0, Vec::len))
            .sum::<usize>();
        if members > 0 {
            with_members += 1;
            assert!(executed_statements > 1, "the executor loads level by level");
        }
    }
    assert!(with_members > 0, "some sample organizations have committee members");
}

#[tokio::test]
async fn retracted_congresses_empty_committees_and_mid_term_members_match_the_executor() {
    let app = TestApp::spawn_counting_statements().await;
    let admin = app.admin().await;
    let id = app.organization_id("Cự Khối").await;
    let submit =
        r#"mutation($input: CongressResultInput!) { submitCongressResult(input: $input) { congress { id } } }"#;
    let submitted = |ordinal: i32, start: i32, committees: Value| {
        json!({ "input": {
            "organizationId": id, "ordinal": ordinal, "termStartYear": start, "termEndYear": start + 5,
            "openedOn": format!("{start}-05-10"), "committees": committees
        }})
    };
    // A term with an empty inspection committee, and one that is then retracted.
    let kept = app
        .graphql_as(
            Some(&admin),
            submit,
            submitted(
                24,
                2020,
                json!([
                    { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "members": [
                        { "fullName": "Trần Văn Bình", "position": "SECRETARY" },
                        { "fullName": "Lê Thị Hoa", "position": "MEMBER" }
                    ] },
                    { "kind": "INSPECTION", "formation": "ELECTED_BY_PLENUM", "members": [] }
                ]),
            ),
        )
        .await;
    assert!(kept.get("errors").is_none(), "{kept:#}");
    let retracted = app
        .graphql_as(
            Some(&admin),
            submit,
            submitted(
                25,
                2025,
                json!([{ "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "members": [
                    { "fullName": "Phạm Văn Long", "position": "SECRETARY" }
                ] }]),
            ),
        )
        .await;
    let congress = retracted["data"]["submitCongressResult"]["congress"]["id"]
        .as_str()
        .unwrap_or_else(|| panic!("a congress: {retracted:#}"))
        .to_owned();
    let retraction = app
        .graphql_as(
            Some(&admin),
            r#"mutation($id: ID!) { retractCongressResult(input: { congressId: $id, reason: "nhập nhầm" }) { congress { id } } }"#,
            json!({ "id": congress }),
        )
        .await;
    assert!(retraction.get("errors").is_none(), "{retraction:#}");

    post(&app, FULL, json!({ "id": id })).await;
    let (planned, statements) = post(&app, FULL, json!({ "id": id })).await;
    let (executed, _) = post(&app, &through_the_executor(FULL), json!({ "id": id })).await;
    assert_eq!(String::from_utf8_lossy(&planned), String::from_utf8_lossy(&executed));
    assert!(statements <= LEVELS);
    let answer: Value = serde_json::from_slice(&planned).expect("JSON");
    let terms = answer["data"]["org"]["terms"].as_array().expect("terms");
    assert!(
        terms.iter().all(|term| term["ordinal"] != 25),
        "the retracted term is hidden"
    );
    let latest = terms.iter().find(|term| term["ordinal"] == 24).expect("the new term");
    let kinds: Vec<&str> = latest["committees"]
        .as_array()
        .expect("committees")
        .iter()
        .filter_map(|committee| committee["kind"].as_str())
        .collect();
    assert_eq!(
        kinds,
        ["EXECUTIVE", "INSPECTION"],
        "executive first, the empty committee kept"
    );
    assert_eq!(latest["committees"][1]["members"], json!([]));
}

#[tokio::test]
async fn missing_and_wrong_ids_get_the_executors_null_and_error() {
    let app = TestApp::spawn_counting_statements().await;
    let id = app.organization_id("Cự Khối").await;
    post(&app, FULL, json!({ "id": id })).await;
    let missing = api::graphql::ids::encode(api::graphql::ids::NodeType::Organization, 987_654).to_string();
    let (body, _) = post(&app, FULL, json!({ "id": missing })).await;
    let answer: Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(answer["data"]["org"], Value::Null);
    assert!(answer.get("errors").is_none());

    let person = api::graphql::ids::encode(api::graphql::ids::NodeType::Person, 1).to_string();
    let answer = app.graphql(FULL, json!({ "id": person })).await;
    assert_eq!(error_codes(&answer), ["BAD_USER_INPUT"]);
    let answer = app.graphql(FULL, json!({})).await;
    assert!(
        !error_codes(&answer).is_empty(),
        "a missing variable is an error: {answer:#}"
    );
}

#[tokio::test]
async fn the_configured_limits_apply_to_planned_queries_too() {
    let app = TestApp::spawn_with(|config| config.limits.max_query_complexity = 50).await;
    let id = app.organization_id("Cự Khối").await;
    for _ in 0..2 {
        let answer = app.graphql(FULL, json!({ "id": id })).await;
        assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"]);
    }

    let app = TestApp::spawn_with(|config| config.limits.max_query_depth = 4).await;
    let id = app.organization_id("Cự Khối").await;
    let answer = app.graphql(FULL, json!({ "id": id })).await;
    assert_eq!(error_codes(&answer), ["QUERY_TOO_COMPLEX"]);
    // Within the limit, the same shape still answers.
    let shallow = app
        .query(
            "query($id: ID!) { organization(id: $id) { congresses { term } } }",
            json!({ "id": id }),
        )
        .await;
    assert!(
        shallow["organization"]["congresses"]
            .as_array()
            .is_some_and(|c| !c.is_empty())
    );
}
