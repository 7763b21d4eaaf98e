//! The audit trail: one row per write attempt past authorization.

use super::error::StoreResult;
use chrono::Utc;
use entity::{audit_event, audit_event_record};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};

/// One audit entry as the domain describes it.
#[derive(Debug, Clone, Default)]
pub struct AuditEntry {
    pub token_id: Option<i64>,
    pub actor: String,
    pub operation: String,
    pub outcome: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub organization_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    pub request_id: Option<String>,
    /// Every record the write touched (the first is the one it is about), and how.
    pub records: Vec<(&'static str, i64, RecordAction)>,
}

/// What a write did to a record, as the change feed reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum RecordAction {
    #[default]
    Created,
    Updated,
    Retracted,
    /// Not changed, but the write concerns it: it shows in the record's history, not the feed.
    Referenced,
}

impl RecordAction {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Created => "CREATED",
            Self::Updated => "UPDATED",
            Self::Retracted => "RETRACTED",
            Self::Referenced => "REFERENCED",
        }
    }
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn record(conn: &impl ConnectionTrait, entry: AuditEntry) -> StoreResult<()> {
    let records = entry.records.clone();
    let event = audit_event::ActiveModel {
        occurred_at: Set(Utc::now()),
        token_id: Set(entry.token_id),
        actor: Set(entry.actor),
        operation: Set(entry.operation),
        outcome: Set(entry.outcome),
        record_type: Set(entry.record_type),
        record_id: Set(entry.record_id),
        organization_id: Set(entry.organization_id),
        before: Set(entry.before.map(|value| value.to_string())),
        after: Set(entry.after.map(|value| value.to_string())),
        request_id: Set(entry.request_id),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    let mut seen = std::collections::HashSet::new();
    let rows: Vec<audit_event_record::ActiveModel> = records
        .into_iter()
        .filter(|(record_type, record_id, _)| seen.insert((*record_type, *record_id)))
        .map(|(record_type, record_id, action)| audit_event_record::ActiveModel {
            audit_event_id: Set(event.id),
            record_type: Set(record_type.to_owned()),
            record_id: Set(record_id),
            action: Set(action.as_str().to_owned()),
        })
        .collect();
    if !rows.is_empty() {
        audit_event_record::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

/// The filters of the audit trail.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Events that touched this record.
    pub record: Option<(String, i64)>,
    /// Events about this organization or anything ever placed below it.
    pub organization_id: Option<i64>,
    pub since: Option<chrono::DateTime<Utc>>,
    pub until: Option<chrono::DateTime<Utc>>,
    pub operation: Option<String>,
}

fn push_filters(sql: &mut super::sql::Sql, filter: &AuditFilter) {
    sql.push(" WHERE 1 = 1");
    if let Some((record_type, record_id)) = &filter.record {
        sql.push(" AND e.id IN (SELECT audit_event_id FROM audit_event_records WHERE record_type = ")
            .bind(record_type.clone())
            .push(" AND record_id = ")
            .bind(*record_id)
            .push(")");
    }
    if filter.organization_id.is_some() {
        sql.push(" AND e.organization_id IN (SELECT organization_id FROM tree)");
    }
    if let Some(since) = filter.since {
        sql.push(" AND e.occurred_at >= ").bind(since);
    }
    if let Some(until) = filter.until {
        sql.push(" AND e.occurred_at < ").bind(until);
    }
    if let Some(operation) = &filter.operation {
        sql.push(" AND e.operation = ").bind(operation.clone());
    }
}

fn push_tree(sql: &mut super::sql::Sql, filter: &AuditFilter) {
    if let Some(root) = filter.organization_id {
        sql.push("WITH RECURSIVE tree(organization_id, depth) AS (SELECT CAST(")
            .bind(root)
            .push(" AS BIGINT), 0 UNION SELECT p.organization_id, tree.depth + 1 FROM tree JOIN organization_placements p ON p.parent_id = tree.organization_id WHERE tree.depth < 32) ");
    }
}

/// One page of audit events, newest first.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    filter: &AuditFilter,
    request: &super::page::PageRequest<super::page::IntKey>,
) -> StoreResult<super::page::Page<(audit_event::Model, super::page::IntKey)>> {
    use sea_orm::FromQueryResult;
    let mut sql = super::sql::Sql::new(conn.get_database_backend());
    push_tree(&mut sql, filter);
    sql.push("SELECT e.* FROM audit_events e");
    push_filters(&mut sql, filter);
    if let Some(after) = &request.after {
        sql.push(" AND e.id < ").bind(after.id);
    }
    sql.push(" ORDER BY e.id DESC LIMIT ").bind((request.limit + 1) as i64);
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let model = audit_event::Model::from_query_result(&row, "")?;
        let key = super::page::IntKey {
            value: model.id,
            id: model.id,
        };
        out.push((model, key));
    }
    Ok(super::page::Page::from_rows(out, request.limit))
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait, filter: &AuditFilter) -> StoreResult<i64> {
    let mut sql = super::sql::Sql::new(conn.get_database_backend());
    push_tree(&mut sql, filter);
    sql.push("SELECT COUNT(*) AS n FROM audit_events e");
    push_filters(&mut sql, filter);
    super::organizations::count_rows(conn, sql).await
}

/// The records each event touched: `(event, record type, record id)`.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn records_of(conn: &impl ConnectionTrait, event_ids: &[i64]) -> StoreResult<Vec<audit_event_record::Model>> {
    use sea_orm::{ColumnTrait, QueryFilter, QueryOrder};
    Ok(audit_event_record::Entity::find()
        .filter(audit_event_record::Column::AuditEventId.is_in(event_ids.iter().copied()))
        .order_by_asc(audit_event_record::Column::AuditEventId)
        .all(conn)
        .await?)
}
