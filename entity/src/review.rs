//! `reviews`: A review conference of a term: mid-term, annual or end of term.

use crate::enums::ReviewKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub congress_id: i64,
    pub kind: ReviewKind,
    pub held_on: Date,
    #[sea_orm(column_type = "Text")]
    pub title: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub summary: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub findings: String,
    #[sea_orm(column_type = "Text")]
    pub guests: String,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
