//! The GraphQL schema: query, mutation and subscription roots, the object types, the batching
//! loaders and the scalars. Resolvers are thin: arguments in, domain and store calls, objects out.

pub mod caller;
pub mod complexity;
pub mod connection;
pub mod cursor;
pub mod describe;
pub mod enums;
pub mod errors;
pub mod ids;
pub mod inputs;
pub mod labels;
pub mod limits;
pub mod lists;
pub mod loaders;
pub mod mutation;
pub mod order;
pub mod pipeline;
pub mod plan;
pub mod query;
pub mod report;
pub mod scalars;
pub mod subscription;
pub mod types;

use crate::config::LimitsConfig;
use crate::events::EventBus;
use crate::store::Database;
use async_graphql::Schema;

pub type AppSchema = Schema<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot>;

/// The schema every transport runs on, through [`pipeline::Pipeline`]: its limits, and no
/// extensions (see `pipeline` for why).
pub fn build_schema(db: Database, events: EventBus, limits: &LimitsConfig) -> AppSchema {
    builder(db, events, limits).finish()
}

fn builder(
    db: Database,
    events: EventBus,
    limits: &LimitsConfig,
) -> async_graphql::SchemaBuilder<query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot> {
    let mut builder = Schema::build(query::QueryRoot, mutation::MutationRoot, subscription::SubscriptionRoot)
        .limit_depth(limits.max_query_depth)
        .limit_complexity(limits.max_query_complexity)
        .data(db)
        .data(events);
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
