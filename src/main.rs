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
    tune_allocator();
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

/// mimalloc's settings for a server process, each kept when its `MIMALLOC_*` environment
/// variable is set (mimalloc reads those at start; an operator's value wins over ours):
///
/// - `MIMALLOC_ALLOW_THP=0`: no transparent huge pages. With them, memory given back in small
///   ranges left the 2 MiB pages around it resident, and memory taken again was faulted and
///   zeroed a whole huge page at a time: page faults and `clear_page` were a fifth of the
///   server's CPU answering the largest organization's history (`perf record`).
/// - `MIMALLOC_PURGE_DELAY=100`: freed memory goes back to the system after 100 ms (arenas
///   ten times longer), so a burst's memory is reused by the next requests rather than given
///   back and faulted in again at every request.
/// - `MIMALLOC_ARENA_EAGER_COMMIT=0`: arenas are committed as they are used, not up front.
///
/// Measured against the earlier settings (freed memory given back at once, huge pages allowed)
/// on `bench_s0_05` and `bench_s1`, see BENCHMARKS.md: server CPU per request for the largest
/// organization's history 5.0-5.6 ms before, 3.7-4.1 ms after; four province CSV exports at
/// once peak at 36.6 MB instead of 58.0 MB. The option numbers are mimalloc 3's (`mi_option_e`
/// in `mimalloc.h`; `mi_version()` is 30302 for 3.3.2), which libmimalloc-sys builds unless its
/// `v2` feature is on; with any other version mimalloc's defaults stay.
fn tune_allocator() {
    const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
    const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;
    const MI_OPTION_ALLOW_THP: libmimalloc_sys::mi_option_t = 43;
    let settings = [
        ("MIMALLOC_ARENA_EAGER_COMMIT", MI_OPTION_ARENA_EAGER_COMMIT, 0),
        ("MIMALLOC_PURGE_DELAY", MI_OPTION_PURGE_DELAY, 100),
        ("MIMALLOC_ALLOW_THP", MI_OPTION_ALLOW_THP, 0),
    ];
    // SAFETY: plain calls into mimalloc's C API; setting options is allowed at any time.
    unsafe {
        if !(30_000..40_000).contains(&libmimalloc_sys::mi_version()) {
            return;
        }
        for (variable, option, value) in settings {
            if std::env::var_os(variable).is_none() {
                libmimalloc_sys::mi_option_set(option, value);
            }
        }
    }
    // mimalloc reads `allow_thp` once, before `main`, to turn huge pages off for the process;
    // set afterwards it only stops asking for them. The kernel's own switch does the rest
    // (checked with `AnonHugePages` in `/proc/<pid>/smaps_rollup`: 20-30 MB without it, 0 with it).
    #[cfg(target_os = "linux")]
    if std::env::var_os("MIMALLOC_ALLOW_THP").is_none() {
        // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
        unsafe {
            libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
        }
    }
}
