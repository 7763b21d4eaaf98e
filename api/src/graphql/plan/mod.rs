//! The query planner: a validated query compiled once into a [`Plan`](compile::Plan) that reads
//! each relation once for all its rows and writes the answer straight to JSON, without
//! async-graphql resolving every field through its executor (the cost that dominated answers of
//! hundreds of objects). It reads the description tables (`describe`), the same relations and
//! rules the resolvers read.
//!
//! A level of the query is one statement for all the rows above it, on both databases: the
//! relations read side by side (a congress's organization, committees, resolution and reviews)
//! are one `UNION ALL` whose parts keep their own typed columns (`reads`). Joining a whole tree
//! of relations into one PostgreSQL statement, with each level's rows returned as JSON built by
//! the database, was measured and left out: building the JSON cost PostgreSQL 0.12-0.18 ms per
//! level, more than the round trips it saved (the history of a median organization on
//! `bench_s0_05`, 8 connections: 1,400 requests/s against 2,000 level by level).
//!
//! The executor stays the reference and answers everything the planner does not: a document
//! is planned only after the executor has answered it once without a request error (so it is
//! valid against the schema: the planner never validates), and any field the tables leave to the
//! executor, a directive other than `@include`/`@skip` (or one whose `if:` variable is no
//! boolean), an argument the planner cannot read, a missing required row or a database error
//! sends the request to the executor, which gives its exact answer or error.

mod compile;
mod reads;
mod run;
mod stop;

use crate::store::ReadConn;
use async_graphql::Variables;
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition};
use compile::{Conditions, Plan};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, RwLock};

/// How many bytes of document text the plan cache holds.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// Plans kept per document, one per combination of its `@include`/`@skip` variables' values
/// (most documents have none, and one plan; two toggles make four); past this, further
/// combinations are compiled for each request. The cache weighs a document by its text alone,
/// so this also bounds how far plans can outgrow `CACHE_BYTES`: four times a single plan each.
const PLANS_PER_DOCUMENT: usize = 4;

/// A document the planner has seen, and its plans once the executor has shown it valid (a plan
/// is only ever compiled from a valid document: no cycles, no unknown fragments).
struct Entry {
    /// Each compilation with the conditions it read; `None` where the document is the
    /// executor's under those conditions.
    plans: RwLock<Vec<(Conditions, Option<Arc<Plan>>)>>,
    validated: AtomicBool,
}

/// A document's text and the operation name (as the document spells it).
#[derive(PartialEq, Eq)]
struct Key {
    text: String,
    operation: Option<String>,
}

/// The same, borrowed from a request: looking a plan up copies nothing.
struct KeyRef<'a> {
    text: &'a str,
    operation: Option<&'a str>,
}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        KeyRef {
            text: &self.text,
            operation: self.operation.as_deref(),
        }
        .hash(state);
    }
}

impl std::hash::Hash for KeyRef<'_> {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.text.hash(state);
        self.operation.hash(state);
    }
}

impl quick_cache::Equivalent<Key> for KeyRef<'_> {
    fn equivalent(&self, key: &Key) -> bool {
        self.text == key.text && self.operation == key.operation.as_deref()
    }
}

#[derive(Clone)]
struct Weight;

impl quick_cache::Weighter<Key, Arc<Entry>> for Weight {
    fn weight(&self, key: &Key, _: &Arc<Entry>) -> u64 {
        (key.text.len() + key.operation.as_ref().map_or(0, String::len)).max(1) as u64
    }
}

/// Plans by document text and operation name (as the document spells it).
pub struct Planner {
    plans: quick_cache::sync::Cache<Key, Arc<Entry>, Weight>,
}

impl Default for Planner {
    fn default() -> Self {
        Self {
            plans: quick_cache::sync::Cache::with_weighter(1024, CACHE_BYTES, Weight),
        }
    }
}

/// A document the planner has seen: a plan waiting for the executor's verdict, or none.
pub struct Seen(Option<Arc<Entry>>);

/// An operation the planner has a compiled plan for.
pub struct Planned(Arc<Plan>);

impl Planner {
    /// The plan for this operation, when the planner can answer it; `Err` carries what
    /// `validated` needs once the executor has answered instead. Reads nothing.
    pub fn plan(
        &self,
        text: &str,
        operation_name: Option<&str>,
        document: &ExecutableDocument,
        operation: &OperationDefinition,
        variables: &Variables,
    ) -> Result<Planned, Seen> {
        let lookup = KeyRef {
            text,
            operation: operation_name,
        };
        let entry = match self.plans.get(&lookup) {
            Some(entry) => entry,
            None => {
                let entry = Arc::new(Entry {
                    plans: RwLock::new(Vec::new()),
                    validated: AtomicBool::new(false),
                });
                let key = Key {
                    text: text.to_owned(),
                    operation: operation_name.map(str::to_owned),
                };
                self.plans.insert(key, entry.clone());
                entry
            }
        };
        if !entry.validated.load(Ordering::Acquire) {
            return Err(Seen(Some(entry)));
        }
        let holds = |conditions: &Conditions| {
            conditions
                .iter()
                .all(|(name, value)| compile::condition_value(name, variables) == Some(*value))
        };
        let known = entry.plans.read().ok().and_then(|plans| {
            plans
                .iter()
                .find(|(conditions, _)| holds(conditions))
                .map(|(_, plan)| plan.clone())
        });
        let plan = match known {
            Some(plan) => plan,
            None => {
                let compiled = compile::compile(document, operation, variables);
                let plan = compiled.plan.ok().map(Arc::new);
                if compiled.reusable
                    && let Ok(mut plans) = entry.plans.write()
                    && plans.len() < PLANS_PER_DOCUMENT
                {
                    plans.push((compiled.conditions, plan.clone()));
                }
                plan
            }
        };
        plan.map(Planned).ok_or(Seen(None))
    }

    /// The whole response body of a planned operation with these variables; `Err` when a
    /// variable's value is one the planner leaves to the executor.
    pub async fn answer(&self, planned: &Planned, conn: &ReadConn, variables: &Variables) -> Result<String, Seen> {
        match run::run(&planned.0, conn, variables).await {
            Ok(body) => Ok(body),
            Err(_) => Err(Seen(None)),
        }
    }

    /// The executor answered a document the planner has a plan for: without a request error,
    /// the document is valid, and the planner answers it from now on.
    pub fn validated(&self, seen: Seen, response: &async_graphql::Response) {
        let Some(entry) = seen.0 else {
            return;
        };
        let request_error = response.data == async_graphql::Value::Null
            && !response.errors.is_empty()
            && response.errors.iter().all(|error| error.path.is_empty());
        if !request_error {
            entry.validated.store(true, Ordering::Release);
        }
    }
}
