//! How a term and a year were judged: reviews of a term and yearly ratings.

use super::error::StoreResult;
use entity::{rating, review};
use sea_orm::{ActiveModelTrait, ConnectionTrait};

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert_review(conn: &impl ConnectionTrait, row: review::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert_rating(conn: &impl ConnectionTrait, row: rating::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}
