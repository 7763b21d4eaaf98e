//! What a relation is: the statement that reads the related rows of many parents at once
//! (`store::related`), what kind of rows they are, and how many a parent can have (the
//! complexity multiplier of its field). Resolvers read relations through their batching loader
//! ([`Scope::related`](crate::graphql::loaders::Scope::related)); the planner reads the same
//! relations, level by level or joined into one statement.

use super::record::{Kind, Record};
use crate::domain::time;
use crate::error::ApiResult;
use crate::store::ReadConn;
use crate::store::related::{self, Builder, Today};

pub use crate::store::related::Args;

/// Related rows, each with the key of the parent it belongs to, in the order the relation lists them.
pub type Fetched = Vec<(i64, Record)>;

/// A relation from one type of record to another.
pub struct Relation {
    /// For logs and test failures.
    pub name: &'static str,
    pub child: Kind,
    /// How many rows a parent can have, as far as complexity is concerned (1: at most one).
    pub complexity: usize,
    pub build: Builder,
}

impl Relation {
    /// The related rows of the parents with these keys.
    pub async fn fetch(&self, conn: &ReadConn, keys: &[i64], args: Args) -> ApiResult<Fetched> {
        let rows = related::rows(conn, self.build, keys, &args, today()).await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in &rows {
            out.push((row.try_get("", "parent_key")?, Record::decode(self.child, row)?));
        }
        Ok(out)
    }
}

/// One read of a relation: its keys and arguments.
pub struct Read<'a> {
    pub relation: &'static Relation,
    pub keys: &'a [i64],
    pub args: Args,
}

/// Several relations read in one statement (one for a single relation, as [`Relation::fetch`]
/// reads it): each read's rows, in the order of the reads.
pub async fn fetch_side_by_side(conn: &ReadConn, reads: &[Read<'_>]) -> ApiResult<Vec<Fetched>> {
    if let [read] = reads {
        return Ok(vec![read.relation.fetch(conn, read.keys, read.args).await?]);
    }
    let parts: Vec<related::Part<'_>> = reads
        .iter()
        .map(|read| related::Part {
            build: read.relation.build,
            keys: read.keys,
            args: &read.args,
            table: read.relation.child.table(),
            columns: read.relation.child.columns(),
        })
        .collect();
    let rows = related::rows_side_by_side(conn, &parts, today()).await?;
    let mut out: Vec<Fetched> = reads.iter().map(|_| Vec::new()).collect();
    let prefixes: Vec<String> = (0..reads.len()).map(|branch| format!("b{branch}_")).collect();
    for row in &rows {
        let branch: i32 = row.try_get("", "branch_")?;
        let branch =
            usize::try_from(branch).map_err(|_| crate::ApiError::internal("a part of a statement out of range"))?;
        let (Some(read), Some(prefix)) = (reads.get(branch), prefixes.get(branch)) else {
            return Err(crate::ApiError::internal("a part of a statement out of range"));
        };
        out[branch].push((
            row.try_get("", "parent_key")?,
            Record::decode_prefixed(read.relation.child, row, prefix)?,
        ));
    }
    Ok(out)
}

/// Today in the records' time zone, for relations whose date defaults to it.
pub fn today() -> Today {
    Today(time::today())
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
