//! Congresses: the filtered, chronological list.

use super::error::StoreResult;
use super::organizations::{count_rows, push_valid_on};
use super::page::{IntKey, Page, PageRequest};
use super::sql::Sql;
use chrono::NaiveDate;
use entity::{congress, organization};
use sea_orm::{ConnectionTrait, FromQueryResult};

#[derive(Debug, Clone, Default)]
pub struct CongressFilter {
    pub organization_id: Option<i64>,
    /// Congresses of this organization and of every organization ever placed below it.
    pub under_organization_id: Option<i64>,
    pub term_year: Option<i32>,
}

fn push_subtree_cte(sql: &mut Sql, root: i64, on: Option<NaiveDate>) {
    sql.push("WITH RECURSIVE tree(organization_id, depth) AS (SELECT CAST(")
        .bind(root)
        .push(" AS BIGINT), 0 UNION SELECT p.organization_id, tree.depth + 1 FROM tree JOIN organization_placements p ON p.parent_id = tree.organization_id");
    if let Some(on) = on {
        push_valid_on(sql, "p", on);
    }
    sql.push(" WHERE tree.depth < 32) ");
}

fn push_filters(sql: &mut Sql, filter: &CongressFilter) {
    // Retracted submissions are hidden from every list.
    sql.push(" WHERE c.retracted_at IS NULL");
    if let Some(id) = filter.organization_id {
        sql.push(" AND c.organization_id = ").bind(id);
    }
    if filter.under_organization_id.is_some() {
        sql.push(" AND c.organization_id IN (SELECT organization_id FROM tree)");
    }
    if let Some(year) = filter.term_year {
        sql.push(" AND c.term_start_year <= ")
            .bind(year)
            .push(" AND c.term_end_year >= ")
            .bind(year);
    }
}

/// One page of congresses, oldest term first.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    filter: &CongressFilter,
    request: &PageRequest<IntKey>,
) -> StoreResult<Page<(congress::Model, IntKey)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    if let Some(root) = filter.under_organization_id {
        push_subtree_cte(&mut sql, root, None);
    }
    sql.push("SELECT c.* FROM congresses c");
    push_filters(&mut sql, filter);
    if let Some(after) = &request.after {
        sql.push(" AND (c.term_start_year, c.id) > (")
            .bind(after.value)
            .push(", ")
            .bind(after.id)
            .push(")");
    }
    sql.push(" ORDER BY c.term_start_year, c.id LIMIT ")
        .bind((request.limit + 1) as i64);
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let model = congress::Model::from_query_result(&row, "")?;
        let key = IntKey {
            value: i64::from(model.term_start_year),
            id: model.id,
        };
        out.push((model, key));
    }
    Ok(Page::from_rows(out, request.limit))
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait, filter: &CongressFilter) -> StoreResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    if let Some(root) = filter.under_organization_id {
        push_subtree_cte(&mut sql, root, None);
    }
    sql.push("SELECT COUNT(*) AS n FROM congresses c");
    push_filters(&mut sql, filter);
    count_rows(conn, sql).await
}

/// A term's first and last year.
pub type Term = (i32, i32);

/// The term (first and last year) of an organization's congress in force that contains `year`:
/// the latest to start where two terms meet.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn term_containing(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> StoreResult<Option<Term>> {
    let sql = term_statement(conn.get_database_backend(), "", organization_id, year);
    let Some(row) = conn.query_one_raw(sql.build()).await? else {
        return Ok(None);
    };
    term_of(&row)
}

/// An organization and, in the same statement, its term containing `year`
/// ([`term_containing`]): what a term report reads first.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn organization_and_term(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    year: i32,
) -> StoreResult<Option<(organization::Model, Option<Term>)>> {
    let sql = term_statement(conn.get_database_backend(), "o.*, ", organization_id, year);
    let Some(row) = conn.query_one_raw(sql.build()).await? else {
        return Ok(None);
    };
    Ok(Some((
        organization::Model::from_query_result(&row, "")?,
        term_of(&row)?,
    )))
}

/// `SELECT <columns>` (of organization `o`, or none) with the first and last year of its term
/// containing `year` as `s` and `e`.
fn term_statement(backend: sea_orm::DbBackend, columns: &str, organization_id: i64, year: i32) -> Sql {
    let mut sql = Sql::new(backend);
    sql.push("SELECT ").push(columns);
    push_term_containing(&mut sql, "term_start_year", "o.id", year);
    sql.push(" AS s, ");
    push_term_containing(&mut sql, "term_end_year", "o.id", year);
    sql.push(" AS e FROM organizations o WHERE o.id = ")
        .bind(organization_id);
    sql
}

/// `column` of the term containing `year` of the organization `organization` (SQL), as a
/// scalar subquery.
fn push_term_containing(sql: &mut Sql, column: &str, organization: &str, year: i32) {
    sql.push("(SELECT ")
        .push(column)
        .push(" FROM congresses WHERE organization_id = ")
        .push(organization)
        .push(" AND retracted_at IS NULL AND term_start_year <= ")
        .bind(year)
        .push(" AND term_end_year >= ")
        .bind(year)
        .push(" ORDER BY term_start_year DESC, term_end_year DESC LIMIT 1)");
}

/// The term read as `s` and `e`, when there is one.
fn term_of(row: &sea_orm::QueryResult) -> StoreResult<Option<Term>> {
    let start: Option<i32> = row.try_get("", "s")?;
    let end: Option<i32> = row.try_get("", "e")?;
    Ok(start.zip(end))
}

#[tracing::instrument(skip(conn), level = "debug")]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Option<congress::Model>> {
    use sea_orm::EntityTrait;
    Ok(congress::Entity::find_by_id(id).one(conn).await?)
}

/// The congresses of an organization that are not retracted, in no particular order.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn standing_of(conn: &impl ConnectionTrait, organization_id: i64) -> StoreResult<Vec<congress::Model>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(congress::Entity::find()
        .filter(congress::Column::OrganizationId.eq(organization_id))
        .filter(congress::Column::RetractedAt.is_null())
        .all(conn)
        .await?)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: congress::ActiveModel) -> StoreResult<congress::Model> {
    use sea_orm::ActiveModelTrait;
    Ok(row.insert(conn).await?)
}

/// Marks a congress retracted now, for this reason.
#[tracing::instrument(skip(conn, reason), level = "debug")]
pub async fn set_retracted(conn: &impl ConnectionTrait, id: i64, reason: &str) -> StoreResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    congress::ActiveModel {
        id: Set(id),
        retracted_at: Set(Some(chrono::Utc::now())),
        retraction_reason: Set(Some(reason.to_owned())),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}
