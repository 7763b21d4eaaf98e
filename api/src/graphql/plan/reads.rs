//! How a run reads relations: each (relation, arguments, keys) once, however many fields ask
//! for it, and the reads of one level in one statement. Fields resolved side by side queue their
//! reads; the first to queue waits until nothing else in the run can still add one (every
//! future of the run has been polled, no statement is in flight), then sends them all
//! ([`fetch_side_by_side`]). The run is one task, and its statements share one connection, so
//! the wait costs nothing: it only gathers what would otherwise be sent one after another.

use super::stop::{Result, Stop};
use crate::graphql::describe::record::{Kind, Record};
use crate::graphql::describe::relation::{Args, Fetched, Read, Relation, fetch_side_by_side};
use crate::graphql::describe::relations;
use crate::store::ReadConn;
use futures::channel::oneshot;
use futures::future::{FutureExt, Shared};
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, PoisonError};

/// The reads of one run.
pub(super) struct Reads<'a> {
    conn: &'a ReadConn,
    /// The relations read so far in this run, by relation, arguments and parent keys: fields
    /// that read the same rows (a report row's `latest` and `status` both read the target's
    /// results; one field under two aliases) share one read, even while it is running.
    fetched: std::sync::Mutex<HashMap<FetchKey, Pending>>,
    /// Reads asked for and not yet sent: the fields being resolved side by side (the relations
    /// of one level) queue their reads, and the first of them sends them all as one statement.
    queue: std::sync::Mutex<Queue>,
    /// Statements of this run being sent or read: until they are done, reads their rows lead
    /// to may still join the queue.
    in_flight: AtomicUsize,
    /// Notified whenever `in_flight` falls to zero.
    settled: tokio::sync::Notify,
}

/// Counts a statement in flight while it lives.
struct InFlight<'a> {
    in_flight: &'a AtomicUsize,
    settled: &'a tokio::sync::Notify,
}

impl Drop for InFlight<'_> {
    fn drop(&mut self) {
        if self.in_flight.fetch_sub(1, Ordering::SeqCst) == 1 {
            self.settled.notify_waiters();
        }
    }
}

/// A read's rows, once its statement has run (cancelled if it failed).
type Pending = Shared<oneshot::Receiver<Arc<Fetched>>>;

/// Reads waiting for their statement.
#[derive(Default)]
struct Queue {
    reads: Vec<Queued>,
    /// Whether a field has taken on sending the queued reads.
    led: bool,
}

struct Queued {
    relation: &'static Relation,
    keys: Vec<i64>,
    args: Args,
    rows: oneshot::Sender<Arc<Fetched>>,
}

/// A relation (compared by address: each is a `static`), its arguments, and the sorted parent
/// keys.
type FetchKey = (&'static Relation, Args, Vec<i64>);

impl<'a> Reads<'a> {
    pub(super) fn new(conn: &'a ReadConn) -> Self {
        Self {
            conn,
            fetched: Default::default(),
            queue: Default::default(),
            in_flight: Default::default(),
            settled: Default::default(),
        }
    }

    /// A relation's rows for these (sorted, distinct) keys: read once per run, however many
    /// fields ask for them, and in one statement with the reads of the fields resolved beside
    /// it.
    pub(super) async fn fetch_once(
        &self,
        relation: &'static Relation,
        keys: Vec<i64>,
        args: Args,
    ) -> Result<Arc<Fetched>> {
        let (rows, leads) = {
            let mut fetched = self.fetched.lock().unwrap_or_else(PoisonError::into_inner);
            if std::ptr::eq(relation, relations::by_id(relation.child))
                && let Some(rows) = already_read(&fetched, relation.child, &keys)
            {
                return Ok(Arc::new(rows));
            }
            match fetched.entry((relation, args, keys.clone())) {
                Entry::Occupied(pending) => (pending.get().clone(), false),
                Entry::Vacant(slot) => {
                    let (sender, receiver) = oneshot::channel();
                    let rows = slot.insert(receiver.shared()).clone();
                    let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
                    queue.reads.push(Queued {
                        relation,
                        keys,
                        args,
                        rows: sender,
                    });
                    (rows, !std::mem::replace(&mut queue.led, true))
                }
            }
        };
        if leads {
            self.settle().await;
            self.send_queued().await?;
        }
        // Cancelled: the statement failed, and its error is the run's.
        rows.await.map_err(|_| Stop::Failed)
    }

    /// A statement of this run, counted while in flight.
    pub(super) async fn tracked<T>(&self, statement: impl std::future::Future<Output = T>) -> T {
        self.in_flight.fetch_add(1, Ordering::SeqCst);
        let _in_flight = InFlight {
            in_flight: &self.in_flight,
            settled: &self.settled,
        };
        statement.await
    }

    /// Waits until nothing else in the run can still queue a read: every future of the run (one
    /// task) has been polled since, and no statement is in flight whose rows could lead to more
    /// reads of this level. Statements on one connection run one after another anyway, so
    /// waiting for them costs no time, and it sends a level's reads as one statement.
    async fn settle(&self) {
        loop {
            tokio::task::yield_now().await;
            let settled = self.settled.notified();
            let mut settled = std::pin::pin!(settled);
            settled.as_mut().enable();
            if self.in_flight.load(Ordering::SeqCst) == 0 {
                return;
            }
            settled.await;
        }
    }

    /// Rows read by a statement of their own, kept as a read of `relation` would be (so that a
    /// by-id read of them is answered from memory).
    pub(super) fn remember(&self, relation: &'static Relation, keys: Vec<i64>, rows: Fetched) {
        let (sender, receiver) = oneshot::channel();
        let _ = sender.send(Arc::new(rows));
        let read = receiver.shared();
        // Resolved now, so that `already_read` sees the rows.
        let _ = read.clone().now_or_never();
        let mut fetched = self.fetched.lock().unwrap_or_else(PoisonError::into_inner);
        fetched.insert((relation, Args::NONE, keys), read);
    }

    /// Sends every queued read as one statement and hands each its rows.
    async fn send_queued(&self) -> Result<()> {
        let queued = {
            let mut queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner);
            queue.led = false;
            std::mem::take(&mut queue.reads)
        };
        if queued.is_empty() {
            return Ok(());
        }
        let reads: Vec<Read<'_>> = queued
            .iter()
            .map(|read| Read {
                relation: read.relation,
                keys: &read.keys,
                args: read.args,
            })
            .collect();
        let fetched = self.tracked(fetch_side_by_side(self.conn, &reads)).await?;
        for (read, rows) in queued.into_iter().zip(fetched) {
            // A field that stopped waiting (its run failed) no longer needs its rows.
            let _ = read.rows.send(Arc::new(rows));
        }
        Ok(())
    }
}

/// The records of `kind` with these (sorted, distinct) keys, in key order as `by_id` lists them,
/// when this run has read them all already through some relation (a result's `target` after
/// the resolution's targets): `None` if any is missing.
fn already_read(fetched: &HashMap<FetchKey, Pending>, kind: Kind, keys: &[i64]) -> Option<Fetched> {
    let mut found: HashMap<i64, &Record> = HashMap::with_capacity(keys.len());
    for ((relation, _, _), pending) in fetched {
        if relation.child != kind {
            continue;
        }
        for (_, row) in pending.peek().into_iter().flatten().flat_map(|rows| rows.iter()) {
            found.insert(row.id(), row);
        }
    }
    keys.iter()
        .map(|key| found.get(key).map(|row| (*key, (*row).clone())))
        .collect()
}
