//! Committees: found by ID, by congress, by organization; recorded with their congress.

use super::error::StoreResult;
use entity::enums::CommitteeKind;
use entity::{committee, congress};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};

#[tracing::instrument(skip(conn), level = "debug")]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Option<committee::Model>> {
    Ok(committee::Entity::find_by_id(id).one(conn).await?)
}

/// The committees of a congress, in the order they were recorded.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn of_congress(conn: &impl ConnectionTrait, congress_id: i64) -> StoreResult<Vec<committee::Model>> {
    Ok(committee::Entity::find()
        .filter(committee::Column::CongressId.eq(congress_id))
        .order_by_asc(committee::Column::Id)
        .all(conn)
        .await?)
}

/// The IDs of a congress's committees.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn ids_of_congress(conn: &impl ConnectionTrait, congress_id: i64) -> StoreResult<Vec<i64>> {
    Ok(of_congress(conn, congress_id)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

/// The executive committee a congress elected, if it recorded one.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn executive_of(conn: &impl ConnectionTrait, congress_id: i64) -> StoreResult<Option<committee::Model>> {
    Ok(committee::Entity::find()
        .filter(committee::Column::CongressId.eq(congress_id))
        .filter(committee::Column::Kind.eq(CommitteeKind::Executive))
        .one(conn)
        .await?)
}

/// The IDs of every committee of every congress of an organization.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn ids_of_organization(conn: &impl ConnectionTrait, organization_id: i64) -> StoreResult<Vec<i64>> {
    Ok(committee::Entity::find()
        .filter(
            committee::Column::CongressId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(congress::Column::Id)
                    .from(congress::Entity)
                    .and_where(congress::Column::OrganizationId.eq(organization_id))
                    .to_owned(),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect())
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: committee::ActiveModel) -> StoreResult<i64> {
    Ok(row.insert(conn).await?.id)
}
