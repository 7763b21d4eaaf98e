//! Term reports: the status of each target of a term (of its latest result) with what makes it
//! uncertain (figures that contradict each other, a stated status that differs, an approximate
//! figure near a bound), and the counts of targets by kind and status, overall and per
//! organization. Rules only: the rows are read a page at a
//! time, or streamed, by the store (`store::targets`).

use super::{achievement, targets};
use crate::error::{ApiError, ApiResult};
use entity::enums::AchievementStatus;
use entity::{target, target_result};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, BTreeSet};

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

/// The data-quality code of a result whose span has other figures that cannot all be true.
pub const CONFLICTING_FIGURES: &str = "conflicting_figures";
/// The data-quality code of a result whose stated outcome differs from the one its figures give.
pub const STATED_STATUS_DISAGREES: &str = "stated_status_disagrees";
/// The data-quality code of a status that rests on an approximate figure near a bound.
pub const APPROXIMATE_NEAR_BOUND: &str = "approximate_near_bound";

/// How far one result (a report row's latest, or one line of the CSV) can be trusted: its
/// computed status beside the one the source states, whether that status rests on an
/// approximate figure near a bound, and the figures for the same span that contradict it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    /// Computed from the figures; the stated status where the figures cannot be judged.
    pub status: AchievementStatus,
    /// What the source itself says ("hoàn thành sớm": EXCEEDED), when it says it.
    pub stated_status: Option<AchievementStatus>,
    /// Both statuses exist and differ.
    pub status_disagrees: bool,
    /// The status rests on an approximate figure whose range crosses a bound ("MET (approximate)").
    pub approximate: bool,
    /// Every result for the same span, this one included, in recorded order, with its figure
    /// (none where it only states an outcome), when they contradict one another; empty when they
    /// agree or stand alone.
    pub conflicting: Vec<(i64, Option<Decimal>)>,
}

impl Assessment {
    /// A target without results.
    pub fn no_data() -> Self {
        Self {
            status: AchievementStatus::NoData,
            stated_status: None,
            status_disagrees: false,
            approximate: false,
            conflicting: Vec::new(),
        }
    }

    /// The codes of what this assessment flags.
    pub fn codes(&self) -> impl Iterator<Item = &'static str> {
        [
            (!self.conflicting.is_empty()).then_some(CONFLICTING_FIGURES),
            self.status_disagrees.then_some(STATED_STATUS_DISAGREES),
            self.approximate.then_some(APPROXIMATE_NEAR_BOUND),
        ]
        .into_iter()
        .flatten()
    }
}

/// Assesses `result`, one of a target's `results`.
pub fn assess_result(
    target: &target::Model,
    result: &target_result::Model,
    results: &[target_result::Model],
) -> Assessment {
    let status = targets::status_of(target, result);
    let stated_status = result.reported_status;
    let same_span: Vec<&target_result::Model> = results
        .iter()
        .filter(|other| other.year_from == result.year_from && other.year_to == result.year_to)
        .collect();
    let figures: Vec<_> = same_span.iter().map(|r| targets::figures_of(r)).collect();
    let contradicted = figures
        .iter()
        .enumerate()
        .any(|(i, a)| figures[i + 1..].iter().any(|b| achievement::figures_contradict(a, b)));
    let conflicting = if contradicted {
        same_span
            .iter()
            .zip(&figures)
            .map(|(r, f)| (r.id, f.achieved.or(f.reported_percent).map(|value| value.normalize())))
            .collect()
    } else {
        Vec::new()
    };
    Assessment {
        status,
        stated_status,
        status_disagrees: stated_status.is_some_and(|stated| stated != status),
        approximate: targets::approximate_near_bound_of(target, result),
        conflicting,
    }
}

/// Assesses a target by its latest result.
pub fn assess(target: &target::Model, results: &[target_result::Model]) -> Assessment {
    match latest(results) {
        Some(result) => assess_result(target, result, results),
        None => Assessment::no_data(),
    }
}

/// The data-quality codes of a row or line: the rules of the warnings stored with its target and
/// results, and what its assessment flags; each once, in alphabetical order.
pub fn quality_codes<'a>(stored_rules: impl IntoIterator<Item = &'a str>, assessment: &Assessment) -> Vec<String> {
    stored_rules
        .into_iter()
        .map(str::to_owned)
        .chain(assessment.codes().map(str::to_owned))
        .collect::<BTreeSet<String>>()
        .into_iter()
        .collect()
}

/// Counts of a report's targets: how many of each kind, and by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Every row: listed targets and sub-targets together.
    pub targets: i32,
    /// Targets listed at the top level (a resolution's numbered targets, a superior's assignments).
    pub listed_targets: i32,
    /// Targets listed under another ("trong đó 20% ...").
    pub sub_targets: i32,
    /// What the resolutions of the report declare ("6 chỉ tiêu"), when any declares a count.
    pub declared_targets: Option<i32>,
    pub met: i32,
    pub exceeded: i32,
    pub not_met: i32,
    pub no_data: i32,
    /// Statuses counted above that rest on an approximate figure near a bound.
    pub approximate: i32,
    /// Rows whose latest figures contradict another figure for the same span.
    pub conflicting: i32,
    /// Rows whose stated status differs from the computed one.
    pub status_disagreements: i32,
}

impl Summary {
    pub fn add(&mut self, target: &target::Model, assessment: &Assessment) {
        self.targets += 1;
        if target.parent_id.is_some() {
            self.sub_targets += 1;
        } else {
            self.listed_targets += 1;
        }
        match assessment.status {
            AchievementStatus::Met => self.met += 1,
            AchievementStatus::Exceeded => self.exceeded += 1,
            AchievementStatus::NotMet => self.not_met += 1,
            AchievementStatus::NoData => self.no_data += 1,
        }
        self.approximate += i32::from(assessment.approximate);
        self.conflicting += i32::from(!assessment.conflicting.is_empty());
        self.status_disagreements += i32::from(assessment.status_disagrees);
    }

    pub fn declare(&mut self, count: i32) {
        self.declared_targets = Some(self.declared_targets.unwrap_or(0).saturating_add(count));
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
    /// Counts a target with its results: all of them, or those of its latest span (the only
    /// ones its assessment reads).
    pub fn add(&mut self, target: &target::Model, results: &[target_result::Model]) {
        let assessment = assess(target, results);
        self.overall.add(target, &assessment);
        self.per_organization
            .entry(target.organization_id)
            .or_default()
            .add(target, &assessment);
    }

    /// Counts the targets an organization's resolution declares.
    pub fn declare(&mut self, organization_id: i64, count: i32) {
        self.overall.declare(count);
        self.per_organization.entry(organization_id).or_default().declare(count);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use entity::enums::{TargetAssigner, TargetMeasure, TargetPeriod};

    fn target(measure: TargetMeasure) -> target::Model {
        target::Model {
            id: 1,
            organization_id: 1,
            congress_id: None,
            resolution_id: None,
            parent_id: None,
            ordinal: 1,
            text: "Tỷ lệ chi bộ".into(),
            measure: Some(measure),
            comparator: None,
            min_value: None,
            max_value: None,
            unit: None,
            period: Some(TargetPeriod::Annual),
            assigned_by: TargetAssigner::Congress,
            assigned_by_organization_id: None,
            start_year: 2010,
            end_year: 2015,
            note: None,
            source_id: None,
            created_at: chrono::Utc::now(),
        }
    }

    fn result(id: i64, years: (i32, i32), achieved: &str) -> target_result::Model {
        target_result::Model {
            id,
            target_id: 1,
            year_from: years.0,
            year_to: years.1,
            achieved: Some(achieved.into()),
            planned: None,
            out_of: None,
            reported_percent: None,
            qualifier: None,
            reported_status: None,
            note: None,
            source_id: None,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn figures_for_the_latest_span_that_contradict_are_all_listed_in_recorded_order() {
        let results = [
            result(1, (2006, 2009), "70"),
            result(2, (2010, 2015), "82.4"),
            result(3, (2010, 2015), "86"),
        ];
        let assessment = assess(&target(TargetMeasure::Percent), &results);
        let values: Vec<String> = assessment
            .conflicting
            .iter()
            .filter_map(|(_, v)| v.map(|v| v.to_string()))
            .collect();
        assert_eq!(values, ["82.4", "86"]);
        assert_eq!(
            assess_result(&target(TargetMeasure::Percent), &results[0], &results).conflicting,
            []
        );
        assert_eq!(
            quality_codes(["contradicts_same_source", "conflicting_figures"], &assessment),
            ["conflicting_figures", "contradicts_same_source"]
        );
    }

    #[test]
    fn two_stated_outcomes_without_figures_for_one_span_conflict_too() {
        let stated = |id, status| target_result::Model {
            achieved: None,
            reported_status: Some(status),
            ..result(id, (2022, 2022), "0")
        };
        let results = [stated(1, AchievementStatus::Met), stated(2, AchievementStatus::NotMet)];
        let assessment = assess(&target(TargetMeasure::Boolean), &results);
        assert_eq!(assessment.conflicting, [(1, None), (2, None)]);
        assert_eq!(assessment.codes().collect::<Vec<_>>(), [CONFLICTING_FIGURES]);
    }

    #[test]
    fn a_stated_status_beside_a_computed_one_disagrees_only_when_both_exist_and_differ() {
        let stated = target_result::Model {
            reported_status: Some(AchievementStatus::Exceeded),
            ..result(1, (2022, 2022), "1")
        };
        let assessment = assess(&target(TargetMeasure::Boolean), std::slice::from_ref(&stated));
        assert_eq!(
            (assessment.status, assessment.stated_status, assessment.status_disagrees),
            (AchievementStatus::Met, Some(AchievementStatus::Exceeded), true)
        );
        // Without figures to judge, the stated status is the status: nothing disagrees.
        let words_only = target_result::Model {
            achieved: None,
            ..stated
        };
        assert!(!assess(&target(TargetMeasure::Boolean), &[words_only]).status_disagrees);
    }

    #[test]
    fn summaries_count_listed_and_sub_targets_and_what_resolutions_declare() {
        let mut summaries = Summaries::default();
        summaries.add(&target(TargetMeasure::Percent), &[]);
        let child = target::Model {
            id: 2,
            parent_id: Some(1),
            ..target(TargetMeasure::Percent)
        };
        summaries.add(&child, &[]);
        summaries.declare(1, 6);
        let overall = summaries.overall;
        assert_eq!(
            (
                overall.targets,
                overall.listed_targets,
                overall.sub_targets,
                overall.declared_targets
            ),
            (2, 1, 1, Some(6))
        );
        assert_eq!(overall.no_data, 2);
    }
}
