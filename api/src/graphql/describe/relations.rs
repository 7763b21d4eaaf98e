//! Every relation the API reads: its statement (`store::related`, which holds its order and
//! filters), the kind of rows it gives, and the complexity multiplier of its field. This is the
//! one place both the resolvers and the planner take relations from.

use super::record::Kind;
use super::relation::Relation;
use crate::store::related;

/// Declares a relation: `NAME: ChildKind, complexity N, builder`.
macro_rules! relation {
    ($(#[$doc:meta])* $name:ident: $child:ident, complexity $complexity:expr, $build:path) => {
        $(#[$doc])*
        pub static $name: Relation = Relation {
            name: stringify!($name),
            child: Kind::$child,
            complexity: $complexity,
            build: $build,
        };
    };
}

relation!(ORGANIZATION_BY_ID: Organization, complexity 1, related::organizations_by_id);
relation!(PLACEMENT_BY_ID: Placement, complexity 1, related::placements_by_id);
relation!(LINEAGE_BY_ID: Lineage, complexity 1, related::lineages_by_id);
relation!(STATS_BY_ID: OrganizationStats, complexity 1, related::stats_by_id);
relation!(RATING_BY_ID: Rating, complexity 1, related::ratings_by_id);
relation!(COMMENDATION_BY_ID: Commendation, complexity 1, related::commendations_by_id);
relation!(CONGRESS_BY_ID: Congress, complexity 1, related::congresses_by_id);
relation!(COMMITTEE_BY_ID: Committee, complexity 1, related::committees_by_id);
relation!(MEMBERSHIP_BY_ID: Membership, complexity 1, related::memberships_by_id);
relation!(PERSON_BY_ID: Person, complexity 1, related::people_by_id);
relation!(DOCUMENT_BY_ID: Document, complexity 1, related::documents_by_id);
relation!(RESOLUTION_BY_ID: Resolution, complexity 1, related::resolutions_by_id);
relation!(TARGET_BY_ID: Target, complexity 1, related::targets_by_id);
relation!(RESULT_BY_ID: TargetResult, complexity 1, related::results_by_id);
relation!(REVIEW_BY_ID: Review, complexity 1, related::reviews_by_id);
relation!(SOURCE_BY_ID: Source, complexity 1, related::sources_by_id);
relation!(ISSUE_BY_ID: Issue, complexity 1, related::issues_by_id);

/// The look-up by primary key of a kind of record (for `node(id:)` and `DataQualityIssue.record`).
pub fn by_id(kind: Kind) -> &'static Relation {
    match kind {
        Kind::Organization => &ORGANIZATION_BY_ID,
        Kind::Placement => &PLACEMENT_BY_ID,
        Kind::Lineage => &LINEAGE_BY_ID,
        Kind::OrganizationStats => &STATS_BY_ID,
        Kind::Rating => &RATING_BY_ID,
        Kind::Commendation => &COMMENDATION_BY_ID,
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

// Organizations and their tree. The date of the `*_ON` relations defaults, per organization,
// to today or its last day if it has been dissolved.

relation!(
    /// The organization each one sat directly under on `args.on`.
    PARENT_ON: Organization, complexity 1, related::parents_on
);
relation!(
    /// Every placement in the tree over time, earliest first.
    PLACEMENTS: Placement, complexity 5, related::placements_of
);
relation!(
    /// The organizations directly under it on `args.on` that existed then, by name.
    CHILDREN_ON: Organization, complexity 50, related::children_on
);
relation!(
    /// Every organization above it on `args.on`, nearest first.
    ANCESTORS_ON: Organization, complexity 8, related::ancestors_on
);
relation!(
    /// Organizations it came from.
    PREDECESSORS: Organization, complexity 5, related::predecessors
);
relation!(
    /// Organizations that came from it.
    SUCCESSORS: Organization, complexity 5, related::successors
);
relation!(
    /// Lineage links in both directions, by date.
    LINEAGE: Lineage, complexity 5, related::lineage_of
);
relation!(
    /// Its congresses in force, by term then ordinal (the last is its latest).
    CONGRESSES: Congress, complexity 10, related::congresses_of
);
relation!(
    /// Who led it on `args.on`: the memberships of that date's executive and standing
    /// committees, secretary first, then deputies, then members.
    LEADERSHIP_ON: Membership, complexity 20, related::leadership_on
);
relation!(
    /// Dated snapshots of its size, oldest first.
    STATS: OrganizationStats, complexity 10, related::stats_of
);
relation!(
    /// Its yearly ratings, oldest first (of `args.year` when given).
    RATINGS: Rating, complexity 10, related::ratings_of
);
relation!(
    /// Its titles, commendations, recognitions, praise and emulation registrations, by year.
    COMMENDATIONS: Commendation, complexity 10, related::commendations_of
);
relation!(
    /// The reviews of its terms (of the term containing `args.year` when given), by date.
    ORGANIZATION_REVIEWS: Review, complexity 10, related::reviews_of_organizations
);
relation!(
    /// The sources that speak about it.
    ORGANIZATION_SOURCES: Source, complexity 5, related::sources_of_organizations
);

// Congresses and their committees.

relation!(
    /// Its committees: executive, standing, inspection, delegation (of `args.committee_kind`
    /// when given).
    COMMITTEES: Committee, complexity 4, related::committees_of
);
relation!(
    /// Its resolutions (the first is the resolution it adopted).
    RESOLUTIONS: Resolution, complexity 1, related::resolutions_of
);
relation!(
    /// Reviews of its term, by date.
    CONGRESS_REVIEWS: Review, complexity 5, related::reviews_of_congresses
);
relation!(
    /// The sources that speak about it.
    CONGRESS_SOURCES: Source, complexity 5, related::sources_of_congresses
);
relation!(
    /// The warnings stored with it.
    CONGRESS_ISSUES: Issue, complexity 10, related::issues_of_congresses
);
relation!(
    /// A committee's memberships, earliest first: those holding on `args.on` when given.
    MEMBERS: Membership, complexity 20, related::members_of
);

// People, targets and results.

relation!(
    /// Every position a person held, earliest first.
    PERSON_MEMBERSHIPS: Membership, complexity 20, related::memberships_of_people
);
relation!(
    /// A resolution's top-level targets in order.
    TARGETS: Target, complexity 15, related::targets_of_resolutions
);
relation!(
    /// A target's sub-targets in order.
    SUB_TARGETS: Target, complexity 5, related::targets_under
);
relation!(
    /// The warnings stored with a target and with its results (a report row's issues).
    TARGET_ISSUES: Issue, complexity 5, related::issues_of_targets
);
relation!(
    /// A target's results, earliest year first (the last is its latest).
    RESULTS: TargetResult, complexity 10, related::results_of
);
