//! Admission: how much heavy work each caller may have in flight, so that no single caller can
//! starve the others.
//!
//! A term report with every organization below (a province holds tens of thousands of targets)
//! is the heaviest thing the server builds. Such reports take a turn: at most
//! `MAX_CONCURRENT_REPORTS` are built at once. Each client (its token, or its address) first
//! waits in a line of its own, which lets `MAX_REPORTS_PER_CLIENT` of its reports through at a
//! time, so the shared line holds at most that many of any one client's reports: a client that
//! sends a hundred province reports at once delays its own, not everyone else's. No report
//! waits longer than `REPORT_QUEUE_TIMEOUT_MS` in all. Reports of one organization are small
//! and never wait.
//! How many reports one request may ask for is checked before it runs (`graphql::limits`).

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Who a request comes from, for fairness: its token when it has one, else its address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ClientKey {
    Token(i64),
    Address(IpAddr),
    /// Requests without a known origin (in-process callers, tests).
    Unknown,
}

impl ClientKey {
    /// The token's identity when the caller has a valid one, else the address.
    pub fn of(token_id: Option<i64>, address: Option<IpAddr>) -> Self {
        match (token_id, address) {
            (Some(token), _) => Self::Token(token),
            (None, Some(address)) => Self::Address(address),
            (None, None) => Self::Unknown,
        }
    }
}

/// Why a report was not admitted: no turn came free in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub waited: Duration,
}

impl Refusal {
    pub fn message(&self) -> String {
        format!(
            "the server has been building other large reports for {} s; retry in a few seconds",
            self.waited.as_secs()
        )
    }
}

/// The turns for large reports, shared by GraphQL `termReport` and the CSV export.
#[derive(Clone)]
pub struct ReportGate(Arc<GateInner>);

struct GateInner {
    turns: Arc<Semaphore>,
    /// Each client's own line, with how many of its reports are in it or running; an entry
    /// goes when that is 0, so the map holds at most as many entries as reports in flight.
    per_client: Mutex<HashMap<ClientKey, (Arc<Semaphore>, usize)>>,
    per_client_limit: usize,
    queue_timeout: Duration,
}

impl ReportGate {
    pub fn new(at_once: usize, per_client: usize, queue_timeout: Duration) -> Self {
        Self(Arc::new(GateInner {
            turns: Arc::new(Semaphore::new(at_once.max(1))),
            per_client: Mutex::new(HashMap::new()),
            per_client_limit: per_client.clamp(1, Semaphore::MAX_PERMITS),
            queue_timeout,
        }))
    }

    /// Waits for a turn for a large report of `client`: in the client's own line, then in the
    /// shared one. The report keeps the turn until the permit is dropped.
    pub async fn admit(&self, client: &ClientKey) -> Result<ReportPermit, Refusal> {
        let started = tokio::time::Instant::now();
        let (line, membership) = self.join_line(client);
        let waited = async {
            let own_turn = line.acquire_owned().await.ok()?;
            let turn = self.0.turns.clone().acquire_owned().await.ok()?;
            Some((own_turn, turn))
        };
        match tokio::time::timeout(self.0.queue_timeout, waited).await {
            Ok(Some((own_turn, turn))) => Ok(ReportPermit {
                _turn: turn,
                _own_turn: own_turn,
                _membership: membership,
            }),
            // The semaphores are never closed; a closed one means no more turns.
            Ok(None) | Err(_) => Err(Refusal {
                waited: started.elapsed(),
            }),
        }
    }

    fn join_line(&self, client: &ClientKey) -> (Arc<Semaphore>, LineMembership) {
        let mut per_client = self
            .0
            .per_client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (line, members) = per_client
            .entry(client.clone())
            .or_insert_with(|| (Arc::new(Semaphore::new(self.0.per_client_limit)), 0));
        *members += 1;
        (
            line.clone(),
            LineMembership {
                gate: self.0.clone(),
                client: client.clone(),
            },
        )
    }

    /// Clients with large reports in flight (running or waiting), for tests and metrics.
    pub fn clients_in_flight(&self) -> usize {
        self.0.per_client.lock().map(|map| map.len()).unwrap_or(0)
    }
}

/// A report's place in its client's line; the line goes once nobody is in it.
struct LineMembership {
    gate: Arc<GateInner>,
    client: ClientKey,
}

impl Drop for LineMembership {
    fn drop(&mut self) {
        let mut per_client = self
            .gate
            .per_client
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some((_, members)) = per_client.get_mut(&self.client) {
            *members = members.saturating_sub(1);
            if *members == 0 {
                per_client.remove(&self.client);
            }
        }
    }
}

/// A large report's turn and its client's slot, held until the report's answer is written.
pub struct ReportPermit {
    // Dropped in this order: the shared turn, then the client's own, then its place in line.
    _turn: OwnedSemaphorePermit,
    _own_turn: OwnedSemaphorePermit,
    _membership: LineMembership,
}

/// The report permits one request (an HTTP request, or one WebSocket operation) holds until its
/// answer is written: a report's fields are resolved well before the answer is serialized, and
/// releasing the turn with the report let the next province's report build while the previous
/// answer (megabytes of JSON) was still in memory.
#[derive(Default)]
pub struct RequestPermits(tokio::sync::Mutex<Vec<ReportPermit>>);

impl RequestPermits {
    pub async fn hold(&self, permit: ReportPermit) {
        self.0.lock().await.push(permit);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn client(n: u8) -> ClientKey {
        ClientKey::Address(IpAddr::from([10, 0, 0, n]))
    }

    #[tokio::test(start_paused = true)]
    async fn a_client_s_second_report_waits_in_its_own_line_not_in_everyone_s() {
        let gate = ReportGate::new(2, 1, Duration::from_secs(5));
        let first = gate.admit(&client(1)).await.expect("admitted");
        // Client 1's second report waits behind its first, although a shared turn is free ...
        let second = tokio::spawn({
            let gate = gate.clone();
            async move { gate.admit(&client(1)).await }
        });
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!second.is_finished());
        // ... and another client goes straight to that free turn.
        let other = gate
            .admit(&client(2))
            .await
            .expect("another client is admitted at once");
        drop(first);
        assert!(
            second.await.expect("joined").is_ok(),
            "its turn comes once the first ends"
        );
        drop(other);
    }

    #[tokio::test(start_paused = true)]
    async fn waiting_is_bounded_and_leaves_nothing_behind() {
        let gate = ReportGate::new(1, 1, Duration::from_secs(5));
        let held = gate.admit(&client(1)).await.expect("admitted");
        let refused = gate.admit(&client(2)).await.err().expect("refused");
        assert!(refused.waited >= Duration::from_secs(5));
        assert_eq!(gate.clients_in_flight(), 1, "the refused client's line is gone");
        drop(held);
        assert_eq!(gate.clients_in_flight(), 0);
        gate.admit(&client(2)).await.expect("admitted once the turn is free");
    }
}
