//! Documents: the list, found by symbol.

use super::error::StoreResult;
use super::organizations::count_rows;
use super::page::{IntKey, Page, PageRequest};
use super::sql::Sql;
use entity::document;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// How a `documents(symbol:)` argument is matched: by its lookup key (see
/// `DocumentSymbol::lookup_key`) when it parses as a symbol, else a prefix of the canonical
/// symbol ("15-NQ").
#[derive(Debug, Clone)]
pub enum SymbolMatch {
    /// A symbol: its number and lookup key.
    Symbol {
        number: u32,
        key: String,
    },
    Prefix(String),
    /// The documents a `Symbol` match resolved to.
    Ids(Vec<i64>),
}

/// A `Symbol` match as the documents it names. Lookup keys are not stored: the documents with the
/// symbol's number (a prefix range of the canonical symbols' index, a few per number) are
/// compared by key here.
#[tracing::instrument(skip_all, level = "debug")]
async fn resolve(conn: &impl ConnectionTrait, symbol: Option<&SymbolMatch>) -> StoreResult<Option<SymbolMatch>> {
    let Some(SymbolMatch::Symbol { number, key }) = symbol else {
        return Ok(symbol.cloned());
    };
    let prefix = format!("{number}-");
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT d.id, d.symbol_key FROM documents d WHERE d.symbol_key >= ")
        .bind(prefix.clone())
        .push(" AND d.symbol_key < ")
        .bind(crate::vocabulary::text::prefix_upper_bound(&prefix));
    let mut ids = Vec::new();
    for row in conn.query_all_raw(sql.build()).await? {
        let stored: Option<String> = row.try_get("", "symbol_key")?;
        let same = stored
            .and_then(|stored| crate::vocabulary::symbol::DocumentSymbol::parse(&stored).ok())
            .is_some_and(|stored| stored.lookup_key() == *key);
        if same {
            ids.push(row.try_get("", "id")?);
        }
    }
    Ok(Some(SymbolMatch::Ids(ids)))
}

fn push_filters(sql: &mut Sql, symbol: Option<&SymbolMatch>) {
    sql.push(" WHERE 1 = 1");
    match symbol {
        Some(SymbolMatch::Ids(ids)) => {
            sql.push_in_keys(" AND d.id", ids);
        }
        // Resolved to ids before any statement is built.
        Some(SymbolMatch::Symbol { .. }) => {
            sql.push(" AND 1 = 0");
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
    let symbol = resolve(conn, symbol).await?;
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT d.* FROM documents d");
    push_filters(&mut sql, symbol.as_ref());
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
    let symbol = resolve(conn, symbol).await?;
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT COUNT(*) AS n FROM documents d");
    push_filters(&mut sql, symbol.as_ref());
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
