//! Reporting tools: term reports of each ward of the articles, compared figure by figure with
//! what the articles say; district roll-ups; the status rules; the CSV for spreadsheets.

use crate::common::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};

const REPORT: &str = r#"
query($id: ID!, $year: Int, $descendants: Boolean) {
  termReport(organizationId: $id, termYear: $year, includeDescendants: $descendants) {
    termStartYear termEndYear
    summary { targets met exceeded notMet noData }
    byOrganization { organization { name } summary { targets } }
    rows(first: 100) {
      totalCount
      nodes {
        organization { name }
        target { id text comparator minValue maxValue children { text } }
        results { year yearFrom achieved planned outOf reportedPercent computedPercent qualifier status }
        latest { year achieved computedPercent status }
        status
      }
    }
  }
}"#;

async fn report(app: &TestApp, organization: &str, year: i32, descendants: bool) -> Value {
    let id = app.organization_id(organization).await;
    app.query(REPORT, json!({ "id": id, "year": year, "descendants": descendants }))
        .await["termReport"]
        .clone()
}

/// The row whose target text starts with `text`.
fn row<'a>(report: &'a Value, text: &str) -> &'a Value {
    report["rows"]["nodes"]
        .as_array()
        .and_then(|rows| {
            rows.iter()
                .find(|row| row["target"]["text"].as_str().is_some_and(|t| t.starts_with(text)))
        })
        .unwrap_or_else(|| panic!("no row for {text} in {report:#}"))
}

#[tokio::test]
async fn duc_thang_2022_admitted_7_of_a_planned_6_which_is_116_67_percent_and_exceeded() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Đức Thắng", 2022, false).await;
    let admissions = row(&report, "Kết nạp đảng viên mới");
    assert_eq!(admissions["latest"]["achieved"], "7");
    assert_eq!(admissions["results"][0]["planned"], "6");
    assert_eq!(admissions["results"][0]["reportedPercent"], "117");
    assert_eq!(admissions["latest"]["computedPercent"], "116.67");
    assert_eq!(admissions["status"], "EXCEEDED");
    let contest = row(&report, "Bài tham dự");
    assert_eq!(contest["results"][0]["achieved"], "1138");
    assert_eq!(contest["results"][0]["planned"], "820");
    assert_eq!(contest["results"][0]["computedPercent"], "138.78");
    assert_eq!(contest["results"][0]["reportedPercent"], "138.8");
    assert_eq!(contest["status"], "EXCEEDED");
    let individuals = row(&report, "Cá nhân được");
    assert_eq!(
        (
            individuals["results"][0]["achieved"].clone(),
            individuals["results"][0]["outOf"].clone()
        ),
        (json!("15"), json!("8"))
    );
    assert_eq!(report["summary"]["targets"], 6);
}

#[tokio::test]
async fn sai_dong_mid_term_shows_schools_streets_and_the_budget_target_not_met() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Sài Đồng", 2022, false).await;
    assert_eq!(
        (report["termStartYear"].clone(), report["termEndYear"].clone()),
        (json!(2020), json!(2025))
    );
    let schools = row(&report, "Trường công lập");
    assert_eq!(
        (
            schools["latest"]["achieved"].clone(),
            schools["results"][0]["outOf"].clone()
        ),
        (json!("6"), json!("6"))
    );
    assert_eq!(schools["target"]["children"][0]["text"], "Trường đạt chất lượng cao");
    assert_eq!(row(&report, "Trường đạt chất lượng cao")["latest"]["achieved"], "2");
    let streets = row(&report, "Tuyến phố");
    assert_eq!(streets["results"][0]["computedPercent"], "71.43", "5 of 7 streets");
    assert_eq!(row(&report, "Phường đạt chuẩn")["status"], "MET");
    assert_eq!(row(&report, "Thu ngân sách")["status"], "NOT_MET");
    assert_eq!(report["summary"]["notMet"], 1);
    assert_eq!(report["summary"]["targets"], 7, "6 listed targets and one sub-target");
}

#[tokio::test]
async fn cu_khoi_keeps_both_contradicting_figures_and_meets_its_6_to_8_range_over_ten_years() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Cự Khối", 2012, false).await;
    assert_eq!(report["termStartYear"], 2010);
    let cells = row(&report, "Tỷ lệ chi bộ");
    let figures: Vec<&str> = cells["results"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["achieved"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(figures, ["82.4", "86"], "both figures of the article are kept");
    let admissions = row(&report, "Hằng năm kết nạp");
    assert_eq!(
        (
            admissions["target"]["minValue"].clone(),
            admissions["target"]["maxValue"].clone()
        ),
        (json!("6"), json!("8"))
    );
    assert_eq!(admissions["results"][0]["yearFrom"], 2006);
    assert_eq!(admissions["results"][0]["qualifier"], "APPROXIMATE");
    assert_eq!(admissions["status"], "MET", "about 60 in 10 years against 6-8 a year");
    assert_eq!(row(&report, "Hằng năm cử 10-15")["status"], "NO_DATA");
}

#[tokio::test]
async fn phu_van_agencies_2025_lists_all_nine_targets_with_their_sub_targets_and_no_results_yet() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Đảng bộ các cơ quan Đảng phường Phù Vân", 2025, false).await;
    assert_eq!(
        report["summary"],
        json!({ "targets": 11, "met": 0, "exceeded": 0, "notMet": 0, "noData": 11 })
    );
    assert_eq!(
        row(&report, "100% các chi bộ")["target"]["children"][0]["text"],
        "trong đó có 20% hoàn thành xuất sắc nhiệm vụ"
    );
}

#[tokio::test]
async fn a_district_report_includes_its_wards_in_one_request() {
    let app = TestApp::spawn().await;
    let before = app.statements();
    let report = report(&app, "Long Biên", 2022, true).await;
    let names: Vec<&str> = report["byOrganization"]
        .as_array()
        .map(|o| o.iter().filter_map(|o| o["organization"]["name"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(names, ["Đảng bộ phường Sài Đồng"]);
    assert_eq!(report["summary"]["targets"], 7);
    assert!(
        app.statements() - before < 15,
        "{} statements",
        app.statements() - before
    );
    let own = self::report(&app, "Long Biên", 2022, false).await;
    assert_eq!(own["summary"]["targets"], 0);
}

#[tokio::test]
async fn ranges_at_most_and_yes_no_targets_meet_exceed_or_miss_as_their_comparators_say() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let cu_khoi = app.organization_id("Cự Khối").await;
    let assign = r#"mutation($input: AssignTargetsInput!) { assignTargets(input: $input) { targets { id text } } }"#;
    let assigned = app
        .graphql_as(Some(&token), assign, json!({ "input": { "organizationId": cu_khoi, "startYear": 2016, "endYear": 2020, "targets": [
            { "text": "Kết nạp 6-8 đảng viên mỗi năm", "measure": "COUNT", "comparator": "RANGE", "minValue": "6", "maxValue": "8", "period": "ANNUAL" },
            { "text": "Tỷ lệ đảng viên vi phạm không quá 2%", "measure": "PERCENT", "comparator": "AT_MOST", "maxValue": "2", "period": "ANNUAL" },
            { "text": "Đảng bộ hoàn thành tốt nhiệm vụ", "measure": "BOOLEAN", "period": "ANNUAL" } ] } }))
        .await;
    let targets = &assigned["data"]["assignTargets"]["targets"];
    let [range, at_most, yes_no] = [0, 1, 2].map(|i| targets[i]["id"].as_str().unwrap_or_default().to_owned());
    let record = r#"mutation($input: RecordTargetResultsInput!) { recordTargetResults(input: $input) { results { year status } } }"#;
    let recorded = app
        .graphql_as(
            Some(&token),
            record,
            json!({ "input": { "results": [
            { "targetId": range, "year": 2016, "achieved": 5 },
            { "targetId": range, "year": 2017, "achieved": 7 },
            { "targetId": range, "year": 2018, "achieved": 8 },
            { "targetId": range, "year": 2019, "achieved": 9 },
            { "targetId": at_most, "year": 2016, "achieved": "1.5" },
            { "targetId": at_most, "year": 2017, "achieved": "2.01" },
            { "targetId": yes_no, "year": 2016, "achieved": 1 },
            { "targetId": yes_no, "year": 2017, "achieved": 0 } ] } }),
        )
        .await;
    let statuses: Vec<(i64, &str)> = recorded["data"]["recordTargetResults"]["results"]
        .as_array()
        .map(|r| {
            r.iter()
                .map(|r| {
                    (
                        r["year"].as_i64().unwrap_or_default(),
                        r["status"].as_str().unwrap_or_default(),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    assert_eq!(
        statuses,
        [
            (2016, "NOT_MET"),
            (2017, "MET"),
            (2018, "MET"),
            (2019, "EXCEEDED"),
            (2016, "MET"),
            (2017, "NOT_MET"),
            (2016, "MET"),
            (2017, "NOT_MET")
        ],
        "{recorded:#}"
    );
}

#[tokio::test]
async fn reviews_and_ratings_are_read_per_organization_and_term() {
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let duc_thang = app.organization_id("Đức Thắng").await;
    let rate = r#"mutation($input: RecordRatingInput!) { recordRating(input: $input) { rating { year level label title } warnings { rule } } }"#;
    let current = app
        .graphql_as(Some(&token), rate, json!({ "input": { "organizationId": duc_thang, "year": 2022, "level": "EXCELLENT", "label": "Hoàn thành xuất sắc nhiệm vụ", "title": "trong sạch, vững mạnh tiêu biểu" } }))
        .await;
    assert_eq!(
        current["data"]["recordRating"]["rating"]["level"], "EXCELLENT",
        "{current:#}"
    );
    let legacy = app
        .graphql_as(Some(&token), rate, json!({ "input": { "organizationId": duc_thang, "year": 2016, "level": "LEGACY_CLEAN_AND_STRONG", "label": "Trong sạch, vững mạnh" } }))
        .await;
    assert_eq!(
        legacy["data"]["recordRating"]["warnings"],
        json!([]),
        "a pre-2018 label for 2016 is as it should be"
    );
    let data = app.query(r#"query($id: ID!) { organization(id: $id) { ratings { year level } r22: ratings(year: 2022) { label } } }"#, json!({ "id": duc_thang })).await;
    assert_eq!(
        data["organization"]["ratings"],
        json!([{ "year": 2016, "level": "LEGACY_CLEAN_AND_STRONG" }, { "year": 2022, "level": "EXCELLENT" }])
    );
    assert_eq!(data["organization"]["r22"][0]["label"], "Hoàn thành xuất sắc nhiệm vụ");
    let sai_dong = app.organization_id("Sài Đồng").await;
    let data = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { reviews(termYear: 2023) { kind heldOn findings } } }"#,
            json!({ "id": sai_dong }),
        )
        .await;
    assert_eq!(data["organization"]["reviews"][0]["kind"], "MID_TERM");
    assert!(
        data["organization"]["reviews"][0]["findings"]
            .as_array()
            .is_some_and(|f| f.len() >= 5)
    );
}

async fn csv(app: &TestApp, query: &str) -> (StatusCode, String, Vec<u8>) {
    let request = Request::get(format!("/reports/term-indicators.csv?{query}"))
        .body(Body::empty())
        .expect("request");
    let (status, headers, body) = app.send(request).await;
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    (status, content_type, body)
}

#[tokio::test]
async fn the_csv_opens_in_a_spreadsheet_with_vietnamese_intact_and_exact_decimals() {
    let app = TestApp::spawn().await;
    let long_bien = app.organization_id("Long Biên").await;
    let (status, content_type, body) = csv(
        &app,
        &format!("organizationId={long_bien}&termYear=2022&includeDescendants=true"),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    assert!(body.starts_with(b"\xEF\xBB\xBF"), "a UTF-8 byte-order mark for Excel");
    let text = String::from_utf8(body[3..].to_vec()).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    assert_eq!(&headers[0], "organization_id");
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().expect("valid CSV");
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap_or(usize::MAX);
    let streets = rows
        .iter()
        .find(|r| r[column("target")].starts_with("Tuyến phố"))
        .expect("the streets row");
    assert_eq!(&streets[column("organization")], "Đảng bộ phường Sài Đồng");
    assert_eq!(&streets[column("computed_percent")], "71.43");
    assert_eq!(&streets[column("out_of")], "7");
    let child = rows
        .iter()
        .find(|r| r[column("target")] == *"Trường đạt chất lượng cao")
        .expect("the sub-target row");
    assert_eq!(&child[column("target_number")], "3.1");
    assert_eq!(rows.len(), 7, "one row per target and result year");
}

#[tokio::test]
async fn a_bad_csv_request_gets_a_4xx_with_a_plain_message() {
    let app = TestApp::spawn().await;
    let (status, content_type, body) = csv(&app, "termYear=2022").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(content_type.starts_with("text/plain"));
    assert!(String::from_utf8_lossy(&body).contains("organizationId"));
    let (status, _, _) = csv(&app, "organizationId=garbage").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let missing = api::graphql::ids::encode(api::graphql::ids::NodeType::Organization, 999_999).0;
    assert_eq!(
        csv(&app, &format!("organizationId={missing}")).await.0,
        StatusCode::NOT_FOUND
    );
    let real = app.organization_id("Sài Đồng").await;
    assert_eq!(
        csv(&app, &format!("organizationId={real}&termYear=soon")).await.0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        csv(&app, &format!("organizationId={real}&includeDescendants=maybe"))
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn look_ups_by_more_keys_than_one_statement_can_bind_still_answer() {
    // A province's report names over a hundred thousand organizations: more than PostgreSQL
    // (65,535) or SQLite (32,766) bind as separate parameters. Keys are bound as one array.
    let app = TestApp::spawn().await;
    let mut keys: Vec<i64> = (1..=70_000).collect();
    keys.dedup();
    let conn = api::store::ReadConn::Pool(app.app.db.conn.clone());
    let found = api::store::related::by_id::<entity::organization::Model>(&conn, "organizations", &keys)
        .await
        .expect("one statement binds any number of keys");
    assert_eq!(found.len() as i64, app.count_rows("organizations").await);
}

#[tokio::test]
async fn rows_without_results_have_the_same_latest_and_status_and_fragments_still_get_every_result() {
    // A report read without `results` loads only each target's latest; with them, whether
    // asked directly or through fragments, every result.
    let app = TestApp::spawn().await;
    let id = app.organization_id("Cự Khối").await;
    let full = report(&app, "Cự Khối", 2012, false).await;
    let lean = app
        .query(
            r#"query($id: ID!) { termReport(organizationId: $id, termYear: 2012) {
                summary { targets met exceeded notMet noData }
                rows(first: 100) { nodes { target { id } latest { year achieved computedPercent status } status } } } }"#,
            json!({ "id": id }),
        )
        .await["termReport"]
        .clone();
    assert_eq!(lean["summary"], full["summary"]);
    let rows = full["rows"]["nodes"].as_array().expect("rows");
    assert!(
        rows.iter()
            .any(|row| row["results"].as_array().is_some_and(|r| r.len() > 1))
    );
    assert_eq!(lean["rows"]["nodes"].as_array().map(Vec::len), Some(rows.len()));
    for (lean, full) in lean["rows"]["nodes"].as_array().unwrap().iter().zip(rows) {
        assert_eq!(lean["target"]["id"], full["target"]["id"]);
        assert_eq!(lean["latest"], full["latest"], "{}", full["target"]["text"]);
        assert_eq!(lean["status"], full["status"]);
    }
    let through_fragments = app
        .query(
            r#"query($id: ID!) { termReport(organizationId: $id, termYear: 2012) { ...Report } }
               fragment Report on TermReport { rows(first: 100) { nodes { ... on TermReportRow { ...Figures } } } }
               fragment Figures on TermReportRow { results { achieved } }"#,
            json!({ "id": id }),
        )
        .await["termReport"]
        .clone();
    let count = |report: &Value| -> usize {
        report["rows"]["nodes"]
            .as_array()
            .map(|rows| {
                rows.iter()
                    .map(|row| row["results"].as_array().map_or(0, Vec::len))
                    .sum()
            })
            .unwrap_or(0)
    };
    assert!(count(&full) > rows.len());
    assert_eq!(count(&through_fragments), count(&full));
}

#[tokio::test]
async fn reports_in_one_request_share_its_turn_and_requests_take_turns() {
    // One report is built at a time (MAX_CONCURRENT_REPORTS = 1), and a request holds its turn
    // until its answer is written: two reports in one document must not wait for each other,
    // and concurrent requests must all get their answers.
    let app = TestApp::spawn().await;
    let id = app.organization_id("Cự Khối").await;
    let query = r#"query($id: ID!) {
        a: termReport(organizationId: $id, termYear: 2012) { summary { targets met } }
        b: termReport(organizationId: $id, termYear: 2012, includeDescendants: true) { summary { targets met } } }"#;
    let answers = futures::future::join_all((0..4).map(|_| app.query(query, json!({ "id": id }))));
    let answers = tokio::time::timeout(std::time::Duration::from_secs(30), answers)
        .await
        .expect("every request gets its reports");
    for data in &answers {
        assert!(
            data["a"]["summary"]["targets"].as_i64().is_some_and(|n| n > 0),
            "{data}"
        );
        assert_eq!(
            data["a"]["summary"], data["b"]["summary"],
            "Cự Khối has nothing below it in 2012"
        );
        assert_eq!(data, &answers[0]);
    }
}

#[tokio::test]
async fn report_rows_page_with_cursors_and_every_page_together_is_the_whole_report() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Phù Vân").await;
    let whole = app
        .query(
            r#"query($id: ID!) { termReport(organizationId: $id, termYear: 2025, includeDescendants: true) {
                summary { targets } rows(first: 100) { totalCount nodes { target { id } } } } }"#,
            json!({ "id": id }),
        )
        .await["termReport"]
        .clone();
    let all: Vec<Value> = whole["rows"]["nodes"].as_array().cloned().unwrap_or_default();
    assert!(all.len() > 3, "{whole:#}");
    assert_eq!(whole["rows"]["totalCount"].as_u64(), Some(all.len() as u64));
    assert_eq!(whole["summary"]["targets"].as_u64(), Some(all.len() as u64));
    let mut paged = Vec::new();
    let mut after: Option<String> = None;
    loop {
        let page = app
            .query(
                r#"query($id: ID!, $after: String) { termReport(organizationId: $id, termYear: 2025, includeDescendants: true) {
                    rows(first: 2, after: $after) { edges { cursor node { target { id } } } pageInfo { hasNextPage endCursor } } } }"#,
                json!({ "id": id, "after": after }),
            )
            .await["termReport"]["rows"]
            .clone();
        let edges = page["edges"].as_array().cloned().unwrap_or_default();
        assert!(edges.len() <= 2);
        paged.extend(edges.iter().map(|edge| edge["node"].clone()));
        if page["pageInfo"]["hasNextPage"] != true {
            break;
        }
        after = page["pageInfo"]["endCursor"].as_str().map(str::to_owned);
    }
    assert_eq!(
        paged, all,
        "the pages, one after another, are the whole report in order"
    );
    let wrong = app
        .graphql(
            r#"query($id: ID!) { termReport(organizationId: $id) { rows(after: "bm90IGEgY3Vyc29y") { totalCount } } }"#,
            json!({ "id": id }),
        )
        .await;
    assert_eq!(crate::common::error_codes(&wrong), ["BAD_USER_INPUT"]);
}
