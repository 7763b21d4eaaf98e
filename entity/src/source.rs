//! `sources`: A published source (an article) that facts are taken from.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "sources")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    #[sea_orm(column_type = "Text")]
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub url: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub publisher: Option<String>,
    pub published_on: Option<Date>,
    pub published_at: Option<DateTimeUtc>,
    #[sea_orm(column_type = "Text")]
    pub author: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub file_name: Option<String>,
    #[sea_orm(column_type = "Text")]
    pub identity_key: String,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
