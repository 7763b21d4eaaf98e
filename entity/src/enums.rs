//! Enumerations stored as text columns holding their GraphQL names.

use sea_orm::entity::prelude::*;
use serde::{Deserialize, Serialize};

/// The kind of a party organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrganizationKind {
    #[sea_orm(string_value = "PARTY_COMMITTEE")]
    PartyCommittee,
    #[sea_orm(string_value = "PARTIAL_COMMITTEE")]
    PartialCommittee,
    #[sea_orm(string_value = "PARTY_CELL")]
    PartyCell,
}

/// The administrative tier an organization sits at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum OrganizationLevel {
    #[sea_orm(string_value = "CENTRAL")]
    Central,
    #[sea_orm(string_value = "PROVINCE")]
    Province,
    #[sea_orm(string_value = "DISTRICT")]
    District,
    #[sea_orm(string_value = "COMMUNE")]
    Commune,
    #[sea_orm(string_value = "GRASSROOTS")]
    Grassroots,
    #[sea_orm(string_value = "BELOW_GRASSROOTS")]
    BelowGrassroots,
}

/// How one organization became another.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum LineageKind {
    #[sea_orm(string_value = "MERGED")]
    Merged,
    #[sea_orm(string_value = "SPLIT")]
    Split,
    #[sea_orm(string_value = "RENAMED")]
    Renamed,
    #[sea_orm(string_value = "REORGANIZED")]
    Reorganized,
}

/// Who attends a congress: every member, or elected delegates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CongressKind {
    #[sea_orm(string_value = "MEMBERS")]
    Members,
    #[sea_orm(string_value = "DELEGATES")]
    Delegates,
}

/// The bodies a congress elects or a superior appoints.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommitteeKind {
    #[sea_orm(string_value = "EXECUTIVE")]
    Executive,
    #[sea_orm(string_value = "STANDING")]
    Standing,
    #[sea_orm(string_value = "INSPECTION")]
    Inspection,
    #[sea_orm(string_value = "DELEGATION")]
    Delegation,
}

/// How a committee came to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommitteeFormation {
    #[sea_orm(string_value = "ELECTED_BY_CONGRESS")]
    ElectedByCongress,
    #[sea_orm(string_value = "ELECTED_BY_PLENUM")]
    ElectedByPlenum,
    #[sea_orm(string_value = "APPOINTED")]
    Appointed,
}

/// A position held on a committee.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Position {
    #[sea_orm(string_value = "SECRETARY")]
    Secretary,
    #[sea_orm(string_value = "STANDING_DEPUTY_SECRETARY")]
    StandingDeputySecretary,
    #[sea_orm(string_value = "DEPUTY_SECRETARY")]
    DeputySecretary,
    #[sea_orm(string_value = "MEMBER")]
    Member,
    #[sea_orm(string_value = "CHAIR")]
    Chair,
    #[sea_orm(string_value = "DEPUTY_CHAIR")]
    DeputyChair,
    #[sea_orm(string_value = "HEAD")]
    Head,
}

/// Why a membership started.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StartReason {
    #[sea_orm(string_value = "ELECTED")]
    Elected,
    #[sea_orm(string_value = "APPOINTED")]
    Appointed,
    #[sea_orm(string_value = "SUPPLEMENTED")]
    Supplemented,
}

/// Why a membership ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum EndReason {
    #[sea_orm(string_value = "TERM_ENDED")]
    TermEnded,
    #[sea_orm(string_value = "TRANSFERRED")]
    Transferred,
    #[sea_orm(string_value = "RESIGNED")]
    Resigned,
    #[sea_orm(string_value = "DISCIPLINED")]
    Disciplined,
    #[sea_orm(string_value = "RETIRED")]
    Retired,
    #[sea_orm(string_value = "DECEASED")]
    Deceased,
    #[sea_orm(string_value = "REORGANIZED")]
    Reorganized,
}

/// What a target counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TargetMeasure {
    #[sea_orm(string_value = "PERCENT")]
    Percent,
    #[sea_orm(string_value = "COUNT")]
    Count,
    #[sea_orm(string_value = "AMOUNT")]
    Amount,
    #[sea_orm(string_value = "BOOLEAN")]
    Boolean,
}

/// How a result is compared with a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Comparator {
    #[sea_orm(string_value = "AT_LEAST")]
    AtLeast,
    #[sea_orm(string_value = "AT_MOST")]
    AtMost,
    #[sea_orm(string_value = "EXACT")]
    Exact,
    #[sea_orm(string_value = "RANGE")]
    Range,
}

/// Whether a target applies to each year or to the whole term.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TargetPeriod {
    #[sea_orm(string_value = "ANNUAL")]
    Annual,
    #[sea_orm(string_value = "TERM")]
    Term,
}

/// Who set a target: the congress itself, or a superior organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TargetAssigner {
    #[sea_orm(string_value = "CONGRESS")]
    Congress,
    #[sea_orm(string_value = "SUPERIOR")]
    Superior,
}

/// How exactly a source states a figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ResultQualifier {
    #[sea_orm(string_value = "EXACT")]
    Exact,
    #[sea_orm(string_value = "APPROXIMATE")]
    Approximate,
    #[sea_orm(string_value = "MORE_THAN")]
    MoreThan,
    #[sea_orm(string_value = "AT_LEAST")]
    AtLeast,
}

/// Where a result stands against its target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum AchievementStatus {
    #[sea_orm(string_value = "EXCEEDED")]
    Exceeded,
    #[sea_orm(string_value = "MET")]
    Met,
    #[sea_orm(string_value = "NOT_MET")]
    NotMet,
    #[sea_orm(string_value = "NO_DATA")]
    NoData,
}

/// When in a term a review is held.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ReviewKind {
    #[sea_orm(string_value = "MID_TERM")]
    MidTerm,
    #[sea_orm(string_value = "ANNUAL")]
    Annual,
    #[sea_orm(string_value = "END_OF_TERM")]
    EndOfTerm,
}

/// A yearly rating of an organization: the four current levels and the pre-2018 labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RatingLevel {
    #[sea_orm(string_value = "EXCELLENT")]
    Excellent,
    #[sea_orm(string_value = "GOOD")]
    Good,
    #[sea_orm(string_value = "COMPLETED")]
    Completed,
    #[sea_orm(string_value = "NOT_COMPLETED")]
    NotCompleted,
    #[sea_orm(string_value = "LEGACY_CLEAN_AND_STRONG")]
    LegacyCleanAndStrong,
    #[sea_orm(string_value = "LEGACY_GOOD")]
    LegacyGood,
    #[sea_orm(string_value = "LEGACY_COMPLETED")]
    LegacyCompleted,
    #[sea_orm(string_value = "LEGACY_WEAK")]
    LegacyWeak,
}

/// What a commendation record is: an emulation title ("danh hiệu"), a commendation ("khen
/// thưởng"), a recognition ("công nhận"), praise ("biểu dương"), or a registration for an
/// emulation movement ("đăng ký thi đua"), which the recognition of its models follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum CommendationKind {
    #[sea_orm(string_value = "TITLE")]
    Title,
    #[sea_orm(string_value = "COMMENDATION")]
    Commendation,
    #[sea_orm(string_value = "RECOGNITION")]
    Recognition,
    #[sea_orm(string_value = "PRAISE")]
    Praise,
    #[sea_orm(string_value = "REGISTRATION")]
    Registration,
}

/// How serious a data-quality issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Severity {
    #[sea_orm(string_value = "ERROR")]
    Error,
    #[sea_orm(string_value = "WARNING")]
    Warning,
}

/// What an API token may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, EnumIter, DeriveActiveEnum, Serialize, Deserialize)]
#[sea_orm(rs_type = "String", db_type = "String(StringLen::N(40))")]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Role {
    #[sea_orm(string_value = "ADMIN")]
    Admin,
    #[sea_orm(string_value = "EDITOR")]
    Editor,
    #[sea_orm(string_value = "VIEWER")]
    Viewer,
}
