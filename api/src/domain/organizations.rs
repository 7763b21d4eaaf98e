//! Rules about organizations: where one may sit in the tree, and the checks of each write about
//! one (creating, moving, dissolving, lineage, statistics) over what the use case loaded.

use super::checks::{check_date, check_source, check_year, optional_text, required_text};
use super::commands::*;
use crate::vocabulary::issues::Issues;
use chrono::NaiveDate;
use entity::enums::{LineageKind, OrganizationLevel};
use entity::{organization, organization_placement};

/// How deep in the tree a level sits: a child must sit deeper than its parent.
fn depth(level: OrganizationLevel) -> u8 {
    match level {
        OrganizationLevel::Central => 0,
        OrganizationLevel::Province => 1,
        OrganizationLevel::District => 2,
        OrganizationLevel::Commune => 3,
        OrganizationLevel::Grassroots => 4,
        OrganizationLevel::BelowGrassroots => 5,
    }
}

/// Checks that `parent` can hold `child_level` on `on`, adding errors to `issues`.
pub fn check_parent(
    issues: &mut Issues,
    path: &str,
    parent: &organization::Model,
    child_level: OrganizationLevel,
    on: Option<NaiveDate>,
) {
    if depth(parent.level) >= depth(child_level) {
        issues.error(
            "parent_level",
            path,
            format!(
                "a {child_level:?} organization cannot sit under {} ({:?})",
                parent.name, parent.level
            ),
        );
    }
    if let Some(on) = on
        && !super::time::organization_active_on(parent, on)
    {
        issues.error(
            "parent_not_active",
            path,
            format!("{} did not exist on {on}", parent.name),
        );
    }
}

/// The parent an organization had on a date, among its placements.
pub fn parent_on(placements: &[organization_placement::Model], on: NaiveDate) -> Option<i64> {
    placements
        .iter()
        .find(|p| super::time::within(p.valid_from, p.valid_to, on))
        .map(|p| p.parent_id)
}

/// Checks `createOrganization` against its parent (when it names one and it exists); returns the
/// cleaned name and the source.
pub fn check_create(
    issues: &mut Issues,
    command: &CreateOrganization,
    parent: Option<&organization::Model>,
) -> (String, Option<SourceCommand>) {
    let name = required_text(issues, "name", &command.name, 300);
    if !name.is_empty() && !name.chars().any(char::is_alphabetic) {
        issues.error("not_a_name", "name", "name must contain letters");
    }
    let source = check_source(issues, "source", command.source.as_ref());
    if let Some(date) = command.founded_on {
        check_date(issues, "foundedOn", date);
    }
    let placed_from = command.placed_from.or(command.founded_on);
    if command.parent_id.is_some() {
        match parent {
            Some(parent) => check_parent(issues, "parentId", parent, command.level, placed_from),
            None => issues.error("unknown_reference", "parentId", "no organization has this ID"),
        }
    }
    (name, source)
}

/// Warns when an organization of the same name already sits under the parent.
pub fn warn_same_name(issues: &mut Issues, same_name: Option<&organization::Model>, parent: &organization::Model) {
    if let Some(existing) = same_name {
        issues.warn(
            "possible_duplicate_organization",
            "name",
            format!(
                "an organization named \"{}\" already sits under {}",
                existing.name, parent.name
            ),
        );
    }
}

/// Checks `moveOrganization`: the day, the new parent (found or not, and whether it sits below
/// the organization on that day), and that no placement starts on or after it; returns the
/// source.
pub fn check_move(
    issues: &mut Issues,
    command: &MoveOrganization,
    organization: &organization::Model,
    parent: Option<&organization::Model>,
    parent_below: bool,
    placements: &[organization_placement::Model],
) -> Option<SourceCommand> {
    let source = check_source(issues, "source", command.source.as_ref());
    check_date(issues, "from", command.from);
    if !super::time::organization_active_on(organization, command.from) {
        issues.error(
            "organization_not_active",
            "from",
            format!("{} did not exist on {}", organization.name, command.from),
        );
    }
    match (command.parent_id, parent) {
        (Some(parent_id), _) if parent_id == organization.id => {
            issues.error("placement_cycle", "parentId", "an organization cannot sit under itself");
        }
        (Some(_), Some(parent)) => {
            check_parent(issues, "parentId", parent, organization.level, Some(command.from));
            if parent_below {
                issues.error(
                    "placement_cycle",
                    "parentId",
                    format!("{} sits below {} on that date", parent.name, organization.name),
                );
            }
        }
        (Some(_), None) => issues.error("unknown_reference", "parentId", "no organization has this ID"),
        (None, _) => {}
    }
    if let Some(later) = placements
        .iter()
        .find(|p| p.valid_from.is_some_and(|from| from >= command.from))
    {
        issues.error(
            "placement_overlap",
            "from",
            format!(
                "a placement already starts on {}; history is not rewritten, record moves in date order",
                later.valid_from.map(|d| d.to_string()).unwrap_or_default()
            ),
        );
    }
    source
}

/// Checks `dissolveOrganization`; returns the source and the note.
pub fn check_dissolve(
    issues: &mut Issues,
    command: &DissolveOrganization,
    organization: &organization::Model,
) -> (Option<SourceCommand>, Option<String>) {
    let source = check_source(issues, "source", command.source.as_ref());
    let note = optional_text(issues, "note", command.note.as_deref(), 2000);
    if let Some(dissolved) = organization.dissolved_on {
        issues.error(
            "already_dissolved",
            "organizationId",
            format!("{} was already dissolved on {dissolved}", organization.name),
        );
    }
    if organization
        .founded_on
        .is_some_and(|founded| command.dissolved_on <= founded)
    {
        issues.error(
            "dissolved_before_founded",
            "dissolvedOn",
            "an organization cannot be dissolved before it was founded",
        );
    }
    (source, note)
}

/// Checks `recordLineage` (`already_recorded`: the successor is on record as succeeding the
/// predecessor); returns the source and the note.
pub fn check_lineage(
    issues: &mut Issues,
    command: &RecordLineage,
    predecessor: &organization::Model,
    successor: &organization::Model,
    already_recorded: bool,
) -> (Option<SourceCommand>, Option<String>) {
    let source = check_source(issues, "source", command.source.as_ref());
    let note = optional_text(issues, "note", command.note.as_deref(), 2000);
    check_date(issues, "effectiveOn", command.effective_on);
    if predecessor.id == successor.id {
        issues.error("lineage_self", "successorId", "an organization cannot succeed itself");
    }
    if already_recorded {
        issues.error(
            "lineage_duplicate",
            "successorId",
            format!("{} already succeeds {}", successor.name, predecessor.name),
        );
    }
    // A merged-away organization ends when the merger takes effect (see `merger_dissolves`).
    if command.kind == LineageKind::Merged {
        if predecessor
            .founded_on
            .is_some_and(|founded| command.effective_on <= founded)
        {
            issues.error(
                "dissolved_before_founded",
                "effectiveOn",
                format!("{} was founded on or after the merger", predecessor.name),
            );
        }
        if let Some(dissolved) = predecessor.dissolved_on.filter(|d| *d != command.effective_on) {
            issues.warn(
                "lineage_dissolved_elsewhere",
                "effectiveOn",
                format!(
                    "{} was dissolved on {dissolved}, not on the merger's {}",
                    predecessor.name, command.effective_on
                ),
            );
        }
    }
    (source, note)
}

/// Whether recording this lineage dissolves its predecessor: a MERGED predecessor ends on the
/// merger's effective date, unless its dissolution is already recorded.
pub fn merger_dissolves(command: &RecordLineage, predecessor: &organization::Model) -> bool {
    command.kind == LineageKind::Merged && predecessor.dissolved_on.is_none()
}

/// Checks `recordStats`; returns the source and the note.
pub fn check_stats(
    issues: &mut Issues,
    command: &RecordStats,
    organization: &organization::Model,
) -> (Option<SourceCommand>, Option<String>) {
    let source = check_source(issues, "source", command.source.as_ref());
    let note = optional_text(issues, "note", command.note.as_deref(), 2000);
    check_date(issues, "asOf", command.as_of);
    if command.party_members.is_none() && command.cells.is_none() {
        issues.error("stats_empty", "partyMembers", "give partyMembers, cells or both");
    }
    for (path, value) in [("partyMembers", command.party_members), ("cells", command.cells)] {
        if value.is_some_and(|v| v < 0) {
            issues.error("negative_count", path, format!("{path} cannot be negative"));
        }
    }
    if let (Some(members), Some(cells)) = (command.party_members, command.cells)
        && cells > 0
        && members < cells.saturating_mul(3)
    {
        issues.warn(
            "cell_below_minimum",
            "partyMembers",
            format!("{members} members cannot fill {cells} cells of at least 3 members each"),
        );
    }
    if !super::time::organization_active_on(organization, command.as_of) {
        issues.warn(
            "organization_not_active",
            "asOf",
            format!("{} did not exist on {}", organization.name, command.as_of),
        );
    }
    (source, note)
}

/// Checks `recordCommendation`; `conferrer_known` says whether the conferring organization, when
/// one is named, exists. Returns the source, the text and the note.
pub fn check_commendation(
    issues: &mut Issues,
    command: &RecordCommendation,
    conferrer_known: bool,
) -> (Option<SourceCommand>, String, Option<String>) {
    let source = check_source(issues, "source", command.source.as_ref());
    let text = required_text(issues, "text", &command.text, 500);
    let note = optional_text(issues, "note", command.note.as_deref(), 2000);
    if let Some(year) = command.year {
        check_year(issues, "year", year);
    }
    if let Some(attested) = command.attested_on {
        check_date(issues, "attestedOn", attested);
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
    if !conferrer_known {
        issues.error(
            "unknown_reference",
            "conferredByOrganizationId",
            "no organization has this ID",
        );
    }
    (source, text, note)
}
