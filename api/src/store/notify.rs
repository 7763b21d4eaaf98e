//! Change notifications across server processes: PostgreSQL's NOTIFY, sent inside the write's
//! transaction (so it is delivered exactly when, and only if, the write commits) and received by
//! every process's listener, which hands it to that process's subscribers.

use super::error::StoreResult;
use crate::events::{ChangeEvent, EventBus};
use sea_orm::{ConnectionTrait, DbBackend, Statement};
use std::time::Duration;

pub const CHANNEL: &str = "congress_api_changes";

/// Queues the notification in the caller's transaction (PostgreSQL only).
#[tracing::instrument(skip_all, level = "debug")]
pub async fn publish(conn: &impl ConnectionTrait, event: &ChangeEvent) -> StoreResult<()> {
    if conn.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    let payload = serde_json::to_string(event)
        .map_err(|error| super::error::StoreError::Inconsistent(format!("a change event that is not JSON: {error}")))?;
    conn.execute_raw(Statement::from_sql_and_values(
        DbBackend::Postgres,
        "SELECT pg_notify($1, $2)",
        [CHANNEL.into(), payload.into()],
    ))
    .await?;
    Ok(())
}

/// Listens for notifications until the process ends, reconnecting after failures.
#[tracing::instrument(skip_all, level = "debug")]
pub async fn listen(url: String, events: EventBus) {
    loop {
        match sea_orm::sqlx::postgres::PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(error) = listener.listen(CHANNEL).await {
                    tracing::warn!(%error, "cannot listen for changes; retrying");
                } else {
                    tracing::debug!("listening for changes from other processes");
                    loop {
                        match listener.recv().await {
                            Ok(notification) => match serde_json::from_str::<ChangeEvent>(notification.payload()) {
                                Ok(event) => events.publish(event),
                                Err(error) => {
                                    tracing::warn!(%error, "ignoring a malformed change notification")
                                }
                            },
                            Err(error) => {
                                tracing::warn!(%error, "lost the change listener; reconnecting");
                                break;
                            }
                        }
                    }
                }
            }
            Err(error) => tracing::warn!(%error, "cannot connect the change listener; retrying"),
        }
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
