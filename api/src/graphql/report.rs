//! `termReport`: targets of a term with their results and status, summarised.

use super::chunked::ChunkedList;
use super::enums::AchievementStatus;
use super::loaders::Scope;
use super::types::{Congress, Organization, Target, TargetResult};
use crate::domain::report::{ReportRow, ResultsWanted, Summary, TermReportData};
use async_graphql::{Object, Result, SimpleObject};
use entity::{congress, organization};
use std::sync::Arc;

/// How many targets stand where.
#[derive(SimpleObject, Clone, Copy)]
#[graphql(name = "ReportSummary")]
pub struct ReportSummaryObject {
    pub targets: i32,
    pub met: i32,
    pub exceeded: i32,
    pub not_met: i32,
    pub no_data: i32,
}

impl From<Summary> for ReportSummaryObject {
    fn from(summary: Summary) -> Self {
        Self {
            targets: summary.targets,
            met: summary.met,
            exceeded: summary.exceeded,
            not_met: summary.not_met,
            no_data: summary.no_data,
        }
    }
}

/// The targets of a term for one organization, or for it and everything below it.
pub struct TermReport {
    /// Shared with every row object: a province's report has tens of thousands of rows, and a
    /// copy per row object was a second copy of the whole report in memory.
    pub data: Arc<TermReportData>,
    pub scope: Scope,
    /// Its turn among the large reports built at once, when no request holds it (see
    /// `admission`).
    pub _permit: Option<crate::admission::ReportPermit>,
}

#[Object]
impl TermReport {
    async fn organization(&self) -> Organization {
        Organization::new(self.data.organization.clone(), &self.scope)
    }

    /// The year asked about.
    async fn term_year(&self) -> i32 {
        self.data.year
    }

    /// The first year of the organization's term that contains `termYear`, when it has one recorded.
    async fn term_start_year(&self) -> Option<i32> {
        self.data.term.map(|term| term.0)
    }

    async fn term_end_year(&self) -> Option<i32> {
        self.data.term.map(|term| term.1)
    }

    /// One row per target, grouped by organization, in the order the sources list them.
    #[graphql(complexity = "50 * child_complexity")]
    async fn rows(&self, ctx: &async_graphql::Context<'_>) -> Result<ChunkedList<TermReportRow>> {
        // The rows' organizations and congresses are loaded before the rows resolve, in the
        // same batched statements they would otherwise wait for together. A row then resolves
        // in the poll that starts it, instead of tens of thousands of rows each holding their
        // half-resolved fields until the batch returns (a third of a province report's memory).
        let wanted = ctx.look_ahead();
        if wanted.field("organization").exists() {
            let ids: Vec<i64> = self.data.rows.iter().map(|row| row.target.organization_id).collect();
            self.scope.many_by_id::<organization::Model>(ids).await?;
        }
        if wanted.field("congress").exists() {
            let ids: Vec<i64> = self.data.rows.iter().filter_map(|row| row.target.congress_id).collect();
            self.scope.many_by_id::<congress::Model>(ids).await?;
        }
        Ok(ChunkedList(
            (0..self.data.rows.len())
                .map(|index| TermReportRow {
                    data: self.data.clone(),
                    index,
                    scope: self.scope.clone(),
                })
                .collect(),
        ))
    }

    async fn summary(&self) -> ReportSummaryObject {
        self.data.summary.into()
    }

    /// The summary of each organization that has targets in the report.
    #[graphql(complexity = "50 * child_complexity")]
    async fn by_organization(&self) -> Result<ChunkedList<OrganizationSummary>> {
        let ids = self
            .data
            .per_organization
            .iter()
            .map(|(id, _)| *id)
            .collect::<Vec<i64>>();
        let found = self.scope.many_by_id::<organization::Model>(ids).await?;
        Ok(ChunkedList(
            self.data
                .per_organization
                .iter()
                .filter_map(|(id, summary)| {
                    found.get(id).map(|model| OrganizationSummary {
                        organization: Organization::new(model.clone(), &self.scope),
                        summary: (*summary).into(),
                    })
                })
                .collect(),
        ))
    }
}

#[derive(SimpleObject)]
pub struct OrganizationSummary {
    pub organization: Organization,
    pub summary: ReportSummaryObject,
}

/// One target in a report.
pub struct TermReportRow {
    data: Arc<TermReportData>,
    index: usize,
    scope: Scope,
}

impl TermReportRow {
    fn row(&self) -> &ReportRow {
        &self.data.rows[self.index]
    }
}

#[Object]
impl TermReportRow {
    async fn organization(&self) -> Result<Organization> {
        let model = self
            .scope
            .require::<organization::Model>(self.row().target.organization_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
    }

    /// The congress that set the target; null for targets a superior assigned.
    async fn congress(&self) -> Result<Option<Congress>> {
        let Some(id) = self.row().target.congress_id else {
            return Ok(None);
        };
        let model = self.scope.require::<congress::Model>(id).await?;
        Ok(Some(Congress::new(model, &self.scope)))
    }

    async fn target(&self) -> Target {
        Target::new(self.row().target.clone(), &self.scope)
    }

    /// Every result of the target, earliest year first.
    #[graphql(complexity = "5 * child_complexity")]
    async fn results(&self) -> Result<Vec<TargetResult>> {
        // `termReport` reads every result when it sees this field in the query; a report
        // built without them must never answer it with only the latest.
        if self.data.results != ResultsWanted::All {
            return Err(crate::ApiError::internal("a term report built without its results was asked for them").into());
        }
        Ok(self
            .row()
            .results
            .iter()
            .map(|result| TargetResult::new(result.clone(), self.row().target.clone(), &self.scope))
            .collect())
    }

    /// The result for the latest year.
    async fn latest(&self) -> Option<TargetResult> {
        self.row()
            .latest()
            .map(|result| TargetResult::new(result.clone(), self.row().target.clone(), &self.scope))
    }

    /// The status of the latest result.
    async fn status(&self) -> AchievementStatus {
        self.row().status.into()
    }
}
