//! `submitCongressResult`: the whole result of a congress (the congress, its committees with
//! their members, the resolution with its targets, the source) checked against every rule and
//! written in one transaction.

use super::commands::*;
use super::organization::{RecordId, record_warnings, require};
use super::references::{self, check_date, check_source, check_symbol, check_year, optional_text, required_text};
use super::{Actor, Change, RecordAction, Written};
use crate::domain::achievement::{self, TargetSpec};
use crate::domain::issues::Issues;
use crate::domain::symbol::DocumentSymbol;
use crate::domain::targets::decimal_text;
use crate::domain::text::{self, PersonName};
use crate::domain::{roman, time};
use crate::error::{ApiError, ApiResult};
use chrono::{Datelike, NaiveDate, Utc};
use entity::enums::*;
use entity::{committee, congress, membership, organization, organization_placement, person, resolution, target};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use std::collections::{HashMap, HashSet};

/// The longest a congress lasts: a few days, never weeks.
const MAX_CONGRESS_DAYS: i64 = 7;
const MAX_TARGET_DEPTH: usize = 3;

/// Who a member is within one submission: a known person, or a new name (the same new name in
/// two committees of one congress is the same person: standing members sit on the executive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum MemberIdentity {
    Known(i64),
    New(String),
}

/// A member after checking: who, and (for new people) the cleaned name.
struct CheckedMember {
    identity: MemberIdentity,
    name: Option<PersonName>,
}

fn positions_allowed(kind: CommitteeKind) -> &'static [Position] {
    match kind {
        CommitteeKind::Executive | CommitteeKind::Standing => &[
            Position::Secretary,
            Position::StandingDeputySecretary,
            Position::DeputySecretary,
            Position::Member,
        ],
        CommitteeKind::Inspection => &[Position::Chair, Position::DeputyChair, Position::Member],
        CommitteeKind::Delegation => &[Position::Head, Position::Member],
    }
}

/// The positions of which a committee has at most one at a time.
fn single_holder(position: Position) -> bool {
    matches!(position, Position::Secretary | Position::Chair | Position::Head)
}

/// Terms last 5 years; cells under a grassroots organization hold congresses twice in 5 years.
fn expected_term_years(organization: &organization::Model) -> &'static [i32] {
    if organization.kind == OrganizationKind::PartyCell && organization.level == OrganizationLevel::BelowGrassroots {
        &[2, 3]
    } else {
        &[5]
    }
}

/// The parent of an organization on a date.
async fn parent_on(conn: &impl ConnectionTrait, organization_id: i64, on: NaiveDate) -> ApiResult<Option<i64>> {
    let placements = organization_placement::Entity::find()
        .filter(organization_placement::Column::OrganizationId.eq(organization_id))
        .all(conn)
        .await?;
    Ok(placements
        .into_iter()
        .find(|p| time::within(p.valid_from, p.valid_to, on))
        .map(|p| p.parent_id))
}

pub async fn submit(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &CongressResult,
) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let (start, end) = (command.term_start_year, command.term_end_year);
    check_year(&mut issues, "termStartYear", start);
    check_year(&mut issues, "termEndYear", end);
    if issues.has_errors() {
        // Years outside any term would only make the date checks below meaningless.
        return Err(ApiError::BadUserInput(issues.errors()));
    }
    if end <= start {
        issues.error(
            "term_order",
            "termEndYear",
            format!("the term must end after it starts ({start}-{end})"),
        );
    } else if end - start > 10 {
        issues.error(
            "term_too_long",
            "termEndYear",
            format!("a term of {} years is not a term ({start}-{end})", end - start),
        );
    } else if !expected_term_years(&organization).contains(&(end - start)) {
        issues.warn(
            "term_length",
            "termEndYear",
            format!(
                "a {}-year term ({start}-{end}) is unusual for {}: terms last {}",
                end - start,
                organization.name,
                if expected_term_years(&organization) == [5] {
                    "5 years"
                } else {
                    "2.5 years for cells"
                }
            ),
        );
    }
    check_dates(&mut issues, &organization, command);
    if let Some(ordinal) = command.ordinal
        && !(1..=200).contains(&ordinal)
    {
        issues.error("ordinal_range", "ordinal", "ordinal must be between 1 and 200");
    }
    if command.delegate_count.is_some_and(|n| n < 1) {
        issues.error("delegate_count", "delegateCount", "delegateCount must be at least 1");
    }
    let motto = optional_text(&mut issues, "motto", command.motto.as_deref(), 500);
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 4000);
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let existing = congress::Entity::find()
        .filter(congress::Column::OrganizationId.eq(organization.id))
        .filter(congress::Column::RetractedAt.is_null())
        .all(conn)
        .await?;
    check_series(&mut issues, command, &existing);

    let members = check_committees(conn, &mut issues, &organization, command).await?;
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
    let created = congress::ActiveModel {
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
    }
    .insert(conn)
    .await?;
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
        }
        .insert(conn)
        .await?;
        touched.push(("committee", committee_row.id, RecordAction::Created));
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
            membership::ActiveModel {
                committee_id: Set(committee_row.id),
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
            }
            .insert(conn)
            .await
            .map(|row| touched.push(("membership", row.id, RecordAction::Created)))?;
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

fn check_dates(issues: &mut Issues, organization: &organization::Model, command: &CongressResult) {
    let Some(opened) = command.opened_on else {
        if command.closed_on.is_some() {
            issues.error("closed_without_opened", "closedOn", "closedOn needs openedOn");
        }
        return;
    };
    check_date(issues, "openedOn", opened);
    let window_start = NaiveDate::from_ymd_opt(command.term_start_year - 1, 7, 1);
    let window_end = NaiveDate::from_ymd_opt(command.term_start_year, 12, 31);
    if let (Some(window_start), Some(window_end)) = (window_start, window_end)
        && (opened < window_start || opened > window_end)
    {
        issues.error(
            "congress_outside_term_window",
            "openedOn",
            format!(
                "a congress for the {}-{} term opens between {window_start} and {window_end}, not on {opened}",
                command.term_start_year, command.term_end_year
            ),
        );
    }
    if !time::organization_active_on(organization, opened) {
        issues.error(
            "organization_not_active",
            "openedOn",
            format!("{} did not exist on {opened}", organization.name),
        );
    }
    if let Some(closed) = command.closed_on {
        if closed < opened {
            issues.error(
                "closed_before_opened",
                "closedOn",
                format!("closedOn ({closed}) is before openedOn ({opened})"),
            );
        } else if (closed - opened).num_days() > MAX_CONGRESS_DAYS {
            issues.error(
                "congress_too_long",
                "closedOn",
                format!(
                    "a congress lasts a few days, not {} days",
                    (closed - opened).num_days() + 1
                ),
            );
        }
    }
}

/// Ordinals count congresses in order: a skipped number, or a number out of step with the terms,
/// deserves a look.
fn check_series(issues: &mut Issues, command: &CongressResult, existing: &[congress::Model]) {
    if existing
        .iter()
        .any(|c| c.term_start_year == command.term_start_year && c.ordinal != command.ordinal)
    {
        issues.warn(
            "term_overlap",
            "termStartYear",
            format!(
                "another congress of this organization opened the {} term",
                command.term_start_year
            ),
        );
    }
    let Some(ordinal) = command.ordinal.filter(|ordinal| (1..=200).contains(ordinal)) else {
        return;
    };
    let earlier = existing
        .iter()
        .filter_map(|c| c.ordinal.map(|o| (o, c)))
        .filter(|(o, _)| *o < ordinal)
        .max_by_key(|(o, _)| *o);
    if let Some((previous, previous_congress)) = earlier {
        if ordinal > previous + 1 {
            // Name a few missing congresses, not every one of a huge gap.
            let mut missing: Vec<String> = ((previous + 1)..ordinal)
                .take(5)
                .filter_map(|n| roman::to_roman(i64::from(n)))
                .collect();
            if ordinal - previous - 1 > 5 {
                missing.push(format!("and {} more", ordinal - previous - 6));
            }
            issues.warn(
                "ordinal_gap",
                "ordinal",
                format!("congress {} is not recorded", missing.join(", ")),
            );
        }
        if previous_congress.term_start_year >= command.term_start_year {
            issues.warn(
                "ordinal_order",
                "ordinal",
                format!(
                    "congress {} opened the {} term, not earlier than this one",
                    roman::to_roman(i64::from(previous)).unwrap_or_default(),
                    previous_congress.term_start_year
                ),
            );
        }
    }
}

/// Checks every committee and member; returns, per committee, who each member is.
async fn check_committees(
    conn: &impl ConnectionTrait,
    issues: &mut Issues,
    organization: &organization::Model,
    command: &CongressResult,
) -> ApiResult<Vec<Vec<CheckedMember>>> {
    let known_ids: Vec<i64> = command
        .committees
        .iter()
        .flat_map(|c| c.members.iter().filter_map(|m| m.person_id))
        .collect();
    let known: HashSet<i64> = person::Entity::find()
        .filter(person::Column::Id.is_in(known_ids))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect();
    let mut kinds_seen = HashSet::new();
    let mut names_checked: HashSet<String> = HashSet::new();
    let mut checked = Vec::with_capacity(command.committees.len());
    for (index, committee) in command.committees.iter().enumerate() {
        let path = format!("committees[{index}]");
        if !kinds_seen.insert(committee.kind) {
            issues.error(
                "committee_duplicate",
                format!("{path}.kind"),
                format!("{:?} committee is listed twice", committee.kind),
            );
        }
        if let Some(seats) = committee.seat_count {
            if !(1..=500).contains(&seats) {
                issues.error(
                    "seat_count",
                    format!("{path}.seatCount"),
                    "seatCount must be between 1 and 500",
                );
            } else if committee.members.len() > seats as usize {
                issues.error(
                    "more_members_than_seats",
                    format!("{path}.members"),
                    format!("{} members listed for {seats} seats", committee.members.len()),
                );
            }
        }
        if committee.formation == CommitteeFormation::Appointed
            && committee.decision_symbol.as_deref().is_none_or(|s| s.trim().is_empty())
            && committee.decided_by_organization_id.is_none()
        {
            let superior = match command.opened_on {
                Some(on) => parent_on(conn, organization.id, on).await?,
                None => None,
            };
            if superior.is_none() {
                issues.error(
                    "appointed_without_decision",
                    format!("{path}.decisionSymbol"),
                    "an appointed committee needs the deciding document (decisionSymbol) or the superior that decided (decidedByOrganizationId)",
                );
            }
        }
        if let Some(decider) = committee.decided_by_organization_id
            && organization::Entity::find_by_id(decider).one(conn).await?.is_none()
        {
            issues.error(
                "unknown_reference",
                format!("{path}.decidedByOrganizationId"),
                "no organization has this ID",
            );
        }
        let allowed = positions_allowed(committee.kind);
        let mut single_positions: HashMap<Position, usize> = HashMap::new();
        let mut identities = HashSet::new();
        let mut members = Vec::with_capacity(committee.members.len());
        for (member_index, member) in committee.members.iter().enumerate() {
            let member_path = format!("{path}.members[{member_index}]");
            if !allowed.contains(&member.position) {
                issues.error(
                    "position_not_allowed",
                    format!("{member_path}.position"),
                    format!(
                        "{:?} is not a position on a {:?} committee",
                        member.position, committee.kind
                    ),
                );
            }
            if single_holder(member.position) {
                let count = single_positions.entry(member.position).or_default();
                *count += 1;
                if *count == 2 {
                    issues.error(
                        if member.position == Position::Secretary {
                            "more_than_one_secretary"
                        } else {
                            "position_held_twice"
                        },
                        format!("{member_path}.position"),
                        format!(
                            "the {:?} committee can have only one {:?} at a time",
                            committee.kind, member.position
                        ),
                    );
                }
            }
            if let Some(started) = member.started_on {
                check_date(issues, &format!("{member_path}.startedOn"), started);
                if started.year() < command.term_start_year || started.year() > command.term_end_year {
                    issues.error(
                        "membership_outside_term",
                        format!("{member_path}.startedOn"),
                        format!(
                            "{started} is outside the {}-{} term",
                            command.term_start_year, command.term_end_year
                        ),
                    );
                }
            }
            if let Some(attested) = member.attested_on {
                check_date(issues, &format!("{member_path}.attestedOn"), attested);
                if attested.year() < command.term_start_year || attested.year() > command.term_end_year {
                    issues.error(
                        "membership_outside_term",
                        format!("{member_path}.attestedOn"),
                        format!(
                            "{attested} is outside the {}-{} term",
                            command.term_start_year, command.term_end_year
                        ),
                    );
                }
            }
            let checked_member = match (member.person_id, member.full_name.as_deref()) {
                (Some(_), Some(_)) | (None, None) => {
                    issues.error(
                        "member_identity",
                        member_path.clone(),
                        "give either personId or fullName, not both or neither",
                    );
                    None
                }
                (Some(id), None) => {
                    if !known.contains(&id) {
                        issues.error(
                            "unknown_reference",
                            format!("{member_path}.personId"),
                            "no person has this ID",
                        );
                    }
                    Some(CheckedMember {
                        identity: MemberIdentity::Known(id),
                        name: None,
                    })
                }
                (None, Some(full_name)) => {
                    let name = match PersonName::parse(full_name) {
                        Ok(name) if names_checked.contains(&text::exact_key(name.as_str())) => Some(name),
                        _ => {
                            references::check_new_person(conn, issues, &format!("{member_path}.fullName"), full_name)
                                .await?
                        }
                    };
                    name.map(|name| {
                        let key = text::exact_key(name.as_str());
                        names_checked.insert(key.clone());
                        CheckedMember {
                            identity: MemberIdentity::New(key),
                            name: Some(name),
                        }
                    })
                }
            };
            if let Some(checked_member) = checked_member {
                if !identities.insert(checked_member.identity.clone()) {
                    issues.error(
                        "same_person_twice",
                        member_path.clone(),
                        "the same person is listed twice on this committee",
                    );
                }
                members.push(checked_member);
            } else {
                members.push(CheckedMember {
                    identity: MemberIdentity::Known(0),
                    name: None,
                });
            }
        }
        checked.push(members);
    }
    check_standing_within_executive(issues, command, &checked);
    Ok(checked)
}

/// The standing committee is elected from the executive committee, and the secretary and deputies
/// sit on it: every one of them must be on this congress's executive committee.
fn check_standing_within_executive(issues: &mut Issues, command: &CongressResult, checked: &[Vec<CheckedMember>]) {
    let executive: Option<HashSet<&MemberIdentity>> = command
        .committees
        .iter()
        .position(|c| c.kind == CommitteeKind::Executive)
        .map(|i| checked[i].iter().map(|m| &m.identity).collect());
    for (index, committee) in command.committees.iter().enumerate() {
        if committee.kind != CommitteeKind::Standing {
            continue;
        }
        let Some(executive) = &executive else {
            if !committee.members.is_empty() {
                issues.error(
                    "standing_without_executive",
                    format!("committees[{index}]"),
                    "a standing committee's members are elected from the executive committee: submit that too",
                );
            }
            continue;
        };
        for (member_index, member) in checked[index].iter().enumerate() {
            if !executive.contains(&member.identity) {
                issues.error(
                    "standing_member_not_executive",
                    format!("committees[{index}].members[{member_index}]"),
                    "every standing committee member, the secretary and the deputies must also be on the executive committee",
                );
            }
        }
    }
}

/// Checks the resolution and its targets; returns its parsed symbol.
fn check_resolution(
    issues: &mut Issues,
    command: &CongressResult,
    resolution: &ResolutionCommand,
) -> Option<DocumentSymbol> {
    required_text(issues, "resolution.title", &resolution.title, 500);
    if let Some(adopted) = resolution.adopted_on {
        check_date(issues, "resolution.adoptedOn", adopted);
        if command.opened_on.is_some_and(|opened| adopted < opened) {
            issues.error(
                "adopted_before_congress",
                "resolution.adoptedOn",
                "a congress adopts its resolution at or after its opening",
            );
        }
    }
    if resolution.declared_target_count.is_some_and(|n| n < 0) {
        issues.error(
            "declared_target_count",
            "resolution.declaredTargetCount",
            "declaredTargetCount cannot be negative",
        );
    }
    if let Some(declared) = resolution.declared_target_count {
        let listed = resolution.targets.len();
        if declared >= 0 && declared as usize != listed {
            issues.warn(
                "declared_target_count",
                "resolution.targets",
                format!("the resolution declares {declared} targets and lists {listed}"),
            );
        }
    }
    check_targets(issues, "resolution.targets", &resolution.targets, 1);
    check_symbol(issues, "resolution.symbol", resolution.symbol.as_deref())
}

/// Checks targets (and their children) for text and consistent figures.
pub fn check_targets(issues: &mut Issues, path: &str, targets: &[TargetCommand], depth: usize) {
    for (index, target) in targets.iter().enumerate() {
        let target_path = format!("{path}[{index}]");
        required_text(issues, &format!("{target_path}.text"), &target.text, 2000);
        optional_text(issues, &format!("{target_path}.unit"), target.unit.as_deref(), 100);
        let spec = TargetSpec {
            measure: target.measure,
            comparator: target.comparator,
            min_value: target.min_value,
            max_value: target.max_value,
            period: target.period,
        };
        let min_above_max = match (target.min_value, target.max_value) {
            (Some(min), Some(max)) if min > max => {
                issues.error(
                    "target_min_above_max",
                    format!("{target_path}.minValue"),
                    format!("minValue {min} is above maxValue {max}"),
                );
                true
            }
            _ => false,
        };
        // The general check repeats "min above max" in its own words: report that once.
        if let Err(message) = achievement::check_target(&spec)
            && !min_above_max
        {
            issues.error("target_bounds", format!("{target_path}.comparator"), message);
        }
        if !target.children.is_empty() {
            if depth >= MAX_TARGET_DEPTH {
                issues.error(
                    "target_depth",
                    format!("{target_path}.children"),
                    "targets nest at most 3 levels deep",
                );
            } else {
                check_targets(issues, &format!("{target_path}.children"), &target.children, depth + 1);
            }
        }
    }
}

/// A new congress ends the open positions of the term before it on its opening day; a congress
/// recorded after the one that followed it ends its own positions when that one opened.
/// A new congress ends the open positions of the term before it on its opening day; a congress
/// recorded after the one that followed it ends its own positions when that one opened. Returns
/// the memberships it ended.
async fn close_adjacent_terms(
    conn: &impl ConnectionTrait,
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
            super::membership::end_open(
                conn,
                &committees_of(conn, previous.id).await?,
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
            super::membership::end_open(
                conn,
                &committees_of(conn, created.id).await?,
                next_opened,
                EndReason::TermEnded,
            )
            .await?,
        );
    }
    Ok(ended)
}

/// The committees of a congress.
pub async fn committees_of(conn: &impl ConnectionTrait, congress_id: i64) -> ApiResult<Vec<i64>> {
    Ok(committee::Entity::find()
        .filter(committee::Column::CongressId.eq(congress_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

async fn write_resolution(
    conn: &impl ConnectionTrait,
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
    }
    .insert(conn)
    .await?;
    let placement = TargetPlacement {
        organization_id: congress.organization_id,
        congress_id: Some(congress.id),
        resolution_id: Some(row.id),
        assigned_by_organization_id: None,
        start_year: congress.term_start_year,
        end_year: congress.term_end_year,
        default_assigner: TargetAssigner::Congress,
        source_id,
    };
    let mut targets = Vec::new();
    insert_targets(conn, &placement, None, &command.targets, &mut targets).await?;
    let mut written = vec![("resolution", row.id)];
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
    conn: &impl ConnectionTrait,
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
        }
        .insert(conn)
        .await?;
        ids.push(row.id);
        all.push(row.id);
        if !command.children.is_empty() {
            Box::pin(insert_targets(conn, placement, Some(row.id), &command.children, all)).await?;
        }
    }
    Ok(ids)
}
