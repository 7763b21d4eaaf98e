//! The rules of results against targets, of reviews of a term and of yearly ratings: a result's years and figures,
//! contradictions with figures already on record, and the rating scale of the year.

use super::achievement::{self, ResultFigures};
use super::checks::{check_date, check_source, check_year, optional_text, required_text};
use super::commands::*;
use super::targets::figures_of;
use crate::vocabulary::issues::{Issue, Issues};
use entity::enums::{RatingLevel, TargetAssigner, TargetMeasure};
use entity::{congress, target, target_result};
use rust_decimal::Decimal;
use std::collections::HashMap;

pub fn figures_of_command(result: &TargetResultCommand) -> ResultFigures {
    ResultFigures {
        year_from: result.year_from.unwrap_or(result.year),
        year_to: result.year,
        achieved: result.achieved,
        planned: result.planned.or(result.out_of),
        reported_percent: result.reported_percent,
        qualifier: result.qualifier,
        reported_status: result.reported_status,
    }
}

fn years(figures: &ResultFigures) -> String {
    if figures.year_from == figures.year_to {
        figures.year_to.to_string()
    } else {
        format!("{}-{}", figures.year_from, figures.year_to)
    }
}

fn describe(figures: &ResultFigures) -> String {
    match (figures.achieved, figures.reported_percent) {
        (Some(achieved), _) => achieved.normalize().to_string(),
        (None, Some(percent)) => format!("{}%", percent.normalize()),
        (None, None) => "no figure".into(),
    }
}

pub fn check_result(issues: &mut Issues, path: &str, target: &target::Model, result: &TargetResultCommand) {
    let year_from = result.year_from.unwrap_or(result.year);
    check_year(issues, &format!("{path}.year"), result.year);
    if year_from > result.year {
        issues.error(
            "result_years",
            format!("{path}.yearFrom"),
            "yearFrom must not be after year",
        );
    }
    if year_from < target.start_year || result.year > target.end_year {
        issues.error(
            "result_year_outside_term",
            format!("{path}.year"),
            format!(
                "the target covers {}-{}; a result for {} is outside it",
                target.start_year,
                target.end_year,
                years(&figures_of_command(result))
            ),
        );
    }
    if result.achieved.is_none() && result.reported_percent.is_none() && result.reported_status.is_none() {
        issues.error(
            "result_empty",
            path.to_owned(),
            "give achieved, reportedPercent or reportedStatus",
        );
    }
    if result.planned.is_some() && result.out_of.is_some() {
        issues.error(
            "result_planned_and_out_of",
            format!("{path}.outOf"),
            "give planned or outOf, not both",
        );
    }
    let negative_allowed = target.measure == Some(TargetMeasure::Amount);
    for (field, value) in [
        ("achieved", result.achieved),
        ("planned", result.planned),
        ("outOf", result.out_of),
        ("reportedPercent", result.reported_percent),
    ] {
        if value.is_some_and(|v| v.is_sign_negative() && !v.is_zero()) && !(negative_allowed && field == "achieved") {
            issues.error(
                "negative_figure",
                format!("{path}.{field}"),
                format!("{field} cannot be negative"),
            );
        }
    }
    if target.measure == Some(TargetMeasure::Boolean)
        && result.achieved.is_some_and(|v| v != Decimal::ZERO && v != Decimal::ONE)
    {
        issues.error(
            "boolean_result",
            format!("{path}.achieved"),
            "a yes/no target takes achieved 1 (yes) or 0 (no)",
        );
    }
    if let (Some(achieved), Some(whole)) = (result.achieved, result.out_of)
        && achieved > whole
    {
        issues.warn(
            "achieved_exceeds_total",
            format!("{path}.achieved"),
            format!(
                "{} out of a whole of {}: more than the whole (e.g. more recognised than registered)",
                achieved.normalize(),
                whole.normalize()
            ),
        );
    }
    let figures = figures_of_command(result);
    if achievement::reported_percent_disagrees(&figures) {
        let computed = achievement::computed_percent(figures.achieved, figures.planned).unwrap_or_default();
        issues.warn(
            "reported_percent_mismatch",
            format!("{path}.reportedPercent"),
            format!(
                "the source reports {}% but {} of {} is {}%",
                figures.reported_percent.unwrap_or_default().normalize(),
                figures.achieved.unwrap_or_default().normalize(),
                figures.planned.unwrap_or_default().normalize(),
                computed.normalize()
            ),
        );
    }
}

/// Warns where a result contradicts a figure already on record for the same target and years;
/// both are kept.
fn check_against_earlier(
    result_issues: &mut Issues,
    path: &str,
    target: &target::Model,
    result: &TargetResultCommand,
    existing: &[target_result::Model],
    source_id: Option<i64>,
) {
    let figures = figures_of_command(result);
    for earlier in existing
        .iter()
        .filter(|e| e.target_id == target.id && e.year_from == figures.year_from && e.year_to == figures.year_to)
    {
        let earlier_figures = figures_of(earlier);
        if !achievement::figures_contradict(&earlier_figures, &figures) {
            continue;
        }
        let (rule, whose) = if earlier.source_id.is_some() && earlier.source_id == source_id {
            ("contradicts_same_source", "the same source")
        } else {
            ("contradicts_other_source", "another record")
        };
        result_issues.warn(
            rule,
            path,
            format!(
                "{} for {} contradicts {} given by {whose}; both figures are kept",
                describe(&figures),
                years(&figures),
                describe(&earlier_figures)
            ),
        );
    }
}

/// The rating scale changed in 2018: a label of the other scale deserves a look.
pub fn check_rating_scale(issues: &mut Issues, command: &RecordRating) {
    let legacy = matches!(
        command.level,
        RatingLevel::LegacyCleanAndStrong
            | RatingLevel::LegacyGood
            | RatingLevel::LegacyCompleted
            | RatingLevel::LegacyWeak
    );
    if legacy && command.year >= 2018 {
        issues.warn(
            "rating_scale",
            "level",
            "the pre-2018 labels were replaced by the four current levels in 2018",
        );
    } else if !legacy && command.year < 2018 {
        issues.warn(
            "rating_scale",
            "level",
            "before 2018 ratings used the older labels (LEGACY_*)",
        );
    }
}

/// A guest of a review, as recorded.
pub struct ReviewGuest {
    pub full_name: String,
    pub role: Option<String>,
}

/// What `recordReview` writes once its input passes.
pub struct CheckedReview {
    pub source: Option<SourceCommand>,
    pub title: Option<String>,
    pub summary: Option<String>,
    pub findings: Vec<String>,
    pub guests: Vec<ReviewGuest>,
}

/// Checks `recordReview` of a term.
pub fn check_review(issues: &mut Issues, congress: &congress::Model, command: &RecordReview) -> CheckedReview {
    let source = check_source(issues, "source", command.source.as_ref());
    check_date(issues, "heldOn", command.held_on);
    let year = chrono::Datelike::year(&command.held_on);
    if year < congress.term_start_year || year > congress.term_end_year + 1 {
        issues.error(
            "review_outside_term",
            "heldOn",
            format!(
                "{} is outside the {}-{} term",
                command.held_on, congress.term_start_year, congress.term_end_year
            ),
        );
    }
    let title = optional_text(issues, "title", command.title.as_deref(), 500);
    let summary = optional_text(issues, "summary", command.summary.as_deref(), 20_000);
    let findings: Vec<String> = command
        .findings
        .iter()
        .enumerate()
        .map(|(i, finding)| required_text(issues, &format!("findings[{i}]"), finding, 4000))
        .collect();
    let guests = command
        .guests
        .iter()
        .enumerate()
        .map(|(i, guest)| ReviewGuest {
            full_name: required_text(issues, &format!("guests[{i}].fullName"), &guest.full_name, 200),
            role: optional_text(issues, &format!("guests[{i}].role"), guest.role.as_deref(), 500),
        })
        .collect();
    CheckedReview {
        source,
        title,
        summary,
        findings,
        guests,
    }
}

/// Checks each result of `recordTargetResults` against its target (`targets` holds those on
/// record) and against the figures already on record for it; adds every finding to `issues`
/// and returns each result's own warnings, stored with it.
pub fn check_results(
    issues: &mut Issues,
    command: &RecordTargetResults,
    targets: &HashMap<i64, target::Model>,
    existing: &[target_result::Model],
    source_id: Option<i64>,
) -> Vec<Vec<Issue>> {
    let mut per_result_warnings: Vec<Vec<Issue>> = Vec::with_capacity(command.results.len());
    for (index, result) in command.results.iter().enumerate() {
        let path = format!("results[{index}]");
        let mut result_issues = Issues::new();
        let Some(target) = targets.get(&result.target_id) else {
            issues.error("unknown_reference", format!("{path}.targetId"), "no target has this ID");
            per_result_warnings.push(Vec::new());
            continue;
        };
        check_result(&mut result_issues, &path, target, result);
        check_against_earlier(&mut result_issues, &path, target, result, existing, source_id);
        per_result_warnings.push(result_issues.warnings());
        issues.extend(result_issues);
    }
    per_result_warnings
}

/// Targets given outside a congress's resolution are assigned by a superior organization (the
/// one named, else the parent): one that says a congress set it contradicts its own record.
pub fn check_assigned_by_superior(issues: &mut Issues, path: &str, targets: &[TargetCommand]) {
    for (i, target) in targets.iter().enumerate() {
        let path = format!("{path}[{i}]");
        if target.assigned_by == Some(TargetAssigner::Congress) {
            issues.error(
                "target_assigner",
                format!("{path}.assignedBy"),
                "targets assigned outside a congress's resolution are assigned by the superior organization; \
                 give a congress's own targets with its resolution (submitCongressResult)",
            );
        }
        check_assigned_by_superior(issues, &format!("{path}.children"), &target.children);
    }
}
