//! The `congress-api` binary: parses the command line and hands over to the `api` crate.

use clap::Parser;

/// mimalloc instead of glibc's malloc: a GraphQL response is built from many small
/// allocations freed on other threads, where glibc's arenas contend (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> anyhow::Result<()> {
    return_freed_memory_at_once();
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(api::cli::run(api::cli::Cli::parse()))
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
