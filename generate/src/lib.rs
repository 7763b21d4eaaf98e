//! A synthetic national dataset, for load tests, demos and query tuning: `congress-api generate`.
//!
//! The data has the shape of the real records: one Central Committee, 34 provinces, districts until
//! they were dissolved on 2025-07-01, communes and wards that then moved directly under their
//! province, grassroots organizations and their cells (some under a partial committee). Every
//! organization holds its congresses term after term (cells twice in five years) with executive,
//! standing and inspection committees whose members are re-elected, promoted from the level below,
//! replaced mid-term; resolutions carry targets and yearly results around them; size snapshots,
//! search keys and (synthetic) sources complete it. Scale 1.0 is national size, and the same seed
//! and scale give the same rows.
//!
//! Loading is bulk: IDs are assigned here (the database must be empty), one thread generates rows
//! province by province while the caller's task writes them (COPY on PostgreSQL, multi-row INSERT
//! on SQLite), all in one transaction, so a failed run leaves the database as it was.
//!
//! How the modules fit together:
//! - `plan` decides the shape of the national tree from the scale before any row is written;
//!   `calendar` and `role` say which terms each kind of organization holds and how;
//! - `generator` walks the plan (`tree`): organizations and people (`names`, `places`),
//!   congresses (`congresses`), committees (`committees`), resolutions and targets
//!   (`targets`, `templates`) and their results (`results`), citing `sources`;
//! - every row goes through a `sink`, in the column order of the SeaORM entity of its
//!   `table`, to a `loader`: `postgres` (COPY) or `sqlite` (INSERT);
//! - `command` is the `generate` subcommand, with `progress` lines on stderr.

use anyhow::{Context as _, bail};
use api::store::Database;
use chrono::Utc;
use std::time::Instant;
use tokio::sync::mpsc;

mod calendar;
pub mod command;
mod committees;
mod congresses;
mod generator;
mod loader;
mod names;
mod places;
mod plan;
mod postgres;
mod progress;
mod random;
mod results;
mod role;
mod sink;
mod sources;
mod sqlite;
mod table;
mod targets;
mod templates;
mod tree;

pub use command::GenerateArgs;

use generator::Generator;
use loader::Loader;
use plan::Plan;
use sink::{CHANNEL_CHUNKS, Chunk};
use table::{TABLE_COUNT, TABLES, Table};

/// How big a dataset to generate, and from which seed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GenerateOptions {
    /// 1.0 is national size (34 provinces, about 700 districts, 3,300 communes, 52,000 grassroots
    /// organizations and 200,000 cells, four terms of history); 0.01 is a quick one. The 34
    /// provinces never scale, and every province keeps at least one district and one commune.
    pub scale: f64,
    /// The same seed and scale give the same rows.
    pub seed: u64,
}

/// How many rows were written, and how long it took.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GenerateReport {
    /// Rows of `organizations`.
    pub organizations: u64,
    /// Rows of `people`.
    pub people: u64,
    /// Rows of `congresses`.
    pub congresses: u64,
    /// Rows of `committees`.
    pub committees: u64,
    /// Rows of `memberships`.
    pub memberships: u64,
    /// Rows of `targets`.
    pub targets: u64,
    /// Rows of `target_results`.
    pub results: u64,
    /// Wall-clock time of the whole run, lock and commit included.
    pub seconds: f64,
}

/// The largest scale accepted: ten nations' worth of rows is already hours of loading.
const MAX_SCALE: f64 = 10.0;

/// Fills an EMPTY database (error if `organizations` has any row) with a realistic national dataset.
///
/// `progress(table, done, total)` is called as rows are written: `done` rows of `table` so far,
/// `total` the planned count where the plan fixes it (organizations, congresses, committees ...)
/// and 0 where it depends on random choices (people, memberships, targets ...). It is called
/// once more for every table at the end, with `done == total`.
pub async fn generate(
    db: &Database,
    options: &GenerateOptions,
    progress: &(dyn Fn(&str, u64, u64) + Sync),
) -> anyhow::Result<GenerateReport> {
    if !(options.scale.is_finite() && options.scale > 0.0 && options.scale <= MAX_SCALE) {
        bail!("--scale must be above 0 and at most {MAX_SCALE}, not {}", options.scale);
    }
    let started = Instant::now();
    // Servers take this lock to load their sample data into an empty database: holding it keeps a
    // server starting meanwhile from writing sample records beside the generated ones.
    let lock = db.exclusive_startup_lock().await?;
    let loaded = load(db, options, progress).await;
    lock.release().await;
    let counts = loaded?;
    let count = |table: Table| counts[table as usize];
    Ok(GenerateReport {
        organizations: count(Table::Organizations),
        people: count(Table::People),
        congresses: count(Table::Congresses),
        committees: count(Table::Committees),
        memberships: count(Table::Memberships),
        targets: count(Table::Targets),
        results: count(Table::Results),
        seconds: started.elapsed().as_secs_f64(),
    })
}

/// Plans, generates and loads; returns the rows written per table.
async fn load(
    db: &Database,
    options: &GenerateOptions,
    progress: &(dyn Fn(&str, u64, u64) + Sync),
) -> anyhow::Result<[u64; TABLE_COUNT]> {
    let plan = Plan::new(options);
    let planned = plan.planned_rows();
    let mut loader = Loader::begin(db).await?;
    let (sender, mut receiver) = mpsc::channel::<Chunk>(CHANNEL_CHUNKS);
    let copy = matches!(loader, Loader::Postgres(_));
    let now = Utc::now();
    // Generating is CPU work: it runs on its own thread while this task feeds the database, so the
    // two overlap on separate cores.
    let generator = tokio::task::spawn_blocking(move || Generator::new(plan.seed, copy, now, sender).run(&plan));
    let mut counts = [0u64; TABLE_COUNT];
    let mut written = Ok(());
    while let Some(chunk) = receiver.recv().await {
        let (table, rows) = (chunk.table, chunk.rows);
        if let Err(error) = loader.write(chunk).await {
            written = Err(error);
            break;
        }
        counts[table as usize] += rows;
        progress(table.name(), counts[table as usize], planned[table as usize]);
    }
    // Closing the channel stops a generator that is still running (after a write failed).
    drop(receiver);
    let generated = generator.await.context("the generator thread failed");
    written?;
    generated??;
    loader.finish().await?;
    for table in TABLES {
        progress(table.name(), counts[table as usize], counts[table as usize]);
    }
    Ok(counts)
}
