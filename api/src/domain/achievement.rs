//! How reported results stand against congress targets.
//!
//! Everything is exact decimal arithmetic: targets like "at least 85%" and results like "116.67%"
//! sit right on the boundaries that decide Met versus Exceeded, where binary floating point would
//! give the wrong answer.

use entity::enums::{AchievementStatus, Comparator, ResultQualifier, TargetMeasure, TargetPeriod};

use std::cmp::Ordering;

use rust_decimal::{Decimal, RoundingStrategy};

/// What a congress set out to achieve for one indicator. Every field is optional because sources
/// often state a goal only in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct TargetSpec {
    pub measure: Option<TargetMeasure>,
    pub comparator: Option<Comparator>,
    pub min_value: Option<Decimal>,
    pub max_value: Option<Decimal>,
    pub period: Option<TargetPeriod>,
}

/// What a review reported for one indicator over `year_from..=year_to`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ResultFigures {
    pub year_from: i32,
    pub year_to: i32,
    pub achieved: Option<Decimal>,
    pub planned: Option<Decimal>,
    pub reported_percent: Option<Decimal>,
    pub qualifier: Option<ResultQualifier>,
    pub reported_status: Option<AchievementStatus>,
}

/// A reported percent this far from the computed one (or closer) is rounding, not a mistake.
// 0.5 spelled as raw parts, because `Decimal::new` is not usable in a const.
const PERCENT_TOLERANCE: Decimal = Decimal::from_parts(5, 0, 0, false, 1);
const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

/// achieved / planned * 100, rounded half away from zero to 2 decimal places; None if either is missing or planned is zero.
pub fn computed_percent(achieved: Option<Decimal>, planned: Option<Decimal>) -> Option<Decimal> {
    let (achieved, planned) = (achieved?, planned?);
    if planned.is_zero() {
        return None;
    }
    // Multiply first so the division carries the full 28 digits into the rounding step; checked
    // operations turn absurd magnitudes into "no percent" instead of a panic.
    let percent = achieved.checked_mul(HUNDRED)?.checked_div(planned)?;
    Some(percent.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero))
}

/// True when both a reported and a computed percent exist and they differ by more than 0.5 (half a point).
pub fn reported_percent_disagrees(result: &ResultFigures) -> bool {
    match (
        result.reported_percent,
        computed_percent(result.achieved, result.planned),
    ) {
        (Some(reported), Some(computed)) => {
            // Subtraction cannot overflow for percents of sane size; if it does, the figures are
            // so far apart that they certainly disagree.
            reported
                .checked_sub(computed)
                .is_none_or(|gap| gap.abs() > PERCENT_TOLERANCE)
        }
        _ => false,
    }
}

/// The value a result is compared with, per the rules below (exposed for tests and reports).
///
/// 1. A percent target with a non-zero plan compares the computed percent ("6/6 schools" against
///    "100%").
/// 2. Otherwise the achieved figure.
/// 3. Otherwise, for a percent target or one of unknown measure, the reported percent.
///
/// When rule 1 applies but no percent can be computed (no achieved figure), the later rules still
/// get their turn, so a result that states only "đạt 95%" beside its plan is not lost.
pub fn compared_value(target: &TargetSpec, result: &ResultFigures) -> Option<Decimal> {
    let is_percent = target.measure == Some(TargetMeasure::Percent);
    if is_percent
        && result.planned.is_some_and(|p| !p.is_zero())
        && let Some(percent) = computed_percent(result.achieved, result.planned)
    {
        return Some(percent);
    }
    if result.achieved.is_some() {
        return result.achieved;
    }
    if is_percent || target.measure.is_none() {
        return result.reported_percent;
    }
    None
}

/// The status of one result against its target.
///
/// Without a comparable value or usable bounds, the status the source itself reported stands (or
/// `NoData`). A target with no comparator is judged against the result's own plan as "at least",
/// except for percent targets, where the plan is the denominator rather than the goal. Bounds of an
/// annual count or amount target are multiplied by the years a result spans, because such results
/// are totals; the result's own plan is never scaled, as it already covers the result's span.
pub fn status(target: &TargetSpec, result: &ResultFigures) -> AchievementStatus {
    match compared_value(target, result) {
        Some(value) => status_at(target, result, value),
        None => result.reported_status.unwrap_or(AchievementStatus::NoData),
    }
}

/// The status `value` would have as the result's compared value.
fn status_at(target: &TargetSpec, result: &ResultFigures, value: Decimal) -> AchievementStatus {
    let fallback = result.reported_status.unwrap_or(AchievementStatus::NoData);
    // A yes/no goal is met by a yes whatever comparator was recorded with it.
    if target.measure == Some(TargetMeasure::Boolean) {
        return if value.is_zero() {
            AchievementStatus::NotMet
        } else {
            AchievementStatus::Met
        };
    }

    let Some(bounds) = bounds(target, result) else {
        return fallback;
    };
    // "trên 85%" says the true value is strictly above the figure; "trở lên", "gần" and plain
    // figures are taken at face value.
    let strictly_above = result.qualifier == Some(ResultQualifier::MoreThan);
    judge(value, strictly_above, bounds)
}

/// Whether a result's status rests on an approximate figure ("gần 60") whose range crosses a
/// bound of the target: when a value within a tenth of the figure, below or above (the reading
/// `figures_contradict` gives "gần"), would stand otherwise than the figure itself, the status at
/// face value is only "MET (approximate)" and a report says so. "gần 60" against 6-8 a year over
/// ten years (60-80) is such a case: 54 would not meet it. An approximate figure whose whole range
/// stands the same ("gần 100" against at least 50) is as good as exact.
pub fn approximate_near_bound(target: &TargetSpec, result: &ResultFigures) -> bool {
    if result.qualifier != Some(ResultQualifier::Approximate) {
        return false;
    }
    let Some(value) = compared_value(target, result) else {
        return false;
    };
    let tenth = value.abs() / Decimal::TEN;
    let face = status_at(target, result, value);
    [value - tenth, value + tenth]
        .into_iter()
        .any(|other| status_at(target, result, other) != face)
}

/// The values a stated figure allows, as (low, whether low itself is allowed, high): "86%"
/// exactly 86, "trên 85%" above 85, "trở lên" at least, "gần 60" within a tenth below or above.
fn figure_range(value: Decimal, qualifier: Option<ResultQualifier>) -> (Decimal, bool, Option<Decimal>) {
    let tenth = value.abs() / Decimal::TEN;
    match qualifier {
        None | Some(ResultQualifier::Exact) => (value, true, Some(value)),
        Some(ResultQualifier::MoreThan) => (value, false, None),
        Some(ResultQualifier::AtLeast) => (value, true, None),
        Some(ResultQualifier::Approximate) => (value - tenth, true, Some(value + tenth)),
    }
}

/// Two figures for the same target and years contradict when no value satisfies both: 82.4 and
/// 86 do, 86 and "trên 85" do not. Without figures, two different stated outcomes contradict.
pub fn figures_contradict(a: &ResultFigures, b: &ResultFigures) -> bool {
    let (x, y) = match (a.achieved, b.achieved, a.reported_percent, b.reported_percent) {
        (Some(x), Some(y), _, _) => (x, y),
        (_, _, Some(x), Some(y)) => (x, y),
        _ => {
            return a.reported_status.is_some()
                && b.reported_status.is_some()
                && a.reported_status != b.reported_status;
        }
    };
    let (a_low, a_closed, a_high) = figure_range(x, a.qualifier);
    let (b_low, b_closed, b_high) = figure_range(y, b.qualifier);
    let below = |high: Option<Decimal>, low: Decimal, closed_both: bool| match high {
        Some(high) => high < low || (high == low && !closed_both),
        None => false,
    };
    below(a_high, b_low, b_closed) || below(b_high, a_low, a_closed)
}

/// Checks a target's own figures: Err(message) when min > max, when RANGE lacks min or max, when AT_LEAST lacks min,
/// when AT_MOST lacks max (the max is the bound), when EXACT lacks min (the value), when BOOLEAN has a comparator other
/// than EXACT or values other than 0/1, or when a PERCENT bound is negative. Ok(()) when comparator is None (an indicator
/// with no stated goal) or all is consistent.
///
/// Every problem found is reported, joined with "; ", so one round of fixes suffices.
pub fn check_target(target: &TargetSpec) -> Result<(), String> {
    let Some(comparator) = target.comparator else {
        return Ok(());
    };
    let (min, max) = (target.min_value, target.max_value);
    let mut problems: Vec<String> = Vec::new();

    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        problems.push(format!("the minimum {min} is greater than the maximum {max}"));
    }
    match comparator {
        Comparator::Range => {
            if min.is_none() {
                problems.push("a RANGE target needs a minimum".to_owned());
            }
            if max.is_none() {
                problems.push("a RANGE target needs a maximum".to_owned());
            }
        }
        Comparator::AtLeast if min.is_none() => {
            problems.push("an AT_LEAST target needs a minimum (the bound)".to_owned());
        }
        Comparator::AtMost if max.is_none() => {
            problems.push("an AT_MOST target needs a maximum (the bound)".to_owned());
        }
        Comparator::Exact if min.is_none() => {
            problems.push("an EXACT target needs a minimum (the value)".to_owned());
        }
        _ => {}
    }
    match target.measure {
        Some(TargetMeasure::Boolean) => {
            if comparator != Comparator::Exact {
                problems.push(format!(
                    "a BOOLEAN target must use EXACT, not {}",
                    comparator_name(comparator)
                ));
            }
            for value in [min, max].into_iter().flatten() {
                if value != Decimal::ZERO && value != Decimal::ONE {
                    problems.push(format!("a BOOLEAN target value must be 0 or 1, not {value}"));
                }
            }
        }
        Some(TargetMeasure::Percent) => {
            for value in [min, max].into_iter().flatten() {
                if value < Decimal::ZERO {
                    problems.push(format!("a PERCENT bound cannot be negative ({value})"));
                }
            }
        }
        _ => {}
    }

    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("; "))
    }
}

/// A goal reduced to the bound(s) that matter for its comparator.
#[derive(Debug, Clone, Copy)]
enum Bounds {
    AtLeast(Decimal),
    AtMost(Decimal),
    Exact(Decimal),
    Range(Decimal, Decimal),
}

/// The bounds a result is judged against, or None when the target does not state them.
fn bounds(target: &TargetSpec, result: &ResultFigures) -> Option<Bounds> {
    let Some(comparator) = target.comparator else {
        // No stated goal: the result's own plan is the goal, unless the plan is a percent's
        // denominator.
        if target.measure == Some(TargetMeasure::Percent) {
            return None;
        }
        return result.planned.map(Bounds::AtLeast);
    };
    let years = span_factor(target, result);
    let scale = |bound: Option<Decimal>| bound?.checked_mul(years);
    Some(match comparator {
        Comparator::AtLeast => Bounds::AtLeast(scale(target.min_value)?),
        Comparator::AtMost => Bounds::AtMost(scale(target.max_value)?),
        Comparator::Exact => Bounds::Exact(scale(target.min_value)?),
        Comparator::Range => Bounds::Range(scale(target.min_value)?, scale(target.max_value)?),
    })
}

/// How many years of an annual count or amount target a result covers; 1 when no scaling applies
/// (term targets, percents, single-year or malformed spans).
fn span_factor(target: &TargetSpec, result: &ResultFigures) -> Decimal {
    let scalable = target.period == Some(TargetPeriod::Annual)
        && matches!(target.measure, Some(TargetMeasure::Count) | Some(TargetMeasure::Amount));
    // Widen before subtracting so extreme years cannot overflow.
    let years = i64::from(result.year_to) - i64::from(result.year_from) + 1;
    if scalable && years > 1 {
        Decimal::from(years)
    } else {
        Decimal::ONE
    }
}

fn judge(value: Decimal, strictly_above: bool, bounds: Bounds) -> AchievementStatus {
    use AchievementStatus::{Exceeded, Met, NotMet};
    // Comparing "v + epsilon" with a bound is comparing v, except that a tie becomes "above".
    let against = |bound: Decimal| match value.cmp(&bound) {
        Ordering::Equal if strictly_above => Ordering::Greater,
        other => other,
    };
    match bounds {
        Bounds::AtLeast(min) => match against(min) {
            Ordering::Less => NotMet,
            Ordering::Equal => Met,
            Ordering::Greater => Exceeded,
        },
        // Staying under a ceiling meets it; there is no exceeding an "at most".
        Bounds::AtMost(max) => match against(max) {
            Ordering::Greater => NotMet,
            _ => Met,
        },
        Bounds::Exact(target) => match against(target) {
            Ordering::Equal => Met,
            _ => NotMet,
        },
        Bounds::Range(min, max) => {
            if against(min) == Ordering::Less {
                NotMet
            } else if against(max) == Ordering::Greater {
                Exceeded
            } else {
                Met
            }
        }
    }
}

fn comparator_name(comparator: Comparator) -> &'static str {
    match comparator {
        Comparator::AtLeast => "AT_LEAST",
        Comparator::AtMost => "AT_MOST",
        Comparator::Exact => "EXACT",
        Comparator::Range => "RANGE",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AchievementStatus::{Exceeded, Met, NoData, NotMet};

    fn d(text: &str) -> Decimal {
        text.parse().unwrap()
    }

    fn target(measure: TargetMeasure, comparator: Comparator, min: Option<&str>, max: Option<&str>) -> TargetSpec {
        TargetSpec {
            measure: Some(measure),
            comparator: Some(comparator),
            min_value: min.map(d),
            max_value: max.map(d),
            period: Some(TargetPeriod::Term),
        }
    }

    fn range_6_to_8() -> TargetSpec {
        target(TargetMeasure::Count, Comparator::Range, Some("6"), Some("8"))
    }

    fn achieved(value: &str) -> ResultFigures {
        ResultFigures {
            year_from: 2020,
            year_to: 2020,
            achieved: Some(d(value)),
            ..ResultFigures::default()
        }
    }

    fn qualified(value: &str, qualifier: ResultQualifier) -> ResultFigures {
        ResultFigures {
            qualifier: Some(qualifier),
            ..achieved(value)
        }
    }

    #[test]
    fn seven_within_a_range_of_six_to_eight_is_met() {
        assert_eq!(status(&range_6_to_8(), &achieved("7")), Met);
    }

    #[test]
    fn nine_above_a_range_of_six_to_eight_is_exceeded() {
        assert_eq!(status(&range_6_to_8(), &achieved("9")), Exceeded);
    }

    #[test]
    fn five_below_a_range_of_six_to_eight_is_not_met() {
        assert_eq!(status(&range_6_to_8(), &achieved("5")), NotMet);
    }

    #[test]
    fn both_ends_of_a_range_of_six_to_eight_are_met() {
        assert_eq!(status(&range_6_to_8(), &achieved("6")), Met);
        assert_eq!(status(&range_6_to_8(), &achieved("8")), Met);
    }

    #[test]
    fn seven_of_six_planned_against_at_least_six_is_exceeded_at_116_67_percent() {
        let target = target(TargetMeasure::Count, Comparator::AtLeast, Some("6"), None);
        let result = ResultFigures {
            planned: Some(d("6")),
            reported_percent: Some(d("117")),
            ..achieved("7")
        };
        assert_eq!(computed_percent(result.achieved, result.planned), Some(d("116.67")));
        assert_eq!(status(&target, &result), Exceeded);
        assert!(!reported_percent_disagrees(&result), "117 is only 0.33 from 116.67");
    }

    #[test]
    fn a_reported_138_8_percent_agrees_with_1138_of_820() {
        let result = ResultFigures {
            planned: Some(d("820")),
            reported_percent: Some(d("138.8")),
            ..achieved("1138")
        };
        assert_eq!(computed_percent(result.achieved, result.planned), Some(d("138.78")));
        assert!(!reported_percent_disagrees(&result));
    }

    #[test]
    fn a_reported_140_percent_disagrees_with_1138_of_820() {
        let result = ResultFigures {
            planned: Some(d("820")),
            reported_percent: Some(d("140")),
            ..achieved("1138")
        };
        assert!(reported_percent_disagrees(&result));
    }

    #[test]
    fn a_reported_percent_exactly_half_a_point_off_still_agrees() {
        // 1/3 -> 33.33; 33.83 is exactly 0.5 away, which is not "more than" half a point.
        let result = ResultFigures {
            planned: Some(d("3")),
            reported_percent: Some(d("33.83")),
            ..achieved("1")
        };
        assert!(!reported_percent_disagrees(&result));
    }

    #[test]
    fn without_both_percents_nothing_disagrees() {
        let only_reported = ResultFigures {
            reported_percent: Some(d("140")),
            ..achieved("1138")
        };
        assert!(!reported_percent_disagrees(&only_reported));
        assert!(!reported_percent_disagrees(&ResultFigures::default()));
    }

    #[test]
    fn thirty_three_against_at_most_thirty_three_is_met() {
        let target = target(TargetMeasure::Count, Comparator::AtMost, None, Some("33"));
        assert_eq!(status(&target, &achieved("33")), Met);
    }

    #[test]
    fn thirty_against_at_most_thirty_three_is_met_not_exceeded() {
        let target = target(TargetMeasure::Count, Comparator::AtMost, None, Some("33"));
        assert_eq!(status(&target, &achieved("30")), Met);
    }

    #[test]
    fn thirty_four_against_at_most_thirty_three_is_not_met() {
        let target = target(TargetMeasure::Count, Comparator::AtMost, None, Some("33"));
        assert_eq!(status(&target, &achieved("34")), NotMet);
    }

    #[test]
    fn a_yes_against_a_boolean_target_is_met() {
        let target = target(TargetMeasure::Boolean, Comparator::Exact, Some("1"), None);
        assert_eq!(status(&target, &achieved("1")), Met);
    }

    #[test]
    fn a_no_against_a_boolean_target_is_not_met() {
        let target = target(TargetMeasure::Boolean, Comparator::Exact, Some("1"), None);
        assert_eq!(status(&target, &achieved("0")), NotMet);
    }

    #[test]
    fn a_boolean_target_ignores_its_comparator_even_when_missing() {
        let mut target = target(TargetMeasure::Boolean, Comparator::AtMost, None, Some("0"));
        assert_eq!(status(&target, &achieved("1")), Met);
        target.comparator = None;
        assert_eq!(status(&target, &achieved("1")), Met);
    }

    #[test]
    fn six_of_six_schools_against_at_least_100_percent_is_met() {
        let target = target(TargetMeasure::Percent, Comparator::AtLeast, Some("100"), None);
        let result = ResultFigures {
            planned: Some(d("6")),
            ..achieved("6")
        };
        assert_eq!(compared_value(&target, &result), Some(Decimal::new(10000, 2)));
        assert_eq!(status(&target, &result), Met);
    }

    #[test]
    fn more_than_85_against_at_least_85_is_exceeded() {
        let target = target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None);
        assert_eq!(status(&target, &qualified("85", ResultQualifier::MoreThan)), Exceeded);
    }

    #[test]
    fn more_than_8_against_a_range_of_six_to_eight_is_exceeded() {
        assert_eq!(
            status(&range_6_to_8(), &qualified("8", ResultQualifier::MoreThan)),
            Exceeded
        );
    }

    #[test]
    fn more_than_85_against_at_most_85_is_not_met() {
        let target = target(TargetMeasure::Percent, Comparator::AtMost, None, Some("85"));
        assert_eq!(status(&target, &qualified("85", ResultQualifier::MoreThan)), NotMet);
    }

    #[test]
    fn at_least_and_approximate_qualifiers_take_the_figure_at_face_value() {
        let target = target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None);
        assert_eq!(status(&target, &qualified("85", ResultQualifier::AtLeast)), Met);
        assert_eq!(status(&target, &qualified("85", ResultQualifier::Approximate)), Met);
        assert_eq!(status(&target, &qualified("85", ResultQualifier::Exact)), Met);
    }

    #[test]
    fn exact_targets_are_met_only_by_the_exact_value() {
        let target = target(TargetMeasure::Count, Comparator::Exact, Some("3"), None);
        assert_eq!(status(&target, &achieved("3.0")), Met);
        assert_eq!(status(&target, &achieved("4")), NotMet);
        assert_eq!(status(&target, &achieved("2")), NotMet);
        assert_eq!(status(&target, &qualified("3", ResultQualifier::MoreThan)), NotMet);
    }

    #[test]
    fn a_result_with_no_figures_keeps_its_reported_not_met() {
        let target = range_6_to_8();
        let result = ResultFigures {
            reported_status: Some(NotMet),
            ..ResultFigures::default()
        };
        assert_eq!(status(&target, &result), NotMet);
    }

    #[test]
    fn a_result_with_no_figures_at_all_has_no_data() {
        assert_eq!(status(&range_6_to_8(), &ResultFigures::default()), NoData);
    }

    #[test]
    fn about_60_over_ten_years_against_six_to_eight_a_year_is_met() {
        let target = TargetSpec {
            period: Some(TargetPeriod::Annual),
            ..range_6_to_8()
        };
        let result = ResultFigures {
            year_from: 2010,
            year_to: 2019,
            ..qualified("60", ResultQualifier::Approximate)
        };
        assert_eq!(status(&target, &result), Met);
        assert_eq!(
            status(
                &target,
                &ResultFigures {
                    achieved: Some(d("59")),
                    ..result
                }
            ),
            NotMet
        );
        assert_eq!(
            status(
                &target,
                &ResultFigures {
                    achieved: Some(d("81")),
                    ..result
                }
            ),
            Exceeded
        );
    }

    #[test]
    fn about_60_over_ten_years_is_met_only_approximately_and_about_100_against_50_is_certain() {
        let annual_range = TargetSpec {
            period: Some(TargetPeriod::Annual),
            ..range_6_to_8()
        };
        let about_60 = ResultFigures {
            year_from: 2006,
            year_to: 2015,
            ..qualified("60", ResultQualifier::Approximate)
        };
        assert!(approximate_near_bound(&annual_range, &about_60), "54 would miss 60-80");
        let exactly_60 = ResultFigures {
            qualifier: None,
            ..about_60
        };
        assert!(!approximate_near_bound(&annual_range, &exactly_60));
        let at_least_50 = target(TargetMeasure::Count, Comparator::AtLeast, Some("50"), None);
        assert!(!approximate_near_bound(
            &at_least_50,
            &qualified("100", ResultQualifier::Approximate)
        ));
    }

    #[test]
    fn figures_contradict_when_no_value_satisfies_both() {
        assert!(figures_contradict(&achieved("82.4"), &achieved("86")));
        assert!(!figures_contradict(
            &achieved("86"),
            &qualified("85", ResultQualifier::MoreThan)
        ));
        assert!(!figures_contradict(&achieved("86"), &achieved("86.0")));
        assert!(!figures_contradict(
            &qualified("60", ResultQualifier::Approximate),
            &achieved("58")
        ));
    }

    #[test]
    fn a_single_year_result_against_an_annual_target_is_not_scaled() {
        let target = TargetSpec {
            period: Some(TargetPeriod::Annual),
            ..range_6_to_8()
        };
        assert_eq!(status(&target, &achieved("7")), Met);
    }

    #[test]
    fn annual_percent_and_term_targets_are_never_scaled_by_the_span() {
        let percent = TargetSpec {
            period: Some(TargetPeriod::Annual),
            ..target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None)
        };
        let spanning = ResultFigures {
            year_from: 2015,
            year_to: 2020,
            ..achieved("90")
        };
        assert_eq!(status(&percent, &spanning), Exceeded);
        assert_eq!(
            status(
                &range_6_to_8(),
                &ResultFigures {
                    achieved: Some(d("60")),
                    ..spanning
                }
            ),
            Exceeded
        );
    }

    #[test]
    fn without_a_comparator_the_result_is_judged_against_its_own_plan() {
        let target = TargetSpec {
            measure: Some(TargetMeasure::Count),
            period: Some(TargetPeriod::Annual),
            ..TargetSpec::default()
        };
        let result = ResultFigures {
            year_from: 2015,
            year_to: 2020,
            planned: Some(d("820")),
            ..achieved("1138")
        };
        assert_eq!(status(&target, &result), Exceeded);
        assert_eq!(
            status(
                &target,
                &ResultFigures {
                    achieved: Some(d("820")),
                    ..result
                }
            ),
            Met
        );
        assert_eq!(
            status(
                &target,
                &ResultFigures {
                    achieved: Some(d("819")),
                    ..result
                }
            ),
            NotMet
        );
    }

    #[test]
    fn without_a_comparator_or_plan_the_reported_status_stands() {
        let target = TargetSpec {
            measure: Some(TargetMeasure::Count),
            ..TargetSpec::default()
        };
        assert_eq!(status(&target, &achieved("5")), NoData);
        let result = ResultFigures {
            reported_status: Some(Met),
            ..achieved("5")
        };
        assert_eq!(status(&target, &result), Met);
    }

    #[test]
    fn a_percent_target_without_a_comparator_does_not_use_the_plan_as_its_goal() {
        let target = TargetSpec {
            measure: Some(TargetMeasure::Percent),
            ..TargetSpec::default()
        };
        let result = ResultFigures {
            planned: Some(d("6")),
            ..achieved("5")
        };
        assert_eq!(status(&target, &result), NoData);
    }

    #[test]
    fn a_target_missing_its_bound_falls_back_to_the_reported_status() {
        let target = target(TargetMeasure::Count, Comparator::AtLeast, None, None);
        assert_eq!(status(&target, &achieved("5")), NoData);
    }

    #[test]
    fn a_reported_percent_is_compared_when_nothing_else_is_given() {
        let target = target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None);
        let result = ResultFigures {
            reported_percent: Some(d("90")),
            ..ResultFigures::default()
        };
        assert_eq!(compared_value(&target, &result), Some(d("90")));
        assert_eq!(status(&target, &result), Exceeded);
        let unknown_measure = TargetSpec {
            measure: None,
            ..target
        };
        assert_eq!(compared_value(&unknown_measure, &result), Some(d("90")));
    }

    #[test]
    fn a_reported_percent_is_not_compared_with_a_count_target() {
        let target = target(TargetMeasure::Count, Comparator::AtLeast, Some("6"), None);
        let result = ResultFigures {
            reported_percent: Some(d("90")),
            ..ResultFigures::default()
        };
        assert_eq!(compared_value(&target, &result), None);
        assert_eq!(status(&target, &result), NoData);
    }

    #[test]
    fn a_percent_target_with_a_plan_but_no_achieved_figure_uses_the_reported_percent() {
        let target = target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None);
        let result = ResultFigures {
            planned: Some(d("6")),
            reported_percent: Some(d("80")),
            ..ResultFigures::default()
        };
        assert_eq!(compared_value(&target, &result), Some(d("80")));
        assert_eq!(status(&target, &result), NotMet);
    }

    #[test]
    fn a_percent_target_with_a_zero_plan_compares_the_achieved_figure() {
        let target = target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None);
        let result = ResultFigures {
            planned: Some(Decimal::ZERO),
            ..achieved("90")
        };
        assert_eq!(compared_value(&target, &result), Some(d("90")));
    }

    #[test]
    fn one_of_three_is_exactly_33_33_percent() {
        assert_eq!(
            computed_percent(Some(Decimal::ONE), Some(Decimal::from(3))),
            Some(Decimal::new(3333, 2))
        );
    }

    #[test]
    fn percents_round_half_away_from_zero() {
        // 1/8 = 12.5%, 1/16 = 6.25%, 1/32 = 3.125% -> 3.13, and -3.125% -> -3.13.
        assert_eq!(computed_percent(Some(d("1")), Some(d("32"))), Some(d("3.13")));
        assert_eq!(computed_percent(Some(d("-1")), Some(d("32"))), Some(d("-3.13")));
        assert_eq!(computed_percent(Some(d("2")), Some(d("3"))), Some(d("66.67")));
    }

    #[test]
    fn a_zero_plan_gives_no_percent() {
        assert_eq!(computed_percent(Some(d("5")), Some(Decimal::ZERO)), None);
    }

    #[test]
    fn a_missing_figure_gives_no_percent() {
        assert_eq!(computed_percent(None, Some(d("5"))), None);
        assert_eq!(computed_percent(Some(d("5")), None), None);
    }

    #[test]
    fn an_overflowing_percent_gives_none_instead_of_panicking() {
        assert_eq!(computed_percent(Some(Decimal::MAX), Some(Decimal::ONE)), None);
    }

    #[test]
    fn check_target_rejects_a_range_from_10_down_to_5() {
        let target = target(TargetMeasure::Count, Comparator::Range, Some("10"), Some("5"));
        let message = check_target(&target).unwrap_err();
        assert!(message.contains("greater than"), "{message}");
    }

    #[test]
    fn check_target_accepts_consistent_targets() {
        assert_eq!(check_target(&range_6_to_8()), Ok(()));
        assert_eq!(
            check_target(&target(TargetMeasure::Percent, Comparator::AtLeast, Some("85"), None)),
            Ok(())
        );
        assert_eq!(
            check_target(&target(TargetMeasure::Count, Comparator::AtMost, None, Some("33"))),
            Ok(())
        );
        assert_eq!(
            check_target(&target(TargetMeasure::Boolean, Comparator::Exact, Some("1"), None)),
            Ok(())
        );
        assert_eq!(
            check_target(&target(TargetMeasure::Count, Comparator::Exact, Some("3"), None)),
            Ok(())
        );
    }

    #[test]
    fn check_target_accepts_an_indicator_with_no_stated_goal() {
        assert_eq!(check_target(&TargetSpec::default()), Ok(()));
    }

    #[test]
    fn check_target_rejects_comparators_without_their_bounds() {
        assert!(check_target(&target(TargetMeasure::Count, Comparator::Range, Some("6"), None)).is_err());
        assert!(check_target(&target(TargetMeasure::Count, Comparator::Range, None, Some("8"))).is_err());
        assert!(check_target(&target(TargetMeasure::Count, Comparator::AtLeast, None, Some("8"))).is_err());
        assert!(check_target(&target(TargetMeasure::Count, Comparator::AtMost, Some("8"), None)).is_err());
        assert!(check_target(&target(TargetMeasure::Count, Comparator::Exact, None, Some("8"))).is_err());
    }

    #[test]
    fn check_target_rejects_booleans_that_are_not_exact_zero_or_one() {
        assert!(check_target(&target(TargetMeasure::Boolean, Comparator::AtLeast, Some("1"), None)).is_err());
        assert!(check_target(&target(TargetMeasure::Boolean, Comparator::Exact, Some("2"), None)).is_err());
    }

    #[test]
    fn check_target_rejects_negative_percent_bounds() {
        let message = check_target(&target(
            TargetMeasure::Percent,
            Comparator::Range,
            Some("-5"),
            Some("10"),
        ))
        .unwrap_err();
        assert!(message.contains("negative"), "{message}");
        assert_eq!(
            check_target(&target(TargetMeasure::Amount, Comparator::AtLeast, Some("-5"), None)),
            Ok(())
        );
    }

    #[test]
    fn check_target_reports_every_problem_at_once() {
        let target = target(TargetMeasure::Boolean, Comparator::Range, Some("3"), Some("2"));
        let message = check_target(&target).unwrap_err();
        assert!(message.contains("greater than"), "{message}");
        assert!(message.contains("EXACT"), "{message}");
        assert!(message.contains("0 or 1"), "{message}");
    }
}
