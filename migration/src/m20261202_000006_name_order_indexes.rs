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
            replace_index(manager, table, old, (new, &["search_key", "id"])).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for (table, old, new) in INDEXES {
            replace_index(manager, table, new, (old, &["search_key"])).await?;
        }
        Ok(())
    }
}

/// Creates `(name, columns)` on `table`, then drops the index `old` it replaces.
async fn replace_index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    old: &'static str,
    (name, columns): (&'static str, &[&'static str]),
) -> Result<(), DbErr> {
    let mut index = Index::create();
    index.name(name).table(table).if_not_exists();
    for column in columns {
        index.col(*column);
    }
    manager.create_index(index.to_owned()).await?;
    manager
        .drop_index(Index::drop().name(old).table(table).if_exists().to_owned())
        .await
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
