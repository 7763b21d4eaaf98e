//! The GraphQL schema: query, mutation and subscription roots, the object types, the batching
//! loaders and the scalars. Resolvers are thin: arguments in, domain and store calls, objects out.

pub mod audit;
pub mod chunked;
pub mod compiled;
pub mod connection;
pub mod enums;
pub mod ids;
pub mod inputs;
pub mod limits;
pub mod loaders;
pub mod mutation;
pub mod order;
pub mod query;
pub mod report;
pub mod scalars;
pub mod subscription;
pub mod types;

use crate::config::LimitsConfig;
use crate::domain::report::ReportTurns;
use crate::events::EventBus;
use crate::store::Database;
use async_graphql::Schema;

pub type AppSchema = Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// The schema HTTP requests run on: its limits, and no extensions.
///
/// An installed extension, even one that only looks at the parsed document, sends every field
/// of every response through async-graphql's extension chain (a registry look-up and a boxed
/// future per field): a tenth of the server's CPU on a history query. The HTTP handler parses
/// each request itself, checks [`limits::DocumentLimits`] and restores the field order with
/// [`order::reorder_response`] instead; see `http::graphql`.
pub fn build_schema(db: Database, events: EventBus, turns: ReportTurns, limits: &LimitsConfig) -> AppSchema {
    builder(db, events, turns, limits).finish()
}

/// The schema WebSocket connections run on: the same, with the document limits and the field
/// order as extensions, because graphql-ws messages are executed inside async-graphql-axum.
pub fn build_socket_schema(db: Database, events: EventBus, turns: ReportTurns, limits: &LimitsConfig) -> AppSchema {
    builder(db, events, turns, limits)
        .extension(order::FieldOrder)
        .extension(document_limits(limits))
        .finish()
}

/// The alias and directive limits of `limits`.
pub fn document_limits(limits: &LimitsConfig) -> limits::DocumentLimits {
    limits::DocumentLimits {
        max_aliases: limits.max_aliases,
        max_directives: limits.max_directives,
    }
}

fn builder(
    db: Database,
    events: EventBus,
    turns: ReportTurns,
    limits: &LimitsConfig,
) -> async_graphql::SchemaBuilder<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot> {
    let mut builder = Schema::build(query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot)
        .limit_depth(limits.max_query_depth)
        .limit_complexity(limits.max_query_complexity)
        .data(db)
        .data(events)
        .data(turns);
    if !limits.introspection {
        // Suggestions ("Did you mean ...?") would give the schema away piece by piece.
        builder = builder.disable_introspection().disable_suggestions();
    }
    builder
}

/// The SDL of the schema, without needing a database (for `congress-api schema`).
pub fn schema_sdl() -> String {
    sdl(&Schema::build(query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot).finish())
}

/// The SDL the server serves, as checked in at `schema.graphql`.
pub fn sdl(schema: &AppSchema) -> String {
    schema.sdl_with_options(async_graphql::SDLExportOptions::new().use_space_ident())
}
