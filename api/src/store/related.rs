//! Related rows of many parents at once: every relation the API reads, written as one `SELECT`
//! for any number of parents, each row with the key of the parent it belongs to
//! (`parent_key`) and its place in the relation's order (`rank_`). The GraphQL resolvers
//! (through their batching loaders) and the query planner both read relations through these
//! builders, so they agree by construction.
//!
//! A builder binds its parents' keys as one array, so the statement's text does not depend on
//! how many there are and it stays prepared.

use super::error::StoreResult;
use super::sql::Sql;
use chrono::NaiveDate;
use entity::enums::CommitteeKind;
use sea_orm::{ConnectionTrait, DbBackend, QueryResult};

/// The arguments a relation reads (a field's arguments). What an absent one means is each
/// relation's own: see its builder.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Args {
    /// `on:` / `activeOn:`: the date the tree or the positions are read on.
    pub on: Option<NaiveDate>,
    /// `year:` / `termYear:`.
    pub year: Option<i32>,
    /// `kind:` of `Congress.committee`.
    pub committee_kind: Option<CommitteeKind>,
}

impl Args {
    pub const NONE: Self = Self {
        on: None,
        year: None,
        committee_kind: None,
    };

    pub fn on(on: NaiveDate) -> Self {
        Self {
            on: Some(on),
            ..Self::NONE
        }
    }
}

/// Writes a relation's `SELECT`: the child rows (`t.*`) with `parent_key` and `rank_`.
pub type Builder = fn(&mut Sql, &[i64], &Args, Today);

/// Today's date in the records' time zone, for the relations whose date defaults to it.
#[derive(Debug, Clone, Copy)]
pub struct Today(pub NaiveDate);

/// Runs one relation for a list of parents: its rows, in the relation's order.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn rows(
    conn: &impl ConnectionTrait,
    build: Builder,
    keys: &[i64],
    args: &Args,
    today: Today,
) -> StoreResult<Vec<QueryResult>> {
    let mut sql = Sql::new(conn.get_database_backend());
    build(&mut sql, keys, args, today);
    sql.push(" ORDER BY rank_");
    Ok(conn.query_all_raw(sql.build()).await?)
}

/// One relation's part of a read of several relations at once.
pub struct Part<'a> {
    pub build: Builder,
    pub keys: &'a [i64],
    pub args: &'a Args,
    /// The child rows' table and its columns.
    pub table: &'static str,
    pub columns: &'static [&'static str],
}

/// The table of an entity, for a [`Part`].
pub fn table_of<E: sea_orm::EntityTrait>() -> &'static str {
    E::default().table_name()
}

/// The columns of an entity's table, as its model reads them, for a [`Part`].
pub fn columns_of<E: sea_orm::EntityTrait>() -> Vec<&'static str> {
    use sea_orm::{IdenStatic, Iterable};
    E::Column::iter().map(|column| column.as_str()).collect()
}

/// Runs several relations as one statement (`UNION ALL`), so that the relations read at one
/// level of a query cost one round trip: each row carries `branch_` (the index of its part),
/// `parent_key` and `rank_`, and its part's columns named `b{branch}_{column}`, the other
/// parts' columns being NULL. Rows come by part, then in each relation's order.
#[tracing::instrument(skip_all, level = "debug", fields(parts = parts.len()))]
pub async fn rows_side_by_side(
    conn: &impl ConnectionTrait,
    parts: &[Part<'_>],
    today: Today,
) -> StoreResult<Vec<QueryResult>> {
    let mut sql = Sql::new(conn.get_database_backend());
    for (branch, part) in parts.iter().enumerate() {
        if branch > 0 {
            sql.push(" UNION ALL ");
        }
        sql.push("SELECT ")
            .push(&branch.to_string())
            .push(" AS branch_, q.parent_key AS parent_key, q.rank_ AS rank_");
        for (other_branch, other) in parts.iter().enumerate() {
            for column in other.columns {
                sql.push(", ");
                if other_branch == branch {
                    sql.push("q.\"").push(column).push("\"");
                } else if sql.backend() == DbBackend::Postgres {
                    // Typed: PostgreSQL resolves a UNION's column types pair by pair, and a
                    // bare NULL in two parts would be read as text before meeting the third.
                    sql.push("(NULL::\"")
                        .push(other.table)
                        .push("\").\"")
                        .push(column)
                        .push("\"");
                } else {
                    sql.push("NULL");
                }
                sql.push(" AS b").push(&other_branch.to_string()).push("_").push(column);
            }
        }
        sql.push(" FROM (");
        (part.build)(&mut sql, part.keys, part.args, today);
        sql.push(") q");
    }
    sql.push(" ORDER BY branch_, rank_");
    Ok(conn.query_all_raw(sql.build()).await?)
}

/// Rows of `table` whose `column` is one of the keys (that column is the parent key), filtered
/// by `and` (SQL on alias `t`, or empty) and ordered by `order` (on `t`, or empty), then by id.
fn by_column(sql: &mut Sql, table: &str, column: &str, keys: &[i64], and: &str, order: &str) {
    sql.push("SELECT t.*, t.")
        .push(column)
        .push(" AS parent_key, ROW_NUMBER() OVER (ORDER BY t.")
        .push(column)
        .push(", ")
        .push(order)
        .push(if order.is_empty() { "t.id" } else { ", t.id" })
        .push(") AS rank_ FROM ")
        .push(table)
        .push(" t WHERE ")
        .push_in_keys(&format!("t.{column}"), keys)
        .push(and);
}

/// Declares the builder of the rows of a table by primary key (each its own parent key).
macro_rules! by_id {
    ($name:ident, $table:literal) => {
        #[doc = concat!("Rows of `", $table, "` by primary key.")]
        pub fn $name(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
            by_column(sql, $table, "id", keys, "", "");
        }
    };
}

by_id!(organizations_by_id, "organizations");
by_id!(placements_by_id, "organization_placements");
by_id!(lineages_by_id, "organization_lineages");
by_id!(stats_by_id, "organization_stats");
by_id!(ratings_by_id, "ratings");
by_id!(commendations_by_id, "commendations");
by_id!(congresses_by_id, "congresses");
by_id!(committees_by_id, "committees");
by_id!(memberships_by_id, "memberships");
by_id!(people_by_id, "people");
by_id!(documents_by_id, "documents");
by_id!(resolutions_by_id, "resolutions");
by_id!(targets_by_id, "targets");
by_id!(results_by_id, "target_results");
by_id!(reviews_by_id, "reviews");
by_id!(sources_by_id, "sources");
by_id!(issues_by_id, "data_quality_issues");

/// The date an organization's tree is read on when `on:` is omitted: today, or its last day if
/// it has been dissolved (so a dissolved district still shows the wards it had). The same rule
/// as `domain::time::default_date_for`, on alias `alias`.
fn push_default_date(sql: &mut Sql, alias: &str, on: Option<NaiveDate>, today: Today) {
    if let Some(on) = on {
        sql.bind(on);
        return;
    }
    sql.push("(CASE WHEN ")
        .push(alias)
        .push(".dissolved_on IS NOT NULL AND ")
        .push(alias)
        .push(".dissolved_on <= ")
        .bind(today.0)
        .push(" THEN ");
    match sql.backend() {
        DbBackend::Postgres => sql.push(alias).push(".dissolved_on - 1"),
        _ => sql.push("date(").push(alias).push(".dissolved_on, '-1 day')"),
    };
    sql.push(" ELSE ").bind(today.0).push(" END)");
}

/// `<alias>.valid_from` and `valid_to` hold on the date `date` (SQL text).
fn push_valid_on_expression(sql: &mut Sql, alias: &str, date: &dyn Fn(&mut Sql)) {
    sql.push(" AND (")
        .push(alias)
        .push(".valid_from IS NULL OR ")
        .push(alias)
        .push(".valid_from <= ");
    date(sql);
    sql.push(") AND (")
        .push(alias)
        .push(".valid_to IS NULL OR ")
        .push(alias)
        .push(".valid_to > ");
    date(sql);
    sql.push(")");
}

/// Each organization's placements in the tree, earliest first.
pub fn placements_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(
        sql,
        "organization_placements",
        "organization_id",
        keys,
        "",
        "t.valid_from NULLS FIRST",
    );
}

/// The organization each one sat directly under on `args.on` (its default date when absent),
/// through its earliest placement that held then; the first row of each parent is the one.
pub fn parents_on(sql: &mut Sql, keys: &[i64], args: &Args, today: Today) {
    sql.push("SELECT t.*, p.organization_id AS parent_key, ROW_NUMBER() OVER (ORDER BY p.organization_id, p.valid_from NULLS FIRST, p.id) AS rank_ ")
        .push("FROM organization_placements p JOIN organizations o ON o.id = p.organization_id JOIN organizations t ON t.id = p.parent_id WHERE ")
        .push_in_keys("p.organization_id", keys);
    push_valid_on_expression(sql, "p", &|sql| push_default_date(sql, "o", args.on, today));
}

/// The organizations directly under each one on `args.on` (its default date when absent) that
/// existed then, by name.
pub fn children_on(sql: &mut Sql, keys: &[i64], args: &Args, today: Today) {
    sql.push("SELECT t.*, k.parent_id AS parent_key, ROW_NUMBER() OVER (ORDER BY k.parent_id, t.search_key, t.id) AS rank_ FROM (")
        .push("SELECT DISTINCT p.parent_id, p.organization_id, ");
    push_default_date(sql, "o", args.on, today);
    sql.push(" AS on_date FROM organization_placements p JOIN organizations o ON o.id = p.parent_id WHERE ")
        .push_in_keys("p.parent_id", keys);
    push_valid_on_expression(sql, "p", &|sql| push_default_date(sql, "o", args.on, today));
    sql.push(") k JOIN organizations t ON t.id = k.organization_id WHERE (t.founded_on IS NULL OR t.founded_on <= k.on_date) AND (t.dissolved_on IS NULL OR t.dissolved_on > k.on_date)");
}

/// Every organization above each one on `args.on` (its default date when absent), nearest first.
pub fn ancestors_on(sql: &mut Sql, keys: &[i64], args: &Args, today: Today) {
    sql.push("SELECT * FROM (WITH RECURSIVE chain(origin, organization_id, depth, on_date) AS (SELECT o.id, o.id, 0, ");
    push_default_date(sql, "o", args.on, today);
    sql.push(" FROM organizations o WHERE ")
        .push_in_keys("o.id", keys)
        .push(" UNION ALL SELECT chain.origin, p.parent_id, chain.depth + 1, chain.on_date FROM chain JOIN organization_placements p ON p.organization_id = chain.organization_id")
        .push(" AND (p.valid_from IS NULL OR p.valid_from <= chain.on_date) AND (p.valid_to IS NULL OR p.valid_to > chain.on_date)")
        // The write path refuses cycles; the depth bound keeps a corrupted tree from looping forever.
        .push(" WHERE chain.depth < 32) SELECT t.*, chain.origin AS parent_key, ROW_NUMBER() OVER (ORDER BY chain.origin, chain.depth) AS rank_ FROM chain JOIN organizations t ON t.id = chain.organization_id WHERE chain.depth > 0) ancestors");
}

/// The organizations each one came from, in the order of their lineage links.
pub fn predecessors(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    lineage_ends(sql, keys, "successor_id", "predecessor_id");
}

/// The organizations that came from each one, in the order of their lineage links.
pub fn successors(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    lineage_ends(sql, keys, "predecessor_id", "successor_id");
}

fn lineage_ends(sql: &mut Sql, keys: &[i64], from: &str, to: &str) {
    sql.push("SELECT t.*, l.")
        .push(from)
        .push(" AS parent_key, ROW_NUMBER() OVER (ORDER BY l.")
        .push(from)
        .push(", l.effective_on, l.id) AS rank_ FROM organization_lineages l JOIN organizations t ON t.id = l.")
        .push(to)
        .push(" WHERE ")
        .push_in_keys(&format!("l.{from}"), keys);
}

/// Each organization's lineage links in both directions, by date.
pub fn lineage_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    sql.push(
        "SELECT links.*, ROW_NUMBER() OVER (ORDER BY links.parent_key, links.effective_on, links.id) AS rank_ FROM (",
    )
    .push("SELECT t.*, t.successor_id AS parent_key FROM organization_lineages t WHERE ")
    .push_in_keys("t.successor_id", keys)
    .push(" UNION ALL SELECT t.*, t.predecessor_id AS parent_key FROM organization_lineages t WHERE ")
    .push_in_keys("t.predecessor_id", keys)
    .push(") links");
}

/// Each organization's congresses in force (retracted ones hidden), by term then ordinal.
pub fn congresses_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(
        sql,
        "congresses",
        "organization_id",
        keys,
        " AND t.retracted_at IS NULL",
        "t.term_start_year, t.ordinal NULLS FIRST",
    );
}

/// `m` (a membership of a committee of congress `g`) holds on the date `date` (SQL text): it
/// began by then (its own start, else its congress's last or first day, else the day a source
/// attests it, else the term's first year), had not ended, and its term had not ended. The rule
/// of `domain::time::membership_active_on`, as SQL.
fn push_membership_active(sql: &mut Sql, date: &dyn Fn(&mut Sql)) {
    let year = |sql: &mut Sql| push_year(sql, date);
    sql.push(" AND (CASE WHEN COALESCE(m.started_on, g.closed_on, g.opened_on, m.attested_on) IS NOT NULL THEN COALESCE(m.started_on, g.closed_on, g.opened_on, m.attested_on) <= ");
    date(sql);
    sql.push(" ELSE ");
    year(sql);
    sql.push(" >= g.term_start_year END) AND (m.ended_on IS NULL OR m.ended_on > ");
    date(sql);
    sql.push(") AND ");
    year(sql);
    sql.push(" <= g.term_end_year");
}

/// Who led each organization on `args.on` (its default date when absent): the memberships of
/// that date's executive and standing committees of congresses in force, secretary first, then
/// deputies, then members (executive before standing for the same rank).
pub fn leadership_on(sql: &mut Sql, keys: &[i64], args: &Args, today: Today) {
    sql.push("SELECT m.*, g.organization_id AS parent_key, ROW_NUMBER() OVER (ORDER BY g.organization_id, ")
        .push("CASE m.position WHEN 'SECRETARY' THEN 0 WHEN 'STANDING_DEPUTY_SECRETARY' THEN 1 WHEN 'DEPUTY_SECRETARY' THEN 2 WHEN 'CHAIR' THEN 3 WHEN 'DEPUTY_CHAIR' THEN 4 WHEN 'HEAD' THEN 5 ELSE 6 END, ")
        .push("CASE cm.kind WHEN 'EXECUTIVE' THEN 0 ELSE 1 END, m.id) AS rank_ ")
        .push("FROM memberships m JOIN committees cm ON cm.id = m.committee_id JOIN congresses g ON g.id = cm.congress_id JOIN organizations o ON o.id = g.organization_id WHERE ")
        .push_in_keys("g.organization_id", keys)
        .push(" AND g.retracted_at IS NULL AND cm.kind IN ('EXECUTIVE', 'STANDING')");
    let date = |sql: &mut Sql| push_default_date(sql, "o", args.on, today);
    push_membership_active(sql, &date);
    sql.push(" AND g.term_start_year <= ");
    push_year(sql, &date);
}

/// The year of the date `date` (SQL text), as an integer.
fn push_year(sql: &mut Sql, date: &dyn Fn(&mut Sql)) {
    match sql.backend() {
        DbBackend::Postgres => {
            sql.push("CAST(EXTRACT(YEAR FROM ");
            date(sql);
            sql.push(") AS INTEGER)");
        }
        _ => {
            sql.push("CAST(strftime('%Y', ");
            date(sql);
            sql.push(") AS INTEGER)");
        }
    }
}

/// Each organization's dated size snapshots, oldest first.
pub fn stats_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(sql, "organization_stats", "organization_id", keys, "", "t.as_of");
}

/// Each organization's yearly ratings, oldest first (of `args.year` when given).
pub fn ratings_of(sql: &mut Sql, keys: &[i64], args: &Args, _: Today) {
    let and = match args.year {
        // An integer from the request's arguments, written into the text: it is no user text.
        Some(year) => format!(" AND t.year = {year}"),
        None => String::new(),
    };
    by_column(sql, "ratings", "organization_id", keys, &and, "t.year");
}

/// Each organization's titles, commendations and registrations: by year, then those dated only
/// by their source's date, by that date.
pub fn commendations_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(
        sql,
        "commendations",
        "organization_id",
        keys,
        "",
        "t.year NULLS LAST, t.attested_on NULLS LAST",
    );
}

/// The reviews of each organization's congresses in force (of the term containing `args.year`
/// when given), by date.
pub fn reviews_of_organizations(sql: &mut Sql, keys: &[i64], args: &Args, _: Today) {
    sql.push("SELECT t.*, g.organization_id AS parent_key, ROW_NUMBER() OVER (ORDER BY g.organization_id, t.held_on, t.id) AS rank_ FROM reviews t JOIN congresses g ON g.id = t.congress_id WHERE ")
        .push_in_keys("g.organization_id", keys)
        .push(" AND g.retracted_at IS NULL");
    if let Some(year) = args.year {
        sql.push(" AND g.term_start_year <= ")
            .bind(year)
            .push(" AND g.term_end_year >= ")
            .bind(year);
    }
}

/// The sources that speak about each organization, by publication date.
pub fn sources_of_organizations(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    sources_through(sql, "organization_sources", "organization_id", keys);
}

/// The sources that speak about each congress, by publication date.
pub fn sources_of_congresses(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    sources_through(sql, "congress_sources", "congress_id", keys);
}

fn sources_through(sql: &mut Sql, link: &str, column: &str, keys: &[i64]) {
    sql.push("SELECT t.*, l.")
        .push(column)
        .push(" AS parent_key, ROW_NUMBER() OVER (ORDER BY l.")
        .push(column)
        .push(", t.published_on NULLS FIRST, t.id) AS rank_ FROM ")
        .push(link)
        .push(" l JOIN sources t ON t.id = l.source_id WHERE ")
        .push_in_keys(&format!("l.{column}"), keys);
}

/// Each congress's committees in the order a reader expects: executive, standing, inspection,
/// delegation (only those of `args.committee_kind` when given).
pub fn committees_of(sql: &mut Sql, keys: &[i64], args: &Args, _: Today) {
    let and = match args.committee_kind {
        Some(kind) => format!(" AND t.kind = '{}'", sea_orm::ActiveEnum::to_value(&kind)),
        None => String::new(),
    };
    by_column(
        sql,
        "committees",
        "congress_id",
        keys,
        &and,
        "CASE t.kind WHEN 'EXECUTIVE' THEN 0 WHEN 'STANDING' THEN 1 WHEN 'INSPECTION' THEN 2 ELSE 3 END",
    );
}

/// Each congress's resolutions (the first is its resolution).
pub fn resolutions_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(sql, "resolutions", "congress_id", keys, "", "");
}

/// Each congress's reviews, by date.
pub fn reviews_of_congresses(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(sql, "reviews", "congress_id", keys, "", "t.held_on");
}

/// The warnings stored with each congress.
pub fn issues_of_congresses(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(
        sql,
        "data_quality_issues",
        "record_id",
        keys,
        " AND t.record_type = 'congress'",
        "",
    );
}

/// The warnings stored with each target and with any of its results, in the order they were
/// stored: a term report row's data-quality issues.
pub fn issues_of_targets(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    sql.push("SELECT found.*, ROW_NUMBER() OVER (ORDER BY found.parent_key, found.id) AS rank_ FROM (")
        .push("SELECT t.*, t.record_id AS parent_key FROM data_quality_issues t WHERE t.record_type = 'target' AND ")
        .push_in_keys("t.record_id", keys)
        .push(" UNION ALL SELECT t.*, r.target_id AS parent_key FROM data_quality_issues t JOIN target_results r ON r.id = t.record_id WHERE t.record_type = 'target_result' AND ")
        .push_in_keys("r.target_id", keys)
        .push(") found");
}

/// The warnings of some targets and their results, as (target id, warning), by target and then
/// in the order they were stored (a page of the CSV export).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn issues_of_target_rows(
    conn: &impl ConnectionTrait,
    targets: &[i64],
) -> StoreResult<Vec<(i64, entity::data_quality_issue::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    issues_of_targets(&mut sql, targets, &Args::default(), Today(chrono::NaiveDate::MIN));
    keyed_rows(conn, sql).await
}

/// Each committee's memberships, earliest start first: those holding on `args.on` when given
/// (every one when absent).
pub fn members_of(sql: &mut Sql, keys: &[i64], args: &Args, _: Today) {
    let Some(on) = args.on else {
        by_column(sql, "memberships", "committee_id", keys, "", "t.started_on NULLS FIRST");
        return;
    };
    sql.push("SELECT m.*, m.committee_id AS parent_key, ROW_NUMBER() OVER (ORDER BY m.committee_id, m.started_on NULLS FIRST, m.id) AS rank_ ")
        .push("FROM memberships m JOIN committees cm ON cm.id = m.committee_id JOIN congresses g ON g.id = cm.congress_id WHERE ")
        .push_in_keys("m.committee_id", keys);
    push_membership_active(sql, &|sql| {
        sql.bind(on);
    });
}

/// Each resolution's top-level targets in order (sub-targets are under their parents).
pub fn targets_of_resolutions(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(
        sql,
        "targets",
        "resolution_id",
        keys,
        " AND t.parent_id IS NULL",
        "t.ordinal",
    );
}

/// Each target's sub-targets in order.
pub fn targets_under(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(sql, "targets", "parent_id", keys, "", "t.ordinal");
}

/// Each target's results, earliest year first (the last is its latest).
pub fn results_of(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    by_column(sql, "target_results", "target_id", keys, "", "t.year_to, t.year_from");
}

/// Each person's positions on committees of congresses in force, earliest first.
pub fn memberships_of_people(sql: &mut Sql, keys: &[i64], _: &Args, _: Today) {
    sql.push("SELECT t.*, t.person_id AS parent_key, ROW_NUMBER() OVER (ORDER BY t.person_id, t.started_on NULLS FIRST, t.id) AS rank_ ")
        .push("FROM memberships t JOIN committees cm ON cm.id = t.committee_id JOIN congresses g ON g.id = cm.congress_id WHERE g.retracted_at IS NULL AND ")
        .push_in_keys("t.person_id", keys);
}

/// Rows of `table` by primary key, decoded (for exports and checks that read records directly).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn by_id<M: sea_orm::FromQueryResult>(
    conn: &impl ConnectionTrait,
    table: &str,
    keys: &[i64],
) -> StoreResult<Vec<(i64, M)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    by_column(&mut sql, table, "id", keys, "", "");
    keyed_rows(conn, sql).await
}

/// Runs a relation's statement in its order and decodes each row as (its parent's key, `M`).
async fn keyed_rows<M: sea_orm::FromQueryResult>(
    conn: &impl ConnectionTrait,
    mut sql: Sql,
) -> StoreResult<Vec<(i64, M)>> {
    sql.push(" ORDER BY rank_");
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push((row.try_get("", "parent_key")?, M::from_query_result(row, "")?));
    }
    Ok(out)
}

/// `results_of` for a list of targets, decoded (for the export).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn results_of_targets(
    conn: &impl ConnectionTrait,
    targets: &[i64],
) -> StoreResult<Vec<(i64, entity::target_result::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    results_of(&mut sql, targets, &Args::default(), Today(chrono::NaiveDate::MIN));
    keyed_rows(conn, sql).await
}
