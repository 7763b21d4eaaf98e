//! `Person`, `Document`, `Source` and `DataQualityIssue`.

use crate::graphql::describe::fields::{history, id, related, source, value};
use crate::graphql::describe::object::{FieldDef, FieldPlan, ObjectDef};
use crate::graphql::describe::record::{Kind, Record};
use crate::graphql::describe::relations::*;
use crate::graphql::ids::NodeType;
use entity::{data_quality_issue, document, person, source};

pub static PERSON_TYPE: ObjectDef = ObjectDef {
    name: "Person",
    kind: Kind::Person,
    fields: &[
        id!(person::Model, Person),
        history!(),
        value!("fullName", person::Model, |m, out| out.str(&m.full_name)),
        value!("note", person::Model, |m, out| out.opt_str(m.note.as_deref())),
        related!("memberships", PERSON_MEMBERSHIPS, person::Model, key id, All, required true,
            complexity Some(PERSON_MEMBERSHIPS.complexity)),
    ],
};

pub static DOCUMENT_TYPE: ObjectDef = ObjectDef {
    name: "Document",
    kind: Kind::Document,
    fields: &[
        id!(document::Model, Document),
        history!(),
        value!("symbol", document::Model, |m, out| out.opt_str(m.symbol.as_deref())),
        value!("canonicalSymbol", document::Model, |m, out| out
            .opt_str(m.symbol_key.as_deref())),
        value!("number", document::Model, |m, out| out.opt_int(m.number)),
        value!("typeCode", document::Model, |m, out| out
            .opt_str(m.type_code.as_deref())),
        value!("issuerCode", document::Model, |m, out| out
            .opt_str(m.issuer_code.as_deref())),
        value!("issuedOn", document::Model, |m, out| out.opt_date(m.issued_on)),
        value!("issuedYear", document::Model, |m, out| out.opt_int(m.issued_year)),
        value!("title", document::Model, |m, out| out.opt_str(m.title.as_deref())),
        related!("issuer", ORGANIZATION_BY_ID, document::Model, key issuer_organization_id, First,
            required false, complexity None),
        source!(document::Model),
    ],
};

pub static SOURCE_TYPE: ObjectDef = ObjectDef {
    name: "Source",
    kind: Kind::Source,
    fields: &[
        id!(source::Model, Source),
        value!("title", source::Model, |m, out| out.str(&m.title)),
        value!("url", source::Model, |m, out| out.opt_str(m.url.as_deref())),
        value!("publisher", source::Model, |m, out| out.opt_str(m.publisher.as_deref())),
        value!("publishedOn", source::Model, |m, out| out.opt_date(m.published_on)),
        value!("publishedAt", source::Model, |m, out| out.opt_datetime(m.published_at)),
        value!("author", source::Model, |m, out| out.opt_str(m.author.as_deref())),
        value!("fileName", source::Model, |m, out| out.opt_str(m.file_name.as_deref())),
    ],
};

/// The record a warning is stored with, as its kind and key.
fn issue_record(record: &Record) -> Option<(Kind, i64)> {
    let issue = <&data_quality_issue::Model>::try_from(record).ok()?;
    let kind = match NodeType::from_record_type(&issue.record_type)? {
        NodeType::Organization => Kind::Organization,
        NodeType::Placement => Kind::Placement,
        NodeType::Lineage => Kind::Lineage,
        NodeType::OrganizationStats => Kind::OrganizationStats,
        NodeType::Congress => Kind::Congress,
        NodeType::Committee => Kind::Committee,
        NodeType::Membership => Kind::Membership,
        NodeType::Person => Kind::Person,
        NodeType::Document => Kind::Document,
        NodeType::Resolution => Kind::Resolution,
        NodeType::Target => Kind::Target,
        NodeType::TargetResult => Kind::TargetResult,
        NodeType::Review => Kind::Review,
        NodeType::Rating => Kind::Rating,
        NodeType::Commendation => Kind::Commendation,
        NodeType::Source => Kind::Source,
        NodeType::DataQualityIssue => Kind::Issue,
        NodeType::AuditEvent => return None,
    };
    Some((kind, issue.record_id))
}

pub static ISSUE_TYPE: ObjectDef = ObjectDef {
    name: "DataQualityIssue",
    kind: Kind::Issue,
    fields: &[
        id!(data_quality_issue::Model, DataQualityIssue),
        value!("rule", data_quality_issue::Model, |m, out| out.str(&m.rule)),
        value!("path", data_quality_issue::Model, |m, out| out.str(&m.path)),
        value!("message", data_quality_issue::Model, |m, out| out.str(&m.message)),
        value!("severity", data_quality_issue::Model, |m, out| out
            .enumeration(&m.severity)),
        FieldDef {
            name: "record",
            complexity: None,
            plan: FieldPlan::NodeRef(issue_record),
        },
        related!("organization", ORGANIZATION_BY_ID, data_quality_issue::Model, key organization_id, First,
            required false, complexity None),
        source!(data_quality_issue::Model),
        value!("createdAt", data_quality_issue::Model, |m, out| out
            .opt_datetime(Some(m.created_at))),
    ],
};
