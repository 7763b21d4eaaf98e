//! `organization_lineages`: How an organization came from another: merged, split, renamed or reorganized.

use crate::enums::LineageKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "organization_lineages")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub predecessor_id: i64,
    pub successor_id: i64,
    pub kind: LineageKind,
    pub effective_on: Date,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
