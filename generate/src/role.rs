//! Roles: what each kind of organization is and holds. Its kind and level, the terms it holds
//! congresses for, how large its committees are, when its congresses meet, which target
//! templates fit its resolutions.

use crate::calendar::{CELL_TERMS, CENTRAL_FIRST_ORDINAL, CENTRAL_TERMS, COMMITTEE_TERMS, TermDef, ymd};
use crate::random::pick;
use chrono::{Days, NaiveDate};
use rand::Rng;
use rand::rngs::StdRng;

/// What an organization is in the tree: it decides everything this module answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Central,
    Province,
    District,
    Commune,
    Grassroots,
    Partial,
    Cell,
}

/// Target-template levels (a bit mask).
pub(crate) const AT_GRASSROOTS: u8 = 1;
pub(crate) const AT_COMMUNE: u8 = 2;
pub(crate) const AT_DISTRICT: u8 = 4;
pub(crate) const AT_PROVINCE: u8 = 8;
pub(crate) const ABOVE_GRASSROOTS: u8 = AT_COMMUNE | AT_DISTRICT | AT_PROVINCE;
pub(crate) const EVERY_LEVEL: u8 = AT_GRASSROOTS | ABOVE_GRASSROOTS;

impl Role {
    pub(crate) fn kind(self) -> &'static str {
        match self {
            Self::Partial => "PARTIAL_COMMITTEE",
            Self::Cell => "PARTY_CELL",
            _ => "PARTY_COMMITTEE",
        }
    }

    pub(crate) fn level(self) -> &'static str {
        match self {
            Self::Central => "CENTRAL",
            Self::Province => "PROVINCE",
            Self::District => "DISTRICT",
            Self::Commune => "COMMUNE",
            Self::Grassroots => "GRASSROOTS",
            Self::Partial | Self::Cell => "BELOW_GRASSROOTS",
        }
    }

    /// Committees from the commune up elect a standing committee and an inspection committee.
    pub(crate) fn has_standing_and_inspection(self) -> bool {
        matches!(self, Self::Central | Self::Province | Self::District | Self::Commune)
    }

    /// Which target templates fit its resolutions; 0 for organizations without resolutions.
    pub(crate) fn target_level(self) -> u8 {
        match self {
            Self::Province => AT_PROVINCE,
            Self::District => AT_DISTRICT,
            Self::Commune => AT_COMMUNE,
            Self::Grassroots => AT_GRASSROOTS,
            Self::Central | Self::Partial | Self::Cell => 0,
        }
    }

    /// The terms it holds congresses for, given when it was founded (None: before 2010).
    pub(crate) fn terms(self, founded: Option<usize>) -> Vec<TermDef> {
        let committee = |k: usize, appointed: bool| TermDef {
            start: COMMITTEE_TERMS[k].0,
            end: COMMITTEE_TERMS[k].1,
            k,
            appointed,
        };
        match self {
            Self::Central => CENTRAL_TERMS
                .iter()
                .enumerate()
                .map(|(k, &(start, end, _, _))| TermDef {
                    start,
                    end,
                    k,
                    appointed: false,
                })
                .collect(),
            Self::Province | Self::Commune => (0..4).map(|k| committee(k, false)).collect(),
            // Districts were dissolved in mid-2025, before the 2025-2030 congresses.
            Self::District => (0..3).map(|k| committee(k, false)).collect(),
            Self::Grassroots => match founded {
                None => (0..4).map(|k| committee(k, false)).collect(),
                Some(first) => (first..4).map(|k| committee(k, k == first)).collect(),
            },
            Self::Partial => (founded.unwrap_or(0)..4).map(|k| committee(k, false)).collect(),
            Self::Cell => CELL_TERMS
                .iter()
                .filter(|&&(_, _, k)| k >= founded.unwrap_or(0))
                .map(|&(start, end, k)| TermDef {
                    start,
                    end,
                    k,
                    appointed: false,
                })
                .collect(),
        }
    }

    pub(crate) fn executive_size(self, rng: &mut StdRng) -> usize {
        match self {
            Self::Central => rng.random_range(180..=200),
            Self::Province => rng.random_range(50..=70),
            Self::District => rng.random_range(30..=45),
            Self::Commune => rng.random_range(15..=25),
            Self::Grassroots => rng.random_range(7..=11),
            Self::Partial => rng.random_range(3..=5),
            // A small cell elects only a secretary (and a deputy); a larger one a cell committee of three.
            Self::Cell => *pick(rng, &[1, 2, 2, 3, 3]),
        }
    }

    /// Deputy secretaries besides the secretary. The Central Committee has none: its General
    /// Secretary has no deputy.
    pub(crate) fn deputy_count(self, size: usize, rng: &mut StdRng) -> usize {
        match self {
            Self::Central => 0,
            Self::Province | Self::District | Self::Commune => rng.random_range(2..=3),
            Self::Grassroots => rng.random_range(1..=2),
            Self::Partial => 1,
            Self::Cell => usize::from(size >= 2),
        }
    }

    /// The first deputy of a committee from the commune up is its standing deputy secretary.
    pub(crate) fn has_standing_deputy(self) -> bool {
        matches!(self, Self::Province | Self::District | Self::Commune)
    }

    /// How many of the level below's secretaries sit on this executive concurrently (commune
    /// secretaries are district committee members, district secretaries provincial ones).
    pub(crate) fn concurrent_quota(self, size: usize, available: usize, rng: &mut StdRng) -> usize {
        let (share, cap) = match self {
            Self::Central => (0.8, size / 4),
            Self::Province => (0.6, size / 3),
            Self::District => (0.35, size / 3),
            Self::Commune => (0.2, size / 4),
            _ => return 0,
        };
        let wanted = (available as f64 * share * rng.random_range(0.8..1.2)).round() as usize;
        wanted.min(cap).min(available)
    }

    pub(crate) fn first_ordinal(self, rng: &mut StdRng) -> i32 {
        match self {
            Self::Central => CENTRAL_FIRST_ORDINAL,
            Self::Province => rng.random_range(14..=20),
            Self::District => rng.random_range(10..=20),
            Self::Commune => rng.random_range(6..=20),
            Self::Grassroots | Self::Partial | Self::Cell => rng.random_range(1..=20),
        }
    }

    /// When its congress for a term starting in `year` opens: cells first, the province last.
    pub(crate) fn congress_date(self, year: i32, rng: &mut StdRng) -> NaiveDate {
        let (from, span) = match self {
            // The Central Committee's dates are fixed; see CENTRAL_TERMS.
            Self::Central => (ymd(year, 1, 15), 10),
            Self::Province => (ymd(year, 9, 10), 50),
            Self::District => (ymd(year, 6, 5), 60),
            // The 2025 commune congresses met after the reorganization of 1 July.
            Self::Commune if year == 2025 => (ymd(year, 7, 15), 45),
            Self::Commune => (ymd(year, 4, 10), 70),
            Self::Grassroots if year == 2025 => (ymd(year, 3, 1), 100),
            Self::Grassroots => (ymd(year, 2, 20), 70),
            Self::Partial => (ymd(year, 1, 10), 35),
            // Mid-term cell congresses meet in the summer.
            Self::Cell if matches!(year, 2012 | 2017 | 2022) => (ymd(year, 6, 1), 90),
            Self::Cell => (ymd(year, 1, 5), 30),
        };
        from + Days::new(rng.random_range(0..=span))
    }

    /// How many days after opening it closes: committee congresses often run into a second day.
    pub(crate) fn congress_extra_days(self, rng: &mut StdRng) -> u64 {
        let two_days = match self {
            Self::Central | Self::Cell | Self::Partial => 0.0,
            Self::Province | Self::District => 0.8,
            Self::Commune => 0.6,
            Self::Grassroots => 0.2,
        };
        u64::from(rng.random_bool(two_days))
    }

    /// Delegates' congresses: the usual number of delegates for the level.
    pub(crate) fn delegate_range(self) -> (i64, i64) {
        match self {
            Self::Central => (1_500, 1_600),
            Self::Province => (300, 450),
            Self::District => (200, 300),
            Self::Commune => (100, 200),
            Self::Grassroots => (80, 150),
            Self::Partial | Self::Cell => (0, 0),
        }
    }

    /// Whether a big enough organization of this role holds a delegates' congress.
    pub(crate) fn has_delegates(self) -> bool {
        !matches!(self, Self::Partial | Self::Cell)
    }

    pub(crate) fn motto_chance(self) -> f64 {
        match self {
            Self::Central => 1.0,
            Self::Province | Self::District | Self::Commune => 0.35,
            Self::Grassroots => 0.1,
            Self::Partial | Self::Cell => 0.0,
        }
    }
}

/// An organization with more members than this holds a delegates' congress.
pub(crate) const DELEGATES_FROM_MEMBERS: u32 = 150;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_hold_congresses_twice_in_five_years_and_districts_stop_in_2025() {
        assert_eq!(Role::Cell.terms(None).len(), 7);
        assert_eq!(Role::Cell.terms(Some(2)).len(), 3);
        assert_eq!(Role::District.terms(None).len(), 3);
        let founded = Role::Grassroots.terms(Some(1));
        assert!(founded[0].appointed && !founded[1].appointed);
    }
}
