//! The calendar of the synthetic history: when it starts and ends, the reorganization of 2025,
//! and the terms committees and cells hold their congresses for.

use chrono::NaiveDate;

/// A date from parts known to be valid (constants, and fixed months and days of a computed year).
pub(crate) const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

/// Where the synthetic history starts: organizations that exist then are placed from this day.
pub(crate) const HISTORY_START: NaiveDate = ymd(2010, 1, 1);
/// District committees ended and communes moved under their province.
pub(crate) const REORGANIZATION: NaiveDate = ymd(2025, 7, 1);
/// The last day the synthetic records know of: members leave mid-term only before it.
pub(crate) const RECORDS_END: NaiveDate = ymd(2026, 10, 31);
/// Results are reported for the years up to this one.
pub(crate) const LAST_RESULT_YEAR: i32 = 2025;
/// The Party's founding day: the Central Committee's `founded_on`.
pub(crate) const CENTRAL_FOUNDED: NaiveDate = ymd(1930, 2, 3);

/// The five-year terms of committee organizations, indexed 0..=3 everywhere below.
pub(crate) const COMMITTEE_TERMS: [(i32, i32); 4] = [(2010, 2015), (2015, 2020), (2020, 2025), (2025, 2030)];
/// The Central Committee's terms (11th to 14th national congresses), with their real dates.
pub(crate) const CENTRAL_TERMS: [(i32, i32, NaiveDate, NaiveDate); 4] = [
    (2011, 2016, ymd(2011, 1, 12), ymd(2011, 1, 19)),
    (2016, 2021, ymd(2016, 1, 21), ymd(2016, 1, 28)),
    (2021, 2026, ymd(2021, 1, 25), ymd(2021, 2, 1)),
    (2026, 2031, ymd(2026, 1, 19), ymd(2026, 1, 23)),
];
/// The first of `CENTRAL_TERMS` was the 11th national congress.
pub(crate) const CENTRAL_FIRST_ORDINAL: i32 = 11;
/// Cells hold congresses twice in five years: (start, end, the five-year term it falls in).
pub(crate) const CELL_TERMS: [(i32, i32, usize); 7] = [
    (2010, 2012, 0),
    (2012, 2015, 0),
    (2015, 2017, 1),
    (2017, 2020, 1),
    (2020, 2022, 2),
    (2022, 2025, 2),
    (2025, 2027, 3),
];

/// One term an organization holds a congress for (or has its committee appointed for).
#[derive(Debug, Clone, Copy)]
pub(crate) struct TermDef {
    pub(crate) start: i32,
    pub(crate) end: i32,
    /// The five-year term it falls in: statistics, sources and promotions are kept per five years.
    pub(crate) k: usize,
    /// A newly founded organization's first committee, appointed by its superior: no congress met.
    pub(crate) appointed: bool,
}

/// When a new organization was founded: in the second half of the year before term `term` starts,
/// so that its superior appoints its first committee for that term.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Founding {
    pub(crate) term: usize,
    pub(crate) on: NaiveDate,
}
