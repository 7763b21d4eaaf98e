//! Targets and results as stored, read into the figures the achievement rules work on.

use super::achievement::{self, ResultFigures, TargetSpec};
use entity::enums::AchievementStatus;
use entity::{target, target_result};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A decimal column: canonical text in the database, exact in memory.
pub fn stored_decimal(text: Option<&str>) -> Option<Decimal> {
    text.and_then(|text| Decimal::from_str(text).ok())
}

/// The canonical text stored for a decimal ("116.67", "7").
pub fn decimal_text(value: Decimal) -> String {
    value.normalize().to_string()
}

pub fn spec_of(target: &target::Model) -> TargetSpec {
    TargetSpec {
        measure: target.measure,
        comparator: target.comparator,
        min_value: stored_decimal(target.min_value.as_deref()),
        max_value: stored_decimal(target.max_value.as_deref()),
        period: target.period,
    }
}

pub fn figures_of(result: &target_result::Model) -> ResultFigures {
    ResultFigures {
        year_from: result.year_from,
        year_to: result.year_to,
        achieved: stored_decimal(result.achieved.as_deref()),
        planned: stored_decimal(result.planned.as_deref()),
        reported_percent: stored_decimal(result.reported_percent.as_deref()),
        qualifier: result.qualifier,
        reported_status: result.reported_status,
    }
}

/// The denominator of a result's percent: its plan, else the whole it is part of ("5/7").
fn denominator(result: &target_result::Model) -> Option<Decimal> {
    stored_decimal(result.planned.as_deref()).or_else(|| stored_decimal(result.out_of.as_deref()))
}

/// The target and figures a result is judged by. A plan is a goal the result can miss or
/// exceed; the whole a result is part of ("5 of 7 streets") is not a goal, so it counts only to
/// turn the result into the percent that a percent target states.
fn judged(target: &target::Model, result: &target_result::Model) -> (TargetSpec, ResultFigures) {
    let spec = spec_of(target);
    let mut figures = figures_of(result);
    if spec.measure == Some(entity::enums::TargetMeasure::Percent) && spec.comparator.is_some() {
        figures.planned = denominator(result);
    }
    (spec, figures)
}

pub fn status_of(target: &target::Model, result: &target_result::Model) -> AchievementStatus {
    let (spec, figures) = judged(target, result);
    achievement::status(&spec, &figures)
}

/// Whether the result's status rests on an approximate figure near a bound (see
/// `achievement::approximate_near_bound`).
pub fn approximate_near_bound_of(target: &target::Model, result: &target_result::Model) -> bool {
    let (spec, figures) = judged(target, result);
    achievement::approximate_near_bound(&spec, &figures)
}

pub fn computed_percent_of(result: &target_result::Model) -> Option<Decimal> {
    achievement::computed_percent(stored_decimal(result.achieved.as_deref()), denominator(result))
}

/// The result a report shows as current: the one covering the latest year, the last recorded
/// when several sources report the same years.
pub fn latest<'a>(results: impl IntoIterator<Item = &'a target_result::Model>) -> Option<&'a target_result::Model> {
    results
        .into_iter()
        .max_by_key(|result| (result.year_to, result.year_from, result.id))
}
