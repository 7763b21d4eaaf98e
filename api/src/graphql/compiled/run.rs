//! Running a [`Plan`]: one statement joining the chain's tables (only the columns asked for),
//! rows in the order the resolvers give, then JSON written while walking the rows.
//! A [`Prepared`] plan is built once per document and reused (see [`super::Plans`]).

use super::plan::{EnumColumn, Level, Node, Output, Plan, Scalar};
use crate::domain::roman;
use crate::graphql::enums;
use crate::graphql::ids::encode;
use async_graphql::resolver_utils::{EnumType, enum_value};
use chrono::{Datelike, NaiveDate};
use sea_orm::{ActiveEnum, ConnectionTrait, DbBackend, DbErr, QueryResult, Statement, TryGetable};
use std::fmt::Write as _;
use std::ops::Range;

/// A plan with its statement: the SQL text and where each level's id and each field's columns
/// are in the select list, so that rows are read by position.
pub struct Prepared {
    pub plan: Plan,
    backend: DbBackend,
    /// The statement, with one placeholder: the organization's key.
    sql: String,
    /// Per level of the chain, the position of its id column.
    ids: Vec<usize>,
    /// Per level, per field of its node, the positions of the columns the field reads.
    columns: Vec<Vec<[usize; 2]>>,
}

impl Prepared {
    /// `SELECT` the ids of every level and the asked columns, `LEFT JOIN` each level to the one
    /// above, ordered level by level as the loaders order (see `graphql::loaders`).
    pub fn new(plan: Plan, backend: DbBackend) -> Self {
        let mut select: Vec<String> = Vec::new();
        let position = |expression: String, select: &mut Vec<String>| match select.iter().position(|s| *s == expression)
        {
            Some(index) => index,
            None => {
                select.push(expression);
                select.len() - 1
            }
        };
        let chain = plan.root.chain();
        let mut ids = Vec::with_capacity(chain.len());
        let mut columns = Vec::with_capacity(chain.len());
        for node in &chain {
            let alias = node.level.alias();
            ids.push(position(format!("{alias}.id"), &mut select));
            let mut fields = Vec::with_capacity(node.fields.len());
            for (_, output) in &node.fields {
                let mut at = [0; 2];
                if let Output::Scalar(scalar) = output {
                    for (slot, column) in at.iter_mut().zip(scalar.columns()) {
                        *slot = position(format!("{alias}.{column}"), &mut select);
                    }
                }
                fields.push(at);
            }
            columns.push(fields);
        }
        let mut sql = format!("SELECT {} FROM organizations o", select.join(", "));
        let mut order: Vec<&str> = Vec::new();
        for node in &chain[1..] {
            match node.level {
                Level::Congress => {
                    // Retracted congresses are hidden, as `CongressesOf` hides them.
                    sql.push_str(" LEFT JOIN congresses g ON g.organization_id = o.id AND g.retracted_at IS NULL");
                    order.extend(["g.term_start_year", "g.ordinal", "g.id"]);
                }
                Level::Committee => {
                    sql.push_str(" LEFT JOIN committees c ON c.congress_id = g.id");
                    // `Congress.committees`: executive, standing, inspection, delegation; then by id.
                    order.extend([
                        "CASE c.kind WHEN 'EXECUTIVE' THEN 0 WHEN 'STANDING' THEN 1 WHEN 'INSPECTION' THEN 2 ELSE 3 END",
                        "c.id",
                    ]);
                }
                Level::Membership => {
                    sql.push_str(" LEFT JOIN memberships m ON m.committee_id = c.id");
                    // Unknown start dates first, on both databases.
                    order.extend(["m.started_on IS NOT NULL", "m.started_on", "m.id"]);
                }
                Level::Person => sql.push_str(" LEFT JOIN people p ON p.id = m.person_id"),
                Level::Organization => {}
            }
        }
        sql.push_str(match backend {
            DbBackend::Postgres => " WHERE o.id = $1",
            _ => " WHERE o.id = ?",
        });
        if !order.is_empty() {
            sql.push_str(" ORDER BY ");
            sql.push_str(&order.join(", "));
        }
        Self {
            plan,
            backend,
            sql,
            ids,
            columns,
        }
    }

    /// The whole response body (`{"data":...}`); `None` when the organization does not exist
    /// or a row is not what the plan expects (the executor then answers, with its null or its
    /// error).
    pub async fn execute(&self, conn: &impl ConnectionTrait, organization: i64) -> Option<String> {
        let statement = Statement::from_sql_and_values(self.backend, self.sql.as_str(), [organization.into()]);
        let rows = conn.query_all_raw(statement).await.ok()?;
        if rows.is_empty() {
            return None;
        }
        let keys = Keys::read(&rows, &self.ids).ok()?;
        let mut out = String::with_capacity(64 + rows.len() * 160);
        out.push_str("{\"data\":{");
        write_string(&mut out, self.plan.root_key.as_str());
        out.push(':');
        let writer = Writer {
            rows: &rows,
            keys: &keys,
            columns: &self.columns,
        };
        writer.node(&mut out, &self.plan.root, 0, 0..rows.len()).ok()?;
        out.push_str("}}");
        Some(out)
    }
}

/// Each row's id at each level of the chain (`None` where a `LEFT JOIN` found nothing).
struct Keys {
    levels: usize,
    ids: Vec<Option<i64>>,
}

impl Keys {
    fn read(rows: &[QueryResult], positions: &[usize]) -> Result<Self, DbErr> {
        let mut ids = Vec::with_capacity(rows.len() * positions.len());
        for row in rows {
            for position in positions {
                ids.push(row.try_get_by_index::<Option<i64>>(*position)?);
            }
        }
        Ok(Self {
            levels: positions.len(),
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
    columns: &'a [Vec<[usize; 2]>],
}

impl Writer<'_> {
    /// Writes the object of `node` at `depth` whose rows are `range` (its own columns are in the
    /// first of them).
    fn node(&self, out: &mut String, node: &Node, depth: usize, range: Range<usize>) -> Result<(), Unexpected> {
        let row = &self.rows[range.start];
        let id = self.keys.get(range.start, depth).ok_or(Unexpected)?;
        out.push('{');
        for (index, (key, output)) in node.fields.iter().enumerate() {
            if index > 0 {
                out.push(',');
            }
            write_string(out, key.as_str());
            out.push(':');
            match output {
                Output::Scalar(scalar) => {
                    scalar_value(out, row, self.columns[depth][index], node.level, id, *scalar)?;
                }
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

/// Writes one field's value; `at` holds the positions of the columns it reads, in the order
/// of [`Scalar::columns`].
fn scalar_value(
    out: &mut String,
    row: &QueryResult,
    at: [usize; 2],
    level: Level,
    id: i64,
    scalar: Scalar,
) -> Result<(), Unexpected> {
    match scalar {
        Scalar::Id => write_string(out, encode(level.node_type(), id).as_str()),
        Scalar::Typename => write_string(out, level.type_name()),
        Scalar::Text(_) => match row.try_get_by_index::<Option<String>>(at[0])? {
            Some(text) => write_string(out, &text),
            None => out.push_str("null"),
        },
        Scalar::Int(_) => match row.try_get_by_index::<Option<i32>>(at[0])? {
            Some(value) => write!(out, "{value}")?,
            None => out.push_str("null"),
        },
        Scalar::Date(_) => match row.try_get_by_index::<Option<NaiveDate>>(at[0])? {
            // The `Date` scalar's `YYYY-MM-DD`, without going through a format string.
            Some(date) => write!(out, "\"{:04}-{:02}-{:02}\"", date.year(), date.month(), date.day())?,
            None => out.push_str("null"),
        },
        Scalar::Term => {
            let start: i32 = row.try_get_by_index(at[0])?;
            let end: i32 = row.try_get_by_index(at[1])?;
            write!(out, "\"{start}-{end}\"")?;
        }
        Scalar::OrdinalRoman => {
            let ordinal: Option<i32> = row.try_get_by_index(at[0])?;
            match ordinal.and_then(|n| roman::to_roman(i64::from(n))) {
                Some(text) => write_string(out, &text),
                None => out.push_str("null"),
            }
        }
        Scalar::Enum(which) => {
            let name = at[0];
            let written = match which {
                EnumColumn::OrganizationKind => {
                    enum_name::<entity::enums::OrganizationKind, enums::OrganizationKind>(row, name)?
                }
                EnumColumn::OrganizationLevel => {
                    enum_name::<entity::enums::OrganizationLevel, enums::OrganizationLevel>(row, name)?
                }
                EnumColumn::CongressKind => enum_name::<entity::enums::CongressKind, enums::CongressKind>(row, name)?,
                EnumColumn::CommitteeKind => {
                    enum_name::<entity::enums::CommitteeKind, enums::CommitteeKind>(row, name)?
                }
                EnumColumn::CommitteeFormation => {
                    enum_name::<entity::enums::CommitteeFormation, enums::CommitteeFormation>(row, name)?
                }
                EnumColumn::Position => enum_name::<entity::enums::Position, enums::Position>(row, name)?,
                EnumColumn::StartReason => enum_name::<entity::enums::StartReason, enums::StartReason>(row, name)?,
                EnumColumn::EndReason => enum_name::<entity::enums::EndReason, enums::EndReason>(row, name)?,
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
fn enum_name<Stored, Graphql>(row: &QueryResult, column: usize) -> Result<Option<String>, DbErr>
where
    Stored: ActiveEnum,
    Option<Stored>: TryGetable,
    Graphql: From<Stored> + EnumType,
{
    let stored: Option<Stored> = row.try_get_by_index(column)?;
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
