//! Idempotency keys, claimed in the same transaction as the write they protect.

use super::error::{StoreError, StoreResult};
use chrono::Utc;
use entity::idempotency_key;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set, SqlErr};

/// What a claim found.
pub enum Claim {
    /// The key is new: it is now held by this transaction.
    New(i64),
    /// The key was used before with the same input: here is the stored response.
    Replay(String),
    /// Another transaction claimed the key first; look again once this one has rolled back.
    Lost,
}

/// Claims `key` for an operation with the given input hash. The insert takes the unique index
/// entry, so a concurrent claim of the same key waits for this transaction and then fails.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn claim(
    conn: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    operation: &str,
    request_hash: &str,
) -> StoreResult<Claim> {
    if let Some(existing) = find(conn, scope, key).await? {
        return replay_or_conflict(existing, operation, request_hash);
    }
    let row = idempotency_key::ActiveModel {
        scope: Set(scope.to_owned()),
        idempotency_key: Set(key.to_owned()),
        operation: Set(operation.to_owned()),
        request_hash: Set(request_hash.to_owned()),
        response: Set(String::new()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    match row.insert(conn).await {
        Ok(inserted) => Ok(Claim::New(inserted.id)),
        Err(error) if matches!(error.sql_err(), Some(SqlErr::UniqueConstraintViolation(_))) => Ok(Claim::Lost),
        Err(error) => Err(error.into()),
    }
}

fn replay_or_conflict(existing: idempotency_key::Model, operation: &str, request_hash: &str) -> StoreResult<Claim> {
    if existing.operation == operation && existing.request_hash == request_hash && !existing.response.is_empty() {
        Ok(Claim::Replay(existing.response))
    } else {
        Err(StoreError::Conflict(format!(
            "idempotency key \"{}\" was already used with a different input; use a new key for a new write",
            existing.idempotency_key
        )))
    }
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn find(conn: &impl ConnectionTrait, scope: &str, key: &str) -> StoreResult<Option<idempotency_key::Model>> {
    Ok(idempotency_key::Entity::find()
        .filter(idempotency_key::Column::Scope.eq(scope))
        .filter(idempotency_key::Column::IdempotencyKey.eq(key))
        .one(conn)
        .await?)
}

/// After a claim lost a race (the other write committed), decides between replay and conflict.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn resolve_lost_race(
    conn: &impl ConnectionTrait,
    scope: &str,
    key: &str,
    operation: &str,
    request_hash: &str,
) -> StoreResult<Option<String>> {
    match find(conn, scope, key).await? {
        Some(existing) => match replay_or_conflict(existing, operation, request_hash)? {
            Claim::Replay(response) => Ok(Some(response)),
            Claim::New(_) | Claim::Lost => Ok(None),
        },
        None => Ok(None),
    }
}

/// Stores the response of the write that holds the key.
#[tracing::instrument(skip(conn, response), level = "debug")]
pub async fn complete(conn: &impl ConnectionTrait, claim_id: i64, response: &str) -> StoreResult<()> {
    idempotency_key::ActiveModel {
        id: Set(claim_id),
        response: Set(response.to_owned()),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Whether any key was claimed in a scope (an interrupted load leaves some).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn has_scope(conn: &impl ConnectionTrait, scope: &str) -> StoreResult<bool> {
    Ok(idempotency_key::Entity::find()
        .filter(idempotency_key::Column::Scope.eq(scope))
        .one(conn)
        .await?
        .is_some())
}

/// Records a marker key (a load that finished).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn mark(conn: &impl ConnectionTrait, scope: &str, key: &str, operation: &str) -> StoreResult<()> {
    idempotency_key::ActiveModel {
        scope: Set(scope.to_owned()),
        idempotency_key: Set(key.to_owned()),
        operation: Set(operation.to_owned()),
        request_hash: Set(String::new()),
        response: Set("{}".to_owned()),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    Ok(())
}
