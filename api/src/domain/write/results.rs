//! Results against targets, targets assigned by a superior, reviews of a term and yearly ratings.

use super::commands::*;
use super::congress::{TargetPlacement, check_targets, insert_targets};
use super::organization::{RecordId, record_warnings, require};
use super::references::{self, check_date, check_source, check_year, optional_text, required_text};
use super::{Actor, Change, RecordAction, Written};
use crate::domain::achievement::{self, ResultFigures};
use crate::domain::issues::{Issue, Issues};
use crate::domain::targets::{decimal_text, figures_of};
use crate::domain::time;
use crate::error::{ApiError, ApiResult};
use chrono::{NaiveDate, Utc};
use entity::enums::{RatingLevel, ResultQualifier, TargetAssigner, TargetMeasure};
use entity::{congress, organization_placement, rating, review, target, target_result};
use rust_decimal::Decimal;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

const MAX_RESULTS_PER_WRITE: usize = 500;

/// The IDs of several records one write created.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordIds(pub Vec<i64>);

pub async fn record_target_results(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RecordTargetResults,
) -> ApiResult<Written<RecordIds>> {
    let mut issues = Issues::new();
    if command.results.is_empty() {
        issues.error("results_empty", "results", "give at least one result");
    }
    if command.results.len() > MAX_RESULTS_PER_WRITE {
        issues.error(
            "results_too_many",
            "results",
            format!("at most {MAX_RESULTS_PER_WRITE} results in one write"),
        );
        return Err(ApiError::BadUserInput(issues.errors()));
    }
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let target_ids: Vec<i64> = command.results.iter().map(|r| r.target_id).collect();
    let targets: HashMap<i64, target::Model> = target::Entity::find()
        .filter(target::Column::Id.is_in(target_ids.clone()))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let organizations: BTreeSet<i64> = targets.values().map(|t| t.organization_id).collect();
    for organization_id in &organizations {
        actor.authorize(conn, *organization_id).await?;
    }
    let existing: Vec<target_result::Model> = target_result::Entity::find()
        .filter(target_result::Column::TargetId.is_in(target_ids))
        .all(conn)
        .await?;
    let source_id_hint = match &source {
        Some(source) => references::source_id(conn, Some(source)).await?,
        None => None,
    };
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
        let figures = figures_of_command(result);
        for earlier in existing
            .iter()
            .filter(|e| e.target_id == target.id && e.year_from == figures.year_from && e.year_to == figures.year_to)
        {
            let earlier_figures = figures_of(earlier);
            if !contradicts(&earlier_figures, &figures) {
                continue;
            }
            let (rule, whose) = if earlier.source_id.is_some() && earlier.source_id == source_id_hint {
                ("contradicts_same_source", "the same source")
            } else {
                ("contradicts_other_source", "another record")
            };
            result_issues.warn(
                rule,
                path.clone(),
                format!(
                    "{} for {} contradicts {} given by {whose}; both figures are kept",
                    describe(&figures),
                    years(&figures),
                    describe(&earlier_figures)
                ),
            );
        }
        per_result_warnings.push(result_issues.warnings());
        issues.extend(result_issues);
    }
    let warnings = issues.into_warnings()?;
    let mut ids = Vec::with_capacity(command.results.len());
    for (index, result) in command.results.iter().enumerate() {
        let Some(target) = targets.get(&result.target_id) else {
            continue;
        };
        let row = target_result::ActiveModel {
            target_id: Set(target.id),
            year_from: Set(result.year_from.unwrap_or(result.year)),
            year_to: Set(result.year),
            achieved: Set(result.achieved.map(decimal_text)),
            planned: Set(result.planned.map(decimal_text)),
            out_of: Set(result.out_of.map(decimal_text)),
            reported_percent: Set(result.reported_percent.map(decimal_text)),
            qualifier: Set(result.qualifier),
            reported_status: Set(result.reported_status),
            note: Set(result.note.as_deref().map(crate::domain::text::clean)),
            source_id: Set(source_id_hint),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        ids.push(row.id);
        if let Some(congress_id) = target.congress_id {
            references::link_congress_source(conn, congress_id, target.organization_id, source_id_hint).await?;
        } else {
            references::link_organization_source(conn, target.organization_id, source_id_hint).await?;
        }
        record_warnings(
            conn,
            "target_result",
            row.id,
            Some(target.organization_id),
            source_id_hint,
            &per_result_warnings[index],
        )
        .await?;
    }
    Ok(Written {
        value: RecordIds(ids.clone()),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "target_result",
            record_id: ids.first().copied().unwrap_or_default(),
            organization_id: organizations.iter().next().copied(),
            before: None,
            after: Some(json!({ "ids": ids, "input": command })),
            touched: ids
                .iter()
                .map(|id| ("target_result", *id, RecordAction::Created))
                .chain(targets.keys().map(|id| ("target", *id, RecordAction::Referenced)))
                .collect(),
        },
    })
}

fn figures_of_command(result: &TargetResultCommand) -> ResultFigures {
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

/// The values a stated figure allows: "86%" exactly 86, "trên 85%" above 85, "trở lên" at least,
/// "gần 60" within a tenth below or above.
fn interval(value: Decimal, qualifier: Option<ResultQualifier>) -> (Decimal, bool, Option<Decimal>) {
    let tenth = value.abs() / Decimal::TEN;
    match qualifier {
        None | Some(ResultQualifier::Exact) => (value, true, Some(value)),
        Some(ResultQualifier::MoreThan) => (value, false, None),
        Some(ResultQualifier::AtLeast) => (value, true, None),
        Some(ResultQualifier::Approximate) => (value - tenth, true, Some(value + tenth)),
    }
}

/// Two figures for the same target and years contradict when no value satisfies both.
fn contradicts(a: &ResultFigures, b: &ResultFigures) -> bool {
    let (x, y) = match (a.achieved, b.achieved, a.reported_percent, b.reported_percent) {
        (Some(x), Some(y), _, _) => (x, y),
        (_, _, Some(x), Some(y)) => (x, y),
        _ => {
            return a.reported_status.is_some()
                && b.reported_status.is_some()
                && a.reported_status != b.reported_status;
        }
    };
    let (a_low, a_closed, a_high) = interval(x, a.qualifier);
    let (b_low, b_closed, b_high) = interval(y, b.qualifier);
    let below = |high: Option<Decimal>, low: Decimal, closed_both: bool| match high {
        Some(high) => high < low || (high == low && !closed_both),
        None => false,
    };
    below(a_high, b_low, b_closed) || below(b_high, a_low, a_closed)
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

fn check_result(issues: &mut Issues, path: &str, target: &target::Model, result: &TargetResultCommand) {
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

/// Targets given outside a congress's resolution are assigned by a superior organization (the
/// one named, else the parent): one that says a congress set it contradicts its own record.
fn check_assigned_by_superior(issues: &mut Issues, path: &str, targets: &[TargetCommand]) {
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

pub async fn assign_targets(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &AssignTargets,
) -> ApiResult<Written<RecordIds>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    check_year(&mut issues, "startYear", command.start_year);
    check_year(&mut issues, "endYear", command.end_year);
    if command.end_year < command.start_year {
        issues.error("target_years", "endYear", "endYear must not be before startYear");
    }
    if command.targets.is_empty() {
        issues.error("targets_empty", "targets", "give at least one target");
    }
    check_targets(&mut issues, "targets", &command.targets, 1);
    check_assigned_by_superior(&mut issues, "targets", &command.targets);
    let assigned_by = match command.assigned_by_organization_id {
        Some(id) => {
            if require(conn, id).await.is_err() {
                issues.error(
                    "unknown_reference",
                    "assignedByOrganizationId",
                    "no organization has this ID",
                );
            }
            Some(id)
        }
        None => {
            let on = NaiveDate::from_ymd_opt(command.start_year, 6, 30).unwrap_or_else(time::today);
            organization_placement::Entity::find()
                .filter(organization_placement::Column::OrganizationId.eq(organization.id))
                .all(conn)
                .await?
                .into_iter()
                .find(|p| time::within(p.valid_from, p.valid_to, on))
                .map(|p| p.parent_id)
        }
    };
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let placement = TargetPlacement {
        organization_id: organization.id,
        congress_id: None,
        resolution_id: None,
        assigned_by_organization_id: assigned_by,
        start_year: command.start_year,
        end_year: command.end_year,
        default_assigner: TargetAssigner::Superior,
        source_id,
    };
    let mut all = Vec::new();
    let ids = insert_targets(conn, &placement, None, &command.targets, &mut all).await?;
    references::link_organization_source(conn, organization.id, source_id).await?;
    Ok(Written {
        value: RecordIds(ids.clone()),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "target",
            record_id: ids.first().copied().unwrap_or_default(),
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "ids": ids, "input": command })),
            touched: all.iter().map(|id| ("target", *id, RecordAction::Created)).collect(),
        },
    })
}

pub async fn record_review(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RecordReview,
) -> ApiResult<Written<RecordId>> {
    let congress = congress::Entity::find_by_id(command.congress_id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found("congress"))?;
    actor.authorize(conn, congress.organization_id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    check_date(&mut issues, "heldOn", command.held_on);
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
    let title = optional_text(&mut issues, "title", command.title.as_deref(), 500);
    let summary = optional_text(&mut issues, "summary", command.summary.as_deref(), 20_000);
    let findings: Vec<String> = command
        .findings
        .iter()
        .enumerate()
        .map(|(i, finding)| required_text(&mut issues, &format!("findings[{i}]"), finding, 4000))
        .collect();
    let guests: Vec<serde_json::Value> = command
        .guests
        .iter()
        .enumerate()
        .map(|(i, guest)| {
            json!({
                "full_name": required_text(&mut issues, &format!("guests[{i}].fullName"), &guest.full_name, 200),
                "role": optional_text(&mut issues, &format!("guests[{i}].role"), guest.role.as_deref(), 500),
            })
        })
        .collect();
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let created = review::ActiveModel {
        congress_id: Set(congress.id),
        kind: Set(command.kind),
        held_on: Set(command.held_on),
        title: Set(title),
        summary: Set(summary),
        findings: Set(serde_json::to_string(&findings).map_err(ApiError::internal)?),
        guests: Set(serde_json::Value::Array(guests).to_string()),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    references::link_congress_source(conn, congress.id, congress.organization_id, source_id).await?;
    Ok(Written {
        value: RecordId(created.id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "review",
            record_id: created.id,
            organization_id: Some(congress.organization_id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched: Vec::new(),
        },
    })
}

pub async fn record_rating(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RecordRating,
) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    check_year(&mut issues, "year", command.year);
    let label = optional_text(&mut issues, "label", command.label.as_deref(), 300);
    let title = optional_text(&mut issues, "title", command.title.as_deref(), 300);
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
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let created = rating::ActiveModel {
        organization_id: Set(organization.id),
        year: Set(command.year),
        level: Set(command.level),
        label: Set(label),
        title: Set(title),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    references::link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(conn, "rating", created.id, Some(organization.id), source_id, &warnings).await?;
    Ok(Written {
        value: RecordId(created.id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "rating",
            record_id: created.id,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched: Vec::new(),
        },
    })
}
