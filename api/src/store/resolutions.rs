//! The rows a congress resolution or a superior's assignment writes: the resolution and its
//! targets, and the targets found again by ID, by congress, or as the children of another.

use super::error::StoreResult;
use entity::{resolution, target};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: resolution::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}

/// The IDs of a congress's resolutions.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn ids_of_congress(conn: &impl ConnectionTrait, congress_id: i64) -> StoreResult<Vec<i64>> {
    Ok(resolution::Entity::find()
        .filter(resolution::Column::CongressId.eq(congress_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert_target(conn: &impl ConnectionTrait, row: target::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}

/// The targets with these IDs (those that exist).
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn targets_by_ids(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<Vec<target::Model>> {
    Ok(target::Entity::find()
        .filter(target::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?)
}

/// The IDs of every target of a congress, children too.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn target_ids_of_congress(conn: &impl ConnectionTrait, congress_id: i64) -> StoreResult<Vec<i64>> {
    Ok(target::Entity::find()
        .filter(target::Column::CongressId.eq(congress_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect())
}

/// The IDs of a congress's top-level targets, in ordinal order.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn top_target_ids_of_congress(conn: &impl ConnectionTrait, congress_id: i64) -> StoreResult<Vec<i64>> {
    Ok(target::Entity::find()
        .filter(target::Column::CongressId.eq(congress_id))
        .filter(target::Column::ParentId.is_null())
        .order_by_asc(target::Column::Ordinal)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect())
}

/// The IDs of a target's children, in ordinal order.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn child_target_ids(conn: &impl ConnectionTrait, parent_id: i64) -> StoreResult<Vec<i64>> {
    Ok(target::Entity::find()
        .filter(target::Column::ParentId.eq(parent_id))
        .order_by_asc(target::Column::Ordinal)
        .all(conn)
        .await?
        .into_iter()
        .map(|t| t.id)
        .collect())
}
