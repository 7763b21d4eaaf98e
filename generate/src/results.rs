//! Target results: a figure per year of the term up to the last reported year, drawn around the
//! goal with noise so that every achievement status occurs (met, missed, no data, term goals
//! approached and judged in their last year).

use crate::calendar::LAST_RESULT_YEAR;
use crate::generator::{Generator, next};
use crate::role::{AT_DISTRICT, AT_PROVINCE};
use crate::sources::RESULTS_SOURCE;
use crate::targets::{TargetPlacement, decimal, round_to};
use crate::templates::{Goal, Period};
use api::domain::achievement::computed_percent;
use api::domain::targets::decimal_text;
use entity::target_result;
use rand::Rng;
use rand::rngs::StdRng;
use rust_decimal::Decimal;

/// A year missing from a target's otherwise yearly results.
const MISSING_YEAR: f64 = 0.05;

/// One year's reported figures, in hundredths.
#[derive(Debug, Default)]
struct Figures {
    achieved: Option<i64>,
    planned: Option<i64>,
    reported_percent: Option<String>,
    qualifier: Option<&'static str>,
}

impl Generator {
    /// Yearly results: around the goal with noise, so that every status occurs.
    pub(crate) fn results(
        &mut self,
        target_id: i64,
        placement: &TargetPlacement,
        goal: Goal,
        bounds: (Option<i64>, Option<i64>),
        period: Period,
    ) {
        let years = placement.end - placement.start;
        let last = (placement.end - 1).min(LAST_RESULT_YEAR);
        // Fixed for the whole term: a budget, a number of schools.
        let scale = match placement.level {
            AT_PROVINCE => 400,
            AT_DISTRICT => 20,
            _ => 1,
        };
        let budget = self.rng.random_range(8_000..=80_000) * scale;
        let schools = self.rng.random_range(4..=12) * scale;
        let mut done = false;
        for year in placement.start..=last {
            if self.rng.random_bool(MISSING_YEAR) {
                continue;
            }
            let progress = f64::from(year - placement.start + 1) / f64::from(years);
            let final_year = year == placement.end - 1;
            let figures = self.figures(goal, bounds, period, progress, final_year, (budget, schools), &mut done);
            let id = next(&mut self.ids.result);
            self.sink
                .row::<target_result::Entity>()
                .int(target_result::Column::Id, id)
                .int(target_result::Column::TargetId, target_id)
                .int(target_result::Column::YearFrom, i64::from(year))
                .int(target_result::Column::YearTo, i64::from(year))
                .opt_text(
                    target_result::Column::Achieved,
                    figures.achieved.map(decimal).as_deref(),
                )
                .opt_text(target_result::Column::Planned, figures.planned.map(decimal).as_deref())
                .opt_text(
                    target_result::Column::ReportedPercent,
                    figures.reported_percent.as_deref(),
                )
                .opt_text(target_result::Column::Qualifier, figures.qualifier)
                .int(target_result::Column::SourceId, RESULTS_SOURCE)
                .now(target_result::Column::CreatedAt);
        }
    }

    /// One year's figures for a goal. `progress` is the share of the term gone by the end of the
    /// year; term goals are approached over the term and judged in its last year.
    #[allow(clippy::too_many_arguments)] // the goal, its bounds and where in the term the year falls
    fn figures(
        &mut self,
        goal: Goal,
        (min, max): (Option<i64>, Option<i64>),
        period: Period,
        progress: f64,
        final_year: bool,
        (budget, schools): (i64, i64),
        done: &mut bool,
    ) -> Figures {
        let rng = &mut self.rng;
        let mut figures = Figures::default();
        let goal_value = min.or(max).unwrap_or_default();
        let scaled = |value: i64, factor: f64| (value as f64 * factor).round() as i64;
        match goal {
            Goal::PercentAtLeast(..) | Goal::RateAtLeast(..) => {
                let cap = if matches!(goal, Goal::RateAtLeast(..)) {
                    3_000
                } else {
                    10_000
                };
                let value = if period == Period::Annual || final_year {
                    percent_outcome(rng, goal_value, cap)
                } else {
                    let noise = rng.random_range(-300..=300);
                    round_to(scaled(goal_value, 0.75 + 0.25 * progress) + noise, 10).min(cap)
                };
                figures.achieved = Some(value);
                figures.qualifier = match rng.random_range(0..100) {
                    0..8 => Some("MORE_THAN"),
                    8..12 => Some("APPROXIMATE"),
                    _ => None,
                };
            }
            Goal::PercentOfPlan(..) => {
                let ratio = percent_outcome(rng, goal_value, 15_000);
                let achieved = round_to(budget * ratio / 10_000 * 100, 100);
                figures.planned = Some(budget * 100);
                figures.achieved = Some(achieved);
                if rng.random_bool(0.6) {
                    figures.reported_percent = reported(achieved, budget * 100);
                }
            }
            Goal::PercentOfCount(..) => {
                let share = goal_value as f64 / 10_000.0 * (0.6 + 0.45 * progress) * rng.random_range(0.9..1.1);
                let achieved = ((schools as f64 * share).round() as i64).clamp(0, schools);
                figures.planned = Some(schools * 100);
                figures.achieved = Some(achieved * 100);
            }
            Goal::PercentAtMost(..) => {
                let factor = (1.8 - 0.8 * progress) * rng.random_range(0.85..1.15);
                figures.achieved = Some(round_to(scaled(goal_value, factor), 10));
            }
            Goal::CountRange(..) => {
                let (low, high) = (min.unwrap_or_default() / 100, max.unwrap_or_default() / 100);
                let spread = ((high - low) / 2).max(2);
                let achieved = rng.random_range((low - spread).max(0)..=high + spread);
                figures.achieved = Some(achieved * 100);
                if rng.random_bool(0.3) {
                    figures.planned = Some(low * 100);
                    if rng.random_bool(0.6) {
                        figures.reported_percent = reported(achieved * 100, low * 100);
                    }
                }
                if rng.random_bool(0.05) {
                    figures.qualifier = Some("APPROXIMATE");
                }
            }
            Goal::CountAtLeast(..) => {
                let factor = if period == Period::Term {
                    progress * rng.random_range(0.8..1.25)
                } else {
                    rng.random_range(0.8..1.3)
                };
                let achieved = round_to(scaled(goal_value, factor), 100);
                figures.achieved = Some(achieved);
                if period == Period::Annual && rng.random_bool(0.3) {
                    figures.planned = Some(goal_value);
                    if rng.random_bool(0.6) {
                        figures.reported_percent = reported(achieved, goal_value);
                    }
                }
            }
            Goal::AmountAtLeast(..) => {
                let factor = if period == Period::Term {
                    (0.75 + 0.25 * progress) * rng.random_range(0.93..1.08)
                } else {
                    rng.random_range(0.9..1.2)
                };
                figures.achieved = Some(round_to(scaled(goal_value, factor), 10));
            }
            Goal::Yes => {
                let yes = if period == Period::Annual {
                    rng.random_bool(0.88)
                } else {
                    *done = *done || rng.random_bool(0.1 + 0.3 * progress);
                    *done
                };
                figures.achieved = Some(if yes { 100 } else { 0 });
            }
        }
        figures
    }
}

/// A roll around a percent goal (in hundredths): a quarter exactly on it, the rest above or below.
fn percent_outcome(rng: &mut StdRng, goal: i64, cap: i64) -> i64 {
    let roll: f64 = rng.random();
    let value = if roll < 0.25 {
        goal
    } else if roll < 0.65 {
        goal + rng.random_range(10..=800)
    } else {
        goal - rng.random_range(50..=1_000)
    };
    // Sources mostly give whole percents, sometimes one decimal.
    let step = if rng.random_bool(0.7) { 100 } else { 10 };
    round_to(value.clamp(0, cap), step)
}

/// The percent a source states beside "achieved of planned", as the API computes it.
pub(crate) fn reported(achieved: i64, planned: i64) -> Option<String> {
    computed_percent(Some(Decimal::new(achieved, 2)), Some(Decimal::new(planned, 2))).map(decimal_text)
}
