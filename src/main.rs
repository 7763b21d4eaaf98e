//! The `congress-api` binary: parses the command line and hands over to the `api` crate, or to
//! the `generate` crate for `generate`.
//!
//! The command line is defined here, not in `api`: `generate` depends on `api` (for its domain
//! rules and the database), so `api` cannot dispatch to it. [`Command`] flattens `api`'s
//! commands and adds `generate` after them.

use api::config::ServeConfig;
use clap::{Parser, Subcommand};

/// mimalloc instead of glibc's malloc: a GraphQL response is built from many small
/// allocations freed on other threads, where glibc's arenas contend (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// The reference GraphQL API for Party congress and term records.
///
/// With no command, serves the API. Every flag can also be set with the environment variable
/// shown in its help.
#[derive(Parser, Debug)]
#[command(
    name = "congress-api",
    version,
    // What `-h` shows (`--help` shows the doc comment). It is the `api` package's description:
    // clap read that when this parser lived in `api`, and the output stays as it was.
    about = "The congress records server: HTTP, GraphQL, domain rules and store",
    long_about,
    args_conflicts_with_subcommands = true
)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    #[command(flatten)]
    serve: ServeConfig,
}

#[derive(Subcommand, Debug)]
enum Command {
    // serve, migrate, schema, token, import: listed first, as they always were. Boxed because
    // the server's configuration makes it several times the size of `generate`'s arguments.
    #[command(flatten)]
    Api(Box<api::cli::Command>),
    /// Fill an empty database with a synthetic national dataset, for load tests and demos.
    Generate(generate::GenerateArgs),
}

fn main() -> anyhow::Result<()> {
    return_freed_memory_at_once();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(Cli::parse()))
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        None => api::cli::run(api::cli::Command::Serve(cli.serve)).await,
        Some(Command::Api(command)) => api::cli::run(*command).await,
        Some(Command::Generate(args)) => generate::command::run(args).await,
    }
}

/// By default mimalloc keeps freed memory for 10 ms (arenas ten times longer) before giving it
/// back, and commits whole arenas up front. A province's term report frees tens of MB while
/// it builds more, so the process peaked at ~150 MB for what needs ~100 (`/proc/<pid>/status`
/// VmHWM after W3 on `bench_s1`, see BENCHMARKS.md). The option numbers are mimalloc 3's
/// (`mi_option_e` in `mimalloc.h`; `mi_version()` is 30302 for 3.3.2), which libmimalloc-sys builds
/// unless its `v2` feature is on;
/// with any other version the defaults stay.
fn return_freed_memory_at_once() {
    const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    // SAFETY: plain calls into mimalloc's C API; setting options is allowed at any time.
    unsafe {
        if (30_000..40_000).contains(&libmimalloc_sys::mi_version()) {
            libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
            libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
        }
    }
}
