//! The integration tests: the real application, booted on a fresh database (SQLite, or
//! PostgreSQL with `TEST_DATABASE_URL`), driven over HTTP and WebSocket as clients drive it.
//!
//! They are one test binary on purpose: each binary links the whole server, and fourteen of
//! them filled a CI disk. `cargo test --workspace <module>::` runs one area, e.g. `writes::`.

mod common;

mod answers;
mod changes;
mod clients;
mod faults;
mod fuzz;
mod generate;
mod history;
mod history_plan;
mod hostile;
mod http;
mod labels;
mod layers;
mod limits;
mod no_n_plus_one;
mod planner;
mod properties;
mod real_clients;
mod records;
mod replica;
mod report_uncertainty;
mod reports;
mod schema;
mod search_phrasing;
mod subscriptions;
mod telemetry;
mod writes;
