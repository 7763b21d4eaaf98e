//! The root query: lookups by ID and the paged, filtered lists.

use super::connection::{
    ChangeConnection, CongressConnection, DataQualityIssueConnection, DocumentConnection, OrganizationConnection,
    PersonConnection, page_request,
};
use super::enums::{OrganizationKind, OrganizationLevel};
use super::ids::{self, NodeType};
use super::lists::{ListPage, ListQuery, optional_id};
use super::loaders::{Scope, scope};
use super::report::TermReport;
use super::scalars::Date;
use super::types::*;
use crate::ApiError;
use crate::admission::{ClientKey, ReportGate, RequestPermits};
use crate::domain::{report, time};
use async_graphql::{Context, ID, Object, Result};
use chrono::Datelike;
use entity::{congress, organization, person};

pub struct QueryRoot;

/// A page of a root list, and its total count when the client selected `totalCount` (lists
/// only count when asked).
async fn read_list(ctx: &Context<'_>, scope: &Scope, list: &ListQuery) -> Result<(ListPage, i64), ApiError> {
    let page = list.page(scope.conn()).await?;
    let total = if ctx.look_ahead().field("totalCount").exists() {
        list.count(scope.conn()).await?
    } else {
        0
    };
    Ok((page, total))
}

/// A list's record as the model its list holds.
fn typed<M: crate::graphql::describe::Stored>(record: crate::graphql::describe::Record) -> Result<M, ApiError> {
    M::try_from(record)
        .map_err(|kind| ApiError::internal(format!("a list gave a {kind:?} where {:?} was expected", M::KIND)))
}

#[Object(name = "Query")]
impl QueryRoot {
    /// Any record by its ID.
    async fn node(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Node>> {
        let Some((node_type, key)) = ids::decode(&id) else {
            return Err(
                ApiError::invalid("id_malformed", "id", format!("\"{}\" is not a valid ID", id.as_str())).into(),
            );
        };
        Ok(node_of(&scope(ctx)?, node_type, key).await?)
    }

    /// Several records by their IDs, in the order asked (null where none exists).
    #[graphql(complexity = "ids.len() * child_complexity")]
    async fn nodes(&self, ctx: &Context<'_>, ids: Vec<ID>) -> Result<Vec<Option<Node>>> {
        if ids.len() > super::connection::MAX_PAGE_SIZE as usize {
            return Err(ApiError::invalid("page_size", "ids", "at most 100 IDs at a time").into());
        }
        let scope = &scope(ctx)?;
        let mut out = Vec::with_capacity(ids.len());
        for (index, id) in ids.iter().enumerate() {
            let Some((node_type, key)) = ids::decode(id) else {
                return Err(ApiError::invalid("id_malformed", format!("ids[{index}]"), "not a valid ID").into());
            };
            out.push(node_of(scope, node_type, key).await?);
        }
        Ok(out)
    }

    async fn organization(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Organization>> {
        let key = ids::decode_as(&id, NodeType::Organization, "id")?;
        let scope = &scope(ctx)?;
        Ok(scope
            .by_id::<organization::Model>(key)
            .await?
            .map(|model| Organization::new(model, scope)))
    }

    /// Organizations by name, kind, level, parent and date. `search` ignores case, diacritics
    /// ("Đ" is "D"), tone-mark placement ("uỷ"/"ủy") and Unicode normalization, matches from the
    /// start of any word, and ranks exact names first. It reads names as people write them:
    /// "Đảng ủy phường Sài Đồng", "Ban Chấp hành Đảng bộ ..." or "Quận ủy Long Biên" find the
    /// organization ("Đảng bộ phường Sài Đồng", "Đảng bộ quận Long Biên"), and honorifics
    /// ("đ/c", "đồng chí") are ignored as writes ignore them. With `parentId` and `activeOn`, the
    /// children on that date; with `parentId` alone, every organization ever placed under it.
    #[allow(clippy::too_many_arguments)] // One argument per filter of the contract's field.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn organizations(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        kind: Option<OrganizationKind>,
        level: Option<OrganizationLevel>,
        parent_id: Option<ID>,
        active_on: Option<Date>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<OrganizationConnection> {
        let list = ListQuery::organizations(
            search.as_deref(),
            kind.map(Into::into),
            level.map(Into::into),
            parent_id.as_ref().map(|id| id.as_str()),
            active_on.map(|d| d.0),
            first,
            after.as_deref(),
        )?;
        let scope = &scope(ctx)?;
        let (page, total) = read_list(ctx, scope, &list).await?;
        Ok(OrganizationConnection::from_list(page, total, |row| {
            Ok(Organization::new(typed(row)?, scope))
        })?)
    }

    async fn congress(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Congress>> {
        let key = ids::decode_as(&id, NodeType::Congress, "id")?;
        let scope = &scope(ctx)?;
        Ok(scope
            .by_id::<congress::Model>(key)
            .await?
            .map(|model| Congress::new(model, scope)))
    }

    /// Congresses, oldest term first: of one organization, of everything ever placed under an
    /// organization, and/or of the terms that include a year.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn congresses(
        &self,
        ctx: &Context<'_>,
        organization_id: Option<ID>,
        under_organization_id: Option<ID>,
        term_year: Option<i32>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<CongressConnection> {
        let list = ListQuery::congresses(
            organization_id.as_ref().map(|id| id.as_str()),
            under_organization_id.as_ref().map(|id| id.as_str()),
            term_year,
            first,
            after.as_deref(),
        )?;
        let scope = &scope(ctx)?;
        let (page, total) = read_list(ctx, scope, &list).await?;
        Ok(CongressConnection::from_list(page, total, |row| {
            Ok(Congress::new(typed(row)?, scope))
        })?)
    }

    async fn person(&self, ctx: &Context<'_>, id: ID) -> Result<Option<Person>> {
        let key = ids::decode_as(&id, NodeType::Person, "id")?;
        let scope = &scope(ctx)?;
        Ok(scope
            .by_id::<person::Model>(key)
            .await?
            .map(|model| Person::new(model, scope)))
    }

    /// People by name, searched like `organizations`.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn people(
        &self,
        ctx: &Context<'_>,
        search: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<PersonConnection> {
        let list = ListQuery::people(search.as_deref(), first, after.as_deref())?;
        let scope = &scope(ctx)?;
        let (page, total) = read_list(ctx, scope, &list).await?;
        Ok(PersonConnection::from_list(page, total, |row| {
            Ok(Person::new(typed(row)?, scope))
        })?)
    }

    /// Documents by symbol: "15-NQ/TW" (spaces and case do not matter, nor "D" typed for "Đ";
    /// an unknown type code matches the code its warning suggests) finds every document with
    /// that symbol across terms; a partial symbol such as "15-NQ" matches from the start.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn documents(
        &self,
        ctx: &Context<'_>,
        symbol: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<DocumentConnection> {
        let list = ListQuery::documents(symbol.as_deref(), first, after.as_deref())?;
        let scope = &scope(ctx)?;
        let (page, total) = read_list(ctx, scope, &list).await?;
        Ok(DocumentConnection::from_list(page, total, |row| {
            Ok(Document::new(typed(row)?, scope))
        })?)
    }

    /// The targets of the term that contains `termYear` (this year when omitted), each with its
    /// results, latest result and status, a page of rows at a time, and a summary overall and
    /// per organization. With `includeDescendants`, also the targets of every organization below
    /// it during that year.
    async fn term_report(
        &self,
        ctx: &Context<'_>,
        organization_id: ID,
        term_year: Option<i32>,
        #[graphql(default_with = "Some(false)")] include_descendants: Option<bool>,
    ) -> Result<TermReport> {
        let key = ids::decode_as(&organization_id, NodeType::Organization, "organizationId")?;
        let scope = &scope(ctx)?;
        let year = term_year.unwrap_or_else(|| time::today().year());
        let include_descendants = include_descendants.unwrap_or(false);
        // A report with descendants waits for its turn (see `admission`). The request holds it
        // until its answer is written; without a request (tests calling the schema) the report
        // object holds it until every field of it has been resolved.
        let mut permit = None;
        if include_descendants && let Some(gate) = ctx.data_opt::<ReportGate>() {
            let client = ctx.data_opt::<ClientKey>().cloned().unwrap_or(ClientKey::Unknown);
            let admitted = gate
                .admit(&client)
                .await
                .map_err(|refusal| ApiError::QueryTooComplex(refusal.message()))?;
            match ctx.data_opt::<std::sync::Arc<RequestPermits>>() {
                Some(request) => request.hold(admitted).await,
                None => permit = Some(admitted),
            }
        }
        report::check_year(year)?;
        let organization = scope
            .by_id::<organization::Model>(key)
            .await?
            .ok_or_else(|| ApiError::not_found("organization"))?;
        let term = crate::store::congresses::term_containing(scope.conn(), key, year).await?;
        let report_scope = crate::store::targets::ReportScope {
            organization_id: key,
            include_descendants,
            year,
        };
        Ok(TermReport::new(report_scope, organization, term, scope.clone(), permit))
    }

    /// Warnings stored with records, for people to look at: of an organization and everything
    /// ever placed under it, and/or of one rule.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn data_quality_issues(
        &self,
        ctx: &Context<'_>,
        organization_id: Option<ID>,
        rule: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<DataQualityIssueConnection> {
        let list = ListQuery::issues(
            organization_id.as_ref().map(|id| id.as_str()),
            rule.as_deref(),
            first,
            after.as_deref(),
        )?;
        let scope = &scope(ctx)?;
        let (page, total) = read_list(ctx, scope, &list).await?;
        Ok(DataQualityIssueConnection::from_list(page, total, |row| {
            Ok(DataQualityIssue {
                model: typed(row)?,
                scope: scope.clone(),
            })
        })?)
    }

    /// The audit trail (admins only), newest first: by record (every write that touched it),
    /// by organization (and everything ever placed below it), by time and by operation.
    #[allow(clippy::too_many_arguments)] // One argument per filter of the audit trail.
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn audit_events(
        &self,
        ctx: &Context<'_>,
        record_id: Option<ID>,
        organization_id: Option<ID>,
        since: Option<chrono::DateTime<chrono::Utc>>,
        until: Option<chrono::DateTime<chrono::Utc>>,
        operation: Option<String>,
        first: Option<i32>,
        after: Option<String>,
    ) -> Result<super::types::audit::AuditEventConnection> {
        let record = match record_id {
            Some(id) => {
                let (node_type, key) =
                    ids::decode(&id).ok_or_else(|| ApiError::invalid("id_malformed", "recordId", "not a valid ID"))?;
                Some((node_type.record_type().to_owned(), key))
            }
            None => None,
        };
        let filter = crate::store::audit::AuditFilter {
            record,
            organization_id: optional_id(
                organization_id.as_ref().map(|id| id.as_str()),
                NodeType::Organization,
                "organizationId",
            )?,
            since,
            until,
            operation: operation
                .map(|operation| crate::vocabulary::text::clean(&operation))
                .filter(|o| !o.is_empty()),
        };
        super::types::audit::events(ctx, filter, first, after).await
    }

    /// The change feed, for clients that keep a copy: every record each committed write created,
    /// changed or retracted, in commit order. Start without `after`, then pass the last
    /// `endCursor` you received to get what came since; a RETRACTED entry is a tombstone.
    /// `totalCount` is the number of entries in the whole feed. The `recordChanged`
    /// subscription delivers the same entries as they are committed.
    async fn changes(&self, ctx: &Context<'_>, after: Option<String>, first: Option<i32>) -> Result<ChangeConnection> {
        let request = page_request("changes", first, after.as_deref())?;
        let scope = &scope(ctx)?;
        let page = crate::store::changes::page(scope.conn(), &request).await?;
        // Counted only when selected, like every list.
        let total = if ctx.look_ahead().field("totalCount").exists() {
            crate::store::changes::count(scope.conn()).await?
        } else {
            0
        };
        Ok(ChangeConnection::from_page("changes", page, total, |entry| {
            super::subscription::Change {
                event: crate::events::ChangeEvent {
                    operation: entry.operation,
                    record_type: entry.key.record_type,
                    record_id: entry.key.record_id,
                    action: entry.action,
                    organization_id: entry.organization_id,
                    occurred_at: entry.occurred_at,
                },
                scope: scope.clone(),
            }
        }))
    }
}
