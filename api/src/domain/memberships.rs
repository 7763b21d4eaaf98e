//! The rules of mid-term changes to a committee: who may be added to it, in which position, on
//! which day, and when a position may end.

use super::checks::{check_date, check_person_name, check_source, optional_text, warn_namesakes};
use super::commands::{AddMembership, EndMembership, SourceCommand};
use super::committees::{positions_allowed, single_holder};
use super::time;
use crate::vocabulary::issues::Issues;
use crate::vocabulary::text::PersonName;
use chrono::Datelike;
use entity::enums::{CommitteeKind, Position};
use entity::{committee, congress, membership};

/// What the rules of `addMembership` look at, loaded first.
pub struct AddFacts<'a> {
    pub committee: &'a committee::Model,
    pub congress: &'a congress::Model,
    /// Every membership of the committee, ended or not.
    pub memberships: &'a [membership::Model],
    /// For a member named by ID: whether that person is on record.
    pub person_known: bool,
    /// For a member named by ID joining a standing committee: whether they sit on the
    /// executive committee of the same term on the start day.
    pub on_executive: bool,
    /// For a new member: how many people are on record under the same name.
    pub namesakes: usize,
}

/// What `addMembership` writes once its input passes.
pub struct CheckedAdd {
    pub source: Option<SourceCommand>,
    pub note: Option<String>,
    /// The cleaned name of a new person, when the member is not named by ID.
    pub new_name: Option<PersonName>,
}

pub fn check_add(issues: &mut Issues, facts: &AddFacts<'_>, command: &AddMembership) -> CheckedAdd {
    if facts.congress.retracted_at.is_some() {
        issues.error(
            "congress_retracted",
            "committeeId",
            "this committee's congress was retracted",
        );
    }
    let source = check_source(issues, "source", command.source.as_ref());
    let note = optional_text(issues, "note", command.note.as_deref(), 2000);
    let on = command.started_on;
    check_date(issues, "startedOn", on);
    let term_start = facts.congress.closed_on.or(facts.congress.opened_on);
    if on.year() < facts.congress.term_start_year
        || on.year() > facts.congress.term_end_year
        || term_start.is_some_and(|start| on < start)
    {
        issues.error(
            "membership_outside_term",
            "startedOn",
            format!(
                "{on} is outside the {}-{} term of this committee",
                facts.congress.term_start_year, facts.congress.term_end_year
            ),
        );
    }
    let allowed = positions_allowed(facts.committee.kind);
    if !allowed.contains(&command.position) {
        issues.error(
            "position_not_allowed",
            "position",
            format!(
                "{:?} is not a position on a {:?} committee",
                command.position, facts.committee.kind
            ),
        );
    }
    let current: Vec<&membership::Model> = facts
        .memberships
        .iter()
        .filter(|m| time::membership_active_on(m, facts.congress, on))
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
    if facts
        .committee
        .seat_count
        .is_some_and(|seats| current.len() as i32 >= seats)
    {
        issues.error(
            "more_members_than_seats",
            "committeeId",
            format!(
                "all {} seats are held on {on}",
                facts.committee.seat_count.unwrap_or_default()
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
            if !facts.person_known {
                issues.error("unknown_reference", "personId", "no person has this ID");
            }
            if current.iter().any(|m| m.person_id == person_id) {
                issues.error(
                    "same_person_twice",
                    "personId",
                    "this person already holds a position on the committee",
                );
            }
            if facts.committee.kind == CommitteeKind::Standing && !facts.on_executive {
                issues.error(
                    "standing_member_not_executive",
                    "personId",
                    "a standing committee member must be on the executive committee of the same term",
                );
            }
            None
        }
        (None, Some(full_name)) => {
            if facts.committee.kind == CommitteeKind::Standing {
                issues.error(
                    "standing_member_not_executive",
                    "fullName",
                    "a standing committee member must already be on the executive committee: pass their personId",
                );
            }
            let name = check_person_name(issues, "fullName", full_name);
            if let Some(name) = &name {
                warn_namesakes(issues, "fullName", name, facts.namesakes);
            }
            name
        }
    };
    CheckedAdd { source, note, new_name }
}

/// Checks `endMembership`; returns the source and the note.
pub fn check_end(
    issues: &mut Issues,
    existing: &membership::Model,
    congress: &congress::Model,
    command: &EndMembership,
) -> (Option<SourceCommand>, Option<String>) {
    let source = check_source(issues, "source", command.source.as_ref());
    let note = optional_text(issues, "note", command.note.as_deref(), 2000);
    check_date(issues, "endedOn", command.ended_on);
    if let Some(ended) = existing.ended_on {
        issues.error(
            "already_ended",
            "membershipId",
            format!("this membership already ended on {ended}; history is not rewritten"),
        );
    }
    if let Some(started) = time::membership_start(existing, congress)
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
    (source, note)
}
