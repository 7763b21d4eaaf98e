//! Name search over a stored, indexed key: every word-start suffix of a folded name is a row of
//! `search_terms`, so "khoi", "cu kh" and "phuong cu khoi" all find "Đảng bộ phường Cự Khối" by a
//! prefix range on the primary-key index. Ranking puts exact names first.

use super::error::StoreResult;
use super::page::NameKey;
use super::sql::Sql;
use crate::vocabulary::text;
use sea_orm::{ColumnTrait, ConnectionTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter};

/// A search as typed, folded two ways: without diacritics for matching, with them for ranking.
#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub folded: String,
    pub exact: String,
    /// The words of a stored name the text stands for, when it is written the way people write
    /// names ("đ/c Ngô Văn An", "Đảng ủy phường Sài Đồng"; see `domain::phrasing`): matched too.
    pub meant: Option<Meant>,
    /// The start of a stored name without a body word the text stands for ("phường Sài Đồng"
    /// for "Đảng ủy phường Sài Đồng"), folded: names that start with it match too.
    pub name_start: Option<String>,
    /// The names a committee phrase without a level word stands for, folded ("dang bo phuong
    /// duc thang", "dang bo xa duc thang", ... for "Đảng ủy Đức Thắng"): names that start with
    /// one match too, each a range of the name-order index.
    pub with_levels: Vec<String>,
}

/// The rewritten search, folded the same two ways.
#[derive(Debug, Clone)]
pub struct Meant {
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
        let reading = crate::vocabulary::phrasing::read(raw);
        let meant = reading
            .words
            .map(|meant| Meant {
                folded: text::fold(&meant),
                exact: text::exact_key(&meant),
            })
            .filter(|meant| !meant.folded.is_empty() && meant.folded != folded);
        let name_start = reading
            .name_start
            .map(|start| text::fold(&start))
            .filter(|start| !start.is_empty() && *start != folded);
        let with_levels = reading.with_levels.iter().map(|name| text::fold(name)).collect();
        Some(Self {
            folded,
            exact: text::exact_key(raw),
            meant,
            name_start,
            with_levels,
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

    /// The table the records are rows of.
    fn table(self) -> &'static str {
        match self {
            Self::Organization => "organizations",
            Self::Person => "people",
        }
    }
}

/// Starts a statement with the ids whose terms start with the query, computed once as
/// `search_matches`. Materialized on purpose: organizations and people share `search_terms`, and
/// PostgreSQL misjudges how many of a common prefix's rows are of one type ("nguyen" matches a
/// third of all people and no organization), then walks a whole table instead of the few ids.
pub fn push_matches_cte(sql: &mut Sql, record_type: RecordType, query: &SearchQuery) {
    sql.push("WITH search_matches AS MATERIALIZED (");
    push_match_ids(sql, record_type, query);
    sql.push(") ");
}

/// `SELECT record_id` of the records that match: by their terms, and with a name start (see
/// [`SearchQuery::name_start`]) by the start of their name too, from the name-order index.
fn push_match_ids(sql: &mut Sql, record_type: RecordType, query: &SearchQuery) {
    sql.push("SELECT DISTINCT record_id FROM search_terms WHERE ");
    push_terms_of(sql, "search_terms", record_type, query);
    if let Some(start) = &query.name_start {
        sql.push(" UNION SELECT id FROM ")
            .push(record_type.table())
            .push(" WHERE search_key >= ")
            .bind(start.clone())
            .push(" AND search_key < ")
            .bind(text::prefix_upper_bound(start));
    }
    for name in &query.with_levels {
        sql.push(" UNION SELECT id FROM ")
            .push(record_type.table())
            .push(" WHERE search_key >= ")
            .bind(name.clone())
            .push(" AND search_key < ")
            .bind(text::prefix_upper_bound(name));
    }
}

/// `<terms>.record_type = .. AND <terms>.term` in the query's prefix range: the terms of
/// `record_type` that start with the query, a range of the terms' primary key.
/// With a rewritten search, the terms that start with either (two ranges of the same index).
fn push_terms_of(sql: &mut Sql, terms: &str, record_type: RecordType, query: &SearchQuery) {
    sql.push(terms)
        .push(".record_type = ")
        .bind(record_type.as_str())
        .push(" AND ");
    let push_range = |sql: &mut Sql, folded: &str| {
        sql.push(terms)
            .push(".term >= ")
            .bind(folded.to_owned())
            .push(" AND ")
            .push(terms)
            .push(".term < ")
            .bind(text::prefix_upper_bound(folded));
    };
    match &query.meant {
        None => push_range(sql, &query.folded),
        Some(meant) => {
            sql.push("((");
            push_range(sql, &query.folded);
            sql.push(") OR (");
            push_range(sql, &meant.folded);
            sql.push("))");
        }
    }
}

/// `SELECT COUNT(DISTINCT record_id) AS n` over the terms that start with the query: how many
/// records match, read from the terms' index alone. Records are never deleted and a rename
/// rewrites its terms, so every term names an existing record. One pass over the index range
/// (about 1 ms for the 4,935 people named "nguyen van an" at national scale), where
/// materializing the matches first and counting them took twice as long.
pub fn push_count_matches(sql: &mut Sql, record_type: RecordType, query: &SearchQuery) {
    if query.name_start.is_some() || !query.with_levels.is_empty() {
        sql.push("SELECT COUNT(*) AS n FROM (");
        push_match_ids(sql, record_type, query);
        sql.push(") matches");
        return;
    }
    sql.push("SELECT COUNT(DISTINCT record_id) AS n FROM search_terms WHERE ");
    push_terms_of(sql, "search_terms", record_type, query);
}

/// Appends `alias.id IN (the search's matches)`; the statement starts with [`push_matches_cte`].
pub fn push_match(sql: &mut Sql, alias: &str) {
    sql.push(alias).push(".id IN (SELECT record_id FROM search_matches)");
}

/// Appends the rank of a row for a query: 0 the exact name, 1 the name without diacritics,
/// 2 the name contains the query with its diacritics, 3 the name starts with the query, 4 any
/// other word-start match. A rewritten search ranks 2 and 3 by what it stands for too ("đ/c Ngô
/// Văn An" puts "Ngô Văn An" before any other match); ranks 0 and 1 stay the text as typed.
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
        .push(") > 0 THEN 2 WHEN ");
    if let Some(meant) = &query.meant {
        sql.push(contains)
            .push("(")
            .push(alias)
            .push(".search_exact, ")
            .bind(meant.exact.clone())
            .push(") > 0 THEN 2 WHEN ");
    }
    sql.push(alias)
        .push(".search_key >= ")
        .bind(query.folded.clone())
        .push(" AND ")
        .push(alias)
        .push(".search_key < ")
        .bind(text::prefix_upper_bound(&query.folded))
        .push(" THEN 3");
    if let Some(meant) = &query.meant {
        sql.push(" WHEN ")
            .push(alias)
            .push(".search_key >= ")
            .bind(meant.folded.clone())
            .push(" AND ")
            .push(alias)
            .push(".search_key < ")
            .bind(text::prefix_upper_bound(&meant.folded))
            .push(" THEN 3");
    }
    if let Some(start) = &query.name_start {
        sql.push(" WHEN ")
            .push(alias)
            .push(".search_key >= ")
            .bind(start.clone())
            .push(" AND ")
            .push(alias)
            .push(".search_key < ")
            .bind(text::prefix_upper_bound(start))
            .push(" THEN 3");
    }
    sql.push(" ELSE 4 END");
}

/// Replaces the search terms of one record with the word-start suffixes of its name.
#[tracing::instrument(skip(conn, record_type, name), level = "debug")]
pub async fn index_name(
    conn: &impl ConnectionTrait,
    record_type: RecordType,
    record_id: i64,
    name: &str,
) -> StoreResult<()> {
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

/// A list that can be searched by name: its table, the alias its filters use, and its terms' type.
#[derive(Debug, Clone, Copy)]
pub struct NamedTable {
    pub table: &'static str,
    pub alias: &'static str,
    pub record_type: RecordType,
}

/// The statement of one page of a name-ordered list: rank, folded name, id after `after`, at
/// most `limit` rows. Without a search every row has rank 0. With one, the ranked part ranks
/// and sorts every match (thousands of people are named "nguyen van an" at national scale), so
/// while the page can still start among exact names those are read first, from the name
/// indexes, as the CTE `exact`; the ranked part then runs only when they do not fill the page
/// (a one-time filter on their count, which PostgreSQL checks before it reads any match).
/// `filters` appends the list's other conditions (` AND ...`) on `named.alias`.
pub fn page_statement(
    backend: DbBackend,
    named: NamedTable,
    search: Option<&SearchQuery>,
    after: Option<&NameKey>,
    limit: u64,
    filters: impl Fn(&mut Sql),
) -> Sql {
    let a = named.alias;
    let mut sql = Sql::new(backend);
    if let Some(query) = search {
        push_matches_cte(&mut sql, named.record_type, query);
        if backend == DbBackend::Postgres {
            push_density_cte(&mut sql, named, query);
        }
    }
    // Exact names are all of ranks 0 and 1; a cursor past them goes straight to the ranked part.
    let exact = search.filter(|_| after.is_none_or(|after| after.rank <= 1));
    if let Some(query) = exact {
        sql.push(", exact AS (");
        push_exact_names(&mut sql, named, query, after, limit, &filters);
        sql.push(") SELECT * FROM (SELECT * FROM exact UNION ALL ");
    }
    sql.push("SELECT * FROM (SELECT ").push(a).push(".*, ");
    push_rank(&mut sql, backend, a, search);
    sql.push(" AS search_rank FROM ");
    if let Some(query) = search.filter(|_| backend == DbBackend::Postgres) {
        // Connections keep one generic plan per statement (`plan_cache_mode`, see
        // `store::connect`), which cannot know how many rows match, so the statement carries
        // both ways and a one-time filter on `search_density` picks one before either runs:
        // - a few matches: each row by its key. The generic plan of `id IN (matches)` scans
        //   the whole table for them (10.5 ms against 0.5 ms for "dang bo phuong an dong" on
        //   `bench_s0_05`); `OFFSET 0` keeps PostgreSQL from turning the look-up back into it.
        // - many matches (see `DENSE_SHARE`; "chi bo" matches 10,509 of 13,506 organizations):
        //   one pass over the table testing each name (see `push_name_matches`), without the
        //   terms at all. The page statement for "chi bo" took 16-23 ms gathering the distinct
        //   matches and joining them to the table, 7.6 ms this way; whole requests alone
        //   (`bench/search.sh`): "chi bo" 18.0 -> 10.7 ms, "to dan pho" (3,484) 8.3 -> 6.0 ms.
        sql.push("(SELECT ")
            .push(a)
            .push(".* FROM search_matches m CROSS JOIN LATERAL (SELECT * FROM ")
            .push(named.table)
            .push(" ")
            .push(a)
            .push(" WHERE ")
            .push(a)
            .push(".id = m.record_id OFFSET 0) ")
            .push(a)
            .push(" WHERE NOT (SELECT dense FROM search_density) UNION ALL SELECT * FROM (SELECT ")
            .push(a)
            .push(".* FROM ")
            .push(named.table)
            .push(" ")
            .push(a)
            .push(" WHERE ");
        push_name_matches(&mut sql, a, query);
        // `OFFSET 0` keeps the one-time filter above the pass: pushed into it, the filter ran
        // inside a parallel scan of `people`, whose worker started (3-5 ms) only to find that
        // the look-ups had been chosen.
        sql.push(" OFFSET 0) one_pass WHERE (SELECT dense FROM search_density)) ")
            .push(a)
            .push(" WHERE 1 = 1");
    } else {
        sql.push(named.table).push(" ").push(a).push(" WHERE 1 = 1");
        if search.is_some() {
            sql.push(" AND ");
            push_match(&mut sql, a);
        }
    }
    filters(&mut sql);
    sql.push(") ranked WHERE 1 = 1");
    if let Some(after) = after {
        sql.push(" AND (ranked.search_rank, ranked.search_key, ranked.id) > (")
            .bind(after.rank)
            .push(", ")
            .bind(after.key.clone())
            .push(", ")
            .bind(after.id)
            .push(")");
    }
    if exact.is_some() {
        sql.push(" AND ranked.search_rank >= 2 AND (SELECT COUNT(*) FROM exact) < ")
            .bind(limit as i64)
            .push(") page");
    }
    sql.push(" ORDER BY search_rank, search_key, id LIMIT ")
        .bind(limit as i64);
    sql
}

/// A search reads its page in one pass over the table when its terms hold at least one row per
/// `DENSE_SHARE` of the table's, and by a look-up per match otherwise. Where the two cost the
/// same moves with the table's size: about 1,000 of 13,506 organizations on `bench_s0_05` (all
/// in memory), under 6% of 3.5 million people on `bench_s1`, where "le" (327,794 terms, 9.4%)
/// took 2.7 s by look-ups and 0.4 s in one pass. One in sixteen sits at both.
const DENSE_SHARE: u32 = 16;

/// Appends `, search_density AS (SELECT .. AS dense)`: whether the query's terms hold at least
/// one row per [`DENSE_SHARE`] of the table's (PostgreSQL's estimate of its size), counted from
/// the terms' index and never past that many, so a common word costs a bounded read (about
/// 0.3 ms for "chi bo" on `bench_s0_05`) where counting its distinct matches took 5 ms. A record
/// with two matching words counts twice; this only picks a way to read, and both give the same
/// rows. A table never analyzed (size -1, a fresh database) counts as empty: one pass over it.
fn push_density_cte(sql: &mut Sql, named: NamedTable, query: &SearchQuery) {
    let table_rows = format!(
        "(SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = '{}'::regclass)",
        named.table
    );
    sql.push(", search_density AS MATERIALIZED (SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM search_terms WHERE ");
    push_terms_of(sql, "search_terms", named.record_type, query);
    sql.push(&format!(
        " LIMIT CEIL({table_rows} / {DENSE_SHARE})::bigint) t) * {DENSE_SHARE} >= {table_rows} AS dense)"
    ));
}

/// Appends whether the row `alias` matches the query, from its folded name alone: a word of it
/// starts with the query (the name starts with it, or a space precedes it), which is what
/// having a term in the query's range means since the terms are the name's word-start suffixes
/// (`index_name`), and the starts of names a rewritten search adds ([`push_match_ids`]).
/// Folded names hold only letters, digits and single spaces, so the query needs no escaping in
/// a `LIKE` pattern.
fn push_name_matches(sql: &mut Sql, alias: &str, query: &SearchQuery) {
    let key = format!("{alias}.search_key");
    let push_words = |sql: &mut Sql, folded: &str| {
        sql.push(&key)
            .push(" LIKE ")
            .bind(format!("{folded}%"))
            .push(" OR ")
            .push(&key)
            .push(" LIKE ")
            .bind(format!("% {folded}%"));
    };
    sql.push("(");
    push_words(sql, &query.folded);
    if let Some(meant) = &query.meant {
        sql.push(" OR ");
        push_words(sql, &meant.folded);
    }
    for start in query.name_start.iter().chain(&query.with_levels) {
        sql.push(" OR (")
            .push(&key)
            .push(" >= ")
            .bind(start.clone())
            .push(" AND ")
            .push(&key)
            .push(" < ")
            .bind(text::prefix_upper_bound(start))
            .push(")");
    }
    sql.push(")");
}

/// Appends the first `limit` exact-name rows (ranks 0 and 1) after `after`, which must not be
/// past them. Each rank is read in name, id order from an index (`search_exact`, and
/// `search_key, id`), at most `limit` rows each, so a common name costs a page of rows however
/// many people share it.
fn push_exact_names(
    sql: &mut Sql,
    named: NamedTable,
    query: &SearchQuery,
    after: Option<&NameKey>,
    limit: u64,
    filters: &impl Fn(&mut Sql),
) {
    let a = named.alias;
    // One rank's rows: `condition` on the table, the list's filters, after the cursor when it
    // stands in this rank, in name, id order, at most `limit`.
    let push_rank_rows = |sql: &mut Sql, rank: i32, condition: &dyn Fn(&mut Sql)| {
        sql.push("SELECT * FROM (SELECT ")
            .push(a)
            .push(&format!(".*, {rank} AS search_rank FROM "))
            .push(named.table)
            .push(" ")
            .push(a)
            .push(" WHERE ");
        condition(sql);
        filters(sql);
        if let Some(after) = after.filter(|after| after.rank == rank) {
            sql.push(" AND (")
                .push(a)
                .push(".search_key, ")
                .push(a)
                .push(".id) > (")
                .bind(after.key.clone())
                .push(", ")
                .bind(after.id)
                .push(")");
        }
        sql.push(" ORDER BY ")
            .push(a)
            .push(".search_key, ")
            .push(a)
            .push(".id LIMIT ")
            .bind(limit as i64)
            .push(&format!(") r{rank}"));
    };
    sql.push("SELECT * FROM (");
    if after.is_none_or(|after| after.rank == 0) {
        // Rank 0, the exact name. A row whose folded name differs from the query's (punctuation
        // folds to spaces) is a match only if one of its terms starts with the query.
        push_rank_rows(sql, 0, &|sql: &mut Sql| {
            sql.push(a)
                .push(".search_exact = ")
                .bind(query.exact.clone())
                .push(" AND (")
                .push(a)
                .push(".search_key = ")
                .bind(query.folded.clone())
                .push(" OR EXISTS (SELECT 1 FROM search_terms s WHERE s.record_id = ")
                .push(a)
                .push(".id AND ");
            push_terms_of(sql, "s", named.record_type, query);
            sql.push("))");
        });
        sql.push(" UNION ALL ");
    }
    // Rank 1, the name without diacritics: one key, so the index hands them over in id order.
    push_rank_rows(sql, 1, &|sql: &mut Sql| {
        sql.push(a)
            .push(".search_key = ")
            .bind(query.folded.clone())
            .push(" AND ")
            .push(a)
            .push(".search_exact <> ")
            .bind(query.exact.clone());
    });
    sql.push(") t ORDER BY t.search_rank, t.search_key, t.id LIMIT ")
        .bind(limit as i64);
}

/// Reads a ranked statement's rows (`search_rank` plus a record's columns) with their positions.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn ranked_rows<M: FromQueryResult>(
    conn: &impl ConnectionTrait,
    sql: Sql,
    name_of: impl Fn(&M) -> (&str, i64),
) -> StoreResult<Vec<(M, NameKey)>> {
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let model = M::from_query_result(&row, "")?;
        let rank: i32 = row.try_get("", "search_rank")?;
        let (key, id) = name_of(&model);
        let key = NameKey {
            rank,
            key: key.to_owned(),
            id,
        };
        out.push((model, key));
    }
    Ok(out)
}
