//! The change feed: every record each committed write created, changed or retracted, in commit
//! order, read from the audit trail. Writes take a lock just before their audit entry, so audit
//! ids grow in commit order and a client reading "after" a position never misses a later commit.

use super::error::StoreResult;
use super::page::{Page, PageRequest};
use super::sql::Sql;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, DbBackend};

/// Key of the advisory lock that orders commits on PostgreSQL.
const COMMIT_ORDER_LOCK: i64 = 7_305_202_512;

/// Makes this transaction's audit entry (and so its feed position) come after every earlier
/// commit's: held until this transaction ends. SQLite writes are serialized already.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn serialize_commits(conn: &impl ConnectionTrait) -> StoreResult<()> {
    if conn.get_database_backend() == DbBackend::Postgres {
        conn.execute_unprepared(&format!("SELECT pg_advisory_xact_lock({COMMIT_ORDER_LOCK})"))
            .await?;
    }
    Ok(())
}

/// A position in the feed.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct FeedKey {
    pub event: i64,
    pub record_type: String,
    pub record_id: i64,
}

/// One entry of the feed.
#[derive(Debug, Clone)]
pub struct FeedEntry {
    pub key: FeedKey,
    pub action: String,
    pub operation: String,
    pub organization_id: Option<i64>,
    pub occurred_at: DateTime<Utc>,
}

/// The feed's entries: what a committed write created, changed or retracted (references only
/// show in a record's history).
const FEED_ENTRIES: &str = "FROM audit_event_records r JOIN audit_events e ON e.id = r.audit_event_id \
     WHERE e.outcome = 'APPLIED' AND r.action <> 'REFERENCED'";

/// How many entries the whole feed holds (a cursor does not change it, as for every list).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait) -> StoreResult<i64> {
    let sql = format!("SELECT COUNT(*) AS n {FEED_ENTRIES}");
    let row = conn
        .query_one_raw(sea_orm::Statement::from_string(conn.get_database_backend(), sql))
        .await?;
    Ok(match row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    })
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    request: &PageRequest<FeedKey>,
) -> StoreResult<Page<(FeedEntry, FeedKey)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT r.audit_event_id, r.record_type, r.record_id, r.action, e.operation, e.organization_id, e.occurred_at ",
    )
    .push(FEED_ENTRIES);
    if let Some(after) = &request.after {
        sql.push(" AND (r.audit_event_id, r.record_type, r.record_id) > (")
            .bind(after.event)
            .push(", ")
            .bind(after.record_type.clone())
            .push(", ")
            .bind(after.record_id)
            .push(")");
    }
    sql.push(" ORDER BY r.audit_event_id, r.record_type, r.record_id LIMIT ")
        .bind((request.limit + 1) as i64);
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let key = FeedKey {
            event: row.try_get("", "audit_event_id")?,
            record_type: row.try_get("", "record_type")?,
            record_id: row.try_get("", "record_id")?,
        };
        let entry = FeedEntry {
            key: key.clone(),
            action: row.try_get("", "action")?,
            operation: row.try_get("", "operation")?,
            organization_id: row.try_get("", "organization_id")?,
            occurred_at: row.try_get("", "occurred_at")?,
        };
        out.push((entry, key));
    }
    Ok(Page::from_rows(out, request.limit))
}
