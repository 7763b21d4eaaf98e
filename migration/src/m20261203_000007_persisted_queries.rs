//! The documents clients registered as automatic persisted queries (Apollo's protocol: a
//! document sent once with its SHA-256 hash, then the hash alone). Kept in the database so that a
//! hash registered through one server process is known to every other process on the same
//! database; the server bounds the table, removing the documents used least recently.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(PersistedQueries::Table)
                    .if_not_exists()
                    // The lowercase hex SHA-256 of the document's text.
                    .col(
                        ColumnDef::new(PersistedQueries::Hash)
                            .string_len(64)
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(PersistedQueries::Document).text().not_null())
                    // Unix seconds: when a process last read it from here (for eviction).
                    .col(ColumnDef::new(PersistedQueries::LastUsedAt).big_integer().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ix_persisted_queries_last_used_at")
                    .table(PersistedQueries::Table)
                    .col(PersistedQueries::LastUsedAt)
                    .if_not_exists()
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(PersistedQueries::Table).if_exists().to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum PersistedQueries {
    Table,
    Hash,
    Document,
    LastUsedAt,
}
