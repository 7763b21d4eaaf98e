//! Automatic persisted queries shared by every server process on one database: the documents
//! clients registered, by hash, in a table the server keeps bounded (the documents read least
//! recently go first). The pipeline keeps a bounded copy in memory in front of it.

use super::error::StoreResult;
use sea_orm::sea_query::{Alias, Expr, ExprTrait, Func, OnConflict, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};

fn table() -> Alias {
    Alias::new("persisted_queries")
}

/// A row's use is written back at most this often (seconds): a hot document is read by every
/// process many times a second, and each read need not be a write.
const TOUCH_INTERVAL_SECONDS: i64 = 60;

/// The document registered under `hash`, if any; marks it used.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn find(conn: &DatabaseConnection, hash: &str) -> StoreResult<Option<String>> {
    let select = Query::select()
        .column(Alias::new("document"))
        .column(Alias::new("last_used_at"))
        .from(table())
        .and_where(Expr::col(Alias::new("hash")).eq(hash))
        .to_owned();
    let Some(row) = conn.query_one(&select).await? else {
        return Ok(None);
    };
    let document: String = row.try_get("", "document")?;
    let last_used: i64 = row.try_get("", "last_used_at")?;
    let now = chrono::Utc::now().timestamp();
    if now - last_used >= TOUCH_INTERVAL_SECONDS {
        let touch = Query::update()
            .table(table())
            .value(Alias::new("last_used_at"), now)
            .and_where(Expr::col(Alias::new("hash")).eq(hash))
            .to_owned();
        conn.execute(&touch).await?;
    }
    Ok(Some(document))
}

/// Registers `document` under `hash` (a hash already there keeps its document: the hash is of
/// the text), then removes the documents used least recently beyond `keep`.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn register(conn: &DatabaseConnection, hash: &str, document: &str, keep: usize) -> StoreResult<()> {
    let now = chrono::Utc::now().timestamp();
    let insert = Query::insert()
        .into_table(table())
        .columns([Alias::new("hash"), Alias::new("document"), Alias::new("last_used_at")])
        .values_panic([hash.into(), document.into(), now.into()])
        .on_conflict(OnConflict::column(Alias::new("hash")).do_nothing().to_owned())
        .to_owned();
    conn.execute(&insert).await?;
    // `keep` comes from the configuration, never from a request.
    let beyond = match conn.get_database_backend() {
        DbBackend::Sqlite => format!(
            "DELETE FROM persisted_queries WHERE hash IN \
             (SELECT hash FROM persisted_queries ORDER BY last_used_at DESC, hash LIMIT -1 OFFSET {keep})"
        ),
        _ => format!(
            "DELETE FROM persisted_queries WHERE hash IN \
             (SELECT hash FROM persisted_queries ORDER BY last_used_at DESC, hash OFFSET {keep})"
        ),
    };
    conn.execute_unprepared(&beyond).await?;
    Ok(())
}

/// How many documents are registered (for tests and operators).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &DatabaseConnection) -> StoreResult<i64> {
    let select = Query::select()
        .expr_as(Func::count(Expr::col(Alias::new("hash"))), Alias::new("n"))
        .from(table())
        .to_owned();
    let row = conn.query_one(&select).await?;
    Ok(row.map(|row| row.try_get::<i64>("", "n")).transpose()?.unwrap_or(0))
}
