//! Name search over a stored, indexed key: every word-start suffix of a folded name is a row of
//! `search_terms`, so "khoi", "cu kh" and "phuong cu khoi" all find "Đảng bộ phường Cự Khối" by a
//! prefix range on the primary-key index. Ranking puts exact names first.

use super::sql::Sql;
use crate::domain::text;
use crate::error::ApiResult;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, QueryFilter};

/// A search as typed, folded two ways: without diacritics for matching, with them for ranking.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub folded: String,
    pub exact: String,
}

impl SearchQuery {
    /// `None` when the text has nothing to search for (empty, or punctuation only).
    pub fn parse(raw: &str) -> Option<Self> {
        let folded = text::fold(raw);
        if folded.is_empty() {
            return None;
        }
        Some(Self {
            folded,
            exact: text::exact_key(raw),
        })
    }
}

/// Which table a search term points into.
#[derive(Debug, Clone, Copy)]
pub enum RecordType {
    Organization,
    Person,
}

impl RecordType {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Person => "person",
        }
    }
}

/// Starts a statement with the ids whose terms start with the query, computed once as
/// `search_matches`. Materialized on purpose: organizations and people share `search_terms`, and
/// PostgreSQL misjudges how many of a common prefix's rows are of one type ("nguyen" matches a
/// third of all people and no organization), then walks a whole table instead of the few ids.
pub fn push_matches_cte(sql: &mut Sql, record_type: RecordType, query: &SearchQuery) {
    sql.push("WITH search_matches AS MATERIALIZED (SELECT DISTINCT record_id FROM search_terms WHERE record_type = ")
        .bind(record_type.as_str())
        .push(" AND term >= ")
        .bind(query.folded.clone())
        .push(" AND term < ")
        .bind(text::prefix_upper_bound(&query.folded))
        .push(") ");
}

/// Appends `alias.id IN (the search's matches)`; the statement starts with [`push_matches_cte`].
pub fn push_match(sql: &mut Sql, alias: &str) {
    sql.push(alias).push(".id IN (SELECT record_id FROM search_matches)");
}

/// Appends the rank of a row for a query: 0 the exact name, 1 the name without diacritics,
/// 2 the name contains the query with its diacritics, 3 the name starts with the query, 4 any
/// other word-start match.
pub fn push_rank(sql: &mut Sql, backend: DbBackend, alias: &str, query: Option<&SearchQuery>) {
    let Some(query) = query else {
        sql.push("0");
        return;
    };
    let contains = if backend == DbBackend::Postgres {
        "strpos"
    } else {
        "instr"
    };
    sql.push("CASE WHEN ")
        .push(alias)
        .push(".search_exact = ")
        .bind(query.exact.clone())
        .push(" THEN 0 WHEN ")
        .push(alias)
        .push(".search_key = ")
        .bind(query.folded.clone())
        .push(" THEN 1 WHEN ")
        .push(contains)
        .push("(")
        .push(alias)
        .push(".search_exact, ")
        .bind(query.exact.clone())
        .push(") > 0 THEN 2 WHEN ")
        .push(alias)
        .push(".search_key >= ")
        .bind(query.folded.clone())
        .push(" AND ")
        .push(alias)
        .push(".search_key < ")
        .bind(text::prefix_upper_bound(&query.folded))
        .push(" THEN 3 ELSE 4 END");
}

/// Replaces the search terms of one record with the word-start suffixes of its name.
pub async fn index_name(
    conn: &impl ConnectionTrait,
    record_type: RecordType,
    record_id: i64,
    name: &str,
) -> ApiResult<()> {
    use entity::search_term;
    search_term::Entity::delete_many()
        .filter(search_term::Column::RecordType.eq(record_type.as_str()))
        .filter(search_term::Column::RecordId.eq(record_id))
        .exec(conn)
        .await?;
    let rows: Vec<search_term::ActiveModel> = text::word_start_suffixes(&text::fold(name))
        .into_iter()
        .map(|term| search_term::ActiveModel {
            record_type: sea_orm::Set(record_type.as_str().to_owned()),
            term: sea_orm::Set(term),
            record_id: sea_orm::Set(record_id),
        })
        .collect();
    if !rows.is_empty() {
        search_term::Entity::insert_many(rows)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}
