//! The root lists (`organizations`, `congresses`, `people`, `documents`, `dataQualityIssues`):
//! their arguments read into a store query, and a page of rows with their cursors. The root
//! resolvers and the planner both go through [`ListQuery`], so a list answers the same whoever
//! asks.

use super::cursor::{encode_cursor, page_request};
use super::describe::Record;
use super::ids::{self, NodeType};
use crate::ApiError;
use crate::store::congresses::CongressFilter;
use crate::store::documents::SymbolMatch;
use crate::store::organizations::OrganizationFilter;
use crate::store::page::{IntKey, NameKey, Page, PageRequest};
use crate::store::quality::IssueFilter;
use crate::store::search::SearchQuery;
use crate::store::{ReadConn, congresses, documents, organizations, people, quality};
use crate::vocabulary::symbol::DocumentSymbol;
use chrono::NaiveDate;
use entity::enums::{OrganizationKind, OrganizationLevel};
use serde::Serialize;

/// A root list with its filters and page.
pub enum ListQuery {
    Organizations(OrganizationFilter, PageRequest<NameKey>),
    Congresses(CongressFilter, PageRequest<IntKey>),
    People(Option<SearchQuery>, PageRequest<NameKey>),
    Documents(Option<SymbolMatch>, PageRequest<IntKey>),
    Issues(IssueFilter, PageRequest<IntKey>),
}

/// One page of a root list: its rows with their cursors, and whether more follow.
pub struct ListPage {
    pub rows: Vec<(Record, String)>,
    pub has_next: bool,
}

/// A search as typed; names are short, so a search longer than any name is a mistake.
pub fn search_query(text: Option<&str>) -> Result<Option<SearchQuery>, ApiError> {
    match text {
        Some(text) if text.chars().count() > 200 => Err(ApiError::invalid(
            "search_too_long",
            "search",
            "search may be at most 200 characters",
        )),
        Some(text) => Ok(SearchQuery::parse(text)),
        None => Ok(None),
    }
}

/// An optional ID argument of a known type.
pub fn optional_id(id: Option<&str>, node_type: NodeType, path: &str) -> Result<Option<i64>, ApiError> {
    id.map(|id| ids::decode_as(id, node_type, path)).transpose()
}

impl ListQuery {
    /// The list's name, which its cursors carry.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Organizations(..) => "organizations",
            Self::Congresses(..) => "congresses",
            Self::People(..) => "people",
            Self::Documents(..) => "documents",
            Self::Issues(..) => "dataQualityIssues",
        }
    }

    #[allow(clippy::too_many_arguments)] // One argument per filter of the contract's field.
    pub fn organizations(
        search: Option<&str>,
        kind: Option<OrganizationKind>,
        level: Option<OrganizationLevel>,
        parent_id: Option<&str>,
        active_on: Option<NaiveDate>,
        first: Option<i32>,
        after: Option<&str>,
    ) -> Result<Self, ApiError> {
        let request = page_request("organizations", first, after)?;
        let filter = OrganizationFilter {
            search: search_query(search)?,
            kind,
            level,
            parent_id: optional_id(parent_id, NodeType::Organization, "parentId")?,
            active_on,
        };
        Ok(Self::Organizations(filter, request))
    }

    pub fn congresses(
        organization_id: Option<&str>,
        under_organization_id: Option<&str>,
        term_year: Option<i32>,
        first: Option<i32>,
        after: Option<&str>,
    ) -> Result<Self, ApiError> {
        let request = page_request("congresses", first, after)?;
        let filter = CongressFilter {
            organization_id: optional_id(organization_id, NodeType::Organization, "organizationId")?,
            under_organization_id: optional_id(under_organization_id, NodeType::Organization, "underOrganizationId")?,
            term_year,
        };
        Ok(Self::Congresses(filter, request))
    }

    pub fn people(search: Option<&str>, first: Option<i32>, after: Option<&str>) -> Result<Self, ApiError> {
        let request = page_request("people", first, after)?;
        Ok(Self::People(search_query(search)?, request))
    }

    /// "15-NQ/TW" (spaces and case do not matter, nor "D" for "Đ", and an unknown type code
    /// matches the code its warning suggests) finds every document with that symbol across
    /// terms; a partial symbol such as "15-NQ" matches from the start.
    pub fn documents(symbol: Option<&str>, first: Option<i32>, after: Option<&str>) -> Result<Self, ApiError> {
        let request = page_request("documents", first, after)?;
        let symbol = symbol
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|text| match DocumentSymbol::parse(text) {
                Ok(parsed) => SymbolMatch::Symbol {
                    number: parsed.number(),
                    key: parsed.lookup_key(),
                },
                Err(_) => SymbolMatch::Prefix(crate::vocabulary::text::clean(text).replace(' ', "").to_uppercase()),
            });
        Ok(Self::Documents(symbol, request))
    }

    pub fn issues(
        organization_id: Option<&str>,
        rule: Option<&str>,
        first: Option<i32>,
        after: Option<&str>,
    ) -> Result<Self, ApiError> {
        let request = page_request("dataQualityIssues", first, after)?;
        let filter = IssueFilter {
            organization_id: optional_id(organization_id, NodeType::Organization, "organizationId")?,
            rule: rule.map(crate::vocabulary::text::clean).filter(|rule| !rule.is_empty()),
        };
        Ok(Self::Issues(filter, request))
    }

    /// One page of the list.
    pub async fn page(&self, conn: &ReadConn) -> Result<ListPage, ApiError> {
        let name = self.name();
        Ok(match self {
            Self::Organizations(filter, request) => rows(name, organizations::page(conn, filter, request).await?),
            Self::Congresses(filter, request) => rows(name, congresses::page(conn, filter, request).await?),
            Self::People(search, request) => rows(name, people::page(conn, search.as_ref(), request).await?),
            Self::Documents(symbol, request) => rows(name, documents::page(conn, symbol.as_ref(), request).await?),
            Self::Issues(filter, request) => rows(name, quality::page(conn, filter, request).await?),
        })
    }

    /// How many records match the filters, across all pages.
    pub async fn count(&self, conn: &ReadConn) -> Result<i64, ApiError> {
        match self {
            Self::Organizations(filter, _) => Ok(organizations::count(conn, filter).await?),
            Self::Congresses(filter, _) => Ok(congresses::count(conn, filter).await?),
            Self::People(search, _) => Ok(people::count(conn, search.as_ref()).await?),
            Self::Documents(symbol, _) => Ok(documents::count(conn, symbol.as_ref()).await?),
            Self::Issues(filter, _) => Ok(quality::count(conn, filter).await?),
        }
    }
}

fn rows<M: Into<Record>, K: Serialize>(list: &str, page: Page<(M, K)>) -> ListPage {
    ListPage {
        rows: page
            .rows
            .into_iter()
            .map(|(row, key)| (row.into(), encode_cursor(list, &key)))
            .collect(),
        has_next: page.has_next,
    }
}
