//! `memberships`: A position held by a person on a committee, from one date to another.

use crate::enums::{EndReason, Position, StartReason};
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "memberships")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub committee_id: i64,
    pub person_id: i64,
    pub position: Position,
    pub started_on: Option<Date>,
    pub ended_on: Option<Date>,
    pub start_reason: StartReason,
    pub end_reason: Option<EndReason>,
    /// The date a source names the person in the position when it does not give the start: the
    /// position is known to hold from then, not before.
    pub attested_on: Option<Date>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
