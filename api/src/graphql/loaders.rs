//! Batched loading: every relation is fetched once per level of a query, for all parents at once
//! (no N+1). A [`Scope`] is built per request (its cache must not outlive the request) or per
//! dry run, where it reads through the uncommitted transaction.

use crate::error::{ApiError, ApiResult};
use crate::store::memberships::LeadershipRow;
use crate::store::{ReadConn, memberships, organizations, records};
use async_graphql::dataloader::{DataLoader, HashMapCache, Loader};
use chrono::NaiveDate;
use entity::*;
use futures::future::BoxFuture;
use sea_orm::{ColumnTrait, EntityTrait, Iterable, ModelTrait, PrimaryKeyToColumn, Value};
use std::collections::HashMap;
use std::hash::Hash;
use std::marker::PhantomData;
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

impl Scope {
    pub fn new(conn: ReadConn) -> Self {
        Self::with_guard(conn, None)
    }

    pub fn with_guard(conn: ReadConn, write_guard: Option<tokio::sync::OwnedMutexGuard<()>>) -> Self {
        // The longest batch is bounded by the page size times a few children; a batch's keys
        // stay under SQLite's and PostgreSQL's bind-parameter limits.
        let asked = Asked::default();
        let spawner = batch_spawner(asked.clone());
        let loader = DataLoader::with_cache(Store { conn: conn.clone() }, spawner, HashMapCache::default())
            .max_batch_size(records::MAX_KEYS_PER_STATEMENT)
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

    pub async fn one<K>(&self, key: K) -> ApiResult<Option<<Store as Loader<K>>::Value>>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        Store: Loader<K, Error = ApiError>,
    {
        self.0.asked.note();
        self.0.loader.load_one(key).await
    }

    /// A list relation: an empty list when the parent has no rows.
    pub async fn list<K, V>(&self, key: K) -> ApiResult<Vec<V>>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        Store: Loader<K, Value = Vec<V>, Error = ApiError>,
        V: Send + Sync + Clone + 'static,
    {
        self.0.asked.note();
        Ok(self.0.loader.load_one(key).await?.unwrap_or_default())
    }

    pub async fn many<K>(&self, keys: impl IntoIterator<Item = K>) -> ApiResult<HashMap<K, <Store as Loader<K>>::Value>>
    where
        K: Send + Sync + Hash + Eq + Clone + 'static,
        Store: Loader<K, Error = ApiError>,
    {
        self.0.asked.note();
        self.0.loader.load_many(keys).await
    }

    /// A record by its key, or `NOT_FOUND` (for relations that must exist).
    pub async fn require<E>(&self, id: i64) -> ApiResult<E::Model>
    where
        E: EntityTrait + Send + Sync,
        E::Model: Send + Sync + Clone,
    {
        self.one(ById::<E>::new(id))
            .await?
            .ok_or_else(|| ApiError::internal(format!("dangling reference to {} {id}", E::default().table_name())))
    }
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

/// The loader behind a scope: one `Loader` implementation per relation.
pub struct Store {
    conn: ReadConn,
}

/// A record of entity `E` by primary key.
pub struct ById<E>(pub i64, PhantomData<fn() -> E>);

impl<E> ById<E> {
    pub fn new(id: i64) -> Self {
        Self(id, PhantomData)
    }
}

impl<E> Clone for ById<E> {
    fn clone(&self) -> Self {
        Self::new(self.0)
    }
}
impl<E> PartialEq for ById<E> {
    fn eq(&self, other: &Self) -> bool {
        self.0 == other.0
    }
}
impl<E> Eq for ById<E> {}
impl<E> Hash for ById<E> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

fn key_of<M: ModelTrait>(model: &M) -> Option<i64> {
    let column = <M::Entity as EntityTrait>::PrimaryKey::iter().next()?.into_column();
    match model.get(column) {
        Value::BigInt(Some(id)) => Some(id),
        Value::Int(Some(id)) => Some(i64::from(id)),
        _ => None,
    }
}

impl<E> Loader<ById<E>> for Store
where
    E: EntityTrait + Send + Sync,
    E::Model: Send + Sync + Clone,
{
    type Value = E::Model;
    type Error = ApiError;

    async fn load(&self, keys: &[ById<E>]) -> Result<HashMap<ById<E>, E::Model>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
        let rows = records::by_ids::<E>(&self.conn, &ids).await?;
        Ok(rows
            .into_iter()
            .filter_map(|row| key_of(&row).map(|id| (ById::new(id), row)))
            .collect())
    }
}

/// A foreign-key column, required or optional.
trait ForeignKey {
    fn key(self) -> Option<i64>;
}

impl ForeignKey for i64 {
    fn key(self) -> Option<i64> {
        Some(self)
    }
}

impl ForeignKey for Option<i64> {
    fn key(self) -> Option<i64> {
        self
    }
}

/// Declares a key type `$key(parent id)` that loads the rows of `$entity` whose `$column` is the
/// parent, ordered by `$order`, grouped per parent.
macro_rules! many_by {
    ($(#[$doc:meta])* $key:ident, $entity:ident, $column:ident, $field:ident, [$($order:ident),*]) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub struct $key(pub i64);

        impl Loader<$key> for Store {
            type Value = Vec<$entity::Model>;
            type Error = ApiError;

            async fn load(&self, keys: &[$key]) -> Result<HashMap<$key, Self::Value>, ApiError> {
                let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
                let rows = records::by_column::<$entity::Entity>(
                    &self.conn,
                    $entity::Column::$column,
                    &ids,
                    &[$($entity::Column::$order),*],
                )
                .await?;
                let mut grouped: HashMap<$key, Self::Value> = HashMap::new();
                for row in rows {
                    if let Some(parent) = ForeignKey::key(row.$field) {
                        grouped.entry($key(parent)).or_default().push(row);
                    }
                }
                Ok(grouped)
            }
        }
    };
}

many_by!(CommitteesOf, committee, CongressId, congress_id, []);
many_by!(
    MembershipsOfCommittee,
    membership,
    CommitteeId,
    committee_id,
    [StartedOn]
);
many_by!(ResolutionsOf, resolution, CongressId, congress_id, []);
many_by!(TargetsOfResolution, target, ResolutionId, resolution_id, [Ordinal]);
many_by!(ResultsOf, target_result, TargetId, target_id, [YearTo, YearFrom]);
many_by!(ReviewsOf, review, CongressId, congress_id, [HeldOn]);
many_by!(StatsOf, organization_stats, OrganizationId, organization_id, [AsOf]);
many_by!(
    PlacementsOf,
    organization_placement,
    OrganizationId,
    organization_id,
    [ValidFrom]
);
many_by!(
    PlacementsUnder,
    organization_placement,
    ParentId,
    parent_id,
    [ValidFrom]
);
many_by!(
    LineageAsPredecessor,
    organization_lineage,
    PredecessorId,
    predecessor_id,
    [EffectiveOn]
);
many_by!(
    LineageAsSuccessor,
    organization_lineage,
    SuccessorId,
    successor_id,
    [EffectiveOn]
);
many_by!(RatingsOf, rating, OrganizationId, organization_id, [Year]);

/// The children targets of a target ("trong đó 20% ..." under "100% ...").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct TargetsUnder(pub i64);

impl Loader<TargetsUnder> for Store {
    type Value = Vec<target::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[TargetsUnder]) -> Result<HashMap<TargetsUnder, Self::Value>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
        let rows = target::Entity::find()
            .filter(target::Column::ParentId.is_in(ids))
            .order_by_asc(target::Column::Ordinal)
            .order_by_asc(target::Column::Id)
            .all(&self.conn)
            .await?;
        let mut grouped: HashMap<TargetsUnder, Self::Value> = HashMap::new();
        for row in rows {
            if let Some(parent) = row.parent_id {
                grouped.entry(TargetsUnder(parent)).or_default().push(row);
            }
        }
        Ok(grouped)
    }
}

use sea_orm::{QueryFilter, QueryOrder};

/// The sources that speak about an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourcesOfOrganization(pub i64);

impl Loader<SourcesOfOrganization> for Store {
    type Value = Vec<source::Model>;
    type Error = ApiError;

    async fn load(
        &self,
        keys: &[SourcesOfOrganization],
    ) -> Result<HashMap<SourcesOfOrganization, Self::Value>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
        let mut grouped: HashMap<SourcesOfOrganization, Self::Value> = HashMap::new();
        for (owner, source) in organizations::sources_of(&self.conn, &ids).await? {
            grouped.entry(SourcesOfOrganization(owner)).or_default().push(source);
        }
        Ok(grouped)
    }
}

/// The sources that speak about a congress.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct SourcesOfCongress(pub i64);

impl Loader<SourcesOfCongress> for Store {
    type Value = Vec<source::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[SourcesOfCongress]) -> Result<HashMap<SourcesOfCongress, Self::Value>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
        let mut grouped: HashMap<SourcesOfCongress, Self::Value> = HashMap::new();
        for (owner, source) in organizations::sources_of_congresses(&self.conn, &ids).await? {
            grouped.entry(SourcesOfCongress(owner)).or_default().push(source);
        }
        Ok(grouped)
    }
}

/// An organization's ancestors on a date, nearest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct AncestorsOn(pub i64, pub NaiveDate);

impl Loader<AncestorsOn> for Store {
    type Value = Vec<i64>;
    type Error = ApiError;

    async fn load(&self, keys: &[AncestorsOn]) -> Result<HashMap<AncestorsOn, Self::Value>, ApiError> {
        let mut grouped: HashMap<AncestorsOn, Self::Value> = HashMap::new();
        // One statement per distinct date: in practice one per query field.
        for (on, ids) in by_date(keys.iter().map(|key| (key.1, key.0))) {
            for (origin, ancestor, _depth) in organizations::ancestors_on(&self.conn, &ids, on).await? {
                grouped.entry(AncestorsOn(origin, on)).or_default().push(ancestor);
            }
        }
        Ok(grouped)
    }
}

/// The memberships of an organization's executive and standing committees that hold on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LeadershipOn(pub i64, pub NaiveDate);

impl Loader<LeadershipOn> for Store {
    type Value = Vec<LeadershipRow>;
    type Error = ApiError;

    async fn load(&self, keys: &[LeadershipOn]) -> Result<HashMap<LeadershipOn, Self::Value>, ApiError> {
        let mut grouped: HashMap<LeadershipOn, Self::Value> = HashMap::new();
        for (on, ids) in by_date(keys.iter().map(|key| (key.1, key.0))) {
            for row in memberships::leadership_on(&self.conn, &ids, on).await? {
                grouped
                    .entry(LeadershipOn(row.organization_id, on))
                    .or_default()
                    .push(row);
            }
        }
        Ok(grouped)
    }
}

/// The data-quality warnings stored with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct IssuesOf(pub &'static str, pub i64);

impl Loader<IssuesOf> for Store {
    type Value = Vec<data_quality_issue::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[IssuesOf]) -> Result<HashMap<IssuesOf, Self::Value>, ApiError> {
        let mut by_type: HashMap<&'static str, Vec<i64>> = HashMap::new();
        for key in keys {
            by_type.entry(key.0).or_default().push(key.1);
        }
        let mut grouped: HashMap<IssuesOf, Self::Value> = HashMap::new();
        for (record_type, ids) in by_type {
            let rows = data_quality_issue::Entity::find()
                .filter(data_quality_issue::Column::RecordType.eq(record_type))
                .filter(data_quality_issue::Column::RecordId.is_in(ids))
                .order_by_asc(data_quality_issue::Column::Id)
                .all(&self.conn)
                .await?;
            for row in rows {
                grouped
                    .entry(IssuesOf(record_type, row.record_id))
                    .or_default()
                    .push(row);
            }
        }
        Ok(grouped)
    }
}

fn by_date(pairs: impl Iterator<Item = (NaiveDate, i64)>) -> HashMap<NaiveDate, Vec<i64>> {
    let mut out: HashMap<NaiveDate, Vec<i64>> = HashMap::new();
    for (on, id) in pairs {
        out.entry(on).or_default().push(id);
    }
    out
}

/// An organization's congresses in force (retracted ones hidden), oldest term first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct CongressesOf(pub i64);

impl Loader<CongressesOf> for Store {
    type Value = Vec<congress::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[CongressesOf]) -> Result<HashMap<CongressesOf, Self::Value>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
        let rows = congress::Entity::find()
            .filter(congress::Column::OrganizationId.is_in(ids))
            .filter(congress::Column::RetractedAt.is_null())
            .order_by_asc(congress::Column::TermStartYear)
            .order_by_asc(congress::Column::Ordinal)
            .order_by_asc(congress::Column::Id)
            .all(&self.conn)
            .await?;
        let mut grouped: HashMap<CongressesOf, Self::Value> = HashMap::new();
        for row in rows {
            grouped.entry(CongressesOf(row.organization_id)).or_default().push(row);
        }
        Ok(grouped)
    }
}

/// A person's positions on committees of congresses in force, earliest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MembershipsOfPerson(pub i64);

impl Loader<MembershipsOfPerson> for Store {
    type Value = Vec<membership::Model>;
    type Error = ApiError;

    async fn load(&self, keys: &[MembershipsOfPerson]) -> Result<HashMap<MembershipsOfPerson, Self::Value>, ApiError> {
        let ids: Vec<i64> = keys.iter().map(|key| key.0).collect();
        let rows = crate::store::memberships::of_people(&self.conn, &ids).await?;
        let mut grouped: HashMap<MembershipsOfPerson, Self::Value> = HashMap::new();
        for row in rows {
            grouped.entry(MembershipsOfPerson(row.person_id)).or_default().push(row);
        }
        Ok(grouped)
    }
}
