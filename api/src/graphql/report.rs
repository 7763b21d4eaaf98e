//! `termReport`: the targets of a term with their results and status, a page of rows at a time,
//! and summarised (the summaries are counted in one streamed pass, holding no rows).

use super::connection::{encode_cursor, page_request};
use super::describe::Args;
use super::describe::relations::RESULTS;
use super::enums::AchievementStatus;
use super::loaders::Scope;
use super::types::{Congress, Organization, Target, TargetResult};
use crate::domain::report::{self, Summaries, Summary};
use crate::store::targets::{self, ReportScope, RowKey};
use async_graphql::{Context, Object, Result, SimpleObject};
use entity::{congress, organization, target, target_result};
use futures::TryStreamExt;

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

/// The name the rows' cursors carry.
const ROWS: &str = "termReportRows";

/// The targets of a term for one organization, or for it and everything below it.
pub struct TermReport {
    pub scope: ReportScope,
    pub organization: organization::Model,
    /// The organization's own term that contains the year, when one is recorded.
    pub term: Option<(i32, i32)>,
    pub reader: Scope,
    summaries: tokio::sync::OnceCell<Summaries>,
    /// Its turn among the large reports built at once, when no request holds it (see
    /// `admission`).
    pub _permit: Option<crate::admission::ReportPermit>,
}

impl TermReport {
    pub fn new(
        scope: ReportScope,
        organization: organization::Model,
        term: Option<(i32, i32)>,
        reader: Scope,
        permit: Option<crate::admission::ReportPermit>,
    ) -> Self {
        Self {
            scope,
            organization,
            term,
            reader,
            summaries: tokio::sync::OnceCell::new(),
            _permit: permit,
        }
    }

    /// The summaries, counted once per report in one streamed pass over its targets.
    async fn summaries(&self) -> Result<&Summaries> {
        Ok(self
            .summaries
            .get_or_try_init(|| async {
                let rows = targets::with_latest(self.reader.conn(), &self.scope).await?;
                let mut rows = std::pin::pin!(rows);
                let mut summaries = Summaries::default();
                while let Some((target, latest)) = rows.try_next().await? {
                    summaries.add(&target, latest.as_ref());
                }
                Ok::<_, crate::ApiError>(summaries)
            })
            .await?)
    }
}

#[Object]
impl TermReport {
    async fn organization(&self) -> Organization {
        Organization::new(self.organization.clone(), &self.reader)
    }

    /// The year asked about.
    async fn term_year(&self) -> i32 {
        self.scope.year
    }

    /// The first year of the organization's term that contains `termYear`, when it has one recorded.
    async fn term_start_year(&self) -> Option<i32> {
        self.term.map(|term| term.0)
    }

    async fn term_end_year(&self) -> Option<i32> {
        self.term.map(|term| term.1)
    }

    /// One row per target, grouped by organization, in the order the sources list them
    /// (superiors' targets first, then the congress's; sub-targets after the top-level ones), a
    /// page at a time.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn rows(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<TermReportRowConnection> {
        let request = page_request::<RowKey>(ROWS, first, after.as_deref())?;
        let mut page = targets::page(
            self.reader.conn(),
            &self.scope,
            request.after.as_ref(),
            request.limit + 1,
        )
        .await?;
        let has_next = page.len() as u64 > request.limit;
        page.truncate(request.limit as usize);
        let total = if ctx.look_ahead().field("totalCount").exists() {
            targets::count(self.reader.conn(), &self.scope).await?
        } else {
            0
        };
        let edges: Vec<TermReportRowEdge> = page
            .into_iter()
            .map(|target| TermReportRowEdge {
                cursor: encode_cursor(ROWS, &RowKey::of(&target)),
                node: TermReportRow {
                    target,
                    scope: self.reader.clone(),
                },
            })
            .collect();
        Ok(TermReportRowConnection::from_edges(edges, has_next, total))
    }

    async fn summary(&self) -> Result<ReportSummaryObject> {
        Ok(self.summaries().await?.overall.into())
    }

    /// The summary of each organization that has targets in the report.
    #[graphql(complexity = "50 * child_complexity")]
    async fn by_organization(&self) -> Result<Vec<OrganizationSummary>> {
        let summaries = self.summaries().await?;
        let found = self
            .reader
            .many_by_id::<organization::Model>(summaries.per_organization.keys().copied().collect::<Vec<i64>>())
            .await?;
        Ok(summaries
            .per_organization
            .iter()
            .filter_map(|(id, summary)| {
                found.get(id).map(|model| OrganizationSummary {
                    organization: Organization::new(model.clone(), &self.reader),
                    summary: (*summary).into(),
                })
            })
            .collect())
    }
}

#[derive(SimpleObject)]
pub struct OrganizationSummary {
    pub organization: Organization,
    pub summary: ReportSummaryObject,
}

/// One target in a report.
#[derive(Clone)]
pub struct TermReportRow {
    target: target::Model,
    scope: Scope,
}

impl TermReportRow {
    async fn results_of(&self) -> Result<Vec<target_result::Model>> {
        Ok(self
            .scope
            .related::<target_result::Model>(&RESULTS, self.target.id, Args::NONE)
            .await?)
    }
}

#[Object]
impl TermReportRow {
    async fn organization(&self) -> Result<Organization> {
        let model = self
            .scope
            .require::<organization::Model>(self.target.organization_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
    }

    /// The congress that set the target; null for targets a superior assigned.
    async fn congress(&self) -> Result<Option<Congress>> {
        let Some(id) = self.target.congress_id else {
            return Ok(None);
        };
        let model = self.scope.require::<congress::Model>(id).await?;
        Ok(Some(Congress::new(model, &self.scope)))
    }

    async fn target(&self) -> Target {
        Target::new(self.target.clone(), &self.scope)
    }

    /// Every result of the target, earliest year first.
    #[graphql(complexity = "5 * child_complexity")]
    async fn results(&self) -> Result<Vec<TargetResult>> {
        Ok(self
            .results_of()
            .await?
            .into_iter()
            .map(|result| TargetResult::new(result, self.target.clone(), &self.scope))
            .collect())
    }

    /// The result for the latest year.
    async fn latest(&self) -> Result<Option<TargetResult>> {
        let results = self.results_of().await?;
        Ok(report::latest(&results)
            .cloned()
            .map(|result| TargetResult::new(result, self.target.clone(), &self.scope)))
    }

    /// The status of the latest result.
    async fn status(&self) -> Result<AchievementStatus> {
        let results = self.results_of().await?;
        Ok(report::status(&self.target, report::latest(&results)).into())
    }
}

/// A page of a report's rows.
#[derive(SimpleObject, Clone)]
pub struct TermReportRowEdge {
    pub cursor: String,
    pub node: TermReportRow,
}

/// A page of a report's rows, as a connection.
#[derive(SimpleObject, Clone)]
pub struct TermReportRowConnection {
    pub edges: Vec<TermReportRowEdge>,
    pub nodes: Vec<TermReportRow>,
    pub page_info: super::connection::PageInfo,
    /// How many rows the report has, across all pages.
    pub total_count: i64,
}

impl TermReportRowConnection {
    fn from_edges(edges: Vec<TermReportRowEdge>, has_next: bool, total_count: i64) -> Self {
        let page_info = super::connection::PageInfo {
            has_next_page: has_next,
            has_previous_page: false,
            start_cursor: edges.first().map(|edge| edge.cursor.clone()),
            end_cursor: edges.last().map(|edge| edge.cursor.clone()),
        };
        let nodes = edges.iter().map(|edge| edge.node.clone()).collect();
        Self {
            edges,
            nodes,
            page_info,
            total_count,
        }
    }
}
