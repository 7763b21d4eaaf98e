//! `congresses`: A congress that opens a term of an organization.

use crate::enums::CongressKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "congresses")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub ordinal: Option<i32>,
    pub term_start_year: i32,
    pub term_end_year: i32,
    pub kind: Option<CongressKind>,
    pub opened_on: Option<Date>,
    pub closed_on: Option<Date>,
    pub delegate_count: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub motto: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
    /// Set when a wrong submission is retracted: the congress is hidden from lists, not deleted.
    pub retracted_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub retraction_reason: Option<String>,
}

impl ActiveModelBehavior for ActiveModel {}
