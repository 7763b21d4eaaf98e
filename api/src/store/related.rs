//! Related rows of many parents at once: every relation the API reads, as one statement for any
//! number of parents, each row with the key of the parent it belongs to (`parent_key`) and in
//! the order the relation lists them. The GraphQL resolvers (through their batching loaders) and
//! the query planner both read relations through these functions, so they agree by construction.
//!
//! Keys are bound as one array (see [`Sql::push_in_keys`]), so a statement's text does not
//! depend on how many parents it serves and stays prepared on PostgreSQL.

use super::organizations::push_valid_on;
use super::sql::Sql;
use crate::error::ApiResult;
use chrono::NaiveDate;
use entity::enums::CommitteeKind;
use entity::*;
use sea_orm::{ConnectionTrait, FromQueryResult};

/// The rows of a statement that selects `t.*` and a `parent_key`.
async fn keyed<M: FromQueryResult>(conn: &impl ConnectionTrait, sql: Sql) -> ApiResult<Vec<(i64, M)>> {
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        out.push((row.try_get("", "parent_key")?, M::from_query_result(row, "")?));
    }
    Ok(out)
}

/// Rows of `table` whose `column` is one of `keys` (that column is the parent key), filtered by
/// `and` (SQL on alias `t`, or empty) and ordered by `order` (on `t`, or empty), then by id.
async fn by_column<M: FromQueryResult>(
    conn: &impl ConnectionTrait,
    table: &str,
    column: &str,
    keys: &[i64],
    and: &str,
    order: &str,
) -> ApiResult<Vec<(i64, M)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT t.*, t.")
        .push(column)
        .push(" AS parent_key FROM ")
        .push(table)
        .push(" t WHERE ")
        .push_in_keys(&format!("t.{column}"), keys)
        .push(and)
        .push(" ORDER BY parent_key, ")
        .push(order)
        .push(if order.is_empty() { "t.id" } else { ", t.id" });
    keyed(conn, sql).await
}

/// Rows of `table` by primary key (each its own parent key).
pub async fn by_id<M: FromQueryResult>(
    conn: &impl ConnectionTrait,
    table: &str,
    keys: &[i64],
) -> ApiResult<Vec<(i64, M)>> {
    by_column(conn, table, "id", keys, "", "").await
}

/// Each organization's placements in the tree, earliest first.
pub async fn placements_of(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, organization_placement::Model)>> {
    by_column(
        conn,
        "organization_placements",
        "organization_id",
        organizations,
        "",
        "t.valid_from NULLS FIRST",
    )
    .await
}

/// The organization each one sat directly under on `on` (through its earliest placement that
/// held then).
pub async fn parents_on(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    on: NaiveDate,
) -> ApiResult<Vec<(i64, organization::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT t.*, p.organization_id AS parent_key FROM organization_placements p JOIN organizations t ON t.id = p.parent_id WHERE ")
        .push_in_keys("p.organization_id", organizations);
    push_valid_on(&mut sql, "p", on);
    sql.push(" ORDER BY parent_key, p.valid_from NULLS FIRST, p.id");
    keyed(conn, sql).await
}

/// The organizations directly under each one on `on` that existed then, by name.
pub async fn children_on(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    on: NaiveDate,
) -> ApiResult<Vec<(i64, organization::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT t.*, k.parent_id AS parent_key FROM (SELECT DISTINCT p.parent_id, p.organization_id FROM organization_placements p WHERE ")
        .push_in_keys("p.parent_id", organizations);
    push_valid_on(&mut sql, "p", on);
    sql.push(") k JOIN organizations t ON t.id = k.organization_id WHERE (t.founded_on IS NULL OR t.founded_on <= ")
        .bind(on)
        .push(") AND (t.dissolved_on IS NULL OR t.dissolved_on > ")
        .bind(on)
        .push(") ORDER BY parent_key, t.search_key, t.id");
    keyed(conn, sql).await
}

/// Every organization above each one on `on`, nearest first.
pub async fn ancestors_on(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    on: NaiveDate,
) -> ApiResult<Vec<(i64, organization::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("WITH RECURSIVE chain(origin, organization_id, depth) AS (SELECT id, id, 0 FROM organizations WHERE ")
        .push_in_keys("id", organizations)
        .push(" UNION ALL SELECT chain.origin, p.parent_id, chain.depth + 1 FROM chain JOIN organization_placements p ON p.organization_id = chain.organization_id");
    push_valid_on(&mut sql, "p", on);
    // The write path refuses cycles; the depth bound keeps a corrupted tree from looping forever.
    sql.push(" WHERE chain.depth < 32) SELECT t.*, chain.origin AS parent_key FROM chain JOIN organizations t ON t.id = chain.organization_id WHERE chain.depth > 0 ORDER BY parent_key, chain.depth");
    keyed(conn, sql).await
}

/// The organizations each one came from, in the order of their lineage links.
pub async fn predecessors(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, organization::Model)>> {
    lineage_ends(conn, organizations, "successor_id", "predecessor_id").await
}

/// The organizations that came from each one, in the order of their lineage links.
pub async fn successors(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, organization::Model)>> {
    lineage_ends(conn, organizations, "predecessor_id", "successor_id").await
}

async fn lineage_ends(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    from: &str,
    to: &str,
) -> ApiResult<Vec<(i64, organization::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT t.*, l.")
        .push(from)
        .push(" AS parent_key FROM organization_lineages l JOIN organizations t ON t.id = l.")
        .push(to)
        .push(" WHERE ")
        .push_in_keys(&format!("l.{from}"), organizations)
        .push(" ORDER BY parent_key, l.effective_on, l.id");
    keyed(conn, sql).await
}

/// Each organization's lineage links in both directions, by date.
pub async fn lineage_of(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, organization_lineage::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT * FROM (SELECT t.*, t.successor_id AS parent_key FROM organization_lineages t WHERE ")
        .push_in_keys("t.successor_id", organizations)
        .push(" UNION ALL SELECT t.*, t.predecessor_id AS parent_key FROM organization_lineages t WHERE ")
        .push_in_keys("t.predecessor_id", organizations)
        .push(") links ORDER BY parent_key, effective_on, id");
    keyed(conn, sql).await
}

/// Each organization's congresses in force (retracted ones hidden), by term then ordinal.
pub async fn congresses_of(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, congress::Model)>> {
    by_column(
        conn,
        "congresses",
        "organization_id",
        organizations,
        " AND t.retracted_at IS NULL",
        "t.term_start_year, t.ordinal NULLS FIRST",
    )
    .await
}

/// A membership of an executive or standing committee that may hold on a date: the rule
/// (`domain::time::membership_active_on`) decides, with the congress it needs.
#[derive(Debug, Clone)]
pub struct LeadershipCandidate {
    pub organization_id: i64,
    pub committee_kind: CommitteeKind,
    pub membership: membership::Model,
    pub congress: congress::Model,
}

/// The memberships of the executive and standing committees of each organization's congresses
/// in force whose term includes `year`, that began by `on` (when recorded) and had not ended.
pub async fn leadership_candidates(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    on: NaiveDate,
    year: i32,
) -> ApiResult<Vec<LeadershipCandidate>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT m.*, cm.kind AS committee_kind, ")
        .push("g.id AS g_id, g.organization_id AS g_organization_id, g.ordinal AS g_ordinal, g.term_start_year AS g_term_start_year, ")
        .push("g.term_end_year AS g_term_end_year, g.kind AS g_kind, g.opened_on AS g_opened_on, g.closed_on AS g_closed_on, ")
        .push("g.delegate_count AS g_delegate_count, g.motto AS g_motto, g.note AS g_note, g.source_id AS g_source_id, g.created_at AS g_created_at, g.retracted_at AS g_retracted_at, g.retraction_reason AS g_retraction_reason ")
        .push("FROM memberships m JOIN committees cm ON cm.id = m.committee_id JOIN congresses g ON g.id = cm.congress_id WHERE ")
        .push_in_keys("g.organization_id", organizations)
        .push(" AND g.retracted_at IS NULL AND cm.kind IN ('EXECUTIVE', 'STANDING') AND g.term_start_year <= ")
        .bind(year)
        .push(" AND g.term_end_year >= ")
        .bind(year)
        .push(" AND (m.started_on IS NULL OR m.started_on <= ")
        .bind(on)
        .push(") AND (m.ended_on IS NULL OR m.ended_on > ")
        .bind(on)
        .push(") ORDER BY g.organization_id, m.id");
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        let congress = congress::Model::from_query_result(&row, "g_")?;
        let kind: String = row.try_get("", "committee_kind")?;
        out.push(LeadershipCandidate {
            organization_id: congress.organization_id,
            committee_kind: if kind == "STANDING" {
                CommitteeKind::Standing
            } else {
                CommitteeKind::Executive
            },
            membership: membership::Model::from_query_result(&row, "")?,
            congress,
        });
    }
    Ok(out)
}

/// Each organization's dated size snapshots, oldest first.
pub async fn stats_of(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, organization_stats::Model)>> {
    by_column(
        conn,
        "organization_stats",
        "organization_id",
        organizations,
        "",
        "t.as_of",
    )
    .await
}

/// Each organization's yearly ratings, oldest first (of one year when given).
pub async fn ratings_of(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    year: Option<i32>,
) -> ApiResult<Vec<(i64, rating::Model)>> {
    let and = match year {
        // An integer from the request's arguments, written into the text: it is no user text.
        Some(year) => format!(" AND t.year = {year}"),
        None => String::new(),
    };
    by_column(conn, "ratings", "organization_id", organizations, &and, "t.year").await
}

/// The reviews of each organization's congresses in force (of the term containing `term_year`
/// when given), by date.
pub async fn reviews_of_organizations(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
    term_year: Option<i32>,
) -> ApiResult<Vec<(i64, review::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push(
        "SELECT t.*, g.organization_id AS parent_key FROM reviews t JOIN congresses g ON g.id = t.congress_id WHERE ",
    )
    .push_in_keys("g.organization_id", organizations)
    .push(" AND g.retracted_at IS NULL");
    if let Some(year) = term_year {
        sql.push(" AND g.term_start_year <= ")
            .bind(year)
            .push(" AND g.term_end_year >= ")
            .bind(year);
    }
    sql.push(" ORDER BY parent_key, t.held_on, t.id");
    keyed(conn, sql).await
}

/// The sources that speak about each organization, by publication date.
pub async fn sources_of_organizations(
    conn: &impl ConnectionTrait,
    organizations: &[i64],
) -> ApiResult<Vec<(i64, source::Model)>> {
    sources_through(conn, "organization_sources", "organization_id", organizations).await
}

/// The sources that speak about each congress, by publication date.
pub async fn sources_of_congresses(
    conn: &impl ConnectionTrait,
    congresses: &[i64],
) -> ApiResult<Vec<(i64, source::Model)>> {
    sources_through(conn, "congress_sources", "congress_id", congresses).await
}

async fn sources_through(
    conn: &impl ConnectionTrait,
    link: &str,
    column: &str,
    keys: &[i64],
) -> ApiResult<Vec<(i64, source::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT t.*, l.")
        .push(column)
        .push(" AS parent_key FROM ")
        .push(link)
        .push(" l JOIN sources t ON t.id = l.source_id WHERE ")
        .push_in_keys(&format!("l.{column}"), keys)
        .push(" ORDER BY parent_key, t.published_on NULLS FIRST, t.id");
    keyed(conn, sql).await
}

/// Each congress's committees in the order a reader expects: executive, standing, inspection,
/// delegation (only those of `kind` when given).
pub async fn committees_of(
    conn: &impl ConnectionTrait,
    congresses: &[i64],
    kind: Option<CommitteeKind>,
) -> ApiResult<Vec<(i64, committee::Model)>> {
    let and = match kind {
        Some(kind) => format!(" AND t.kind = '{}'", sea_orm::ActiveEnum::to_value(&kind)),
        None => String::new(),
    };
    by_column(
        conn,
        "committees",
        "congress_id",
        congresses,
        &and,
        "CASE t.kind WHEN 'EXECUTIVE' THEN 0 WHEN 'STANDING' THEN 1 WHEN 'INSPECTION' THEN 2 ELSE 3 END",
    )
    .await
}

/// Each congress's resolutions (the first is its resolution).
pub async fn resolutions_of(
    conn: &impl ConnectionTrait,
    congresses: &[i64],
) -> ApiResult<Vec<(i64, resolution::Model)>> {
    by_column(conn, "resolutions", "congress_id", congresses, "", "").await
}

/// Each congress's reviews, by date.
pub async fn reviews_of_congresses(
    conn: &impl ConnectionTrait,
    congresses: &[i64],
) -> ApiResult<Vec<(i64, review::Model)>> {
    by_column(conn, "reviews", "congress_id", congresses, "", "t.held_on").await
}

/// The warnings stored with each record of one type.
pub async fn issues_of(
    conn: &impl ConnectionTrait,
    record_type: &'static str,
    records: &[i64],
) -> ApiResult<Vec<(i64, data_quality_issue::Model)>> {
    // `record_type` is one of the API's own type names, never user text.
    let and = format!(" AND t.record_type = '{record_type}'");
    by_column(conn, "data_quality_issues", "record_id", records, &and, "").await
}

/// Each committee's memberships, earliest start first.
pub async fn members_of(conn: &impl ConnectionTrait, committees: &[i64]) -> ApiResult<Vec<(i64, membership::Model)>> {
    by_column(
        conn,
        "memberships",
        "committee_id",
        committees,
        "",
        "t.started_on NULLS FIRST",
    )
    .await
}

/// Each committee's memberships with the congress that decides when they hold.
pub async fn members_with_congress(
    conn: &impl ConnectionTrait,
    committees: &[i64],
) -> ApiResult<Vec<(membership::Model, congress::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT m.*, ")
        .push("g.id AS g_id, g.organization_id AS g_organization_id, g.ordinal AS g_ordinal, g.term_start_year AS g_term_start_year, ")
        .push("g.term_end_year AS g_term_end_year, g.kind AS g_kind, g.opened_on AS g_opened_on, g.closed_on AS g_closed_on, ")
        .push("g.delegate_count AS g_delegate_count, g.motto AS g_motto, g.note AS g_note, g.source_id AS g_source_id, g.created_at AS g_created_at, g.retracted_at AS g_retracted_at, g.retraction_reason AS g_retraction_reason ")
        .push("FROM memberships m JOIN committees cm ON cm.id = m.committee_id JOIN congresses g ON g.id = cm.congress_id WHERE ")
        .push_in_keys("m.committee_id", committees)
        .push(" ORDER BY m.committee_id, m.started_on NULLS FIRST, m.id");
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        out.push((
            membership::Model::from_query_result(&row, "")?,
            congress::Model::from_query_result(&row, "g_")?,
        ));
    }
    Ok(out)
}

/// Each resolution's top-level targets in order (sub-targets are under their parents).
pub async fn targets_of_resolutions(
    conn: &impl ConnectionTrait,
    resolutions: &[i64],
) -> ApiResult<Vec<(i64, target::Model)>> {
    by_column(
        conn,
        "targets",
        "resolution_id",
        resolutions,
        " AND t.parent_id IS NULL",
        "t.ordinal",
    )
    .await
}

/// Each target's sub-targets in order.
pub async fn targets_under(conn: &impl ConnectionTrait, targets: &[i64]) -> ApiResult<Vec<(i64, target::Model)>> {
    by_column(conn, "targets", "parent_id", targets, "", "t.ordinal").await
}

/// Each target's results, earliest year first.
pub async fn results_of(conn: &impl ConnectionTrait, targets: &[i64]) -> ApiResult<Vec<(i64, target_result::Model)>> {
    by_column(
        conn,
        "target_results",
        "target_id",
        targets,
        "",
        "t.year_to, t.year_from",
    )
    .await
}

/// Each person's positions on committees of congresses in force, earliest first.
pub async fn memberships_of_people(
    conn: &impl ConnectionTrait,
    people: &[i64],
) -> ApiResult<Vec<(i64, membership::Model)>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT t.*, t.person_id AS parent_key FROM memberships t JOIN committees cm ON cm.id = t.committee_id JOIN congresses g ON g.id = cm.congress_id WHERE g.retracted_at IS NULL AND ")
        .push_in_keys("t.person_id", people)
        .push(" ORDER BY parent_key, t.started_on NULLS FIRST, t.id");
    keyed(conn, sql).await
}
