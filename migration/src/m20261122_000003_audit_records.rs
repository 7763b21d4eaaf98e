//! Which records each audited write touched, so that any record can show its history.

use crate::schema_helpers::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table("audit_event_records")
                    .col(reference("audit_event_id"))
                    .col(ColumnDef::new("record_type").string_len(40).not_null())
                    .col(reference("record_id"))
                    .primary_key(
                        Index::create()
                            .col("audit_event_id")
                            .col("record_type")
                            .col("record_id"),
                    )
                    .foreign_key(&mut foreign_key(
                        "audit_event_records",
                        "audit_event_id",
                        "audit_events",
                    ))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "audit_event_records",
                "idx_audit_event_records_record",
                &["record_type", "record_id", "audit_event_id"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("audit_event_records").take())
            .await?;
        Ok(())
    }
}
