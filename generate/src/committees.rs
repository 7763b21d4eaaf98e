//! Committees and their members: the executive committee, with the standing and inspection
//! committees it elects from the commune up; who is re-elected, promoted from below or new; who
//! leaves mid-term and who is elected in their place.

use crate::calendar::RECORDS_END;
use crate::generator::{Generator, next};
use crate::random::{take_random, weighted};
use crate::role::Role;
use chrono::{Days, NaiveDate};
use entity::{committee, membership};
use rand::Rng;
use rand::seq::SliceRandom;

/// Positions, as `memberships.position` stores them.
const SECRETARY: &str = "SECRETARY";
const STANDING_DEPUTY: &str = "STANDING_DEPUTY_SECRETARY";
const DEPUTY: &str = "DEPUTY_SECRETARY";
const MEMBER: &str = "MEMBER";
const CHAIR: &str = "CHAIR";
const DEPUTY_CHAIR: &str = "DEPUTY_CHAIR";

/// Members who leave mid-term (and are replaced by a supplementary election).
const DEPARTURE_RATE: f64 = 0.05;
/// Why members leave, with weights.
const DEPARTURE_REASONS: [(&str, u32); 4] = [("TRANSFERRED", 55), ("RETIRED", 25), ("RESIGNED", 12), ("DECEASED", 8)];
/// No one leaves in the first or last four months of a term.
const DEPARTURE_MARGIN_DAYS: u64 = 120;
/// Committees that declare a seat or two more than they elected.
const UNFILLED_SEATS: f64 = 0.1;

/// A seat on a committee: who holds it, and as what (`SECRETARY`, `MEMBER` ...).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seat {
    pub(crate) person: i64,
    pub(crate) position: &'static str,
}

/// Who held seats at the end of a term: the next term re-elects from them.
#[derive(Debug, Default)]
pub(crate) struct Board {
    pub(crate) executive: Vec<Seat>,
    /// Inspection committee members who are not on the executive.
    pub(crate) inspectors: Vec<i64>,
}

/// A member who leaves mid-term, and who is elected in their place.
pub(crate) struct Departure {
    pub(crate) person: i64,
    pub(crate) on: NaiveDate,
    pub(crate) reason: &'static str,
    pub(crate) replacement: i64,
}

/// What the memberships of one term share.
pub(crate) struct TermDates {
    pub(crate) started: NaiveDate,
    pub(crate) ends_on: Option<NaiveDate>,
    pub(crate) end_reason: Option<&'static str>,
    pub(crate) start_reason: &'static str,
}

impl Generator {
    /// An executive committee: secretary first, then deputies, then members. About half of the
    /// previous committee is re-elected (deputies often move up to secretary), some secretaries of
    /// the level below join, and new people fill the rest.
    pub(crate) fn executive(&mut self, role: Role, previous: &[Seat], below: &[i64]) -> Vec<Seat> {
        let rng = &mut self.rng;
        let size = role.executive_size(rng);
        let deputies = role.deputy_count(size, rng).min(size - 1);
        let mut kept_secretary = None;
        let mut kept_deputies = Vec::new();
        let mut kept_members = Vec::new();
        for seat in previous {
            match seat.position {
                SECRETARY if rng.random_bool(0.5) => kept_secretary = Some(seat.person),
                STANDING_DEPUTY | DEPUTY if rng.random_bool(0.6) => kept_deputies.push(seat.person),
                MEMBER if rng.random_bool(0.5) => kept_members.push(seat.person),
                _ => {}
            }
        }
        let quota = role.concurrent_quota(size, below.len(), rng);
        let mut concurrent: Vec<i64> = below.to_vec();
        concurrent.shuffle(rng);
        concurrent.truncate(quota);
        kept_members.shuffle(rng);

        let secretary = match kept_secretary {
            Some(person) if rng.random_bool(0.55) => Some(person),
            _ => take_random(rng, &mut kept_deputies).or(kept_secretary).or_else(|| {
                if rng.random_bool(0.4) {
                    take_random(rng, &mut concurrent)
                } else {
                    None
                }
            }),
        };
        let secretary = secretary.unwrap_or_else(|| self.person());
        let mut seats = vec![Seat {
            person: secretary,
            position: SECRETARY,
        }];
        let mut candidates = kept_deputies.into_iter().chain(kept_members).chain(concurrent);
        let seated = |seats: &[Seat], person: i64| seats.iter().any(|s| s.person == person);
        while seats.len() < size {
            let position = match seats.len() {
                1 if role.has_standing_deputy() && deputies > 0 => STANDING_DEPUTY,
                n if n <= deputies => DEPUTY,
                _ => MEMBER,
            };
            let person = loop {
                match candidates.next() {
                    Some(person) if seated(&seats, person) => continue,
                    Some(person) => break person,
                    None => break self.person(),
                }
            };
            seats.push(Seat { person, position });
        }
        seats
    }

    /// The standing committee: the secretary and deputies, and about a third of the executive.
    pub(crate) fn standing(&mut self, role: Role, executive: &[Seat]) -> Vec<Seat> {
        let size = match role {
            // The Politburo.
            Role::Central => self.rng.random_range(16..=19),
            _ => (executive.len() as f64 / 3.0).round() as usize,
        };
        let mut seats: Vec<Seat> = executive.iter().filter(|s| s.position != MEMBER).copied().collect();
        let mut members: Vec<Seat> = executive.iter().filter(|s| s.position == MEMBER).copied().collect();
        members.shuffle(&mut self.rng);
        let wanted = size.max(seats.len() + 1).saturating_sub(seats.len());
        seats.extend(members.into_iter().take(wanted));
        seats
    }

    /// The inspection committee: its chair sits on the standing committee; its other members are
    /// mostly inspectors who are not on the executive, about half of them re-elected.
    pub(crate) fn inspection(
        &mut self,
        role: Role,
        executive: &[Seat],
        standing: &[Seat],
        previous: &[i64],
    ) -> (Vec<Seat>, Vec<i64>) {
        let size = match role {
            Role::Central => self.rng.random_range(19..=23),
            Role::Commune => self.rng.random_range(5..=7),
            _ => self.rng.random_range(5..=9),
        };
        let deputies = self.rng.random_range(1..=2);
        let mut standing_members: Vec<i64> = standing
            .iter()
            .filter(|s| s.position == MEMBER)
            .map(|s| s.person)
            .collect();
        let mut executive_members: Vec<i64> = executive
            .iter()
            .filter(|s| s.position == MEMBER && !standing_members.contains(&s.person))
            .map(|s| s.person)
            .collect();
        let chair = take_random(&mut self.rng, &mut standing_members)
            .or_else(|| take_random(&mut self.rng, &mut executive_members))
            .unwrap_or_else(|| self.person());
        let mut kept: Vec<i64> = previous.iter().copied().filter(|_| self.rng.random_bool(0.5)).collect();
        let mut seats = vec![Seat {
            person: chair,
            position: CHAIR,
        }];
        let mut inspectors = Vec::new();
        while seats.len() < size {
            let position = if seats.len() <= deputies { DEPUTY_CHAIR } else { MEMBER };
            let from_executive = if self.rng.random_bool(0.25) {
                take_random(&mut self.rng, &mut executive_members)
            } else {
                None
            };
            let person = match from_executive {
                Some(person) => person,
                None => {
                    let person = kept.pop().unwrap_or_else(|| self.person());
                    inspectors.push(person);
                    person
                }
            };
            seats.push(Seat { person, position });
        }
        (seats, inspectors)
    }

    /// Who leaves mid-term, when and why, and who is elected in their place. Secretaries serve
    /// their whole term, so every executive has exactly one.
    pub(crate) fn departures(&mut self, executive: &[Seat], inspection: &[Seat], dates: &TermDates) -> Vec<Departure> {
        let earliest = dates.started + Days::new(DEPARTURE_MARGIN_DAYS);
        let latest = dates.ends_on.unwrap_or(RECORDS_END) - Days::new(DEPARTURE_MARGIN_DAYS);
        let Ok(span) = u64::try_from((latest - earliest).num_days()) else {
            return Vec::new();
        };
        let mut departures: Vec<Departure> = Vec::new();
        for seat in executive.iter().chain(inspection) {
            if seat.position == SECRETARY
                || departures.iter().any(|d| d.person == seat.person)
                || !self.rng.random_bool(DEPARTURE_RATE)
            {
                continue;
            }
            let on = earliest + Days::new(self.rng.random_range(0..=span));
            let reason = *weighted(&mut self.rng, &DEPARTURE_REASONS);
            let replacement = self.person();
            departures.push(Departure {
                person: seat.person,
                on,
                reason,
                replacement,
            });
        }
        departures
    }

    /// A committee and its memberships; a departed member's seat passes to the replacement.
    pub(crate) fn committee(
        &mut self,
        congress_id: i64,
        (kind, formation): (&'static str, &'static str),
        decided_by: Option<i64>,
        seats: &[Seat],
        departures: &[Departure],
        dates: &TermDates,
    ) {
        let id = next(&mut self.ids.committee);
        let unfilled = if self.rng.random_bool(UNFILLED_SEATS) {
            self.rng.random_range(1..=2)
        } else {
            0
        };
        self.sink
            .row::<committee::Entity>()
            .int(committee::Column::Id, id)
            .int(committee::Column::CongressId, congress_id)
            .text(committee::Column::Kind, kind)
            .text(committee::Column::Formation, formation)
            .int(committee::Column::SeatCount, seats.len() as i64 + unfilled)
            .opt_int(committee::Column::DecidedByOrganizationId, decided_by)
            .int(committee::Column::SourceId, self.term_source)
            .now(committee::Column::CreatedAt);
        for seat in seats {
            match departures.iter().find(|d| d.person == seat.person) {
                Some(departure) => {
                    self.membership(
                        id,
                        seat,
                        (dates.started, dates.start_reason),
                        (Some(departure.on), Some(departure.reason)),
                    );
                    let replacement = Seat {
                        person: departure.replacement,
                        position: seat.position,
                    };
                    self.membership(
                        id,
                        &replacement,
                        (departure.on, "SUPPLEMENTED"),
                        (dates.ends_on, dates.end_reason),
                    );
                }
                None => self.membership(
                    id,
                    seat,
                    (dates.started, dates.start_reason),
                    (dates.ends_on, dates.end_reason),
                ),
            }
        }
    }

    pub(crate) fn membership(
        &mut self,
        committee_id: i64,
        seat: &Seat,
        (started, start_reason): (NaiveDate, &'static str),
        (ended, end_reason): (Option<NaiveDate>, Option<&'static str>),
    ) {
        let id = next(&mut self.ids.membership);
        self.sink
            .row::<membership::Entity>()
            .int(membership::Column::Id, id)
            .int(membership::Column::CommitteeId, committee_id)
            .int(membership::Column::PersonId, seat.person)
            .text(membership::Column::Position, seat.position)
            .date(membership::Column::StartedOn, started)
            .opt_date(membership::Column::EndedOn, ended)
            .text(membership::Column::StartReason, start_reason)
            .opt_text(membership::Column::EndReason, end_reason)
            .int(membership::Column::SourceId, self.term_source)
            .now(membership::Column::CreatedAt)
            .now(membership::Column::UpdatedAt);
    }
}
