//! The congress records server: configuration, HTTP, the GraphQL schema, the domain rules and the
//! store, wired together by [`app`]. Calls flow one way: http → graphql → domain → store.

pub mod admission;
pub mod app;
pub mod cli;
pub mod config;
pub mod domain;
pub mod error;
pub mod events;
pub mod graphql;
pub mod http;
pub mod i18n;
pub mod metrics;
pub mod seed;
pub mod store;
pub mod telemetry;
pub mod vocabulary;
pub mod write;

pub use error::ApiError;
pub use http::App;
