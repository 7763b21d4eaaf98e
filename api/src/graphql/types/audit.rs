//! The audit trail for admins: every write, who made it, when, and the records before and after.

use super::{Node, Organization, node_of};
use crate::ApiError;
use crate::graphql::caller::authenticated;
use crate::graphql::cursor::{PageInfo, encode_cursor, page_request};
use crate::graphql::ids::{self, NodeType};
use crate::graphql::loaders::Scope;
use crate::store::audit::{self, AuditFilter};
use async_graphql::{Context, ID, Json, Object, Result, SimpleObject};
use chrono::{DateTime, Utc};
use entity::enums::Role;
use entity::{audit_event, organization};

/// `FORBIDDEN` unless the caller is an admin (the trail shows every writer's input).
pub fn require_admin(ctx: &Context<'_>) -> Result<(), ApiError> {
    // A read, so say so: the audit trail is the one read that needs a token whatever the setting.
    let actor = authenticated(
        ctx,
        "reading the audit trail (auditEvents, and the history of a record) needs an admin token: \
         send Authorization: Bearer <token> (create one with `congress-api token create --role admin`)",
    )?;
    if actor.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::Forbidden(
            "only an admin token can read the audit trail".into(),
        ))
    }
}

/// One write attempt.
#[derive(Clone)]
pub struct AuditEvent {
    pub model: audit_event::Model,
    pub scope: Scope,
}

#[Object]
impl AuditEvent {
    async fn id(&self) -> ID {
        ids::encode(NodeType::AuditEvent, self.model.id)
    }

    async fn occurred_at(&self) -> DateTime<Utc> {
        self.model.occurred_at
    }

    /// Who wrote: the token's number and name, or the server itself (sample data, imports).
    async fn actor(&self) -> &str {
        &self.model.actor
    }

    async fn token_id(&self) -> Option<i64> {
        self.model.token_id
    }

    /// The mutation, e.g. `submitCongressResult`.
    async fn operation(&self) -> &str {
        &self.model.operation
    }

    /// APPLIED, or REJECTED_<code> for a write that was refused (nothing of it was written).
    async fn outcome(&self) -> &str {
        &self.model.outcome
    }

    /// The record the write is about.
    async fn record(&self) -> Result<Option<Node>> {
        let (Some(record_type), Some(record_id)) = (&self.model.record_type, self.model.record_id) else {
            return Ok(None);
        };
        let Some(node_type) = NodeType::from_record_type(record_type) else {
            return Ok(None);
        };
        Ok(node_of(&self.scope, node_type, record_id).await?)
    }

    async fn organization(&self) -> Result<Option<Organization>> {
        let Some(id) = self.model.organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|m| Organization::new(m, &self.scope)))
    }

    /// The records before the write (for changes to existing records).
    async fn before(&self) -> Option<Json<serde_json::Value>> {
        self.model
            .before
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .map(Json)
    }

    /// What the write recorded (for a rejected write: why it was rejected).
    async fn after(&self) -> Option<Json<serde_json::Value>> {
        self.model
            .after
            .as_deref()
            .and_then(|text| serde_json::from_str(text).ok())
            .map(Json)
    }

    async fn request_id(&self) -> Option<&str> {
        self.model.request_id.as_deref()
    }
}

#[derive(SimpleObject, Clone)]
pub struct AuditEventEdge {
    pub cursor: String,
    pub node: AuditEvent,
}

#[derive(SimpleObject, Clone)]
pub struct AuditEventConnection {
    pub edges: Vec<AuditEventEdge>,
    pub nodes: Vec<AuditEvent>,
    pub page_info: PageInfo,
    pub total_count: i64,
}

/// Reads a page of the audit trail (newest first).
pub async fn events(
    ctx: &Context<'_>,
    filter: AuditFilter,
    first: Option<i32>,
    after: Option<String>,
) -> Result<AuditEventConnection> {
    require_admin(ctx)?;
    let scope = &crate::graphql::loaders::scope(ctx)?;
    let request = page_request("auditEvents", first, after.as_deref())?;
    let page = audit::page(scope.conn(), &filter, &request).await?;
    let total = if ctx.look_ahead().field("totalCount").exists() {
        audit::count(scope.conn(), &filter).await?
    } else {
        0
    };
    let edges: Vec<AuditEventEdge> = page
        .rows
        .into_iter()
        .map(|(model, key)| AuditEventEdge {
            cursor: encode_cursor("auditEvents", &key),
            node: AuditEvent {
                model,
                scope: scope.clone(),
            },
        })
        .collect();
    let page_info = PageInfo {
        has_next_page: page.has_next,
        has_previous_page: false,
        start_cursor: edges.first().map(|e| e.cursor.clone()),
        end_cursor: edges.last().map(|e| e.cursor.clone()),
    };
    let nodes = edges.iter().map(|e| e.node.clone()).collect();
    Ok(AuditEventConnection {
        edges,
        nodes,
        page_info,
        total_count: total,
    })
}

/// A record's history: every write that touched it, newest first (admins only).
pub async fn history(
    ctx: &Context<'_>,
    record_type: &str,
    record_id: i64,
    first: Option<i32>,
) -> Result<Vec<AuditEvent>> {
    let filter = AuditFilter {
        record: Some((record_type.to_owned(), record_id)),
        ..Default::default()
    };
    Ok(events(ctx, filter, first, None).await?.nodes)
}
