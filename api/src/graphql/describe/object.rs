//! How the planner answers each field of each object type: written from the row, related rows
//! (through a relation of [`relations`](super::relations)), a value computed from related rows,
//! a reference to a record of any type, or left to the executor. The tables are in
//! [`objects`](super::objects); a test holds them against the schema, field by field.

use super::json::Json;
use super::record::{Kind, Record};
use super::relation::{Args, Relation};
use async_graphql::{Name, Value as ConstValue};
use chrono::{Datelike, NaiveDate};

/// The planner cannot answer this request (the executor will, with its exact answer or error).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unplannable;

/// The arguments of one field of a request, with its variables resolved.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FieldArgs(pub Vec<(Name, ConstValue)>);

impl FieldArgs {
    pub fn get(&self, name: &str) -> Option<&ConstValue> {
        self.0
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(_, value)| value)
            .filter(|value| !matches!(value, ConstValue::Null))
    }

    /// A `Date` argument, read as the scalar reads it.
    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>, Unplannable> {
        match self.get(name) {
            None => Ok(None),
            Some(ConstValue::String(text)) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .ok()
                .filter(|date| (1..=9999).contains(&date.year()))
                .map(Some)
                .ok_or(Unplannable),
            Some(_) => Err(Unplannable),
        }
    }

    /// An `Int` argument.
    pub fn int(&self, name: &str) -> Result<Option<i32>, Unplannable> {
        match self.get(name) {
            None => Ok(None),
            Some(ConstValue::Number(number)) => number
                .as_i64()
                .and_then(|n| i32::try_from(n).ok())
                .map(Some)
                .ok_or(Unplannable),
            Some(_) => Err(Unplannable),
        }
    }

    /// A `String` (or `ID`) argument.
    pub fn text(&self, name: &str) -> Result<Option<&str>, Unplannable> {
        match self.get(name) {
            None => Ok(None),
            Some(ConstValue::String(text)) => Ok(Some(text)),
            Some(_) => Err(Unplannable),
        }
    }

    /// An enum argument's value name.
    pub fn enumeration(&self, name: &str) -> Result<Option<&str>, Unplannable> {
        match self.get(name) {
            None => Ok(None),
            Some(ConstValue::Enum(value)) => Ok(Some(value.as_str())),
            Some(ConstValue::String(value)) => Ok(Some(value.as_str())),
            Some(_) => Err(Unplannable),
        }
    }

    /// A `Boolean` argument.
    pub fn boolean(&self, name: &str) -> Result<Option<bool>, Unplannable> {
        match self.get(name) {
            None => Ok(None),
            Some(ConstValue::Boolean(value)) => Ok(Some(*value)),
            Some(_) => Err(Unplannable),
        }
    }
}

/// Writes a field's value from its row and arguments.
pub type WriteValue = fn(&Record, &FieldArgs, &mut Json) -> Result<(), Unplannable>;

/// The key a parent row is related by (its id, or a reference it holds); `None`: no rows.
pub type KeyOf = fn(&Record) -> Option<i64>;

/// The relation's arguments (the same for every parent: a default that depends on the parent
/// is the relation statement's to take).
pub type ArgsOf = fn(&FieldArgs) -> Result<Args, Unplannable>;

/// A key column's value as a parent key.
pub trait IntoKey {
    fn into_key(self) -> Option<i64>;
}

impl IntoKey for i64 {
    fn into_key(self) -> Option<i64> {
        Some(self)
    }
}

impl IntoKey for Option<i64> {
    fn into_key(self) -> Option<i64> {
        self
    }
}

/// Writes a value computed from the row and its related rows.
pub type WriteDerived = fn(&Record, &[&Record], &FieldArgs, &mut Json) -> Result<(), Unplannable>;

/// Which of the related rows a field shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    All,
    First,
    Last,
}

/// A field that shows related rows.
pub struct RelatedField {
    pub relation: &'static Relation,
    pub key: KeyOf,
    /// The parent's column `key` reads, for relations joined in one statement.
    pub key_column: &'static str,
    pub args: ArgsOf,
    pub pick: Pick,
    /// The field is non-null: a missing row is the executor's to report.
    pub required: bool,
}

/// A field whose value is computed from related rows.
pub struct DerivedField {
    pub relation: &'static Relation,
    pub key: KeyOf,
    /// The parent's column `key` reads.
    pub key_column: &'static str,
    pub args: ArgsOf,
    pub write: WriteDerived,
}

/// How the planner answers one field.
pub enum FieldPlan {
    Value(WriteValue),
    Related(RelatedField),
    Derived(DerivedField),
    /// A record of any type the row refers to (type and key), shown as a `Node`.
    NodeRef(fn(&Record) -> Option<(Kind, i64)>),
    /// The row itself, seen as another object type (a report row's `target`).
    Same(&'static ObjectDef),
    /// Left to the executor (see the module `objects` for why each is).
    Executor,
}

/// One field of an object type.
pub struct FieldDef {
    pub name: &'static str,
    pub plan: FieldPlan,
    /// The field's own complexity multiplier (`#[graphql(complexity = "N * child_complexity")]`);
    /// `None`: async-graphql's default, 1 plus its selection's.
    pub complexity: Option<usize>,
}

/// An object type backed by a kind of record.
pub struct ObjectDef {
    pub name: &'static str,
    pub kind: Kind,
    pub fields: &'static [FieldDef],
}

impl ObjectDef {
    pub fn field(&self, name: &str) -> Option<&FieldDef> {
        self.fields.iter().find(|field| field.name == name)
    }
}

/// A key: the row's own id.
pub fn own_id(record: &Record) -> Option<i64> {
    Some(record.id())
}

/// Arguments: none.
pub fn no_args(_: &FieldArgs) -> Result<Args, Unplannable> {
    Ok(Args::NONE)
}
