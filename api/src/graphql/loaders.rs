//! Batched loading for the resolvers: every relation is read once per level of a query, for all
//! parents at once (no N+1), through the relations of [`describe`](super::describe), the same
//! ones the planner reads. A [`Scope`] is built per request (its cache must not outlive the
//! request) or per dry run, where it reads through the uncommitted transaction.

use super::describe::record::{Record, Stored};
use super::describe::relation::{Args, Relation};
use super::describe::relations;
use crate::error::{ApiError, ApiResult};
use crate::store::ReadConn;
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use futures::future::BoxFuture;
use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// What resolvers read through: a connection and a per-scope batching cache.
#[derive(Clone)]
pub struct Scope(Arc<ScopeInner>);

struct ScopeInner {
    conn: ReadConn,
    loader: DataLoader<Store, HashMapCache>,
    asked: Asked,
    /// Held by a dry run on SQLite: its transaction keeps the write lock until it is rolled back.
    _write_guard: Option<tokio::sync::OwnedMutexGuard<()>>,
}

/// The request's read scope. Operations over a WebSocket have none of their own (the
/// connection outlives them), so each of their root fields reads in a fresh one.
pub fn scope(ctx: &async_graphql::Context<'_>) -> async_graphql::Result<Scope> {
    if let Some(scope) = ctx.data_opt::<Scope>() {
        return Ok(scope.clone());
    }
    let db = ctx
        .data::<crate::store::Database>()
        .map_err(|_| ApiError::internal("schema without a database"))?;
    Ok(Scope::new(crate::store::ReadConn::Pool(db.conn.clone())))
}

/// The most parents one batch reads at once.
const MAX_BATCH: usize = 5000;

impl Scope {
    pub fn new(conn: ReadConn) -> Self {
        Self::with_guard(conn, None)
    }

    pub fn with_guard(conn: ReadConn, write_guard: Option<tokio::sync::OwnedMutexGuard<()>>) -> Self {
        let asked = Asked::default();
        let spawner = batch_spawner(asked.clone());
        let loader = DataLoader::with_cache(Store { conn: conn.clone() }, spawner, HashMapCache::default())
            .max_batch_size(MAX_BATCH)
            .delay(Duration::ZERO);
        Self(Arc::new(ScopeInner {
            conn,
            loader,
            asked,
            _write_guard: write_guard,
        }))
    }

    pub fn conn(&self) -> &ReadConn {
        &self.0.conn
    }

    /// The rows related to the parent with `key` through `relation`, in the relation's order.
    pub async fn related<M: Stored>(&self, relation: &'static Relation, key: i64, args: Args) -> ApiResult<Vec<M>> {
        self.0.asked.note();
        let rows = self
            .0
            .loader
            .load_one(Related { relation, key, args })
            .await?
            .unwrap_or_default();
        rows.into_iter().map(typed).collect()
    }

    /// The first related row, for relations that give at most one.
    pub async fn related_one<M: Stored>(
        &self,
        relation: &'static Relation,
        key: i64,
        args: Args,
    ) -> ApiResult<Option<M>> {
        Ok(self.related(relation, key, args).await?.into_iter().next())
    }

    /// A record by its primary key.
    pub async fn by_id<M: Stored>(&self, id: i64) -> ApiResult<Option<M>> {
        self.related_one(relations::by_id(M::KIND), id, Args::NONE).await
    }

    /// Records by primary key, in one batch.
    pub async fn many_by_id<M: Stored>(&self, ids: impl IntoIterator<Item = i64>) -> ApiResult<HashMap<i64, M>> {
        self.0.asked.note();
        let relation = relations::by_id(M::KIND);
        let keys = ids.into_iter().map(|key| Related {
            relation,
            key,
            args: Args::NONE,
        });
        let found = self.0.loader.load_many(keys).await?;
        let mut out = HashMap::with_capacity(found.len());
        for (key, rows) in found {
            if let Some(row) = rows.into_iter().next() {
                out.insert(key.key, typed(row)?);
            }
        }
        Ok(out)
    }

    /// A record that must exist (a reference held by another record).
    pub async fn require<M: Stored>(&self, id: i64) -> ApiResult<M> {
        self.by_id(id)
            .await?
            .ok_or_else(|| ApiError::internal(format!("dangling reference to {:?} {id}", M::KIND)))
    }
}

/// A related row as the model its relation declares.
fn typed<M: Stored>(record: Record) -> ApiResult<M> {
    M::try_from(record)
        .map_err(|kind| ApiError::internal(format!("a relation gave a {kind:?} where {:?} was expected", M::KIND)))
}

/// Counts the loads a scope's resolvers have asked for, so that a batch knows when to go.
#[derive(Clone, Default)]
struct Asked(Arc<AtomicU64>);

impl Asked {
    fn note(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    fn count(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }
}

/// Turns in a row without a new load after which a batch is complete. One is nearly always
/// enough; the second covers a request task that was rescheduled between two slices of a list.
const QUIET_TURNS: usize = 2;

/// The most times a batch lets its siblings run before it fetches anyway.
const MAX_BATCH_YIELDS: usize = 64;

/// Runs a batch fetch once the request's resolvers have stopped adding keys to it.
///
/// The library's default waits a fixed 1 ms per batch so that siblings can join it: with four
/// levels in a history query that was most of its latency. Instead the fetch yields to the
/// scheduler, one turn at a time, until turns pass in which no resolver of this scope asked
/// for anything: siblings register in one poll of the request's task, or in a few when a long
/// list makes the executor split its poll, and each turn lets the next slice run.
fn batch_spawner(asked: Asked) -> impl Fn(BoxFuture<'static, ()>) + Send + Sync + 'static {
    move |fetch| {
        let asked = asked.clone();
        tokio::spawn(async move {
            let mut quiet_turns = 0;
            for _ in 0..MAX_BATCH_YIELDS {
                let before = asked.count();
                tokio::task::yield_now().await;
                quiet_turns = if asked.count() == before { quiet_turns + 1 } else { 0 };
                if quiet_turns == QUIET_TURNS {
                    break;
                }
            }
            fetch.await;
        });
    }
}

/// The loader behind a scope.
pub struct Store {
    conn: ReadConn,
}

/// One parent's rows of one relation.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Related {
    relation: &'static Relation,
    key: i64,
    args: Args,
}

impl Loader<Related> for Store {
    type Value = Vec<Record>;
    type Error = ApiError;

    async fn load(&self, keys: &[Related]) -> Result<HashMap<Related, Vec<Record>>, ApiError> {
        // One statement per relation and arguments: in practice one per field of the query.
        let mut groups: HashMap<(&'static Relation, Args), Vec<i64>> = HashMap::new();
        for key in keys {
            groups.entry((key.relation, key.args)).or_default().push(key.key);
        }
        let mut out: HashMap<Related, Vec<Record>> = HashMap::with_capacity(keys.len());
        for ((relation, args), mut parents) in groups {
            parents.sort_unstable();
            parents.dedup();
            for (parent, row) in relation.fetch(&self.conn, &parents, args).await? {
                out.entry(Related {
                    relation,
                    key: parent,
                    args,
                })
                .or_default()
                .push(row);
            }
        }
        Ok(out)
    }
}
