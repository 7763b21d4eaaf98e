//! Relay connections: `edges { cursor node }`, `nodes`, `pageInfo`, `totalCount`, paged with
//! `first`/`after`. A page holds 20 by default and at most 100; asking for more is an error,
//! not a silent cap. Cursors are opaque and tied to the list they came from.

use super::types::{Congress, DataQualityIssue, Document, Organization, Person};
use crate::store::page::Page;
use async_graphql::SimpleObject;
use serde::Serialize;

pub use super::cursor::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageInfo, encode_cursor, page_request};

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
connection!(ChangeConnection, ChangeEdge, super::types::Change);
