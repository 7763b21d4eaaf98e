//! Admins submitting congress results over HTTP: tokens and scopes, every kind of invalid input,
//! dry runs, idempotency keys, concurrent submissions, mid-term changes and the audit trail.
//! After each, the database holds exactly the complete results that were accepted.

use crate::common::{TestApp, error_codes};
use entity::enums::Role;
use serde_json::{Value, json};

const SUBMIT: &str = r#"
mutation($input: CongressResultInput!, $dryRun: Boolean) {
  submitCongressResult(input: $input, dryRun: $dryRun) {
    dryRun replayed
    warnings { rule path message }
    congress {
      id ordinal ordinalRoman term openedOn
      committees { kind seatCount members { position person { id fullName } } }
      resolution { declaredTargetCount targets { text minValue maxValue children { text } } }
    }
  }
}"#;

/// Sài Đồng's next congress: 12th, 2025-2030, with a complete executive and standing committee.
fn sai_dong_xii(organization_id: &str) -> Value {
    json!({
        "organizationId": organization_id,
        "ordinal": 12, "termStartYear": 2025, "termEndYear": 2030, "kind": "DELEGATES",
        "openedOn": "2025-06-10", "closedOn": "2025-06-11", "delegateCount": 150,
        "motto": "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
        "committees": [
            { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 5, "members": [
                { "fullName": "Lê Văn Bình", "position": "SECRETARY" },
                { "fullName": "Trần Thị Hạnh", "position": "STANDING_DEPUTY_SECRETARY" },
                { "fullName": "Phạm Minh Đức", "position": "MEMBER" },
                { "fullName": "Hoàng Văn Sơn", "position": "MEMBER" } ] },
            { "kind": "STANDING", "formation": "ELECTED_BY_PLENUM", "seatCount": 3, "members": [
                { "fullName": "Lê Văn Bình", "position": "SECRETARY" },
                { "fullName": "Trần Thị Hạnh", "position": "STANDING_DEPUTY_SECRETARY" } ] }
        ],
        "resolution": {
            "title": "Nghị quyết Đại hội Đảng bộ phường Sài Đồng lần thứ XII", "declaredTargetCount": 2,
            "targets": [
                { "text": "Kết nạp từ 6-8 đảng viên mới mỗi năm", "measure": "COUNT", "comparator": "RANGE",
                  "minValue": 6, "maxValue": "8", "period": "ANNUAL" },
                { "text": "100% chi bộ hoàn thành tốt nhiệm vụ trở lên", "measure": "PERCENT", "comparator": "AT_LEAST",
                  "minValue": "100", "period": "ANNUAL",
                  "children": [ { "text": "trong đó 20% hoàn thành xuất sắc", "measure": "PERCENT", "comparator": "AT_LEAST", "minValue": "20" } ] }
            ]
        },
        "source": { "title": "Báo cáo kết quả Đại hội", "publishedOn": "2025-06-12" }
    })
}

async fn sai_dong(app: &TestApp) -> String {
    app.organization_id("Đảng bộ phường Sài Đồng").await
}

fn issues(response: &Value) -> Vec<(String, String)> {
    response["errors"][0]["extensions"]["issues"]
        .as_array()
        .map(|list| {
            list.iter()
                .map(|i| {
                    (
                        i["rule"].as_str().unwrap_or_default().to_owned(),
                        i["path"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Everything a submission writes, counted, so a test can tell that a refused write left nothing.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "congresses",
        "committees",
        "memberships",
        "people",
        "resolutions",
        "targets",
        "sources",
        "documents",
    ] {
        counts.push(app.count_rows(table).await);
    }
    counts
}

#[tokio::test]
async fn an_admin_submits_a_whole_congress_result_in_one_write() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let response = app
        .graphql_as(
            Some(&token),
            SUBMIT,
            json!({ "input": sai_dong_xii(&sai_dong(&app).await) }),
        )
        .await;
    assert!(response.get("errors").is_none(), "{response:#}");
    let payload = &response["data"]["submitCongressResult"];
    assert_eq!(payload["dryRun"], false);
    let congress = &payload["congress"];
    assert_eq!(congress["ordinalRoman"], "XII");
    assert_eq!(congress["committees"][0]["members"].as_array().map(Vec::len), Some(4));
    // The standing committee's members are the same people as on the executive committee.
    assert_eq!(
        congress["committees"][0]["members"][0]["person"]["id"],
        congress["committees"][1]["members"][0]["person"]["id"]
    );
    assert_eq!(
        congress["resolution"]["targets"][0]["minValue"], "6",
        "a JSON number becomes an exact decimal string"
    );
    assert_eq!(
        congress["resolution"]["targets"][1]["children"][0]["text"],
        "trong đó 20% hoàn thành xuất sắc"
    );
    // The new congress ends the previous term's committees and now leads the ward.
    let data = app
        .query(r#"query($id: ID!) { organization(id: $id) { latestCongress { ordinal } leadership(on: "2025-07-01") { position person { fullName } } } }"#, json!({ "id": sai_dong(&app).await }))
        .await;
    assert_eq!(data["organization"]["latestCongress"]["ordinal"], 12);
    assert_eq!(
        data["organization"]["leadership"][0]["person"]["fullName"],
        "Lê Văn Bình"
    );
}

#[tokio::test]
async fn a_dry_run_shows_what_would_be_written_with_its_warnings_and_writes_nothing() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let mut input = sai_dong_xii(&sai_dong(&app).await);
    input["resolution"]["declaredTargetCount"] = json!(5);
    input["ordinal"] = json!(13); // XII is not recorded: a gap, and a warning.
    let before = footprint(&app).await;
    let audit_before = app.count_rows("audit_events").await;
    let response = app
        .graphql_as(Some(&token), SUBMIT, json!({ "input": input, "dryRun": true }))
        .await;
    assert!(response.get("errors").is_none(), "{response:#}");
    let payload = &response["data"]["submitCongressResult"];
    assert_eq!(payload["dryRun"], true);
    assert_eq!(
        payload["congress"]["committees"][1]["members"].as_array().map(Vec::len),
        Some(2)
    );
    let rules: Vec<&str> = payload["warnings"]
        .as_array()
        .map(|w| w.iter().filter_map(|w| w["rule"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        rules.contains(&"declared_target_count") && rules.contains(&"ordinal_gap"),
        "{rules:?}"
    );
    assert_eq!(footprint(&app).await, before, "a dry run writes nothing");
    assert_eq!(app.count_rows("audit_events").await, audit_before);
    // The same submission for real then succeeds: the dry run held nothing back.
    let response = app.graphql_as(Some(&token), SUBMIT, json!({ "input": input })).await;
    assert!(response.get("errors").is_none(), "{response:#}");
}

#[tokio::test]
async fn writes_need_a_valid_token_and_editors_stay_inside_their_subtree() {
    let app = TestApp::spawn().await;
    let input = json!({ "input": sai_dong_xii(&sai_dong(&app).await) });
    assert_eq!(
        error_codes(&app.graphql_as(None, SUBMIT, input.clone()).await),
        ["UNAUTHENTICATED"]
    );
    assert_eq!(
        error_codes(
            &app.graphql_as(Some("cgr_not-a-real-token"), SUBMIT, input.clone())
                .await
        ),
        ["UNAUTHENTICATED"]
    );
    let viewer = app.token(Role::Viewer, None).await;
    assert_eq!(
        error_codes(&app.graphql_as(Some(&viewer), SUBMIT, input.clone()).await),
        ["FORBIDDEN"]
    );
    let cu_khoi_editor = app
        .token(Role::Editor, Some(&app.organization_id("Cự Khối").await))
        .await;
    assert_eq!(
        error_codes(&app.graphql_as(Some(&cu_khoi_editor), SUBMIT, input.clone()).await),
        ["FORBIDDEN"]
    );
    assert_eq!(app.count_rows("congresses").await, 8, "nothing was written");
    // An editor of the district may write in a ward below it.
    let district_editor = app
        .token(Role::Editor, Some(&app.organization_id("Long Biên").await))
        .await;
    let response = app.graphql_as(Some(&district_editor), SUBMIT, input).await;
    assert!(response.get("errors").is_none(), "{response:#}");
}

#[tokio::test]
async fn a_revoked_token_no_longer_writes() {
    let app = TestApp::spawn().await;
    let issued = api::write::tokens::issue(&app.app.db, "to revoke", Role::Admin, None)
        .await
        .expect("token");
    api::store::tokens::revoke(&app.app.db.conn, issued.record.id)
        .await
        .expect("revoke");
    let response = app
        .graphql_as(
            Some(&issued.secret),
            SUBMIT,
            json!({ "input": sai_dong_xii(&sai_dong(&app).await) }),
        )
        .await;
    assert_eq!(error_codes(&response), ["UNAUTHENTICATED"]);
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .contains("revoked")
    );
}

/// Submits a changed copy of the Sài Đồng XII input and returns the response.
async fn submit_changed(app: &TestApp, token: &str, change: impl FnOnce(&mut Value)) -> Value {
    let mut input = sai_dong_xii(&sai_dong(app).await);
    change(&mut input);
    app.graphql_as(Some(token), SUBMIT, json!({ "input": input })).await
}

#[tokio::test]
async fn every_invalid_input_is_refused_with_its_rule_and_path_and_nothing_is_written() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let before = footprint(&app).await;
    type Change = Box<dyn FnOnce(&mut Value)>;
    let cases: Vec<(&str, &str, Change)> = vec![
        (
            "term_order",
            "termEndYear",
            Box::new(|i: &mut Value| i["termEndYear"] = json!(2024)),
        ),
        (
            "congress_outside_term_window",
            "openedOn",
            Box::new(|i: &mut Value| i["openedOn"] = json!("2023-03-01")),
        ),
        (
            "closed_before_opened",
            "closedOn",
            Box::new(|i: &mut Value| i["closedOn"] = json!("2025-06-09")),
        ),
        (
            "same_person_twice",
            "committees[0].members[3]",
            Box::new(|i: &mut Value| {
                i["committees"][0]["members"][3]["fullName"] = json!("Phạm Minh Đức");
            }),
        ),
        (
            "more_members_than_seats",
            "committees[1].members",
            Box::new(|i: &mut Value| i["committees"][1]["seatCount"] = json!(1)),
        ),
        (
            "standing_member_not_executive",
            "committees[1].members[1]",
            Box::new(|i: &mut Value| {
                i["committees"][1]["members"][1]["fullName"] = json!("Người Ngoài Ban");
            }),
        ),
        (
            "more_than_one_secretary",
            "committees[0].members[2].position",
            Box::new(|i: &mut Value| {
                i["committees"][0]["members"][2]["position"] = json!("SECRETARY");
            }),
        ),
        (
            "position_not_allowed",
            "committees[0].members[3].position",
            Box::new(|i: &mut Value| {
                i["committees"][0]["members"][3]["position"] = json!("CHAIR");
            }),
        ),
        (
            "target_min_above_max",
            "resolution.targets[0].minValue",
            Box::new(|i: &mut Value| {
                i["resolution"]["targets"][0]["minValue"] = json!("9");
            }),
        ),
        (
            "document_symbol",
            "resolution.symbol",
            Box::new(|i: &mut Value| i["resolution"]["symbol"] = json!("NQ 01 of the congress")),
        ),
        (
            "person_name",
            "committees[0].members[2].fullName",
            Box::new(|i: &mut Value| {
                i["committees"][0]["members"][2]["fullName"] = json!("đ/c");
            }),
        ),
        (
            "unknown_reference",
            "committees[0].members[2].personId",
            Box::new(|i: &mut Value| {
                i["committees"][0]["members"][2] = json!({ "personId": api::graphql::ids::encode(api::graphql::ids::NodeType::Person, 999_999).0, "position": "MEMBER" });
            }),
        ),
        (
            "member_identity",
            "committees[0].members[2]",
            Box::new(|i: &mut Value| {
                i["committees"][0]["members"][2] = json!({ "position": "MEMBER" });
            }),
        ),
    ];
    for (rule, path, change) in cases {
        let response = submit_changed(&app, &token, change).await;
        assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{rule}: {response:#}");
        let found = issues(&response);
        assert!(
            found.contains(&(rule.to_owned(), path.to_owned())),
            "{rule} at {path} not in {found:?}"
        );
        assert!(
            response["errors"][0]["message"].as_str().is_some_and(|m| m.len() > 20),
            "a message in plain words"
        );
    }
    assert_eq!(
        footprint(&app).await,
        before,
        "nothing of any refused submission was written"
    );
}

#[tokio::test]
async fn a_congress_of_an_organization_that_did_not_exist_yet_is_refused() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let agencies = app.organization_id("Đảng bộ các cơ quan Đảng phường Phù Vân").await;
    let response = app
        .graphql_as(
            Some(&token),
            SUBMIT,
            json!({ "input": { "organizationId": agencies, "ordinal": 2, "termStartYear": 2025, "termEndYear": 2030,
                               "openedOn": "2025-03-01", "committees": [] } }),
        )
        .await;
    assert!(
        issues(&response).contains(&("organization_not_active".to_owned(), "openedOn".to_owned())),
        "{response:#}"
    );
    // The ward's own first committee is appointed: without a superior on record, it needs the decision.
    let ward = app.organization_id("Đảng bộ phường Phù Vân").await;
    let response = app
        .graphql_as(
            Some(&token),
            SUBMIT,
            json!({ "input": { "organizationId": ward, "ordinal": 1, "termStartYear": 2025, "termEndYear": 2030,
                               "openedOn": "2025-07-05",
                               "committees": [ { "kind": "EXECUTIVE", "formation": "APPOINTED", "members": [] } ] } }),
        )
        .await;
    assert!(
        issues(&response).contains(&(
            "appointed_without_decision".to_owned(),
            "committees[0].decisionSymbol".to_owned()
        )),
        "{response:#}"
    );
}

#[tokio::test]
async fn a_duplicate_ordinal_is_a_conflict() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let response = submit_changed(&app, &token, |i| {
        i["ordinal"] = json!(11);
        i["termStartYear"] = json!(2020);
        i["termEndYear"] = json!(2025);
        i["openedOn"] = json!("2020-06-10");
        i["closedOn"] = json!("2020-06-11");
    })
    .await;
    assert_eq!(error_codes(&response), ["CONFLICT"], "{response:#}");
}

#[tokio::test]
async fn one_idempotency_key_returns_the_first_response_and_writes_once() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let mut input = sai_dong_xii(&sai_dong(&app).await);
    input["idempotencyKey"] = json!("sai-dong-xii-2025");
    let first = app
        .graphql_as(Some(&token), SUBMIT, json!({ "input": input.clone() }))
        .await;
    let second = app
        .graphql_as(Some(&token), SUBMIT, json!({ "input": input.clone() }))
        .await;
    assert!(
        first.get("errors").is_none() && second.get("errors").is_none(),
        "{first:#} {second:#}"
    );
    assert_eq!(
        first["data"]["submitCongressResult"]["congress"]["id"],
        second["data"]["submitCongressResult"]["congress"]["id"]
    );
    assert_eq!(second["data"]["submitCongressResult"]["replayed"], true);
    assert_eq!(app.count_rows("congresses").await, 9, "written once");
    input["motto"] = json!("Một khẩu hiệu khác");
    let third = app.graphql_as(Some(&token), SUBMIT, json!({ "input": input })).await;
    assert_eq!(error_codes(&third), ["CONFLICT"]);
}

#[tokio::test]
async fn of_many_simultaneous_submissions_of_one_congress_exactly_one_succeeds() {
    let app = std::sync::Arc::new(TestApp::spawn().await);
    let token = app.admin().await;
    let input = json!({ "input": sai_dong_xii(&sai_dong(&app).await) });
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let app = app.clone();
        let token = token.clone();
        let input = input.clone();
        tasks.push(tokio::spawn(async move {
            app.graphql_as(Some(&token), SUBMIT, input).await
        }));
    }
    let mut succeeded = 0;
    let mut conflicts = 0;
    for task in tasks {
        let response = task.await.expect("the request finishes");
        match error_codes(&response).as_slice() {
            [] => succeeded += 1,
            [code] if code == "CONFLICT" => conflicts += 1,
            other => panic!("unexpected {other:?}: {response:#}"),
        }
    }
    assert_eq!((succeeded, conflicts), (1, 7));
    assert_eq!(app.count_rows("congresses").await, 9);
    assert_eq!(
        app.count_rows("memberships").await,
        8 + 6,
        "one congress's members, once"
    );
}

const ADD: &str = r#"mutation($input: AddMembershipInput!) { addMembership(input: $input) { membership { id position startReason startedOn person { fullName } } warnings { rule } } }"#;
const END: &str =
    r#"mutation($input: EndMembershipInput!) { endMembership(input: $input) { membership { id endedOn endReason } } }"#;

#[tokio::test]
async fn a_member_is_supplemented_mid_term_and_a_leaving_member_keeps_the_history() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let cu_khoi = app.organization_id("Cự Khối").await;
    let data = app
        .query(r#"query($id: ID!) { organization(id: $id) { congresses { committees { id kind members { id person { id fullName } } } } } }"#, json!({ "id": cu_khoi }))
        .await;
    let executive = &data["organization"]["congresses"][1]["committees"][0];
    let committee = executive["id"].as_str().unwrap_or_default().to_owned();
    let secretary = executive["members"][0]["id"].as_str().unwrap_or_default().to_owned();

    let added = app
        .graphql_as(Some(&token), ADD, json!({ "input": { "committeeId": committee, "fullName": "Đồng chí Vũ Thị Lan", "position": "MEMBER", "startedOn": "2017-03-15" } }))
        .await;
    assert!(added.get("errors").is_none(), "{added:#}");
    let membership = &added["data"]["addMembership"]["membership"];
    assert_eq!(membership["startReason"], "SUPPLEMENTED");
    assert_eq!(
        membership["person"]["fullName"], "Vũ Thị Lan",
        "the honorific is removed"
    );
    assert_eq!(
        added["data"]["addMembership"]["warnings"][0]["rule"],
        "honorific_removed"
    );

    // Outside the term, or a second secretary, is refused.
    let outside = app
        .graphql_as(Some(&token), ADD, json!({ "input": { "committeeId": committee, "fullName": "Trần Văn Khoa", "position": "MEMBER", "startedOn": "2022-01-10" } }))
        .await;
    assert!(
        issues(&outside).contains(&("membership_outside_term".to_owned(), "startedOn".to_owned())),
        "{outside:#}"
    );
    let second_secretary = app
        .graphql_as(Some(&token), ADD, json!({ "input": { "committeeId": committee, "fullName": "Trần Văn Khoa", "position": "SECRETARY", "startedOn": "2017-01-10" } }))
        .await;
    assert!(
        issues(&second_secretary)
            .iter()
            .any(|i| i.0 == "more_than_one_secretary"),
        "{second_secretary:#}"
    );

    // The secretary leaves; the membership stays with its end date, and a successor can take over.
    let ended = app
        .graphql_as(
            Some(&token),
            END,
            json!({ "input": { "membershipId": secretary, "endedOn": "2018-05-01", "endReason": "TRANSFERRED" } }),
        )
        .await;
    assert_eq!(
        ended["data"]["endMembership"]["membership"]["endedOn"], "2018-05-01",
        "{ended:#}"
    );
    let again = app
        .graphql_as(
            Some(&token),
            END,
            json!({ "input": { "membershipId": secretary, "endedOn": "2018-06-01", "endReason": "RESIGNED" } }),
        )
        .await;
    assert!(issues(&again).iter().any(|i| i.0 == "already_ended"), "{again:#}");
    let before_start = app
        .graphql_as(Some(&token), END, json!({ "input": { "membershipId": executive["members"][1]["id"], "endedOn": "2015-01-01", "endReason": "RESIGNED" } }))
        .await;
    assert!(
        issues(&before_start).iter().any(|i| i.0 == "ended_before_started"),
        "{before_start:#}"
    );

    let leaders = |on: &'static str| {
        let app = &app;
        let cu_khoi = cu_khoi.clone();
        async move {
            let data = app.query(r#"query($id: ID!, $on: Date) { organization(id: $id) { leadership(on: $on) { person { fullName } } } }"#, json!({ "id": cu_khoi, "on": on })).await;
            data["organization"]["leadership"]
                .as_array()
                .map(|l| {
                    l.iter()
                        .filter_map(|m| m["person"]["fullName"].as_str().map(str::to_owned))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        }
    };
    assert!(leaders("2018-04-30").await.contains(&"Ngô Văn An".to_owned()));
    assert!(!leaders("2018-05-01").await.contains(&"Ngô Văn An".to_owned()));
    let all = app
        .query(
            r#"query($id: ID!) { node(id: $id) { ... on Committee { members { person { fullName } endedOn } } } }"#,
            json!({ "id": committee }),
        )
        .await;
    assert_eq!(
        all["node"]["members"].as_array().map(Vec::len),
        Some(4),
        "history is kept: 3 elected and 1 supplemented"
    );
}

#[tokio::test]
async fn organizations_are_created_moved_linked_and_counted_through_the_api() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let ha_noi = app.organization_id("Đảng bộ thành phố Hà Nội").await;
    let created = app
        .graphql_as(
            Some(&token),
            r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id name parent(on: "2025-07-02") { name } } } }"#,
            json!({ "input": { "name": "Đảng bộ phường Long Biên", "kind": "PARTY_COMMITTEE", "level": "COMMUNE", "parentId": ha_noi, "foundedOn": "2025-07-01" } }),
        )
        .await;
    let new_ward = created["data"]["createOrganization"]["organization"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert_eq!(
        created["data"]["createOrganization"]["organization"]["parent"]["name"], "Đảng bộ thành phố Hà Nội",
        "{created:#}"
    );
    let cu_khoi = app.organization_id("Cự Khối").await;
    let lineage = app
        .graphql_as(
            Some(&token),
            r#"mutation($input: RecordLineageInput!) { recordLineage(input: $input) { lineage { kind predecessor { name } successor { name } } } }"#,
            json!({ "input": { "predecessorId": cu_khoi, "successorId": new_ward, "kind": "MERGED", "effectiveOn": "2025-07-01" } }),
        )
        .await;
    assert_eq!(
        lineage["data"]["recordLineage"]["lineage"]["kind"], "MERGED",
        "{lineage:#}"
    );
    let stats = app
        .graphql_as(
            Some(&token),
            r#"mutation($input: RecordOrganizationStatsInput!) { recordOrganizationStats(input: $input) { stats { partyMembers cells } warnings { rule } } }"#,
            json!({ "input": { "organizationId": new_ward, "asOf": "2025-08-01", "partyMembers": 20, "cells": 9 } }),
        )
        .await;
    assert_eq!(
        stats["data"]["recordOrganizationStats"]["warnings"][0]["rule"], "cell_below_minimum",
        "{stats:#}"
    );
    let data = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { successors { name } } }"#,
            json!({ "id": cu_khoi }),
        )
        .await;
    assert_eq!(
        data["organization"]["successors"][0]["name"],
        "Đảng bộ phường Long Biên"
    );
    // Moving an organization under itself is refused.
    let cycle = app
        .graphql_as(
            Some(&token),
            r#"mutation($input: MoveOrganizationInput!) { moveOrganization(input: $input) { organization { id } } }"#,
            json!({ "input": { "organizationId": ha_noi, "parentId": new_ward, "from": "2025-08-01" } }),
        )
        .await;
    assert_eq!(error_codes(&cycle), ["BAD_USER_INPUT"], "{cycle:#}");
}

#[tokio::test]
async fn results_against_targets_are_checked_and_recorded_atomically() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let sai_dong = sai_dong(&app).await;
    let data = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { congresses { resolution { targets { id text } } } } }"#,
            json!({ "id": sai_dong }),
        )
        .await;
    let target = data["organization"]["congresses"][0]["resolution"]["targets"][3]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let record = r#"mutation($input: RecordTargetResultsInput!) { recordTargetResults(input: $input) { results { year achieved outOf computedPercent } warnings { rule path } } }"#;
    let before = app.count_rows("target_results").await;
    // One result outside the 2020-2025 term refuses the whole batch.
    let refused = app
        .graphql_as(
            Some(&token),
            record,
            json!({ "input": { "results": [
            { "targetId": target, "year": 2024, "achieved": 6, "outOf": 7 },
            { "targetId": target, "year": 2026, "achieved": 7, "outOf": 7 } ] } }),
        )
        .await;
    assert!(
        issues(&refused).contains(&("result_year_outside_term".to_owned(), "results[1].year".to_owned())),
        "{refused:#}"
    );
    assert_eq!(app.count_rows("target_results").await, before);
    let accepted = app
        .graphql_as(
            Some(&token),
            record,
            json!({ "input": { "results": [
            { "targetId": target, "year": 2024, "achieved": 6, "outOf": 7, "reportedPercent": "90" } ] } }),
        )
        .await;
    let payload = &accepted["data"]["recordTargetResults"];
    assert_eq!(payload["results"][0]["computedPercent"], "85.71", "{accepted:#}");
    assert_eq!(payload["warnings"][0]["rule"], "reported_percent_mismatch");
    assert_eq!(app.count_rows("target_results").await, before + 1);
}

#[tokio::test]
async fn every_write_is_in_the_audit_trail_which_only_admins_read() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let response = app
        .graphql_as(
            Some(&token),
            SUBMIT,
            json!({ "input": sai_dong_xii(&sai_dong(&app).await) }),
        )
        .await;
    let congress = response["data"]["submitCongressResult"]["congress"]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let person =
        response["data"]["submitCongressResult"]["congress"]["committees"][0]["members"][0]["person"]["id"].clone();
    let refused = submit_changed(&app, &token, |i| i["termEndYear"] = json!(2020)).await;
    assert_eq!(error_codes(&refused), ["BAD_USER_INPUT"]);

    let query = r#"query($record: ID, $org: ID) { auditEvents(recordId: $record, organizationId: $org, first: 10) { totalCount nodes { operation outcome actor record { id } after } } }"#;
    let by_record = app.graphql_as(Some(&token), query, json!({ "record": congress })).await;
    let events = &by_record["data"]["auditEvents"];
    assert_eq!(events["totalCount"], 1, "{by_record:#}");
    assert_eq!(events["nodes"][0]["operation"], "submitCongressResult");
    assert_eq!(events["nodes"][0]["outcome"], "APPLIED");
    assert!(
        events["nodes"][0]["actor"]
            .as_str()
            .unwrap_or_default()
            .starts_with("token")
    );
    assert_eq!(
        events["nodes"][0]["after"]["input"]["motto"],
        "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển"
    );
    // The person created by the submission shows it in their history.
    let history = app
        .graphql_as(
            Some(&token),
            r#"query($id: ID!) { node(id: $id) { ... on Person { history { operation } } } }"#,
            json!({ "id": person }),
        )
        .await;
    assert_eq!(
        history["data"]["node"]["history"][0]["operation"], "submitCongressResult",
        "{history:#}"
    );
    // The refused submission is there too, under the organization.
    let by_organization = app
        .graphql_as(
            Some(&token),
            query,
            json!({ "org": app.organization_id("Long Biên").await }),
        )
        .await;
    let outcomes: Vec<&str> = by_organization["data"]["auditEvents"]["nodes"]
        .as_array()
        .map(|n| n.iter().filter_map(|n| n["outcome"].as_str()).collect())
        .unwrap_or_default();
    assert!(outcomes.contains(&"APPLIED"), "{by_organization:#}");
    let viewer = app.token(Role::Viewer, None).await;
    assert_eq!(
        error_codes(
            &app.graphql_as(Some(&viewer), query, json!({ "record": congress }))
                .await
        ),
        ["FORBIDDEN"]
    );
    assert_eq!(
        error_codes(&app.graphql_as(None, query, json!({ "record": congress })).await),
        ["UNAUTHENTICATED"]
    );
    let all = app
        .graphql_as(
            Some(&token),
            r#"{ auditEvents(operation: "submitCongressResult", first: 100) { nodes { outcome } } }"#,
            json!({}),
        )
        .await;
    let rejected = all["data"]["auditEvents"]["nodes"]
        .as_array()
        .map(|n| n.iter().filter(|n| n["outcome"] == "REJECTED_BAD_USER_INPUT").count());
    assert_eq!(rejected, Some(1), "{all:#}");
}

#[tokio::test]
async fn with_reads_restricted_a_query_needs_a_token() {
    let app = TestApp::spawn_with(|config| config.restrict_reads = true).await;
    let response = app.graphql("{ organizations { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&response), ["UNAUTHENTICATED"]);
    let viewer = app.token(Role::Viewer, None).await;
    let response = app
        .graphql_as(Some(&viewer), "{ organizations { totalCount } }", json!({}))
        .await;
    assert_eq!(response["data"]["organizations"]["totalCount"], 13, "{response:#}");
}

#[tokio::test]
async fn an_import_reports_each_submission_and_a_second_import_writes_nothing() {
    let app = TestApp::spawn().await;
    let sai_dong = sai_dong(&app).await;
    let mut invalid = sai_dong_xii(&sai_dong);
    invalid["ordinal"] = json!(14);
    invalid["termEndYear"] = json!(2020);
    let file = json!([sai_dong_xii(&sai_dong), invalid]).to_string();
    let actor = api::write::Actor::system("import test");
    let reports = api::seed::import_file(&app.app.db, &actor, &file, false)
        .await
        .expect("import");
    assert!(
        matches!(reports[0].outcome, api::seed::StepOutcome::Applied { .. }),
        "{reports:?}"
    );
    assert!(
        matches!(&reports[1].outcome, api::seed::StepOutcome::Rejected(reason) if reason.contains("term_order")),
        "{reports:?}"
    );
    let again = api::seed::import_file(&app.app.db, &actor, &file, false)
        .await
        .expect("import");
    assert!(
        matches!(again[0].outcome, api::seed::StepOutcome::AlreadyImported { .. }),
        "{again:?}"
    );
    assert_eq!(app.count_rows("congresses").await, 9);
}

#[tokio::test]
async fn the_token_command_prints_the_new_token_alone_on_its_last_line() {
    let app = TestApp::spawn().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_congress-api"))
        .args([
            "token",
            "create",
            "--role",
            "admin",
            "--name",
            "records office",
            "--database-url",
            &app.database_url,
        ])
        .output()
        .expect("run congress-api token create");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let token = stdout.lines().last().unwrap_or_default().trim().to_owned();
    assert!(token.starts_with("cgr_") && !token.contains(' '), "{stdout}");
    let response = app
        .graphql_as(
            Some(&token),
            SUBMIT,
            json!({ "input": sai_dong_xii(&sai_dong(&app).await) }),
        )
        .await;
    assert!(response.get("errors").is_none(), "{response:#}");
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_congress-api"))
        .args(["token", "list", "--database-url", &app.database_url])
        .output()
        .expect("run congress-api token list");
    let listed = String::from_utf8_lossy(&list.stdout);
    assert!(
        listed.contains("records office") && !listed.contains(&token),
        "{listed}"
    );
}
