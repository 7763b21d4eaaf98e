//! Running a [`Plan`]: one statement joining the chain's tables (only the columns asked for),
//! rows in the order the resolvers give, then JSON written while walking the rows.

use super::plan::{EnumColumn, Level, Node, Output, Plan, Scalar};
use crate::domain::roman;
use crate::graphql::enums;
use crate::graphql::ids::encode;
use crate::store::sql::Sql;
use async_graphql::resolver_utils::{EnumType, enum_value};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ActiveEnum, ConnectionTrait, DbErr, QueryResult, TryGetable};
use std::fmt::Write as _;
use std::ops::Range;

/// The answer's `data` as JSON text; `None` when the organization does not exist or a row is
/// not what the plan expects (the executor then answers, with its null or its error).
pub async fn execute(conn: &impl ConnectionTrait, plan: &Plan, organization: i64) -> Option<String> {
    let chain = plan.root.chain();
    let statement = statement(conn, &chain, organization);
    let rows = conn.query_all_raw(statement).await.ok()?;
    let keys = Keys::read(&rows, &chain).ok()?;
    if rows.is_empty() {
        return None;
    }
    let mut out = String::with_capacity(64 + rows.len() * 96);
    out.push('{');
    write_string(&mut out, plan.root_key.as_str());
    out.push(':');
    let writer = Writer {
        rows: &rows,
        keys: &keys,
    };
    writer.node(&mut out, &plan.root, 0, 0..rows.len()).ok()?;
    out.push('}');
    Some(out)
}

/// `SELECT` the ids of every level and the asked columns, `LEFT JOIN` each level to the one
/// above, ordered level by level as the loaders order (see `graphql::loaders`).
fn statement(conn: &impl ConnectionTrait, chain: &[&Node], organization: i64) -> sea_orm::Statement {
    let mut columns: Vec<String> = Vec::new();
    for node in chain {
        let alias = node.level.alias();
        columns.push(format!("{alias}.id AS {alias}_id"));
        for (_, output) in &node.fields {
            if let Output::Scalar(scalar) = output {
                for column in scalar.columns() {
                    let select = format!("{alias}.{column} AS {alias}_{column}");
                    if !columns.contains(&select) {
                        columns.push(select);
                    }
                }
            }
        }
    }
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT ")
        .push(&columns.join(", "))
        .push(" FROM organizations o");
    let mut order: Vec<&str> = Vec::new();
    for node in &chain[1..] {
        match node.level {
            Level::Congress => {
                // Retracted congresses are hidden, as `CongressesOf` hides them.
                sql.push(" LEFT JOIN congresses g ON g.organization_id = o.id AND g.retracted_at IS NULL");
                order.extend(["g.term_start_year", "g.ordinal", "g.id"]);
            }
            Level::Committee => {
                sql.push(" LEFT JOIN committees c ON c.congress_id = g.id");
                // `Congress.committees`: executive, standing, inspection, delegation; then by id.
                order.extend([
                    "CASE c.kind WHEN 'EXECUTIVE' THEN 0 WHEN 'STANDING' THEN 1 WHEN 'INSPECTION' THEN 2 ELSE 3 END",
                    "c.id",
                ]);
            }
            Level::Membership => {
                sql.push(" LEFT JOIN memberships m ON m.committee_id = c.id");
                order.extend(["m.started_on IS NOT NULL", "m.started_on", "m.id"]);
            }
            Level::Person => {
                sql.push(" LEFT JOIN people p ON p.id = m.person_id");
            }
            Level::Organization => {}
        }
    }
    sql.push(" WHERE o.id = ").bind(organization);
    if !order.is_empty() {
        sql.push(" ORDER BY ").push(&order.join(", "));
    }
    sql.build()
}

/// Each row's id at each level of the chain (`None` where a `LEFT JOIN` found nothing).
struct Keys {
    levels: usize,
    ids: Vec<Option<i64>>,
}

impl Keys {
    fn read(rows: &[QueryResult], chain: &[&Node]) -> Result<Self, DbErr> {
        let names: Vec<String> = chain.iter().map(|node| format!("{}_id", node.level.alias())).collect();
        let mut ids = Vec::with_capacity(rows.len() * chain.len());
        for row in rows {
            for name in &names {
                ids.push(row.try_get::<Option<i64>>("", name)?);
            }
        }
        Ok(Self {
            levels: chain.len(),
            ids,
        })
    }

    fn get(&self, row: usize, depth: usize) -> Option<i64> {
        self.ids[row * self.levels + depth]
    }
}

/// Something in the rows that the plan did not expect: the executor answers instead.
struct Unexpected;

impl From<DbErr> for Unexpected {
    fn from(_: DbErr) -> Self {
        Self
    }
}

impl From<std::fmt::Error> for Unexpected {
    fn from(_: std::fmt::Error) -> Self {
        Self
    }
}

struct Writer<'a> {
    rows: &'a [QueryResult],
    keys: &'a Keys,
}

impl Writer<'_> {
    /// Writes the object of `node` at `depth` whose rows are `range` (its own columns are in the
    /// first of them).
    fn node(&self, out: &mut String, node: &Node, depth: usize, range: Range<usize>) -> Result<(), Unexpected> {
        let row = &self.rows[range.start];
        let id = self.keys.get(range.start, depth).ok_or(Unexpected)?;
        let alias = node.level.alias();
        out.push('{');
        for (index, (key, output)) in node.fields.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_string(out, key.as_str());
            out.push(':');
            match output {
                Output::Scalar(scalar) => scalar_value(out, row, alias, node.level, id, *scalar)?,
                Output::Child(child) => self.children(out, node, child, depth + 1, range.clone())?,
            }
        }
        out.push('}');
        Ok(())
    }

    /// The next level under one object: a list of the distinct ids in its rows, or one object.
    fn children(
        &self,
        out: &mut String,
        parent: &Node,
        child: &Node,
        depth: usize,
        range: Range<usize>,
    ) -> Result<(), Unexpected> {
        let list = parent.level.relation().is_some_and(|relation| relation.list);
        if !list {
            // A required to-one relation: a missing row is a dangling reference.
            return self.node(out, child, depth, range);
        }
        out.push('[');
        let mut first = true;
        let mut start = range.start;
        while start < range.end {
            let Some(id) = self.keys.get(start, depth) else {
                // The LEFT JOIN found no child: the parent has an empty list.
                start += 1;
                continue;
            };
            let mut end = start + 1;
            while end < range.end && self.keys.get(end, depth) == Some(id) {
                end += 1;
            }
            if !first {
                out.push(',');
            }
            first = false;
            self.node(out, child, depth, start..end)?;
            start = end;
        }
        out.push(']');
        Ok(())
    }
}

fn scalar_value(
    out: &mut String,
    row: &QueryResult,
    alias: &str,
    level: Level,
    id: i64,
    scalar: Scalar,
) -> Result<(), Unexpected> {
    let column = |name: &str| format!("{alias}_{name}");
    match scalar {
        Scalar::Id => write_string(out, encode(level.node_type(), id).as_str()),
        Scalar::Typename => write_string(out, level.type_name()),
        Scalar::Text(name) => match row.try_get::<Option<String>>("", &column(name))? {
            Some(text) => write_string(out, &text),
            None => out.push_str("null"),
        },
        Scalar::Int(name) => match row.try_get::<Option<i32>>("", &column(name))? {
            Some(value) => write!(out, "{value}")?,
            None => out.push_str("null"),
        },
        Scalar::Date(name) => match row.try_get::<Option<NaiveDate>>("", &column(name))? {
            // The `Date` scalar's `YYYY-MM-DD`, without going through a format string.
            Some(date) => write!(out, "\"{:04}-{:02}-{:02}\"", date.year(), date.month(), date.day())?,
            None => out.push_str("null"),
        },
        Scalar::Term => {
            let start: i32 = row.try_get("", &column("term_start_year"))?;
            let end: i32 = row.try_get("", &column("term_end_year"))?;
            write!(out, "\"{start}-{end}\"")?;
        }
        Scalar::OrdinalRoman => {
            let ordinal: Option<i32> = row.try_get("", &column("ordinal"))?;
            match ordinal.and_then(|n| roman::to_roman(i64::from(n))) {
                Some(text) => write_string(out, &text),
                None => out.push_str("null"),
            }
        }
        Scalar::Enum(which) => {
            let name = column(which.column());
            let written = match which {
                EnumColumn::OrganizationKind => {
                    enum_name::<entity::enums::OrganizationKind, enums::OrganizationKind>(row, &name)?
                }
                EnumColumn::OrganizationLevel => {
                    enum_name::<entity::enums::OrganizationLevel, enums::OrganizationLevel>(row, &name)?
                }
                EnumColumn::CongressKind => enum_name::<entity::enums::CongressKind, enums::CongressKind>(row, &name)?,
                EnumColumn::CommitteeKind => {
                    enum_name::<entity::enums::CommitteeKind, enums::CommitteeKind>(row, &name)?
                }
                EnumColumn::CommitteeFormation => {
                    enum_name::<entity::enums::CommitteeFormation, enums::CommitteeFormation>(row, &name)?
                }
                EnumColumn::Position => enum_name::<entity::enums::Position, enums::Position>(row, &name)?,
                EnumColumn::StartReason => enum_name::<entity::enums::StartReason, enums::StartReason>(row, &name)?,
                EnumColumn::EndReason => enum_name::<entity::enums::EndReason, enums::EndReason>(row, &name)?,
            };
            match written {
                Some(text) => write_string(out, &text),
                None => out.push_str("null"),
            }
        }
    }
    Ok(())
}

/// A stored enumeration's GraphQL name, through the same conversion the resolvers use.
fn enum_name<Stored, Graphql>(row: &QueryResult, column: &str) -> Result<Option<String>, DbErr>
where
    Stored: ActiveEnum,
    Option<Stored>: TryGetable,
    Graphql: From<Stored> + EnumType,
{
    let stored: Option<Stored> = row.try_get("", column)?;
    Ok(stored.map(|value| match enum_value(Graphql::from(value)) {
        async_graphql::Value::Enum(name) => name.to_string(),
        other => other.to_string(),
    }))
}

/// A JSON string literal.
fn write_string(out: &mut String, text: &str) {
    // serde_json escapes exactly as the executor's serializer does.
    if let Ok(literal) = serde_json::to_string(text) {
        out.push_str(&literal);
    }
}
