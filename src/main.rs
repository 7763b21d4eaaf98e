//! The `congress-api` binary: parses the command line and hands over to the `api` crate.

use clap::Parser;

/// mimalloc instead of glibc's malloc: a GraphQL response is built from many small
/// allocations freed on other threads, where glibc's arenas contend (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    api::cli::run(api::cli::Cli::parse()).await
}
