//! The synthetic sources every generated record cites: one for the registry (organizations,
//! placements, sizes), one for target results, and one per five-year term for its congresses.

use crate::generator::Generator;
use api::domain::text;
use entity::source;

/// The sources' titles, in ID order (the IDs below index this list from 1).
pub(crate) const SOURCE_TITLES: [&str; 6] = [
    "Dữ liệu tổng hợp (synthetic): hệ thống tổ chức đảng và số liệu đảng viên",
    "Dữ liệu tổng hợp (synthetic): báo cáo kết quả thực hiện nghị quyết đại hội",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2010-2015",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2015-2020",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2020-2025",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2025-2030",
];
const SOURCE_PUBLISHER: &str = "congress-api generate";
/// Organizations, placements and size snapshots.
pub(crate) const REGISTRY_SOURCE: i64 = 1;
/// Target results.
pub(crate) const RESULTS_SOURCE: i64 = 2;

/// The source of the congresses (committees, memberships, resolutions) of five-year term `k`.
pub(crate) fn term_source(k: usize) -> i64 {
    3 + k as i64
}

impl Generator {
    /// Writes the sources, first: every other table refers to them.
    pub(crate) fn sources(&mut self) {
        for (index, title) in SOURCE_TITLES.iter().enumerate() {
            // The identity the API gives a source without a url: its folded title and no date.
            let identity = format!("title:{}|", text::fold(title));
            self.sink
                .row::<source::Entity>()
                .int(source::Column::Id, index as i64 + 1)
                .text(source::Column::Title, title)
                .text(source::Column::Publisher, SOURCE_PUBLISHER)
                .text(source::Column::IdentityKey, &identity)
                .now(source::Column::CreatedAt);
        }
    }
}
