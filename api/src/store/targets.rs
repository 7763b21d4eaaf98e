//! Targets and their results, for one organization or a whole subtree in a given year.

use super::organizations::push_valid_during_year;
use super::sql::Sql;
use crate::error::ApiResult;
use entity::{target, target_result};
use futures::TryStreamExt;
use sea_orm::{ConnectionTrait, FromQueryResult, StreamTrait};
use std::collections::HashMap;

/// Which organizations a report covers: one, or one with everything placed below it during the year.
#[derive(Debug, Clone, Copy)]
pub struct ReportScope {
    pub organization_id: i64,
    pub include_descendants: bool,
    pub year: i32,
}

fn push_scope_cte(sql: &mut Sql, scope: &ReportScope) {
    sql.push("WITH RECURSIVE tree(organization_id, depth) AS (SELECT CAST(")
        .bind(scope.organization_id)
        .push(" AS BIGINT), 0");
    if scope.include_descendants {
        sql.push(" UNION SELECT p.organization_id, tree.depth + 1 FROM tree JOIN organization_placements p ON p.parent_id = tree.organization_id");
        push_valid_during_year(sql, "p", scope.year);
        sql.push(" WHERE tree.depth < 32");
    }
    sql.push(") ");
}

/// Every target of the organizations in scope whose years include the scope's year (not of a
/// retracted congress: looked up by key per target, where a `NOT IN` over every retracted
/// congress read the whole table, 15 ms of a ward's 16 ms report at 82,000 congresses).
pub async fn targets_in_scope<C>(conn: &C, scope: &ReportScope) -> ApiResult<Vec<target::Model>>
where
    C: ConnectionTrait + StreamTrait,
{
    let mut sql = Sql::new(ConnectionTrait::get_database_backend(conn));
    push_scope_cte(&mut sql, scope);
    sql.push(
        "SELECT t.* FROM targets t WHERE t.organization_id IN (SELECT organization_id FROM tree) AND NOT EXISTS (SELECT 1 FROM congresses g WHERE g.id = t.congress_id AND g.retracted_at IS NOT NULL) AND t.start_year <= ",
    )
    .bind(scope.year)
    .push(" AND t.end_year >= ")
    .bind(scope.year)
    .push(" ORDER BY t.organization_id, t.congress_id, t.parent_id, t.ordinal, t.id");
    models(conn, sql).await
}

/// Which results of a report's targets to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultsWanted {
    /// Every result (the `results` field, the CSV).
    All,
    /// Only each target's latest, which is all its status needs: a province's targets have
    /// 114,000 results, four times as many as the latest ones.
    LatestOnly,
}

/// The results of those same targets, in one statement, grouped by target as they stream in
/// (earliest year first within a target).
pub async fn results_in_scope<C>(
    conn: &C,
    scope: &ReportScope,
    wanted: ResultsWanted,
) -> ApiResult<HashMap<i64, Vec<target_result::Model>>>
where
    C: ConnectionTrait + StreamTrait,
{
    let mut sql = Sql::new(ConnectionTrait::get_database_backend(conn));
    push_scope_cte(&mut sql, scope);
    let rank = match wanted {
        ResultsWanted::All => "",
        // The same order as `domain::targets::latest`: the latest year, then the last recorded.
        ResultsWanted::LatestOnly => {
            ", ROW_NUMBER() OVER (PARTITION BY r.target_id ORDER BY r.year_to DESC, r.year_from DESC, r.id DESC) AS latest_rank"
        }
    };
    sql.push("SELECT * FROM (SELECT r.*")
        .push(rank)
        .push(" FROM target_results r JOIN targets t ON t.id = r.target_id WHERE t.organization_id IN (SELECT organization_id FROM tree) AND NOT EXISTS (SELECT 1 FROM congresses g WHERE g.id = t.congress_id AND g.retracted_at IS NOT NULL) AND t.start_year <= ")
        .bind(scope.year)
        .push(" AND t.end_year >= ")
        .bind(scope.year)
        .push(") x");
    if wanted == ResultsWanted::LatestOnly {
        sql.push(" WHERE x.latest_rank = 1");
    }
    sql.push(" ORDER BY x.target_id, x.year_to, x.year_from, x.id");
    let rows = conn.stream_raw(sql.build()).await?;
    let mut rows = std::pin::pin!(rows);
    let mut by_target: HashMap<i64, Vec<target_result::Model>> = HashMap::new();
    while let Some(row) = rows.try_next().await? {
        let result = target_result::Model::from_query_result(&row, "")?;
        // Most targets have one result here (all of them, with `LatestOnly`): a vector's first
        // push would otherwise reserve four.
        by_target
            .entry(result.target_id)
            .or_insert_with(|| Vec::with_capacity(1))
            .push(result);
    }
    Ok(by_target)
}

/// A statement's rows as models, converted as they arrive: a province's report reads tens of
/// thousands of rows, and holding them all as driver rows before converting them doubled its
/// memory.
async fn models<C, M>(conn: &C, sql: Sql) -> ApiResult<Vec<M>>
where
    C: ConnectionTrait + StreamTrait,
    M: FromQueryResult,
{
    let rows = conn.stream_raw(sql.build()).await?;
    let mut rows = std::pin::pin!(rows);
    let mut out = Vec::new();
    while let Some(row) = rows.try_next().await? {
        out.push(M::from_query_result(&row, "")?);
    }
    Ok(out)
}
