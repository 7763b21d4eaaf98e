//! The planner's table of every object type: each field, how it is answered, and its complexity
//! multiplier, the same the resolvers declare. A test walks the schema and fails for a field
//! that is neither here nor marked as left to the executor.
//!
//! Left to the executor, with why:
//! - `history` on every type: admins only, and rarely asked;
//! - `Committee.vacancies` and `Membership.active`: they need the congress of the committee,
//!   a second relation per row;
//! - `Review.guests`: a list of objects kept as JSON text in the row;
//! - `TermReportRow.dataQualityCodes`: it reads two relations per row, results and warnings.

mod congress;
mod organization;
mod people;
mod target;

pub use congress::{COMMITTEE_TYPE, CONGRESS_TYPE, MEMBERSHIP_TYPE, RESOLUTION_TYPE, REVIEW_TYPE};
pub use organization::{COMMENDATION_TYPE, LINEAGE_TYPE, ORGANIZATION_TYPE, PLACEMENT_TYPE, RATING_TYPE, STATS_TYPE};
pub use people::{DOCUMENT_TYPE, ISSUE_TYPE, PERSON_TYPE, SOURCE_TYPE};
pub use target::{TARGET_RESULT_TYPE, TARGET_TYPE, TERM_REPORT_ROW_TYPE};

use super::object::ObjectDef;
use super::record::Kind;

/// The object type whose rows are records of `kind`.
pub fn object_of(kind: Kind) -> &'static ObjectDef {
    match kind {
        Kind::Organization => &ORGANIZATION_TYPE,
        Kind::Placement => &PLACEMENT_TYPE,
        Kind::Lineage => &LINEAGE_TYPE,
        Kind::OrganizationStats => &STATS_TYPE,
        Kind::Rating => &RATING_TYPE,
        Kind::Commendation => &COMMENDATION_TYPE,
        Kind::Congress => &CONGRESS_TYPE,
        Kind::Committee => &COMMITTEE_TYPE,
        Kind::Membership => &MEMBERSHIP_TYPE,
        Kind::Person => &PERSON_TYPE,
        Kind::Document => &DOCUMENT_TYPE,
        Kind::Resolution => &RESOLUTION_TYPE,
        Kind::Target => &TARGET_TYPE,
        Kind::TargetResult => &TARGET_RESULT_TYPE,
        Kind::Review => &REVIEW_TYPE,
        Kind::Source => &SOURCE_TYPE,
        Kind::Issue => &ISSUE_TYPE,
    }
}

/// Every object type the planner knows with an ID (a `Node`), by name.
pub fn object_named(name: &str) -> Option<&'static ObjectDef> {
    ALL.iter().copied().find(|object| object.name == name)
}

/// Every object type the planner knows, `Node`s or not, by name (for complexity rules).
pub fn any_object_named(name: &str) -> Option<&'static ObjectDef> {
    object_named(name).or_else(|| (name == TERM_REPORT_ROW_TYPE.name).then_some(&TERM_REPORT_ROW_TYPE))
}

/// Every object type the planner knows.
pub static ALL: [&ObjectDef; 17] = [
    &ORGANIZATION_TYPE,
    &PLACEMENT_TYPE,
    &LINEAGE_TYPE,
    &STATS_TYPE,
    &RATING_TYPE,
    &COMMENDATION_TYPE,
    &CONGRESS_TYPE,
    &COMMITTEE_TYPE,
    &MEMBERSHIP_TYPE,
    &PERSON_TYPE,
    &DOCUMENT_TYPE,
    &RESOLUTION_TYPE,
    &TARGET_TYPE,
    &TARGET_RESULT_TYPE,
    &REVIEW_TYPE,
    &SOURCE_TYPE,
    &ISSUE_TYPE,
];

/// A field written from the row: `value!("name", Model, |m, out| ...)`, or with the field's
/// arguments `value!("name", Model, |m, args, out| ...)`.
macro_rules! value {
    ($name:literal, $model:ty, |$m:ident, $out:ident| $body:expr) => {
        $crate::graphql::describe::objects::value!($name, $model, |$m, _args, $out| $body)
    };
    ($name:literal, $model:ty, |$m:ident, $args:ident, $out:ident| $body:expr) => {
        $crate::graphql::describe::object::FieldDef {
            name: $name,
            complexity: None,
            plan: $crate::graphql::describe::object::FieldPlan::Value({
                #[allow(unused_variables)] // Most fields need no arguments.
                fn write(
                    record: &$crate::graphql::describe::Record,
                    $args: &$crate::graphql::describe::object::FieldArgs,
                    $out: &mut $crate::graphql::describe::json::Json,
                ) -> Result<(), $crate::graphql::describe::object::Unplannable> {
                    let $m: &$model =
                        <&$model>::try_from(record).map_err(|_| $crate::graphql::describe::object::Unplannable)?;
                    $body;
                    Ok(())
                }
                write
            }),
        }
    };
}

/// The global ID field of a type.
macro_rules! id {
    ($model:ty, $node_type:ident) => {
        $crate::graphql::describe::objects::value!("id", $model, |m, out| {
            out.id($crate::graphql::ids::NodeType::$node_type, m.id)
        })
    };
}

/// A field of related rows: `related!("name", RELATION, Model, key column, Pick, required,
/// complexity C)`, the parent related by its `column` (its own `id`, or a reference it holds),
/// optionally with `args |args| ...` for the relation's arguments.
macro_rules! related {
    ($name:literal, $relation:expr, $model:ty, key $column:ident, $pick:ident, required $required:expr, complexity $complexity:expr) => {
        $crate::graphql::describe::objects::related!($name, $relation, $model, key $column, args |_args| Ok($crate::graphql::describe::Args::NONE), $pick, required $required, complexity $complexity)
    };
    ($name:literal, $relation:expr, $model:ty, key $column:ident, args |$aa:ident| $args:expr, $pick:ident, required $required:expr, complexity $complexity:expr) => {
        $crate::graphql::describe::object::FieldDef {
            name: $name,
            complexity: $complexity,
            plan: $crate::graphql::describe::object::FieldPlan::Related($crate::graphql::describe::object::RelatedField {
                relation: &$relation,
                key: {
                    fn key(record: &$crate::graphql::describe::Record) -> Option<i64> {
                        let m: &$model = <&$model>::try_from(record).ok()?;
                        $crate::graphql::describe::object::IntoKey::into_key(m.$column)
                    }
                    key
                },
                key_column: stringify!($column),
                args: {
                    #[allow(unused_variables)] // Most relations take no arguments.
                    fn args(
                        $aa: &$crate::graphql::describe::object::FieldArgs,
                    ) -> Result<$crate::graphql::describe::Args, $crate::graphql::describe::object::Unplannable> {
                        $args
                    }
                    args
                },
                pick: $crate::graphql::describe::object::Pick::$pick,
                required: $required,
            }),
        }
    };
}

/// A field left to the executor.
macro_rules! executor {
    ($name:literal) => {
        $crate::graphql::describe::object::FieldDef {
            name: $name,
            complexity: None,
            plan: $crate::graphql::describe::object::FieldPlan::Executor,
        }
    };
    ($name:literal, complexity $complexity:expr) => {
        $crate::graphql::describe::object::FieldDef {
            name: $name,
            complexity: $complexity,
            plan: $crate::graphql::describe::object::FieldPlan::Executor,
        }
    };
}

/// The `source` field most records have.
macro_rules! source {
    ($model:ty) => {
        $crate::graphql::describe::objects::related!(
            "source",
            $crate::graphql::describe::relations::SOURCE_BY_ID,
            $model,
            key source_id,
            First,
            required false,
            complexity None
        )
    };
}

/// The `history` field of audited records (admins only: left to the executor).
macro_rules! history {
    () => {
        $crate::graphql::describe::objects::executor!("history", complexity Some(20))
    };
}

pub(crate) use {executor, history, id, related, source, value};
