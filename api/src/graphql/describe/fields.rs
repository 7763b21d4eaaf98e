//! The building blocks of the object tables in `objects/`: a field written from the row, a
//! relation, the ID, `source` and `history` fields, and a field left to the executor. Kept apart
//! from the tables so that each table uses them without importing the others.

/// A field written from the row: `value!("name", Model, |m, out| ...)`, or with the field's
/// arguments `value!("name", Model, |m, args, out| ...)`.
macro_rules! value {
    ($name:literal, $model:ty, |$m:ident, $out:ident| $body:expr) => {
        $crate::graphql::describe::fields::value!($name, $model, |$m, _args, $out| $body)
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
        $crate::graphql::describe::fields::value!("id", $model, |m, out| {
            out.id($crate::graphql::ids::NodeType::$node_type, m.id)
        })
    };
}

/// A field of related rows: `related!("name", RELATION, Model, key column, Pick, required,
/// complexity C)`, the parent related by its `column` (its own `id`, or a reference it holds),
/// optionally with `args |args| ...` for the relation's arguments.
macro_rules! related {
    ($name:literal, $relation:expr, $model:ty, key $column:ident, $pick:ident, required $required:expr, complexity $complexity:expr) => {
        $crate::graphql::describe::fields::related!($name, $relation, $model, key $column, args |_args| Ok($crate::graphql::describe::Args::NONE), $pick, required $required, complexity $complexity)
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
        $crate::graphql::describe::fields::related!(
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
        $crate::graphql::describe::fields::executor!("history", complexity Some(20))
    };
}

pub(crate) use {executor, history, id, related, source, value};
