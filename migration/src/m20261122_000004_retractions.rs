//! Retractions: a wrong congress submission is hidden, never deleted. Its ordinal is freed for
//! the corrected submission, so the uniqueness of ordinals counts only congresses in force.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("congresses")
                    .add_column(ColumnDef::new("retracted_at").timestamp_with_time_zone().null())
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("congresses")
                    .add_column(ColumnDef::new("retraction_reason").text().null())
                    .take(),
            )
            .await?;
        // What each audited write did to each record: the change feed reads it.
        manager
            .alter_table(
                Table::alter()
                    .table("audit_event_records")
                    .add_column(ColumnDef::new("action").string_len(20).not_null().default("CREATED"))
                    .take(),
            )
            .await?;
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX ux_congresses_organization_ordinal")
            .await?;
        // A partial index: sea-query has no portable builder for it; the SQL is the same on both.
        manager
            .get_connection()
            .execute_unprepared(
                "CREATE UNIQUE INDEX ux_congresses_organization_ordinal ON congresses (organization_id, ordinal) \
                 WHERE retracted_at IS NULL",
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("ux_congresses_organization_ordinal")
                    .table("congresses")
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_congresses_organization_ordinal")
                    .table("congresses")
                    .col("organization_id")
                    .col("ordinal")
                    .unique()
                    .take(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("congresses")
                    .drop_column("retraction_reason")
                    .take(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("congresses").drop_column("retracted_at").take())
            .await?;
        Ok(())
    }
}
