//! Memberships: who held which position when, and the leadership of organizations on a date.

use super::sql::Sql;
use crate::domain::time;
use crate::error::ApiResult;
use chrono::{Datelike, NaiveDate};
use entity::enums::CommitteeKind;
use entity::{congress, membership};
use sea_orm::{ConnectionTrait, FromQueryResult};

/// A membership of an executive or standing committee, with what it needs to be ordered.
#[derive(Debug, Clone)]
pub struct LeadershipRow {
    pub organization_id: i64,
    pub committee_kind: CommitteeKind,
    pub membership: membership::Model,
}

/// The memberships of the executive and standing committees of each organization that hold on
/// `on`. One statement for all organizations; the final date check runs on the few candidates.
pub async fn leadership_on(
    conn: &impl ConnectionTrait,
    organization_ids: &[i64],
    on: NaiveDate,
) -> ApiResult<Vec<LeadershipRow>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT m.*, cm.kind AS committee_kind, ")
        .push("g.id AS g_id, g.organization_id AS g_organization_id, g.ordinal AS g_ordinal, g.term_start_year AS g_term_start_year, ")
        .push("g.term_end_year AS g_term_end_year, g.kind AS g_kind, g.opened_on AS g_opened_on, g.closed_on AS g_closed_on, ")
        .push("g.delegate_count AS g_delegate_count, g.motto AS g_motto, g.note AS g_note, g.source_id AS g_source_id, g.created_at AS g_created_at, g.retracted_at AS g_retracted_at, g.retraction_reason AS g_retraction_reason ")
        .push("FROM memberships m JOIN committees cm ON cm.id = m.committee_id JOIN congresses g ON g.id = cm.congress_id ")
        .push("WHERE g.organization_id IN ")
        .bind_list(organization_ids)
        .push(" AND g.retracted_at IS NULL AND cm.kind IN ('EXECUTIVE', 'STANDING') AND g.term_start_year <= ")
        .bind(on.year())
        .push(" AND g.term_end_year >= ")
        .bind(on.year())
        .push(" AND (m.started_on IS NULL OR m.started_on <= ")
        .bind(on)
        .push(") AND (m.ended_on IS NULL OR m.ended_on > ")
        .bind(on)
        .push(") ORDER BY m.id");
    let rows = conn.query_all_raw(sql.build()).await?;
    let mut out = Vec::new();
    for row in rows {
        let membership = membership::Model::from_query_result(&row, "")?;
        let congress = congress::Model::from_query_result(&row, "g_")?;
        if !time::membership_active_on(&membership, &congress, on) {
            continue;
        }
        let kind: String = row.try_get("", "committee_kind")?;
        let committee_kind = if kind == "STANDING" {
            CommitteeKind::Standing
        } else {
            CommitteeKind::Executive
        };
        out.push(LeadershipRow {
            organization_id: congress.organization_id,
            committee_kind,
            membership,
        });
    }
    Ok(out)
}

/// The memberships of people, on committees of congresses in force, earliest first.
pub async fn of_people(conn: &impl ConnectionTrait, person_ids: &[i64]) -> ApiResult<Vec<membership::Model>> {
    let mut sql = Sql::new(conn.get_database_backend());
    sql.push("SELECT m.* FROM memberships m JOIN committees cm ON cm.id = m.committee_id JOIN congresses g ON g.id = cm.congress_id WHERE g.retracted_at IS NULL AND m.person_id IN ")
        .bind_list(person_ids)
        .push(" ORDER BY (m.started_on IS NULL) DESC, m.started_on, m.id");
    let rows = conn.query_all_raw(sql.build()).await?;
    rows.iter()
        .map(|row| Ok(membership::Model::from_query_result(row, "")?))
        .collect()
}
