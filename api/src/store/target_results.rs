//! Results recorded against targets, as the write path reads and adds them.

use super::error::StoreResult;
use entity::target_result;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Every result of these targets.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn of_targets(conn: &impl ConnectionTrait, target_ids: &[i64]) -> StoreResult<Vec<target_result::Model>> {
    Ok(target_result::Entity::find()
        .filter(target_result::Column::TargetId.is_in(target_ids.iter().copied()))
        .all(conn)
        .await?)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: target_result::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}
