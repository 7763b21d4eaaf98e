//! Records that claim no more than their sources say, and say what a reader needs: attested
//! dates rather than invented spans, targets assigned by whom the article names, organizations
//! that end when they are merged away, the ratings and commendations a party record keeps, and
//! messages that say why a read was refused.

use crate::common::{TestApp, error_codes};
use serde_json::json;

#[tokio::test]
async fn a_read_that_needs_a_token_says_so_and_not_that_writes_need_one() {
    let app = TestApp::spawn().await;
    let organization = app.organization_id("Cự Khối").await;
    for (query, variables) in [
        (
            "query($id: ID!) { organization(id: $id) { name history { operation } } }",
            json!({ "id": organization }),
        ),
        ("{ auditEvents { nodes { operation } } }", json!({})),
    ] {
        let response = app.graphql(query, variables).await;
        assert_eq!(error_codes(&response), ["UNAUTHENTICATED"], "{response:#}");
        let message = response["errors"][0]["message"].as_str().unwrap_or_default();
        assert!(
            message.contains("audit trail") && message.contains("admin token") && !message.contains("write"),
            "{message}"
        );
        assert!(message.contains("Authorization: Bearer"), "{message}");
    }
    // Writes still say what they need.
    let response = app
        .graphql(
            r#"mutation { createOrganization(input: { name: "Chi bộ mới", kind: PARTY_CELL, level: BELOW_GRASSROOTS }) { organization { id } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(error_codes(&response), ["UNAUTHENTICATED"]);
    assert!(
        response["errors"][0]["message"]
            .as_str()
            .unwrap_or_default()
            .starts_with("writes need a token"),
        "{response:#}"
    );
}

#[tokio::test]
async fn a_secretary_known_from_one_article_is_not_claimed_before_the_day_it_names_him() {
    let app = TestApp::spawn().await;
    let mao_khe = app.organization_id("Mạo Khê").await;
    let query = r#"query($id: ID!, $on: Date) { organization(id: $id) { leadership(on: $on) { position startedOn attestedOn person { fullName } } } }"#;
    for before in ["2015-01-01", "2018-08-01"] {
        let data = app.query(query, json!({ "id": mao_khe, "on": before })).await;
        assert_eq!(
            data["organization"]["leadership"],
            json!([]),
            "the article says nothing of {before}"
        );
    }
    for attested in ["2018-08-02", "2019-06-01"] {
        let data = app.query(query, json!({ "id": mao_khe, "on": attested })).await;
        assert_eq!(
            data["organization"]["leadership"],
            json!([{ "position": "SECRETARY", "startedOn": null, "attestedOn": "2018-08-02",
                     "person": { "fullName": "Nguyễn Ngọc Quân" } }]),
            "{attested}"
        );
    }
}

#[tokio::test]
async fn targets_given_outside_a_resolution_are_assigned_by_the_superior_they_name() {
    let app = TestApp::spawn().await;
    let cu_khoi = app.organization_id("Cự Khối").await;
    let data = app
        .query(
            r#"query($id: ID!) { termReport(organizationId: $id, termYear: 2012) { rows(first: 50) { nodes { target { assignedBy assignedByOrganization { name } } } } } }"#,
            json!({ "id": cu_khoi }),
        )
        .await;
    let rows = data["termReport"]["rows"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(rows.len(), 5, "{data:#}");
    for row in rows {
        assert_eq!(
            row["target"],
            json!({ "assignedBy": "SUPERIOR", "assignedByOrganization": { "name": "Đảng bộ quận Long Biên" } })
        );
    }
    // A write that says a congress set targets it gives outside any resolution is refused.
    let token = app.admin().await;
    let response = app
        .graphql_as(
            Some(&token),
            r#"mutation($id: ID!) { assignTargets(input: { organizationId: $id, startYear: 2016, endYear: 2016,
                targets: [{ text: "Kết nạp 6 đảng viên", assignedBy: CONGRESS }] }) { targets { id } } }"#,
            json!({ "id": cu_khoi }),
        )
        .await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"], "{response:#}");
    assert_eq!(
        response["errors"][0]["extensions"]["issues"][0]["rule"],
        "target_assigner"
    );
}

#[tokio::test]
async fn after_their_districts_ended_the_old_wards_are_of_unknown_status_not_active_roots() {
    let app = TestApp::spawn().await;
    let active = r#"query($on: Date) { organizations(activeOn: $on, level: COMMUNE, first: 50) { nodes { name } } }"#;
    let names = |data: &serde_json::Value| -> Vec<String> {
        data["organizations"]["nodes"]
            .as_array()
            .map(|n| n.iter().filter_map(|n| n["name"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let before = names(&app.query(active, json!({ "on": "2025-06-30" })).await);
    assert!(before.contains(&"Đảng bộ phường Sài Đồng".to_owned()), "{before:?}");
    let after = names(&app.query(active, json!({ "on": "2025-08-01" })).await);
    assert_eq!(
        after,
        ["Đảng bộ phường Phù Vân"],
        "no article says the old wards went on"
    );
    for ward in ["Sài Đồng", "Cự Khối", "Đức Thắng", "Mạo Khê"] {
        let id = app.organization_id(ward).await;
        let data = app
            .query(
                r#"query($id: ID!) { organization(id: $id) { statusUnknownFrom dissolvedOn
                    before: parent(on: "2025-06-30") { level } after: parent(on: "2025-08-01") { name }
                    activeBefore: active(on: "2025-06-30") activeAfter: active(on: "2025-08-01") } }"#,
                json!({ "id": id }),
            )
            .await;
        assert_eq!(
            data["organization"],
            json!({ "statusUnknownFrom": "2025-07-01", "dissolvedOn": null, "before": { "level": "DISTRICT" },
                    "after": null, "activeBefore": true, "activeAfter": false }),
            "{ward}"
        );
    }
}

#[tokio::test]
async fn a_merged_away_organization_ends_when_the_merger_takes_effect() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let create = r#"mutation($name: String!, $parent: ID) { createOrganization(input: { name: $name, kind: PARTY_CELL,
        level: BELOW_GRASSROOTS, parentId: $parent, foundedOn: "2020-01-01" }) { organization { id } } }"#;
    let sai_dong = app.organization_id("Sài Đồng").await;
    let mut ids = Vec::new();
    for name in ["Chi bộ Tổ dân phố 15", "Chi bộ Tổ dân phố 16"] {
        let created = app
            .graphql_as(Some(&token), create, json!({ "name": name, "parent": sai_dong }))
            .await;
        ids.push(
            created["data"]["createOrganization"]["organization"]["id"]
                .as_str()
                .unwrap_or_else(|| panic!("{created:#}"))
                .to_owned(),
        );
    }
    let merged = app
        .graphql_as(
            Some(&token),
            r#"mutation($from: ID!, $into: ID!) { recordLineage(input: { predecessorId: $from, successorId: $into,
                kind: MERGED, effectiveOn: "2024-01-01" }) { lineage { id } } }"#,
            json!({ "from": ids[0], "into": ids[1] }),
        )
        .await;
    assert!(merged.get("errors").is_none(), "{merged:#}");
    let data = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { dissolvedOn successors { name }
                activeBefore: active(on: "2023-12-31") activeAfter: active(on: "2024-01-01")
                parentBefore: parent(on: "2023-12-31") { name } parentAfter: parent(on: "2024-01-01") { name } } }"#,
            json!({ "id": ids[0] }),
        )
        .await;
    assert_eq!(
        data["organization"],
        json!({ "dissolvedOn": "2024-01-01", "successors": [{ "name": "Chi bộ Tổ dân phố 16" }],
                "activeBefore": true, "activeAfter": false,
                "parentBefore": { "name": "Đảng bộ phường Sài Đồng" }, "parentAfter": null })
    );
    let listed = app
        .query(
            r#"{ organizations(activeOn: "2024-06-01", kind: PARTY_CELL, first: 50) { nodes { name } } }"#,
            json!({}),
        )
        .await;
    let names: Vec<&str> = listed["organizations"]["nodes"]
        .as_array()
        .map(|n| n.iter().filter_map(|n| n["name"].as_str()).collect())
        .unwrap_or_default();
    assert!(
        !names.contains(&"Chi bộ Tổ dân phố 15") && names.contains(&"Chi bộ Tổ dân phố 16"),
        "{names:?}"
    );
}

#[tokio::test]
async fn the_titles_commendations_and_registrations_of_the_articles_are_kept_with_their_sources() {
    let app = TestApp::spawn().await;
    let query = r#"query($id: ID!) { organization(id: $id) { commendations { kind text year consecutiveYears attestedOn
        collectives individuals conferredBy { name } source { title } } } }"#;
    let duc_thang = app.organization_id("Đức Thắng").await;
    let data = app.query(query, json!({ "id": duc_thang })).await;
    let list = data["organization"]["commendations"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let article = "Đảng bộ phường Đức Thắng thực hiện tốt công tác xây dựng Đảng";
    assert!(list.iter().all(|c| c["source"]["title"] == article), "{data:#}");
    let title = list
        .iter()
        .find(|c| c["kind"] == "TITLE")
        .unwrap_or_else(|| panic!("{data:#}"));
    assert_eq!(title["text"], "tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu");
    assert_eq!(title["consecutiveYears"], true, "nhiều năm liền");
    assert_eq!(
        title["year"],
        serde_json::Value::Null,
        "which years, the article does not say"
    );
    assert_eq!(title["attestedOn"], "2023-03-29");
    let of_2022 = |kind: &str| -> Vec<(i64, i64)> {
        list.iter()
            .filter(|c| c["kind"] == kind && c["year"] == 2022)
            .map(|c| {
                (
                    c["collectives"].as_i64().unwrap_or(-1),
                    c["individuals"].as_i64().unwrap_or(-1),
                )
            })
            .collect()
    };
    assert_eq!(of_2022("REGISTRATION"), [(22, 444), (39, 8)]);
    assert_eq!(of_2022("RECOGNITION"), [(17, 15)]);
    assert_eq!(of_2022("COMMENDATION"), [(3, 2)]);
    assert!(
        list.iter()
            .filter(|c| c["year"] == 2022 && c["kind"] != "REGISTRATION")
            .all(|c| c["conferredBy"]["name"] == "Đảng bộ quận Bắc Từ Liêm"),
        "the district's standing committee recognised and commended them"
    );

    let cu_khoi = app.organization_id("Cự Khối").await;
    let data = app.query(query, json!({ "id": cu_khoi })).await;
    assert_eq!(data["organization"]["commendations"][0]["text"], "trong sạch vững mạnh");
    assert_eq!(data["organization"]["commendations"][0]["consecutiveYears"], true);

    // Phù Vân ward's own first congress, named but not dated by the article.
    let phu_van = app.organization_id("Đảng bộ phường Phù Vân").await;
    let congresses = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { name congresses { ordinal termStartYear termEndYear openedOn sources { title } } } }"#,
            json!({ "id": phu_van }),
        )
        .await;
    assert_eq!(congresses["organization"]["name"], "Đảng bộ phường Phù Vân");
    assert_eq!(
        congresses["organization"]["congresses"],
        json!([{ "ordinal": 1, "termStartYear": 2025, "termEndYear": 2030, "openedOn": null,
                 "sources": [{ "title": "Đại hội Đảng bộ các cơ quan Đảng phường Phù Vân lần thứ I, nhiệm kỳ 2025-2030" }] }])
    );
}

#[tokio::test]
async fn a_commendation_is_recorded_over_http_only_with_a_date_and_reaches_the_feed() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let sai_dong = app.organization_id("Sài Đồng").await;
    let write = r#"mutation($input: RecordCommendationInput!) { recordCommendation(input: $input) {
        commendation { id kind text year organization { name } } } }"#;
    let undated = app
        .graphql_as(
            Some(&token),
            write,
            json!({ "input": { "organizationId": sai_dong, "kind": "TITLE", "text": "trong sạch, vững mạnh" } }),
        )
        .await;
    assert_eq!(error_codes(&undated), ["BAD_USER_INPUT"], "{undated:#}");
    assert_eq!(
        undated["errors"][0]["extensions"]["issues"][0]["rule"],
        "commendation_undated"
    );
    let written = app
        .graphql_as(
            Some(&token),
            write,
            json!({ "input": { "organizationId": sai_dong, "kind": "TITLE", "text": "trong sạch, vững mạnh", "year": 2016,
                               "source": { "title": "Báo cáo tổng kết năm 2016" } } }),
        )
        .await;
    let commendation = &written["data"]["recordCommendation"]["commendation"];
    assert_eq!(
        commendation["organization"]["name"], "Đảng bộ phường Sài Đồng",
        "{written:#}"
    );
    let id = commendation["id"].as_str().unwrap_or_default().to_owned();
    let node = app
        .query(
            r#"query($id: ID!) { node(id: $id) { ... on Commendation { text year source { title } } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(
        node["node"],
        json!({ "text": "trong sạch, vững mạnh", "year": 2016, "source": { "title": "Báo cáo tổng kết năm 2016" } })
    );
    // The change feed lists it, last.
    let mut after = serde_json::Value::Null;
    let mut last = serde_json::Value::Null;
    loop {
        let page = app
            .query(
                r#"query($after: String) { changes(first: 100, after: $after) { pageInfo { hasNextPage endCursor }
                    nodes { recordType recordId operation action } } }"#,
                json!({ "after": after }),
            )
            .await;
        if let Some(node) = page["changes"]["nodes"].as_array().and_then(|nodes| nodes.last()) {
            last = node.clone();
        }
        after = page["changes"]["pageInfo"]["endCursor"].clone();
        if page["changes"]["pageInfo"]["hasNextPage"] != true {
            break;
        }
    }
    assert_eq!(
        last,
        json!({ "recordType": "commendation", "recordId": id, "operation": "recordCommendation", "action": "CREATED" })
    );
}
