//! Name indexes that also hold the id. A search's exact-name rows ("nguyen van an" among three and
//! a half million people) are served in name, id order straight from the index: with the name
//! alone, equal names sit in heap order and every one of the thousands sharing a common name was
//! read and sorted to find the first twenty. The new indexes cover the old ones, which go.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, old, new) in INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(new)
                        .table(table)
                        .col("search_key")
                        .col("id")
                        .if_not_exists()
                        .to_owned(),
                )
                .await?;
            manager
                .drop_index(Index::drop().name(old).table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, old, new) in INDEXES {
            manager
                .create_index(
                    Index::create()
                        .name(old)
                        .table(table)
                        .col("search_key")
                        .if_not_exists()
                        .to_owned(),
                )
                .await?;
            manager
                .drop_index(Index::drop().name(new).table(table).if_exists().to_owned())
                .await?;
        }
        Ok(())
    }
}

/// `(table, index replaced, index replacing it)`.
const INDEXES: [(&str, &str, &str); 2] = [
    ("people", "idx_people_search_key", "ix_people_search_key_id"),
    (
        "organizations",
        "idx_organizations_search_key",
        "ix_organizations_search_key_id",
    ),
];
