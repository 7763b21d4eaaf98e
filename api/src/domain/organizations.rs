//! Rules about where an organization may sit in the tree.

use crate::vocabulary::issues::Issues;
use chrono::NaiveDate;
use entity::enums::OrganizationLevel;
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
