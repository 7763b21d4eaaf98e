//! Results against targets, targets assigned by a superior, reviews of a term and yearly ratings.

use super::congress::{TargetPlacement, insert_targets};
use super::organization::require;
use super::references::{self, link_congress_source, link_organization_source};
use super::{Actor, Change, RecordAction, RecordId, RecordIds, Written, record_warnings};
use crate::domain::checks::{check_source, check_year, optional_text};
use crate::domain::commands::*;
use crate::domain::congress::check_targets;
use crate::domain::organizations;
use crate::domain::results::{
    CheckedReview, check_assigned_by_superior, check_rating_scale, check_results, check_review,
};
use crate::domain::targets::decimal_text;
use crate::domain::time;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use chrono::{NaiveDate, Utc};
use entity::enums::TargetAssigner;
use entity::{rating, review, target, target_result};
use sea_orm::Set;
use serde_json::json;
use std::collections::{BTreeSet, HashMap};

const MAX_RESULTS_PER_WRITE: usize = 500;

#[tracing::instrument(skip_all, fields(results = command.results.len()))]
pub async fn record_target_results(
    conn: &impl Conn,
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
    let targets: HashMap<i64, target::Model> = store::resolutions::targets_by_ids(conn, &target_ids)
        .await?
        .into_iter()
        .map(|t| (t.id, t))
        .collect();
    let organizations: BTreeSet<i64> = targets.values().map(|t| t.organization_id).collect();
    for organization_id in &organizations {
        actor.authorize(conn, *organization_id).await?;
    }
    let existing: Vec<target_result::Model> = store::target_results::of_targets(conn, &target_ids).await?;
    let source_id_hint = match &source {
        Some(source) => references::source_id(conn, Some(source)).await?,
        None => None,
    };
    let per_result_warnings = check_results(&mut issues, command, &targets, &existing, source_id_hint);
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
            note: Set(result.note.as_deref().map(crate::vocabulary::text::clean)),
            source_id: Set(source_id_hint),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        let id = store::target_results::insert(conn, row).await?;
        ids.push(id);
        if let Some(congress_id) = target.congress_id {
            link_congress_source(conn, congress_id, target.organization_id, source_id_hint).await?;
        } else {
            link_organization_source(conn, target.organization_id, source_id_hint).await?;
        }
        record_warnings(
            conn,
            "target_result",
            id,
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

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn assign_targets(conn: &impl Conn, actor: &Actor, command: &AssignTargets) -> ApiResult<Written<RecordIds>> {
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
            let placements = store::placements::of_organization(conn, organization.id).await?;
            organizations::parent_on(&placements, on)
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
    link_organization_source(conn, organization.id, source_id).await?;
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

#[tracing::instrument(skip_all, fields(congress_id = command.congress_id))]
pub async fn record_review(conn: &impl Conn, actor: &Actor, command: &RecordReview) -> ApiResult<Written<RecordId>> {
    let congress = store::congresses::find(conn, command.congress_id)
        .await?
        .ok_or_else(|| ApiError::not_found("congress"))?;
    actor.authorize(conn, congress.organization_id).await?;
    let mut issues = Issues::new();
    let CheckedReview {
        source,
        title,
        summary,
        findings,
        guests,
    } = check_review(&mut issues, &congress, command);
    let guests: Vec<serde_json::Value> = guests
        .into_iter()
        .map(|guest| json!({ "full_name": guest.full_name, "role": guest.role }))
        .collect();
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let row = review::ActiveModel {
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
    };
    let created = store::assessments::insert_review(conn, row).await?;
    link_congress_source(conn, congress.id, congress.organization_id, source_id).await?;
    Ok(Written {
        value: RecordId(created),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "review",
            record_id: created,
            organization_id: Some(congress.organization_id),
            before: None,
            after: Some(json!({ "id": created, "input": command })),
            touched: Vec::new(),
        },
    })
}

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn record_rating(conn: &impl Conn, actor: &Actor, command: &RecordRating) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    check_year(&mut issues, "year", command.year);
    let label = optional_text(&mut issues, "label", command.label.as_deref(), 300);
    let title = optional_text(&mut issues, "title", command.title.as_deref(), 300);
    check_rating_scale(&mut issues, command);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let row = rating::ActiveModel {
        organization_id: Set(organization.id),
        year: Set(command.year),
        level: Set(command.level),
        label: Set(label),
        title: Set(title),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let created = store::assessments::insert_rating(conn, row).await?;
    link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(conn, "rating", created, Some(organization.id), source_id, &warnings).await?;
    Ok(Written {
        value: RecordId(created),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "rating",
            record_id: created,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created, "input": command })),
            touched: Vec::new(),
        },
    })
}
