//! Vietnamese labels beside enums: the words a frontend shows, from the planner and from the
//! executor alike (the planner answers a document from its second time on; `QUERY_PLANNER=false`
//! is the executor).

use crate::common::TestApp;
use serde_json::{Value, json};

const HISTORY: &str = r#"query($id: ID!) {
  organization(id: $id) {
      kind kindLabel level levelLabel
      congresses {
        ordinalRoman kind kindLabel
        committees {
          kind kindLabel formation formationLabel
          members { position positionLabel person { fullName } }
        }
      }
  }
}"#;

const RESULTS: &str = r#"query($id: ID!) {
  termReport(organizationId: $id, termYear: 2022) {
    rows(first: 100) { nodes { results { status statusLabel } } }
  }
}"#;

/// The history of Cự Khối and the results of Đức Thắng, asked by ID (the planner's roots).
async fn labels_of(app: &TestApp) -> (Value, Vec<(String, String)>) {
    let cu_khoi = app.organization_id("cu khoi").await;
    let id = app.organization_id("Đức Thắng").await;
    // The executor answers first; the planner, once it has seen the document valid, after.
    let first = app.query(HISTORY, json!({ "id": cu_khoi })).await;
    let first_report = app.query(RESULTS, json!({ "id": id })).await;
    let before = app.app.pipeline.planned();
    let history = app.query(HISTORY, json!({ "id": cu_khoi })).await;
    let report = app.query(RESULTS, json!({ "id": id })).await;
    assert_eq!(first, history, "the planner answers what the executor answered");
    assert_eq!(first_report, report, "the planner answers what the executor answered");
    let mut statuses = Vec::new();
    for row in report["termReport"]["rows"]["nodes"].as_array().into_iter().flatten() {
        for result in row["results"].as_array().into_iter().flatten() {
            statuses.push((
                result["status"].as_str().unwrap_or_default().to_owned(),
                result["statusLabel"].as_str().unwrap_or_default().to_owned(),
            ));
        }
    }
    if app.app.config.limits.query_planner {
        assert_eq!(app.app.pipeline.planned(), before + 2, "the planner answered both");
    }
    (history, statuses)
}

fn check(history: &Value, statuses: &[(String, String)]) {
    let ward = &history["organization"];
    assert_eq!(ward["kind"], "PARTY_COMMITTEE");
    assert_eq!(ward["kindLabel"], "Đảng bộ");
    assert_eq!(ward["level"], "COMMUNE");
    assert_eq!(ward["levelLabel"], "Cấp xã");
    let congress = ward["congresses"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["ordinalRoman"] == "XXIII"))
        .expect("the XXIII congress");
    if congress["kind"] == "DELEGATES" {
        assert_eq!(congress["kindLabel"], "Đại hội đại biểu");
    } else if congress["kind"].is_null() {
        assert!(congress["kindLabel"].is_null(), "no kind, no label");
    }
    let executive = congress["committees"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["kind"] == "EXECUTIVE"))
        .expect("the executive committee");
    assert_eq!(executive["kindLabel"], "Ban Chấp hành");
    assert_eq!(executive["formation"], "ELECTED_BY_CONGRESS");
    assert_eq!(executive["formationLabel"], "Đại hội bầu");
    let standing = congress["committees"]
        .as_array()
        .and_then(|list| list.iter().find(|c| c["kind"] == "STANDING"))
        .expect("the standing committee");
    assert_eq!(standing["kindLabel"], "Ban Thường vụ");
    let members = executive["members"].as_array().expect("members");
    let secretary = members
        .iter()
        .find(|m| m["person"]["fullName"] == "Ngô Văn An")
        .expect("the secretary");
    assert_eq!(secretary["positionLabel"], "Bí thư");
    let deputy = members
        .iter()
        .find(|m| m["position"] == "DEPUTY_SECRETARY")
        .expect("a deputy");
    assert_eq!(deputy["positionLabel"], "Phó Bí thư");
    assert!(statuses.iter().any(|(status, _)| status == "EXCEEDED"), "{statuses:?}");
    for (status, label) in statuses {
        let expected = match status.as_str() {
            "EXCEEDED" => "Vượt chỉ tiêu",
            "MET" => "Đạt chỉ tiêu",
            "NOT_MET" => "Chưa đạt chỉ tiêu",
            _ => "Chưa có số liệu",
        };
        assert_eq!(label, expected, "the label of {status}");
    }
}

#[tokio::test]
async fn labels_are_the_party_s_words_from_the_planner_and_the_executor() {
    let planned = TestApp::spawn().await;
    let (history, statuses) = labels_of(&planned).await;
    check(&history, &statuses);
    let executor = TestApp::spawn_with(|config| config.limits.query_planner = false).await;
    let (executed, executed_statuses) = labels_of(&executor).await;
    check(&executed, &executed_statuses);
    assert_eq!(
        history, executed,
        "the planner answers exactly what the executor answers"
    );
    assert_eq!(statuses, executed_statuses);
}
