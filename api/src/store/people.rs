//! People: the name-ordered, searchable list.

use super::organizations::count_rows;
use super::page::{NameKey, Page, PageRequest};
use super::search::{self, RecordType, SearchQuery};
use super::sql::Sql;
use crate::error::ApiResult;
use entity::person;
use sea_orm::{ConnectionTrait, FromQueryResult};

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
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let model = person::Model::from_query_result(&row, "")?;
        let rank: i32 = row.try_get("", "search_rank")?;
        let key = NameKey {
            rank,
            key: model.search_key.clone(),
            id: model.id,
        };
        out.push((model, key));
    }
    Ok(Page::from_rows(out, request.limit))
}

pub async fn count(conn: &impl ConnectionTrait, search: Option<&SearchQuery>) -> ApiResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    match search {
        // Every person's terms name an existing person (people are never deleted; a rename
        // rewrites its terms), so the matches are counted on the terms' index alone, without
        // visiting thousands of people rows for a common name.
        Some(query) => {
            search::push_matches_cte(&mut sql, RecordType::Person, query);
            sql.push("SELECT COUNT(*) AS n FROM search_matches");
        }
        None => {
            sql.push("SELECT COUNT(*) AS n FROM people p");
        }
    }
    count_rows(conn, sql).await
}
