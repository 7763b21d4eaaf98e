//! The rules of a congress result (`submitCongressResult`): the term and its dates, the series of
//! ordinals, every committee and member, the resolution and its targets. Pure: the write use case
//! loads what the rules look at ([`CommitteeFacts`], the organization's other congresses) first.

use super::achievement::{self, TargetSpec};
use super::checks::{
    check_date, check_person_name, check_symbol, check_year, optional_text, required_text, warn_namesakes,
};
use super::commands::*;
use super::committees::{positions_allowed, single_holder};
use super::{roman, time};
use crate::vocabulary::issues::Issues;
use crate::vocabulary::symbol::DocumentSymbol;
use crate::vocabulary::text::{self, PersonName};
use chrono::{Datelike, NaiveDate};
use entity::enums::*;
use entity::{congress, organization};
use std::collections::{HashMap, HashSet};

/// What the committee rules look up in the records, loaded before they run.
#[derive(Debug, Default)]
pub struct CommitteeFacts {
    /// Which of the people the members name by ID are on record.
    pub known_people: HashSet<i64>,
    /// Which of the deciding organizations the committees name are on record.
    pub known_organizations: HashSet<i64>,
    /// The organization's superior on the opening day, who appoints a committee that names no
    /// deciding document.
    pub superior_on_opening: Option<i64>,
    /// How many people are on record under each new member's name (by exact key).
    pub namesakes: HashMap<String, usize>,
}

/// The longest a congress lasts: a few days, never weeks.
const MAX_CONGRESS_DAYS: i64 = 7;
const MAX_TARGET_DEPTH: usize = 3;

/// Who a member is within one submission: a known person, or a new name (the same new name in
/// two committees of one congress is the same person: standing members sit on the executive).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MemberIdentity {
    Known(i64),
    New(String),
}

/// A member after checking: who, and (for new people) the cleaned name.
pub struct CheckedMember {
    pub identity: MemberIdentity,
    pub name: Option<PersonName>,
}

/// Terms last 5 years; cells under a grassroots organization hold congresses twice in 5 years.
pub fn expected_term_years(organization: &organization::Model) -> &'static [i32] {
    if organization.kind == OrganizationKind::PartyCell && organization.level == OrganizationLevel::BelowGrassroots {
        &[2, 3]
    } else {
        &[5]
    }
}

pub fn check_dates(issues: &mut Issues, organization: &organization::Model, command: &CongressResult) {
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
pub fn check_series(issues: &mut Issues, command: &CongressResult, existing: &[congress::Model]) {
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
pub fn check_committees(
    issues: &mut Issues,
    facts: &CommitteeFacts,
    command: &CongressResult,
) -> Vec<Vec<CheckedMember>> {
    let known = &facts.known_people;
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
            && facts.superior_on_opening.is_none()
        {
            issues.error(
                "appointed_without_decision",
                format!("{path}.decisionSymbol"),
                "an appointed committee needs the deciding document (decisionSymbol) or the superior that decided (decidedByOrganizationId)",
            );
        }
        if let Some(decider) = committee.decided_by_organization_id
            && !facts.known_organizations.contains(&decider)
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
                            let path = format!("{member_path}.fullName");
                            let name = check_person_name(issues, &path, full_name);
                            if let Some(name) = &name {
                                let namesakes = facts.namesakes.get(&text::exact_key(name.as_str()));
                                warn_namesakes(issues, &path, name, namesakes.copied().unwrap_or(0));
                            }
                            name
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
    checked
}

/// The standing committee is elected from the executive committee, and the secretary and deputies
/// sit on it: every one of them must be on this congress's executive committee.
pub fn check_standing_within_executive(issues: &mut Issues, command: &CongressResult, checked: &[Vec<CheckedMember>]) {
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
pub fn check_resolution(
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

/// Checks the term, the dates, the ordinal and the delegates; `false` when the term's years are
/// outside any term, which would make every other check meaningless.
pub fn check_term(issues: &mut Issues, organization: &organization::Model, command: &CongressResult) -> bool {
    let (start, end) = (command.term_start_year, command.term_end_year);
    check_year(issues, "termStartYear", start);
    check_year(issues, "termEndYear", end);
    if issues.has_errors() {
        return false;
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
    } else if !expected_term_years(organization).contains(&(end - start)) {
        issues.warn(
            "term_length",
            "termEndYear",
            format!(
                "a {}-year term ({start}-{end}) is unusual for {}: terms last {}",
                end - start,
                organization.name,
                if expected_term_years(organization) == [5] {
                    "5 years"
                } else {
                    "2.5 years for cells"
                }
            ),
        );
    }
    check_dates(issues, organization, command);
    if let Some(ordinal) = command.ordinal
        && !(1..=200).contains(&ordinal)
    {
        issues.error("ordinal_range", "ordinal", "ordinal must be between 1 and 200");
    }
    if command.delegate_count.is_some_and(|n| n < 1) {
        issues.error("delegate_count", "delegateCount", "delegateCount must be at least 1");
    }
    true
}

/// Checks `retractCongressResult`; returns the cleaned reason.
pub fn check_retraction(issues: &mut Issues, congress: &congress::Model, command: &RetractCongressResult) -> String {
    let reason = required_text(issues, "reason", &command.reason, 2000);
    if let Some(retracted) = congress.retracted_at {
        issues.error(
            "already_retracted",
            "congressId",
            format!("this congress was already retracted on {}", retracted.date_naive()),
        );
    }
    reason
}
