//! Relay connections: `edges { cursor node }`, `nodes`, `pageInfo`, `totalCount`, paged with
//! `first`/`after`. A page holds 20 by default and at most 100; asking for more is an error,
//! not a silent cap. Cursors are opaque and tied to the list they came from.

use super::types::{Congress, DataQualityIssue, Document, Organization, Person};
use crate::ApiError;
use crate::store::page::{Page, PageRequest};
use async_graphql::SimpleObject;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Serialize, de::DeserializeOwned};

pub const DEFAULT_PAGE_SIZE: i32 = 20;
pub const MAX_PAGE_SIZE: i32 = 100;

/// Validates `first`/`after` for a list whose cursors carry `K`.
pub fn page_request<K: DeserializeOwned>(
    list: &str,
    first: Option<i32>,
    after: Option<&str>,
) -> Result<PageRequest<K>, ApiError> {
    let limit = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(first) if first < 0 => {
            return Err(ApiError::invalid("page_size", "first", "first must not be negative"));
        }
        Some(first) if first > MAX_PAGE_SIZE => {
            return Err(ApiError::invalid(
                "page_size",
                "first",
                format!("first may be at most {MAX_PAGE_SIZE}; page through longer lists with after"),
            ));
        }
        Some(first) => first,
    };
    let after = match after {
        None => None,
        Some(cursor) => Some(decode_cursor(list, cursor).ok_or_else(|| {
            ApiError::invalid(
                "cursor",
                "after",
                "after is not a cursor of this list; pass an endCursor you received",
            )
        })?),
    };
    Ok(PageRequest {
        after,
        limit: limit as u64,
    })
}

pub fn encode_cursor<K: Serialize>(list: &str, key: &K) -> String {
    let body = serde_json::to_string(key).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(format!("{list}|{body}"))
}

fn decode_cursor<K: DeserializeOwned>(list: &str, cursor: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (tag, body) = text.split_once('|')?;
    (tag == list).then_some(())?;
    serde_json::from_str(body).ok()
}

#[derive(SimpleObject, Clone)]
pub struct PageInfo {
    pub has_next_page: bool,
    /// Always false: lists are paged forward only.
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

/// Declares a connection type and its edge type for one node type.
macro_rules! connection {
    ($connection:ident, $edge:ident, $node:ty) => {
        #[derive(SimpleObject, Clone)]
        pub struct $edge {
            pub cursor: String,
            pub node: $node,
        }

        #[derive(SimpleObject, Clone)]
        pub struct $connection {
            pub edges: Vec<$edge>,
            pub nodes: Vec<$node>,
            pub page_info: PageInfo,
            /// How many records match the filters, across all pages.
            pub total_count: i64,
        }

        impl $connection {
            /// Builds a connection from a page of a root list, mapping its records to nodes.
            pub fn from_list(
                page: super::lists::ListPage,
                total_count: i64,
                node: impl Fn(super::describe::Record) -> Result<$node, crate::ApiError>,
            ) -> Result<Self, crate::ApiError> {
                let mut edges = Vec::with_capacity(page.rows.len());
                for (row, cursor) in page.rows {
                    edges.push($edge {
                        cursor,
                        node: node(row)?,
                    });
                }
                let page_info = PageInfo {
                    has_next_page: page.has_next,
                    has_previous_page: false,
                    start_cursor: edges.first().map(|edge: &$edge| edge.cursor.clone()),
                    end_cursor: edges.last().map(|edge: &$edge| edge.cursor.clone()),
                };
                let nodes = edges.iter().map(|edge| edge.node.clone()).collect();
                Ok(Self {
                    edges,
                    nodes,
                    page_info,
                    total_count,
                })
            }

            /// Builds a connection from a page of `(row, sort key)`, mapping rows to nodes.
            pub fn from_page<R, K: Serialize>(
                list: &str,
                page: Page<(R, K)>,
                total_count: i64,
                node: impl Fn(R) -> $node,
            ) -> Self {
                let edges: Vec<$edge> = page
                    .rows
                    .into_iter()
                    .map(|(row, key)| $edge {
                        cursor: encode_cursor(list, &key),
                        node: node(row),
                    })
                    .collect();
                let page_info = PageInfo {
                    has_next_page: page.has_next,
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
    };
}

connection!(OrganizationConnection, OrganizationEdge, Organization);
connection!(CongressConnection, CongressEdge, Congress);
connection!(PersonConnection, PersonEdge, Person);
connection!(DocumentConnection, DocumentEdge, Document);
connection!(DataQualityIssueConnection, DataQualityIssueEdge, DataQualityIssue);
connection!(ChangeConnection, ChangeEdge, super::subscription::Change);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::page::IntKey;

    #[test]
    fn asking_for_more_than_the_maximum_page_is_an_error() {
        let result = page_request::<IntKey>("congresses", Some(101), None);
        assert!(matches!(result, Err(ApiError::BadUserInput(_))));
    }

    #[test]
    fn a_cursor_of_another_list_is_rejected() {
        let cursor = encode_cursor("people", &IntKey { value: 1, id: 1 });
        let result = page_request::<IntKey>("congresses", None, Some(&cursor));
        assert!(matches!(result, Err(ApiError::BadUserInput(_))));
    }

    #[test]
    fn a_cursor_round_trips() {
        let key = IntKey { value: 2015, id: 9 };
        let cursor = encode_cursor("congresses", &key);
        let request = page_request::<IntKey>("congresses", Some(5), Some(&cursor)).ok();
        assert_eq!(request.and_then(|r| r.after), Some(key));
    }
}
