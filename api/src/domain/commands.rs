//! The writes the domain accepts, as plain data: IDs already decoded, dates parsed, nothing
//! validated yet. The GraphQL layer builds these from its input objects; the sample data and
//! bulk imports deserialize them from JSON in the same (camelCase) shape. The rules check them.

use chrono::{DateTime, NaiveDate, Utc};
use entity::enums::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The source article a write is taken from.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SourceCommand {
    pub title: String,
    pub url: Option<String>,
    pub publisher: Option<String>,
    pub published_on: Option<NaiveDate>,
    pub published_at: Option<DateTime<Utc>>,
    pub author: Option<String>,
    pub file_name: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreateOrganization {
    pub name: String,
    pub kind: OrganizationKind,
    pub level: OrganizationLevel,
    pub parent_id: Option<i64>,
    pub founded_on: Option<NaiveDate>,
    /// When the placement under `parent_id` began, if not at founding.
    pub placed_from: Option<NaiveDate>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MoveOrganization {
    pub organization_id: i64,
    /// The new parent; `None` takes the organization out of the tree (its parent is unknown).
    pub parent_id: Option<i64>,
    pub from: NaiveDate,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DissolveOrganization {
    pub organization_id: i64,
    pub dissolved_on: NaiveDate,
    pub note: Option<String>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordLineage {
    pub predecessor_id: i64,
    pub successor_id: i64,
    pub kind: LineageKind,
    pub effective_on: NaiveDate,
    pub note: Option<String>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordStats {
    pub organization_id: i64,
    pub as_of: NaiveDate,
    pub party_members: Option<i32>,
    pub cells: Option<i32>,
    pub note: Option<String>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CongressResult {
    pub organization_id: i64,
    /// Required from API clients; the sample data may lack it where the sources do.
    pub ordinal: Option<i32>,
    pub term_start_year: i32,
    pub term_end_year: i32,
    pub kind: Option<CongressKind>,
    /// Required from API clients; the sample data may lack it where the sources do.
    pub opened_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub motto: Option<String>,
    pub delegate_count: Option<i32>,
    pub note: Option<String>,
    #[serde(default)]
    pub committees: Vec<CommitteeCommand>,
    pub resolution: Option<ResolutionCommand>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommitteeCommand {
    pub kind: CommitteeKind,
    pub formation: CommitteeFormation,
    pub seat_count: Option<i32>,
    pub decision_symbol: Option<String>,
    pub decided_by_organization_id: Option<i64>,
    #[serde(default)]
    pub members: Vec<MemberCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MemberCommand {
    pub person_id: Option<i64>,
    pub full_name: Option<String>,
    pub position: Position,
    /// When not the congress's date (the sample data knows some officers only from later reports).
    pub started_on: Option<NaiveDate>,
    /// The date a source names the person in the position when it gives no start (and the
    /// congress no date): the position is known to hold from then, not from the term's start.
    pub attested_on: Option<NaiveDate>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ResolutionCommand {
    pub title: String,
    pub adopted_on: Option<NaiveDate>,
    pub symbol: Option<String>,
    pub declared_target_count: Option<i32>,
    pub declared_breakthrough_count: Option<i32>,
    #[serde(default)]
    pub targets: Vec<TargetCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetCommand {
    pub text: String,
    pub measure: Option<TargetMeasure>,
    pub comparator: Option<Comparator>,
    pub min_value: Option<Decimal>,
    pub max_value: Option<Decimal>,
    pub unit: Option<String>,
    pub period: Option<TargetPeriod>,
    pub assigned_by: Option<TargetAssigner>,
    pub note: Option<String>,
    #[serde(default)]
    pub children: Vec<TargetCommand>,
}

/// Targets a superior assigns outside a congress resolution ("chỉ tiêu Quận giao").
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AssignTargets {
    pub organization_id: i64,
    pub assigned_by_organization_id: Option<i64>,
    pub start_year: i32,
    pub end_year: i32,
    #[serde(default)]
    pub targets: Vec<TargetCommand>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddMembership {
    pub committee_id: i64,
    pub person_id: Option<i64>,
    pub full_name: Option<String>,
    pub position: Position,
    pub started_on: NaiveDate,
    pub start_reason: Option<StartReason>,
    pub note: Option<String>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct EndMembership {
    pub membership_id: i64,
    pub ended_on: NaiveDate,
    pub end_reason: EndReason,
    pub note: Option<String>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TargetResultCommand {
    pub target_id: i64,
    pub year: i32,
    /// The first year of a span ("in 10 years"): `year` is then the last.
    pub year_from: Option<i32>,
    pub achieved: Option<Decimal>,
    pub planned: Option<Decimal>,
    pub out_of: Option<Decimal>,
    pub reported_percent: Option<Decimal>,
    pub qualifier: Option<ResultQualifier>,
    pub reported_status: Option<AchievementStatus>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordTargetResults {
    #[serde(default)]
    pub results: Vec<TargetResultCommand>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GuestCommand {
    pub full_name: String,
    pub role: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordReview {
    pub congress_id: i64,
    pub kind: ReviewKind,
    pub held_on: NaiveDate,
    pub title: Option<String>,
    pub summary: Option<String>,
    #[serde(default)]
    pub findings: Vec<String>,
    #[serde(default)]
    pub guests: Vec<GuestCommand>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordRating {
    pub organization_id: i64,
    pub year: i32,
    pub level: RatingLevel,
    pub label: Option<String>,
    pub title: Option<String>,
    pub source: Option<SourceCommand>,
}

/// An emulation title, commendation, recognition, praise or registration, as its source words
/// and dates it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordCommendation {
    pub organization_id: i64,
    pub kind: CommendationKind,
    pub text: String,
    pub year: Option<i32>,
    #[serde(default)]
    pub consecutive_years: bool,
    pub attested_on: Option<NaiveDate>,
    pub conferred_by_organization_id: Option<i64>,
    pub collectives: Option<i32>,
    pub individuals: Option<i32>,
    pub note: Option<String>,
    pub source: Option<SourceCommand>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecordDocument {
    /// As written: "15-NQ/TW", "01- CT/TU".
    pub symbol: String,
    pub issued_on: Option<NaiveDate>,
    /// When only the year is known.
    pub issued_year: Option<i32>,
    pub title: Option<String>,
    pub issuer_organization_id: Option<i64>,
    pub source: Option<SourceCommand>,
}

/// Hides a wrong congress submission without deleting it or its history.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RetractCongressResult {
    pub congress_id: i64,
    pub reason: String,
}
