//! People: the name-ordered, searchable list.

use super::organizations::count_rows;
use super::page::{NameKey, Page, PageRequest};
use super::search::{self, NamedTable, RecordType, SearchQuery};
use super::sql::Sql;
use crate::error::ApiResult;
use entity::person;
use sea_orm::ConnectionTrait;

const PEOPLE: NamedTable = NamedTable {
    table: "people",
    alias: "p",
    record_type: RecordType::Person,
};

fn push_filters(sql: &mut Sql, search: Option<&SearchQuery>) {
    sql.push(" WHERE 1 = 1");
    if search.is_some() {
        sql.push(" AND ");
        search::push_match(sql, "p");
    }
}

/// One page of people in rank, name, id order.
pub async fn page(
    conn: &impl ConnectionTrait,
    search: Option<&SearchQuery>,
    request: &PageRequest<NameKey>,
) -> ApiResult<Page<(person::Model, NameKey)>> {
    let backend = conn.get_database_backend();
    if let Some(query) = search {
        let exact = search::exact_names_first(
            backend,
            PEOPLE,
            query,
            request.after.as_ref(),
            request.limit + 1,
            |_| {},
        );
        if let Some(sql) = exact {
            let rows = search::ranked_rows(conn, sql, name_of).await?;
            if rows.len() as u64 > request.limit {
                return Ok(Page::from_rows(rows, request.limit));
            }
        }
    }
    let mut sql = Sql::new(backend);
    if let Some(query) = search {
        search::push_matches_cte(&mut sql, RecordType::Person, query);
    }
    sql.push("SELECT * FROM (SELECT p.*, ");
    search::push_rank(&mut sql, backend, "p", search);
    sql.push(" AS search_rank FROM people p");
    push_filters(&mut sql, search);
    sql.push(") t");
    if let Some(after) = &request.after {
        sql.push(" WHERE (t.search_rank, t.search_key, t.id) > (")
            .bind(after.rank)
            .push(", ")
            .bind(after.key.clone())
            .push(", ")
            .bind(after.id)
            .push(")");
    }
    sql.push(" ORDER BY t.search_rank, t.search_key, t.id LIMIT ")
        .bind((request.limit + 1) as i64);
    let rows = search::ranked_rows(conn, sql, name_of).await?;
    Ok(Page::from_rows(rows, request.limit))
}

/// A row's position in name order: its folded name and id.
fn name_of(model: &person::Model) -> (&str, i64) {
    (model.search_key.as_str(), model.id)
}

pub async fn count(conn: &impl ConnectionTrait, search: Option<&SearchQuery>) -> ApiResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    match search {
        Some(query) => search::push_count_matches(&mut sql, RecordType::Person, query),
        None => {
            sql.push("SELECT COUNT(*) AS n FROM people p");
        }
    }
    count_rows(conn, sql).await
}
