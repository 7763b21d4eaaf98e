//! The mutation inputs of the contract and their conversion into domain commands: global IDs
//! are decoded (a wrong ID is reported with its input path), scalars unwrapped. Nothing here
//! checks the rules; the domain does.

use super::enums::*;
use super::ids::{self, NodeType};
use super::scalars::{Date, DecimalValue};
use crate::domain::commands as cmd;
use crate::error::ApiError;
use crate::vocabulary::issues::Issues;
use async_graphql::{ID, InputObject};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// Collects ID decoding failures so that one response lists them all.
#[derive(Default)]
struct Decoder {
    issues: Issues,
}

impl Decoder {
    fn id(&mut self, id: &ID, node_type: NodeType, path: &str) -> i64 {
        match ids::decode_as(id, node_type, path) {
            Ok(key) => key,
            Err(ApiError::BadUserInput(found)) => {
                for issue in found {
                    self.issues.error(&issue.rule, issue.path, issue.message);
                }
                0
            }
            Err(_) => 0,
        }
    }

    fn optional(&mut self, id: Option<&ID>, node_type: NodeType, path: &str) -> Option<i64> {
        id.map(|id| self.id(id, node_type, path))
    }

    fn finish<T>(self, value: T) -> Result<T, ApiError> {
        if self.issues.has_errors() {
            Err(ApiError::BadUserInput(self.issues.errors()))
        } else {
            Ok(value)
        }
    }
}

fn decimal(value: Option<DecimalValue>) -> Option<rust_decimal::Decimal> {
    value.map(|v| v.0)
}

/// The source article a write is taken from.
#[derive(InputObject, Serialize, Clone)]
pub struct SourceInput {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_on: Option<Date>,
    /// The publication time, when the source gives one.
    pub published_at: Option<DateTime<Utc>>,
    pub author: Option<String>,
}

impl SourceInput {
    fn command(self) -> cmd::SourceCommand {
        cmd::SourceCommand {
            title: self.title,
            url: self.url,
            publisher: self.publisher,
            published_on: self.published_on.map(|d| d.0),
            published_at: self.published_at,
            author: self.author,
            file_name: None,
        }
    }
}

/// The whole result of a congress.
#[derive(InputObject, Serialize, Clone)]
pub struct CongressResultInput {
    pub organization_id: ID,
    /// The congress's number in the organization's series (23 for "lần thứ XXIII").
    pub ordinal: i32,
    pub term_start_year: i32,
    pub term_end_year: i32,
    pub kind: Option<CongressKind>,
    pub opened_on: Date,
    /// The last day, for a congress of more than one day.
    pub closed_on: Option<Date>,
    pub motto: Option<String>,
    pub delegate_count: Option<i32>,
    pub note: Option<String>,
    pub committees: Vec<CommitteeInput>,
    pub resolution: Option<ResolutionInput>,
    pub source: Option<SourceInput>,
    /// The same key with the same input returns the first response and writes nothing new.
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

#[derive(InputObject, Serialize, Clone)]
pub struct CommitteeInput {
    pub kind: CommitteeKind,
    pub formation: CommitteeFormation,
    /// The declared number of seats.
    pub seat_count: Option<i32>,
    /// The symbol of the deciding document, for an appointed committee ("125-QĐ/ĐU").
    pub decision_symbol: Option<String>,
    /// The superior organization that appointed the committee, if not the organization's parent.
    pub decided_by_organization_id: Option<ID>,
    pub members: Vec<MemberInput>,
}

/// A member: an existing person by `personId`, or a new person by `fullName`.
#[derive(InputObject, Serialize, Clone)]
pub struct MemberInput {
    pub person_id: Option<ID>,
    /// Without honorifics; "đồng chí" and "đ/c" are removed with a warning.
    pub full_name: Option<String>,
    pub position: Position,
    /// The date a source names the person in the position, when it gives neither the start nor
    /// the congress's date: the position is known to hold from then, not from the term's start.
    pub attested_on: Option<Date>,
    pub note: Option<String>,
}

#[derive(InputObject, Serialize, Clone)]
pub struct ResolutionInput {
    pub title: String,
    pub adopted_on: Option<Date>,
    /// The resolution's document symbol ("01-NQ/ĐH").
    pub symbol: Option<String>,
    /// How many targets the source says the resolution sets (it may list a different number).
    pub declared_target_count: Option<i32>,
    pub declared_breakthrough_count: Option<i32>,
    pub targets: Vec<TargetInput>,
}

#[derive(InputObject, Serialize, Clone)]
pub struct TargetInput {
    /// The target as written.
    pub text: String,
    pub measure: Option<TargetMeasure>,
    pub comparator: Option<Comparator>,
    pub min_value: Option<DecimalValue>,
    pub max_value: Option<DecimalValue>,
    pub unit: Option<String>,
    pub period: Option<TargetPeriod>,
    pub assigned_by: Option<TargetAssigner>,
    pub note: Option<String>,
    /// Sub-targets ("trong đó 20% hoàn thành xuất sắc").
    pub children: Option<Vec<TargetInput>>,
}

impl TargetInput {
    fn command(self) -> cmd::TargetCommand {
        cmd::TargetCommand {
            text: self.text,
            measure: self.measure.map(Into::into),
            comparator: self.comparator.map(Into::into),
            min_value: decimal(self.min_value),
            max_value: decimal(self.max_value),
            unit: self.unit,
            period: self.period.map(Into::into),
            assigned_by: self.assigned_by.map(Into::into),
            note: self.note,
            children: self
                .children
                .unwrap_or_default()
                .into_iter()
                .map(TargetInput::command)
                .collect(),
        }
    }
}

impl CongressResultInput {
    pub fn command(self) -> Result<cmd::CongressResult, ApiError> {
        let mut decoder = Decoder::default();
        let organization_id = decoder.id(&self.organization_id, NodeType::Organization, "organizationId");
        let committees = self
            .committees
            .into_iter()
            .enumerate()
            .map(|(i, committee)| cmd::CommitteeCommand {
                kind: committee.kind.into(),
                formation: committee.formation.into(),
                seat_count: committee.seat_count,
                decision_symbol: committee.decision_symbol,
                decided_by_organization_id: decoder.optional(
                    committee.decided_by_organization_id.as_ref(),
                    NodeType::Organization,
                    &format!("committees[{i}].decidedByOrganizationId"),
                ),
                members: committee
                    .members
                    .into_iter()
                    .enumerate()
                    .map(|(j, member)| cmd::MemberCommand {
                        person_id: decoder.optional(
                            member.person_id.as_ref(),
                            NodeType::Person,
                            &format!("committees[{i}].members[{j}].personId"),
                        ),
                        full_name: member.full_name,
                        position: member.position.into(),
                        started_on: None,
                        attested_on: member.attested_on.map(|d| d.0),
                        note: member.note,
                    })
                    .collect(),
            })
            .collect();
        let command = cmd::CongressResult {
            organization_id,
            ordinal: Some(self.ordinal),
            term_start_year: self.term_start_year,
            term_end_year: self.term_end_year,
            kind: self.kind.map(Into::into),
            opened_on: Some(self.opened_on.0),
            closed_on: self.closed_on.map(|d| d.0),
            motto: self.motto,
            delegate_count: self.delegate_count,
            note: self.note,
            committees,
            resolution: self.resolution.map(|r| cmd::ResolutionCommand {
                title: r.title,
                adopted_on: r.adopted_on.map(|d| d.0),
                symbol: r.symbol,
                declared_target_count: r.declared_target_count,
                declared_breakthrough_count: r.declared_breakthrough_count,
                targets: r.targets.into_iter().map(TargetInput::command).collect(),
            }),
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

#[derive(InputObject, Serialize, Clone)]
pub struct CreateOrganizationInput {
    pub name: String,
    pub kind: OrganizationKind,
    pub level: OrganizationLevel,
    pub parent_id: Option<ID>,
    pub founded_on: Option<Date>,
    /// When the placement under `parentId` began, if not at founding.
    pub placed_from: Option<Date>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl CreateOrganizationInput {
    pub fn command(self) -> Result<cmd::CreateOrganization, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::CreateOrganization {
            name: self.name,
            kind: self.kind.into(),
            level: self.level.into(),
            parent_id: decoder.optional(self.parent_id.as_ref(), NodeType::Organization, "parentId"),
            founded_on: self.founded_on.map(|d| d.0),
            placed_from: self.placed_from.map(|d| d.0),
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// A new placement of an organization in the tree from a date.
#[derive(InputObject, Serialize, Clone)]
pub struct MoveOrganizationInput {
    pub organization_id: ID,
    /// The new parent; null takes the organization out of the tree from that date.
    pub parent_id: Option<ID>,
    pub from: Date,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl MoveOrganizationInput {
    pub fn command(self) -> Result<cmd::MoveOrganization, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::MoveOrganization {
            organization_id: decoder.id(&self.organization_id, NodeType::Organization, "organizationId"),
            parent_id: decoder.optional(self.parent_id.as_ref(), NodeType::Organization, "parentId"),
            from: self.from.0,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

#[derive(InputObject, Serialize, Clone)]
pub struct DissolveOrganizationInput {
    pub organization_id: ID,
    /// The first day it no longer exists.
    pub dissolved_on: Date,
    pub note: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl DissolveOrganizationInput {
    pub fn command(self) -> Result<cmd::DissolveOrganization, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::DissolveOrganization {
            organization_id: decoder.id(&self.organization_id, NodeType::Organization, "organizationId"),
            dissolved_on: self.dissolved_on.0,
            note: self.note,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

#[derive(InputObject, Serialize, Clone)]
pub struct RecordLineageInput {
    pub predecessor_id: ID,
    pub successor_id: ID,
    pub kind: LineageKind,
    pub effective_on: Date,
    pub note: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordLineageInput {
    pub fn command(self) -> Result<cmd::RecordLineage, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RecordLineage {
            predecessor_id: decoder.id(&self.predecessor_id, NodeType::Organization, "predecessorId"),
            successor_id: decoder.id(&self.successor_id, NodeType::Organization, "successorId"),
            kind: self.kind.into(),
            effective_on: self.effective_on.0,
            note: self.note,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

#[derive(InputObject, Serialize, Clone)]
pub struct RecordOrganizationStatsInput {
    pub organization_id: ID,
    pub as_of: Date,
    pub party_members: Option<i32>,
    pub cells: Option<i32>,
    pub note: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordOrganizationStatsInput {
    pub fn command(self) -> Result<cmd::RecordStats, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RecordStats {
            organization_id: decoder.id(&self.organization_id, NodeType::Organization, "organizationId"),
            as_of: self.as_of.0,
            party_members: self.party_members,
            cells: self.cells,
            note: self.note,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// A member supplemented mid-term (kiện toàn, bổ sung).
#[derive(InputObject, Serialize, Clone)]
pub struct AddMembershipInput {
    pub committee_id: ID,
    pub person_id: Option<ID>,
    pub full_name: Option<String>,
    pub position: Position,
    pub started_on: Date,
    /// SUPPLEMENTED when omitted.
    pub start_reason: Option<StartReason>,
    pub note: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl AddMembershipInput {
    pub fn command(self) -> Result<cmd::AddMembership, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::AddMembership {
            committee_id: decoder.id(&self.committee_id, NodeType::Committee, "committeeId"),
            person_id: decoder.optional(self.person_id.as_ref(), NodeType::Person, "personId"),
            full_name: self.full_name,
            position: self.position.into(),
            started_on: self.started_on.0,
            start_reason: self.start_reason.map(Into::into),
            note: self.note,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// A member leaving: the membership keeps its history and gets an end date.
#[derive(InputObject, Serialize, Clone)]
pub struct EndMembershipInput {
    pub membership_id: ID,
    /// The first day the position is no longer held.
    pub ended_on: Date,
    pub end_reason: EndReason,
    pub note: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl EndMembershipInput {
    pub fn command(self) -> Result<cmd::EndMembership, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::EndMembership {
            membership_id: decoder.id(&self.membership_id, NodeType::Membership, "membershipId"),
            ended_on: self.ended_on.0,
            end_reason: self.end_reason.into(),
            note: self.note,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// A result against a target for a year (or, with `yearFrom`, a span of years ending in `year`).
#[derive(InputObject, Serialize, Clone)]
pub struct TargetResultInput {
    pub target_id: ID,
    pub year: i32,
    pub year_from: Option<i32>,
    pub achieved: Option<DecimalValue>,
    /// A plan or quota the result is measured against ("7/6": planned 6); it can be exceeded.
    pub planned: Option<DecimalValue>,
    /// The whole the achieved figure is part of ("5/7 streets": out of 7); it cannot be exceeded.
    pub out_of: Option<DecimalValue>,
    /// The percent the source reports ("đạt 117%"), as written.
    pub reported_percent: Option<DecimalValue>,
    pub qualifier: Option<ResultQualifier>,
    /// The outcome the source states in words, when it gives no figures ("chưa đạt").
    pub reported_status: Option<AchievementStatus>,
    pub note: Option<String>,
}

#[derive(InputObject, Serialize, Clone)]
pub struct RecordTargetResultsInput {
    pub results: Vec<TargetResultInput>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordTargetResultsInput {
    pub fn command(self) -> Result<cmd::RecordTargetResults, ApiError> {
        let mut decoder = Decoder::default();
        let results = self
            .results
            .into_iter()
            .enumerate()
            .map(|(i, r)| cmd::TargetResultCommand {
                target_id: decoder.id(&r.target_id, NodeType::Target, &format!("results[{i}].targetId")),
                year: r.year,
                year_from: r.year_from,
                achieved: decimal(r.achieved),
                planned: decimal(r.planned),
                out_of: decimal(r.out_of),
                reported_percent: decimal(r.reported_percent),
                qualifier: r.qualifier.map(Into::into),
                reported_status: r.reported_status.map(Into::into),
                note: r.note,
            })
            .collect();
        decoder.finish(cmd::RecordTargetResults {
            results,
            source: self.source.map(SourceInput::command),
        })
    }
}

/// Targets a superior assigns outside a congress resolution ("chỉ tiêu Quận giao").
#[derive(InputObject, Serialize, Clone)]
pub struct AssignTargetsInput {
    pub organization_id: ID,
    /// The assigning superior; the organization's parent when omitted.
    pub assigned_by_organization_id: Option<ID>,
    pub start_year: i32,
    pub end_year: i32,
    pub targets: Vec<TargetInput>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl AssignTargetsInput {
    pub fn command(self) -> Result<cmd::AssignTargets, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::AssignTargets {
            organization_id: decoder.id(&self.organization_id, NodeType::Organization, "organizationId"),
            assigned_by_organization_id: decoder.optional(
                self.assigned_by_organization_id.as_ref(),
                NodeType::Organization,
                "assignedByOrganizationId",
            ),
            start_year: self.start_year,
            end_year: self.end_year,
            targets: self.targets.into_iter().map(TargetInput::command).collect(),
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

#[derive(InputObject, Serialize, Clone)]
pub struct ReviewGuestInput {
    pub full_name: String,
    pub role: Option<String>,
}

#[derive(InputObject, Serialize, Clone)]
pub struct RecordReviewInput {
    pub congress_id: ID,
    pub kind: ReviewKind,
    pub held_on: Date,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub findings: Option<Vec<String>>,
    pub guests: Option<Vec<ReviewGuestInput>>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordReviewInput {
    pub fn command(self) -> Result<cmd::RecordReview, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RecordReview {
            congress_id: decoder.id(&self.congress_id, NodeType::Congress, "congressId"),
            kind: self.kind.into(),
            held_on: self.held_on.0,
            title: self.title,
            summary: self.summary,
            findings: self.findings.unwrap_or_default(),
            guests: self
                .guests
                .unwrap_or_default()
                .into_iter()
                .map(|g| cmd::GuestCommand {
                    full_name: g.full_name,
                    role: g.role,
                })
                .collect(),
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// An emulation title, commendation, recognition, praise or emulation registration, as its source
/// words and dates it: give its `year`, or the date the source states it (`attestedOn`).
#[derive(InputObject, Serialize, Clone)]
pub struct RecordCommendationInput {
    pub organization_id: ID,
    pub kind: CommendationKind,
    /// As the source words it, e.g. "tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu".
    pub text: String,
    pub year: Option<i32>,
    /// "nhiều năm liền": for several consecutive years up to `year` (or `attestedOn`).
    #[graphql(default)]
    pub consecutive_years: bool,
    pub attested_on: Option<Date>,
    pub conferred_by_organization_id: Option<ID>,
    /// How many collectives and individuals under the organization it concerns.
    pub collectives: Option<i32>,
    pub individuals: Option<i32>,
    pub note: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordCommendationInput {
    pub fn command(self) -> Result<cmd::RecordCommendation, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RecordCommendation {
            organization_id: decoder.id(&self.organization_id, NodeType::Organization, "organizationId"),
            kind: self.kind.into(),
            text: self.text,
            year: self.year,
            consecutive_years: self.consecutive_years,
            attested_on: self.attested_on.map(|d| d.0),
            conferred_by_organization_id: decoder.optional(
                self.conferred_by_organization_id.as_ref(),
                NodeType::Organization,
                "conferredByOrganizationId",
            ),
            collectives: self.collectives,
            individuals: self.individuals,
            note: self.note,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

#[derive(InputObject, Serialize, Clone)]
pub struct RecordRatingInput {
    pub organization_id: ID,
    pub year: i32,
    pub level: RatingLevel,
    /// The rating as the source words it.
    pub label: Option<String>,
    pub title: Option<String>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordRatingInput {
    pub fn command(self) -> Result<cmd::RecordRating, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RecordRating {
            organization_id: decoder.id(&self.organization_id, NodeType::Organization, "organizationId"),
            year: self.year,
            level: self.level.into(),
            label: self.label,
            title: self.title,
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// A party document cited by the records.
#[derive(InputObject, Serialize, Clone)]
pub struct RecordDocumentInput {
    /// As written: "15-NQ/TW", "01- CT/TU".
    pub symbol: String,
    pub issued_on: Option<Date>,
    /// When only the year is known.
    pub issued_year: Option<i32>,
    pub title: Option<String>,
    pub issuer_organization_id: Option<ID>,
    pub source: Option<SourceInput>,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RecordDocumentInput {
    pub fn command(self) -> Result<cmd::RecordDocument, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RecordDocument {
            symbol: self.symbol,
            issued_on: self.issued_on.map(|d| d.0),
            issued_year: self.issued_year,
            title: self.title,
            issuer_organization_id: decoder.optional(
                self.issuer_organization_id.as_ref(),
                NodeType::Organization,
                "issuerOrganizationId",
            ),
            source: self.source.map(SourceInput::command),
        };
        decoder.finish(command)
    }
}

/// Hides a wrong congress submission (with every committee, position and target it brought)
/// without deleting it; its ordinal is free again for the corrected submission.
#[derive(InputObject, Serialize, Clone)]
pub struct RetractCongressResultInput {
    pub congress_id: ID,
    /// Why, for the audit trail and the people who read the records.
    pub reason: String,
    #[serde(skip)]
    pub idempotency_key: Option<String>,
}

impl RetractCongressResultInput {
    pub fn command(self) -> Result<cmd::RetractCongressResult, ApiError> {
        let mut decoder = Decoder::default();
        let command = cmd::RetractCongressResult {
            congress_id: decoder.id(&self.congress_id, NodeType::Congress, "congressId"),
            reason: self.reason,
        };
        decoder.finish(command)
    }
}
