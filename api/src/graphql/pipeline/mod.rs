//! The one request pipeline: every GraphQL operation, over HTTP (GET, POST, batches) and over
//! WebSocket alike, passes the same steps in the same place:
//!
//! 0. the document itself: named by its persisted-query hash, or registered under it, and held
//!    against the allow-list when one is in force ([`persisted`]);
//! 1. the document's text: its size and bracket nesting ([`scan`]), before anything recursive
//!    reads it;
//! 2. parsing, once per distinct document (a bounded cache keyed by the text);
//! 3. the document's limits: aliases, directives, depth and expanded size ([`limits`]);
//! 4. the operation's arguments with the request's variables: page sizes, search lengths, how
//!    many term reports it builds (a batch shares one budget);
//! 5. execution with the request's data (read scope, caller, client, report permits), under the
//!    request time limit: by the query planner where it has a plan, its answer served from the
//!    response cache while the database has not changed ([`answers`]), else by the executor;
//! 6. the answer: fields in the document's order, a code on every error, metrics with labels
//!    bounded by the schema, and a log line.
//!
//! The schema itself carries no extensions: an extension sends every field of every response
//! through async-graphql's extension chain, a tenth of the CPU of a history query.

mod answers;
mod persisted;
pub mod scan;
pub mod socket;

pub use persisted::{PersistedQueries, hash_of};

use super::AppSchema;
use super::limits::{self, DocumentFacts};
use super::loaders::Scope;
use super::mutation::{Caller, RequestId};
use crate::admission::{ClientKey, ReportGate, RequestPermits};
use crate::config::LimitsConfig;
use crate::store::{Database, ReadConn};
use async_graphql::parser::types::{ExecutableDocument, OperationDefinition, OperationType, Selection};
use async_graphql::{Request, Response, ServerError};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// How deep brackets may nest in a document's text. Fields nest at most `MAX_QUERY_DEPTH` (16 by
/// default) and values a few levels more; the parser recursed out of its stack at about 2,000.
pub const MAX_BRACKET_NESTING: usize = 64;

/// How many bytes of document text the parsed-document cache holds (its documents' text; the
/// parsed form takes a few times more).
const DOCUMENT_CACHE_BYTES: u64 = 4 * 1024 * 1024;

/// Documents longer than this are parsed each time they come: clients' documents are a few KB,
/// and a cache of large ones would mostly hold an attacker's.
const MAX_CACHED_DOCUMENT_BYTES: usize = 32 * 1024;

/// How the operation arrived.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    HttpGet,
    HttpPost,
    WebSocket,
}

/// What one HTTP request (a single operation or a batch) may still ask for.
pub struct RequestBudget {
    reports: AtomicUsize,
    reports_with_descendants: AtomicUsize,
}

impl RequestBudget {
    pub fn new(limits: &LimitsConfig) -> Self {
        Self {
            reports: AtomicUsize::new(limits.max_reports_per_request),
            reports_with_descendants: AtomicUsize::new(1),
        }
    }

    /// Takes `wanted` from `left`, or nothing when not enough is left.
    fn take(left: &AtomicUsize, wanted: usize) -> bool {
        left.fetch_update(Ordering::AcqRel, Ordering::Acquire, |now| now.checked_sub(wanted))
            .is_ok()
    }
}

/// Who is calling and how: what the transport found out before the pipeline runs.
#[derive(Clone)]
pub struct Call {
    pub caller: Caller,
    pub client: ClientKey,
    pub transport: Transport,
    pub request_id: String,
    /// Shared by the operations of one request.
    pub budget: Arc<RequestBudget>,
    /// Report permits, held until the answer is written.
    pub permits: Arc<RequestPermits>,
    /// The language of the answer's messages (`Accept-Language`).
    pub language: crate::i18n::Language,
}

/// A parsed document and what it holds.
pub struct Parsed {
    pub document: ExecutableDocument,
    facts: DocumentFacts,
}

#[derive(Clone)]
struct TextWeight;

impl quick_cache::Weighter<String, Arc<Parsed>> for TextWeight {
    fn weight(&self, key: &String, _: &Arc<Parsed>) -> u64 {
        key.len().max(1) as u64
    }
}

/// What the pipeline answers: a response to serialize, or a body a compiled plan wrote.
pub enum Answer {
    Response(Response),
    Written(String),
}

/// The pipeline, shared by every transport.
#[derive(Clone)]
pub struct Pipeline(Arc<Inner>);

struct Inner {
    schema: AppSchema,
    db: Database,
    limits: LimitsConfig,
    timeout: Duration,
    documents: quick_cache::sync::Cache<String, Arc<Parsed>, TextWeight>,
    reports: ReportGate,
    /// The query planner (see `graphql::plan`).
    planner: super::plan::Planner,
    /// The schema's types, for complexity.
    types: super::complexity::TypeSystem,
    /// Queries the planner answered, for tests and metrics.
    planned: std::sync::atomic::AtomicU64,
    /// Registered and known documents (see [`persisted`]).
    persisted: PersistedQueries,
    /// Planned answers, served again while the database has not changed (see [`answers`]).
    answers: answers::Answers,
}

/// The operation a request selects, once its document has passed every check.
struct Admitted {
    parsed: Arc<Parsed>,
    operation_type: OperationType,
    /// `query:organization`: the operation's type and first root field, for metrics. Only a
    /// field of the schema gets here (validation refuses others), so the labels are bounded.
    label: String,
}

/// GraphQL's coercion of variables: a declared variable the request leaves out takes its
/// default. async-graphql's executor applies defaults where a field reads a variable, but not
/// where it drops `@skip`/`@include` selections (it reads the request's values alone, so
/// `@skip(if: $s)` with `$s: Boolean = true` and no `s` kept the field, and `@include` with a
/// default of true dropped it). Filled in here, the limits, the executor and the planner all
/// read the same values.
fn with_variable_defaults(request: &mut Request, operation: &OperationDefinition) {
    for definition in &operation.variable_definitions {
        let name = &definition.node.name.node;
        if let Some(default) = &definition.node.default_value
            && !request.variables.contains_key(name)
        {
            request.variables.insert(name.clone(), default.node.clone());
        }
    }
}

impl Pipeline {
    pub fn new(
        schema: AppSchema,
        db: Database,
        limits: LimitsConfig,
        timeout: Duration,
        persisted: PersistedQueries,
        response_cache_bytes: u64,
    ) -> Self {
        let reports = ReportGate::new(
            limits.max_concurrent_reports,
            limits.max_reports_per_client,
            Duration::from_millis(limits.report_queue_timeout_ms),
        );
        let documents = quick_cache::sync::Cache::with_weighter(1024, DOCUMENT_CACHE_BYTES, TextWeight);
        Self(Arc::new(Inner {
            types: super::complexity::TypeSystem::from_sdl(&super::sdl(&schema)),
            schema,
            db,
            limits,
            timeout,
            documents,
            reports,
            planner: Default::default(),
            planned: Default::default(),
            persisted,
            answers: answers::Answers::new(response_cache_bytes),
        }))
    }

    pub fn schema(&self) -> &AppSchema {
        &self.0.schema
    }

    pub fn report_gate(&self) -> &ReportGate {
        &self.0.reports
    }

    pub fn limits(&self) -> &LimitsConfig {
        &self.0.limits
    }

    /// How many queries the planner has answered.
    pub fn planned(&self) -> u64 {
        self.0.planned.load(Ordering::Relaxed)
    }

    /// Persisted queries this process holds in memory, and the bytes they take.
    pub fn cached_persisted_queries(&self) -> (usize, u64) {
        self.0.persisted.cached()
    }

    /// Answers in the response cache, and the bytes they weigh.
    pub fn cached_answers(&self) -> (usize, u64) {
        self.0.answers.held()
    }

    /// How many answers the response cache has served.
    pub fn answers_from_cache(&self) -> u64 {
        self.0.answers.hits()
    }

    /// Documents in the parsed-document cache, and the bytes of text they hold.
    pub fn cached_documents(&self) -> (usize, u64) {
        (self.0.documents.len(), self.0.documents.weight())
    }

    /// The type of the operation a request selects, when its document passes the text checks
    /// and parses (GET refuses mutations before running anything).
    pub fn operation_type(&self, request: &Request) -> Option<OperationType> {
        let parsed = self.parse(&request.query).ok()?;
        limits::selected_operation(&parsed.document, request.operation_name.as_deref())
            .map(|(_, operation)| operation.node.ty)
    }

    /// Runs one query or mutation through every step, for transports that need the answer as
    /// a `Response` (batches, WebSocket).
    pub async fn execute(&self, request: Request, call: &Call) -> Response {
        match self.answer(request, call).await {
            Answer::Response(response) => response,
            Answer::Written(body) => written_response(&body),
        }
    }

    /// Runs one query or mutation through every step: a query the planner can answer comes
    /// back as the body it wrote (HTTP sends it as it is), anything else from the executor.
    #[tracing::instrument(
        name = "graphql",
        skip_all,
        fields(operation.name = request.operation_name.as_deref().unwrap_or_default())
    )]
    pub async fn answer(&self, mut request: Request, call: &Call) -> Answer {
        let started = Instant::now();
        if let Err(error) = self.resolve(&mut request, &call.caller).await {
            return Answer::Response(self.refuse(error, started, call.language));
        }
        let admitted = self.admit(&mut request, call);
        let Ok(admitted) = admitted else {
            return Answer::Response(self.run(request, admitted, call, started).await);
        };
        if admitted.operation_type != OperationType::Query || !self.0.limits.query_planner {
            return Answer::Response(self.run(request, Ok(admitted), call, started).await);
        }
        let document = &admitted.parsed.document;
        let Some((name, operation)) = limits::selected_operation(document, request.operation_name.as_deref()) else {
            return Answer::Response(self.run(request, Ok(admitted), call, started).await);
        };
        let plan = match self.0.planner.plan(
            &request.query,
            name.map(|name| name.as_str()),
            document,
            &operation.node,
            &request.variables,
        ) {
            Ok(plan) => plan,
            Err(seen) => return Answer::Response(self.run_and_validate(request, admitted, call, started, seen).await),
        };
        let conn = self.0.db.read_for_one_request();
        let planning = Instant::now();
        let planned = tokio::time::timeout(self.0.timeout, async {
            let question = self.question(&conn, &request, &operation.node).await;
            if let Some(answer) = question.as_ref().and_then(|question| self.0.answers.get(question)) {
                return Ok(String::from(&*answer));
            }
            let planned = self.0.planner.answer(&plan, &conn, &request.variables).await;
            if let (Ok(body), Some(question)) = (&planned, question) {
                // Kept only when no write committed while it was read (see `answers`).
                let unmoved = crate::store::generation::current(&conn)
                    .await
                    .is_ok_and(|now| now == question.generation());
                if unmoved {
                    self.0.answers.insert(question, body);
                }
            }
            planned
        })
        .await;
        // The read's connection goes back to the pool before the executor (which takes its own).
        drop(conn);
        // The time limit holds for planned reads as for the executor (see `run`).
        let Some(planned) = planned.ok().filter(|_| planning.elapsed() <= self.0.timeout) else {
            return Answer::Response(self.refuse(self.timed_out(), started, call.language));
        };
        match planned {
            Ok(body) => {
                self.0.planned.fetch_add(1, Ordering::Relaxed);
                record(&admitted.label, started, &Response::default());
                Answer::Written(body)
            }
            Err(seen) => Answer::Response(self.run_and_validate(request, admitted, call, started, seen).await),
        }
    }

    /// The executor's answer to a query the planner did not answer, which tells the planner
    /// whether the document is valid (see `Planner::validated`).
    async fn run_and_validate(
        &self,
        request: Request,
        admitted: Admitted,
        call: &Call,
        started: Instant,
        seen: super::plan::Seen,
    ) -> Response {
        let response = self.run(request, Ok(admitted), call, started).await;
        self.0.planner.validated(seen, &response);
        response
    }

    /// What the response cache knows this request's answer by, when the cache is on and the
    /// database's generation can be read (else the request is answered as if there were none).
    async fn question(
        &self,
        conn: &ReadConn,
        request: &Request,
        operation: &async_graphql::parser::types::OperationDefinition,
    ) -> Option<answers::Question> {
        if !self.0.answers.enabled() {
            return None;
        }
        let generation = match crate::store::generation::current(conn).await {
            Ok(generation) => generation,
            Err(error) => {
                tracing::warn!(detail = ?error, "cannot read the database's generation; answering without the cache");
                return None;
            }
        };
        answers::Question::new(
            generation,
            crate::domain::time::today(),
            &request.query,
            request.operation_name.as_deref(),
            &request.variables,
            |name| {
                operation
                    .variable_definitions
                    .iter()
                    .any(|definition| definition.node.name.node.as_str() == name)
            },
        )
    }

    #[tracing::instrument(name = "graphql.execute", level = "debug", skip_all)]
    async fn run(
        &self,
        mut request: Request,
        admitted: Result<Admitted, ServerError>,
        call: &Call,
        started: Instant,
    ) -> Response {
        let (label, mut response) = match admitted {
            Err(error) => ("refused".to_owned(), Response::from_errors(vec![error])),
            Ok(admitted) if admitted.operation_type == OperationType::Subscription => (
                "refused".to_owned(),
                Response::from_errors(vec![ServerError::new(
                    "subscriptions run over WebSocket at /graphql/ws (graphql-transport-ws)",
                    None,
                )]),
            ),
            Ok(admitted) => {
                request.set_parsed_query(admitted.parsed.document.clone());
                let request = self.with_request_data(request, call, admitted.operation_type);
                let operation_name = request.operation_name.clone();
                let executing = Instant::now();
                let response = match tokio::time::timeout(self.0.timeout, self.0.schema.execute(request))
                    .await
                    // An answer that came in late is late, even when the timer did not fire in
                    // time (a runtime busy with ready tasks checks its timers only now and then).
                    .ok()
                    .filter(|_| executing.elapsed() <= self.0.timeout)
                {
                    Some(mut response) => {
                        super::order::reorder_response(
                            &mut response,
                            &admitted.parsed.document,
                            operation_name.as_deref(),
                        );
                        response
                    }
                    None => Response::from_errors(vec![self.timed_out()]),
                };
                (admitted.label, response)
            }
        };
        add_codes(&mut response, &self.0.limits);
        record(&label, started, &response);
        crate::i18n::localize(&mut response, call.language);
        response
    }

    /// The error of a request that ran past the time limit.
    fn timed_out(&self) -> ServerError {
        limits::too_complex(format!(
            "the request took longer than the server allows ({} s); ask for less at a time",
            self.0.timeout.as_secs()
        ))
    }

    /// The answer to a request refused before its document was read (a transport's own steps).
    pub fn refused(&self, error: ServerError, language: crate::i18n::Language) -> Response {
        self.refuse(error, Instant::now(), language)
    }

    /// The answer to a request refused before its document was read.
    fn refuse(&self, error: ServerError, started: Instant, language: crate::i18n::Language) -> Response {
        let mut response = Response::from_errors(vec![error]);
        add_codes(&mut response, &self.0.limits);
        record("refused", started, &response);
        crate::i18n::localize(&mut response, language);
        response
    }

    /// The checks every operation passes before it runs; an error answers the request.
    fn admit(&self, request: &mut Request, call: &Call) -> Result<Admitted, ServerError> {
        let parsed = self.parse(&request.query)?;
        limits::check_document(&parsed.facts, &self.0.limits)?;
        let Some((_, operation)) = limits::selected_operation(&parsed.document, request.operation_name.as_deref())
        else {
            // No such operation: the executor says so in its usual words.
            return Ok(Admitted {
                parsed,
                operation_type: OperationType::Query,
                label: "refused".to_owned(),
            });
        };
        with_variable_defaults(request, &operation.node);
        let demand = limits::check_operation(&parsed.document, &operation.node, &request.variables)?;
        let complexity = self
            .0
            .types
            .complexity(&parsed.document, &operation.node, &request.variables);
        if complexity > self.0.limits.max_query_complexity {
            return Err(limits::too_complex(format!(
                "the query is too complex (the limit is {}): ask for smaller pages or fewer nested lists",
                self.0.limits.max_query_complexity
            )));
        }
        if demand.reports > 0 && !RequestBudget::take(&call.budget.reports, demand.reports) {
            return Err(limits::too_complex(format!(
                "a request may build at most {} term reports; send the rest in another request",
                self.0.limits.max_reports_per_request
            )));
        }
        if demand.with_descendants > 0
            && !RequestBudget::take(&call.budget.reports_with_descendants, demand.with_descendants)
        {
            return Err(limits::too_complex(
                "a request may build at most one term report with includeDescendants; send the others one by one"
                    .to_owned(),
            ));
        }
        let operation_type = operation.node.ty;
        let root = first_root_field(&parsed.document, &operation.node.selection_set.node).unwrap_or("none");
        let kind = match operation_type {
            OperationType::Query => "query",
            OperationType::Mutation => "mutation",
            OperationType::Subscription => "subscription",
        };
        let label = format!("{kind}:{root}");
        Ok(Admitted {
            parsed,
            operation_type,
            label,
        })
    }

    /// The request's document, by its persisted-query hash or registered under it (see
    /// [`persisted`]).
    pub async fn resolve(&self, request: &mut Request, caller: &Caller) -> Result<(), ServerError> {
        let parses = |document: &str| self.parse(document).is_ok();
        self.0.persisted.resolve(&self.0.db, parses, request, caller).await
    }

    /// The parsed document for a text, from the cache or parsed now. Only documents that pass
    /// the text checks and parse are cached, and the cache is bounded by the bytes it holds.
    fn parse(&self, text: &str) -> Result<Arc<Parsed>, ServerError> {
        scan::check(text, self.0.limits.max_document_bytes, MAX_BRACKET_NESTING)
            .map_err(|refusal| limits::too_complex(refusal.message()))?;
        if let Some(parsed) = self.0.documents.get(text) {
            return Ok(parsed);
        }
        let document = async_graphql::parser::parse_query(text).map_err(|error| match error {
            async_graphql::parser::Error::RecursionLimitExceeded => limits::too_complex(format!(
                "the query is nested deeper than {} levels",
                self.0.limits.max_query_depth
            )),
            other => ServerError::from(other),
        })?;
        let facts = limits::measure(&document)?;
        let parsed = Arc::new(Parsed { document, facts });
        if text.len() <= MAX_CACHED_DOCUMENT_BYTES {
            self.0.documents.insert(text.to_owned(), parsed.clone());
        }
        Ok(parsed)
    }

    /// The request's data: where it reads, who calls, and what it holds.
    fn with_request_data(&self, request: Request, call: &Call, operation_type: OperationType) -> Request {
        // Queries read the replica when there is one; mutations read back from the primary.
        let conn = match operation_type {
            OperationType::Query => self.0.db.read_conn().clone(),
            _ => self.0.db.conn.clone(),
        };
        request
            .data(Scope::new(ReadConn::Pool(conn)))
            .data(call.caller.clone())
            .data(call.client.clone())
            .data(RequestId(call.request_id.clone()))
            .data(call.permits.clone())
            .data(self.0.reports.clone())
    }
}

/// A body the planner wrote, as a `Response` for transports that serialize one (its order is
/// kept: the JSON object keeps its members in order).
fn written_response(body: &str) -> Response {
    match serde_json::from_str::<serde_json::Value>(body) {
        Ok(mut value) => Response::new(async_graphql::Value::from_json(value["data"].take()).unwrap_or_default()),
        Err(error) => {
            let error: async_graphql::Error = crate::ApiError::internal(error).into();
            // No place in the document to point at: no `locations` (a line 0 is not one).
            let mut error = error.into_server_error(async_graphql::Pos::default());
            error.locations.clear();
            Response::from_errors(vec![error])
        }
    }
}

/// The name of the first field an operation selects at its root, through fragments.
fn first_root_field<'a>(
    document: &'a ExecutableDocument,
    set: &'a async_graphql::parser::types::SelectionSet,
) -> Option<&'a str> {
    let mut sets = vec![set];
    // Bounded: each step goes one fragment or inline fragment deeper, at most this many times.
    for _ in 0..limits::MAX_NESTING {
        let set = sets.pop()?;
        match &set.items.first()?.node {
            Selection::Field(field) => return Some(field.node.name.node.as_str()),
            Selection::InlineFragment(inline) => sets.push(&inline.node.selection_set.node),
            Selection::FragmentSpread(spread) => sets.push(
                &document
                    .fragments
                    .get(&spread.node.fragment_name.node)?
                    .node
                    .selection_set
                    .node,
            ),
        }
    }
    None
}

/// The codes the contract allows; anything else is reported as it is to the client but
/// counted as `OTHER`, so a metric label cannot be invented by a request.
const CODES: [&str; 11] = [
    "BAD_USER_INPUT",
    "NOT_FOUND",
    "CONFLICT",
    "UNAUTHENTICATED",
    "FORBIDDEN",
    "QUERY_TOO_COMPLEX",
    "INTERNAL",
    "PERSISTED_QUERY_NOT_FOUND",
    "PERSISTED_QUERY_NOT_SUPPORTED",
    "PERSISTED_QUERY_NOT_IN_LIST",
    "QUERY_NOT_IN_SAFELIST",
];

/// Every error carries a code: errors async-graphql raises itself (parse, validation, argument
/// coercion) are about the client's input, and its depth and complexity limits say so plainly.
pub fn add_codes(response: &mut Response, limits: &LimitsConfig) {
    for error in &mut response.errors {
        let has_code = error.extensions.as_ref().is_some_and(|e| e.get("code").is_some());
        if has_code {
            continue;
        }
        let code = match error.message.as_str() {
            "Query is too complex." => {
                error.message = format!(
                    "the query is too complex (the limit is {}): ask for smaller pages or fewer nested lists",
                    limits.max_query_complexity
                );
                "QUERY_TOO_COMPLEX"
            }
            "Query is nested too deep." => {
                error.message = format!("the query is nested deeper than {} levels", limits.max_query_depth);
                "QUERY_TOO_COMPLEX"
            }
            _ => "BAD_USER_INPUT",
        };
        error.extensions.get_or_insert_with(Default::default).set("code", code);
    }
}

/// The error codes of a response, each one of [`CODES`] or `OTHER`.
fn error_codes(response: &Response) -> Vec<&'static str> {
    response
        .errors
        .iter()
        .map(|error| {
            let code = error.extensions.as_ref().and_then(|e| e.get("code"));
            match code {
                Some(async_graphql::Value::String(code)) => CODES
                    .iter()
                    .find(|known| **known == code.as_str())
                    .copied()
                    .unwrap_or("OTHER"),
                _ => "OTHER",
            }
        })
        .collect()
}

/// Metrics and the log line of one operation.
fn record(label: &str, started: Instant, response: &Response) {
    let seconds = started.elapsed().as_secs_f64();
    let codes = error_codes(response);
    // An operation that failed validation never ran: its root field may not exist.
    let never_ran = response.data == async_graphql::Value::Null
        && !response.errors.is_empty()
        && response.errors.iter().all(|error| error.path.is_empty());
    let label = if never_ran { "refused" } else { label };
    crate::metrics::graphql_request(label, seconds, &codes);
    tracing::info!(operation = %label, seconds, errors = codes.len(), "graphql");
}
