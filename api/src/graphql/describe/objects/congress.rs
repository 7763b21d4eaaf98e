//! `Congress` and what it produces: committees and their members, the resolution, reviews.

use crate::domain::roman;
use crate::graphql::describe::fields::{executor, history, id, related, source, value};
use crate::graphql::describe::object::ObjectDef;
use crate::graphql::describe::record::Kind;
use crate::graphql::describe::relation::Args;
use crate::graphql::describe::relations::*;
use crate::graphql::labels;
use chrono::Datelike;
use entity::enums::CommitteeKind;
use entity::{committee, congress, membership, resolution, review};

/// The `CommitteeKind` an enum argument names.
fn committee_kind(name: &str) -> Option<CommitteeKind> {
    match name {
        "EXECUTIVE" => Some(CommitteeKind::Executive),
        "STANDING" => Some(CommitteeKind::Standing),
        "INSPECTION" => Some(CommitteeKind::Inspection),
        "DELEGATION" => Some(CommitteeKind::Delegation),
        _ => None,
    }
}

pub static CONGRESS_TYPE: ObjectDef = ObjectDef {
    name: "Congress",
    kind: Kind::Congress,
    fields: &[
        id!(congress::Model, Congress),
        history!(),
        related!("organization", ORGANIZATION_BY_ID, congress::Model, key organization_id,
            First, required true, complexity None),
        value!("ordinal", congress::Model, |m, out| out.opt_int(m.ordinal)),
        value!("ordinalRoman", congress::Model, |m, out| {
            out.opt_str(m.ordinal.and_then(|n| roman::to_roman(i64::from(n))).as_deref())
        }),
        value!("termStartYear", congress::Model, |m, out| out
            .int(i64::from(m.term_start_year))),
        value!("termEndYear", congress::Model, |m, out| out
            .int(i64::from(m.term_end_year))),
        value!("term", congress::Model, |m, out| {
            out.str(&format!("{}-{}", m.term_start_year, m.term_end_year))
        }),
        value!("kind", congress::Model, |m, out| out.opt_enumeration(m.kind.as_ref())),
        value!("kindLabel", congress::Model, |m, out| out
            .opt_str(m.kind.map(labels::congress_kind))),
        value!("openedOn", congress::Model, |m, out| out.opt_date(m.opened_on)),
        value!("closedOn", congress::Model, |m, out| out.opt_date(m.closed_on)),
        value!("delegateCount", congress::Model, |m, out| out.opt_int(m.delegate_count)),
        value!("motto", congress::Model, |m, out| out.opt_str(m.motto.as_deref())),
        value!("note", congress::Model, |m, out| out.opt_str(m.note.as_deref())),
        value!("retractedAt", congress::Model, |m, out| out
            .opt_datetime(m.retracted_at)),
        value!("retractionReason", congress::Model, |m, out| out
            .opt_str(m.retraction_reason.as_deref())),
        related!("committees", COMMITTEES, congress::Model, key id, All, required true,
            complexity Some(COMMITTEES.complexity)),
        related!("committee", COMMITTEES, congress::Model, key id,
            args |args| {
                let kind = args.enumeration("kind")?.and_then(committee_kind);
                match kind {
                    Some(kind) => Ok(Args { committee_kind: Some(kind), ..Args::NONE }),
                    None => Err(crate::graphql::describe::object::Unplannable),
                }
            },
            First, required false, complexity None),
        related!("resolution", RESOLUTIONS, congress::Model, key id, First, required false,
            complexity None),
        related!("reviews", CONGRESS_REVIEWS, congress::Model, key id, All, required true,
            complexity Some(CONGRESS_REVIEWS.complexity)),
        related!("sources", CONGRESS_SOURCES, congress::Model, key id, All, required true,
            complexity Some(CONGRESS_SOURCES.complexity)),
        related!("dataQualityIssues", CONGRESS_ISSUES, congress::Model, key id, All, required true,
            complexity Some(CONGRESS_ISSUES.complexity)),
    ],
};

pub static COMMITTEE_TYPE: ObjectDef = ObjectDef {
    name: "Committee",
    kind: Kind::Committee,
    fields: &[
        id!(committee::Model, Committee),
        history!(),
        related!("congress", CONGRESS_BY_ID, committee::Model, key congress_id, First, required true,
            complexity None),
        value!("kind", committee::Model, |m, out| out.enumeration(&m.kind)),
        value!("kindLabel", committee::Model, |m, out| out
            .str(labels::committee_kind(m.kind))),
        value!("formation", committee::Model, |m, out| out.enumeration(&m.formation)),
        value!("formationLabel", committee::Model, |m, out| out
            .str(labels::committee_formation(m.formation))),
        value!("seatCount", committee::Model, |m, out| out.opt_int(m.seat_count)),
        related!("decision", DOCUMENT_BY_ID, committee::Model, key decision_document_id, First,
            required false, complexity None),
        related!("decidedBy", ORGANIZATION_BY_ID, committee::Model, key decided_by_organization_id, First,
            required false, complexity None),
        related!("members", MEMBERS, committee::Model, key id,
            args |args| Ok(Args { on: args.date("activeOn")?, ..Args::NONE }), All, required true,
            complexity Some(MEMBERS.complexity)),
        executor!("vacancies"),
    ],
};

pub static MEMBERSHIP_TYPE: ObjectDef = ObjectDef {
    name: "Membership",
    kind: Kind::Membership,
    fields: &[
        id!(membership::Model, Membership),
        history!(),
        related!("person", PERSON_BY_ID, membership::Model, key person_id, First, required true,
            complexity None),
        related!("committee", COMMITTEE_BY_ID, membership::Model, key committee_id, First,
            required true, complexity None),
        value!("position", membership::Model, |m, out| out.enumeration(&m.position)),
        value!("positionLabel", membership::Model, |m, out| out
            .str(labels::position(m.position))),
        value!("startedOn", membership::Model, |m, out| out.opt_date(m.started_on)),
        value!("attestedOn", membership::Model, |m, out| out.opt_date(m.attested_on)),
        value!("endedOn", membership::Model, |m, out| out.opt_date(m.ended_on)),
        value!("startReason", membership::Model, |m, out| out
            .enumeration(&m.start_reason)),
        value!("endReason", membership::Model, |m, out| out
            .opt_enumeration(m.end_reason.as_ref())),
        value!("note", membership::Model, |m, out| out.opt_str(m.note.as_deref())),
        executor!("active"),
        source!(membership::Model),
    ],
};

pub static RESOLUTION_TYPE: ObjectDef = ObjectDef {
    name: "Resolution",
    kind: Kind::Resolution,
    fields: &[
        id!(resolution::Model, Resolution),
        related!("congress", CONGRESS_BY_ID, resolution::Model, key congress_id, First,
            required true, complexity None),
        related!("document", DOCUMENT_BY_ID, resolution::Model, key document_id, First, required false,
            complexity None),
        value!("title", resolution::Model, |m, out| out.str(&m.title)),
        value!("adoptedOn", resolution::Model, |m, out| out.opt_date(m.adopted_on)),
        value!("declaredTargetCount", resolution::Model, |m, out| out
            .opt_int(m.declared_target_count)),
        value!("declaredBreakthroughCount", resolution::Model, |m, out| {
            out.opt_int(m.declared_breakthrough_count)
        }),
        related!("targets", TARGETS, resolution::Model, key id, All, required true,
            complexity Some(TARGETS.complexity)),
        source!(resolution::Model),
    ],
};

pub static REVIEW_TYPE: ObjectDef = ObjectDef {
    name: "Review",
    kind: Kind::Review,
    fields: &[
        id!(review::Model, Review),
        history!(),
        related!("congress", CONGRESS_BY_ID, review::Model, key congress_id, First, required true,
            complexity None),
        value!("kind", review::Model, |m, out| out.enumeration(&m.kind)),
        value!("heldOn", review::Model, |m, out| out.date(m.held_on)),
        value!("year", review::Model, |m, out| out.int(i64::from(m.held_on.year()))),
        value!("title", review::Model, |m, out| out.opt_str(m.title.as_deref())),
        value!("summary", review::Model, |m, out| out.opt_str(m.summary.as_deref())),
        value!("findings", review::Model, |m, out| {
            let findings: Vec<String> = serde_json::from_str(&m.findings).unwrap_or_default();
            out.begin_list();
            for finding in &findings {
                out.str(finding);
            }
            out.end_list()
        }),
        executor!("guests"),
        source!(review::Model),
    ],
};
