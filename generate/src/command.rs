//! The `generate` subcommand: its arguments, and a run with progress lines on stderr and a
//! summary on stdout. The `congress-api` binary dispatches here (the `api` crate cannot: this
//! crate depends on it).

use crate::progress::ProgressPrinter;
use crate::{GenerateOptions, generate};
use api::config::DatabaseConfig;
use api::store::Database;

/// Fill an empty database with a synthetic national dataset, for load tests and demos.
#[derive(clap::Args, Debug)]
pub struct GenerateArgs {
    /// 1.0 is national size (34 provinces, about 260,000 organizations, four terms of history);
    /// 0.01 is a quick one.
    #[arg(long)]
    pub scale: f64,
    /// The same seed and scale give the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    #[command(flatten)]
    pub database: DatabaseConfig,
}

/// `congress-api generate`: opens (and migrates) the database, then [`run_command`].
pub async fn run(args: GenerateArgs) -> anyhow::Result<()> {
    let db = api::cli::open(&args.database).await?;
    let options = GenerateOptions {
        scale: args.scale,
        seed: args.seed,
    };
    run_command(&db, &options).await
}

/// Runs [`generate`] with progress lines on stderr (at most one per table every half second,
/// plus a final one) and prints a summary on stdout.
pub async fn run_command(db: &Database, options: &GenerateOptions) -> anyhow::Result<()> {
    let printer = ProgressPrinter::default();
    let report = generate(db, options, &|table, done, total| printer.show(table, done, total)).await?;
    println!(
        "Generated a synthetic dataset (scale {}, seed {}) in {:.1} s:",
        options.scale, options.seed, report.seconds
    );
    for (label, count) in [
        ("organizations", report.organizations),
        ("people", report.people),
        ("congresses", report.congresses),
        ("committees", report.committees),
        ("memberships", report.memberships),
        ("targets", report.targets),
        ("target results", report.results),
    ] {
        println!("  {label:<16}{count:>12}");
    }
    Ok(())
}
