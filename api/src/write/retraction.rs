//! `retractCongressResult`: a wrong submission is hidden from lists, reports and leadership, and
//! its ordinal freed for the corrected one; nothing is deleted, and the change feed carries a
//! tombstone for each record it hid. Positions its opening had ended are restored.

use super::{Actor, Change, RecordAction, RecordId, Written};
use crate::domain::commands::RetractCongressResult;
use crate::domain::congress as congress_rules;
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use entity::congress;
use serde_json::json;

#[tracing::instrument(skip_all, fields(congress_id = command.congress_id))]
pub async fn retract(conn: &impl Conn, actor: &Actor, command: &RetractCongressResult) -> ApiResult<Written<RecordId>> {
    let found = store::congresses::find(conn, command.congress_id)
        .await?
        .ok_or_else(|| ApiError::not_found("congress"))?;
    actor.authorize(conn, found.organization_id).await?;
    let mut issues = Issues::new();
    let reason = congress_rules::check_retraction(&mut issues, &found, command);
    let warnings = issues.into_warnings()?;

    let committees = store::committees::ids_of_congress(conn, found.id).await?;
    let memberships: Vec<i64> = store::memberships::of_committees(conn, &committees)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    let resolutions = store::resolutions::ids_of_congress(conn, found.id).await?;
    let targets = store::resolutions::target_ids_of_congress(conn, found.id).await?;
    let results: Vec<i64> = store::target_results::of_targets(conn, &targets)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect();
    store::congresses::set_retracted(conn, found.id, &reason).await?;
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
async fn restore_previous_term(conn: &impl Conn, retracted: &congress::Model) -> ApiResult<Vec<i64>> {
    let Some(opened) = retracted.opened_on else {
        return Ok(Vec::new());
    };
    let previous = store::congresses::standing_of(conn, retracted.organization_id)
        .await?
        .into_iter()
        .filter(|c| c.term_start_year < retracted.term_start_year)
        .max_by_key(|c| c.term_start_year);
    let Some(previous) = previous else {
        return Ok(Vec::new());
    };
    let committees = store::committees::ids_of_congress(conn, previous.id).await?;
    Ok(store::memberships::reopen_term_ended(conn, &committees, opened).await?)
}
