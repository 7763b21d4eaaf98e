//! Compiled reads: the organization-history shape (`organization(id:)` → congresses → committees
//! → members → person, any of their column fields) answered with one SQL statement whose rows
//! are written straight to JSON, without async-graphql's per-field resolution.
//!
//! Why: a history query resolves a few hundred fields, and resolving each one through the
//! executor (a future, a context, an `IndexMap` entry, then a second pass to serialize) cost
//! about 1 ms of CPU per request, several times what PostgreSQL spent answering it. Frontends
//! browse congress history with exactly this shape, so it gets a compiled plan, the way
//! PostGraphile compiles every query to one statement.
//!
//! The executor stays the reference: a document is compiled only when every part of it is in
//! the supported subset (one query operation, no fragments or directives, only the fields
//! listed in [`plan`]), and anything else, including every error case, is left to the executor,
//! which then produces the answer and the error exactly as before. Tests run the same documents
//! through both and compare the answers byte for byte.

mod plan;
mod run;

pub use plan::Plan;
pub use run::Prepared;

use crate::config::LimitsConfig;
use crate::store::Database;
use async_graphql::Request;
use std::collections::HashMap;
use std::sync::{Arc, RwLock};

/// How many distinct documents the cache remembers; a client sending ever-new documents only
/// makes it start over.
const MAX_CACHED_DOCUMENTS: usize = 1024;

/// The plans of one document text, by operation name; `None` for one that does not compile.
type PlansOfDocument = Vec<(Option<String>, Option<Arc<Prepared>>)>;

/// Compiled plans by document text and operation name, so that a repeated query is neither
/// parsed nor compiled again. Documents that do not compile are remembered too (as `None`).
#[derive(Default)]
pub struct Plans {
    by_document: RwLock<HashMap<String, PlansOfDocument>>,
}

impl Plans {
    /// The whole response body when the request's document compiles and its answer could be
    /// written; `None` sends the request to the executor.
    pub async fn answer(&self, db: &Database, limits: &LimitsConfig, request: &mut Request) -> Option<String> {
        let prepared = match self.cached(request) {
            Some(prepared) => prepared?,
            None => {
                let prepared = prepare(db, limits, request).map(Arc::new);
                self.remember(request, prepared.clone());
                prepared?
            }
        };
        let id = prepared.plan.organization_key(&request.variables)?;
        prepared.execute(db.read_conn(), id).await
    }

    /// `Some(entry)` when the document was seen before (the entry is `None` if it did not compile).
    fn cached(&self, request: &Request) -> Option<Option<Arc<Prepared>>> {
        let cache = self.by_document.read().ok()?;
        let entries = cache.get(request.query.as_str())?;
        entries
            .iter()
            .find(|(name, _)| *name == request.operation_name)
            .map(|(_, prepared)| prepared.clone())
    }

    fn remember(&self, request: &Request, prepared: Option<Arc<Prepared>>) {
        let Ok(mut cache) = self.by_document.write() else {
            return;
        };
        if cache.len() >= MAX_CACHED_DOCUMENTS {
            cache.clear();
        }
        cache
            .entry(request.query.clone())
            .or_default()
            .push((request.operation_name.clone(), prepared));
    }
}

/// Compiles a request's document when it is within the subset and the configured limits.
fn prepare(db: &Database, limits: &LimitsConfig, request: &mut Request) -> Option<Prepared> {
    let operation_name = request.operation_name.clone();
    let document = request.parsed_query().ok()?;
    if crate::graphql::document_limits(limits).check(document).is_err() {
        return None;
    }
    let plan = Plan::compile(document, operation_name.as_deref())?;
    // Over a configured limit: the executor reports it with its usual error.
    if plan.depth() > limits.max_query_depth || plan.complexity() > limits.max_query_complexity {
        return None;
    }
    Some(Prepared::new(plan, db.backend()))
}
