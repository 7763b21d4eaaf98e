//! `targets`: A target set for a term, by the congress or by a superior.

use crate::enums::{Comparator, TargetAssigner, TargetMeasure, TargetPeriod};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "targets")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub congress_id: Option<i64>,
    pub resolution_id: Option<i64>,
    pub parent_id: Option<i64>,
    pub ordinal: i32,
    #[sea_orm(column_type = "Text")]
    pub text: String,
    pub measure: Option<TargetMeasure>,
    pub comparator: Option<Comparator>,
    #[sea_orm(column_type = "Text")]
    pub min_value: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub max_value: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub unit: Option<String>,
    pub period: Option<TargetPeriod>,
    pub assigned_by: TargetAssigner,
    pub assigned_by_organization_id: Option<i64>,
    pub start_year: i32,
    pub end_year: i32,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
