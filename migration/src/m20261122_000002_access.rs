//! Access and write safety: API tokens (stored only as hashes) and idempotency keys.

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
                    .table("api_tokens")
                    .col(id())
                    .col(text("name"))
                    .col(enumeration("role"))
                    .col(optional_reference("organization_id"))
                    // SHA-256 of the random secret: the secret itself is shown once and never stored.
                    .col(ColumnDef::new("token_hash").string_len(64).not_null())
                    .col(timestamp("created_at"))
                    .col(timestamp_null("revoked_at"))
                    .col(timestamp_null("last_used_at"))
                    .foreign_key(&mut foreign_key("api_tokens", "organization_id", "organizations"))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique_index("api_tokens", "ux_api_tokens_token_hash", &["token_hash"]))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("idempotency_keys")
                    .col(id())
                    // Keys are scoped to the token that used them: two clients cannot collide.
                    .col(ColumnDef::new("scope").string_len(80).not_null())
                    .col(ColumnDef::new("idempotency_key").string_len(200).not_null())
                    .col(ColumnDef::new("operation").string_len(80).not_null())
                    .col(ColumnDef::new("request_hash").string_len(64).not_null())
                    .col(text("response"))
                    .col(timestamp("created_at"))
                    .take(),
            )
            .await?;
        manager
            .create_index(unique_index(
                "idempotency_keys",
                "ux_idempotency_keys_scope_key",
                &["scope", "idempotency_key"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("idempotency_keys").take())
            .await?;
        manager.drop_table(Table::drop().table("api_tokens").take()).await?;
        Ok(())
    }
}
