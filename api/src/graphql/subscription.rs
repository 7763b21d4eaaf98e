//! Subscriptions over WebSocket (graphql-transport-ws): congresses as they are submitted and
//! every committed change, optionally only under one organization. Each event is read back in a
//! fresh scope, so subscribers see the committed records.

use super::ids::{self, NodeType};
use super::loaders::Scope;
pub use super::types::Change;
use super::types::Congress;
use crate::ApiError;
use crate::events::{ChangeEvent, EventBus};
use crate::store::{Database, ReadConn, organizations};
use async_graphql::{Context, ID, Result, Subscription};
use entity::congress;
use futures::{Stream, StreamExt};
use tokio_stream::wrappers::BroadcastStream;

pub struct SubscriptionRoot;

/// Whether an event concerns the subtree a subscriber asked for.
async fn concerns(db: &Database, event: &ChangeEvent, root: Option<i64>) -> bool {
    match (root, event.organization_id) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some(root), Some(organization)) => organizations::ever_under(&db.conn, organization, root)
            .await
            .unwrap_or(false),
    }
}

fn events(ctx: &Context<'_>) -> Result<(Database, BroadcastStream<ChangeEvent>), ApiError> {
    let db = ctx
        .data::<Database>()
        .map_err(|_| ApiError::internal("schema without a database"))?
        .clone();
    let bus = ctx
        .data::<EventBus>()
        .map_err(|_| ApiError::internal("schema without an event bus"))?;
    Ok((db, BroadcastStream::new(bus.subscribe())))
}

#[Subscription(name = "Subscription")]
impl SubscriptionRoot {
    /// A congress result was submitted (of the organization given or anything ever placed below it).
    async fn congress_submitted(
        &self,
        ctx: &Context<'_>,
        under_organization_id: Option<ID>,
    ) -> Result<impl Stream<Item = Congress> + use<>> {
        let root = under_organization_id
            .map(|id| ids::decode_as(&id, NodeType::Organization, "underOrganizationId"))
            .transpose()?;
        let (db, stream) = events(ctx)?;
        Ok(stream.filter_map(move |event| {
            let db = db.clone();
            async move {
                // A subscriber that fell behind skips what it missed rather than ending.
                let event = event.ok()?;
                // A submission notifies every record it wrote; the congress is the one created.
                if event.operation != "submitCongressResult"
                    || event.record_type != "congress"
                    || event.action != "CREATED"
                    || !concerns(&db, &event, root).await
                {
                    return None;
                }
                let scope = Scope::new(ReadConn::Pool(db.conn.clone()));
                let model = match scope.by_id::<congress::Model>(event.record_id).await {
                    Ok(model) => model?,
                    Err(error) => {
                        // The subscriber misses this one; the log says why.
                        error.log_if_internal();
                        return None;
                    }
                };
                Some(Congress::new(model, &scope))
            }
        }))
    }

    /// Any committed write (of the organization given or anything ever placed below it), of
    /// the given record types (`congress`, `membership`, `target_result`, ...) when listed.
    async fn record_changed(
        &self,
        ctx: &Context<'_>,
        under_organization_id: Option<ID>,
        types: Option<Vec<String>>,
    ) -> Result<impl Stream<Item = Change> + use<>> {
        let root = under_organization_id
            .map(|id| ids::decode_as(&id, NodeType::Organization, "underOrganizationId"))
            .transpose()?;
        let (db, stream) = events(ctx)?;
        Ok(stream.filter_map(move |event| {
            let db = db.clone();
            let types = types.clone();
            async move {
                let event = event.ok()?;
                if types.as_ref().is_some_and(|types| !types.contains(&event.record_type)) {
                    return None;
                }
                if !concerns(&db, &event, root).await {
                    return None;
                }
                Some(Change {
                    event,
                    scope: Scope::new(ReadConn::Pool(db.conn.clone())),
                })
            }
        }))
    }
}
