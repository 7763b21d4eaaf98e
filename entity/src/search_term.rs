//! `search_terms`: One word-start suffix of a name, for indexed prefix search.

use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "search_terms")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_type: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub term: String,
    #[sea_orm(primary_key, auto_increment = false)]
    pub record_id: i64,
}

impl ActiveModelBehavior for ActiveModel {}
