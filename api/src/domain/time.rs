//! Time travel: which organizations, placements and memberships hold on a given date.
//!
//! Intervals are half-open: an organization founded on 2025-07-01 exists from that day; one
//! dissolved on 2025-07-01 no longer exists on that day; a placement valid to 2025-07-01 ended the
//! day before.

use chrono::{Datelike, FixedOffset, NaiveDate, Utc};
use entity::{congress, membership, organization};

/// Vietnam's time zone (UTC+7, no daylight saving), where the records are kept.
const VIETNAM: FixedOffset = match FixedOffset::east_opt(7 * 3600) {
    Some(offset) => offset,
    None => panic!("UTC+7 is a valid offset"),
};

/// Today in Vietnam.
pub fn today() -> NaiveDate {
    Utc::now().with_timezone(&VIETNAM).date_naive()
}

pub fn within(from: Option<NaiveDate>, to: Option<NaiveDate>, on: NaiveDate) -> bool {
    from.is_none_or(|from| from <= on) && to.is_none_or(|to| on < to)
}

pub fn organization_active_on(organization: &organization::Model, on: NaiveDate) -> bool {
    within(organization.founded_on, organization.dissolved_on, on)
}

/// Whether the records know it to be active on a date: active, and not past the day from which
/// the sources stop telling what became of it. Reads answer this; writes accept records of an
/// organization whose status is unknown (a new source may tell).
pub fn organization_known_active_on(organization: &organization::Model, on: NaiveDate) -> bool {
    organization_active_on(organization, on) && organization.status_unknown_from.is_none_or(|unknown| on < unknown)
}

/// The date an omitted `on:` argument means for an organization: today, or its last day if it
/// has been dissolved (so a dissolved district still shows the wards it had).
pub fn default_date_for(organization: &organization::Model) -> NaiveDate {
    let today = today();
    match organization.dissolved_on {
        Some(dissolved) if dissolved <= today => dissolved.pred_opt().unwrap_or(dissolved),
        _ => today,
    }
}

/// The first day a membership is known to hold: its own start, else the congress that elected
/// it, else the day a source attests it (a source that names an officer on one date says nothing
/// of the years before).
pub fn membership_start(membership: &membership::Model, congress: &congress::Model) -> Option<NaiveDate> {
    membership
        .started_on
        .or(congress.closed_on)
        .or(congress.opened_on)
        .or(membership.attested_on)
}

/// Whether a membership holds on a date. Without a recorded end, a committee serves until the end
/// of its term's last year (its successor's congress ends it earlier when that congress is recorded).
pub fn membership_active_on(membership: &membership::Model, congress: &congress::Model, on: NaiveDate) -> bool {
    let started = match membership_start(membership, congress) {
        Some(start) => start <= on,
        None => on.year() >= congress.term_start_year,
    };
    started && membership.ended_on.is_none_or(|end| on < end) && on.year() <= congress.term_end_year
}
