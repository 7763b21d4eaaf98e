//! `submitCongressResult`: the whole result of a congress (the congress, its committees with
//! their members, the resolution with its targets, the source) checked against every rule and
//! written in one transaction.

use super::organization::require;
use super::references;
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::checks::{check_source, check_symbol, optional_text};
use crate::domain::commands::*;
use crate::domain::congress::{
    CommitteeFacts, MemberIdentity, check_committees, check_resolution, check_series, check_term,
};
use crate::domain::organizations;
use crate::domain::roman;
use crate::domain::targets::decimal_text;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use crate::vocabulary::symbol::DocumentSymbol;
use crate::vocabulary::text::{self, PersonName};
use chrono::{Datelike, NaiveDate, Utc};
use entity::enums::*;
use entity::{committee, congress, membership, resolution, target};
use sea_orm::Set;
use serde_json::json;
use std::collections::HashMap;

/// The parent of an organization on a date.
async fn parent_on(conn: &impl Conn, organization_id: i64, on: NaiveDate) -> ApiResult<Option<i64>> {
    let placements = store::placements::of_organization(conn, organization_id).await?;
    Ok(organizations::parent_on(&placements, on))
}

/// What the committee rules look up in the records.
async fn committee_facts(
    conn: &impl Conn,
    organization_id: i64,
    command: &CongressResult,
) -> ApiResult<CommitteeFacts> {
    let mut facts = CommitteeFacts::default();
    let named_ids: Vec<i64> = command
        .committees
        .iter()
        .flat_map(|c| c.members.iter().filter_map(|m| m.person_id))
        .collect();
    facts.known_people = store::people::existing_ids(conn, &named_ids).await?;
    for decider in command.committees.iter().filter_map(|c| c.decided_by_organization_id) {
        if !facts.known_organizations.contains(&decider) && store::organizations::find(conn, decider).await?.is_some() {
            facts.known_organizations.insert(decider);
        }
    }
    let appointed_without_decision = command.committees.iter().any(|committee| {
        committee.formation == CommitteeFormation::Appointed
            && committee.decision_symbol.as_deref().is_none_or(|s| s.trim().is_empty())
            && committee.decided_by_organization_id.is_none()
    });
    if appointed_without_decision && let Some(on) = command.opened_on {
        facts.superior_on_opening = parent_on(conn, organization_id, on).await?;
    }
    let new_names = command
        .committees
        .iter()
        .flat_map(|c| c.members.iter())
        .filter(|m| m.person_id.is_none())
        .filter_map(|m| PersonName::parse(m.full_name.as_deref()?).ok());
    for name in new_names {
        let key = text::exact_key(name.as_str());
        if let std::collections::hash_map::Entry::Vacant(entry) = facts.namesakes.entry(key) {
            let count = store::people::count_named(conn, entry.key()).await?;
            entry.insert(count);
        }
    }
    Ok(facts)
}

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn submit(conn: &impl Conn, actor: &Actor, command: &CongressResult) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    if !check_term(&mut issues, &organization, command) {
        // Years outside any term would only make the date checks below meaningless.
        return Err(ApiError::BadUserInput(issues.errors()));
    }
    let (start, end) = (command.term_start_year, command.term_end_year);
    let motto = optional_text(&mut issues, "motto", command.motto.as_deref(), 500);
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 4000);
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let existing = store::congresses::standing_of(conn, organization.id).await?;
    check_series(&mut issues, command, &existing);

    let facts = committee_facts(conn, organization.id, command).await?;
    let members = check_committees(&mut issues, &facts, command);
    let resolution_symbol = command
        .resolution
        .as_ref()
        .and_then(|resolution| check_resolution(&mut issues, command, resolution));
    let decision_symbols: Vec<Option<DocumentSymbol>> = command
        .committees
        .iter()
        .enumerate()
        .map(|(i, c)| {
            check_symbol(
                &mut issues,
                &format!("committees[{i}].decisionSymbol"),
                c.decision_symbol.as_deref(),
            )
        })
        .collect();
    let warnings = issues.into_warnings()?;

    if let Some(ordinal) = command.ordinal
        && existing.iter().any(|c| c.ordinal == Some(ordinal))
    {
        return Err(ApiError::Conflict(format!(
            "congress {} of {} is already recorded",
            roman::to_roman(i64::from(ordinal)).unwrap_or_else(|| ordinal.to_string()),
            organization.name
        )));
    }

    // Every rule passed: write.
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let row = congress::ActiveModel {
        organization_id: Set(organization.id),
        ordinal: Set(command.ordinal),
        term_start_year: Set(start),
        term_end_year: Set(end),
        kind: Set(command.kind),
        opened_on: Set(command.opened_on),
        closed_on: Set(command.closed_on),
        delegate_count: Set(command.delegate_count),
        motto: Set(motto),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let created = store::congresses::insert(conn, row).await?;
    references::link_congress_source(conn, created.id, organization.id, source_id).await?;
    let elected_on = command.closed_on.or(command.opened_on);
    let document_year = command.opened_on.map(|d| d.year()).or(Some(start));
    let mut people: HashMap<MemberIdentity, i64> = HashMap::new();
    let mut touched: Vec<(&'static str, i64, RecordAction)> = Vec::new();
    for (index, committee_command) in command.committees.iter().enumerate() {
        let decision_document_id = match &decision_symbols[index] {
            Some(symbol) => Some(references::document_id(conn, symbol, None, document_year, None, source_id).await?),
            None => None,
        };
        let decided_by = match (
            committee_command.formation,
            committee_command.decided_by_organization_id,
        ) {
            (_, Some(explicit)) => Some(explicit),
            (CommitteeFormation::Appointed, None) => match command.opened_on {
                Some(on) => parent_on(conn, organization.id, on).await?,
                None => None,
            },
            _ => None,
        };
        let committee_row = committee::ActiveModel {
            congress_id: Set(created.id),
            kind: Set(committee_command.kind),
            formation: Set(committee_command.formation),
            seat_count: Set(committee_command.seat_count),
            decision_document_id: Set(decision_document_id),
            decided_by_organization_id: Set(decided_by),
            source_id: Set(source_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let committee_id = store::committees::insert(conn, committee_row).await?;
        touched.push(("committee", committee_id, RecordAction::Created));
        let start_reason = if committee_command.formation == CommitteeFormation::Appointed {
            StartReason::Appointed
        } else {
            StartReason::Elected
        };
        for (member_index, member_command) in committee_command.members.iter().enumerate() {
            let checked = &members[index][member_index];
            let person_id = match people.get(&checked.identity) {
                Some(id) => *id,
                None => {
                    let id = match (&checked.identity, &checked.name) {
                        (MemberIdentity::Known(id), _) => *id,
                        (MemberIdentity::New(_), Some(name)) => {
                            let id = references::create_person(conn, name, source_id).await?;
                            touched.push(("person", id, RecordAction::Created));
                            id
                        }
                        (MemberIdentity::New(_), None) => {
                            return Err(ApiError::internal("a new member without a checked name"));
                        }
                    };
                    people.insert(checked.identity.clone(), id);
                    id
                }
            };
            let now = Utc::now();
            let row = membership::ActiveModel {
                committee_id: Set(committee_id),
                person_id: Set(person_id),
                position: Set(member_command.position),
                started_on: Set(member_command.started_on.or(elected_on)),
                attested_on: Set(member_command.attested_on),
                ended_on: Set(None),
                start_reason: Set(start_reason),
                end_reason: Set(None),
                note: Set(member_command.note.as_deref().map(text::clean)),
                source_id: Set(source_id),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            };
            let membership_id = store::memberships::insert(conn, row).await?;
            touched.push(("membership", membership_id, RecordAction::Created));
        }
    }
    let ended = close_adjacent_terms(conn, &created, &existing).await?;
    touched.extend(ended.into_iter().map(|id| ("membership", id, RecordAction::Updated)));
    if let Some(resolution_command) = &command.resolution {
        let written = write_resolution(
            conn,
            &created,
            resolution_command,
            resolution_symbol.as_ref(),
            source_id,
        )
        .await?;
        touched.extend(written.into_iter().map(|(kind, id)| (kind, id, RecordAction::Created)));
    }
    record_warnings(
        conn,
        "congress",
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
            record_type: "congress",
            record_id: created.id,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched,
        },
    })
}

/// A new congress ends the open positions of the term before it on its opening day; a congress
/// recorded after the one that followed it ends its own positions when that one opened.
/// A new congress ends the open positions of the term before it on its opening day; a congress
/// recorded after the one that followed it ends its own positions when that one opened. Returns
/// the memberships it ended.
async fn close_adjacent_terms(
    conn: &impl Conn,
    created: &congress::Model,
    existing: &[congress::Model],
) -> ApiResult<Vec<i64>> {
    let mut ended = Vec::new();
    let previous = existing
        .iter()
        .filter(|c| c.term_start_year < created.term_start_year)
        .max_by_key(|c| c.term_start_year);
    if let (Some(previous), Some(opened)) = (previous, created.opened_on) {
        ended.extend(
            store::memberships::end_open(
                conn,
                &store::committees::ids_of_congress(conn, previous.id).await?,
                opened,
                EndReason::TermEnded,
            )
            .await?,
        );
    }
    let next = existing
        .iter()
        .filter(|c| c.term_start_year > created.term_start_year)
        .min_by_key(|c| c.term_start_year);
    if let Some(next_opened) = next.and_then(|c| c.opened_on) {
        ended.extend(
            store::memberships::end_open(
                conn,
                &store::committees::ids_of_congress(conn, created.id).await?,
                next_opened,
                EndReason::TermEnded,
            )
            .await?,
        );
    }
    Ok(ended)
}

async fn write_resolution(
    conn: &impl Conn,
    congress: &congress::Model,
    command: &ResolutionCommand,
    symbol: Option<&DocumentSymbol>,
    source_id: Option<i64>,
) -> ApiResult<Vec<(&'static str, i64)>> {
    let adopted_on = command.adopted_on.or(congress.closed_on).or(congress.opened_on);
    let document_id = match symbol {
        Some(symbol) => Some(
            references::document_id(
                conn,
                symbol,
                adopted_on,
                Some(congress.term_start_year),
                Some(&text::clean(&command.title)),
                source_id,
            )
            .await?,
        ),
        None => None,
    };
    let row = resolution::ActiveModel {
        congress_id: Set(congress.id),
        document_id: Set(document_id),
        title: Set(text::clean(&command.title)),
        adopted_on: Set(adopted_on),
        declared_target_count: Set(command.declared_target_count),
        declared_breakthrough_count: Set(command.declared_breakthrough_count),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let resolution_id = store::resolutions::insert(conn, row).await?;
    let placement = TargetPlacement {
        organization_id: congress.organization_id,
        congress_id: Some(congress.id),
        resolution_id: Some(resolution_id),
        assigned_by_organization_id: None,
        start_year: congress.term_start_year,
        end_year: congress.term_end_year,
        default_assigner: TargetAssigner::Congress,
        source_id,
    };
    let mut targets = Vec::new();
    insert_targets(conn, &placement, None, &command.targets, &mut targets).await?;
    let mut written = vec![("resolution", resolution_id)];
    written.extend(targets.into_iter().map(|id| ("target", id)));
    Ok(written)
}

/// Where a batch of targets belongs.
pub struct TargetPlacement {
    pub organization_id: i64,
    pub congress_id: Option<i64>,
    pub resolution_id: Option<i64>,
    pub assigned_by_organization_id: Option<i64>,
    pub start_year: i32,
    pub end_year: i32,
    pub default_assigner: TargetAssigner,
    pub source_id: Option<i64>,
}

/// Inserts targets depth first, numbering siblings from 1; returns the top-level IDs in input
/// order and adds every ID written (children too) to `all`.
pub async fn insert_targets(
    conn: &impl Conn,
    placement: &TargetPlacement,
    parent_id: Option<i64>,
    targets: &[TargetCommand],
    all: &mut Vec<i64>,
) -> ApiResult<Vec<i64>> {
    let mut ids = Vec::with_capacity(targets.len());
    for (index, command) in targets.iter().enumerate() {
        let row = target::ActiveModel {
            organization_id: Set(placement.organization_id),
            congress_id: Set(placement.congress_id),
            resolution_id: Set(placement.resolution_id),
            parent_id: Set(parent_id),
            ordinal: Set(index as i32 + 1),
            text: Set(text::clean(&command.text)),
            measure: Set(command.measure),
            comparator: Set(command.comparator),
            min_value: Set(command.min_value.map(decimal_text)),
            max_value: Set(command.max_value.map(decimal_text)),
            unit: Set(command.unit.as_deref().map(text::clean)),
            period: Set(command.period),
            assigned_by: Set(command.assigned_by.unwrap_or(placement.default_assigner)),
            assigned_by_organization_id: Set(placement.assigned_by_organization_id),
            start_year: Set(placement.start_year),
            end_year: Set(placement.end_year),
            note: Set(command.note.as_deref().map(text::clean)),
            source_id: Set(placement.source_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = store::resolutions::insert_target(conn, row).await?;
        ids.push(id);
        all.push(id);
        if !command.children.is_empty() {
            Box::pin(insert_targets(conn, placement, Some(id), &command.children, all)).await?;
        }
    }
    Ok(ids)
}
