//! `audit_event_records`: a record one audited write touched.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_event_records")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub audit_event_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_type: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: i64,
    /// CREATED, UPDATED, RETRACTED or REFERENCED.
    pub action: String,
}

impl ActiveModelBehavior for ActiveModel {}
