//! The target templates resolutions draw from: what a goal says, how its figure is drawn, its
//! unit and period, and the levels of organization it fits.

use crate::role::{ABOVE_GRASSROOTS, AT_COMMUNE, AT_DISTRICT, AT_GRASSROOTS, AT_PROVINCE, EVERY_LEVEL};

/// Whether a target is judged every year or at the end of the term.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Annual,
    Term,
}

impl Period {
    /// As `targets.period` stores it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Annual => "ANNUAL",
            Self::Term => "TERM",
        }
    }
}

/// A goal and how its figure is drawn. Bounds are whole numbers unless said otherwise.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Goal {
    /// "{v}% trở lên": v in lo..=hi.
    PercentAtLeast(u32, u32),
    /// A growth rate "{v}%/năm" in tenths of a percent, lo..=hi.
    RateAtLeast(u32, u32),
    /// "đạt và vượt {v}% dự toán": results give the amount and the plan; the percent is computed.
    PercentOfPlan(u32, u32),
    /// "{v}% trường đạt chuẩn": results give how many of how many, cumulatively over the term.
    PercentOfCount(u32, u32),
    /// "dưới {v}%" in tenths of a percent, lo..=hi.
    PercentAtMost(u32, u32),
    /// "{a}-{b}": a in lo..=hi, b = a + a width in wlo..=whi.
    CountRange(u32, u32, u32, u32),
    /// "ít nhất {v}": lo..=hi.
    CountAtLeast(u32, u32),
    /// "{v} triệu đồng": lo..=hi.
    AmountAtLeast(u32, u32),
    /// A yes/no goal.
    Yes,
}

/// A target as resolutions state it, before its figure is drawn.
pub(crate) struct TargetTemplate {
    /// The text as a resolution writes it: `{v}` the value, `{a}`-`{b}` a range.
    pub(crate) text: &'static str,
    pub(crate) goal: Goal,
    pub(crate) unit: Option<&'static str>,
    pub(crate) period: Period,
    pub(crate) levels: u8,
    /// A sub-target ("trong đó {v}% ...", lo..=hi percent) some resolutions add under it.
    pub(crate) child: Option<(&'static str, u32, u32)>,
}

const EXCELLENT_CELLS: (&str, u32, u32) = ("trong đó {v}% chi bộ hoàn thành xuất sắc nhiệm vụ", 15, 25);
const EXCELLENT_ORGANIZATIONS: (&str, u32, u32) = ("trong đó {v}% hoàn thành xuất sắc nhiệm vụ", 15, 25);
const EXCELLENT_MEMBERS: (&str, u32, u32) = ("trong đó {v}% hoàn thành xuất sắc nhiệm vụ", 10, 20);

const fn template(
    text: &'static str,
    goal: Goal,
    unit: Option<&'static str>,
    period: Period,
    levels: u8,
) -> TargetTemplate {
    TargetTemplate {
        text,
        goal,
        unit,
        period,
        levels,
        child: None,
    }
}

const fn with_child(mut template: TargetTemplate, child: (&'static str, u32, u32)) -> TargetTemplate {
    template.child = Some(child);
    template
}

pub(crate) const PERCENT: Option<&str> = Some("%");
const MEMBERS_UNIT: Option<&str> = Some("đảng viên");
const PEOPLE_UNIT: Option<&str> = Some("người");
const WORKERS_UNIT: Option<&str> = Some("lao động");
const MODELS_UNIT: Option<&str> = Some("mô hình");
const MILLIONS_UNIT: Option<&str> = Some("triệu đồng");

/// Every template; a resolution draws those of its level (`levels`), 6 to 12 of them.
pub(crate) const TEMPLATES: [TargetTemplate; 38] = [
    with_child(
        template(
            "Hằng năm có {v}% trở lên chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên",
            Goal::PercentAtLeast(80, 95),
            PERCENT,
            Period::Annual,
            AT_GRASSROOTS,
        ),
        EXCELLENT_CELLS,
    ),
    with_child(
        template(
            "Hằng năm có {v}% trở lên tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên",
            Goal::PercentAtLeast(80, 95),
            PERCENT,
            Period::Annual,
            ABOVE_GRASSROOTS,
        ),
        EXCELLENT_ORGANIZATIONS,
    ),
    with_child(
        template(
            "Hằng năm có {v}% trở lên đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên",
            Goal::PercentAtLeast(85, 95),
            PERCENT,
            Period::Annual,
            EVERY_LEVEL,
        ),
        EXCELLENT_MEMBERS,
    ),
    template(
        "{v}% cán bộ, đảng viên được học tập, quán triệt các nghị quyết, chỉ thị của Đảng",
        Goal::PercentAtLeast(95, 100),
        PERCENT,
        Period::Annual,
        EVERY_LEVEL,
    ),
    template(
        "Kết nạp {a}-{b} đảng viên mới mỗi năm",
        Goal::CountRange(1, 3, 1, 2),
        MEMBERS_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Kết nạp {a}-{b} đảng viên mới mỗi năm",
        Goal::CountRange(6, 14, 2, 4),
        MEMBERS_UNIT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "Kết nạp từ {a} đến {b} đảng viên mới mỗi năm",
        Goal::CountRange(150, 350, 50, 100),
        MEMBERS_UNIT,
        Period::Annual,
        AT_DISTRICT,
    ),
    template(
        "Kết nạp từ {a} đến {b} đảng viên mới mỗi năm",
        Goal::CountRange(1500, 4000, 300, 800),
        MEMBERS_UNIT,
        Period::Annual,
        AT_PROVINCE,
    ),
    template(
        "Hằng năm giới thiệu {a}-{b} quần chúng ưu tú tham gia lớp bồi dưỡng nhận thức về Đảng",
        Goal::CountRange(2, 4, 1, 3),
        PEOPLE_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Hằng năm giới thiệu {a}-{b} quần chúng ưu tú tham gia lớp bồi dưỡng nhận thức về Đảng",
        Goal::CountRange(10, 20, 3, 5),
        PEOPLE_UNIT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "{v}% chi bộ tổ chức sinh hoạt chuyên đề ít nhất một lần mỗi quý",
        Goal::PercentAtLeast(95, 100),
        PERCENT,
        Period::Annual,
        AT_GRASSROOTS | AT_COMMUNE,
    ),
    template(
        "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa hằng năm đạt {v}% trở lên",
        Goal::PercentAtLeast(85, 95),
        PERCENT,
        Period::Annual,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {v}% trở lên",
        Goal::PercentAtLeast(90, 98),
        PERCENT,
        Period::Annual,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Giảm tỷ lệ hộ nghèo xuống dưới {v}% vào cuối nhiệm kỳ",
        Goal::PercentAtMost(5, 30),
        PERCENT,
        Period::Term,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống dưới {v}%",
        Goal::PercentAtMost(80, 140),
        PERCENT,
        Period::Term,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Thu ngân sách nhà nước trên địa bàn hằng năm đạt và vượt {v}% dự toán được giao",
        Goal::PercentOfPlan(100, 110),
        PERCENT,
        Period::Annual,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tỷ lệ trường đạt chuẩn quốc gia đạt {v}% vào cuối nhiệm kỳ",
        Goal::PercentOfCount(70, 100),
        PERCENT,
        Period::Term,
        AT_COMMUNE | AT_DISTRICT,
    ),
    template(
        "Giải quyết việc làm mới cho {v} lao động trở lên mỗi năm",
        Goal::CountAtLeast(100, 400),
        WORKERS_UNIT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "Giải quyết việc làm mới cho {v} lao động trở lên mỗi năm",
        Goal::CountAtLeast(1500, 4000),
        WORKERS_UNIT,
        Period::Annual,
        AT_DISTRICT,
    ),
    template(
        "Giải quyết việc làm mới cho {v} lao động trở lên mỗi năm",
        Goal::CountAtLeast(25_000, 60_000),
        WORKERS_UNIT,
        Period::Annual,
        AT_PROVINCE,
    ),
    template(
        "Xây dựng ít nhất {v} mô hình \"Dân vận khéo\" trong nhiệm kỳ",
        Goal::CountAtLeast(1, 3),
        MODELS_UNIT,
        Period::Term,
        AT_GRASSROOTS,
    ),
    template(
        "Xây dựng ít nhất {v} mô hình \"Dân vận khéo\" trong nhiệm kỳ",
        Goal::CountAtLeast(3, 10),
        MODELS_UNIT,
        Period::Term,
        AT_COMMUNE,
    ),
    template(
        "Thu nhập bình quân đầu người đạt {v} triệu đồng/năm vào cuối nhiệm kỳ",
        Goal::AmountAtLeast(50, 90),
        MILLIONS_UNIT,
        Period::Term,
        AT_COMMUNE,
    ),
    template(
        "Thu nhập bình quân đầu người đạt {v} triệu đồng/năm vào cuối nhiệm kỳ",
        Goal::AmountAtLeast(60, 110),
        MILLIONS_UNIT,
        Period::Term,
        AT_DISTRICT,
    ),
    template(
        "Thu nhập bình quân đầu người đạt {v} triệu đồng/năm vào cuối nhiệm kỳ",
        Goal::AmountAtLeast(80, 150),
        MILLIONS_UNIT,
        Period::Term,
        AT_PROVINCE,
    ),
    template(
        "Hoàn thành các tiêu chí nông thôn mới nâng cao, đô thị văn minh trong nhiệm kỳ",
        Goal::Yes,
        None,
        Period::Term,
        AT_COMMUNE,
    ),
    template(
        "Hằng năm, đảng bộ được đánh giá, xếp loại hoàn thành tốt nhiệm vụ trở lên",
        Goal::Yes,
        None,
        Period::Annual,
        EVERY_LEVEL,
    ),
    template(
        "Hoàn thành 100% chỉ tiêu tuyển quân hằng năm",
        Goal::PercentAtLeast(100, 100),
        PERCENT,
        Period::Annual,
        AT_COMMUNE | AT_DISTRICT,
    ),
    template(
        "Tỷ lệ lao động qua đào tạo đạt {v}% trở lên",
        Goal::PercentAtLeast(60, 80),
        PERCENT,
        Period::Term,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tốc độ tăng trưởng kinh tế bình quân đạt {v}%/năm trở lên",
        Goal::RateAtLeast(60, 100),
        PERCENT,
        Period::Annual,
        AT_DISTRICT | AT_PROVINCE,
    ),
    template(
        "Tỷ lệ che phủ rừng đạt {v}% trở lên",
        Goal::PercentAtLeast(35, 55),
        PERCENT,
        Period::Term,
        AT_DISTRICT | AT_PROVINCE,
    ),
    template(
        "Doanh thu tăng bình quân {v}%/năm trở lên",
        Goal::RateAtLeast(50, 120),
        PERCENT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Thu nhập bình quân của người lao động đạt {v} triệu đồng/tháng trở lên",
        Goal::AmountAtLeast(7, 15),
        MILLIONS_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "{v}% đảng viên thực hiện nghiêm việc giữ mối liên hệ với chi ủy, đảng ủy nơi cư trú",
        Goal::PercentAtLeast(95, 100),
        PERCENT,
        Period::Annual,
        AT_GRASSROOTS | AT_COMMUNE,
    ),
    template(
        "Không có đảng viên vi phạm kỷ luật phải xử lý",
        Goal::Yes,
        None,
        Period::Annual,
        AT_GRASSROOTS | AT_COMMUNE,
    ),
    template(
        "Tỷ lệ thôn, tổ dân phố đạt danh hiệu văn hóa đạt {v}% trở lên",
        Goal::PercentAtLeast(80, 95),
        PERCENT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "Hằng năm phát triển từ {a}-{b} đoàn viên, hội viên mới",
        Goal::CountRange(5, 15, 5, 10),
        PEOPLE_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Tỷ lệ đảng viên được kiểm tra, giám sát trong nhiệm kỳ đạt {v}% trở lên",
        Goal::PercentAtLeast(30, 60),
        PERCENT,
        Period::Term,
        EVERY_LEVEL,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_level_with_resolutions_has_at_least_twelve_templates() {
        for level in [AT_GRASSROOTS, AT_COMMUNE, AT_DISTRICT, AT_PROVINCE] {
            let count = TEMPLATES.iter().filter(|t| t.levels & level != 0).count();
            assert!(count >= 12, "level {level}: {count} templates");
        }
    }
}
