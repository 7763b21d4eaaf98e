//! `Organization` and what hangs off it: placements, lineage, statistics, ratings.

use crate::domain::time;
use crate::graphql::describe::fields::{history, id, related, source, value};
use crate::graphql::describe::object::ObjectDef;
use crate::graphql::describe::record::Kind;
use crate::graphql::describe::relation::Args;
use crate::graphql::describe::relations::*;
use entity::{commendation, organization, organization_lineage, organization_placement, organization_stats, rating};

/// The date of `on:`; when omitted, each relation's statement takes the organization's
/// default (today, or its last day if it has been dissolved).
macro_rules! on {
    ($args:ident) => {
        Ok(Args {
            on: $args.date("on")?,
            ..Args::NONE
        })
    };
}

pub static ORGANIZATION_TYPE: ObjectDef = ObjectDef {
    name: "Organization",
    kind: Kind::Organization,
    fields: &[
        id!(organization::Model, Organization),
        history!(),
        value!("name", organization::Model, |m, out| out.str(&m.name)),
        value!("kind", organization::Model, |m, out| out.enumeration(&m.kind)),
        value!("kindLabel", organization::Model, |m, out| out
            .str(crate::graphql::labels::organization_kind(m.kind))),
        value!("level", organization::Model, |m, out| out.enumeration(&m.level)),
        value!("levelLabel", organization::Model, |m, out| out
            .str(crate::graphql::labels::organization_level(m.level))),
        value!("foundedOn", organization::Model, |m, out| out.opt_date(m.founded_on)),
        value!("dissolvedOn", organization::Model, |m, out| out
            .opt_date(m.dissolved_on)),
        value!("statusUnknownFrom", organization::Model, |m, out| out
            .opt_date(m.status_unknown_from)),
        value!("active", organization::Model, |m, args, out| {
            let on = args.date("on")?.unwrap_or_else(time::today);
            out.bool(time::organization_known_active_on(m, on))
        }),
        related!("parent", PARENT_ON, organization::Model, key id,
            args |args| on!(args), First, required false, complexity Some(PARENT_ON.complexity)),
        related!("placements", PLACEMENTS, organization::Model, key id, All, required true,
            complexity Some(PLACEMENTS.complexity)),
        related!("children", CHILDREN_ON, organization::Model, key id,
            args |args| on!(args), All, required true, complexity Some(CHILDREN_ON.complexity)),
        related!("ancestors", ANCESTORS_ON, organization::Model, key id,
            args |args| on!(args), All, required true, complexity Some(ANCESTORS_ON.complexity)),
        related!("predecessors", PREDECESSORS, organization::Model, key id, All, required true,
            complexity Some(PREDECESSORS.complexity)),
        related!("successors", SUCCESSORS, organization::Model, key id, All, required true,
            complexity Some(SUCCESSORS.complexity)),
        related!("lineage", LINEAGE, organization::Model, key id, All, required true,
            complexity Some(LINEAGE.complexity)),
        related!("congresses", CONGRESSES, organization::Model, key id, All, required true,
            complexity Some(CONGRESSES.complexity)),
        related!("latestCongress", CONGRESSES, organization::Model, key id, Last, required false,
            complexity None),
        related!("leadership", LEADERSHIP_ON, organization::Model, key id,
            args |args| on!(args), All, required true, complexity Some(LEADERSHIP_ON.complexity)),
        related!("stats", STATS, organization::Model, key id, All, required true,
            complexity Some(STATS.complexity)),
        related!("commendations", COMMENDATIONS, organization::Model, key id, All, required true,
            complexity Some(COMMENDATIONS.complexity)),
        related!("ratings", RATINGS, organization::Model, key id,
            args |args| Ok(Args { year: args.int("year")?, ..Args::NONE }), All, required true,
            complexity Some(RATINGS.complexity)),
        related!("reviews", ORGANIZATION_REVIEWS, organization::Model, key id,
            args |args| Ok(Args { year: args.int("termYear")?, ..Args::NONE }), All, required true,
            complexity Some(ORGANIZATION_REVIEWS.complexity)),
        related!("sources", ORGANIZATION_SOURCES, organization::Model, key id, All, required true,
            complexity Some(ORGANIZATION_SOURCES.complexity)),
    ],
};

pub static PLACEMENT_TYPE: ObjectDef = ObjectDef {
    name: "Placement",
    kind: Kind::Placement,
    fields: &[
        id!(organization_placement::Model, Placement),
        related!("organization", ORGANIZATION_BY_ID, organization_placement::Model, key organization_id,
            First, required true, complexity None),
        related!("parent", ORGANIZATION_BY_ID, organization_placement::Model, key parent_id,
            First, required true, complexity None),
        value!("validFrom", organization_placement::Model, |m, out| out
            .opt_date(m.valid_from)),
        value!("validTo", organization_placement::Model, |m, out| out
            .opt_date(m.valid_to)),
        source!(organization_placement::Model),
    ],
};

pub static LINEAGE_TYPE: ObjectDef = ObjectDef {
    name: "Lineage",
    kind: Kind::Lineage,
    fields: &[
        id!(organization_lineage::Model, Lineage),
        value!("kind", organization_lineage::Model, |m, out| out.enumeration(&m.kind)),
        value!("effectiveOn", organization_lineage::Model, |m, out| out
            .date(m.effective_on)),
        related!("predecessor", ORGANIZATION_BY_ID, organization_lineage::Model, key predecessor_id,
            First, required true, complexity None),
        related!("successor", ORGANIZATION_BY_ID, organization_lineage::Model, key successor_id,
            First, required true, complexity None),
        value!("note", organization_lineage::Model, |m, out| out
            .opt_str(m.note.as_deref())),
        source!(organization_lineage::Model),
    ],
};

pub static STATS_TYPE: ObjectDef = ObjectDef {
    name: "OrganizationStats",
    kind: Kind::OrganizationStats,
    fields: &[
        id!(organization_stats::Model, OrganizationStats),
        related!("organization", ORGANIZATION_BY_ID, organization_stats::Model, key organization_id,
            First, required true, complexity None),
        value!("asOf", organization_stats::Model, |m, out| out.date(m.as_of)),
        value!("partyMembers", organization_stats::Model, |m, out| out
            .opt_int(m.party_members)),
        value!("cells", organization_stats::Model, |m, out| out.opt_int(m.cells)),
        value!("note", organization_stats::Model, |m, out| out
            .opt_str(m.note.as_deref())),
        source!(organization_stats::Model),
    ],
};

pub static RATING_TYPE: ObjectDef = ObjectDef {
    name: "Rating",
    kind: Kind::Rating,
    fields: &[
        id!(rating::Model, Rating),
        related!("organization", ORGANIZATION_BY_ID, rating::Model, key organization_id,
            First, required true, complexity None),
        value!("year", rating::Model, |m, out| out.int(i64::from(m.year))),
        value!("level", rating::Model, |m, out| out.enumeration(&m.level)),
        value!("label", rating::Model, |m, out| out.opt_str(m.label.as_deref())),
        value!("title", rating::Model, |m, out| out.opt_str(m.title.as_deref())),
        source!(rating::Model),
    ],
};

pub static COMMENDATION_TYPE: ObjectDef = ObjectDef {
    name: "Commendation",
    kind: Kind::Commendation,
    fields: &[
        id!(commendation::Model, Commendation),
        related!("organization", ORGANIZATION_BY_ID, commendation::Model, key organization_id,
            First, required true, complexity None),
        value!("kind", commendation::Model, |m, out| out.enumeration(&m.kind)),
        value!("text", commendation::Model, |m, out| out.str(&m.text)),
        value!("year", commendation::Model, |m, out| out.opt_int(m.year)),
        value!("consecutiveYears", commendation::Model, |m, out| out
            .bool(m.consecutive_years)),
        value!("attestedOn", commendation::Model, |m, out| out.opt_date(m.attested_on)),
        related!("conferredBy", ORGANIZATION_BY_ID, commendation::Model,
            key conferred_by_organization_id, First, required false, complexity None),
        value!("collectives", commendation::Model, |m, out| out.opt_int(m.collectives)),
        value!("individuals", commendation::Model, |m, out| out.opt_int(m.individuals)),
        value!("note", commendation::Model, |m, out| out.opt_str(m.note.as_deref())),
        source!(commendation::Model),
    ],
};
