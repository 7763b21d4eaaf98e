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
use async_graphql::Variables;
use async_graphql::parser::types::ExecutableDocument;
use std::sync::Arc;

/// How many bytes of document text the cache of plans holds; a client sending ever-new
/// documents only pushes older ones out. Only documents that parsed and passed the request
/// pipeline's checks get here.
const CACHE_BYTES: u64 = 4 * 1024 * 1024;

#[derive(Clone)]
struct TextWeight;

impl quick_cache::Weighter<(String, Option<String>), Option<Arc<Prepared>>> for TextWeight {
    fn weight(&self, key: &(String, Option<String>), _: &Option<Arc<Prepared>>) -> u64 {
        (key.0.len() + key.1.as_ref().map_or(0, String::len)).max(1) as u64
    }
}

/// Compiled plans by document text and operation name, so that a repeated query is compiled
/// once. Documents that do not compile are remembered too (as `None`).
pub struct Plans {
    by_document: quick_cache::sync::Cache<(String, Option<String>), Option<Arc<Prepared>>, TextWeight>,
}

impl Default for Plans {
    fn default() -> Self {
        Self {
            by_document: quick_cache::sync::Cache::with_weighter(1024, CACHE_BYTES, TextWeight),
        }
    }
}

impl Plans {
    /// The whole response body when the document compiles and its answer could be written;
    /// `None` sends the request to the executor. `operation` is the name of the operation the
    /// request selects, as the document spells it (so the cache holds only names it contains).
    pub async fn answer(
        &self,
        db: &Database,
        limits: &LimitsConfig,
        text: &str,
        document: &ExecutableDocument,
        operation: Option<&str>,
        variables: &Variables,
    ) -> Option<String> {
        let key = (text.to_owned(), operation.map(str::to_owned));
        let prepared = match self.by_document.get(&key) {
            Some(prepared) => prepared?,
            None => {
                let prepared = prepare(db, limits, document, operation).map(Arc::new);
                self.by_document.insert(key, prepared.clone());
                prepared?
            }
        };
        let id = prepared.plan.organization_key(variables)?;
        prepared.execute(db.read_conn(), id).await
    }
}

/// Compiles a document's operation when it is within the subset and the configured limits.
fn prepare(
    db: &Database,
    limits: &LimitsConfig,
    document: &ExecutableDocument,
    operation: Option<&str>,
) -> Option<Prepared> {
    let plan = Plan::compile(document, operation)?;
    // Over a configured limit: the executor reports it with its usual error.
    if plan.depth() > limits.max_query_depth || plan.complexity() > limits.max_query_complexity {
        return None;
    }
    Some(Prepared::new(plan, db.backend()))
}
