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
//! through both and compare the answers.

mod plan;
mod run;

pub use plan::Plan;

use crate::config::LimitsConfig;
use crate::store::Database;
use async_graphql::Request;

/// The `data` of a response, as JSON text, when the request's document compiles and its answer
/// could be written; `None` sends the request to the executor.
pub async fn answer(db: &Database, limits: &LimitsConfig, request: &mut Request) -> Option<String> {
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
    let id = plan.organization_key(&request.variables)?;
    run::execute(db.read_conn(), &plan, id).await
}
