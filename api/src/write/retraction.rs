//! `retractCongressResult`: a wrong submission is hidden from lists, reports and leadership, and
//! its ordinal freed for the corrected one; nothing is deleted, and the change feed carries a
//! tombstone for each record it hid. Positions its opening had ended are restored.

use super::congress::committees_of;
use super::organization::RecordId;
use super::references::required_text;
use super::{Actor, Change, RecordAction, Written};
use crate::domain::commands::RetractCongressResult;
use crate::error::{ApiError, ApiResult};
use crate::vocabulary::issues::Issues;
use chrono::Utc;
use entity::enums::EndReason;
use entity::{congress, membership, resolution, target, target_result};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;

pub async fn retract(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RetractCongressResult,
) -> ApiResult<Written<RecordId>> {
    let found = congress::Entity::find_by_id(command.congress_id)
        .one(conn)
        .await?
        .ok_or_else(|| ApiError::not_found("congress"))?;
    actor.authorize(conn, found.organization_id).await?;
    let mut issues = Issues::new();
    let reason = required_text(&mut issues, "reason", &command.reason, 2000);
    if let Some(retracted) = found.retracted_at {
        issues.error(
            "already_retracted",
            "congressId",
            format!("this congress was already retracted on {}", retracted.date_naive()),
        );
    }
    let warnings = issues.into_warnings()?;

    let committees = committees_of(conn, found.id).await?;
    let memberships: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::CommitteeId.is_in(committees.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let resolutions: Vec<i64> = resolution::Entity::find()
        .filter(resolution::Column::CongressId.eq(found.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    let targets: Vec<i64> = target::Entity::find()
        .filter(target::Column::CongressId.eq(found.id))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect();
    let results: Vec<i64> = target_result::Entity::find()
        .filter(target_result::Column::TargetId.is_in(targets.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    congress::ActiveModel {
        id: Set(found.id),
        retracted_at: Set(Some(Utc::now())),
        retraction_reason: Set(Some(reason.clone())),
        ..Default::default()
    }
    .update(conn)
    .await?;
    let restored = restore_previous_term(conn, &found).await?;

    let mut touched: Vec<(&'static str, i64, RecordAction)> = Vec::new();
    touched.extend(committees.iter().map(|id| ("committee", *id, RecordAction::Retracted)));
    touched.extend(
        memberships
            .iter()
            .map(|id| ("membership", *id, RecordAction::Retracted)),
    );
    touched.extend(
        resolutions
            .iter()
            .map(|id| ("resolution", *id, RecordAction::Retracted)),
    );
    touched.extend(targets.iter().map(|id| ("target", *id, RecordAction::Retracted)));
    touched.extend(results.iter().map(|id| ("target_result", *id, RecordAction::Retracted)));
    touched.extend(restored.iter().map(|id| ("membership", *id, RecordAction::Updated)));
    Ok(Written {
        value: RecordId(found.id),
        warnings,
        change: Change {
            action: RecordAction::Retracted,
            record_type: "congress",
            record_id: found.id,
            organization_id: Some(found.organization_id),
            before: Some(json!({ "retractedAt": null })),
            after: Some(json!({ "reason": reason, "restoredMemberships": restored })),
            touched,
        },
    })
}

/// The previous term's positions that this congress's opening ended are open again.
async fn restore_previous_term(conn: &impl ConnectionTrait, retracted: &congress::Model) -> ApiResult<Vec<i64>> {
    let Some(opened) = retracted.opened_on else {
        return Ok(Vec::new());
    };
    let previous = congress::Entity::find()
        .filter(congress::Column::OrganizationId.eq(retracted.organization_id))
        .filter(congress::Column::RetractedAt.is_null())
        .filter(congress::Column::TermStartYear.lt(retracted.term_start_year))
        .all(conn)
        .await?
        .into_iter()
        .max_by_key(|c| c.term_start_year);
    let Some(previous) = previous else {
        return Ok(Vec::new());
    };
    let ended: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::CommitteeId.is_in(committees_of(conn, previous.id).await?))
        .filter(membership::Column::EndReason.eq(EndReason::TermEnded))
        .filter(membership::Column::EndedOn.eq(opened))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if !ended.is_empty() {
        membership::Entity::update_many()
            .col_expr(
                membership::Column::EndedOn,
                Expr::value(Option::<chrono::NaiveDate>::None),
            )
            .col_expr(membership::Column::EndReason, Expr::value(Option::<EndReason>::None))
            .col_expr(membership::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(membership::Column::Id.is_in(ended.iter().copied()))
            .exec(conn)
            .await?;
    }
    Ok(ended)
}
