//! Small builders shared by the migrations, so that each table reads as its columns and nothing else.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// The surrogate key every table uses: a 64-bit identity.
pub fn id() -> ColumnDef {
    ColumnDef::new("id")
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .take()
}

/// A required reference to another table's `id`.
pub fn reference(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().not_null().take()
}

/// An optional reference to another table's `id`.
pub fn optional_reference(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).big_integer().null().take()
}

pub fn text(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().not_null().take()
}

pub fn text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).text().null().take()
}

/// Enumerations are stored as their GraphQL names (`PARTY_COMMITTEE`), readable in plain SQL.
pub fn enumeration(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).string_len(40).not_null().take()
}

pub fn enumeration_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).string_len(40).null().take()
}

pub fn integer(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().not_null().take()
}

pub fn integer_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).integer().null().take()
}

pub fn date(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().not_null().take()
}

pub fn date_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).date().null().take()
}

pub fn timestamp(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().not_null().take()
}

pub fn timestamp_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).timestamp_with_time_zone().null().take()
}

/// Exact decimals are stored as canonical text (`"116.67"`): SQLite has no exact decimal type and
/// SeaORM reads SQLite decimals through `f64`, which would put float noise into reported figures.
pub fn decimal_text_null(name: &'static str) -> ColumnDef {
    ColumnDef::new(name).string_len(40).null().take()
}

/// A folded search key. On PostgreSQL it compares byte-wise (`COLLATE "C"`) so that a prefix
/// range (`term >= 'cu kh' AND term < 'cu kh\u{10FFFF}'`) is answered from the B-tree index;
/// SQLite compares text byte-wise already.
pub fn search_key(backend: DbBackend, name: &'static str) -> ColumnDef {
    let mut column = ColumnDef::new(name).text().not_null().take();
    if backend == DbBackend::Postgres {
        column.extra(r#"COLLATE "C""#);
    }
    column
}

/// A foreign key from `table.column` to `target.id`. Records are never deleted (history is kept),
/// so deletes of referenced rows are refused.
pub fn foreign_key(table: &'static str, column: &'static str, target: &'static str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(target, "id")
        .on_delete(ForeignKeyAction::Restrict)
        .on_update(ForeignKeyAction::Restrict)
        .take()
}

pub fn index(table: &'static str, name: &str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = Index::create().name(name).table(table).take();
    for column in columns {
        statement.col(*column);
    }
    statement
}

pub fn unique_index(table: &'static str, name: &str, columns: &[&'static str]) -> IndexCreateStatement {
    let mut statement = index(table, name, columns);
    statement.unique();
    statement
}
