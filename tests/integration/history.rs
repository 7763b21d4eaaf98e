//! Frontend apps browsing congress history: each ward of the seed articles, who led it on
//! chosen dates, the tree over time, and search with or without diacritics.

use crate::common::{TestApp, decode_id, error_codes};
use serde_json::{Value, json};

const HISTORY: &str = r#"
query($id: ID!) {
  organization(id: $id) {
    name
    congresses {
      ordinal ordinalRoman term openedOn closedOn motto
      committees { kind formation seatCount members { position startedOn person { fullName } } }
      resolution { title declaredTargetCount targets { text } }
    }
  }
}"#;

fn names(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|item| item[field].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn cu_khoi_congress_xxiii_elected_fifteen_with_its_secretary_and_two_deputies() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Cự Khối").await;
    let data = app.query(HISTORY, json!({ "id": id })).await;
    let congresses = &data["organization"]["congresses"];
    assert_eq!(names(congresses, "ordinalRoman"), ["XXII", "XXIII"]);
    assert_eq!(congresses[0]["term"], "2010-2015");
    let xxiii = &congresses[1];
    assert_eq!(xxiii["term"], "2015-2020");
    assert_eq!(xxiii["openedOn"], "2015-04-26");
    assert_eq!(xxiii["closedOn"], "2015-04-27");
    let executive = &xxiii["committees"][0];
    assert_eq!(executive["kind"], "EXECUTIVE");
    assert_eq!(executive["seatCount"], 15);
    let members: Vec<(String, String)> = executive["members"]
        .as_array()
        .map(|m| {
            m.iter()
                .map(|m| {
                    (
                        m["person"]["fullName"].as_str().unwrap_or_default().to_owned(),
                        m["position"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        members,
        [
            ("Ngô Văn An".to_owned(), "SECRETARY".to_owned()),
            ("Đào Tiến Dũng".to_owned(), "DEPUTY_SECRETARY".to_owned()),
            ("Nguyễn Quốc Toản".to_owned(), "DEPUTY_SECRETARY".to_owned()),
        ]
    );
    assert_eq!(xxiii["committees"][1]["kind"], "STANDING");
    assert_eq!(xxiii["committees"][1]["seatCount"], 5);
}

#[tokio::test]
async fn phu_van_agencies_first_congress_has_its_motto_appointed_committees_and_nine_of_six_targets() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Đảng bộ các cơ quan Đảng phường Phù Vân").await;
    let data = app.query(HISTORY, json!({ "id": id })).await;
    let congress = &data["organization"]["congresses"][0];
    assert_eq!(congress["ordinalRoman"], "I");
    assert_eq!(congress["term"], "2025-2030");
    assert_eq!(congress["openedOn"], "2025-07-18");
    assert_eq!(congress["motto"], "Đoàn kết - Gương mẫu - Đổi mới - Phát triển");
    let kinds: Vec<(&str, &str)> = congress["committees"]
        .as_array()
        .map(|c| {
            c.iter()
                .map(|c| {
                    (
                        c["kind"].as_str().unwrap_or_default(),
                        c["formation"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(kinds, [("EXECUTIVE", "APPOINTED"), ("DELEGATION", "APPOINTED")]);
    assert_eq!(congress["resolution"]["declaredTargetCount"], 6);
    assert_eq!(congress["resolution"]["targets"].as_array().map(Vec::len), Some(9));
}

#[tokio::test]
async fn sai_dong_congress_xi_has_its_mid_term_review_with_guests_from_the_district() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Sài Đồng").await;
    let data = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { congresses { ordinalRoman term reviews { kind heldOn guests { fullName role } } resolution { declaredTargetCount declaredBreakthroughCount } } } }"#,
            json!({ "id": id }),
        )
        .await;
    let congress = &data["organization"]["congresses"][0];
    assert_eq!(congress["ordinalRoman"], "XI");
    assert_eq!(congress["term"], "2020-2025");
    assert_eq!(congress["resolution"]["declaredTargetCount"], 10);
    assert_eq!(congress["resolution"]["declaredBreakthroughCount"], 2);
    let review = &congress["reviews"][0];
    assert_eq!(review["kind"], "MID_TERM");
    assert_eq!(review["heldOn"], "2023-02-17");
    assert_eq!(
        names(&review["guests"], "fullName"),
        ["Đinh Thị Thu Hương", "Tăng Quang Huy"]
    );
}

const LEADERSHIP: &str = r#"query($id: ID!, $on: Date) { organization(id: $id) { leadership(on: $on) { position committee { kind } person { fullName } } } }"#;

async fn leaders(app: &TestApp, search: &str, on: &str) -> Vec<(String, String)> {
    let id = app.organization_id(search).await;
    let data = app.query(LEADERSHIP, json!({ "id": id, "on": on })).await;
    data["organization"]["leadership"]
        .as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    (
                        r["person"]["fullName"].as_str().unwrap_or_default().to_owned(),
                        r["position"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn leadership_on_a_date_lists_the_secretary_first_and_only_those_in_office() {
    let app = TestApp::spawn().await;
    let cu_khoi = leaders(&app, "Cự Khối", "2016-06-01").await;
    assert_eq!(cu_khoi.first().map(|l| l.0.as_str()), Some("Ngô Văn An"));
    assert_eq!(cu_khoi.first().map(|l| l.1.as_str()), Some("SECRETARY"));
    assert_eq!(cu_khoi.len(), 3);
    // The day before the 23rd congress elected them, none of them held office.
    assert!(leaders(&app, "Cự Khối", "2015-04-26").await.is_empty());
    // After the 2015-2020 term, with no later congress recorded, the committee no longer serves.
    assert!(leaders(&app, "Cự Khối", "2021-06-01").await.is_empty());
    assert_eq!(
        leaders(&app, "Mạo Khê", "2018-08-02").await,
        [("Nguyễn Ngọc Quân".to_owned(), "SECRETARY".to_owned())]
    );
    assert_eq!(
        leaders(&app, "Chi bộ Tổ dân phố 14", "2023-02-20").await,
        [("Nguyễn Huy Hoàng".to_owned(), "SECRETARY".to_owned())]
    );
    let long_bien: Vec<String> = leaders(&app, "Long Biên", "2023-02-17")
        .await
        .into_iter()
        .map(|l| l.0)
        .collect();
    assert!(long_bien.contains(&"Đinh Thị Thu Hương".to_owned()) && long_bien.contains(&"Tăng Quang Huy".to_owned()));
}

#[tokio::test]
async fn the_tree_answers_for_past_dates_and_districts_end_on_1_july_2025() {
    let app = TestApp::spawn().await;
    let cu_khoi = app.organization_id("Cự Khối").await;
    let query = r#"query($id: ID!, $on: Date) { organization(id: $id) { parent(on: $on) { name } ancestors(on: $on) { name } } }"#;
    let before = app.query(query, json!({ "id": cu_khoi, "on": "2025-06-30" })).await;
    assert_eq!(before["organization"]["parent"]["name"], "Đảng bộ quận Long Biên");
    assert_eq!(
        names(&before["organization"]["ancestors"], "name"),
        [
            "Đảng bộ quận Long Biên",
            "Đảng bộ thành phố Hà Nội",
            "Đảng Cộng sản Việt Nam"
        ]
    );
    let after = app.query(query, json!({ "id": cu_khoi, "on": "2025-07-01" })).await;
    assert_eq!(after["organization"]["parent"], Value::Null);

    let long_bien = app.organization_id("Long Biên").await;
    let children = r#"query($id: ID!, $on: Date) { organization(id: $id) { dissolvedOn children(on: $on) { name } } }"#;
    let in_2023 = app
        .query(children, json!({ "id": long_bien, "on": "2023-01-01" }))
        .await;
    assert_eq!(in_2023["organization"]["dissolvedOn"], "2025-07-01");
    assert_eq!(
        names(&in_2023["organization"]["children"], "name"),
        ["Đảng bộ phường Cự Khối", "Đảng bộ phường Sài Đồng"]
    );
    let in_2026 = app
        .query(children, json!({ "id": long_bien, "on": "2026-01-01" }))
        .await;
    assert_eq!(in_2026["organization"]["children"], json!([]));
}

#[tokio::test]
async fn an_organization_founded_on_1_july_2025_is_not_active_the_day_before() {
    let app = TestApp::spawn().await;
    let query = r#"query($on: Date) { organizations(search: "Phù Vân", activeOn: $on) { totalCount nodes { name } } }"#;
    let before = app.query(query, json!({ "on": "2025-06-30" })).await;
    assert_eq!(before["organizations"]["totalCount"], 0);
    let founding_day = app.query(query, json!({ "on": "2025-07-01" })).await;
    assert_eq!(founding_day["organizations"]["totalCount"], 2);
}

async fn search_names(app: &TestApp, list: &str, field: &str, search: &str) -> Vec<String> {
    let query = format!(r#"query($s: String) {{ {list}(search: $s) {{ nodes {{ {field} }} }} }}"#);
    let data = app.query(&query, json!({ "s": search })).await;
    names(&data[list]["nodes"], field)
}

#[tokio::test]
async fn search_ignores_case_diacritics_and_the_letter_d_with_stroke() {
    let app = TestApp::spawn().await;
    for typed in ["Đức Thắng", "duc thang", "DUC THANG", "đức thắng", "Duc Thắng"] {
        assert_eq!(
            search_names(&app, "organizations", "name", typed).await,
            ["Đảng bộ phường Đức Thắng"],
            "typed {typed}"
        );
    }
    assert_eq!(
        search_names(&app, "people", "fullName", "dao tien dung").await,
        ["Đào Tiến Dũng"]
    );
    assert_eq!(search_names(&app, "people", "fullName", "Đào").await, ["Đào Tiến Dũng"]);
}

#[tokio::test]
async fn search_is_insensitive_to_tone_mark_placement_and_unicode_normalization() {
    let app = TestApp::spawn().await;
    // "Hoàng" written with the tone mark as a separate combining character (NFD).
    let nfd = "Nguye\u{0302}\u{0303}n Huy Hoa\u{0300}ng";
    assert_eq!(
        search_names(&app, "people", "fullName", nfd).await,
        ["Nguyễn Huy Hoàng"]
    );
    // "Hóa"/"hoá": both placements of the tone mark find "hóa" in a name.
    let both: Vec<Vec<String>> = vec![
        search_names(&app, "organizations", "name", "Đảng uỷ").await,
        search_names(&app, "organizations", "name", "Đảng ủy").await,
    ];
    assert_eq!(both[0], both[1]);
}

#[tokio::test]
async fn exact_names_rank_first_and_diacritics_that_match_rank_next() {
    let app = TestApp::spawn().await;
    let cu_khoi = app.organization_id("Cự Khối").await;
    let executive = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { congresses { id } } }"#,
            json!({ "id": cu_khoi }),
        )
        .await;
    assert!(executive["organization"]["congresses"][1]["id"].is_string());
    app.load(json!([
        { "op": "createOrganization", "key": "p", "input": { "name": "Chi bộ Khu phố Hoa", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS" } },
        { "op": "createOrganization", "input": { "name": "Chi bộ Khu phố Hòa", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS" } },
        { "op": "createOrganization", "input": { "name": "Chi bộ Khu phố Hòa Bình", "kind": "PARTY_CELL", "level": "BELOW_GRASSROOTS" } }
    ]))
    .await;
    // Typed with its tone mark (in either placement), "Hòa" puts the names spelled that way first.
    for typed in ["Hòa", "Hoà", "Khu phố Hòa"] {
        let found = search_names(&app, "organizations", "name", typed).await;
        assert_eq!(found.len(), 3, "{typed}: {found:?}");
        assert!(
            found[0].contains("Hòa") && found[1].contains("Hòa"),
            "{typed}: {found:?}"
        );
        assert_eq!(found[2], "Chi bộ Khu phố Hoa", "{typed}");
    }
    // The exact name comes first, before longer names that start the same way.
    let found = search_names(&app, "organizations", "name", "Chi bộ Khu phố Hòa").await;
    assert_eq!(found.first().map(String::as_str), Some("Chi bộ Khu phố Hòa"));
    let found = search_names(&app, "organizations", "name", "Chi bộ Khu phố Hoa").await;
    assert_eq!(found.first().map(String::as_str), Some("Chi bộ Khu phố Hoa"));
    // Without diacritics every spelling matches equally, in name order.
    assert_eq!(search_names(&app, "organizations", "name", "hoa").await.len(), 3);
    assert_eq!(
        search_names(&app, "organizations", "name", "Đảng bộ phường Phù Vân").await,
        ["Đảng bộ phường Phù Vân"]
    );
    assert_eq!(search_names(&app, "organizations", "name", "phu van").await.len(), 2);
}

#[tokio::test]
async fn pages_follow_cursors_in_a_stable_order_with_a_total_count() {
    let app = TestApp::spawn().await;
    let query = r#"query($after: String) { organizations(first: 5, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { name } } } }"#;
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let data = app.query(query, json!({ "after": after })).await;
        let page = &data["organizations"];
        assert_eq!(page["totalCount"], 13);
        seen.extend(names(
            &page["edges"]
                .as_array()
                .map(|e| e.iter().map(|e| e["node"].clone()).collect())
                .unwrap_or(Value::Null),
            "name",
        ));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].clone();
    }
    assert_eq!(seen.len(), 13);
    let mut unique = seen.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 13, "no organization appears on two pages");
}

/// Follows a search's cursors `first` rows at a time; returns the names and ids in page order.
async fn search_pages(app: &TestApp, search: &str, kind: Option<&str>, first: i64) -> Vec<(String, String)> {
    let query = r#"query($s: String, $k: OrganizationKind, $first: Int, $after: String) {
        organizations(search: $s, kind: $k, first: $first, after: $after) {
            totalCount pageInfo { hasNextPage endCursor } nodes { id name } } }"#;
    let mut seen = Vec::new();
    let mut after = Value::Null;
    loop {
        let variables = json!({ "s": search, "k": kind, "first": first, "after": after });
        let page = app.query(query, variables).await["organizations"].clone();
        for node in page["nodes"].as_array().expect("nodes") {
            seen.push((
                node["name"].as_str().unwrap().to_owned(),
                node["id"].as_str().unwrap().to_owned(),
            ));
        }
        if page["pageInfo"]["hasNextPage"] != true {
            assert_eq!(
                page["totalCount"],
                seen.len(),
                "{search}: the count is the rows paged through"
            );
            return seen;
        }
        assert!(seen.len() <= 50, "{search}: the pages do not end: {seen:?}");
        after = page["pageInfo"]["endCursor"].clone();
    }
}

#[tokio::test]
async fn exact_names_page_in_the_same_order_as_every_other_match() {
    // Pages made only of exact names are read from the name indexes; pages that reach other
    // matches are ranked. Paged a row at a time or all at once, the order is the same.
    let app = TestApp::spawn().await;
    let cell = |name: &str, kind: &str| json!({ "op": "createOrganization", "input": { "name": name, "kind": kind, "level": "BELOW_GRASSROOTS" } });
    app.load(json!([
        cell("Chi bộ Xóm Sấu Đông", "PARTY_CELL"),
        cell("Chi bộ Xóm Sau", "PARTY_CELL"),
        cell("Chi bộ Xóm Sấu", "PARTY_CELL"),
        cell("Chi bộ Xóm Sấu", "PARTIAL_COMMITTEE"),
        cell("Chi bộ Xóm Sau", "PARTY_CELL"),
        cell("Chi bộ Xóm Sấu", "PARTY_CELL"),
        cell("Chi bộ xóm sấu", "PARTY_CELL"),
    ]))
    .await;
    let all = search_pages(&app, "Chi bộ Xóm Sấu", None, 50).await;
    let names: Vec<&str> = all.iter().map(|(name, _)| name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Chi bộ Xóm Sấu",
            "Chi bộ Xóm Sấu",
            "Chi bộ Xóm Sấu",
            "Chi bộ xóm sấu",
            "Chi bộ Xóm Sau",
            "Chi bộ Xóm Sau",
            "Chi bộ Xóm Sấu Đông"
        ],
        "the exact name (any case) first, then without diacritics, then longer names"
    );
    let ids = |rows: &[(String, String)]| rows.iter().map(|(_, id)| decode_id(id)).collect::<Vec<_>>();
    let exact_ids = ids(&all[..4]);
    assert!(
        exact_ids.windows(2).all(|w| w[0] < w[1]),
        "equal names in id order: {exact_ids:?}"
    );
    for first in [1, 2, 3, 4, 5] {
        assert_eq!(
            search_pages(&app, "Chi bộ Xóm Sấu", None, first).await,
            all,
            "first: {first}"
        );
    }
    // Without diacritics every spelling is the same name, in id order.
    let plain = search_pages(&app, "chi bo xom sau", None, 50).await;
    assert_eq!(plain.len(), 7);
    for first in [1, 2, 5] {
        assert_eq!(
            search_pages(&app, "chi bo xom sau", None, first).await,
            plain,
            "first: {first}"
        );
    }
    // The list's other filters hold on every page.
    let cells = search_pages(&app, "Chi bộ Xóm Sấu", Some("PARTY_CELL"), 1).await;
    assert_eq!(cells.len(), 6);
    assert!(cells.iter().all(|row| all.contains(row)));
    let committees = search_pages(&app, "Chi bộ Xóm Sấu", Some("PARTIAL_COMMITTEE"), 1).await;
    assert_eq!(committees.len(), 1);
}

#[tokio::test]
async fn asking_for_more_than_a_hundred_rows_is_an_error_not_a_silent_cap() {
    let app = TestApp::spawn().await;
    let response = app.graphql("{ people(first: 101) { totalCount } }", json!({})).await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"]);
    let response = app
        .graphql("{ people(first: 5, after: \"bogus\") { totalCount } }", json!({}))
        .await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"]);
}

#[tokio::test]
async fn every_record_resolves_through_node_by_its_opaque_id() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Cự Khối").await;
    let data = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { congresses { id committees { id members { id person { id } } } } } }"#,
            json!({ "id": id }),
        )
        .await;
    let congress = &data["organization"]["congresses"][1];
    let ids = [
        id.clone(),
        congress["id"].as_str().unwrap_or_default().to_owned(),
        congress["committees"][0]["id"].as_str().unwrap_or_default().to_owned(),
        congress["committees"][0]["members"][0]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
        congress["committees"][0]["members"][0]["person"]["id"]
            .as_str()
            .unwrap_or_default()
            .to_owned(),
    ];
    let types = ["Organization", "Congress", "Committee", "Membership", "Person"];
    for (id, expected) in ids.iter().zip(types) {
        let data = app
            .query(
                r#"query($id: ID!) { node(id: $id) { __typename id } }"#,
                json!({ "id": id }),
            )
            .await;
        assert_eq!(data["node"]["__typename"], expected);
        assert_eq!(data["node"]["id"], id.as_str());
        assert!(!id.contains(expected), "IDs are opaque");
    }
    let response = app.graphql(r#"{ node(id: "not-an-id") { id } }"#, json!({})).await;
    assert_eq!(error_codes(&response), ["BAD_USER_INPUT"]);
    let response = app
        .graphql(
            r#"query($id: ID!) { organization(id: $id) { id } }"#,
            json!({ "id": ids[4] }),
        )
        .await;
    assert_eq!(
        error_codes(&response),
        ["BAD_USER_INPUT"],
        "a person's ID is not an organization's"
    );
}

#[tokio::test]
async fn documents_are_found_by_symbol_whatever_its_spacing() {
    let app = TestApp::spawn().await;
    let query = r#"query($s: String) { documents(symbol: $s) { nodes { symbol canonicalSymbol issuer { name } } } }"#;
    let data = app.query(query, json!({ "s": "01-CT/TU" })).await;
    assert_eq!(data["documents"]["nodes"][0]["symbol"], "01- CT/TU");
    assert_eq!(
        data["documents"]["nodes"][0]["issuer"]["name"],
        "Đảng bộ thành phố Hà Nội"
    );
    let data = app.query(query, json!({ "s": "05-CT/TW" })).await;
    assert_eq!(
        data["documents"]["nodes"].as_array().map(Vec::len),
        Some(1),
        "cited by two articles, recorded once"
    );
}

#[tokio::test]
async fn the_sample_data_keeps_each_fact_s_source_article() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Đức Thắng").await;
    let data = app
        .query(r#"query($id: ID!) { organization(id: $id) { sources { title author publishedOn fileName } stats { asOf partyMembers cells source { author } } } }"#, json!({ "id": id }))
        .await;
    let organization = &data["organization"];
    assert_eq!(
        organization["sources"][0]["title"],
        "Đảng bộ phường Đức Thắng thực hiện tốt công tác xây dựng Đảng"
    );
    assert_eq!(organization["sources"][0]["publishedOn"], "2023-03-29");
    assert_eq!(organization["stats"][0]["partyMembers"], 572);
    assert_eq!(organization["stats"][0]["cells"], 13);
    assert_eq!(organization["stats"][0]["source"]["author"], "Minh Tâm");
}

#[tokio::test]
async fn the_sample_data_s_own_contradictions_are_listed_as_data_quality_issues() {
    let app = TestApp::spawn().await;
    let data = app
        .query(
            r#"{ dataQualityIssues(first: 100) { nodes { rule organization { name } } } }"#,
            json!({}),
        )
        .await;
    let found: Vec<(String, String)> = data["dataQualityIssues"]["nodes"]
        .as_array()
        .map(|n| {
            n.iter()
                .map(|n| {
                    (
                        n["rule"].as_str().unwrap_or_default().to_owned(),
                        n["organization"]["name"].as_str().unwrap_or_default().to_owned(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    for expected in [
        ("contradicts_same_source", "Đảng bộ phường Cự Khối"),
        ("declared_target_count", "Đảng bộ phường Sài Đồng"),
        ("declared_target_count", "Đảng bộ các cơ quan Đảng phường Phù Vân"),
        ("achieved_exceeds_total", "Đảng bộ phường Đức Thắng"),
    ] {
        assert!(
            found.contains(&(expected.0.to_owned(), expected.1.to_owned())),
            "missing {expected:?} in {found:?}"
        );
    }
}

#[tokio::test]
async fn a_database_error_never_shows_its_text_to_the_client() {
    let app = TestApp::spawn().await;
    // Break the database under the running app: the next read fails inside the store.
    use sea_orm::ConnectionTrait;
    app.app
        .db
        .conn
        .execute_unprepared("DROP TABLE search_terms")
        .await
        .expect("drop a table");
    let response = app
        .graphql(r#"{ organizations(search: "Cự Khối") { nodes { name } } }"#, json!({}))
        .await;
    assert_eq!(error_codes(&response), ["INTERNAL"]);
    let message = response["errors"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_lowercase();
    assert!(message.starts_with("internal error"), "{message}");
    for leak in ["search_terms", "sql", "table", "relation"] {
        assert!(!message.contains(leak), "the message leaks {leak}: {message}");
    }
}
