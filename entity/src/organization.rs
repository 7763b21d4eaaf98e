//! `organizations`: A party organization: a committee organization, a partial committee or a cell.

use crate::enums::{OrganizationKind, OrganizationLevel};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "organizations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "Text")]
    pub name: String,
    pub kind: OrganizationKind,
    pub level: OrganizationLevel,
    pub founded_on: Option<Date>,
    pub dissolved_on: Option<Date>,
    /// From this date the sources do not say whether it exists or where it stands (its superior
    /// ended and no source says what became of it).
    pub status_unknown_from: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub search_key: String,
    #[sea_orm(column_type = "Text")]
    pub search_exact: String,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
