//! `recordCommendation`: an emulation title ("trong sạch, vững mạnh tiêu biểu"), commendation,
//! recognition, praise or emulation registration of a party organization, or of the collectives
//! and individuals under it. A party record keeps these beside its yearly ratings; each is dated
//! only as its source dates it (a year, or the day the source states it), never more.

use super::commands::RecordCommendation;
use super::organization::{RecordId, record_warnings, require};
use super::references::{self, check_date, check_source, check_year, optional_text, required_text};
use super::{Actor, Change, RecordAction, Written};
use crate::domain::issues::Issues;
use crate::error::ApiResult;
use chrono::Utc;
use entity::commendation;
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use serde_json::json;

pub async fn record(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RecordCommendation,
) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let text = required_text(&mut issues, "text", &command.text, 500);
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 2000);
    if let Some(year) = command.year {
        check_year(&mut issues, "year", year);
    }
    if let Some(attested) = command.attested_on {
        check_date(&mut issues, "attestedOn", attested);
    }
    // Undated, it would claim every year; a source that gives no year still has a date.
    if command.year.is_none() && command.attested_on.is_none() {
        issues.error(
            "commendation_undated",
            "year",
            "give the year it is for, or the date its source states it (attestedOn)",
        );
    }
    for (path, count) in [
        ("collectives", command.collectives),
        ("individuals", command.individuals),
    ] {
        if count.is_some_and(|n| n < 0) {
            issues.error("negative_count", path, format!("{path} cannot be negative"));
        }
    }
    if let Some(id) = command.conferred_by_organization_id
        && require(conn, id).await.is_err()
    {
        issues.error(
            "unknown_reference",
            "conferredByOrganizationId",
            "no organization has this ID",
        );
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let created = commendation::ActiveModel {
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
    }
    .insert(conn)
    .await?;
    references::link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(
        conn,
        "commendation",
        created.id,
        Some(organization.id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(created.id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "commendation",
            record_id: created.id,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched: Vec::new(),
        },
    })
}
