//! Term reports: the status of each target of a term (of its latest result), and the counts of
//! targets by status, overall and per organization. Rules only: the rows are read a page at a
//! time, or streamed, by the store (`store::targets`).

use super::targets;
use crate::error::{ApiError, ApiResult};
use entity::enums::AchievementStatus;
use entity::{target, target_result};
use std::collections::BTreeMap;

/// The years a report can be asked about.
pub fn check_year(year: i32) -> ApiResult<()> {
    if (1930..=2200).contains(&year) {
        Ok(())
    } else {
        Err(ApiError::invalid(
            "term_year",
            "termYear",
            "termYear must be between 1930 and 2200",
        ))
    }
}

/// The latest of a target's results: the one covering the latest year, the last recorded when
/// several sources report the same years.
pub fn latest(results: &[target_result::Model]) -> Option<&target_result::Model> {
    targets::latest(results)
}

/// A target's status: of its latest result, NO_DATA without one.
pub fn status(target: &target::Model, latest: Option<&target_result::Model>) -> AchievementStatus {
    match latest {
        Some(result) => targets::status_of(target, result),
        None => AchievementStatus::NoData,
    }
}

/// Counts of targets by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub targets: i32,
    pub met: i32,
    pub exceeded: i32,
    pub not_met: i32,
    pub no_data: i32,
}

impl Summary {
    pub fn add(&mut self, status: AchievementStatus) {
        self.targets += 1;
        match status {
            AchievementStatus::Met => self.met += 1,
            AchievementStatus::Exceeded => self.exceeded += 1,
            AchievementStatus::NotMet => self.not_met += 1,
            AchievementStatus::NoData => self.no_data += 1,
        }
    }
}

/// The summary of a report and of each organization in it, built one target at a time.
#[derive(Debug, Clone, Default)]
pub struct Summaries {
    pub overall: Summary,
    /// In organization id order.
    pub per_organization: BTreeMap<i64, Summary>,
}

impl Summaries {
    pub fn add(&mut self, target: &target::Model, latest: Option<&target_result::Model>) {
        let status = status(target, latest);
        self.overall.add(status);
        self.per_organization
            .entry(target.organization_id)
            .or_default()
            .add(status);
    }
}
