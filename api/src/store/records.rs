//! Generic look-ups shared by every table: rows by primary key, and rows by a foreign key.
//! The GraphQL loaders batch through these, one statement per relation and level.

use crate::error::ApiResult;
use sea_orm::sea_query::NullOrdering;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, Iterable, Order, PrimaryKeyToColumn, QueryFilter, QueryOrder,
};

/// The most keys one statement binds: well under PostgreSQL's 65,535 bind parameters and
/// SQLite's 32,766.
pub const MAX_KEYS_PER_STATEMENT: usize = 5000;

/// Rows whose primary key is one of `ids` (repeats allowed), one statement per
/// [`MAX_KEYS_PER_STATEMENT`] distinct keys.
pub async fn by_ids<E>(conn: &impl ConnectionTrait, ids: &[i64]) -> ApiResult<Vec<E::Model>>
where
    E: EntityTrait,
{
    let Some(key) = E::PrimaryKey::iter().next() else {
        return Ok(Vec::new());
    };
    let mut distinct = ids.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    let mut rows = Vec::with_capacity(distinct.len());
    for chunk in distinct.chunks(MAX_KEYS_PER_STATEMENT) {
        let found = E::find()
            .filter(key.into_column().is_in(chunk.iter().copied()))
            .all(conn)
            .await?;
        rows.extend(found);
    }
    Ok(rows)
}

/// Rows whose `column` is one of `ids`, in `order` then primary-key order.
pub async fn by_column<E>(
    conn: &impl ConnectionTrait,
    column: E::Column,
    ids: &[i64],
    order: &[E::Column],
) -> ApiResult<Vec<E::Model>>
where
    E: EntityTrait,
{
    let mut query = E::find().filter(column.is_in(ids.iter().copied()));
    // Unknown values first on both databases (PostgreSQL would put them last, SQLite first).
    for column in order {
        query = query.order_by_with_nulls(*column, Order::Asc, NullOrdering::First);
    }
    if let Some(key) = E::PrimaryKey::iter().next() {
        query = query.order_by_asc(key.into_column());
    }
    Ok(query.all(conn).await?)
}
