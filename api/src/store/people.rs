//! People: the name-ordered, searchable list.

use super::error::StoreResult;
use super::organizations::count_rows;
use super::page::{NameKey, Page, PageRequest};
use super::search::{self, NamedTable, RecordType, SearchQuery};
use super::sql::Sql;
use entity::person;
use sea_orm::ConnectionTrait;

const PEOPLE: NamedTable = NamedTable {
    table: "people",
    alias: "p",
    record_type: RecordType::Person,
};

/// One page of people in rank, name, id order.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    search: Option<&SearchQuery>,
    request: &PageRequest<NameKey>,
) -> StoreResult<Page<(person::Model, NameKey)>> {
    let sql = search::page_statement(
        conn.get_database_backend(),
        PEOPLE,
        search,
        request.after.as_ref(),
        request.limit + 1,
        |_| {},
    );
    let rows = search::ranked_rows(conn, sql, name_of).await?;
    Ok(Page::from_rows(rows, request.limit))
}

/// A row's position in name order: its folded name and id.
fn name_of(model: &person::Model) -> (&str, i64) {
    (model.search_key.as_str(), model.id)
}

#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait, search: Option<&SearchQuery>) -> StoreResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    match search {
        Some(query) => search::push_count_matches(&mut sql, RecordType::Person, query),
        None => {
            sql.push("SELECT COUNT(*) AS n FROM people p");
        }
    }
    count_rows(conn, sql).await
}

/// How many people are recorded under this exact name key (namesakes of a new person).
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn count_named(conn: &impl ConnectionTrait, exact_key: &str) -> StoreResult<usize> {
    use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
    Ok(person::Entity::find()
        .filter(person::Column::SearchExact.eq(exact_key))
        .count(conn)
        .await? as usize)
}

/// Which of these IDs are people on record.
#[tracing::instrument(skip(conn), level = "debug")]
pub async fn existing_ids(conn: &impl ConnectionTrait, ids: &[i64]) -> StoreResult<std::collections::HashSet<i64>> {
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    Ok(person::Entity::find()
        .filter(person::Column::Id.is_in(ids.iter().copied()))
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.id)
        .collect())
}

/// Records a new person and indexes the name for search; returns the ID.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn insert(conn: &impl ConnectionTrait, row: person::ActiveModel) -> StoreResult<i64> {
    use sea_orm::ActiveModelTrait;
    let row = row.insert(conn).await?;
    search::index_name(conn, RecordType::Person, row.id, &row.full_name).await?;
    Ok(row.id)
}
