//! What a relation is: the statement that reads the related rows of many parents at once
//! (`store::related`), what kind of rows they are, and how many a parent can have (the
//! complexity multiplier of its field). Resolvers read relations through their batching loader
//! ([`Scope::related`](crate::graphql::loaders::Scope::related)); the planner reads the same
//! relations level by level, the relations of a level side by side in one statement
//! ([`fetch_side_by_side`]).

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

/// How many columns one statement of several relations may carry: each part brings its table's
/// columns, NULL in the other parts' rows. Well under PostgreSQL's 1,664 columns per select list
/// and SQLite's 2,000.
const MAX_COLUMNS: usize = 1_000;

/// How many relations one statement may carry (SQLite allows 500 parts in a compound select).
const MAX_PARTS: usize = 64;

/// Several relations read in as few statements as the limits above allow (one, for the reads of
/// a query's level but for hundreds of aliased relations): each read's rows, in the order of the
/// reads.
pub async fn fetch_side_by_side(conn: &ReadConn, reads: &[Read<'_>]) -> ApiResult<Vec<Fetched>> {
    let widths: Vec<usize> = reads.iter().map(|read| read.relation.child.columns().len()).collect();
    let mut out = Vec::with_capacity(reads.len());
    for statement in statements(&widths) {
        out.extend(fetch_in_one_statement(conn, &reads[statement]).await?);
    }
    Ok(out)
}

/// Splits reads of these widths (columns), in order, into the fewest runs of consecutive reads
/// that stay within [`MAX_COLUMNS`] and [`MAX_PARTS`]; a read wider than the budget runs alone.
fn statements(widths: &[usize]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut columns = 0;
    for (index, width) in widths.iter().enumerate() {
        if index > start && (columns + width > MAX_COLUMNS || index - start == MAX_PARTS) {
            out.push(start..index);
            start = index;
            columns = 0;
        }
        columns += width;
    }
    if start < widths.len() {
        out.push(start..widths.len());
    }
    out
}

/// Several relations read in one statement (a single one as [`Relation::fetch`] reads it).
async fn fetch_in_one_statement(conn: &ReadConn, reads: &[Read<'_>]) -> ApiResult<Vec<Fetched>> {
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

#[cfg(test)]
mod tests {
    use super::{MAX_COLUMNS, MAX_PARTS, statements};

    #[test]
    fn reads_side_by_side_split_only_past_the_column_and_part_budgets() {
        assert_eq!(statements(&[]), Vec::<std::ops::Range<usize>>::new());
        assert_eq!(statements(&[12, 20, 15]), vec![0..3]);
        // Columns: 60 reads of 20 columns make 1,200, so two statements.
        let wide = vec![20; 60];
        let runs = statements(&wide);
        assert_eq!(runs, vec![0..MAX_COLUMNS / 20, MAX_COLUMNS / 20..60]);
        // Parts: many narrow reads stop at the part budget.
        let narrow = vec![1; MAX_PARTS * 2 + 1];
        let runs = statements(&narrow);
        assert_eq!(runs.len(), 3);
        assert!(runs.iter().all(|run| run.len() <= MAX_PARTS));
        // A read wider than the budget still runs, alone; order is kept and nothing is lost.
        let mixed = [10, MAX_COLUMNS + 5, 10, 10];
        assert_eq!(statements(&mixed), vec![0..1, 1..2, 2..4]);
    }
}
