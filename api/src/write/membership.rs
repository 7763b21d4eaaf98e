//! Mid-term changes to committees: a member supplemented (`addMembership`) or leaving
//! (`endMembership`). Ending never deletes: the row keeps its history and gets an end date.

use super::references::{self, link_congress_source};
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::commands::{AddMembership, EndMembership};
use crate::domain::memberships::{AddFacts, CheckedAdd, check_add, check_end};
use crate::domain::time;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use crate::vocabulary::text::{self, PersonName};
use chrono::Utc;
use entity::enums::{CommitteeKind, StartReason};
use entity::{committee, congress, membership};
use sea_orm::Set;
use serde_json::json;

async fn committee_with_congress(
    conn: &impl Conn,
    committee_id: i64,
) -> ApiResult<(committee::Model, congress::Model)> {
    let committee = store::committees::find(conn, committee_id)
        .await?
        .ok_or_else(|| ApiError::not_found("committee"))?;
    let congress = store::congresses::find(conn, committee.congress_id)
        .await?
        .ok_or_else(|| ApiError::internal("committee without its congress"))?;
    Ok((committee, congress))
}

#[tracing::instrument(skip_all, fields(committee_id = command.committee_id, person_id = ?command.person_id))]
pub async fn add(conn: &impl Conn, actor: &Actor, command: &AddMembership) -> ApiResult<Written<RecordId>> {
    let (committee, congress) = committee_with_congress(conn, command.committee_id).await?;
    actor.authorize(conn, congress.organization_id).await?;
    let memberships = store::memberships::of_committees(conn, &[committee.id]).await?;
    let mut facts = AddFacts {
        committee: &committee,
        congress: &congress,
        memberships: &memberships,
        person_known: false,
        on_executive: false,
        namesakes: 0,
    };
    match (command.person_id, command.full_name.as_deref()) {
        (Some(person_id), None) => {
            facts.person_known = !store::people::existing_ids(conn, &[person_id]).await?.is_empty();
            if committee.kind == CommitteeKind::Standing {
                facts.on_executive = on_executive(conn, &congress, person_id, command.started_on).await?;
            }
        }
        (None, Some(full_name)) => {
            if let Ok(name) = PersonName::parse(full_name) {
                facts.namesakes = store::people::count_named(conn, &text::exact_key(name.as_str())).await?;
            }
        }
        _ => {}
    }
    let mut issues = Issues::new();
    let CheckedAdd { source, note, new_name } = check_add(&mut issues, &facts, command);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let on = command.started_on;
    let person_id = match (command.person_id, new_name) {
        (Some(id), _) => id,
        (None, Some(name)) => references::create_person(conn, &name, source_id).await?,
        (None, None) => {
            return Err(ApiError::internal("membership without a person after checks"));
        }
    };
    let now = Utc::now();
    let row = membership::ActiveModel {
        committee_id: Set(committee.id),
        person_id: Set(person_id),
        position: Set(command.position),
        started_on: Set(Some(on)),
        ended_on: Set(None),
        start_reason: Set(command.start_reason.unwrap_or(StartReason::Supplemented)),
        end_reason: Set(None),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    };
    let created = store::memberships::insert(conn, row).await?;
    link_congress_source(conn, congress.id, congress.organization_id, source_id).await?;
    record_warnings(
        conn,
        "membership",
        created,
        Some(congress.organization_id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(created),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "membership",
            record_id: created,
            organization_id: Some(congress.organization_id),
            before: None,
            after: Some(json!({ "id": created, "personId": person_id, "input": command })),
            touched: vec![
                (
                    "person",
                    person_id,
                    if command.person_id.is_some() {
                        RecordAction::Referenced
                    } else {
                        RecordAction::Created
                    },
                ),
                ("committee", committee.id, RecordAction::Referenced),
            ],
        },
    })
}

async fn on_executive(
    conn: &impl Conn,
    congress: &congress::Model,
    person_id: i64,
    on: chrono::NaiveDate,
) -> ApiResult<bool> {
    let executive = store::committees::executive_of(conn, congress.id).await?;
    let Some(executive) = executive else {
        return Ok(false);
    };
    let memberships = store::memberships::of_person_on(conn, executive.id, person_id).await?;
    Ok(memberships.iter().any(|m| time::membership_active_on(m, congress, on)))
}

#[tracing::instrument(skip_all, fields(membership_id = command.membership_id))]
pub async fn end(conn: &impl Conn, actor: &Actor, command: &EndMembership) -> ApiResult<Written<RecordId>> {
    let existing = store::memberships::find(conn, command.membership_id)
        .await?
        .ok_or_else(|| ApiError::not_found("membership"))?;
    let (_committee, congress) = committee_with_congress(conn, existing.committee_id).await?;
    actor.authorize(conn, congress.organization_id).await?;
    let mut issues = Issues::new();
    let (source, note) = check_end(&mut issues, &existing, &congress, command);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let before = json!({ "endedOn": existing.ended_on, "endReason": existing.end_reason, "note": existing.note });
    let row = membership::ActiveModel {
        id: Set(existing.id),
        ended_on: Set(Some(command.ended_on)),
        end_reason: Set(Some(command.end_reason)),
        note: Set(note.or(existing.note.clone())),
        updated_at: Set(Utc::now()),
        ..Default::default()
    };
    let updated = store::memberships::update(conn, row).await?;
    link_congress_source(conn, congress.id, congress.organization_id, source_id).await?;
    record_warnings(
        conn,
        "membership",
        existing.id,
        Some(congress.organization_id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(existing.id),
        warnings,
        change: Change {
            action: RecordAction::Updated,
            record_type: "membership",
            record_id: existing.id,
            organization_id: Some(congress.organization_id),
            before: Some(before),
            after: Some(json!({ "endedOn": updated.ended_on, "endReason": updated.end_reason, "note": updated.note })),
            touched: Vec::new(),
        },
    })
}
