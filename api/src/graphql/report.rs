//! `termReport`: the targets of a term with their results and status, a page of rows at a time,
//! each row with what makes it uncertain (its data-quality issues, conflicting figures, a stated
//! status that disagrees, an approximate figure), and summarised (the summaries are counted in
//! one streamed pass, holding one target's results at a time).

use super::connection::{encode_cursor, page_request};
use super::describe::Args;
use super::describe::relations::{RESULTS, TARGET_ISSUES};
use super::enums::AchievementStatus;
use super::loaders::Scope;
use super::scalars::DecimalValue;
use super::types::{Congress, DataQualityIssue, Organization, Target, TargetResult};
use crate::domain::report::{self, Assessment, Summaries, Summary};
use crate::store::page::PageRequest;
use crate::store::targets::{self, ReportScope, ResultsRead, RowKey};
use async_graphql::{Context, Object, Result, SimpleObject};
use entity::{congress, data_quality_issue, organization, target, target_result};
use futures::TryStreamExt;
use std::collections::BTreeMap;

/// How many targets a report has, of which kind, and where they stand.
#[derive(SimpleObject, Clone, Copy)]
#[graphql(name = "ReportSummary")]
pub struct ReportSummaryObject {
    /// Every row of the report: the listed targets and their sub-targets together (Phù Vân's
    /// agencies: 11, that is 9 listed and 2 sub-targets). The counts by status add up to it. For
    /// what a resolution lists or declares, read `listedTargets` and `declaredTargets`.
    pub targets: i32,
    /// The targets listed at the top level: a resolution's numbered targets and a superior's
    /// assignments, without their sub-targets (Phù Vân's agencies: 9).
    pub listed_targets: i32,
    /// The targets listed under another ("trong đó 20% ..."), counted in `targets` too.
    pub sub_targets: i32,
    /// How many targets the report's resolutions say they set ("6 chỉ tiêu": Phù Vân's agencies
    /// declare 6 and list 9); null when none of them declares a count.
    pub declared_targets: Option<i32>,
    pub met: i32,
    pub exceeded: i32,
    pub not_met: i32,
    pub no_data: i32,
    /// Of the counts by status, how many rest on an approximate figure whose range crosses a
    /// bound ("gần 60" against 60-80): met or not at face value only.
    pub approximate: i32,
    /// Rows whose latest figures contradict another figure recorded for the same span.
    pub conflicting: i32,
    /// Rows whose source states a status other than the one their figures give.
    pub status_disagreements: i32,
}

impl From<Summary> for ReportSummaryObject {
    fn from(summary: Summary) -> Self {
        Self {
            targets: summary.targets,
            listed_targets: summary.listed_targets,
            sub_targets: summary.sub_targets,
            declared_targets: summary.declared_targets,
            met: summary.met,
            exceeded: summary.exceeded,
            not_met: summary.not_met,
            no_data: summary.no_data,
            approximate: summary.approximate,
            conflicting: summary.conflicting,
            status_disagreements: summary.status_disagreements,
        }
    }
}

/// The summaries of a report, counted in one streamed pass over its targets and the results of
/// each one's latest span (all its assessment reads; one target's at a time), with what its
/// resolutions declare, in one statement.
pub async fn summaries_of(conn: &crate::store::ReadConn, scope: &ReportScope) -> crate::error::ApiResult<Summaries> {
    Ok(summaries_and_rows(conn, scope, &[], ResultsRead::LatestSpan)
        .await?
        .summaries)
}

/// A report's summaries, and pages of its rows read in the same pass.
pub struct SummariesAndRows {
    pub summaries: Summaries,
    /// The targets of each page asked for, in the order asked.
    pub pages: Vec<Vec<target::Model>>,
    /// With [`ResultsRead::All`], every result of the pages' targets, by target id and then in
    /// the order a row's `results` lists them (as `related::results_of` reads them); otherwise
    /// empty.
    pub page_results: Vec<(i64, target_result::Model)>,
    /// How many rows the report has.
    pub total: i64,
}

/// [`summaries_of`], with pages of rows picked from the same statement: its rows are every
/// target of the report in report order, so a page asked for beside the summary (a report
/// page shows both) costs no statement of its own. Only the pages' targets are kept, and with
/// [`ResultsRead::All`] their results too, so that the rows' `latest` and `status` cost none
/// either.
pub async fn summaries_and_rows(
    conn: &crate::store::ReadConn,
    scope: &ReportScope,
    wanted: &[PageRequest<RowKey>],
    read: ResultsRead,
) -> crate::error::ApiResult<SummariesAndRows> {
    let mut summaries = Summaries::default();
    let mut pages: Vec<Vec<target::Model>> = wanted.iter().map(|_| Vec::new()).collect();
    let mut page_results = Vec::new();
    let mut total = 0;
    {
        // The stream holds its connection until dropped: it is dropped before the next
        // statement, so that a report never holds two of the pool's connections at once.
        let rows = targets::with_results(conn, scope, read).await?;
        let mut rows = std::pin::pin!(rows);
        let mut current: Option<target::Model> = None;
        // Whether the current target is on a page, so that its results are kept.
        let mut on_page = false;
        let mut results: Vec<target_result::Model> = Vec::new();
        let mut declared: BTreeMap<i64, i64> = BTreeMap::new();
        // Counts a target once all its rows are read, and keeps its results if it is on a page.
        let mut finish = |done: target::Model, results: &mut Vec<target_result::Model>, on_page: bool| {
            summaries.add(&done, results);
            if on_page && read == ResultsRead::All {
                page_results.extend(results.drain(..).map(|result| (done.id, result)));
            }
            results.clear();
        };
        while let Some(row) = rows.try_next().await? {
            // A target's first row starts it; the rows after it bring its other results.
            if let Some(target) = row.target {
                if let Some(count) = row.declared {
                    declared.insert(target.organization_id, count);
                }
                if let Some(done) = current.take() {
                    finish(done, &mut results, on_page);
                }
                total += 1;
                on_page = false;
                let key = RowKey::of(&target);
                for (page, wanted) in pages.iter_mut().zip(wanted) {
                    if wanted.after.is_none_or(|after| key > after) && (page.len() as u64) < wanted.limit {
                        page.push(target.clone());
                        on_page = true;
                    }
                }
                current = Some(target);
            }
            results.extend(row.result);
        }
        if let Some(done) = current {
            finish(done, &mut results, on_page);
        }
        for (organization_id, count) in declared {
            summaries.declare(organization_id, i32::try_from(count).unwrap_or(i32::MAX));
        }
    }
    // Stable: each target's results keep their order.
    page_results.sort_by_key(|(target_id, _)| *target_id);
    Ok(SummariesAndRows {
        summaries,
        pages,
        page_results,
        total,
    })
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

    /// The summaries, counted once per report.
    async fn summaries(&self) -> Result<&Summaries> {
        Ok(self
            .summaries
            .get_or_try_init(|| summaries_of(self.reader.conn(), &self.scope))
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

    /// The warnings of the target and its results (one statement for all the rows of a page).
    async fn issues_of(&self) -> Result<Vec<data_quality_issue::Model>> {
        Ok(self
            .scope
            .related::<data_quality_issue::Model>(&TARGET_ISSUES, self.target.id, Args::NONE)
            .await?)
    }

    async fn assessment(&self) -> Result<(Vec<target_result::Model>, Assessment)> {
        let results = self.results_of().await?;
        let assessment = report::assess(&self.target, &results);
        Ok((results, assessment))
    }
}

#[Object]
impl TermReportRow {
    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.target.organization_id).await
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

    /// The result for the latest year (the last recorded when several cover it: see
    /// `conflicting` for whether they agree).
    async fn latest(&self) -> Result<Option<TargetResult>> {
        let results = self.results_of().await?;
        Ok(report::latest(&results)
            .cloned()
            .map(|result| TargetResult::new(result, self.target.clone(), &self.scope)))
    }

    /// The status of the latest result, computed from its figures (the stated one where the
    /// figures cannot be judged). An approximate figure is taken at face value: see `approximate`.
    async fn status(&self) -> Result<AchievementStatus> {
        let results = self.results_of().await?;
        Ok(report::status(&self.target, report::latest(&results)).into())
    }

    /// The status the source states for the latest result ("hoàn thành sớm": EXCEEDED), when it
    /// states one.
    async fn stated_status(&self) -> Result<Option<AchievementStatus>> {
        Ok(self.assessment().await?.1.stated_status.map(Into::into))
    }

    /// True when the stated status and the one computed from the figures differ: both are
    /// shown, neither is chosen.
    async fn status_disagrees(&self) -> Result<bool> {
        Ok(self.assessment().await?.1.status_disagrees)
    }

    /// True when `status` rests on an approximate figure ("gần 60") whose range (a tenth either
    /// side) crosses a bound of the target: the status holds at face value only ("MET
    /// (approximate)").
    async fn approximate(&self) -> Result<bool> {
        Ok(self.assessment().await?.1.approximate)
    }

    /// True when several results cover the latest result's span with figures that cannot all be
    /// true (Cự Khối's cells, 2010-2015: 82.4 and 86): `latest` is then only the last recorded.
    async fn conflicting(&self) -> Result<bool> {
        Ok(!self.assessment().await?.1.conflicting.is_empty())
    }

    /// The conflicting figures for the latest result's span, in recorded order; empty when they
    /// agree.
    async fn conflicting_values(&self) -> Result<Vec<DecimalValue>> {
        Ok(self
            .assessment()
            .await?
            .1
            .conflicting
            .into_iter()
            .filter_map(|(_, value)| value.map(DecimalValue))
            .collect())
    }

    /// The warnings stored with the target and with any of its results (the same ones that
    /// `dataQualityIssues` lists).
    #[graphql(complexity = "5 * child_complexity")]
    async fn data_quality_issues(&self) -> Result<Vec<DataQualityIssue>> {
        Ok(self
            .issues_of()
            .await?
            .into_iter()
            .map(|model| DataQualityIssue {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// The codes of everything that makes the row uncertain, each once, alphabetically: the
    /// rules of its stored warnings (`contradicts_same_source`, ...) and what the report itself
    /// finds: `conflicting_figures`, `stated_status_disagrees`, `approximate_near_bound`.
    async fn data_quality_codes(&self) -> Result<Vec<String>> {
        // Both asked at once, so that they join the page's batches of each.
        let ((_, assessment), stored) = futures::try_join!(self.assessment(), self.issues_of())?;
        Ok(report::quality_codes(
            stored.iter().map(|issue| issue.rule.as_str()),
            &assessment,
        ))
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
