//! Writes about organizations: creating one, moving it in the tree, dissolving it, lineage
//! between organizations and dated statistics.

use super::references::{self, link_organization_source};
use super::{Actor, Change, RecordAction, RecordId, Written, record_warnings};
use crate::domain::checks::{check_date, check_source, optional_text, required_text};
use crate::domain::commands::*;
use crate::domain::organizations::check_parent;
use crate::domain::time;
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
        let siblings = store::organizations::subtree(conn, parent.id, placed_from).await?;
        let same_name = store::organizations::named_among(conn, siblings, &text::exact_key(&name)).await?;
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
                let below = store::organizations::subtree(conn, organization.id, Some(command.from)).await?;
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
    let placements = store::placements::of_organization(conn, organization.id).await?;
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
        store::placements::end(conn, placement.id, command.from).await?;
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
    store::organizations::set_dissolved(conn, organization.id, on).await?;
    // Its own placement and those of its children end that day; later placements are untouched.
    store::placements::end_around(conn, organization.id, on).await?;
    let committees = store::committees::ids_of_organization(conn, organization.id).await?;
    let ended = store::memberships::end_open(conn, &committees, on, EndReason::Reorganized).await?;
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
            after: Some(json!({ "dissolvedOn": on, "note": note, "membershipsEnded": ended.len() })),
            touched: ended
                .iter()
                .map(|id| ("membership", *id, RecordAction::Updated))
                .collect(),
        },
    })
}

#[tracing::instrument(skip_all, fields(predecessor_id = command.predecessor_id, successor_id = command.successor_id))]
pub async fn record_lineage(conn: &impl Conn, actor: &Actor, command: &RecordLineage) -> ApiResult<Written<RecordId>> {
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
    if store::organization_facts::lineage_exists(conn, predecessor.id, successor.id).await? {
        issues.error(
            "lineage_duplicate",
            "successorId",
            format!("{} already succeeds {}", successor.name, predecessor.name),
        );
    }
    let warnings = issues.into_warnings()?;
    let source_id = references::source_id(conn, source.as_ref()).await?;
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
            touched: vec![
                ("organization", predecessor.id, RecordAction::Referenced),
                ("organization", successor.id, RecordAction::Referenced),
            ],
        },
    })
}

#[tracing::instrument(skip_all, fields(organization_id = command.organization_id))]
pub async fn record_stats(conn: &impl Conn, actor: &Actor, command: &RecordStats) -> ApiResult<Written<RecordId>> {
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
