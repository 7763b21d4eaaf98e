//! `documents`: A party document: resolution, conclusion, decision, directive, plan ...

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "documents")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "Text")]
    pub symbol: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub symbol_key: Option<String>,
    pub number: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub type_code: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub issuer_code: Option<String>,
    pub issued_on: Option<Date>,
    pub issued_year: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub title: Option<String>,
    pub issuer_organization_id: Option<i64>,
    #[sea_orm(column_type = "Text")]
    pub identity_key: String,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
