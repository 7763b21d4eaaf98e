//! Memberships (positions held) as the write path reads and changes them: by committee, by
//! person, opened, ended, and ended or reopened together when a term or an organization ends.

use super::error::StoreResult;
use chrono::{NaiveDate, Utc};
use entity::enums::EndReason;
use entity::membership;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter};

#[tracing::instrument(skip(conn), level = "debug")]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Option<membership::Model>> {
    Ok(membership::Entity::find_by_id(id).one(conn).await?)
}

/// Every membership of these committees, ended or not.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn of_committees(conn: &impl ConnectionTrait, committee_ids: &[i64]) -> StoreResult<Vec<membership::Model>> {
    Ok(membership::Entity::find()
        .filter(membership::Column::CommitteeId.is_in(committee_ids.iter().copied()))
        .all(conn)
        .await?)
}

/// A person's memberships of one committee.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn of_person_on(
    conn: &impl ConnectionTrait,
    committee_id: i64,
    person_id: i64,
) -> StoreResult<Vec<membership::Model>> {
    Ok(membership::Entity::find()
        .filter(membership::Column::CommitteeId.eq(committee_id))
        .filter(membership::Column::PersonId.eq(person_id))
        .all(conn)
        .await?)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: membership::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn update(conn: &impl ConnectionTrait, row: membership::ActiveModel) -> StoreResult<membership::Model> {
    Ok(row.update(conn).await?)
}

/// Ends every open membership of these committees on `on` (those that started before it), and
/// returns which: terms ending and organizations dissolving end positions this way.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn end_open(
    conn: &impl ConnectionTrait,
    committee_ids: &[i64],
    on: NaiveDate,
    reason: EndReason,
) -> StoreResult<Vec<i64>> {
    let open: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::CommitteeId.is_in(committee_ids.iter().copied()))
        .filter(membership::Column::EndedOn.is_null())
        .filter(
            membership::Column::StartedOn
                .is_null()
                .or(membership::Column::StartedOn.lt(on)),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if !open.is_empty() {
        membership::Entity::update_many()
            .col_expr(membership::Column::EndedOn, Expr::value(on))
            .col_expr(membership::Column::EndReason, Expr::value(reason))
            .col_expr(membership::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(membership::Column::Id.is_in(open.iter().copied()))
            .exec(conn)
            .await?;
    }
    Ok(open)
}

/// Opens again the memberships of these committees that ended with their term on `ended_on`,
/// and returns which.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn reopen_term_ended(
    conn: &impl ConnectionTrait,
    committee_ids: &[i64],
    ended_on: NaiveDate,
) -> StoreResult<Vec<i64>> {
    let ended: Vec<i64> = membership::Entity::find()
        .filter(membership::Column::CommitteeId.is_in(committee_ids.iter().copied()))
        .filter(membership::Column::EndReason.eq(EndReason::TermEnded))
        .filter(membership::Column::EndedOn.eq(ended_on))
        .all(conn)
        .await?
        .into_iter()
        .map(|m| m.id)
        .collect();
    if !ended.is_empty() {
        membership::Entity::update_many()
            .col_expr(membership::Column::EndedOn, Expr::value(Option::<NaiveDate>::None))
            .col_expr(membership::Column::EndReason, Expr::value(Option::<EndReason>::None))
            .col_expr(membership::Column::UpdatedAt, Expr::value(Utc::now()))
            .filter(membership::Column::Id.is_in(ended.iter().copied()))
            .exec(conn)
            .await?;
    }
    Ok(ended)
}
