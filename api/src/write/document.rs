//! `recordDocument`: a party document cited by the records, identified by issuer, type, number
//! and year (symbols repeat every term, so the symbol alone is not its identity).

use super::organization::require;
use super::references;
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::commands::RecordDocument;
use crate::domain::documents;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use serde_json::json;

#[tracing::instrument(skip_all, fields(issuer = ?command.issuer_organization_id))]
pub async fn record(conn: &impl Conn, actor: &Actor, command: &RecordDocument) -> ApiResult<Written<RecordId>> {
    match command.issuer_organization_id {
        Some(issuer) => {
            require(conn, issuer).await?;
            actor.authorize(conn, issuer).await?;
        }
        None => actor.authorize_unscoped()?,
    }
    let mut issues = Issues::new();
    let (source, title, symbol) = documents::check_record(&mut issues, command);
    let warnings = issues.into_warnings()?;
    let Some(symbol) = symbol else {
        return Err(ApiError::internal("a checked document without a symbol"));
    };
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let id = references::document_id(
        conn,
        &symbol,
        command.issued_on,
        command.issued_year,
        title.as_deref(),
        source_id,
    )
    .await?;
    if let Some(issuer) = command.issuer_organization_id {
        store::documents::set_issuer_if_unknown(conn, id, issuer).await?;
        references::link_organization_source(conn, issuer, source_id).await?;
    }
    record_warnings(
        conn,
        "document",
        id,
        command.issuer_organization_id,
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "document",
            record_id: id,
            organization_id: command.issuer_organization_id,
            before: None,
            after: Some(json!({ "id": id, "input": command })),
            touched: Vec::new(),
        },
    })
}
