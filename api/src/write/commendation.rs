//! `recordCommendation`: an emulation title ("trong sạch, vững mạnh tiêu biểu"), commendation,
//! recognition, praise or emulation registration of a party organization, or of the collectives
//! and individuals under it. A party record keeps these beside its yearly ratings; each is dated
//! only as its source dates it (a year, or the day the source states it), never more.

use super::organization::{find, require};
use super::references::{self, link_organization_source};
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::commands::RecordCommendation;
use crate::domain::organizations;
use crate::error::ApiResult;
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use chrono::Utc;
use entity::commendation;
use sea_orm::Set;
use serde_json::json;

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn record(conn: &impl Conn, actor: &Actor, command: &RecordCommendation) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let conferrer_known = match command.conferred_by_organization_id {
        Some(id) => find(conn, id).await?.is_some(),
        None => true,
    };
    let mut issues = Issues::new();
    let (source, text, note) = organizations::check_commendation(&mut issues, command, conferrer_known);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let row = commendation::ActiveModel {
        organization_id: Set(organization.id),
        kind: Set(command.kind),
        text: Set(text),
        year: Set(command.year),
        consecutive_years: Set(command.consecutive_years),
        attested_on: Set(command.attested_on),
        conferred_by_organization_id: Set(command.conferred_by_organization_id),
        collectives: Set(command.collectives),
        individuals: Set(command.individuals),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let created = store::organization_facts::insert_commendation(conn, row).await?;
    link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(
        conn,
        "commendation",
        created,
        Some(organization.id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(created),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "commendation",
            record_id: created,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created, "input": command })),
            touched: Vec::new(),
        },
    })
}
