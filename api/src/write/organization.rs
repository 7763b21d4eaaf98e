//! Writes about organizations: creating one, moving it in the tree, dissolving it, lineage
//! between organizations and dated statistics.

use super::references::{self, link_organization_source};
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::commands::*;
use crate::domain::{organizations, time};
use crate::error::{ApiError, ApiResult};
use crate::store::{self, Conn};
use crate::vocabulary::issues::Issues;
use crate::vocabulary::text;
use chrono::Utc;
use entity::enums::EndReason;
use entity::{organization, organization_lineage, organization_placement, organization_stats};
use sea_orm::Set;
use serde_json::json;

pub async fn find(conn: &impl Conn, id: i64) -> ApiResult<Option<organization::Model>> {
    Ok(store::organizations::find(conn, id).await?)
}

/// The organization a write is about, or `NOT_FOUND`.
pub async fn require(conn: &impl Conn, id: i64) -> ApiResult<organization::Model> {
    find(conn, id).await?.ok_or_else(|| ApiError::not_found("organization"))
}

#[tracing::instrument(skip_all, fields(parent_id = ?command.parent_id))]
pub async fn create(conn: &impl Conn, actor: &Actor, command: &CreateOrganization) -> ApiResult<Written<RecordId>> {
    let placed_from = command.placed_from.or(command.founded_on);
    let parent = match command.parent_id {
        Some(parent_id) => find(conn, parent_id).await?,
        None => None,
    };
    match &parent {
        Some(parent) => actor.authorize(conn, parent.id).await?,
        None => actor.authorize_unscoped()?,
    }
    let mut issues = Issues::new();
    let (name, source) = organizations::check_create(&mut issues, command, parent.as_ref());
    if let Some(parent) = &parent {
        let siblings = store::organizations::subtree(conn, parent.id, placed_from).await?;
        let same_name = store::organizations::named_among(conn, siblings, &text::exact_key(&name)).await?;
        organizations::warn_same_name(&mut issues, same_name.as_ref(), parent);
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let now = Utc::now();
    let created = store::organizations::insert(
        conn,
        organization::ActiveModel {
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
        },
    )
    .await?;
    if let Some(parent) = &parent {
        let placement = organization_placement::ActiveModel {
            organization_id: Set(created.id),
            parent_id: Set(parent.id),
            valid_from: Set(placed_from),
            valid_to: Set(None),
            source_id: Set(source_id),
            created_at: Set(now),
            ..Default::default()
        };
        store::placements::insert(conn, placement).await?;
        link_organization_source(conn, parent.id, source_id).await?;
    }
    link_organization_source(conn, created.id, source_id).await?;
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

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id, parent_id = ?command.parent_id))]
pub async fn move_to(conn: &impl Conn, actor: &Actor, command: &MoveOrganization) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    // Where an organization sits is decided above it: a scoped editor may move what is below
    // its own organization, within its subtree, never its own organization (out of its
    // superior, or to no parent at all).
    actor.authorize_below(conn, organization.id).await?;
    actor.authorize_on(conn, organization.id, command.from).await?;
    if command.parent_id.is_none() {
        actor.authorize_unscoped()?;
    }
    // The new parent, and whether it sits below the organization on that day (a cycle).
    let mut parent_below = false;
    let parent = match command.parent_id {
        Some(parent_id) if parent_id != organization.id => {
            let parent = find(conn, parent_id).await?;
            if let Some(parent) = &parent {
                let below = store::organizations::subtree(conn, organization.id, Some(command.from)).await?;
                parent_below = below.contains(&parent.id);
                actor.authorize_on(conn, parent.id, command.from).await?;
            }
            parent
        }
        _ => None,
    };
    let placements = store::placements::of_organization(conn, organization.id).await?;
    let mut issues = Issues::new();
    let source = organizations::check_move(
        &mut issues,
        command,
        &organization,
        parent.as_ref(),
        parent_below,
        &placements,
    );
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
        store::placements::end(conn, placement.id, command.from).await?;
    }
    // A move accounts for where it stands from then on.
    if organization
        .status_unknown_from
        .is_some_and(|unknown| command.from >= unknown)
    {
        store::organizations::set_status_unknown_from(conn, organization.id, None).await?;
    }
    let mut record_id = organization.id;
    if let Some(parent) = &parent {
        let placement = organization_placement::ActiveModel {
            organization_id: Set(organization.id),
            parent_id: Set(parent.id),
            valid_from: Set(Some(command.from)),
            valid_to: Set(None),
            source_id: Set(source_id),
            created_at: Set(Utc::now()),
            ..Default::default()
        };
        record_id = store::placements::insert(conn, placement).await?.id;
        link_organization_source(conn, parent.id, source_id).await?;
    }
    link_organization_source(conn, organization.id, source_id).await?;
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
#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn dissolve(conn: &impl Conn, actor: &Actor, command: &DissolveOrganization) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize_below(conn, organization.id).await?;
    let mut issues = Issues::new();
    let (source, note) = organizations::check_dissolve(&mut issues, command, &organization);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let on = command.dissolved_on;
    let (ended, unknown) = end_organization(conn, &organization, on).await?;
    link_organization_source(conn, organization.id, source_id).await?;
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
/// open positions end (REORGANIZED). A child left with no superior from that day, and none
/// recorded later, is marked as unknown from then (no source says what became of it; it is
/// neither shown as a standing root nor as dissolved). Returns the ended memberships and those
/// children.
async fn end_organization(
    conn: &impl Conn,
    organization: &organization::Model,
    on: chrono::NaiveDate,
) -> ApiResult<(Vec<i64>, Vec<i64>)> {
    store::organizations::set_dissolved(conn, organization.id, on).await?;
    let children = store::placements::children_across(conn, organization.id, on).await?;
    // Its own placement and those of its children end that day; later placements are untouched.
    store::placements::end_around(conn, organization.id, on).await?;
    let committees = store::committees::ids_of_organization(conn, organization.id).await?;
    let ended = store::memberships::end_open(conn, &committees, on, EndReason::Reorganized).await?;
    let mut unknown = Vec::new();
    for child in children {
        let Some(model) = find(conn, child).await? else {
            continue;
        };
        let placed_later = store::placements::placed_from(conn, child, on).await?;
        if placed_later || model.dissolved_on.is_some_and(|dissolved| dissolved <= on) {
            continue;
        }
        store::organizations::set_status_unknown_from(conn, child, Some(on)).await?;
        unknown.push(child);
    }
    Ok((ended, unknown))
}

#[tracing::instrument(skip_all, fields(predecessor_id = command.predecessor_id, successor_id = command.successor_id))]
pub async fn record_lineage(conn: &impl Conn, actor: &Actor, command: &RecordLineage) -> ApiResult<Written<RecordId>> {
    let predecessor = require(conn, command.predecessor_id).await?;
    let successor = require(conn, command.successor_id).await?;
    // A lineage link is written on both organizations' records: both must be the editor's.
    actor.authorize(conn, successor.id).await?;
    actor.authorize(conn, predecessor.id).await?;
    let already_recorded = store::organization_facts::lineage_exists(conn, predecessor.id, successor.id).await?;
    let mut issues = Issues::new();
    // A merger ends the merged-away organization: as for a dissolution, that is decided above
    // it, not by an editor of its own organization.
    let dissolves = organizations::merger_dissolves(command, &predecessor);
    if command.kind == entity::enums::LineageKind::Merged {
        actor.authorize_below(conn, predecessor.id).await?;
    }
    let (source, note) = organizations::check_lineage(&mut issues, command, &predecessor, &successor, already_recorded);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let (ended, unknown) = if dissolves {
        end_organization(conn, &predecessor, command.effective_on).await?
    } else {
        (Vec::new(), Vec::new())
    };
    let predecessor_action = if dissolves {
        RecordAction::Updated
    } else {
        RecordAction::Referenced
    };
    let row = organization_lineage::ActiveModel {
        predecessor_id: Set(predecessor.id),
        successor_id: Set(successor.id),
        kind: Set(command.kind),
        effective_on: Set(command.effective_on),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let created = store::organization_facts::insert_lineage(conn, row).await?;
    link_organization_source(conn, predecessor.id, source_id).await?;
    link_organization_source(conn, successor.id, source_id).await?;
    Ok(Written {
        value: RecordId(created),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "lineage",
            record_id: created,
            organization_id: Some(successor.id),
            before: None,
            after: Some(json!({ "id": created, "input": command })),
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

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn record_stats(conn: &impl Conn, actor: &Actor, command: &RecordStats) -> ApiResult<Written<RecordId>> {
    let organization = require(conn, command.organization_id).await?;
    actor.authorize(conn, organization.id).await?;
    let mut issues = Issues::new();
    let (source, note) = organizations::check_stats(&mut issues, command, &organization);
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
    let row = organization_stats::ActiveModel {
        organization_id: Set(organization.id),
        as_of: Set(command.as_of),
        party_members: Set(command.party_members),
        cells: Set(command.cells),
        note: Set(note),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    let created = store::organization_facts::insert_stats(conn, row).await?;
    link_organization_source(conn, organization.id, source_id).await?;
    record_warnings(
        conn,
        "organization_stats",
        created,
        Some(organization.id),
        source_id,
        &warnings,
    )
    .await?;
    Ok(Written {
        value: RecordId(created),
        warnings,
        change: Change {
            action: RecordAction::Created,
            record_type: "organization_stats",
            record_id: created,
            organization_id: Some(organization.id),
            before: None,
            after: Some(json!({ "id": created, "input": command })),
            touched: Vec::new(),
        },
    })
}
