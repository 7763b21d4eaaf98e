//! `idempotency_keys`: A claimed idempotency key with the response it produced.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "idempotency_keys")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub scope: String,
    pub idempotency_key: String,
    pub operation: String,
    pub request_hash: String,
    #[sea_orm(column_type = "Text")]
    pub response: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
