//! Mid-term changes to committees: a member supplemented (`addMembership`) or leaving
//! (`endMembership`). Ending never deletes: the row keeps its history and gets an end date.

use super::references::{self, link_congress_source};
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::checks::{check_date, check_source, optional_text};
use crate::domain::commands::{AddMembership, EndMembership};
use crate::domain::committees::{positions_allowed, single_holder};
use crate::domain::time;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use chrono::{Datelike, Utc};
use entity::enums::{CommitteeKind, Position, StartReason};
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
    let mut issues = Issues::new();
    if congress.retracted_at.is_some() {
        issues.error(
            "congress_retracted",
            "committeeId",
            "this committee's congress was retracted",
        );
    }
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 2000);
    let on = command.started_on;
    check_date(&mut issues, "startedOn", on);
    let term_start = congress.closed_on.or(congress.opened_on);
    if on.year() < congress.term_start_year
        || on.year() > congress.term_end_year
        || term_start.is_some_and(|start| on < start)
    {
        issues.error(
            "membership_outside_term",
            "startedOn",
            format!(
                "{on} is outside the {}-{} term of this committee",
                congress.term_start_year, congress.term_end_year
            ),
        );
    }
    let allowed = positions_allowed(committee.kind);
    if !allowed.contains(&command.position) {
        issues.error(
            "position_not_allowed",
            "position",
            format!(
                "{:?} is not a position on a {:?} committee",
                command.position, committee.kind
            ),
        );
    }
    let current: Vec<membership::Model> = store::memberships::of_committees(conn, &[committee.id])
        .await?
        .into_iter()
        .filter(|m| time::membership_active_on(m, &congress, on))
        .collect();
    if single_holder(command.position) && current.iter().any(|m| m.position == command.position) {
        issues.error(
            if command.position == Position::Secretary {
                "more_than_one_secretary"
            } else {
                "position_held_twice"
            },
            "position",
            format!(
                "the committee already has a {:?} on {on}; end that membership first",
                command.position
            ),
        );
    }
    if committee.seat_count.is_some_and(|seats| current.len() as i32 >= seats) {
        issues.error(
            "more_members_than_seats",
            "committeeId",
            format!(
                "all {} seats are held on {on}",
                committee.seat_count.unwrap_or_default()
            ),
        );
    }
    let new_name = match (command.person_id, command.full_name.as_deref()) {
        (Some(_), Some(_)) | (None, None) => {
            issues.error(
                "member_identity",
                "personId",
                "give either personId or fullName, not both or neither",
            );
            None
        }
        (Some(person_id), None) => {
            if store::people::existing_ids(conn, &[person_id]).await?.is_empty() {
                issues.error("unknown_reference", "personId", "no person has this ID");
            }
            if current.iter().any(|m| m.person_id == person_id) {
                issues.error(
                    "same_person_twice",
                    "personId",
                    "this person already holds a position on the committee",
                );
            }
            if committee.kind == CommitteeKind::Standing && !on_executive(conn, &congress, person_id, on).await? {
                issues.error(
                    "standing_member_not_executive",
                    "personId",
                    "a standing committee member must be on the executive committee of the same term",
                );
            }
            None
        }
        (None, Some(full_name)) => {
            if committee.kind == CommitteeKind::Standing {
                issues.error(
                    "standing_member_not_executive",
                    "fullName",
                    "a standing committee member must already be on the executive committee: pass their personId",
                );
            }
            references::check_new_person(conn, &mut issues, "fullName", full_name).await?
        }
    };
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
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
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 2000);
    check_date(&mut issues, "endedOn", command.ended_on);
    if let Some(ended) = existing.ended_on {
        issues.error(
            "already_ended",
            "membershipId",
            format!("this membership already ended on {ended}; history is not rewritten"),
        );
    }
    if let Some(started) = time::membership_start(&existing, &congress)
        && command.ended_on <= started
    {
        issues.error(
            "ended_before_started",
            "endedOn",
            format!("endedOn ({}) must be after the start ({started})", command.ended_on),
        );
    }
    if command.ended_on.year() > congress.term_end_year + 1 {
        issues.error(
            "membership_outside_term",
            "endedOn",
            format!(
                "{} is after the {}-{} term",
                command.ended_on, congress.term_start_year, congress.term_end_year
            ),
        );
    }
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
