//! Term reports: every target of the term that contains a year, with its results, latest result
//! and status, summarised overall and per organization.

use super::targets;
pub use crate::store::targets::ResultsWanted;
use entity::enums::AchievementStatus;
use entity::{target, target_result};
use std::collections::{BTreeMap, HashMap};

/// One target of a report with its results (only the latest when the report was built with
/// [`ResultsWanted::LatestOnly`]).
#[derive(Debug, Clone)]
pub struct ReportRow {
    pub target: target::Model,
    pub results: Vec<target_result::Model>,
    /// The position of the latest result in `results`.
    latest: Option<usize>,
    pub status: AchievementStatus,
}

impl ReportRow {
    /// The result for the latest year, the one the status is of.
    pub fn latest(&self) -> Option<&target_result::Model> {
        self.latest.and_then(|index| self.results.get(index))
    }
}

/// Counts of targets by status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub targets: i32,
    pub met: i32,
    pub exceeded: i32,
    pub not_met: i32,
    pub no_data: i32,
}

impl Summary {
    pub fn add(&mut self, status: AchievementStatus) {
        self.targets += 1;
        match status {
            AchievementStatus::Met => self.met += 1,
            AchievementStatus::Exceeded => self.exceeded += 1,
            AchievementStatus::NotMet => self.not_met += 1,
            AchievementStatus::NoData => self.no_data += 1,
        }
    }
}

/// The report's rows. For each organization, the targets of the one term that contains `year`
/// (where two terms meet, as 2020-2025 and 2025-2030 do in 2025, the later term), plus the
/// targets superiors assigned for that year.
pub fn rows(
    candidates: Vec<target::Model>,
    mut results_of: HashMap<i64, Vec<target_result::Model>>,
    year: i32,
) -> Vec<ReportRow> {
    let mut term_of: HashMap<i64, i32> = HashMap::new();
    for target in candidates
        .iter()
        .filter(|t| t.congress_id.is_some() && t.start_year <= year && year <= t.end_year)
    {
        let chosen = term_of.entry(target.organization_id).or_insert(target.start_year);
        *chosen = (*chosen).max(target.start_year);
    }
    candidates
        .into_iter()
        .filter(|target| match target.congress_id {
            Some(_) => term_of.get(&target.organization_id) == Some(&target.start_year),
            None => target.start_year <= year && year <= target.end_year,
        })
        .map(|target| {
            let results = results_of.remove(&target.id).unwrap_or_default();
            let latest = targets::latest(&results).and_then(|latest| results.iter().position(|r| r.id == latest.id));
            let status = latest
                .map(|index| targets::status_of(&target, &results[index]))
                .unwrap_or(AchievementStatus::NoData);
            ReportRow {
                target,
                results,
                latest,
                status,
            }
        })
        .collect()
}

/// The overall summary and one per organization (in organization id order).
pub fn summaries(rows: &[ReportRow]) -> (Summary, BTreeMap<i64, Summary>) {
    let mut overall = Summary::default();
    let mut per_organization: BTreeMap<i64, Summary> = BTreeMap::new();
    for row in rows {
        overall.add(row.status);
        per_organization
            .entry(row.target.organization_id)
            .or_default()
            .add(row.status);
    }
    (overall, per_organization)
}

/// A whole term report: the organization asked about, the year, its term, rows and summaries.
#[derive(Debug, Clone)]
pub struct TermReportData {
    pub organization: entity::organization::Model,
    pub year: i32,
    /// The organization's own term that contains the year, when one is recorded.
    pub term: Option<(i32, i32)>,
    pub rows: Vec<ReportRow>,
    pub summary: Summary,
    pub per_organization: Vec<(i64, Summary)>,
    /// Which results the rows hold.
    pub results: ResultsWanted,
}

/// Builds the report of `organization_id` (and with `include_descendants`, of everything placed
/// below it during the year) for the term containing `year`, in three statements.
pub async fn term_report<C>(
    conn: &C,
    organization_id: i64,
    year: i32,
    include_descendants: bool,
    results_wanted: ResultsWanted,
) -> crate::error::ApiResult<TermReportData>
where
    C: sea_orm::ConnectionTrait + sea_orm::StreamTrait,
{
    use crate::store::targets::{self, ReportScope};
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    if !(1930..=2200).contains(&year) {
        return Err(crate::ApiError::invalid(
            "term_year",
            "termYear",
            "termYear must be between 1930 and 2200",
        ));
    }
    let organization = entity::organization::Entity::find_by_id(organization_id)
        .one(conn)
        .await?
        .ok_or_else(|| crate::ApiError::not_found("organization"))?;
    let scope = ReportScope {
        organization_id,
        include_descendants,
        year,
    };
    let candidates = targets::targets_in_scope(conn, &scope).await?;
    let results = targets::results_in_scope(conn, &scope, results_wanted).await?;
    let rows = rows(candidates, results, year);
    let (summary, per_organization) = summaries(&rows);
    let term = entity::congress::Entity::find()
        .filter(entity::congress::Column::OrganizationId.eq(organization_id))
        .filter(entity::congress::Column::RetractedAt.is_null())
        .filter(entity::congress::Column::TermStartYear.lte(year))
        .filter(entity::congress::Column::TermEndYear.gte(year))
        .all(conn)
        .await?
        .iter()
        .map(|c| (c.term_start_year, c.term_end_year))
        .max();
    Ok(TermReportData {
        organization,
        year,
        term,
        rows,
        summary,
        per_organization: per_organization.into_iter().collect(),
        results: results_wanted,
    })
}
