//! Every relation the API reads: its rows (a statement of `store::related`), their order, the
//! rules that filter them (`domain::time`), and the complexity multiplier of its field. This is
//! the one place both the resolvers and the planner take relations from.

use super::record::Kind;
use super::relation::{Args, Fetched, Relation, records};
use crate::domain::time;
use crate::error::ApiResult;
use crate::store::{ReadConn, related};
use entity::enums::{CommitteeKind, Position};
use entity::*;
use futures::future::BoxFuture;

/// Declares a relation read by one `store::related` call: `|conn, keys, args| call`.
macro_rules! relation {
    ($(#[$doc:meta])* $name:ident: $child:ident, complexity $complexity:expr, |$conn:ident, $keys:ident, $args:pat_param| $call:expr) => {
        $(#[$doc])*
        pub static $name: Relation = Relation {
            name: stringify!($name),
            child: Kind::$child,
            complexity: $complexity,
            fetch: {
                fn fetch<'a>($conn: &'a ReadConn, $keys: Vec<i64>, $args: Args) -> BoxFuture<'a, ApiResult<Fetched>> {
                    Box::pin(async move { Ok(records($call.await?)) })
                }
                fetch
            },
        };
    };
}

/// Declares the look-up of one entity's rows by primary key.
macro_rules! by_id {
    ($name:ident: $child:ident, $entity:ident) => {
        relation!(
            #[doc = concat!("Rows of `", stringify!($entity), "` by primary key.")]
            $name: $child, complexity 1,
            |conn, keys, _| related::by_id::<$entity::Model>(conn, sea_orm::EntityName::table_name(&$entity::Entity), &keys)
        );
    };
}

by_id!(ORGANIZATION_BY_ID: Organization, organization);
by_id!(PLACEMENT_BY_ID: Placement, organization_placement);
by_id!(LINEAGE_BY_ID: Lineage, organization_lineage);
by_id!(STATS_BY_ID: OrganizationStats, organization_stats);
by_id!(RATING_BY_ID: Rating, rating);
by_id!(CONGRESS_BY_ID: Congress, congress);
by_id!(COMMITTEE_BY_ID: Committee, committee);
by_id!(MEMBERSHIP_BY_ID: Membership, membership);
by_id!(PERSON_BY_ID: Person, person);
by_id!(DOCUMENT_BY_ID: Document, document);
by_id!(RESOLUTION_BY_ID: Resolution, resolution);
by_id!(TARGET_BY_ID: Target, target);
by_id!(RESULT_BY_ID: TargetResult, target_result);
by_id!(REVIEW_BY_ID: Review, review);
by_id!(SOURCE_BY_ID: Source, source);
by_id!(ISSUE_BY_ID: Issue, data_quality_issue);

/// The look-up by primary key of a kind of record (for `node(id:)` and `DataQualityIssue.record`).
pub fn by_id(kind: Kind) -> &'static Relation {
    match kind {
        Kind::Organization => &ORGANIZATION_BY_ID,
        Kind::Placement => &PLACEMENT_BY_ID,
        Kind::Lineage => &LINEAGE_BY_ID,
        Kind::OrganizationStats => &STATS_BY_ID,
        Kind::Rating => &RATING_BY_ID,
        Kind::Congress => &CONGRESS_BY_ID,
        Kind::Committee => &COMMITTEE_BY_ID,
        Kind::Membership => &MEMBERSHIP_BY_ID,
        Kind::Person => &PERSON_BY_ID,
        Kind::Document => &DOCUMENT_BY_ID,
        Kind::Resolution => &RESOLUTION_BY_ID,
        Kind::Target => &TARGET_BY_ID,
        Kind::TargetResult => &RESULT_BY_ID,
        Kind::Review => &REVIEW_BY_ID,
        Kind::Source => &SOURCE_BY_ID,
        Kind::Issue => &ISSUE_BY_ID,
    }
}

// Organizations and their tree.

relation!(
    /// The organization each one sat directly under on `args.on`.
    PARENT_ON: Organization, complexity 1,
    |conn, keys, args| related::parents_on(conn, &keys, args.on.unwrap_or_else(time::today))
);
relation!(
    /// Every placement in the tree over time, earliest first.
    PLACEMENTS: Placement, complexity 5,
    |conn, keys, _| related::placements_of(conn, &keys)
);
relation!(
    /// The organizations directly under it on `args.on` that existed then, by name.
    CHILDREN_ON: Organization, complexity 50,
    |conn, keys, args| related::children_on(conn, &keys, args.on.unwrap_or_else(time::today))
);
relation!(
    /// Every organization above it on `args.on`, nearest first.
    ANCESTORS_ON: Organization, complexity 8,
    |conn, keys, args| related::ancestors_on(conn, &keys, args.on.unwrap_or_else(time::today))
);
relation!(
    /// Organizations it came from.
    PREDECESSORS: Organization, complexity 5,
    |conn, keys, _| related::predecessors(conn, &keys)
);
relation!(
    /// Organizations that came from it.
    SUCCESSORS: Organization, complexity 5,
    |conn, keys, _| related::successors(conn, &keys)
);
relation!(
    /// Lineage links in both directions, by date.
    LINEAGE: Lineage, complexity 5,
    |conn, keys, _| related::lineage_of(conn, &keys)
);
relation!(
    /// Its congresses in force, by term then ordinal (the last is its latest).
    CONGRESSES: Congress, complexity 10,
    |conn, keys, _| related::congresses_of(conn, &keys)
);
relation!(
    /// Dated snapshots of its size, oldest first.
    STATS: OrganizationStats, complexity 10,
    |conn, keys, _| related::stats_of(conn, &keys)
);
relation!(
    /// Its yearly ratings, oldest first (of `args.year` when given).
    RATINGS: Rating, complexity 10,
    |conn, keys, args| related::ratings_of(conn, &keys, args.year)
);
relation!(
    /// The reviews of its terms (of the term containing `args.year` when given), by date.
    ORGANIZATION_REVIEWS: Review, complexity 10,
    |conn, keys, args| related::reviews_of_organizations(conn, &keys, args.year)
);
relation!(
    /// The sources that speak about it.
    ORGANIZATION_SOURCES: Source, complexity 5,
    |conn, keys, _| related::sources_of_organizations(conn, &keys)
);

/// Who led each organization on `args.on`: the memberships of that date's executive and
/// standing committees, secretary first, then deputies, then members (executive before
/// standing for the same rank).
pub static LEADERSHIP_ON: Relation = Relation {
    name: "LEADERSHIP_ON",
    child: Kind::Membership,
    complexity: 20,
    fetch: leadership_on,
};

fn leadership_on<'a>(conn: &'a ReadConn, keys: Vec<i64>, args: Args) -> BoxFuture<'a, ApiResult<Fetched>> {
    Box::pin(async move {
        use chrono::Datelike;
        let on = args.on.unwrap_or_else(time::today);
        let mut rows: Vec<_> = related::leadership_candidates(conn, &keys, on, on.year())
            .await?
            .into_iter()
            .filter(|row| time::membership_active_on(&row.membership, &row.congress, on))
            .collect();
        rows.sort_by_key(|row| {
            let committee = u8::from(row.committee_kind != CommitteeKind::Executive);
            (
                row.organization_id,
                position_rank(row.membership.position),
                committee,
                row.membership.id,
            )
        });
        Ok(records(
            rows.into_iter()
                .map(|row| (row.organization_id, row.membership))
                .collect(),
        ))
    })
}

/// Executive and standing committee positions, secretary first.
fn position_rank(position: Position) -> u8 {
    match position {
        Position::Secretary => 0,
        Position::StandingDeputySecretary => 1,
        Position::DeputySecretary => 2,
        Position::Chair => 3,
        Position::DeputyChair => 4,
        Position::Head => 5,
        Position::Member => 6,
    }
}

// Congresses and their committees.

relation!(
    /// Its committees: executive, standing, inspection, delegation (of `args.committee_kind`
    /// when given).
    COMMITTEES: Committee, complexity 4,
    |conn, keys, args| related::committees_of(conn, &keys, args.committee_kind)
);
relation!(
    /// Its resolutions (the first is the resolution it adopted).
    RESOLUTIONS: Resolution, complexity 1,
    |conn, keys, _| related::resolutions_of(conn, &keys)
);
relation!(
    /// Reviews of its term, by date.
    CONGRESS_REVIEWS: Review, complexity 5,
    |conn, keys, _| related::reviews_of_congresses(conn, &keys)
);
relation!(
    /// The sources that speak about it.
    CONGRESS_SOURCES: Source, complexity 5,
    |conn, keys, _| related::sources_of_congresses(conn, &keys)
);
relation!(
    /// The warnings stored with it.
    CONGRESS_ISSUES: Issue, complexity 10,
    |conn, keys, _| related::issues_of(conn, "congress", &keys)
);

/// A committee's memberships, earliest first: those holding on `args.on` when given.
pub static MEMBERS: Relation = Relation {
    name: "MEMBERS",
    child: Kind::Membership,
    complexity: 20,
    fetch: members,
};

fn members<'a>(conn: &'a ReadConn, keys: Vec<i64>, args: Args) -> BoxFuture<'a, ApiResult<Fetched>> {
    Box::pin(async move {
        let Some(on) = args.on else {
            return Ok(records(related::members_of(conn, &keys).await?));
        };
        Ok(records(
            related::members_with_congress(conn, &keys)
                .await?
                .into_iter()
                .filter(|(membership, congress)| time::membership_active_on(membership, congress, on))
                .map(|(membership, _)| (membership.committee_id, membership))
                .collect(),
        ))
    })
}

// People, targets and results.

relation!(
    /// Every position a person held, earliest first.
    PERSON_MEMBERSHIPS: Membership, complexity 20,
    |conn, keys, _| related::memberships_of_people(conn, &keys)
);
relation!(
    /// A resolution's top-level targets in order.
    TARGETS: Target, complexity 15,
    |conn, keys, _| related::targets_of_resolutions(conn, &keys)
);
relation!(
    /// A target's sub-targets in order.
    SUB_TARGETS: Target, complexity 5,
    |conn, keys, _| related::targets_under(conn, &keys)
);
relation!(
    /// A target's results, earliest year first (the last is its latest).
    RESULTS: TargetResult, complexity 10,
    |conn, keys, _| related::results_of(conn, &keys)
);
