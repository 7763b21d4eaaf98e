//! API tokens: only the hash of each secret is stored.

use super::error::StoreResult;
use chrono::Utc;
use entity::api_token;
use entity::enums::Role;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, Set};

#[tracing::instrument(skip(conn, name, role, token_hash), level = "debug")]
pub async fn create(
    conn: &impl ConnectionTrait,
    name: &str,
    role: Role,
    organization_id: Option<i64>,
    token_hash: &str,
) -> StoreResult<api_token::Model> {
    Ok(api_token::ActiveModel {
        name: Set(name.to_owned()),
        role: Set(role),
        organization_id: Set(organization_id),
        token_hash: Set(token_hash.to_owned()),
        created_at: Set(Utc::now()),
        revoked_at: Set(None),
        last_used_at: Set(None),
        ..Default::default()
    }
    .insert(conn)
    .await?)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn find_by_hash(conn: &impl ConnectionTrait, token_hash: &str) -> StoreResult<Option<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn list(conn: &impl ConnectionTrait) -> StoreResult<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .order_by_asc(api_token::Column::Id)
        .all(conn)
        .await?)
}

/// Revokes a token; `false` when there is no such token or it was already revoked.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn revoke(conn: &impl ConnectionTrait, id: i64) -> StoreResult<bool> {
    let result = api_token::Entity::update_many()
        .col_expr(
            api_token::Column::RevokedAt,
            sea_orm::sea_query::Expr::value(Utc::now()),
        )
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(result.rows_affected > 0)
}

/// A token's use is written back at most this often: each write is a commit, and on
/// PostgreSQL every commit starts a new generation of the response cache (see
/// `store::generation`), so an editor browsing with a token would otherwise empty it every time
/// its token is checked again (every 10 s).
const TOUCH_INTERVAL: chrono::TimeDelta = chrono::TimeDelta::seconds(60);

/// Records that a token was used now, unless that was already recorded in the last minute (an
/// update that matches no row writes nothing).
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn touch(conn: &impl ConnectionTrait, id: i64) -> StoreResult<()> {
    let now = Utc::now();
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, sea_orm::sea_query::Expr::value(now))
        .filter(api_token::Column::Id.eq(id))
        .filter(
            sea_orm::Condition::any()
                .add(api_token::Column::LastUsedAt.is_null())
                .add(api_token::Column::LastUsedAt.lt(now - TOUCH_INTERVAL)),
        )
        .exec(conn)
        .await?;
    Ok(())
}
