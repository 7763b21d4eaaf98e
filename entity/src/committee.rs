//! `committees`: A committee of a congress's term: executive, standing, inspection or delegation.

use crate::enums::{CommitteeFormation, CommitteeKind};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "committees")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub congress_id: i64,
    pub kind: CommitteeKind,
    pub formation: CommitteeFormation,
    pub seat_count: Option<i32>,
    pub decision_document_id: Option<i64>,
    pub decided_by_organization_id: Option<i64>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
