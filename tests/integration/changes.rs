//! Sync clients: the change feed lists every created, changed and retracted record in commit
//! order, so a client can keep a copy without re-reading everything; a retraction hides a wrong
//! submission, leaves a tombstone, and keeps the history.

use crate::common::{TestApp, error_codes};
use serde_json::{Value, json};
use std::collections::BTreeMap;

const FEED: &str = r#"query($after: String) { changes(first: 100, after: $after) { pageInfo { hasNextPage endCursor } nodes { action recordType recordId operation } } }"#;

/// A client's copy: record ID to its last known state, kept up to date from the feed.
#[derive(Default)]
struct Mirror {
    records: BTreeMap<String, Value>,
    cursor: Value,
}

impl Mirror {
    /// Reads the feed from where it stopped and applies it: fetch what was created or changed,
    /// drop what was retracted.
    async fn sync(&mut self, app: &TestApp) -> usize {
        let mut applied = 0;
        loop {
            let data = app.query(FEED, json!({ "after": self.cursor })).await;
            let page = &data["changes"];
            for change in page["nodes"].as_array().cloned().unwrap_or_default() {
                let Some(id) = change["recordId"].as_str().map(str::to_owned) else {
                    continue;
                };
                if change["action"] == "RETRACTED" {
                    self.records.remove(&id);
                } else {
                    let node = app
                        .query(
                            r#"query($id: ID!) { node(id: $id) { __typename id } }"#,
                            json!({ "id": id }),
                        )
                        .await;
                    self.records.insert(id, node["node"].clone());
                }
                applied += 1;
            }
            if !page["pageInfo"]["endCursor"].is_null() {
                self.cursor = page["pageInfo"]["endCursor"].clone();
            }
            if page["pageInfo"]["hasNextPage"] != true {
                return applied;
            }
        }
    }

    fn ids_of(&self, typename: &str) -> Vec<String> {
        self.records
            .values()
            .filter(|v| v["__typename"] == typename)
            .filter_map(|v| v["id"].as_str().map(str::to_owned))
            .collect()
    }
}

/// Every congress in force and every organization, as the API lists them.
async fn listed(app: &TestApp, list: &str) -> Vec<String> {
    let data = app
        .query(&format!("{{ {list}(first: 100) {{ nodes {{ id }} }} }}"), json!({}))
        .await;
    let mut ids: Vec<String> = data[list]["nodes"]
        .as_array()
        .map(|n| n.iter().filter_map(|n| n["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    ids.sort();
    ids
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

const SUBMIT: &str = r#"mutation($input: CongressResultInput!) { submitCongressResult(input: $input) { congress { id committees { id members { id } } } } }"#;
const RETRACT: &str = r#"mutation($input: RetractCongressResultInput!) { retractCongressResult(input: $input) { congress { id retractedAt retractionReason } } }"#;

fn sai_dong_xii(organization_id: &str) -> Value {
    json!({ "input": {
        "organizationId": organization_id, "ordinal": 12, "termStartYear": 2025, "termEndYear": 2030, "openedOn": "2025-06-10",
        "committees": [ { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 3, "members": [
            { "fullName": "Lê Văn Bình", "position": "SECRETARY" }, { "fullName": "Trần Thị Hạnh", "position": "MEMBER" } ] } ],
        "resolution": { "title": "Nghị quyết Đại hội XII", "targets": [ { "text": "Kết nạp 6-8 đảng viên", "measure": "COUNT", "comparator": "RANGE", "minValue": "6", "maxValue": "8" } ] } } })
}

#[tokio::test]
async fn a_sync_client_replaying_the_feed_into_an_empty_copy_matches_the_api() {
    let app = TestApp::spawn().await;
    let mut mirror = Mirror::default();
    assert!(mirror.sync(&app).await > 40, "the sample data arrives through the feed");
    assert_eq!(sorted(mirror.ids_of("Congress")), listed(&app, "congresses").await);
    assert_eq!(
        sorted(mirror.ids_of("Organization")),
        listed(&app, "organizations").await
    );
    assert_eq!(mirror.sync(&app).await, 0, "nothing new: nothing to read");

    // New writes reach the copy from where it stopped, retractions included.
    let token = app.admin().await;
    let submitted = app
        .graphql_as(
            Some(&token),
            SUBMIT,
            sai_dong_xii(&app.organization_id("Sài Đồng").await),
        )
        .await;
    let congress = submitted["data"]["submitCongressResult"]["congress"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(
        mirror.sync(&app).await >= 5,
        "the congress, its committee, two people, two positions ..."
    );
    assert!(mirror.records.contains_key(&congress));
    let retracted = app
        .graphql_as(
            Some(&token),
            RETRACT,
            json!({ "input": { "congressId": congress, "reason": "nhập nhầm nhiệm kỳ" } }),
        )
        .await;
    assert!(retracted.get("errors").is_none(), "{retracted:#}");
    mirror.sync(&app).await;
    assert!(
        !mirror.records.contains_key(&congress),
        "the tombstone removed it from the copy"
    );
    assert_eq!(sorted(mirror.ids_of("Congress")), listed(&app, "congresses").await);
}

#[tokio::test]
async fn a_retracted_submission_is_hidden_kept_and_its_ordinal_freed() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let cu_khoi = app.organization_id("Cự Khối").await;
    let wrong = json!({ "input": {
        "organizationId": cu_khoi, "ordinal": 24, "termStartYear": 2020, "termEndYear": 2025, "openedOn": "2020-05-20",
        "committees": [ { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "members": [ { "fullName": "Người Nhập Nhầm", "position": "SECRETARY" } ] } ] } });
    let submitted = app.graphql_as(Some(&token), SUBMIT, wrong.clone()).await;
    let congress = submitted["data"]["submitCongressResult"]["congress"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let leaders = r#"query($id: ID!) { organization(id: $id) { congresses { ordinal } leadership(on: "2020-06-01") { person { fullName } } } }"#;
    let before = app.query(leaders, json!({ "id": cu_khoi })).await;
    assert_eq!(
        before["organization"]["leadership"][0]["person"]["fullName"], "Người Nhập Nhầm",
        "the new congress ended the old term"
    );

    let retracted = app
        .graphql_as(
            Some(&token),
            RETRACT,
            json!({ "input": { "congressId": congress, "reason": "sai nhiệm kỳ" } }),
        )
        .await;
    assert_eq!(
        retracted["data"]["retractCongressResult"]["congress"]["retractionReason"], "sai nhiệm kỳ",
        "{retracted:#}"
    );
    let after = app.query(leaders, json!({ "id": cu_khoi })).await;
    assert_eq!(
        after["organization"]["congresses"],
        json!([{ "ordinal": 22 }, { "ordinal": 23 }]),
        "hidden from the history"
    );
    assert_eq!(
        after["organization"]["leadership"][0]["person"]["fullName"], "Ngô Văn An",
        "the previous term's positions are restored"
    );
    let node = app
        .query(
            r#"query($id: ID!) { node(id: $id) { ... on Congress { ordinal retractedAt } } }"#,
            json!({ "id": congress }),
        )
        .await;
    assert!(node["node"]["retractedAt"].is_string(), "kept, and readable by its ID");
    let again = app
        .graphql_as(
            Some(&token),
            RETRACT,
            json!({ "input": { "congressId": congress, "reason": "lần nữa" } }),
        )
        .await;
    assert_eq!(error_codes(&again), ["BAD_USER_INPUT"]);
    // The corrected submission takes the same ordinal.
    let mut corrected = wrong;
    corrected["input"]["committees"][0]["members"][0]["fullName"] = json!("Người Đúng");
    let resubmitted = app.graphql_as(Some(&token), SUBMIT, corrected).await;
    assert!(resubmitted.get("errors").is_none(), "{resubmitted:#}");
    let history = app
        .graphql_as(
            Some(&token),
            r#"query($id: ID!) { auditEvents(recordId: $id) { nodes { operation } } }"#,
            json!({ "id": congress }),
        )
        .await;
    let operations: Vec<&str> = history["data"]["auditEvents"]["nodes"]
        .as_array()
        .map(|n| n.iter().filter_map(|n| n["operation"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(operations, ["retractCongressResult", "submitCongressResult"]);
}
