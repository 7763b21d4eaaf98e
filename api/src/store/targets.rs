//! The targets of a term report: for one organization, or one with everything placed below it
//! during a year, the targets of the term that contains the year (where two terms meet, the
//! later one) plus those superiors assigned for the year, never those of a retracted congress.
//! Read a page at a time in report order, counted, or streamed once with each target's latest
//! results, so that no report (a province has a hundred thousand targets) is ever held whole.

use super::error::StoreResult;
use super::organizations::push_valid_during_year;
use super::sql::Sql;
use entity::{target, target_result};
use futures::{Stream, StreamExt};
use sea_orm::{ConnectionTrait, FromQueryResult, StreamTrait};

/// Which organizations a report covers: one, or one with everything placed below it during the year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReportScope {
    pub organization_id: i64,
    pub include_descendants: bool,
    pub year: i32,
}

/// A row's place in report order: by organization, then its congress (superiors' targets
/// first), its parent target (top-level targets first), the source's numbering, and id.
/// Compared field by field in this order, as the report's `ORDER BY` compares rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
pub struct RowKey {
    pub organization_id: i64,
    pub congress_id: i64,
    pub parent_id: i64,
    pub ordinal: i32,
    pub id: i64,
}

impl RowKey {
    pub fn of(target: &target::Model) -> Self {
        Self {
            organization_id: target.organization_id,
            congress_id: target.congress_id.unwrap_or(0),
            parent_id: target.parent_id.unwrap_or(0),
            ordinal: target.ordinal,
            id: target.id,
        }
    }
}

/// `WITH RECURSIVE tree (the organizations in scope), report_targets (the report's targets)`.
fn push_report_targets(sql: &mut Sql, scope: &ReportScope) {
    sql.push("WITH RECURSIVE tree(organization_id, depth) AS (SELECT CAST(")
        .bind(scope.organization_id)
        .push(" AS BIGINT), 0");
    if scope.include_descendants {
        sql.push(" UNION SELECT p.organization_id, tree.depth + 1 FROM tree JOIN organization_placements p ON p.parent_id = tree.organization_id");
        push_valid_during_year(sql, "p", scope.year);
        sql.push(" WHERE tree.depth < 32");
    }
    sql.push("), candidates AS (SELECT t.* FROM targets t WHERE t.organization_id IN (SELECT organization_id FROM tree) AND t.start_year <= ")
        .bind(scope.year)
        .push(" AND t.end_year >= ")
        .bind(scope.year)
        // By key per target: a `NOT IN` over every retracted congress read the whole table.
        .push(" AND NOT EXISTS (SELECT 1 FROM congresses g WHERE g.id = t.congress_id AND g.retracted_at IS NOT NULL)), ")
        // Each organization's term containing the year: the latest to start, where two meet.
        .push("terms AS (SELECT organization_id, MAX(start_year) AS start_year FROM candidates WHERE congress_id IS NOT NULL GROUP BY organization_id), ")
        .push("report_targets AS (SELECT c.* FROM candidates c LEFT JOIN terms m ON m.organization_id = c.organization_id WHERE c.congress_id IS NULL OR c.start_year = m.start_year) ");
}

const ORDER: &str = "organization_id, COALESCE(congress_id, 0), COALESCE(parent_id, 0), ordinal, id";

/// Up to `limit` targets of the report after `after`, in report order.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn page(
    conn: &impl ConnectionTrait,
    scope: &ReportScope,
    after: Option<&RowKey>,
    limit: u64,
) -> StoreResult<Vec<target::Model>> {
    let mut sql = Sql::new(conn.get_database_backend());
    push_report_targets(&mut sql, scope);
    sql.push("SELECT * FROM report_targets");
    if let Some(after) = after {
        sql.push(" WHERE (")
            .push(ORDER)
            .push(") > (")
            .bind(after.organization_id)
            .push(", ")
            .bind(after.congress_id)
            .push(", ")
            .bind(after.parent_id)
            .push(", ")
            .bind(after.ordinal)
            .push(", ")
            .bind(after.id)
            .push(")");
    }
    sql.push(" ORDER BY ")
        .push(ORDER)
        .push(" LIMIT ")
        .bind(i64::try_from(limit).unwrap_or(i64::MAX));
    let rows = conn.query_all_raw(sql.build()).await?;
    rows.iter()
        .map(|row| Ok(target::Model::from_query_result(row, "")?))
        .collect()
}

/// How many targets the report has.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn count(conn: &impl ConnectionTrait, scope: &ReportScope) -> StoreResult<i64> {
    let mut sql = Sql::new(conn.get_database_backend());
    push_report_targets(&mut sql, scope);
    sql.push("SELECT COUNT(*) AS n FROM report_targets");
    super::organizations::count_rows(conn, sql).await
}

/// Which results of each target a report's statement reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResultsRead {
    /// Those of its latest span (the latest year, then the longest span ending in it): the
    /// latest result and any other figures given for the same span, all a row's status and its
    /// conflicts are judged on, so about one row per target.
    LatestSpan,
    /// All of them, as a row's `results` lists them: for a page of rows read beside the
    /// summary, whose rows' fields (`latest`, `status`, `results`) then need no statement of
    /// their own.
    All,
}

/// Every target of the report with its results (`read`), one row per result, or one without a
/// result for a target that has none, streamed in report order and, within a target, in the
/// order a row's `results` lists them (earliest span first; recorded order within a span): a
/// reader holds one target's results at a time.
///
/// Each row also carries what the resolutions of its organization declare (`declared_`, see
/// [`SpanRow::declared`]), so that a report's summary is one statement.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn with_results<'a, C>(
    conn: &'a C,
    scope: &ReportScope,
    read: ResultsRead,
) -> StoreResult<impl Stream<Item = StoreResult<SpanRow>> + 'a>
where
    C: ConnectionTrait + StreamTrait,
{
    let mut sql = Sql::new(ConnectionTrait::get_database_backend(conn));
    push_report_targets(&mut sql, scope);
    sql.push(", results AS (SELECT * FROM (SELECT r.id AS r_id, r.target_id AS r_target_id, r.year_from AS r_year_from, r.year_to AS r_year_to, ")
        .push("r.achieved AS r_achieved, r.planned AS r_planned, r.out_of AS r_out_of, r.reported_percent AS r_reported_percent, r.qualifier AS r_qualifier, ")
        .push("r.reported_status AS r_reported_status, r.note AS r_note, r.source_id AS r_source_id, r.created_at AS r_created_at");
    match read {
        // RANK, not ROW_NUMBER: every result of the latest span ranks first.
        ResultsRead::LatestSpan => sql
            .push(", RANK() OVER (PARTITION BY r.target_id ORDER BY r.year_to DESC, r.year_from DESC) AS latest_rank ")
            .push("FROM target_results r WHERE r.target_id IN (SELECT id FROM report_targets)) ranked WHERE latest_rank = 1), "),
        ResultsRead::All => sql.push(" FROM target_results r WHERE r.target_id IN (SELECT id FROM report_targets)) every_result), "),
    };
    sql.push("declared AS (SELECT t.organization_id AS organization_id, SUM(r.declared_target_count) AS declared FROM resolutions r ")
        .push("JOIN (SELECT DISTINCT organization_id, resolution_id FROM report_targets WHERE resolution_id IS NOT NULL) t ")
        .push("ON t.resolution_id = r.id WHERE r.declared_target_count IS NOT NULL GROUP BY t.organization_id) ")
        .push("SELECT t.*, results.*, d.declared AS declared_ FROM report_targets t LEFT JOIN results ON results.r_target_id = t.id ")
        .push("LEFT JOIN declared d ON d.organization_id = t.organization_id ORDER BY ")
        // Within a target, the order of `related::results_of` (a latest span's results share
        // their years, so for them this is recorded order).
        .push("t.organization_id, COALESCE(t.congress_id, 0), COALESCE(t.parent_id, 0), t.ordinal, t.id, ")
        .push("results.r_year_to, results.r_year_from, results.r_id");
    let rows = conn.stream_raw(sql.build()).await?;
    // A target's columns are decoded from its first row only: the rows of its other results
    // repeat them.
    let mut last_target = None;
    Ok(rows.map(move |row| {
        let row = row?;
        let id: i64 = row.try_get("", "id")?;
        let target = if last_target == Some(id) {
            None
        } else {
            last_target = Some(id);
            Some(target::Model::from_query_result(&row, "")?)
        };
        let has_result: Option<i64> = row.try_get("", "r_id")?;
        let result = match has_result {
            Some(_) => Some(target_result::Model::from_query_result(&row, "r_")?),
            None => None,
        };
        let declared = row.try_get("", "declared_")?;
        Ok(SpanRow {
            target,
            result,
            declared,
        })
    }))
}

/// A row of [`with_results`].
pub struct SpanRow {
    /// The target, on its first row; `None` on the rows of its other results.
    pub target: Option<target::Model>,
    /// A result of the target, if it has any.
    pub result: Option<target_result::Model>,
    /// The sum of the declared target counts ("6 chỉ tiêu") of the resolutions whose targets
    /// the report lists for the target's organization, where at least one declares a count.
    pub declared: Option<i64>,
}
