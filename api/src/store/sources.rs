//! Sources: found by their identity before a new one is recorded, and the links that say which
//! organizations and congresses a source speaks about.

use super::error::StoreResult;
use entity::{congress_source, organization_source, source};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

/// Records `row` unless a source with the same `identity_key` exists; returns the ID either way.
#[tracing::instrument(skip(conn, row), level = "debug")]
pub async fn find_or_insert(
    conn: &impl ConnectionTrait,
    row: source::ActiveModel,
    identity: &str,
) -> StoreResult<Option<i64>> {
    // ON CONFLICT DO NOTHING: a failed insert would abort a PostgreSQL transaction.
    source::Entity::insert(row)
        .on_conflict(OnConflict::column(source::Column::IdentityKey).do_nothing().to_owned())
        .exec_without_returning(conn)
        .await?;
    let found = source::Entity::find()
        .filter(source::Column::IdentityKey.eq(identity))
        .one(conn)
        .await?;
    Ok(found.map(|row| row.id))
}

/// Records that a source speaks about an organization (once).
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn link_organization(conn: &impl ConnectionTrait, organization_id: i64, source_id: i64) -> StoreResult<()> {
    organization_source::Entity::insert(organization_source::ActiveModel {
        organization_id: Set(organization_id),
        source_id: Set(source_id),
    })
    .on_conflict(
        OnConflict::columns([
            organization_source::Column::OrganizationId,
            organization_source::Column::SourceId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records that a source speaks about a congress (once).
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn link_congress(conn: &impl ConnectionTrait, congress_id: i64, source_id: i64) -> StoreResult<()> {
    congress_source::Entity::insert(congress_source::ActiveModel {
        congress_id: Set(congress_id),
        source_id: Set(source_id),
    })
    .on_conflict(
        OnConflict::columns([congress_source::Column::CongressId, congress_source::Column::SourceId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}
