//! `commendations`: an emulation title, commendation, recognition, praise or emulation
//! registration of a party organization (or of the collectives and individuals under it), as its
//! source words it and dated as its source dates it.

use crate::enums::CommendationKind;
use sea_orm::entity::prelude::*;

#[sea_orm::model]
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel, serde::Deserialize)]
#[sea_orm(table_name = "commendations")]
pub struct Model {
    #[sea_orm(primary_key)]
    pub id: i64,
    pub organization_id: i64,
    pub kind: CommendationKind,
    /// As the source words it, e.g. "tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu".
    #[sea_orm(column_type = "Text")]
    pub text: String,
    /// The year it is for, when the source gives one.
    pub year: Option<i32>,
    /// "nhiều năm liền": for several consecutive years up to `year` (or up to `attested_on`),
    /// how many the source does not say.
    pub consecutive_years: bool,
    /// The date the source states it, when it gives no year of its own.
    pub attested_on: Option<Date>,
    pub conferred_by_organization_id: Option<i64>,
    /// How many collectives and individuals it concerns, for those under the organization.
    pub collectives: Option<i32>,
    pub individuals: Option<i32>,
    #[sea_orm(column_type = "Text")]
    pub note: Option<String>,
    pub source_id: Option<i64>,
    pub created_at: DateTimeUtc,
}

impl ActiveModelBehavior for ActiveModel {}
