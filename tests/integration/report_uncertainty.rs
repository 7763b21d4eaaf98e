//! Term reports state their uncertainty (issue 13), each point over HTTP in GraphQL and in the
//! CSV, on the sample data of the seed articles: the data-quality issues of each row, figures
//! for one span that contradict each other, listed, sub- and declared targets counted apart,
//! a stated status beside the computed one, approximate figures near a bound, unknown terms left
//! empty, and one way of writing decimals.

use crate::common::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use serde_json::{Value, json};

const ROWS: &str = r#"
query($id: ID!, $year: Int) {
  termReport(organizationId: $id, termYear: $year) {
    termStartYear termEndYear
    summary { targets listedTargets subTargets declaredTargets met exceeded notMet noData approximate conflicting statusDisagreements }
    rows(first: 100) {
      nodes {
        congress { id }
        target { text }
        results { achieved planned outOf reportedPercent computedPercent }
        latest { achieved }
        status statedStatus statusDisagrees approximate
        conflicting conflictingValues
        dataQualityIssues { id rule }
        dataQualityCodes
      }
    }
  }
}"#;

async fn report(app: &TestApp, organization: &str, year: i32) -> Value {
    let id = app.organization_id(organization).await;
    app.query(ROWS, json!({ "id": id, "year": year })).await["termReport"].clone()
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

/// The CSV export of an organization's report, as a list of lines keyed by column name.
async fn csv_lines(app: &TestApp, organization: &str, year: i32) -> Vec<std::collections::HashMap<String, String>> {
    let id = app.organization_id(organization).await;
    let request = Request::get(format!(
        "/reports/term-indicators.csv?organizationId={id}&termYear={year}"
    ))
    .body(Body::empty())
    .expect("request");
    let (status, _, body) = app.send(request).await;
    assert_eq!(status, StatusCode::OK);
    let text = String::from_utf8(body.get(3..).unwrap_or_default().to_vec()).expect("UTF-8");
    let mut reader = csv::Reader::from_reader(text.as_bytes());
    let headers = reader.headers().expect("a header row").clone();
    reader
        .records()
        .map(|record| {
            let record = record.expect("a valid line");
            headers
                .iter()
                .zip(record.iter())
                .map(|(name, cell)| (name.to_owned(), cell.to_owned()))
                .collect()
        })
        .collect()
}

/// The CSV lines whose target starts with `text`.
fn lines<'a>(
    lines: &'a [std::collections::HashMap<String, String>],
    text: &str,
) -> Vec<&'a std::collections::HashMap<String, String>> {
    let found: Vec<_> = lines.iter().filter(|line| line["target"].starts_with(text)).collect();
    assert!(!found.is_empty(), "no line for {text}");
    found
}

#[tokio::test]
async fn each_report_row_carries_the_data_quality_issues_of_its_target_and_results_read_once_per_page() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Đức Thắng", 2022).await;
    let individuals = row(&report, "Cá nhân được");
    assert_eq!(individuals["dataQualityIssues"][0]["rule"], "achieved_exceeds_total");
    assert_eq!(individuals["dataQualityCodes"], json!(["achieved_exceeds_total"]));
    assert_eq!(row(&report, "Kết nạp đảng viên")["dataQualityIssues"], json!([]));
    // The same warning the root list gives.
    let listed = app
        .query(
            r#"{ dataQualityIssues(rule: "achieved_exceeds_total") { nodes { id } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(
        listed["dataQualityIssues"]["nodes"][0]["id"],
        individuals["dataQualityIssues"][0]["id"]
    );
    let csv = csv_lines(&app, "Đức Thắng", 2022).await;
    assert_eq!(lines(&csv, "Cá nhân được")[0]["data_quality"], "achieved_exceeds_total");
    assert_eq!(lines(&csv, "Kết nạp đảng viên")[0]["data_quality"], "");

    // A page's warnings are one statement, whatever the number of rows on it.
    let id = app.organization_id("Cự Khối").await;
    let page = r#"query($id: ID!, $first: Int) { termReport(organizationId: $id, termYear: 2012) {
        rows(first: $first) { nodes { target { id } dataQualityIssues { rule } dataQualityCodes } } } }"#;
    let mut cost = Vec::new();
    for first in [1, 5] {
        let before = app.statements();
        let answer = app.query(page, json!({ "id": id, "first": first })).await;
        assert_eq!(
            answer["termReport"]["rows"]["nodes"].as_array().map(Vec::len),
            Some(first as usize)
        );
        cost.push(app.statements() - before);
    }
    assert_eq!(cost[0], cost[1], "statements for 1 row and for 5 rows: {cost:?}");
}

#[tokio::test]
async fn conflicting_figures_for_one_span_are_shown_as_such_and_latest_is_flagged() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Cự Khối", 2012).await;
    let cells = row(&report, "Tỷ lệ chi bộ");
    assert_eq!(cells["latest"]["achieved"], "86");
    assert_eq!(cells["conflicting"], true, "82.4 is recorded for the same span");
    assert_eq!(cells["conflictingValues"], json!(["82.4", "86"]));
    assert_eq!(
        cells["dataQualityCodes"],
        json!(["conflicting_figures", "contradicts_same_source"])
    );
    // 86 and "trên 85" for the same span can both be true.
    let members = row(&report, "Tỷ lệ đảng viên");
    assert_eq!(members["conflicting"], false);
    assert_eq!(members["conflictingValues"], json!([]));
    assert_eq!(report["summary"]["conflicting"], 1);

    let csv = csv_lines(&app, "Cự Khối", 2012).await;
    let cells = lines(&csv, "Tỷ lệ chi bộ");
    assert_eq!(cells.len(), 2, "one line per figure");
    for line in cells {
        assert_eq!(line["conflicting_values"], "82.4; 86");
        assert!(line["data_quality"].contains("conflicting_figures"), "{line:?}");
    }
    assert!(
        lines(&csv, "Tỷ lệ đảng viên")
            .iter()
            .all(|line| line["conflicting_values"].is_empty())
    );
}

#[tokio::test]
async fn summaries_count_declared_listed_and_sub_targets_separately() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Đảng bộ các cơ quan Đảng phường Phù Vân", 2025).await;
    let summary = &report["summary"];
    assert_eq!(
        (
            summary["declaredTargets"].clone(),
            summary["listedTargets"].clone(),
            summary["subTargets"].clone(),
            summary["targets"].clone()
        ),
        (json!(6), json!(9), json!(2), json!(11)),
        "the resolution declares 6, lists 9, and 11 rows count its 2 sub-targets"
    );
    // Superiors' assignments are listed, and declared by no resolution.
    let duc_thang = self::report(&app, "Đức Thắng", 2022).await;
    assert_eq!(duc_thang["summary"]["listedTargets"], 6);
    assert_eq!(duc_thang["summary"]["declaredTargets"], Value::Null);

    let csv = csv_lines(&app, "Đảng bộ các cơ quan Đảng phường Phù Vân", 2025).await;
    let numbers: Vec<&str> = csv.iter().map(|line| line["target_number"].as_str()).collect();
    assert_eq!(numbers.iter().filter(|n| !n.contains('.')).count(), 9, "{numbers:?}");
    assert_eq!(numbers.iter().filter(|n| n.contains('.')).count(), 2, "{numbers:?}");
}

#[tokio::test]
async fn a_stated_status_that_disagrees_with_the_computed_one_is_shown_beside_it_and_flagged() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Đức Thắng", 2022).await;
    let plan_06 = row(&report, "Chỉ tiêu Đề án 06");
    assert_eq!(
        (
            plan_06["status"].clone(),
            plan_06["statedStatus"].clone(),
            plan_06["statusDisagrees"].clone()
        ),
        (json!("MET"), json!("EXCEEDED"), json!(true)),
        "\"hoàn thành sớm\" is stated EXCEEDED; a yes against a yes/no target is MET"
    );
    assert_eq!(plan_06["dataQualityCodes"], json!(["stated_status_disagrees"]));
    let admissions = row(&report, "Kết nạp đảng viên");
    assert_eq!(admissions["statedStatus"], Value::Null);
    assert_eq!(admissions["statusDisagrees"], false);
    assert_eq!(report["summary"]["statusDisagreements"], 1);

    let csv = csv_lines(&app, "Đức Thắng", 2022).await;
    let line = lines(&csv, "Chỉ tiêu Đề án 06")[0];
    assert_eq!(
        (
            line["status"].as_str(),
            line["stated_status"].as_str(),
            line["status_disagrees"].as_str(),
            line["data_quality"].as_str()
        ),
        ("MET", "EXCEEDED", "true", "stated_status_disagrees")
    );
    assert_eq!(lines(&csv, "Kết nạp đảng viên")[0]["status_disagrees"], "false");
}

#[tokio::test]
async fn an_approximate_result_near_a_bound_is_met_only_approximately() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Cự Khối", 2012).await;
    let admissions = row(&report, "Hằng năm kết nạp");
    assert_eq!(
        (admissions["status"].clone(), admissions["approximate"].clone()),
        (json!("MET"), json!(true)),
        "\"gần 60\" in ten years against 6-8 a year: 54 would not meet it"
    );
    assert_eq!(admissions["dataQualityCodes"], json!(["approximate_near_bound"]));
    assert_eq!(row(&report, "Tỷ lệ chi bộ")["approximate"], false);
    assert_eq!(
        (
            report["summary"]["met"].clone(),
            report["summary"]["approximate"].clone()
        ),
        (json!(1), json!(1)),
        "the one MET is approximate, and the summary says so"
    );

    let csv = csv_lines(&app, "Cự Khối", 2012).await;
    let line = lines(&csv, "Hằng năm kết nạp")[0];
    assert_eq!(
        (
            line["qualifier"].as_str(),
            line["status"].as_str(),
            line["approximate"].as_str(),
            line["data_quality"].as_str()
        ),
        ("APPROXIMATE", "MET", "true", "approximate_near_bound")
    );
}

#[tokio::test]
async fn a_ward_without_a_congress_has_no_made_up_term_or_congress() {
    let app = TestApp::spawn().await;
    let report = report(&app, "Đức Thắng", 2022).await;
    assert_eq!(
        (report["termStartYear"].clone(), report["termEndYear"].clone()),
        (Value::Null, Value::Null)
    );
    assert!(
        report["rows"]["nodes"]
            .as_array()
            .is_some_and(|rows| rows.iter().all(|row| row["congress"].is_null()))
    );
    let csv = csv_lines(&app, "Đức Thắng", 2022).await;
    assert_eq!(csv.len(), 6);
    for line in &csv {
        assert_eq!(
            (line["term"].as_str(), line["congress"].as_str()),
            ("", ""),
            "not \"2022-2022\": {line:?}"
        );
        assert_eq!((line["year_from"].as_str(), line["year"].as_str()), ("2022", "2022"));
    }
    // A congress's term, where one is recorded, is written as recorded.
    let sai_dong = csv_lines(&app, "Sài Đồng", 2022).await;
    assert!(sai_dong.iter().all(|line| line["term"] == "2020-2025"), "{sai_dong:?}");
}

#[tokio::test]
async fn decimals_are_written_the_same_way_in_graphql_and_the_csv() {
    let app = TestApp::spawn().await;
    for (organization, year) in [("Đức Thắng", 2022), ("Sài Đồng", 2022), ("Cự Khối", 2012)] {
        let report = report(&app, organization, year).await;
        let csv = csv_lines(&app, organization, year).await;
        let mut compared = 0;
        for row in report["rows"]["nodes"].as_array().cloned().unwrap_or_default() {
            let text = row["target"]["text"].as_str().unwrap_or_default();
            let lines: Vec<_> = csv.iter().filter(|line| line["target"] == text).collect();
            for (result, line) in row["results"].as_array().cloned().unwrap_or_default().iter().zip(lines) {
                for (field, column) in [
                    ("achieved", "achieved"),
                    ("planned", "planned"),
                    ("outOf", "out_of"),
                    ("reportedPercent", "reported_percent"),
                    ("computedPercent", "computed_percent"),
                ] {
                    assert_eq!(
                        result[field].as_str().unwrap_or_default(),
                        line[column],
                        "{organization}: {text}, {field}"
                    );
                    compared += 1;
                }
            }
        }
        assert!(compared > 10, "{organization}: {compared}");
    }
    let report = report(&app, "Đức Thắng", 2022).await;
    assert_eq!(row(&report, "Cá nhân được")["results"][0]["computedPercent"], "187.5");
    let csv = csv_lines(&app, "Đức Thắng", 2022).await;
    assert_eq!(lines(&csv, "Cá nhân được")[0]["computed_percent"], "187.5");
}

#[tokio::test]
async fn the_planner_answers_the_new_row_fields_as_the_resolvers_do() {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let app = TestApp::spawn().await;
    let mut config = api::config::ServeConfig::for_database(&app.database_url);
    config.limits.query_planner = false;
    let (reference, _) = api::App::open(config).await.expect("a server without the planner");
    let query = r#"query($id: ID!) { termReport(organizationId: $id, termYear: 2012) {
        summary { targets listedTargets subTargets declaredTargets met exceeded notMet noData approximate conflicting statusDisagreements }
        byOrganization { summary { listedTargets declaredTargets approximate } }
        rows(first: 100) { nodes { target { id } status statedStatus statusDisagrees approximate
            conflicting conflictingValues dataQualityIssues { id rule record { id } } } } } }"#;
    let variables = json!({ "id": app.organization_id("Cự Khối").await });
    let body = |server: api::App| {
        let request = Request::post("/graphql")
            .header("content-type", "application/json")
            .header("accept", "application/json")
            .body(Body::from(
                json!({ "query": query, "variables": variables }).to_string(),
            ))
            .expect("request");
        async move {
            let response = server.router().oneshot(request).await.expect("an answer");
            let bytes = response.into_body().collect().await.expect("a body").to_bytes();
            serde_json::from_slice::<Value>(&bytes).expect("JSON")
        }
    };
    // The first answer validates the document; the second is planned.
    let first = body(app.app.clone()).await;
    let planned_before = app.app.pipeline.planned();
    let planned = body(app.app.clone()).await;
    assert_eq!(app.app.pipeline.planned(), planned_before + 1, "the planner answered");
    let expected = body(reference).await;
    assert_eq!(planned, expected);
    assert_eq!(first, expected);
    let rows = &planned["data"]["termReport"]["rows"]["nodes"];
    assert_eq!(rows[0]["conflictingValues"], json!(["82.4", "86"]), "{planned:#}");
    assert_eq!(rows[0]["dataQualityIssues"][0]["rule"], "contradicts_same_source");
    assert_eq!(planned["data"]["termReport"]["summary"]["approximate"], 1);
}
