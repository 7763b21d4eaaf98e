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
