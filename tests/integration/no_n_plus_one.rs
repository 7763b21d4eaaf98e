//! The number of SQL statements a query costs depends on its depth, never on how many rows it
//! returns: every relation is loaded once per level for all parents.

use crate::common::TestApp;
use serde_json::json;

const HISTORY: &str = r#"
query($id: ID!) {
  organization(id: $id) {
    name
    congresses {
      ordinal
      committees {
        kind
        members { position person { fullName } }
      }
    }
  }
}"#;

const FAMILY: [&str; 2] = ["Trần", "Phạm"];
const GIVEN: [&str; 15] = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hải", "Khánh", "Long", "Minh", "Nam", "Phong", "Quang", "Sơn", "Tâm",
    "Vinh",
];

/// Statements one request runs.
async fn statements_for(app: &TestApp, query: &str, variables: serde_json::Value) -> u64 {
    let before = app.statements();
    let data = app.query(query, variables).await;
    assert!(!data.is_null());
    app.statements() - before
}

fn member(name: String, position: &str) -> serde_json::Value {
    json!({ "fullName": name, "position": position })
}

#[tokio::test]
async fn a_four_level_history_query_costs_the_same_statements_for_ten_times_the_rows() {
    let app = TestApp::spawn_counting_statements().await;
    let id = app.organization_id("Cự Khối").await;
    // A document's first request is the executor's (it validates the document), the next ones
    // the planner's: each must keep its count as the rows grow.
    let small_executor = statements_for(&app, HISTORY, json!({ "id": id })).await;
    let small = statements_for(&app, HISTORY, json!({ "id": id })).await;
    // organization, congresses, committees, memberships, people: one statement per level.
    assert!(
        small_executor <= 6,
        "{small_executor} statements for a query 5 levels deep"
    );
    // The planner reads the congresses, keyed by the id the request gives, with the organization.
    assert_eq!(small, 4, "the planner's statements for a query 5 levels deep");

    // Two more terms, each with a full executive and standing committee.
    let organization = numeric_id(&app, &id).await;
    let mut steps = Vec::new();
    for (index, start) in [2020, 2025].into_iter().enumerate() {
        let ordinal = 24 + index as i64;
        let names: Vec<String> = GIVEN
            .iter()
            .take(15)
            .map(|given| format!("{} Văn {given}", FAMILY[index]))
            .collect();
        let executive: Vec<_> = names
            .iter()
            .enumerate()
            .map(|(n, name)| member(name.clone(), if n == 0 { "SECRETARY" } else { "MEMBER" }))
            .collect();
        let standing: Vec<_> = names
            .iter()
            .take(5)
            .enumerate()
            .map(|(n, name)| member(name.clone(), if n == 0 { "SECRETARY" } else { "MEMBER" }))
            .collect();
        steps.push(json!({ "op": "submitCongressResult", "input": {
            "organizationId": organization, "ordinal": ordinal, "termStartYear": start, "termEndYear": start + 5,
            "openedOn": format!("{start}-05-10"),
            "committees": [
                { "kind": "EXECUTIVE", "formation": "ELECTED_BY_CONGRESS", "seatCount": 15, "members": executive },
                { "kind": "STANDING", "formation": "ELECTED_BY_PLENUM", "seatCount": 5, "members": standing }
            ]
        }}));
    }
    app.load(json!(steps)).await;

    let data = app.query(HISTORY, json!({ "id": id })).await;
    let members: usize = data["organization"]["congresses"]
        .as_array()
        .map(|c| {
            c.iter()
                .flat_map(|c| c["committees"].as_array().cloned().unwrap_or_default())
                .map(|c| c["members"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or_default();
    assert_eq!(members, 3 + 2 * 20, "the query now returns many more rows");
    let large = statements_for(&app, HISTORY, json!({ "id": id })).await;
    assert_eq!(small, large, "statements grew with the data: {small} then {large}");
    // The same document spelled anew (another text) is the executor's again.
    let respelled = format!("{HISTORY}\n");
    let large_executor = statements_for(&app, &respelled, json!({ "id": id })).await;
    assert_eq!(
        small_executor, large_executor,
        "the executor's statements grew with the data: {small_executor} then {large_executor}"
    );
}

#[tokio::test]
async fn a_page_of_organizations_with_their_histories_costs_one_statement_per_level() {
    let app = TestApp::spawn_counting_statements().await;
    let query = r#"{ organizations(first: 20) { nodes { name parent { name } congresses { committees { members { person { fullName } } } } leadership(on: "2023-02-17") { person { fullName } } } } }"#;
    let count = planned_statements(&app, query, json!({})).await;
    // organizations; their parents, congresses and leadership rows; the congresses' committees
    // and the leaders' people; memberships; people: one per level, whatever the number of
    // organizations.
    assert!(count <= 5, "{count} statements for 13 organizations, 5 levels deep");
}

/// The database key behind an API ID, for writing test data through the domain directly.
async fn numeric_id(app: &TestApp, id: &str) -> i64 {
    use sea_orm::{ConnectionTrait, Statement};
    let name = app
        .query(
            r#"query($id: ID!) { organization(id: $id) { name } }"#,
            json!({ "id": id }),
        )
        .await["organization"]["name"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let backend = app.app.db.conn.get_database_backend();
    let sql = if app.is_postgres() {
        "SELECT id FROM organizations WHERE name = $1"
    } else {
        "SELECT id FROM organizations WHERE name = ?"
    };
    let row = app
        .app
        .db
        .conn
        .query_one_raw(Statement::from_sql_and_values(backend, sql, [name.into()]))
        .await
        .ok()
        .flatten()
        .expect("the organization row");
    row.try_get::<i64>("", "id").expect("an id")
}

/// The ID of a congress of the organization `id` that has a resolution.
async fn congress_with_resolution(app: &TestApp, id: &str) -> serde_json::Value {
    app.query(
        r#"query($id: ID!) { organization(id: $id) { congresses { id resolution { id } } } }"#,
        json!({ "id": id }),
    )
    .await["organization"]["congresses"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|congress| !congress["resolution"].is_null())
        .map(|congress| congress["id"].clone())
        .expect("a congress with a resolution")
}

/// Statements the planner runs for a query (the first answer, the executor's, validates it).
async fn planned_statements(app: &TestApp, query: &str, variables: serde_json::Value) -> u64 {
    statements_for(app, query, variables.clone()).await;
    let planned = app.app.pipeline.planned();
    let count = statements_for(app, query, variables).await;
    assert_eq!(app.app.pipeline.planned(), planned + 1, "the planner answered {query}");
    count
}

#[tokio::test]
async fn fields_that_read_the_same_rows_share_one_statement() {
    let app = TestApp::spawn_counting_statements().await;
    let id = app.organization_id("Cự Khối").await;
    // A report row's `status` reads the target's results, as `latest` does: one statement.
    let report = |fields: &str| {
        format!(
            r#"query($id: ID!) {{ termReport(organizationId: $id, termYear: 2012) {{ rows(first: 100) {{ nodes {{ {fields} }} }} }} }}"#
        )
    };
    let latest = planned_statements(&app, &report("latest { id achieved }"), json!({ "id": id })).await;
    let both = planned_statements(&app, &report("latest { id achieved } status"), json!({ "id": id })).await;
    let aliased = planned_statements(
        &app,
        &report("latest { id achieved } again: latest { year } status"),
        json!({ "id": id }),
    )
    .await;
    assert_eq!(both, latest, "status read the results again");
    assert_eq!(aliased, latest, "an alias read the results again");

    // A result's status needs its target, which the page has read already as its parent.
    let congress = congress_with_resolution(&app, &id).await;
    let targets = |fields: &str| {
        format!(
            r#"query($id: ID!) {{ congress(id: $id) {{ resolution {{ targets {{ id results {{ {fields} }} }} }} }} }}"#
        )
    };
    let figures = planned_statements(&app, &targets("id achieved"), json!({ "id": congress })).await;
    let with_status = planned_statements(
        &app,
        &targets("id achieved status computedPercent"),
        json!({ "id": congress }),
    )
    .await;
    assert_eq!(with_status, figures, "the results' targets were read again");
}

#[tokio::test]
async fn the_relations_of_one_level_share_one_statement() {
    let app = TestApp::spawn_counting_statements().await;
    let id = app.organization_id("Cự Khối").await;
    let congress = congress_with_resolution(&app, &id).await;
    // A congress page: four relations under the congress, two under them, two below those.
    let page = r#"query($id: ID!) { congress(id: $id) {
        term
        organization { name }
        committees { kind members { position person { fullName } } }
        resolution { title targets { text results { year achieved } } }
        reviews { kind }
    } }"#;
    let statements = planned_statements(&app, page, json!({ "id": congress })).await;
    assert!(
        statements <= 4,
        "{statements} statements for a congress page 4 levels deep"
    );

    // Two roots: their levels are read side by side too (people → memberships beside
    // organizations → leadership and stats; then committees beside people).
    let two_roots = r#"query($on: Date!) {
        people(search: "Nguyễn") { nodes { fullName memberships { position committee { kind } } } }
        organizations(search: "Cự Khối") { nodes { name leadership(on: $on) { position person { fullName } } stats { asOf } } }
    }"#;
    let statements = planned_statements(&app, two_roots, json!({ "on": "2023-01-01" })).await;
    // Each search is a statement of its own; below them, one per level.
    assert!(
        statements <= 4,
        "{statements} statements for two searches 3 levels deep"
    );
}

#[tokio::test]
async fn a_report_page_with_its_summary_reads_its_rows_and_their_results_in_the_summary_statement() {
    let app = TestApp::spawn_counting_statements().await;
    let id = app.organization_id("Cự Khối").await;
    let report = |summary: &str| {
        format!(
            r#"query($id: ID!, $after: String) {{ termReport(organizationId: $id, termYear: 2012) {{
                {summary}
                rows(first: 2, after: $after) {{ totalCount pageInfo {{ hasNextPage endCursor }} nodes {{ target {{ id }} latest {{ year }} status results {{ year achieved }} }} }}
            }} }}"#
        )
    };
    let with_summary = report("summary { targets met }");
    let alone = report("");
    // Page through both ways: the same rows, cursors and counts.
    let mut after = serde_json::Value::Null;
    let mut pages = 0;
    loop {
        let variables = json!({ "id": id, "after": after });
        let both = app.query(&with_summary, variables.clone()).await["termReport"]["rows"].clone();
        let rows = app.query(&alone, variables).await["termReport"]["rows"].clone();
        assert_eq!(both, rows, "page {pages} differs with the summary");
        assert!(both["nodes"].as_array().is_some_and(|nodes| !nodes.is_empty()));
        pages += 1;
        if both["pageInfo"]["hasNextPage"] != json!(true) {
            break;
        }
        after = both["pageInfo"]["endCursor"].clone();
    }
    assert!(pages > 1, "the report fits one page of two");
    // Organization and term; the summary with the page and the page's results.
    let statements = planned_statements(&app, &with_summary, json!({ "id": id, "after": null })).await;
    assert!(
        statements <= 2,
        "{statements} statements for a report page with its summary"
    );
}

#[tokio::test]
async fn fifty_aliased_relations_of_one_level_answer_as_the_executor_does() {
    let app = TestApp::spawn_counting_statements().await;
    // Fifty reads of one level, each with its own date: parts of a wide statement (or of
    // several), each with its own columns.
    let fields: Vec<String> = (0..25)
        .map(|n| {
            let year = 1976 + 2 * n;
            format!(
                r#"p{n}: parent(on: "{year}-07-01") {{ name }} l{n}: leadership(on: "{year}-07-01") {{ position }}"#
            )
        })
        .collect();
    let query = format!(
        "{{ organizations(first: 10) {{ nodes {{ name {} }} }} }}",
        fields.join(" ")
    );
    let planned = app.app.pipeline.planned();
    let executor = app.graphql(&query, json!({})).await;
    let planner = app.graphql(&query, json!({})).await;
    assert_eq!(
        app.app.pipeline.planned(),
        planned + 1,
        "the planner answered the second time"
    );
    assert!(executor.get("errors").is_none(), "{executor}");
    assert_eq!(planner, executor);
    let nodes = planner["data"]["organizations"]["nodes"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        nodes.iter().any(|node| !node["p24"].is_null()),
        "no organization had a parent in 2024"
    );
}
