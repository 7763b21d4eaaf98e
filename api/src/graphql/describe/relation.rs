//! What a relation is: how to read the related rows of many parents at once (one statement
//! whatever their number), what kind of rows they are, and how many a parent can have (the
//! complexity multiplier of its field). Resolvers read relations through their batching loader
//! ([`Scope::related`](crate::graphql::loaders::Scope::related)); the planner reads the same
//! relations level by level.

use super::record::{Kind, Record};
use crate::error::ApiResult;
use crate::store::ReadConn;
use chrono::NaiveDate;
use entity::enums::CommitteeKind;
use futures::future::BoxFuture;

/// Related rows, each with the key of the parent it belongs to, in the order the relation lists them.
pub type Fetched = Vec<(i64, Record)>;

/// Reads the related rows of the parents with these keys.
pub type Fetch = for<'a> fn(&'a ReadConn, Vec<i64>, Args) -> BoxFuture<'a, ApiResult<Fetched>>;

/// The arguments a relation reads (a field's arguments, with defaults resolved per parent).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Args {
    /// `on:` / `activeOn:`: the date the tree or the positions are read on.
    pub on: Option<NaiveDate>,
    /// `year:` / `termYear:`.
    pub year: Option<i32>,
    /// `kind:` of `Congress.committee`.
    pub committee_kind: Option<CommitteeKind>,
}

impl Args {
    pub const NONE: Self = Self {
        on: None,
        year: None,
        committee_kind: None,
    };

    pub fn on(on: NaiveDate) -> Self {
        Self {
            on: Some(on),
            ..Self::NONE
        }
    }
}

/// A relation from one type of record to another.
pub struct Relation {
    /// For logs and test failures.
    pub name: &'static str,
    pub child: Kind,
    /// How many rows a parent can have, as far as complexity is concerned (1: at most one).
    pub complexity: usize,
    pub fetch: Fetch,
}

impl std::fmt::Debug for Relation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name)
    }
}

impl PartialEq for Relation {
    fn eq(&self, other: &Self) -> bool {
        std::ptr::eq(self, other)
    }
}

impl Eq for Relation {}

impl std::hash::Hash for Relation {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        (self as *const Self).hash(state);
    }
}

/// Rows of one model as related records.
pub fn records<M: Into<Record>>(rows: Vec<(i64, M)>) -> Fetched {
    rows.into_iter().map(|(key, row)| (key, row.into())).collect()
}
