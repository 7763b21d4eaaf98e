//! A term report's part of a plan's run: reading the report (its organization and term, then its
//! summary, pages of rows and their results in one statement) and writing its fields.

use super::*;

/// What a term report's fields read, field by field.
pub(super) struct ReportRows {
    organization: Record,
    year: i32,
    term: Option<(i32, i32)>,
    fields: Vec<ReportRead>,
    summaries: Option<Summaries>,
}

enum ReportRead {
    None,
    Organization(Loaded),
    Rows {
        page: ListPage,
        total: Option<i64>,
        loaded: Vec<Loaded>,
    },
    ByOrganization {
        organizations: Vec<Record>,
        loaded: Vec<Loaded>,
    },
}

impl Context<'_> {
    /// A term report of one organization (one with its descendants waits for a turn, which is
    /// the executor's to take).
    pub(super) async fn report(&self, arguments: &Arguments, fields: &[ReportField]) -> Result<ReportRows> {
        use chrono::Datelike;
        let args = resolve_all(arguments, self.variables, self.definitions);
        let id = args.text("organizationId")?.ok_or(Stop::Unplannable)?;
        let key = ids::decode_as(id, NodeType::Organization, "organizationId").map_err(|_| Stop::Unplannable)?;
        let year = args
            .int("termYear")?
            .unwrap_or_else(|| crate::domain::time::today().year());
        if args.boolean("includeDescendants")?.unwrap_or(false) {
            return Err(Stop::Unplannable);
        }
        crate::domain::report::check_year(year).map_err(|_| Stop::Unplannable)?;
        let (organization, term) = self
            .reads
            .tracked(crate::store::congresses::organization_and_term(self.conn, key, year))
            .await?
            .ok_or(Stop::Unplannable)?;
        let organization = Record::from(organization);
        self.reads.remember(
            relations::by_id(Kind::Organization),
            vec![key],
            vec![(key, organization.clone())],
        );
        let scope = ReportScope {
            organization_id: key,
            include_descendants: false,
            year,
        };
        let wants_summaries = fields
            .iter()
            .any(|field| matches!(field, ReportField::Summary(..) | ReportField::ByOrganization(..)));
        // The pages of rows asked for (one per `rows` field, aliases included), each with one
        // row more than asked, to know whether another page follows.
        let mut wanted = Vec::new();
        for field in fields {
            if let ReportField::Rows(_, arguments, _) = field {
                let args = resolve_all(arguments, self.variables, self.definitions);
                let request = crate::graphql::connection::page_request::<RowKey>(
                    "termReportRows",
                    args.int("first")?,
                    args.text("after")?,
                )
                .map_err(|_| Stop::Unplannable)?;
                wanted.push(PageRequest {
                    limit: request.limit.saturating_add(1),
                    ..request
                });
            }
        }
        // With the summary, the pages come from the summary's own statement, and so do their
        // targets' results when the rows read them (`latest`, `status`, `results`): a report
        // page is then two statements, the organization and this one.
        let mut page_results: Option<Vec<(i64, Record)>> = None;
        let (summaries, read_pages) = if wants_summaries {
            let rows_read_results = fields.iter().any(|field| match field {
                ReportField::Rows(_, _, selection) => node_selections(selection)
                    .into_iter()
                    .any(|selection| reads_relation(selection, &relations::RESULTS)),
                _ => false,
            });
            let results = if rows_read_results {
                ResultsRead::All
            } else {
                ResultsRead::LatestSpan
            };
            let read = self
                .reads
                .tracked(crate::graphql::report::summaries_and_rows(
                    self.conn, &scope, &wanted, results,
                ))
                .await?;
            let total = read.total;
            // Read only with `ResultsRead::All`; each page keeps its share once it is cut.
            page_results = (results == ResultsRead::All).then(|| {
                read.page_results
                    .into_iter()
                    .map(|(target, result)| (target, Record::from(result)))
                    .collect()
            });
            (
                Some(read.summaries),
                read.pages.into_iter().map(|page| Some((page, Some(total)))).collect(),
            )
        } else {
            (None, wanted.iter().map(|_| None).collect::<Vec<_>>())
        };
        let mut pages = wanted.iter().zip(read_pages);
        let mut read = Vec::with_capacity(fields.len());
        for field in fields {
            read.push(match field {
                ReportField::Organization(_, selection) => {
                    ReportRead::Organization(self.load(selection, &[&organization]).await?)
                }
                ReportField::Rows(_, _, selection) => {
                    let (wanted, page) = pages.next().ok_or(Stop::Unplannable)?;
                    let wants_total = selection
                        .fields
                        .iter()
                        .any(|f| matches!(f, ConnectionField::TotalCount(_)));
                    let (mut rows, total) = match page {
                        Some(page) => page,
                        None => {
                            let rows = self
                                .reads
                                .tracked(targets::page(self.conn, &scope, wanted.after.as_ref(), wanted.limit))
                                .await?;
                            let total = if wants_total {
                                Some(self.reads.tracked(targets::count(self.conn, &scope)).await?)
                            } else {
                                None
                            };
                            (rows, total)
                        }
                    };
                    let limit = wanted.limit - 1;
                    let has_next = rows.len() as u64 > limit;
                    rows.truncate(usize::try_from(limit).unwrap_or(usize::MAX));
                    if let Some(results) = &page_results {
                        self.remember_results(&rows, results);
                    }
                    let total = total.filter(|_| wants_total);
                    let page = ListPage {
                        rows: rows
                            .into_iter()
                            .map(|target| {
                                let cursor =
                                    crate::graphql::connection::encode_cursor("termReportRows", &RowKey::of(&target));
                                (Record::from(target), cursor)
                            })
                            .collect(),
                        has_next,
                    };
                    let parents: Vec<&Record> = page.rows.iter().map(|(row, _)| row).collect();
                    let loaded = self.load_each(node_selections(selection), &parents).await?;
                    ReportRead::Rows { page, total, loaded }
                }
                ReportField::ByOrganization(_, fields) => {
                    let keys: Vec<i64> = summaries
                        .as_ref()
                        .map(|s| s.per_organization.keys().copied().collect())
                        .unwrap_or_default();
                    let mut organizations = self.by_id(Kind::Organization, &keys).await?;
                    organizations.sort_by_key(Record::id);
                    let parents: Vec<&Record> = organizations.iter().collect();
                    let selections = fields.iter().filter_map(|field| match field {
                        OrganizationSummaryField::Organization(_, selection) => Some(selection),
                        _ => None,
                    });
                    let loaded = self.load_each(selections, &parents).await?;
                    ReportRead::ByOrganization { organizations, loaded }
                }
                _ => ReportRead::None,
            });
        }
        Ok(ReportRows {
            organization,
            year,
            term,
            fields: read,
            summaries,
        })
    }

    /// Keeps the results the report's statement read for a page's rows as the read of
    /// `RESULTS` those rows would make, keyed as [`load`](Self::load) keys it (the rows' sorted
    /// ids).
    fn remember_results(&self, rows: &[entity::target::Model], results: &[(i64, Record)]) {
        let mut keys: Vec<i64> = rows.iter().map(|target| target.id).collect();
        keys.sort_unstable();
        keys.dedup();
        if keys.is_empty() {
            return;
        }
        let rows = results
            .iter()
            .filter(|(target, _)| keys.binary_search(target).is_ok())
            .cloned()
            .collect();
        self.reads.remember(&relations::RESULTS, keys, rows);
    }
}

/// Whether `selection` reads `relation` for its own rows: by one of its fields, or by one of a
/// field that stands for the same row (a report row's `target`).
fn reads_relation(selection: &Selection, relation: &'static Relation) -> bool {
    selection.fields.iter().any(|field| {
        let What::Def { def, below } = &field.what else {
            return false;
        };
        match &def.plan {
            FieldPlan::Related(related) => std::ptr::eq(related.relation, relation),
            FieldPlan::Derived(derived) => std::ptr::eq(derived.relation, relation),
            FieldPlan::Same(_) => match below {
                Some(Below::Object(selection)) => reads_relation(selection, relation),
                _ => false,
            },
            _ => false,
        }
    })
}

fn write_summary(out: &mut Json, fields: &[(async_graphql::Name, SummaryField)], summary: &Summary) {
    out.begin_object();
    for (key, field) in fields {
        out.key(key);
        match field {
            SummaryField::Typename => out.str("ReportSummary"),
            SummaryField::Targets => out.int(i64::from(summary.targets)),
            SummaryField::ListedTargets => out.int(i64::from(summary.listed_targets)),
            SummaryField::SubTargets => out.int(i64::from(summary.sub_targets)),
            SummaryField::DeclaredTargets => out.opt_int(summary.declared_targets),
            SummaryField::Met => out.int(i64::from(summary.met)),
            SummaryField::Exceeded => out.int(i64::from(summary.exceeded)),
            SummaryField::NotMet => out.int(i64::from(summary.not_met)),
            SummaryField::NoData => out.int(i64::from(summary.no_data)),
            SummaryField::Approximate => out.int(i64::from(summary.approximate)),
            SummaryField::Conflicting => out.int(i64::from(summary.conflicting)),
            SummaryField::StatusDisagreements => out.int(i64::from(summary.status_disagreements)),
        }
    }
    out.end_object();
}

pub(super) fn write_report(out: &mut Json, fields: &[ReportField], report: &ReportRows) -> Result<()> {
    out.begin_object();
    for (field, read) in fields.iter().zip(&report.fields) {
        match (field, read) {
            (ReportField::Typename(key), _) => {
                out.key(key);
                out.str("TermReport");
            }
            (ReportField::Organization(key, selection), ReportRead::Organization(loaded)) => {
                out.key(key);
                write_selection(out, selection, loaded, &report.organization)?;
            }
            (ReportField::TermYear(key), _) => {
                out.key(key);
                out.int(i64::from(report.year));
            }
            (ReportField::TermStartYear(key), _) => {
                out.key(key);
                out.opt_int(report.term.map(|term| term.0));
            }
            (ReportField::TermEndYear(key), _) => {
                out.key(key);
                out.opt_int(report.term.map(|term| term.1));
            }
            (ReportField::Rows(key, _, selection), ReportRead::Rows { page, total, loaded }) => {
                out.key(key);
                write_connection(out, selection, page, *total, loaded)?;
            }
            (ReportField::Summary(key, fields), _) => {
                out.key(key);
                let summaries = report.summaries.as_ref().ok_or(Stop::Unplannable)?;
                write_summary(out, fields, &summaries.overall);
            }
            (ReportField::ByOrganization(key, fields), ReportRead::ByOrganization { organizations, loaded }) => {
                out.key(key);
                let summaries = report.summaries.as_ref().ok_or(Stop::Unplannable)?;
                out.begin_list();
                for organization in organizations {
                    let summary = summaries
                        .per_organization
                        .get(&organization.id())
                        .ok_or(Stop::Unplannable)?;
                    let mut loaded = loaded.iter();
                    out.begin_object();
                    for field in fields {
                        match field {
                            OrganizationSummaryField::Typename(key) => {
                                out.key(key);
                                out.str("OrganizationSummary");
                            }
                            OrganizationSummaryField::Organization(key, selection) => {
                                out.key(key);
                                write_selection(out, selection, loaded.next().ok_or(Stop::Unplannable)?, organization)?;
                            }
                            OrganizationSummaryField::Summary(key, fields) => {
                                out.key(key);
                                write_summary(out, fields, summary);
                            }
                        }
                    }
                    out.end_object();
                }
                out.end_list();
            }
            _ => return Err(Stop::Unplannable),
        }
    }
    out.end_object();
    Ok(())
}
