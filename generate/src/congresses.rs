//! Congresses: when each organization holds them (or has its first committee appointed), what
//! kind they are, their size snapshot, and the committees and resolution each term brings.

use crate::calendar::TermDef;
use crate::calendar::{CENTRAL_TERMS, HISTORY_START};
use crate::committees::{Board, Seat, TermDates};
use crate::generator::{Generator, Org, Secretaries, Size, next};
use crate::random::pick;
use crate::role::{DELEGATES_FROM_MEMBERS, Role};
use crate::sources::{REGISTRY_SOURCE, term_source};
use chrono::{Days, NaiveDate};
use entity::{congress, congress_source, organization_stats};
use rand::Rng;

/// The Central Committee's mottos, term by term (see `CENTRAL_TERMS`).
const CENTRAL_MOTTOS: [&str; 4] = [
    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới",
    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới",
    "Đoàn kết - Dân chủ - Kỷ cương - Sáng tạo - Phát triển",
    "Đoàn kết - Dân chủ - Kỷ cương - Đột phá - Phát triển",
];

/// Mottos other committees' congresses take (some of them: see `Role::motto_chance`).
const MOTTOS: [&str; 6] = [
    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
    "Đoàn kết - Trách nhiệm - Đổi mới - Sáng tạo - Phát triển",
    "Đoàn kết - Gương mẫu - Đổi mới - Phát triển",
    "Dân chủ - Kỷ cương - Đoàn kết - Đổi mới - Phát triển",
    "Đoàn kết - Dân chủ - Đổi mới - Hội nhập - Phát triển bền vững",
    "Đoàn kết - Kỷ cương - Sáng tạo - Phát triển",
];

/// A term as scheduled: its congress's dates and ordinal.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Slot {
    pub(crate) term: TermDef,
    pub(crate) opened: NaiveDate,
    pub(crate) closed: Option<NaiveDate>,
    pub(crate) ordinal: Option<i32>,
}

impl Generator {
    /// Every term of an organization: congresses, committees, memberships, snapshots, resolutions.
    /// Returns its secretary in each five-year term.
    pub(crate) fn hold_terms(&mut self, org: &Org, size: &Size, below: &Secretaries) -> [Option<i64>; 4] {
        let slots = self.schedule(org);
        let mut board = Board::default();
        let mut secretaries = [None; 4];
        let mut sources = [false; 4];
        for (index, slot) in slots.iter().enumerate() {
            let next_opened = slots.get(index + 1).map(|s| s.opened);
            board = self.hold_term(org, slot, next_opened, &board, &below[slot.term.k], size);
            secretaries[slot.term.k] = board.executive.first().map(|seat| seat.person);
            sources[slot.term.k] = true;
        }
        for (k, used) in sources.into_iter().enumerate() {
            if used {
                self.organization_source(org.id, term_source(k));
            }
        }
        secretaries
    }

    /// The dates and ordinals of an organization's congresses.
    fn schedule(&mut self, org: &Org) -> Vec<Slot> {
        let terms = org.role.terms(org.founded.map(|f| f.term));
        // A new organization's first elected congress is its first; older ones are numbered on.
        let mut ordinal = match org.founded {
            Some(_) => 1,
            None => org.role.first_ordinal(&mut self.rng),
        };
        terms
            .into_iter()
            .map(|term| {
                if org.role == Role::Central {
                    let (_, _, opened, closed) = CENTRAL_TERMS[term.k];
                    let slot = Slot {
                        term,
                        opened,
                        closed: Some(closed),
                        ordinal: Some(ordinal),
                    };
                    ordinal += 1;
                    return slot;
                }
                if term.appointed {
                    // The superior's decision, days after the founding; no congress, no number.
                    let founded = org.founded.map_or(HISTORY_START, |f| f.on);
                    return Slot {
                        term,
                        opened: founded + Days::new(self.rng.random_range(0..=10)),
                        closed: None,
                        ordinal: None,
                    };
                }
                let opened = org.role.congress_date(term.start, &mut self.rng);
                let closed = opened + Days::new(org.role.congress_extra_days(&mut self.rng));
                let slot = Slot {
                    term,
                    opened,
                    closed: Some(closed),
                    ordinal: Some(ordinal),
                };
                ordinal += 1;
                slot
            })
            .collect()
    }

    /// One term: the congress, its snapshot, committees and memberships, and its resolution.
    fn hold_term(
        &mut self,
        org: &Org,
        slot: &Slot,
        next_opened: Option<NaiveDate>,
        previous: &Board,
        below: &[i64],
        size: &Size,
    ) -> Board {
        let role = org.role;
        let k = slot.term.k;
        let source = term_source(k);
        self.term_source = source;
        let members = size.members[k];
        let congress_id = next(&mut self.ids.congress);
        let (kind, delegates) = if slot.term.appointed {
            (None, None)
        } else if role == Role::Central || (role.has_delegates() && members >= DELEGATES_FROM_MEMBERS) {
            let (low, high) = role.delegate_range();
            let delegates = self.rng.random_range(low..=high);
            let delegates = if role == Role::Central {
                delegates
            } else {
                delegates.min(i64::from(members))
            };
            (Some("DELEGATES"), Some(delegates))
        } else {
            (Some("MEMBERS"), None)
        };
        let motto = match role {
            Role::Central => Some(CENTRAL_MOTTOS[k]),
            _ if !slot.term.appointed && self.rng.random_bool(role.motto_chance()) => {
                Some(*pick(&mut self.rng, &MOTTOS))
            }
            _ => None,
        };
        self.sink
            .row::<congress::Entity>()
            .int(congress::Column::Id, congress_id)
            .int(congress::Column::OrganizationId, org.id)
            .opt_int(congress::Column::Ordinal, slot.ordinal.map(i64::from))
            .int(congress::Column::TermStartYear, i64::from(slot.term.start))
            .int(congress::Column::TermEndYear, i64::from(slot.term.end))
            .opt_text(congress::Column::Kind, kind)
            .date(congress::Column::OpenedOn, slot.opened)
            .opt_date(congress::Column::ClosedOn, slot.closed)
            .opt_int(congress::Column::DelegateCount, delegates)
            .opt_text(congress::Column::Motto, motto)
            .int(congress::Column::SourceId, source)
            .now(congress::Column::CreatedAt);
        self.sink
            .row::<congress_source::Entity>()
            .int(congress_source::Column::CongressId, congress_id)
            .int(congress_source::Column::SourceId, source);
        let stats_id = next(&mut self.ids.stats);
        let cells = (role != Role::Cell).then(|| i64::from(size.cells[k]));
        self.sink
            .row::<organization_stats::Entity>()
            .int(organization_stats::Column::Id, stats_id)
            .int(organization_stats::Column::OrganizationId, org.id)
            .date(organization_stats::Column::AsOf, slot.opened)
            .int(organization_stats::Column::PartyMembers, i64::from(members))
            .opt_int(organization_stats::Column::Cells, cells)
            .int(organization_stats::Column::SourceId, REGISTRY_SOURCE)
            .now(organization_stats::Column::CreatedAt);

        let executive = self.executive(role, &previous.executive, below);
        let (standing, inspection, inspectors) = if role.has_standing_and_inspection() {
            let standing = self.standing(role, &executive);
            let (inspection, inspectors) = self.inspection(role, &executive, &standing, &previous.inspectors);
            (standing, inspection, inspectors)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let (ends_on, end_reason) = match (next_opened, org.dissolved_on) {
            (Some(next), _) => (Some(next), Some("TERM_ENDED")),
            (None, Some(dissolved)) => (Some(dissolved), Some("REORGANIZED")),
            (None, None) => (None, None),
        };
        let dates = TermDates {
            started: slot.closed.unwrap_or(slot.opened),
            ends_on,
            end_reason,
            start_reason: if slot.term.appointed { "APPOINTED" } else { "ELECTED" },
        };
        let departures = self.departures(&executive, &inspection, &dates);
        let (formation, decided_by) = if slot.term.appointed {
            ("APPOINTED", org.parent)
        } else {
            ("ELECTED_BY_CONGRESS", None)
        };
        self.committee(
            congress_id,
            ("EXECUTIVE", formation),
            decided_by,
            &executive,
            &departures,
            &dates,
        );
        if !standing.is_empty() {
            self.committee(
                congress_id,
                ("STANDING", "ELECTED_BY_PLENUM"),
                None,
                &standing,
                &departures,
                &dates,
            );
        }
        if !inspection.is_empty() {
            self.committee(
                congress_id,
                ("INSPECTION", "ELECTED_BY_PLENUM"),
                None,
                &inspection,
                &departures,
                &dates,
            );
        }
        if role.target_level() != 0 && !slot.term.appointed {
            self.resolution(org, slot, congress_id, kind == Some("DELEGATES"));
        }
        // Whoever holds the seats at the end of the term stands for re-election.
        let replaced = |person: i64| {
            departures
                .iter()
                .find(|d| d.person == person)
                .map_or(person, |d| d.replacement)
        };
        Board {
            executive: executive
                .iter()
                .map(|seat| Seat {
                    person: replaced(seat.person),
                    position: seat.position,
                })
                .collect(),
            inspectors: inspectors.into_iter().map(replaced).collect(),
        }
    }
}
