//! Rules about committees: which positions each kind has, and which are held by one person at a
//! time.

use entity::enums::{CommitteeKind, Position};

/// The positions a kind of committee has.
pub fn positions_allowed(kind: CommitteeKind) -> &'static [Position] {
    match kind {
        CommitteeKind::Executive | CommitteeKind::Standing => &[
            Position::Secretary,
            Position::StandingDeputySecretary,
            Position::DeputySecretary,
            Position::Member,
        ],
        CommitteeKind::Inspection => &[Position::Chair, Position::DeputyChair, Position::Member],
        CommitteeKind::Delegation => &[Position::Head, Position::Member],
    }
}

/// The positions of which a committee has at most one at a time.
pub fn single_holder(position: Position) -> bool {
    matches!(position, Position::Secretary | Position::Chair | Position::Head)
}
