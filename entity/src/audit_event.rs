//! `audit_events`: One write attempt: who, when, what, and the records before and after.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_events")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub occurred_at: DateTimeUtc,
    pub token_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub actor: String,
    pub operation: String,
    pub outcome: String,
    pub record_type: Option<String>,
    pub record_id: Option<i64>,
    pub organization_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub before: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub after: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub request_id: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
