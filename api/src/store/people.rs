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

/// One page of people in rank, name, id order.
pub async fn page(
    conn: &impl ConnectionTrait,
    search: Option<&SearchQuery>,
    request: &PageRequest<NameKey>,
) -> ApiResult<Page<(person::Model, NameKey)>> {
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
