//! The checked-in `schema.graphql` is exactly the SDL the server serves.

use crate::common::TestApp;
use serde_json::json;

#[test]
fn the_checked_in_schema_is_the_one_the_server_serves() {
    let served = api::graphql::schema_sdl();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/schema.graphql");
    let checked_in = std::fs::read_to_string(path).unwrap_or_default();
    assert!(
        served == checked_in,
        "schema.graphql differs from the schema the server serves.\nRegenerate it with:\n\n    cargo run -- schema > schema.graphql\n"
    );
}

#[tokio::test]
async fn introspection_over_http_describes_the_same_types() {
    let app = TestApp::spawn().await;
    let data = app
        .query(
            r#"{ __schema { queryType { name } mutationType { name } types { name } } }"#,
            json!({}),
        )
        .await;
    assert_eq!(data["__schema"]["queryType"]["name"], "Query");
    assert_eq!(data["__schema"]["mutationType"]["name"], "Mutation");
    let names: Vec<&str> = data["__schema"]["types"]
        .as_array()
        .map(|t| t.iter().filter_map(|t| t["name"].as_str()).collect())
        .unwrap_or_default();
    for name in [
        "Organization",
        "Congress",
        "Committee",
        "Membership",
        "Person",
        "TermReport",
        "Date",
        "Decimal",
    ] {
        assert!(names.contains(&name), "{name} missing");
        assert!(api::graphql::schema_sdl().contains(name));
    }
}
