//! `ratings`: A yearly rating of an organization.

use crate::enums::RatingLevel;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "ratings")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub year: i32,
    pub level: RatingLevel,
    #[sea_orm(column_type = "Text")]
    pub label: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub title: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
