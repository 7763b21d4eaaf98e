//! Writes about organizations: creating one, moving it in the tree, dissolving it, lineage
//! between organizations and dated statistics.

use super::commands::*;
use super::references::{self, check_date, check_source, optional_text, required_text};
use super::{Actor, Change, RecordAction, Written};
use crate::domain::issues::Issues;
use crate::domain::text;
use crate::domain::time;
use crate::error::{ApiError, ApiResult};
use crate::store::organizations as organization_store;
use crate::store::search::{self, RecordType};
use chrono::{NaiveDate, Utc};
use entity::enums::{EndReason, LineageKind, OrganizationLevel};
use entity::{committee, congress, organization, organization_lineage, organization_placement, organization_stats};
use sea_orm::ExprTrait;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde::{Deserialize, Serialize};
use serde_json::json;

/// The ID of the record a write created or changed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RecordId(pub i64);

/// How deep in the tree a level sits: a child must sit deeper than its parent.
fn depth(level: OrganizationLevel) -> u8 {
    match level {
        OrganizationLevel::Central => 0,
        OrganizationLevel::Province => 1,
        OrganizationLevel::District => 2,
        OrganizationLevel::Commune => 3,
        OrganizationLevel::Grassroots => 4,
        OrganizationLevel::BelowGrassroots => 5,
    }
}

pub async fn find(conn: &impl ConnectionTrait, id: i64) -> ApiResult<Option<organization::Model>> {
    Ok(organization::Entity::find_by_id(id).one(conn).await?)
}

/// The organization a write is about, or `NOT_FOUND`.
pub async fn require(conn: &impl ConnectionTrait, id: i64) -> ApiResult<organization::Model> {
    find(conn, id).await?.ok_or_else(|| ApiError::not_found("organization"))
}

/// Checks that `parent` can hold `child_level` on `on`, adding errors to `issues`.
fn check_parent(
    issues: &mut Issues,
    path: &str,
    parent: &organization::Model,
    child_level: OrganizationLevel,
    on: Option<NaiveDate>,
) {
    if depth(parent.level) >= depth(child_level) {
        issues.error(
            "parent_level",
            path,
            format!(
                "a {child_level:?} organization cannot sit under {} ({:?})",
                parent.name, parent.level
            ),
        );
    }
    if let Some(on) = on
        && !time::organization_active_on(parent, on)
    {
        issues.error(
            "parent_not_active",
            path,
            format!("{} did not exist on {on}", parent.name),
        );
    }
}

pub async fn create(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &CreateOrganization,
) -> ApiResult<Written<RecordId>> {
    let mut issues = Issues::new();
    let name = required_text(&mut issues, "name", &command.name, 300);
    if !name.is_empty() && !name.chars().any(char::is_alphabetic) {
        issues.error("not_a_name", "name", "name must contain letters");
    }
    let source = check_source(&mut issues, "source", command.source.as_ref());
    if let Some(date) = command.founded_on {
        check_date(&mut issues, "foundedOn", date);
    }
    let placed_from = command.placed_from.or(command.founded_on);
    let parent = match command.parent_id {
        Some(parent_id) => {
            let parent = find(conn, parent_id).await?;
            match &parent {
                Some(parent) => check_parent(&mut issues, "parentId", parent, command.level, placed_from),
                None => issues.error("unknown_reference", "parentId", "no organization has this ID"),
            }
            parent
        }
        None => None,
    };
    match &parent {
        Some(parent) => actor.authorize(conn, parent.id).await?,
        None => actor.authorize_unscoped()?,
    }
    if let Some(parent) = &parent {
        let siblings = organization_store::subtree(conn, parent.id, placed_from).await?;
        let same_name = organization::Entity::find()
            .filter(organization::Column::Id.is_in(siblings))
            .filter(organization::Column::SearchExact.eq(text::exact_key(&name)))
            .one(conn)
            .await?;
        if let Some(existing) = same_name {
            issues.warn(
                "possible_duplicate_organization",
                "name",
                format!(
                    "an organization named \"{}\" already sits under {}",
                    existing.name, parent.name
                ),
            );
        }
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let now = Utc::now();
    let created = organization::ActiveModel {
        name: Set(name.clone()),
        kind: Set(command.kind),
        level: Set(command.level),
        founded_on: Set(command.founded_on),
        dissolved_on: Set(None),
        search_key: Set(text::fold(&name)),
        search_exact: Set(text::exact_key(&name)),
        source_id: Set(source_id),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    search::index_name(conn, RecordType::Organization, created.id, &name).await?;
    if let Some(parent) = &parent {
        organization_placement::ActiveModel {
            organization_id: Set(created.id),
            parent_id: Set(parent.id),
            valid_from: Set(placed_from),
            valid_to: Set(None),
            source_id: Set(source_id),
            created_at: Set(now),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        references::link_organization_source(conn, parent.id, source_id).await?;
    }
    references::link_organization_source(conn, created.id, source_id).await?;
    record_warnings(conn, "organization", created.id, Some(created.id), source_id, &warnings).await?;
    Ok(Written {
        value: RecordId(created.id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "organization",
            record_id: created.id,
            organization_id: Some(created.id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched: Vec::new(),
        },
    })
}

/// Stores warnings with a record.
pub async fn record_warnings(
    conn: &impl ConnectionTrait,
    record_type: &'static str,
    record_id: i64,
    organization_id: Option<i64>,
    source_id: Option<i64>,
    warnings: &[crate::domain::issues::Issue],
) -> ApiResult<()> {
    crate::store::quality::record(
        conn,
        crate::store::quality::RecordRef {
            record_type,
            record_id,
            organization_id,
            source_id,
        },
        warnings,
    )
    .await
}

pub async fn move_to(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &MoveOrganization,
) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    // Where an organization sits is decided above it: a scoped editor may move what is below
    // its own organization, within its subtree, never its own organization (out of its
    // superior, or to no parent at all).
    actor.authorize_below(conn, organization.id).await?;
    actor.authorize_on(conn, organization.id, command.from).await?;
    if command.parent_id.is_none() {
        actor.authorize_unscoped()?;
    }
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    check_date(&mut issues, "from", command.from);
    if !time::organization_active_on(&organization, command.from) {
        issues.error(
            "organization_not_active",
            "from",
            format!("{} did not exist on {}", organization.name, command.from),
        );
    }
    let parent = match command.parent_id {
        Some(parent_id) if parent_id == organization.id => {
            issues.error("placement_cycle", "parentId", "an organization cannot sit under itself");
            None
        }
        Some(parent_id) => match find(conn, parent_id).await? {
            Some(parent) => {
                check_parent(&mut issues, "parentId", &parent, organization.level, Some(command.from));
                let below = organization_store::subtree(conn, organization.id, Some(command.from)).await?;
                if below.contains(&parent.id) {
                    issues.error(
                        "placement_cycle",
                        "parentId",
                        format!("{} sits below {} on that date", parent.name, organization.name),
                    );
                }
                actor.authorize_on(conn, parent.id, command.from).await?;
                Some(parent)
            }
            None => {
                issues.error("unknown_reference", "parentId", "no organization has this ID");
                None
            }
        },
        None => None,
    };
    let placements = organization_placement::Entity::find()
        .filter(organization_placement::Column::OrganizationId.eq(organization.id))
        .all(conn)
        .await?;
    if let Some(later) = placements
        .iter()
        .find(|p| p.valid_from.is_some_and(|from| from >= command.from))
    {
        issues.error(
            "placement_overlap",
            "from",
            format!(
                "a placement already starts on {}; history is not rewritten, record moves in date order",
                later.valid_from.map(|d| d.to_string()).unwrap_or_default()
            ),
        );
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let before: Vec<_> = placements
        .iter()
        .map(|p| json!({ "id": p.id, "parentId": p.parent_id, "validFrom": p.valid_from, "validTo": p.valid_to }))
        .collect();
    for placement in placements
        .iter()
        .filter(|p| time::within(p.valid_from, p.valid_to, command.from))
    {
        organization_placement::ActiveModel {
            id: Set(placement.id),
            valid_to: Set(Some(command.from)),
            ..Default::default()
        }
        .update(conn)
        .await?;
    }
    let mut record_id = organization.id;
    // A move accounts for where it stands from then on.
    if organization
        .status_unknown_from
        .is_some_and(|unknown| command.from >= unknown)
    {
        organization::ActiveModel {
            id: Set(organization.id),
            status_unknown_from: Set(None),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(conn)
        .await?;
    }
    if let Some(parent) = &parent {
        let placement = organization_placement::ActiveModel {
            organization_id: Set(organization.id),
            parent_id: Set(parent.id),
            valid_from: Set(Some(command.from)),
            valid_to: Set(None),
            source_id: Set(source_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        }
        .insert(conn)
        .await?;
        record_id = placement.id;
        references::link_organization_source(conn, parent.id, source_id).await?;
    }
    references::link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(
        conn,
        "organization",
        organization.id,
        Some(organization.id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(organization.id),
        warnings,
        change: Change {
            action: RecordAction::Updated,
            record_type: "organization",
            record_id: organization.id,
            organization_id: Some(organization.id),
            before: Some(json!({ "placements": before })),
            after: Some(json!({ "newPlacementId": record_id, "input": command })),
            touched: if parent.is_some() {
                vec![("placement", record_id, RecordAction::Created)]
            } else {
                Vec::new()
            },
        },
    })
}

/// Dissolves an organization: it no longer exists from that day, its placement and those of the
/// organizations under it end, and the positions on its committees end (REORGANIZED).
pub async fn dissolve(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &DissolveOrganization,
) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize_below(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 2000);
    if let Some(dissolved) = organization.dissolved_on {
        issues.error(
            "already_dissolved",
            "organizationId",
            format!("{} was already dissolved on {dissolved}", organization.name),
        );
    }
    if organization
        .founded_on
        .is_some_and(|founded| command.dissolved_on <= founded)
    {
        issues.error(
            "dissolved_before_founded",
            "dissolvedOn",
            "an organization cannot be dissolved before it was founded",
        );
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let on = command.dissolved_on;
    let (ended, unknown) = end_organization(conn, &organization, on).await?;
    references::link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(
        conn,
        "organization",
        organization.id,
        Some(organization.id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(organization.id),
        warnings,
        change: Change {
            action: RecordAction::Updated,
            record_type: "organization",
            record_id: organization.id,
            organization_id: Some(organization.id),
            before: Some(json!({ "dissolvedOn": organization.dissolved_on })),
            after: Some(
                json!({ "dissolvedOn": on, "note": note, "membershipsEnded": ended.len(), "statusUnknown": unknown }),
            ),
            touched: ended
                .iter()
                .map(|id| ("membership", *id, RecordAction::Updated))
                .chain(unknown.iter().map(|id| ("organization", *id, RecordAction::Updated)))
                .collect(),
        },
    })
}

/// Ends an organization on `on`: it is dissolved, its placement and its children's end, and its
/// open positions end. A child left with no superior from that day, and none recorded later, is
/// marked as unknown from then (no source says what became of it; it is neither shown as a
/// standing root nor as dissolved). Returns the ended memberships and those children.
async fn end_organization(
    conn: &impl ConnectionTrait,
    organization: &organization::Model,
    on: NaiveDate,
) -> ApiResult<(Vec<i64>, Vec<i64>)> {
    organization::ActiveModel {
        id: Set(organization.id),
        dissolved_on: Set(Some(on)),
        status_unknown_from: Set(None),
        updated_at: Set(Utc::now()),
        ..Default::default()
    }
    .update(conn)
    .await?;
    let children: Vec<i64> = organization_placement::Entity::find()
        .filter(organization_placement::Column::ParentId.eq(organization.id))
        .filter(
            organization_placement::Column::ValidTo
                .is_null()
                .or(organization_placement::Column::ValidTo.gt(on)),
        )
        .filter(
            organization_placement::Column::ValidFrom
                .is_null()
                .or(organization_placement::Column::ValidFrom.lt(on)),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|p| p.organization_id)
        .collect();
    // Its own placement and those of its children end that day; later placements are untouched.
    organization_placement::Entity::update_many()
        .col_expr(organization_placement::Column::ValidTo, Expr::value(on))
        .filter(
            organization_placement::Column::OrganizationId
                .eq(organization.id)
                .or(organization_placement::Column::ParentId.eq(organization.id)),
        )
        .filter(
            organization_placement::Column::ValidTo
                .is_null()
                .or(organization_placement::Column::ValidTo.gt(on)),
        )
        .filter(
            organization_placement::Column::ValidFrom
                .is_null()
                .or(organization_placement::Column::ValidFrom.lt(on)),
        )
        .exec(conn)
        .await?;
    let committees: Vec<i64> = committee::Entity::find()
        .filter(
            committee::Column::CongressId.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(congress::Column::Id)
                    .from(congress::Entity)
                    .and_where(congress::Column::OrganizationId.eq(organization.id))
                    .to_owned(),
            ),
        )
        .all(conn)
        .await?
        .into_iter()
        .map(|c| c.id)
        .collect();
    let ended = super::membership::end_open(conn, &committees, on, EndReason::Reorganized).await?;
    let mut unknown = Vec::new();
    for child in children {
        let Some(model) = find(conn, child).await? else {
            continue;
        };
        let placed_later = organization_placement::Entity::find()
            .filter(organization_placement::Column::OrganizationId.eq(child))
            .filter(organization_placement::Column::ValidFrom.gte(on))
            .one(conn)
            .await?
            .is_some();
        if placed_later || model.dissolved_on.is_some_and(|dissolved| dissolved <= on) {
            continue;
        }
        organization::ActiveModel {
            id: Set(child),
            status_unknown_from: Set(Some(on)),
            updated_at: Set(Utc::now()),
            ..Default::default()
        }
        .update(conn)
        .await?;
        unknown.push(child);
    }
    Ok((ended, unknown))
}

pub async fn record_lineage(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RecordLineage,
) -> ApiResult<Written<RecordId>> {
    let predecessor = require(conn, command.predecessor_id).await?;
    let successor = require(conn, command.successor_id).await?;
    // A lineage link is written on both organizations' records: both must be the editor's.
    actor.authorize(conn, successor.id).await?;
    actor.authorize(conn, predecessor.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 2000);
    check_date(&mut issues, "effectiveOn", command.effective_on);
    if predecessor.id == successor.id {
        issues.error("lineage_self", "successorId", "an organization cannot succeed itself");
    }
    let existing = organization_lineage::Entity::find()
        .filter(organization_lineage::Column::PredecessorId.eq(predecessor.id))
        .filter(organization_lineage::Column::SuccessorId.eq(successor.id))
        .one(conn)
        .await?;
    if existing.is_some() {
        issues.error(
            "lineage_duplicate",
            "successorId",
            format!("{} already succeeds {}", successor.name, predecessor.name),
        );
    }
    // A merged-away organization ends when the merger takes effect: as for a dissolution, not
    // an editor's own organization, whose superior decides.
    let merged_away = command.kind == LineageKind::Merged;
    if merged_away {
        actor.authorize_below(conn, predecessor.id).await?;
        if predecessor
            .founded_on
            .is_some_and(|founded| command.effective_on <= founded)
        {
            issues.error(
                "dissolved_before_founded",
                "effectiveOn",
                format!("{} was founded on or after the merger", predecessor.name),
            );
        }
        if let Some(dissolved) = predecessor.dissolved_on.filter(|d| *d != command.effective_on) {
            issues.warn(
                "lineage_dissolved_elsewhere",
                "effectiveOn",
                format!(
                    "{} was dissolved on {dissolved}, not on the merger's {}",
                    predecessor.name, command.effective_on
                ),
            );
        }
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let (ended, unknown) = if merged_away && predecessor.dissolved_on.is_none() {
        end_organization(conn, &predecessor, command.effective_on).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let predecessor_action = if merged_away && predecessor.dissolved_on.is_none() {
        RecordAction::Updated
    } else {
        RecordAction::Referenced
    };
    let created = organization_lineage::ActiveModel {
        predecessor_id: Set(predecessor.id),
        successor_id: Set(successor.id),
        kind: Set(command.kind),
        effective_on: Set(command.effective_on),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    references::link_organization_source(conn, predecessor.id, source_id).await?;
    references::link_organization_source(conn, successor.id, source_id).await?;
    Ok(Written {
        value: RecordId(created.id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "lineage",
            record_id: created.id,
            organization_id: Some(successor.id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched: [
                ("organization", predecessor.id, predecessor_action),
                ("organization", successor.id, RecordAction::Referenced),
            ]
            .into_iter()
            .chain(ended.iter().map(|id| ("membership", *id, RecordAction::Updated)))
            .chain(unknown.iter().map(|id| ("organization", *id, RecordAction::Updated)))
            .collect(),
        },
    })
}

pub async fn record_stats(
    conn: &impl ConnectionTrait,
    actor: &Actor,
    command: &RecordStats,
) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = check_source(&mut issues, "source", command.source.as_ref());
    let note = optional_text(&mut issues, "note", command.note.as_deref(), 2000);
    check_date(&mut issues, "asOf", command.as_of);
    if command.party_members.is_none() && command.cells.is_none() {
        issues.error("stats_empty", "partyMembers", "give partyMembers, cells or both");
    }
    for (path, value) in [("partyMembers", command.party_members), ("cells", command.cells)] {
        if value.is_some_and(|v| v < 0) {
            issues.error("negative_count", path, format!("{path} cannot be negative"));
        }
    }
    if let (Some(members), Some(cells)) = (command.party_members, command.cells)
        && cells > 0
        && members < cells.saturating_mul(3)
    {
        issues.warn(
            "cell_below_minimum",
            "partyMembers",
            format!("{members} members cannot fill {cells} cells of at least 3 members each"),
        );
    }
    if !time::organization_active_on(&organization, command.as_of) {
        issues.warn(
            "organization_not_active",
            "asOf",
            format!("{} did not exist on {}", organization.name, command.as_of),
        );
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let created = organization_stats::ActiveModel {
        organization_id: Set(organization.id),
        as_of: Set(command.as_of),
        party_members: Set(command.party_members),
        cells: Set(command.cells),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    references::link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(
        conn,
        "organization_stats",
        created.id,
        Some(organization.id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(created.id),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "organization_stats",
            record_id: created.id,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created.id, "input": command })),
            touched: Vec::new(),
        },
    })
}
