//! `target_results`: A result recorded against a target for a year or a span of years.

use crate::enums::{AchievementStatus, ResultQualifier};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "target_results")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub target_id: i64,
    pub year_from: i32,
    pub year_to: i32,
    #[sea_orm(column_type = "Text")]
    pub achieved: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub planned: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub out_of: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub reported_percent: Option<String>,
    pub qualifier: Option<ResultQualifier>,
    pub reported_status: Option<AchievementStatus>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
