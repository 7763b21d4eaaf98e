//! The GraphQL enums, mirrored from the stored enumerations (same names, both directions).

use async_graphql::Enum;

macro_rules! mirror {
    ($(#[$doc:meta])* $name:ident = $remote:literal { $($variant:ident),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Enum, Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
        #[serde(rename_all = "SCREAMING_SNAKE_CASE")]
        #[graphql(remote = $remote)]
        pub enum $name { $($variant),+ }
    };
}

mirror!(
    /// The kind of a party organization: a committee organization (Đảng bộ), a partial
    /// committee (Đảng bộ bộ phận) or a cell (Chi bộ).
    OrganizationKind = "entity::enums::OrganizationKind" { PartyCommittee, PartialCommittee, PartyCell });
mirror!(
    /// The tier an organization sits at. Ward and commune organizations are COMMUNE; the
    /// organizations and cells below them are GRASSROOTS and BELOW_GRASSROOTS.
    OrganizationLevel = "entity::enums::OrganizationLevel" { Central, Province, District, Commune, Grassroots, BelowGrassroots });
mirror!(
    /// How one organization became another.
    LineageKind = "entity::enums::LineageKind" { Merged, Split, Renamed, Reorganized });
mirror!(
    /// A members' congress (Đại hội đảng viên) or a delegates' congress (Đại hội đại biểu).
    CongressKind = "entity::enums::CongressKind" { Members, Delegates });
mirror!(
    /// Executive committee (Ban Chấp hành), standing committee (Ban Thường vụ), inspection
    /// committee (Ủy ban Kiểm tra), delegation to the superior congress.
    CommitteeKind = "entity::enums::CommitteeKind" { Executive, Standing, Inspection, Delegation });
mirror!(
    /// Elected by the congress, elected by the executive committee's plenum, or appointed by a superior.
    CommitteeFormation = "entity::enums::CommitteeFormation" { ElectedByCongress, ElectedByPlenum, Appointed });
mirror!(
    /// A position on a committee. CHAIR/DEPUTY_CHAIR head an inspection committee, HEAD a delegation.
    Position = "entity::enums::Position" { Secretary, StandingDeputySecretary, DeputySecretary, Member, Chair, DeputyChair, Head });
mirror!(
    /// Why a membership started: elected, appointed, or supplemented mid-term (bổ sung).
    StartReason = "entity::enums::StartReason" { Elected, Appointed, Supplemented });
mirror!(
    /// Why a membership ended.
    EndReason = "entity::enums::EndReason" { TermEnded, Transferred, Resigned, Disciplined, Retired, Deceased, Reorganized });
mirror!(
    /// What a target measures.
    TargetMeasure = "entity::enums::TargetMeasure" { Percent, Count, Amount, Boolean });
mirror!(
    /// How a result compares with a target: at least min, at most max, exactly min, or within min..max.
    Comparator = "entity::enums::Comparator" { AtLeast, AtMost, Exact, Range });
mirror!(
    /// Whether a target applies to each year of the term or to the term as a whole.
    TargetPeriod = "entity::enums::TargetPeriod" { Annual, Term });
mirror!(
    /// Who set a target: the congress, or a superior organization ("chỉ tiêu Quận giao").
    TargetAssigner = "entity::enums::TargetAssigner" { Congress, Superior });
mirror!(
    /// How a source states a figure: exactly, approximately ("gần"), more than ("trên"), at least ("trở lên").
    ResultQualifier = "entity::enums::ResultQualifier" { Exact, Approximate, MoreThan, AtLeast });
mirror!(
    /// Where a result stands against its target. Derived from the figures, never stored.
    AchievementStatus = "entity::enums::AchievementStatus" { Exceeded, Met, NotMet, NoData });
mirror!(
    /// When in a term a review conference is held.
    ReviewKind = "entity::enums::ReviewKind" { MidTerm, Annual, EndOfTerm });
mirror!(
/// A yearly rating: the four current levels, and the labels used before 2018, kept as such.
RatingLevel = "entity::enums::RatingLevel" {
    Excellent, Good, Completed, NotCompleted, LegacyCleanAndStrong, LegacyGood, LegacyCompleted, LegacyWeak
});
mirror!(
/// What a commendation record is: an emulation title ("danh hiệu"), a commendation ("khen
/// thưởng"), a recognition ("công nhận"), praise ("biểu dương"), or a registration for an
/// emulation movement ("đăng ký thi đua").
CommendationKind = "entity::enums::CommendationKind" {
    Title, Commendation, Recognition, Praise, Registration
});
mirror!(
    /// ERROR rejects a write; WARNING is stored with the record for a person to look at.
    Severity = "entity::enums::Severity" { Error, Warning });
mirror!(
    /// What an API token may do.
    Role = "entity::enums::Role" { Admin, Editor, Viewer });
