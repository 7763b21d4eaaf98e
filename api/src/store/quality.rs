//! Data-quality issues: the warnings stored with records, listed for people to look at.

use super::organizations::count_rows;
use super::page::{IntKey, Page, PageRequest};
use super::sql::Sql;
use crate::domain::issues::Issue;
use crate::error::ApiResult;
use chrono::Utc;
use entity::data_quality_issue;
use sea_orm::{ConnectionTrait, EntityTrait, FromQueryResult, Set};

#[derive(Debug, Clone, Default)]
pub struct IssueFilter {
    /// Issues of this organization and of every organization ever placed below it.
    pub organization_id: Option<i64>,
    pub rule: Option<String>,
}

fn push_filters(sql: &mut Sql, filter: &IssueFilter) {
    sql.push(" WHERE 1 = 1");
    if filter.organization_id.is_some() {
        sql.push(" AND q.organization_id IN (SELECT organization_id FROM tree)");
    }
    if let Some(rule) = &filter.rule {
        sql.push(" AND q.rule = ").bind(rule.clone());
    }
}

fn push_tree(sql: &mut Sql, filter: &IssueFilter) {
    if let Some(root) = filter.organization_id {
        sql.push("WITH RECURSIVE tree(organization_id, depth) AS (SELECT CAST(")
            .bind(root)
            .push(" AS BIGINT), 0 UNION SELECT p.organization_id, tree.depth + 1 FROM tree JOIN organization_placements p ON p.parent_id = tree.organization_id WHERE tree.depth < 32) ");
    }
}

pub async fn page(
    conn: &impl ConnectionTrait,
    filter: &IssueFilter,
    request: &PageRequest<IntKey>,
) -> ApiResult<Page<(data_quality_issue::Model, IntKey)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    push_tree(&mut sql, filter);
    sql.push("SELECT q.* FROM data_quality_issues q");
    push_filters(&mut sql, filter);
    if let Some(after) = &request.after {
        sql.push(" AND q.id > ").bind(after.id);
    }
    sql.push(" ORDER BY q.id LIMIT ").bind((request.limit + 1) as i64);
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let model = data_quality_issue::Model::from_query_result(&row, "")?;
        let key = IntKey {
            value: model.id,
            id: model.id,
        };
        out.push((model, key));
    }
    Ok(Page::from_rows(out, request.limit))
}

pub async fn count(conn: &impl ConnectionTrait, filter: &IssueFilter) -> ApiResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    push_tree(&mut sql, filter);
    sql.push("SELECT COUNT(*) AS n FROM data_quality_issues q");
    push_filters(&mut sql, filter);
    count_rows(conn, sql).await
}

/// Where a warning is stored: the record it is about, its organization and its source.
#[derive(Debug, Clone, Copy)]
pub struct RecordRef {
    pub record_type: &'static str,
    pub record_id: i64,
    pub organization_id: Option<i64>,
    pub source_id: Option<i64>,
}

/// Stores warnings with the record they are about, in the caller's transaction.
pub async fn record(conn: &impl ConnectionTrait, record: RecordRef, warnings: &[Issue]) -> ApiResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let now = Utc::now();
    let rows = warnings.iter().map(|issue| data_quality_issue::ActiveModel {
        rule: Set(issue.rule.clone()),
        severity: Set(issue.severity),
        path: Set(issue.path.clone()),
        message: Set(issue.message.clone()),
        record_type: Set(record.record_type.to_owned()),
        record_id: Set(record.record_id),
        organization_id: Set(record.organization_id),
        source_id: Set(record.source_id),
        created_at: Set(now),
        ..Default::default()
    });
    data_quality_issue::Entity::insert_many(rows)
        .exec_without_returning(conn)
        .await?;
    Ok(())
}
