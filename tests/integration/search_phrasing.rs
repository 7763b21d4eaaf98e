//! Search reads names the way articles and people write them: an organization by its committee
//! ("Đảng ủy phường Sài Đồng", "Quận ủy Long Biên"), a person with an honorific ("đ/c Ngô Văn
//! An"), a document symbol with "D" for "Đ" or with the code its warning suggests; with and
//! without diacritics, in any case.

use crate::common::TestApp;
use serde_json::json;

async fn organizations(app: &TestApp, search: &str) -> (Vec<String>, i64) {
    let data = app
        .query(
            "query($s: String) { organizations(search: $s, first: 5) { totalCount nodes { name } } }",
            json!({ "s": search }),
        )
        .await;
    let names = data["organizations"]["nodes"]
        .as_array()
        .map(|nodes| {
            nodes
                .iter()
                .filter_map(|n| n["name"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    (names, data["organizations"]["totalCount"].as_i64().unwrap_or(-1))
}

#[tokio::test]
async fn an_organization_is_found_by_how_articles_name_its_committee() {
    let app = TestApp::spawn().await;
    for (written, stored) in [
        ("Đảng ủy phường Sài Đồng", "Đảng bộ phường Sài Đồng"),
        ("Đảng uỷ phường Sài Đồng", "Đảng bộ phường Sài Đồng"),
        ("dang uy phuong sai dong", "Đảng bộ phường Sài Đồng"),
        ("ĐẢNG ỦY PHƯỜNG SÀI ĐỒNG", "Đảng bộ phường Sài Đồng"),
        ("Ban Chấp hành Đảng bộ phường Cự Khối", "Đảng bộ phường Cự Khối"),
        ("BCH Đảng bộ phường Cự Khối", "Đảng bộ phường Cự Khối"),
        ("Ban Thường vụ Đảng ủy phường Mạo Khê", "Đảng bộ phường Mạo Khê"),
        ("Chi ủy Tổ dân phố 14", "Chi bộ Tổ dân phố 14"),
        ("Quận ủy Long Biên", "Đảng bộ quận Long Biên"),
        ("quan uy Bac Tu Liem", "Đảng bộ quận Bắc Từ Liêm"),
        ("Thị ủy Đông Triều", "Đảng bộ thị xã Đông Triều"),
        ("Thành ủy Hà Nội", "Đảng bộ thành phố Hà Nội"),
        ("Tỉnh ủy Quảng Ninh", "Đảng bộ tỉnh Quảng Ninh"),
        // Without the ward's level word, as articles often write it.
        ("Đảng ủy Đức Thắng", "Đảng bộ phường Đức Thắng"),
        ("dang uy duc thang", "Đảng bộ phường Đức Thắng"),
        ("Ban Chấp hành Đảng bộ Cự Khối", "Đảng bộ phường Cự Khối"),
    ] {
        let (names, total) = organizations(&app, written).await;
        assert_eq!(names.first().map(String::as_str), Some(stored), "{written}: {names:?}");
        assert!(
            total >= 1 && total as usize >= names.len(),
            "{written}: totalCount {total}"
        );
    }
    // The stored name as typed still comes first, and a body alone still searches as written.
    let (names, _) = organizations(&app, "Đảng bộ phường Sài Đồng").await;
    assert_eq!(names.first().map(String::as_str), Some("Đảng bộ phường Sài Đồng"));
    let (names, total) = organizations(&app, "Chi bộ").await;
    assert_eq!(names, ["Chi bộ Tổ dân phố 14"]);
    assert_eq!(total, 1);
    // A committee of another body is not read as the ward's party organization.
    let (names, total) = organizations(&app, "Chi bộ Đức Thắng").await;
    assert!(
        !names.iter().any(|name| name == "Đảng bộ phường Đức Thắng"),
        "Chi bộ Đức Thắng: {names:?} ({total})"
    );
    // Typed as stored, a name finds that organization alone, not others that end the same way.
    let (names, total) = organizations(&app, "Đảng bộ phường Phù Vân").await;
    assert_eq!((names, total), (vec!["Đảng bộ phường Phù Vân".to_owned()], 1));
}

#[tokio::test]
async fn a_committee_finds_an_organization_recorded_under_its_place_name_alone() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let created = app
        .graphql_as(
            Some(&token),
            r#"mutation { createOrganization(input: { name: "Phường Thạch Bàn", kind: PARTY_COMMITTEE, level: COMMUNE }) { organization { name } } }"#,
            json!({}),
        )
        .await;
    assert!(created.get("errors").is_none(), "{created:#}");
    for written in [
        "Đảng ủy phường Thạch Bàn",
        "Dang bo phuong Thach Ban",
        "BCH Đảng bộ phường Thạch Bàn",
    ] {
        let (names, total) = organizations(&app, written).await;
        assert_eq!((names, total), (vec!["Phường Thạch Bàn".to_owned()], 1), "{written}");
    }
}

#[tokio::test]
async fn a_person_is_found_with_the_honorifics_writes_strip() {
    let app = TestApp::spawn().await;
    let query = "query($s: String) { people(search: $s, first: 5) { totalCount nodes { fullName } } }";
    let plain = app.query(query, json!({ "s": "Ngô Văn An" })).await;
    assert_eq!(plain["people"]["nodes"][0]["fullName"], "Ngô Văn An");
    for written in [
        "đ/c Ngô Văn An",
        "Đ/c Ngô Văn An",
        "Đ/C: Ngô Văn An",
        "d/c ngo van an",
        "đ.c Ngô Văn An",
        "đc Ngô Văn An",
        "đồng chí Ngô Văn An",
        "Đồng chí ngô văn an",
        "dong chi Ngo Van An",
        "comrade Ngô Văn An",
    ] {
        let found = app.query(query, json!({ "s": written })).await;
        assert_eq!(
            found["people"]["nodes"][0]["fullName"], "Ngô Văn An",
            "{written}: {found:#}"
        );
        assert_eq!(
            found["people"]["totalCount"], plain["people"]["totalCount"],
            "{written} finds whom the name finds"
        );
    }
}

#[tokio::test]
async fn a_document_symbol_is_found_with_d_for_dj_and_by_the_code_its_warning_suggests() {
    let app = TestApp::spawn().await;
    let query = "query($s: String) { documents(symbol: $s) { totalCount nodes { symbol } } }";
    for (typed, written) in [
        ("11-QDi/TW", "11-QĐi/TW"),
        ("11-qdi/tw", "11-QĐi/TW"),
        ("11-QĐi/TW", "11-QĐi/TW"),
        ("124-QD/TW", "124-QĐ/TW"),
        ("3-KH/DU", "03-KH/ĐU"),
        ("01- CrT/QU", "01- CrT/QU"),
    ] {
        let found = app.query(query, json!({ "s": typed })).await;
        assert_eq!(found["documents"]["nodes"][0]["symbol"], written, "{typed}: {found:#}");
        assert_eq!(found["documents"]["totalCount"], 1, "{typed}: {found:#}");
    }
    // QĐ (decision) and QĐi (regulation) stay different documents.
    let decision = app.query(query, json!({ "s": "11-QD/TW" })).await;
    assert_eq!(decision["documents"]["totalCount"], 0, "{decision:#}");

    // The warning on "01- CrT/QU" suggests a code; typed with it, the symbol finds the document.
    let issues = app
        .query(
            r#"{ dataQualityIssues(rule: "document_type_unknown") { nodes { message } } }"#,
            json!({}),
        )
        .await;
    let message = issues["dataQualityIssues"]["nodes"][0]["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let suggested = message
        .split("did the source mean ")
        .nth(1)
        .and_then(|rest| rest.strip_suffix('?'))
        .unwrap_or_else(|| panic!("the warning suggests a code: {message}"));
    let found = app.query(query, json!({ "s": format!("01-{suggested}/QU") })).await;
    assert_eq!(found["documents"]["nodes"][0]["symbol"], "01- CrT/QU", "{found:#}");
}

/// Every page of a search of `list` (`organizations` or `people`), as names, and the total.
async fn all_pages(app: &TestApp, list: &str, search: &str) -> (Vec<String>, i64) {
    let name = if list == "people" { "fullName" } else { "name" };
    let query = format!(
        "query($s: String, $a: String) {{ {list}(search: $s, first: 7, after: $a) {{ totalCount nodes {{ {name} }} pageInfo {{ hasNextPage endCursor }} }} }}"
    );
    let mut names = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let data = app.query(&query, json!({ "s": search, "a": after })).await;
        let page = &data[list];
        let total = page["totalCount"].as_i64().unwrap_or(-1);
        for node in page["nodes"].as_array().into_iter().flatten() {
            names.push(node[name].as_str().unwrap_or_default().to_owned());
        }
        if page["pageInfo"]["hasNextPage"] != json!(true) {
            return (names, total);
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
}

/// On PostgreSQL a search page chooses, by how many rows match against the table's size, between
/// a look-up per match (the terms' index) and one pass over the table testing each name
/// (`store::search::page_statement`): both must list the same records in the same order, page
/// after page, for plain words, names typed with diacritics, and every rewritten search
/// (a committee for its organization, a ward without its level word, an honorific).
#[tokio::test]
async fn a_search_lists_the_same_pages_whether_few_or_most_rows_match() {
    use sea_orm::ConnectionTrait;
    let app = TestApp::spawn().await;
    if !app.is_postgres() {
        return;
    }
    // The planner's statistics decide the way; set them so that every search takes one way,
    // then the other.
    let set_size = |table: &'static str, rows: &'static str| {
        let conn = app.app.db.conn.clone();
        async move {
            conn.execute_unprepared(&format!(
                "UPDATE pg_class SET reltuples = {rows} WHERE oid = '{table}'::regclass"
            ))
            .await
            .expect("statistics set");
        }
    };
    let searches = [
        ("organizations", "Cự Khối"),
        ("organizations", "phường"),
        ("organizations", "Đảng bộ"),
        ("organizations", "chi bo"),
        ("organizations", "long"),
        ("organizations", "dong"),
        ("organizations", "Đảng ủy phường Sài Đồng"),
        ("organizations", "Đảng ủy Đức Thắng"),
        ("organizations", "Quận ủy Long Biên"),
        ("organizations", "Ban Chấp hành Đảng bộ phường Cự Khối"),
        ("organizations", "Chi ủy Tổ dân phố 14"),
        ("people", "Ngô Văn An"),
        ("people", "đ/c Ngô Văn An"),
        ("people", "nguyen"),
        ("people", "van"),
        ("people", "thi"),
    ];
    for (list, search) in searches {
        set_size(list, "0").await;
        let one_pass = all_pages(&app, list, search).await;
        set_size(list, "1e9").await;
        let look_ups = all_pages(&app, list, search).await;
        assert!(!one_pass.0.is_empty(), "{list} {search}: nothing found");
        assert_eq!(
            one_pass.0.len() as i64,
            one_pass.1,
            "{list} {search}: pages and totalCount disagree"
        );
        assert_eq!(one_pass, look_ups, "{list} {search}: the two ways list different pages");
    }
    // Text found inside words ("Quảng", "Đồng", "Quận") but at the start of none: a match must
    // start a word whichever way is read.
    for search in ["an", "ong", "uan"] {
        set_size("organizations", "0").await;
        let one_pass = all_pages(&app, "organizations", search).await;
        set_size("organizations", "1e9").await;
        let look_ups = all_pages(&app, "organizations", search).await;
        assert_eq!(one_pass, look_ups, "{search}: the two ways list different pages");
        assert_eq!(one_pass.1, 0, "{search} starts no word: {one_pass:?}");
    }
}
