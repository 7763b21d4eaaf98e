//! `congress_sources`: Which sources speak about a congress and its term.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "congress_sources")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub congress_id: i64,
    #[sea_orm(primary_key, auto_increment = false)]
    pub source_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
