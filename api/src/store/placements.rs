//! Placements: where an organization sat in the tree, from when to when. The write side: read
//! one organization's placements, add one, end them.

use super::error::StoreResult;
use chrono::NaiveDate;
use entity::organization_placement;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, ExprTrait, QueryFilter, Set};

/// Every placement of an organization, in no particular order.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn of_organization(
    conn: &impl ConnectionTrait,
    organization_id: i64,
) -> StoreResult<Vec<organization_placement::Model>> {
    Ok(organization_placement::Entity::find()
        .filter(organization_placement::Column::OrganizationId.eq(organization_id))
        .all(conn)
        .await?)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(
    conn: &impl ConnectionTrait,
    row: organization_placement::ActiveModel,
) -> StoreResult<organization_placement::Model> {
    Ok(row.insert(conn).await?)
}

/// Ends one placement on `on`.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn end(conn: &impl ConnectionTrait, id: i64, on: NaiveDate) -> StoreResult<()> {
    organization_placement::ActiveModel {
        id: Set(id),
        valid_to: Set(Some(on)),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Ends on `on` the placement of an organization and those of its children that are open then;
/// placements that start on or after `on` are untouched.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn end_around(conn: &impl ConnectionTrait, organization_id: i64, on: NaiveDate) -> StoreResult<()> {
    organization_placement::Entity::update_many()
        .col_expr(organization_placement::Column::ValidTo, Expr::value(on))
        .filter(
            organization_placement::Column::OrganizationId
                .eq(organization_id)
                .or(organization_placement::Column::ParentId.eq(organization_id)),
        )
        .filter(
            organization_placement::Column::ValidTo
                .is_null()
                .or(organization_placement::Column::ValidTo.gt(on)),
        )
        .filter(
            organization_placement::Column::ValidFrom
                .is_null()
                .or(organization_placement::Column::ValidFrom.lt(on)),
        )
        .exec(conn)
        .await?;
    Ok(())
}

/// The organizations placed under `parent_id` on the day before `on` and still there on `on`
/// (those a dissolution on `on` leaves without their superior).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn children_across(conn: &impl ConnectionTrait, parent_id: i64, on: NaiveDate) -> StoreResult<Vec<i64>> {
    Ok(organization_placement::Entity::find()
        .filter(organization_placement::Column::ParentId.eq(parent_id))
        .filter(
            organization_placement::Column::ValidTo
                .is_null()
                .or(organization_placement::Column::ValidTo.gt(on)),
        )
        .filter(
            organization_placement::Column::ValidFrom
                .is_null()
                .or(organization_placement::Column::ValidFrom.lt(on)),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|placement| placement.organization_id)
        .collect())
}

/// Whether an organization has a placement starting on or after `on`.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn placed_from(conn: &impl ConnectionTrait, organization_id: i64, on: NaiveDate) -> StoreResult<bool> {
    Ok(organization_placement::Entity::find()
        .filter(organization_placement::Column::OrganizationId.eq(organization_id))
        .filter(organization_placement::Column::ValidFrom.gte(on))
        .one(conn)
        .await?
        .is_some())
}
