//! Dated facts about organizations that the write path records: lineage between two
//! organizations, statistics snapshots and commendations.

use super::error::StoreResult;
use entity::{commendation, organization_lineage, organization_stats};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Whether `successor` is already recorded as succeeding `predecessor`.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn lineage_exists(conn: &impl ConnectionTrait, predecessor_id: i64, successor_id: i64) -> StoreResult<bool> {
    Ok(organization_lineage::Entity::find()
        .filter(organization_lineage::Column::PredecessorId.eq(predecessor_id))
        .filter(organization_lineage::Column::SuccessorId.eq(successor_id))
        .one(conn)
        .await?
        .is_some())
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert_lineage(conn: &impl ConnectionTrait, row: organization_lineage::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert_stats(conn: &impl ConnectionTrait, row: organization_stats::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}

/// Writes a commendation; returns its ID.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert_commendation(conn: &impl ConnectionTrait, row: commendation::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}
