//! `resolutions`: The resolution a congress adopts, carrying the term's targets.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "resolutions")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub congress_id: i64,
    pub document_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    pub adopted_on: Option<Date>,
    pub declared_target_count: Option<i32>,
    pub declared_breakthrough_count: Option<i32>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
