//! Documents: the list, found by symbol.

use super::error::StoreResult;
use super::organizations::count_rows;
use super::page::{IntKey, Page, PageRequest};
use super::sql::Sql;
use entity::document;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// How a `documents(symbol:)` argument is matched: the canonical symbol ("15-NQ/TW") exactly when
/// it parses as one, else a prefix of the canonical symbol ("15-NQ").
#[derive(Debug, Clone)]
pub enum SymbolMatch {
    Exact(String),
    Prefix(String),
}

fn push_filters(sql: &mut Sql, symbol: Option<&SymbolMatch>) {
    sql.push(" WHERE 1 = 1");
    match symbol {
        Some(SymbolMatch::Exact(key)) => {
            sql.push(" AND d.symbol_key = ").bind(key.clone());
        }
        Some(SymbolMatch::Prefix(prefix)) => {
            sql.push(" AND d.symbol_key >= ")
                .bind(prefix.clone())
                .push(" AND d.symbol_key < ")
                .bind(crate::vocabulary::text::prefix_upper_bound(prefix));
        }
        None => {}
    }
}

/// One page of documents in the order they were recorded.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    symbol: Option<&SymbolMatch>,
    request: &PageRequest<IntKey>,
) -> StoreResult<Page<(document::Model, IntKey)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT d.* FROM documents d");
    push_filters(&mut sql, symbol);
    if let Some(after) = &request.after {
        sql.push(" AND d.id > ").bind(after.id);
    }
    sql.push(" ORDER BY d.id LIMIT ").bind((request.limit + 1) as i64);
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let model = document::Model::from_query_result(&row, "")?;
        let key = IntKey {
            value: model.id,
            id: model.id,
        };
        out.push((model, key));
    }
    Ok(Page::from_rows(out, request.limit))
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait, symbol: Option<&SymbolMatch>) -> StoreResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM documents d");
    push_filters(&mut sql, symbol);
    count_rows(conn, sql).await
}

/// Records `row` unless a document with the same `identity_key` exists; returns the ID either way.
#[tracing::instrument(skip(conn, row), level = "debug")]
pub async fn find_or_insert(
    conn: &impl ConnectionTrait,
    row: document::ActiveModel,
    identity: &str,
) -> StoreResult<i64> {
    use sea_orm::sea_query::OnConflict;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    document::Entity::insert(row)
        .on_conflict(
            OnConflict::column(document::Column::IdentityKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    let found = document::Entity::find()
        .filter(document::Column::IdentityKey.eq(identity))
        .one(conn)
        .await?;
    match found {
        Some(row) => Ok(row.id),
        None => Err(super::error::StoreError::Inconsistent(
            "a document vanished right after its insert".into(),
        )),
    }
}

/// Names the issuing organization of a document that has none yet; one already named stays.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn set_issuer_if_unknown(
    conn: &impl ConnectionTrait,
    id: i64,
    issuer_organization_id: i64,
) -> StoreResult<()> {
    use sea_orm::{ActiveModelTrait, EntityTrait, Set};
    if let Some(existing) = document::Entity::find_by_id(id).one(conn).await?
        && existing.issuer_organization_id.is_none()
    {
        document::ActiveModel {
            id: Set(id),
            issuer_organization_id: Set(Some(issuer_organization_id)),
            ..Default::default()
        }
        .update(conn)
        .await?;
    }
    Ok(())
}
