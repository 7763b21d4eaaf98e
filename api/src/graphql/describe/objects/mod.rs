//! The planner's table of every object type: each field, how it is answered, and its complexity
//! multiplier, the same the resolvers declare. A test walks the schema and fails for a field
//! that is neither here nor marked as left to the executor.
//!
//! Left to the executor, with why:
//! - `history` on every type: admins only, and rarely asked;
//! - `Committee.vacancies` and `Membership.active`: they need the congress of the committee,
//!   a second relation per row;
//! - `Review.guests`: a list of objects kept as JSON text in the row;
//! - `TermReportRow.dataQualityCodes`: it reads two relations per row, results and warnings.

mod congress;
mod organization;
mod people;
mod target;

pub use congress::{COMMITTEE_TYPE, CONGRESS_TYPE, MEMBERSHIP_TYPE, RESOLUTION_TYPE, REVIEW_TYPE};
pub use organization::{COMMENDATION_TYPE, LINEAGE_TYPE, ORGANIZATION_TYPE, PLACEMENT_TYPE, RATING_TYPE, STATS_TYPE};
pub use people::{DOCUMENT_TYPE, ISSUE_TYPE, PERSON_TYPE, SOURCE_TYPE};
pub use target::{TARGET_RESULT_TYPE, TARGET_TYPE, TERM_REPORT_ROW_TYPE};

use super::object::ObjectDef;
use super::record::Kind;

/// The object type whose rows are records of `kind`.
pub fn object_of(kind: Kind) -> &'static ObjectDef {
    match kind {
        Kind::Organization => &ORGANIZATION_TYPE,
        Kind::Placement => &PLACEMENT_TYPE,
        Kind::Lineage => &LINEAGE_TYPE,
        Kind::OrganizationStats => &STATS_TYPE,
        Kind::Rating => &RATING_TYPE,
        Kind::Commendation => &COMMENDATION_TYPE,
        Kind::Congress => &CONGRESS_TYPE,
        Kind::Committee => &COMMITTEE_TYPE,
        Kind::Membership => &MEMBERSHIP_TYPE,
        Kind::Person => &PERSON_TYPE,
        Kind::Document => &DOCUMENT_TYPE,
        Kind::Resolution => &RESOLUTION_TYPE,
        Kind::Target => &TARGET_TYPE,
        Kind::TargetResult => &TARGET_RESULT_TYPE,
        Kind::Review => &REVIEW_TYPE,
        Kind::Source => &SOURCE_TYPE,
        Kind::Issue => &ISSUE_TYPE,
    }
}

/// Every object type the planner knows with an ID (a `Node`), by name.
pub fn object_named(name: &str) -> Option<&'static ObjectDef> {
    ALL.iter().copied().find(|object| object.name == name)
}

/// Every object type the planner knows, `Node`s or not, by name (for complexity rules).
pub fn any_object_named(name: &str) -> Option<&'static ObjectDef> {
    object_named(name).or_else(|| (name == TERM_REPORT_ROW_TYPE.name).then_some(&TERM_REPORT_ROW_TYPE))
}

/// Every object type the planner knows.
pub static ALL: [&ObjectDef; 17] = [
    &ORGANIZATION_TYPE,
    &PLACEMENT_TYPE,
    &LINEAGE_TYPE,
    &STATS_TYPE,
    &RATING_TYPE,
    &COMMENDATION_TYPE,
    &CONGRESS_TYPE,
    &COMMITTEE_TYPE,
    &MEMBERSHIP_TYPE,
    &PERSON_TYPE,
    &DOCUMENT_TYPE,
    &RESOLUTION_TYPE,
    &TARGET_TYPE,
    &TARGET_RESULT_TYPE,
    &REVIEW_TYPE,
    &SOURCE_TYPE,
    &ISSUE_TYPE,
];
