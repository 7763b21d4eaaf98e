//! Organizations and their tree over time: lists and search, placements, ancestors and
//! descendants on a date, lineage, statistics and the sources that speak about them.

use super::error::StoreResult;
use super::page::{NameKey, Page, PageRequest};
use super::search::{self, NamedTable, RecordType, SearchQuery};
use super::sql::Sql;
use chrono::NaiveDate;
use entity::enums::{OrganizationKind, OrganizationLevel};
use entity::organization;
use sea_orm::ConnectionTrait;

const ORGANIZATIONS: NamedTable = NamedTable {
    table: "organizations",
    alias: "o",
    record_type: RecordType::Organization,
};

/// The filters of the `organizations` list.
#[derive(Debug, Clone, Default)]
pub struct OrganizationFilter {
    pub search: Option<SearchQuery>,
    pub kind: Option<OrganizationKind>,
    pub level: Option<OrganizationLevel>,
    pub parent_id: Option<i64>,
    pub active_on: Option<NaiveDate>,
}

fn push_filters(sql: &mut Sql, filter: &OrganizationFilter) {
    sql.push(" WHERE 1 = 1");
    if filter.search.is_some() {
        sql.push(" AND ");
        search::push_match(sql, "o");
    }
    push_attribute_filters(sql, filter);
}

/// The filters other than the search, as ` AND ...` on `o`.
fn push_attribute_filters(sql: &mut Sql, filter: &OrganizationFilter) {
    if let Some(kind) = filter.kind {
        sql.push(" AND o.kind = ").bind(enum_text(kind));
    }
    if let Some(level) = filter.level {
        sql.push(" AND o.level = ").bind(enum_text(level));
    }
    if let Some(on) = filter.active_on {
        sql.push(" AND (o.founded_on IS NULL OR o.founded_on <= ")
            .bind(on)
            .push(") AND (o.dissolved_on IS NULL OR o.dissolved_on > ")
            .bind(on)
            // Active means known to be: not one whose fate the sources stopped telling by then.
            .push(") AND (o.status_unknown_from IS NULL OR o.status_unknown_from > ")
            .bind(on)
            .push(")");
    }
    if let Some(parent_id) = filter.parent_id {
        sql.push(" AND o.id IN (SELECT organization_id FROM organization_placements WHERE parent_id = ")
            .bind(parent_id);
        if let Some(on) = filter.active_on {
            push_valid_on(sql, "organization_placements", on);
        }
        sql.push(")");
    }
}

/// ` AND <placement> is valid on <on>`.
pub fn push_valid_on(sql: &mut Sql, alias: &str, on: NaiveDate) {
    sql.push(" AND (")
        .push(alias)
        .push(".valid_from IS NULL OR ")
        .push(alias)
        .push(".valid_from <= ")
        .bind(on)
        .push(") AND (")
        .push(alias)
        .push(".valid_to IS NULL OR ")
        .push(alias)
        .push(".valid_to > ")
        .bind(on)
        .push(")");
}

/// ` AND <placement> holds at some time during <year>`.
pub fn push_valid_during_year(sql: &mut Sql, alias: &str, year: i32) {
    let first = NaiveDate::from_ymd_opt(year, 1, 1);
    let last = NaiveDate::from_ymd_opt(year, 12, 31);
    let (Some(first), Some(last)) = (first, last) else {
        // A year chrono cannot represent matches nothing rather than everything.
        sql.push(" AND 1 = 0");
        return;
    };
    sql.push(" AND (")
        .push(alias)
        .push(".valid_from IS NULL OR ")
        .push(alias)
        .push(".valid_from <= ")
        .bind(last)
        .push(") AND (")
        .push(alias)
        .push(".valid_to IS NULL OR ")
        .push(alias)
        .push(".valid_to > ")
        .bind(first)
        .push(")");
}

/// The stored text of an enumeration value (`PARTY_COMMITTEE`).
pub fn enum_text<T: sea_orm::ActiveEnum<Value = String>>(value: T) -> String {
    value.to_value()
}

/// One page of organizations in rank, name, id order, each with its sort position.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    filter: &OrganizationFilter,
    request: &PageRequest<NameKey>,
) -> StoreResult<Page<(organization::Model, NameKey)>> {
    let sql = search::page_statement(
        conn.get_database_backend(),
        ORGANIZATIONS,
        filter.search.as_ref(),
        request.after.as_ref(),
        request.limit + 1,
        |sql| push_attribute_filters(sql, filter),
    );
    let rows = search::ranked_rows(conn, sql, name_of).await?;
    Ok(Page::from_rows(rows, request.limit))
}

/// A row's position in name order: its folded name and id.
fn name_of(model: &organization::Model) -> (&str, i64) {
    (model.search_key.as_str(), model.id)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait, filter: &OrganizationFilter) -> StoreResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    let only_search =
        filter.kind.is_none() && filter.level.is_none() && filter.parent_id.is_none() && filter.active_on.is_none();
    if let (Some(query), true) = (&filter.search, only_search) {
        search::push_count_matches(&mut sql, RecordType::Organization, query);
        return count_rows(conn, sql).await;
    }
    if let Some(query) = &filter.search {
        search::push_matches_cte(&mut sql, RecordType::Organization, query);
    }
    sql.push("SELECT COUNT(*) AS n FROM organizations o");
    push_filters(&mut sql, filter);
    count_rows(conn, sql).await
}

/// Runs a `SELECT COUNT(*) AS n` statement.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn count_rows(conn: &impl ConnectionTrait, sql: Sql) -> StoreResult<i64> {
    let row = conn.query_one_raw(sql.build()).await?;
    Ok(match row {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    })
}

/// The organization and everything below it: on a date when given, else at any time.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn subtree(conn: &impl ConnectionTrait, root: i64, on: Option<NaiveDate>) -> StoreResult<Vec<i64>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("WITH RECURSIVE tree(organization_id, depth) AS (SELECT CAST(")
        .bind(root)
        .push(" AS BIGINT), 0 UNION SELECT p.organization_id, tree.depth + 1 FROM tree JOIN organization_placements p ON p.parent_id = tree.organization_id");
    if let Some(on) = on {
        push_valid_on(&mut sql, "p", on);
    }
    sql.push(" WHERE tree.depth < 32) SELECT DISTINCT organization_id FROM tree");
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut ids = Vec::with_capacity(rows.len());
    for row in rows {
        ids.push(row.try_get("", "organization_id")?);
    }
    Ok(ids)
}

/// Whether `organization` is `root` or sat below it on `on`.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn under_on(conn: &impl ConnectionTrait, organization: i64, root: i64, on: NaiveDate) -> StoreResult<bool> {
    if organization == root {
        return Ok(true);
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("WITH RECURSIVE up(organization_id, depth) AS (SELECT CAST(")
        .bind(organization)
        .push(" AS BIGINT), 0 UNION SELECT p.parent_id, up.depth + 1 FROM up JOIN organization_placements p ON p.organization_id = up.organization_id");
    push_valid_on(&mut sql, "p", on);
    sql.push(" WHERE up.depth < 32) SELECT COUNT(*) AS n FROM up WHERE organization_id = ")
        .bind(root);
    Ok(count_rows(conn, sql).await? > 0)
}

/// Whether `organization` is `root` or was ever placed (at any depth, at any time) under it.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn ever_under(conn: &impl ConnectionTrait, organization: i64, root: i64) -> StoreResult<bool> {
    if organization == root {
        return Ok(true);
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("WITH RECURSIVE up(organization_id, depth) AS (SELECT CAST(")
        .bind(organization)
        .push(" AS BIGINT), 0 UNION SELECT p.parent_id, up.depth + 1 FROM up JOIN organization_placements p ON p.organization_id = up.organization_id WHERE up.depth < 32) SELECT COUNT(*) AS n FROM up WHERE organization_id = ")
        .bind(root);
    Ok(count_rows(conn, sql).await? > 0)
}

#[tracing::instrument(skip(conn), level = "debug")]
pub async fn find(conn: &impl ConnectionTrait, id: i64) -> StoreResult<Option<organization::Model>> {
    use sea_orm::EntityTrait;
    Ok(organization::Entity::find_by_id(id).one(conn).await?)
}

/// One of these organizations recorded under this exact name key, if any.
#[tracing::instrument(skip(conn, ids), level = "debug")]
pub async fn named_among(
    conn: &impl ConnectionTrait,
    ids: Vec<i64>,
    exact_key: &str,
) -> StoreResult<Option<organization::Model>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids))
        .filter(organization::Column::SearchExact.eq(exact_key))
        .one(conn)
        .await?)
}

/// Whether any organization is recorded at all.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn any(conn: &impl ConnectionTrait) -> StoreResult<bool> {
    use sea_orm::EntityTrait;
    Ok(organization::Entity::find().one(conn).await?.is_some())
}

/// Records a new organization and indexes its name for search.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: organization::ActiveModel) -> StoreResult<organization::Model> {
    use sea_orm::ActiveModelTrait;
    let created = row.insert(conn).await?;
    search::index_name(conn, RecordType::Organization, created.id, &created.name).await?;
    Ok(created)
}

/// Marks an organization dissolved from `on`.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn set_dissolved(conn: &impl ConnectionTrait, id: i64, on: NaiveDate) -> StoreResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    organization::ActiveModel {
        id: Set(id),
        dissolved_on: Set(Some(on)),
        status_unknown_from: Set(None),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}

/// Marks an organization's status as unknown from a day (no source says what became of it), or
/// known again (`None`).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn set_status_unknown_from(conn: &impl ConnectionTrait, id: i64, from: Option<NaiveDate>) -> StoreResult<()> {
    use sea_orm::{ActiveModelTrait, Set};
    organization::ActiveModel {
        id: Set(id),
        status_unknown_from: Set(from),
        updated_at: Set(chrono::Utc::now()),
        ..Default::default()
    }
    .update(conn)
    .await?;
    Ok(())
}
