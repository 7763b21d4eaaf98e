//! The response cache: a question asked again is answered from memory, and never after a write
//! the answer does not show, whoever made the write (the API, another server process on the
//! same database, or SQL by hand).

use crate::common::TestApp;
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use serde_json::{Value, json};

const NAME: &str = r#"query($id: ID!) { node(id: $id) { __typename ... on Organization { name } } }"#;

/// Asks `NAME` until an answer comes from the cache (at most 200 times: on PostgreSQL, a write
/// by a test running beside this one starts a new generation of the whole cluster), and returns
/// that answer.
async fn name_from_cache(app: &TestApp, id: &str) -> Value {
    let pipeline = &app.app.pipeline;
    for _ in 0..200 {
        let before = pipeline.answers_from_cache();
        let data = app.query(NAME, json!({ "id": id })).await;
        if pipeline.answers_from_cache() > before {
            return data;
        }
    }
    panic!("200 identical questions and none answered from the cache");
}

async fn rename_by_hand(app: &TestApp, id: &str, name: &str) {
    let backend = app.app.db.conn.get_database_backend();
    let sql = match backend {
        DbBackend::Postgres => "UPDATE organizations SET name = $1 WHERE id = $2",
        _ => "UPDATE organizations SET name = ? WHERE id = ?",
    };
    let updated = app
        .app
        .db
        .conn
        .execute_raw(Statement::from_sql_and_values(
            backend,
            sql,
            [name.into(), crate::common::decode_id(id).into()],
        ))
        .await
        .expect("rename by hand");
    assert_eq!(updated.rows_affected(), 1);
}

#[tokio::test]
async fn a_question_asked_again_is_answered_from_the_cache_until_the_records_change() {
    let app = TestApp::spawn().await;
    let id = app.organization_id("Đảng bộ thành phố Hà Nội").await;
    let first = app.query(NAME, json!({ "id": id })).await;
    assert_eq!(first["node"]["name"], "Đảng bộ thành phố Hà Nội");
    let cached = name_from_cache(&app, &id).await;
    assert_eq!(cached, first, "the cached answer is the answer");
    let (answers, bytes) = app.app.pipeline.cached_answers();
    assert!(answers >= 1 && bytes > 0, "{answers} answers, {bytes} bytes");
    // Operators see the look-ups and what the cache holds.
    let (_, _, metrics) = app
        .send(
            axum::http::Request::get("/metrics")
                .body(axum::body::Body::empty())
                .expect("request"),
        )
        .await;
    let metrics = String::from_utf8_lossy(&metrics);
    for name in [
        "graphql_response_cache_total{result=\"hit\"}",
        "graphql_response_cache_answers",
        "graphql_response_cache_bytes",
    ] {
        assert!(metrics.contains(name), "/metrics has no {name}");
    }

    // A write made outside the server (SQL by hand) is seen by the very next question.
    rename_by_hand(&app, &id, "Đảng bộ Thủ đô").await;
    let after = app.query(NAME, json!({ "id": id })).await;
    assert_eq!(
        after["node"]["name"], "Đảng bộ Thủ đô",
        "a cached answer outlived a write"
    );

    // Another organization asked with the same document gets its own answer.
    let other = app.organization_id("Cự Khối").await;
    let other_name = app.query(NAME, json!({ "id": other })).await;
    assert_ne!(other_name["node"]["name"], after["node"]["name"]);
}

#[tokio::test]
async fn a_write_through_one_process_is_seen_at_once_by_another_that_cached_the_answer() {
    let app = TestApp::spawn().await;
    let reader = app.second_process().await;
    let token = app.admin().await;
    let ha_noi = app.organization_id("Đảng bộ thành phố Hà Nội").await;
    let children = r#"query($id: ID!) { organization(id: $id) { children(on: "2025-08-01") { name } } }"#;
    let ask = |reader: &api::app::App| {
        let body = json!({ "query": children, "variables": { "id": ha_noi } }).to_string();
        let router = reader.router();
        async move {
            use http_body_util::BodyExt;
            use tower::ServiceExt;
            let request = axum::http::Request::post("/graphql")
                .header("content-type", "application/json")
                .body(axum::body::Body::from(body))
                .expect("request");
            let response = router.oneshot(request).await.expect("an answer");
            let body = response.into_body().collect().await.expect("a body").to_bytes();
            serde_json::from_slice::<Value>(&body).expect("JSON")
        }
    };
    let names = |answer: &Value| -> Vec<String> {
        answer["data"]["organization"]["children"]
            .as_array()
            .unwrap_or_else(|| panic!("children: {answer:#}"))
            .iter()
            .filter_map(|child| child["name"].as_str().map(str::to_owned))
            .collect()
    };
    let before = ask(&reader).await;
    let mut served_from_cache = false;
    for _ in 0..200 {
        let hits = reader.pipeline.answers_from_cache();
        assert_eq!(names(&ask(&reader).await), names(&before));
        if reader.pipeline.answers_from_cache() > hits {
            served_from_cache = true;
            break;
        }
    }
    assert!(served_from_cache, "the reader never answered from its cache");
    assert!(!names(&before).iter().any(|name| name == "Đảng bộ phường Thượng Cát"));

    let created = app
        .graphql_as(
            Some(&token),
            r#"mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { organization { id } } }"#,
            json!({ "input": { "name": "Đảng bộ phường Thượng Cát", "kind": "PARTY_COMMITTEE", "level": "COMMUNE", "parentId": ha_noi, "foundedOn": "2025-07-01" } }),
        )
        .await;
    assert!(created.get("errors").is_none(), "{created:#}");
    let after = ask(&reader).await;
    assert!(
        names(&after).iter().any(|name| name == "Đảng bộ phường Thượng Cát"),
        "the other process served its cached answer after the write: {after:#}"
    );
}

#[tokio::test]
async fn with_the_cache_off_nothing_is_kept() {
    let app = TestApp::spawn_with(|config| config.clients.response_cache_bytes = 0).await;
    let id = app.organization_id("Đảng bộ thành phố Hà Nội").await;
    for _ in 0..3 {
        app.query(NAME, json!({ "id": id })).await;
    }
    assert_eq!(app.app.pipeline.cached_answers(), (0, 0));
    assert_eq!(app.app.pipeline.answers_from_cache(), 0);
}

#[tokio::test]
async fn every_table_a_read_answers_from_advances_the_generation_on_sqlite() {
    let app = TestApp::spawn().await;
    if app.is_postgres() {
        // PostgreSQL's generation is its snapshot: every commit changes it, no trigger needed.
        // The two tests above prove it there.
        return;
    }
    let conn = &app.app.db.conn;
    let rows = conn
        .query_all_raw(Statement::from_string(
            DbBackend::Sqlite,
            "SELECT name, type, tbl_name FROM sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
        ))
        .await
        .expect("the schema");
    let of = |kind: &str| -> Vec<(String, String)> {
        rows.iter()
            .filter(|row| row.try_get::<String>("", "type").is_ok_and(|t| t == kind))
            .map(|row| {
                (
                    row.try_get::<String>("", "name").expect("name"),
                    row.try_get::<String>("", "tbl_name").expect("table"),
                )
            })
            .collect()
    };
    let triggers = of("trigger");
    let mut checked = 0;
    for (table, _) in of("table") {
        if migration::TABLES_WITHOUT_GENERATION.contains(&table.as_str()) {
            continue;
        }
        for change in ["insert", "update", "delete"] {
            let name = migration::trigger_name(&table, change);
            assert!(
                triggers.iter().any(|(trigger, on)| *trigger == name && *on == table),
                "{table} has no trigger {name}: a write to it would leave cached answers stale"
            );
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} tables checked");

    // And a write to one advances the counter.
    let generation = |conn: &sea_orm::DatabaseConnection| {
        let conn = conn.clone();
        async move { api::store::generation::current(&conn).await.expect("the generation") }
    };
    let before = generation(conn).await;
    conn.execute_unprepared("UPDATE people SET full_name = full_name WHERE id = (SELECT MIN(id) FROM people)")
        .await
        .expect("a write");
    assert_ne!(generation(conn).await, before);

    // A table rebuilt by hand loses its triggers; the server puts them back when it starts.
    let trigger = migration::trigger_name("people", "update");
    conn.execute_unprepared(&format!("DROP TRIGGER \"{trigger}\""))
        .await
        .expect("drop a trigger");
    let restarted = app.second_process().await;
    let found = restarted
        .db
        .conn
        .query_one_raw(Statement::from_string(
            DbBackend::Sqlite,
            format!("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND name = '{trigger}'"),
        ))
        .await
        .expect("the schema")
        .expect("a row")
        .try_get::<i64>("", "n")
        .expect("a count");
    assert_eq!(found, 1, "the server did not put back {trigger} at start");
}

/// When the newest token was last used, as stored.
async fn newest_token_last_used(app: &TestApp) -> Option<chrono::DateTime<chrono::Utc>> {
    use sea_orm::{EntityTrait, QueryOrder};
    entity::api_token::Entity::find()
        .order_by_desc(entity::api_token::Column::Id)
        .one(&app.app.db.conn)
        .await
        .expect("the tokens")
        .expect("a token")
        .last_used_at
}

#[tokio::test]
async fn a_tokens_use_is_written_back_at_most_once_a_minute() {
    // Each write back is a commit, and a commit starts a new generation of every process's
    // cache on PostgreSQL: an editor browsing with a token must not empty it every 10 s.
    let app = TestApp::spawn().await;
    let token = app.admin().await;
    let ask = "{ organizations(first: 1) { totalCount } }";
    assert!(
        app.graphql_as(Some(&token), ask, json!({}))
            .await
            .get("errors")
            .is_none()
    );
    let first = newest_token_last_used(&app).await;
    assert!(first.is_some(), "the first use is recorded");
    // Another process checks the token afresh (its token cache is its own) a moment later.
    let other = app.second_process().await;
    let request = axum::http::Request::post("/graphql")
        .header("content-type", "application/json")
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::from(json!({ "query": ask }).to_string()))
        .expect("request");
    let response = tower::ServiceExt::oneshot(other.router(), request)
        .await
        .expect("an answer");
    assert_eq!(response.status(), axum::http::StatusCode::OK);
    assert_eq!(
        newest_token_last_used(&app).await,
        first,
        "a use within the minute is not written back"
    );
}
