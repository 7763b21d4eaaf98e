//! The Vietnamese labels shown beside enums (`Membership.positionLabel`, `Committee.kindLabel`,
//! ...): one table per enum, worded as the party's documents write them (the glossary of
//! DESIGN.md, the articles in the sample data). The resolvers and the query planner both read
//! them here, so the two answer the same words; the matches are exhaustive, so a new enum value
//! does not compile without its label.

use entity::enums::{
    AchievementStatus, CommitteeFormation, CommitteeKind, CongressKind, OrganizationKind, OrganizationLevel, Position,
};

/// "Bí thư", "Phó Bí thư", ...: the titles as a committee's members are introduced.
pub fn position(value: Position) -> &'static str {
    match value {
        Position::Secretary => "Bí thư",
        Position::StandingDeputySecretary => "Phó Bí thư Thường trực",
        Position::DeputySecretary => "Phó Bí thư",
        Position::Member => "Ủy viên",
        // An inspection committee is headed by its Chủ nhiệm.
        Position::Chair => "Chủ nhiệm",
        Position::DeputyChair => "Phó Chủ nhiệm",
        // A delegation to the superior congress is led by its Trưởng đoàn.
        Position::Head => "Trưởng đoàn",
    }
}

pub fn committee_kind(value: CommitteeKind) -> &'static str {
    match value {
        CommitteeKind::Executive => "Ban Chấp hành",
        CommitteeKind::Standing => "Ban Thường vụ",
        CommitteeKind::Inspection => "Ủy ban Kiểm tra",
        CommitteeKind::Delegation => "Đoàn đại biểu đi dự Đại hội cấp trên",
    }
}

/// How a committee was formed, as the articles say it ("Đại hội bầu Ban Chấp hành gồm 15 đồng
/// chí"; a new organization's first committee "chỉ định" by its superior).
pub fn committee_formation(value: CommitteeFormation) -> &'static str {
    match value {
        CommitteeFormation::ElectedByCongress => "Đại hội bầu",
        CommitteeFormation::ElectedByPlenum => "Hội nghị Ban Chấp hành bầu",
        CommitteeFormation::Appointed => "Cấp trên chỉ định",
    }
}

pub fn organization_kind(value: OrganizationKind) -> &'static str {
    match value {
        OrganizationKind::PartyCommittee => "Đảng bộ",
        OrganizationKind::PartialCommittee => "Đảng bộ bộ phận",
        OrganizationKind::PartyCell => "Chi bộ",
    }
}

pub fn organization_level(value: OrganizationLevel) -> &'static str {
    match value {
        OrganizationLevel::Central => "Trung ương",
        OrganizationLevel::Province => "Cấp tỉnh",
        OrganizationLevel::District => "Cấp huyện",
        OrganizationLevel::Commune => "Cấp xã",
        OrganizationLevel::Grassroots => "Cơ sở",
        OrganizationLevel::BelowGrassroots => "Trực thuộc cơ sở",
    }
}

pub fn congress_kind(value: CongressKind) -> &'static str {
    match value {
        CongressKind::Members => "Đại hội đảng viên",
        CongressKind::Delegates => "Đại hội đại biểu",
    }
}

/// A result against its target, in the words of the articles ("đạt 117% chỉ tiêu", "vượt",
/// "chưa đạt").
pub fn achievement_status(value: AchievementStatus) -> &'static str {
    match value {
        AchievementStatus::Exceeded => "Vượt chỉ tiêu",
        AchievementStatus::Met => "Đạt chỉ tiêu",
        AchievementStatus::NotMet => "Chưa đạt chỉ tiêu",
        AchievementStatus::NoData => "Chưa có số liệu",
    }
}
