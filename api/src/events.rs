//! Change notifications for subscriptions: every committed write publishes what it changed.
//! Within one process a broadcast channel carries them; across processes PostgreSQL carries them
//! (see `store::notify`).

use tokio::sync::broadcast;

/// One committed change.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ChangeEvent {
    /// The mutation that made it, e.g. `submitCongressResult`.
    pub operation: String,
    /// What kind of record changed: `congress`, `membership`, ...
    pub record_type: String,
    pub record_id: i64,
    /// CREATED, UPDATED or RETRACTED.
    pub action: String,
    /// The organization the record belongs to, for `underOrganizationId` filters.
    pub organization_id: Option<i64>,
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// Fans committed changes out to subscribers.
#[derive(Clone)]
pub struct EventBus {
    sender: broadcast::Sender<ChangeEvent>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub fn new() -> Self {
        // Slow subscribers that fall 1024 events behind skip ahead rather than hold memory.
        let (sender, _) = broadcast::channel(1024);
        Self { sender }
    }

    pub fn publish(&self, event: ChangeEvent) {
        // No subscriber is not an error.
        let _ = self.sender.send(event);
    }

    pub fn subscribe(&self) -> broadcast::Receiver<ChangeEvent> {
        self.sender.subscribe()
    }
}
