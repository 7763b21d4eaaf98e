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

use crate::domain::achievement::computed_percent;
use crate::domain::roman::to_roman;
use crate::domain::targets::decimal_text;
use crate::domain::text;
use crate::store::Database;
use anyhow::{Context as _, anyhow, bail};
use chrono::{DateTime, Days, NaiveDate, Utc};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rust_decimal::Decimal;
use sea_orm::sqlx;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, Statement, TransactionTrait, Value};
use std::collections::HashMap;
use std::rc::Rc;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

// ---------------------------------------------------------------------------------------------
// The public interface
// ---------------------------------------------------------------------------------------------

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
    pub organizations: u64,
    pub people: u64,
    pub congresses: u64,
    pub committees: u64,
    pub memberships: u64,
    pub targets: u64,
    pub results: u64,
    pub seconds: f64,
}

/// The largest scale accepted: ten nations' worth of rows is already hours of loading.
const MAX_SCALE: f64 = 10.0;

const NOT_EMPTY: &str = "the database already holds organizations: generate fills an empty database only";

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

/// The `generate` command: runs [`generate`] with progress lines on stderr (at most one per table
/// every half second, plus a final one) and prints a summary on stdout.
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

const PROGRESS_INTERVAL: Duration = Duration::from_millis(500);

/// Progress lines for a terminal: a line per table at most every half second, and its last line.
#[derive(Default)]
struct ProgressPrinter {
    /// Per table: when its last line was printed, and whether that was its final line.
    shown: Mutex<HashMap<String, (Instant, bool)>>,
}

impl ProgressPrinter {
    fn show(&self, table: &str, done: u64, total: u64) {
        let Ok(mut shown) = self.shown.lock() else {
            return;
        };
        let now = Instant::now();
        let finished = total > 0 && done >= total;
        let wanted = match shown.get(table) {
            None => true,
            Some((_, true)) => false,
            Some((last, false)) => finished || now.duration_since(*last) >= PROGRESS_INTERVAL,
        };
        if !wanted {
            return;
        }
        shown.insert(table.to_owned(), (now, finished));
        if total > 0 {
            eprintln!("{table} {done}/{total}");
        } else {
            eprintln!("{table} {done}");
        }
    }
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

// ---------------------------------------------------------------------------------------------
// Tables and rows
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Table {
    Sources,
    Organizations,
    Placements,
    Stats,
    OrganizationSources,
    People,
    SearchTerms,
    Congresses,
    CongressSources,
    Committees,
    Memberships,
    Resolutions,
    Targets,
    Results,
}

const TABLE_COUNT: usize = 14;

/// Every table written, in foreign-key order: a flush sends the tables in this order, so rows that
/// others refer to always reach the database first.
const TABLES: [Table; TABLE_COUNT] = [
    Table::Sources,
    Table::Organizations,
    Table::Placements,
    Table::Stats,
    Table::OrganizationSources,
    Table::People,
    Table::SearchTerms,
    Table::Congresses,
    Table::CongressSources,
    Table::Committees,
    Table::Memberships,
    Table::Resolutions,
    Table::Targets,
    Table::Results,
];

impl Table {
    fn name(self) -> &'static str {
        match self {
            Self::Sources => "sources",
            Self::Organizations => "organizations",
            Self::Placements => "organization_placements",
            Self::Stats => "organization_stats",
            Self::OrganizationSources => "organization_sources",
            Self::People => "people",
            Self::SearchTerms => "search_terms",
            Self::Congresses => "congresses",
            Self::CongressSources => "congress_sources",
            Self::Committees => "committees",
            Self::Memberships => "memberships",
            Self::Resolutions => "resolutions",
            Self::Targets => "targets",
            Self::Results => "target_results",
        }
    }

    /// The columns written, in the order the generator writes each row's values. Columns left out
    /// (notes, documents, retraction) stay NULL.
    fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Sources => &["id", "title", "publisher", "identity_key", "created_at"],
            Self::Organizations => &[
                "id",
                "name",
                "kind",
                "level",
                "founded_on",
                "dissolved_on",
                "search_key",
                "search_exact",
                "source_id",
                "created_at",
                "updated_at",
            ],
            Self::Placements => &[
                "id",
                "organization_id",
                "parent_id",
                "valid_from",
                "valid_to",
                "source_id",
                "created_at",
            ],
            Self::Stats => &[
                "id",
                "organization_id",
                "as_of",
                "party_members",
                "cells",
                "source_id",
                "created_at",
            ],
            Self::OrganizationSources => &["organization_id", "source_id"],
            Self::People => &[
                "id",
                "full_name",
                "search_key",
                "search_exact",
                "source_id",
                "created_at",
            ],
            Self::SearchTerms => &["record_type", "term", "record_id"],
            Self::Congresses => &[
                "id",
                "organization_id",
                "ordinal",
                "term_start_year",
                "term_end_year",
                "kind",
                "opened_on",
                "closed_on",
                "delegate_count",
                "motto",
                "source_id",
                "created_at",
            ],
            Self::CongressSources => &["congress_id", "source_id"],
            Self::Committees => &[
                "id",
                "congress_id",
                "kind",
                "formation",
                "seat_count",
                "decided_by_organization_id",
                "source_id",
                "created_at",
            ],
            Self::Memberships => &[
                "id",
                "committee_id",
                "person_id",
                "position",
                "started_on",
                "ended_on",
                "start_reason",
                "end_reason",
                "source_id",
                "created_at",
                "updated_at",
            ],
            Self::Resolutions => &[
                "id",
                "congress_id",
                "title",
                "adopted_on",
                "declared_target_count",
                "source_id",
                "created_at",
            ],
            Self::Targets => &[
                "id",
                "organization_id",
                "congress_id",
                "resolution_id",
                "parent_id",
                "ordinal",
                "text",
                "measure",
                "comparator",
                "min_value",
                "max_value",
                "unit",
                "period",
                "assigned_by",
                "start_year",
                "end_year",
                "source_id",
                "created_at",
            ],
            Self::Results => &[
                "id",
                "target_id",
                "year_from",
                "year_to",
                "achieved",
                "planned",
                "reported_percent",
                "qualifier",
                "source_id",
                "created_at",
            ],
        }
    }

    /// Whether the table has an `id` identity whose sequence must move past the loaded rows.
    fn has_id(self) -> bool {
        !matches!(
            self,
            Self::OrganizationSources | Self::SearchTerms | Self::CongressSources
        )
    }
}

/// Rows of one table on their way to the database.
struct Chunk {
    table: Table,
    rows: u64,
    payload: Payload,
}

enum Payload {
    /// PostgreSQL `COPY ... FROM STDIN` text: tab-separated, one row per line, `\N` for NULL.
    Copy(Vec<u8>),
    /// SQLite: the bound values of the rows, row after row.
    Values(Vec<Value>),
}

/// Buffered rows are sent once they pass this many bytes: large enough that statements are few,
/// small enough that memory stays flat at any scale.
const FLUSH_BYTES: usize = 8 << 20;
/// Chunks in flight between the generator and the writer (about two flushes).
const CHANNEL_CHUNKS: usize = 32;
/// What one bound SQLite value costs in memory, roughly, for the flush threshold.
const VALUE_BYTES: usize = 48;

#[derive(Default)]
struct TableBuffer {
    copy: Vec<u8>,
    values: Vec<Value>,
    rows: u64,
}

/// The writer hung up (it failed): the generator stops.
#[derive(Debug)]
struct Stopped;

/// Buffers rows per table in the backend's format and hands them to the writer.
struct Sink {
    copy: bool,
    buffers: Vec<TableBuffer>,
    now: DateTime<Utc>,
    now_text: String,
    sender: mpsc::Sender<Chunk>,
}

impl Sink {
    fn new(copy: bool, now: DateTime<Utc>, sender: mpsc::Sender<Chunk>) -> Self {
        Self {
            copy,
            buffers: TABLES.iter().map(|_| TableBuffer::default()).collect(),
            now,
            now_text: now.format("%Y-%m-%d %H:%M:%S%.6f+00").to_string(),
            sender,
        }
    }

    /// Starts a row of `table`; its values follow in column order and it ends when dropped.
    fn row(&mut self, table: Table) -> Row<'_> {
        Row {
            sink: self,
            table,
            fields: 0,
        }
    }

    fn buffered_bytes(&self) -> usize {
        self.buffers
            .iter()
            .map(|b| b.copy.len() + b.values.len() * VALUE_BYTES)
            .sum()
    }

    /// Sends the buffers when they hold enough. Called between whole units (a grassroots
    /// organization with its cells), never in the middle of a row.
    fn flush_if_full(&mut self) -> Result<(), Stopped> {
        if self.buffered_bytes() >= FLUSH_BYTES {
            self.flush()
        } else {
            Ok(())
        }
    }

    /// Sends every buffered row, table by table in foreign-key order.
    fn flush(&mut self) -> Result<(), Stopped> {
        for table in TABLES {
            let buffer = &mut self.buffers[table as usize];
            if buffer.rows == 0 {
                continue;
            }
            let payload = if self.copy {
                Payload::Copy(std::mem::take(&mut buffer.copy))
            } else {
                Payload::Values(std::mem::take(&mut buffer.values))
            };
            let rows = std::mem::take(&mut buffer.rows);
            self.sender
                .blocking_send(Chunk { table, rows, payload })
                .map_err(|_| Stopped)?;
        }
        Ok(())
    }
}

/// One row being written: each method appends the next column's value.
struct Row<'a> {
    sink: &'a mut Sink,
    table: Table,
    fields: usize,
}

impl Row<'_> {
    /// Starts the next field: the COPY separator, and the count that checks the column list.
    fn field(&mut self) -> &mut TableBuffer {
        let buffer = &mut self.sink.buffers[self.table as usize];
        if self.sink.copy && self.fields > 0 {
            buffer.copy.push(b'\t');
        }
        self.fields += 1;
        buffer
    }

    fn int(mut self, value: i64) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            push_int(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::BigInt(Some(value)));
        }
        self
    }

    fn opt_int(self, value: Option<i64>) -> Self {
        match value {
            Some(value) => self.int(value),
            None => self.null(Value::BigInt(None)),
        }
    }

    fn text(mut self, value: &str) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            push_copy_text(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::String(Some(value.to_owned())));
        }
        self
    }

    fn opt_text(self, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(value),
            None => self.null(Value::String(None)),
        }
    }

    fn date(mut self, value: NaiveDate) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            push_date(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::ChronoDate(Some(value)));
        }
        self
    }

    fn opt_date(self, value: Option<NaiveDate>) -> Self {
        match value {
            Some(value) => self.date(value),
            None => self.null(Value::ChronoDate(None)),
        }
    }

    /// The load's timestamp (`created_at`, `updated_at`).
    fn now(mut self) -> Self {
        let (copy, now) = (self.sink.copy, self.sink.now);
        if copy {
            // The text is formatted once; cloning the String would allocate per row.
            let text = std::mem::take(&mut self.sink.now_text);
            self.field().copy.extend_from_slice(text.as_bytes());
            self.sink.now_text = text;
        } else {
            self.field().values.push(Value::ChronoDateTimeUtc(Some(now)));
        }
        self
    }

    fn null(mut self, typed_null: Value) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            buffer.copy.extend_from_slice(b"\\N");
        } else {
            buffer.values.push(typed_null);
        }
        self
    }
}

impl Drop for Row<'_> {
    /// Ends the row. Every row is written as one expression, so the end is where it is dropped.
    fn drop(&mut self) {
        debug_assert_eq!(
            self.fields,
            self.table.columns().len(),
            "a {} row has the wrong number of values",
            self.table.name()
        );
        let copy = self.sink.copy;
        let buffer = &mut self.sink.buffers[self.table as usize];
        if copy {
            buffer.copy.push(b'\n');
        }
        buffer.rows += 1;
    }
}

fn push_int(out: &mut Vec<u8>, value: i64) {
    if value < 0 {
        out.push(b'-');
    }
    let mut rest = value.unsigned_abs();
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[start..]);
}

fn push_two_digits(out: &mut Vec<u8>, value: u32) {
    out.push(b'0' + (value / 10 % 10) as u8);
    out.push(b'0' + (value % 10) as u8);
}

fn push_date(out: &mut Vec<u8>, date: NaiveDate) {
    use chrono::Datelike;
    push_int(out, i64::from(date.year()));
    out.push(b'-');
    push_two_digits(out, date.month());
    out.push(b'-');
    push_two_digits(out, date.day());
}

/// COPY text format: backslash, tab, newline and carriage return are escaped; all else is literal.
fn push_copy_text(out: &mut Vec<u8>, text: &str) {
    let bytes = text.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b'\\' | b'\t' | b'\n' | b'\r')) {
        out.extend_from_slice(bytes);
        return;
    }
    for &byte in bytes {
        match byte {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            other => out.push(other),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Loading into the database
// ---------------------------------------------------------------------------------------------

enum Loader {
    Postgres(PostgresLoader),
    Sqlite(SqliteLoader),
}

impl Loader {
    /// Opens the load's transaction and checks that the database is empty.
    async fn begin(db: &Database) -> anyhow::Result<Self> {
        match db.backend() {
            DbBackend::Postgres => Ok(Self::Postgres(PostgresLoader::begin(db).await?)),
            DbBackend::Sqlite => Ok(Self::Sqlite(SqliteLoader::begin(db).await?)),
            other => bail!("generate supports PostgreSQL and SQLite, not {other:?}"),
        }
    }

    async fn write(&mut self, chunk: Chunk) -> anyhow::Result<()> {
        match self {
            Self::Postgres(loader) => loader.write(chunk).await,
            Self::Sqlite(loader) => loader.write(chunk).await,
        }
    }

    async fn finish(self) -> anyhow::Result<()> {
        match self {
            Self::Postgres(loader) => loader.finish().await,
            Self::Sqlite(loader) => loader.finish().await,
        }
    }
}

/// PostgreSQL: one transaction on one pooled connection, rows by `COPY`.
///
/// Maintaining a dozen B-trees and checking a foreign key per row would make the load many times
/// slower, so inside the transaction the loaded tables' plain indexes, foreign keys and the
/// primary keys nothing refers to are dropped, and rebuilt (and checked) once at the end. Their
/// definitions are read from the catalog, so they come back exactly as the migrations made them;
/// a failed load rolls back the drops with everything else.
struct PostgresLoader {
    pool: sqlx::PgPool,
    transaction: sqlx::Transaction<'static, sqlx::Postgres>,
    /// Statements that put back what was dropped: indexes, then primary keys, then foreign keys.
    restore: Vec<String>,
}

/// One constraint or index read from the catalog: its table, name and definition.
type CatalogEntry = (String, String, String);

impl PostgresLoader {
    async fn begin(db: &Database) -> anyhow::Result<Self> {
        let pool = db.conn.get_postgres_connection_pool().clone();
        let mut transaction = pool.begin().await.context("cannot start the load transaction")?;
        // The pool's statement timeout is for API requests; rebuilding an index over millions of
        // rows takes longer, and so may waiting for a server's reads to finish.
        sqlx::raw_sql(
            "SET LOCAL statement_timeout = 0; SET LOCAL maintenance_work_mem = '512MB'; \
             SET LOCAL synchronous_commit = off",
        )
        .execute(&mut *transaction)
        .await?;
        let tables: Vec<&str> = TABLES.iter().map(|t| t.name()).collect();
        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
            "LOCK TABLE {} IN ACCESS EXCLUSIVE MODE",
            tables.join(", ")
        )))
        .execute(&mut *transaction)
        .await
        .context("cannot lock the tables to load")?;
        let has_rows: bool = sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM organizations)")
            .fetch_one(&mut *transaction)
            .await?;
        if has_rows {
            bail!(NOT_EMPTY);
        }
        let mut loader = Self {
            pool,
            transaction,
            restore: Vec::new(),
        };
        loader.defer_indexes().await?;
        Ok(loader)
    }

    async fn catalog(&mut self, sql: &'static str) -> anyhow::Result<Vec<CatalogEntry>> {
        let tables: Vec<String> = TABLES.iter().map(|t| t.name().to_owned()).collect();
        Ok(sqlx::query_as::<_, CatalogEntry>(sql)
            .bind(tables)
            .fetch_all(&mut *self.transaction)
            .await?)
    }

    async fn defer_indexes(&mut self) -> anyhow::Result<()> {
        let foreign_keys = self
            .catalog(
                "SELECT t.relname::text, c.conname::text, pg_get_constraintdef(c.oid) \
                 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = current_schema() AND t.relname::text = ANY($1) AND c.contype = 'f' \
                 ORDER BY 1, 2",
            )
            .await?;
        // Keys that a foreign key refers to stay: dropping them would take the reference along.
        let primary_keys = self
            .catalog(
                "SELECT t.relname::text, c.conname::text, pg_get_constraintdef(c.oid) \
                 FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = current_schema() AND t.relname::text = ANY($1) AND c.contype = 'p' \
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' AND f.confrelid = c.conrelid) \
                 ORDER BY 1, 2",
            )
            .await?;
        let indexes = self
            .catalog(
                "SELECT t.relname::text, i.relname::text, pg_get_indexdef(x.indexrelid) \
                 FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid \
                 JOIN pg_namespace n ON n.oid = t.relnamespace \
                 WHERE n.nspname = current_schema() AND t.relname::text = ANY($1) \
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.conrelid = x.indrelid) \
                 ORDER BY 1, 2",
            )
            .await?;
        let mut drops = Vec::new();
        for (table, name, _) in foreign_keys.iter().chain(&primary_keys) {
            drops.push(format!("ALTER TABLE {} DROP CONSTRAINT {}", quote(table), quote(name)));
        }
        for (_, name, definition) in &indexes {
            drops.push(format!("DROP INDEX {}", quote(name)));
            self.restore.push(definition.clone());
        }
        for (table, name, definition) in primary_keys.iter().chain(&foreign_keys) {
            self.restore.push(format!(
                "ALTER TABLE {} ADD CONSTRAINT {} {definition}",
                quote(table),
                quote(name)
            ));
        }
        for statement in drops {
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
                .execute(&mut *self.transaction)
                .await?;
        }
        Ok(())
    }

    async fn write(&mut self, chunk: Chunk) -> anyhow::Result<()> {
        let Payload::Copy(data) = chunk.payload else {
            return Err(anyhow!("PostgreSQL loads COPY text"));
        };
        let statement = format!(
            "COPY {} ({}) FROM STDIN",
            chunk.table.name(),
            chunk.table.columns().join(", ")
        );
        let mut copy = self.transaction.copy_in_raw(&statement).await?;
        copy.send(data).await?;
        copy.finish()
            .await
            .with_context(|| format!("cannot load {}", chunk.table.name()))?;
        Ok(())
    }

    async fn finish(mut self) -> anyhow::Result<()> {
        for statement in std::mem::take(&mut self.restore) {
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement.clone()))
                .execute(&mut *self.transaction)
                .await
                .with_context(|| format!("cannot restore after loading: {statement}"))?;
        }
        // Rows came with their IDs: the identities must continue after them.
        for table in TABLES.iter().filter(|t| t.has_id()) {
            let name = table.name();
            sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT MAX(id) FROM {name}))"
            )))
            .execute(&mut *self.transaction)
            .await?;
        }
        self.transaction.commit().await.context("cannot commit the load")?;
        // VACUUM cannot run in a transaction, so it comes after the commit. Until a table is
        // vacuumed its visibility map is empty and every index-only scan also reads the table:
        // a name search at national scale read 4,800 heap pages for 4,900 matches (76 ms instead
        // of 3 ms). ANALYZE gives the planner the loaded data's statistics.
        let tables: Vec<&str> = TABLES.iter().map(|t| t.name()).collect();
        // One statement per call: a multi-statement string runs as one transaction block,
        // where VACUUM is refused.
        let mut connection = self.pool.acquire().await?;
        let vacuum = format!("VACUUM (ANALYZE) {}", tables.join(", "));
        for statement in ["SET statement_timeout = 0", vacuum.as_str(), "RESET statement_timeout"] {
            sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned()))
                .execute(&mut *connection)
                .await
                .with_context(|| format!("cannot run {statement} after loading"))?;
        }
        Ok(())
    }
}

fn quote(identifier: &str) -> String {
    format!("\"{}\"", identifier.replace('"', "\"\""))
}

/// SQLite: one transaction, rows by multi-row `INSERT`.
struct SqliteLoader {
    transaction: DatabaseTransaction,
    /// SQLite has one writer: the load holds the process's write lock from start to commit.
    _guard: Option<tokio::sync::OwnedMutexGuard<()>>,
    statements: HashMap<(usize, usize), String>,
}

/// Rows per INSERT: a few hundred, and never more bound values than SQLite accepts (32,766).
const SQLITE_ROWS_PER_INSERT: usize = 400;
const SQLITE_MAX_VALUES: usize = 32_000;

impl SqliteLoader {
    async fn begin(db: &Database) -> anyhow::Result<Self> {
        let guard = db.write_guard().await;
        let transaction = db.conn.begin().await?;
        let existing = transaction
            .query_one_raw(Statement::from_string(
                DbBackend::Sqlite,
                "SELECT id FROM organizations LIMIT 1",
            ))
            .await?;
        if existing.is_some() {
            bail!(NOT_EMPTY);
        }
        Ok(Self {
            transaction,
            _guard: guard,
            statements: HashMap::new(),
        })
    }

    async fn write(&mut self, chunk: Chunk) -> anyhow::Result<()> {
        let Payload::Values(values) = chunk.payload else {
            return Err(anyhow!("SQLite loads bound values"));
        };
        let width = chunk.table.columns().len();
        let rows_per_insert = SQLITE_ROWS_PER_INSERT.min(SQLITE_MAX_VALUES / width);
        let mut values = values.into_iter();
        loop {
            let group: Vec<Value> = values.by_ref().take(width * rows_per_insert).collect();
            if group.is_empty() {
                break;
            }
            let rows = group.len() / width;
            let sql = self
                .statements
                .entry((chunk.table as usize, rows))
                .or_insert_with(|| insert_sql(chunk.table, rows))
                .clone();
            self.transaction
                .execute_raw(Statement::from_sql_and_values(DbBackend::Sqlite, sql, group))
                .await
                .with_context(|| format!("cannot load {}", chunk.table.name()))?;
        }
        Ok(())
    }

    async fn finish(self) -> anyhow::Result<()> {
        self.transaction.commit().await.context("cannot commit the load")?;
        Ok(())
    }
}

fn insert_sql(table: Table, rows: usize) -> String {
    let columns = table.columns();
    let placeholders = format!("({})", vec!["?"; columns.len()].join(", "));
    format!(
        "INSERT INTO {} ({}) VALUES {}",
        table.name(),
        columns.join(", "),
        vec![placeholders; rows].join(", ")
    )
}

// ---------------------------------------------------------------------------------------------
// Time and terms
// ---------------------------------------------------------------------------------------------

/// A date from parts known to be valid (constants, and fixed months and days of a computed year).
const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => panic!("not a calendar date"),
    }
}

/// Where the synthetic history starts: organizations that exist then are placed from this day.
const HISTORY_START: NaiveDate = ymd(2010, 1, 1);
/// District committees ended and communes moved under their province.
const REORGANIZATION: NaiveDate = ymd(2025, 7, 1);
/// The last day the synthetic records know of: members leave mid-term only before it.
const RECORDS_END: NaiveDate = ymd(2026, 10, 31);
/// Results are reported for the years up to this one.
const LAST_RESULT_YEAR: i32 = 2025;
const CENTRAL_FOUNDED: NaiveDate = ymd(1930, 2, 3);

/// The five-year terms of committee organizations, indexed 0..=3 everywhere below.
const COMMITTEE_TERMS: [(i32, i32); 4] = [(2010, 2015), (2015, 2020), (2020, 2025), (2025, 2030)];
/// The Central Committee's terms (11th to 14th national congresses), with their real dates.
const CENTRAL_TERMS: [(i32, i32, NaiveDate, NaiveDate); 4] = [
    (2011, 2016, ymd(2011, 1, 12), ymd(2011, 1, 19)),
    (2016, 2021, ymd(2016, 1, 21), ymd(2016, 1, 28)),
    (2021, 2026, ymd(2021, 1, 25), ymd(2021, 2, 1)),
    (2026, 2031, ymd(2026, 1, 19), ymd(2026, 1, 23)),
];
const CENTRAL_FIRST_ORDINAL: i32 = 11;
const CENTRAL_MOTTOS: [&str; 4] = [
    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới",
    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới",
    "Đoàn kết - Dân chủ - Kỷ cương - Sáng tạo - Phát triển",
    "Đoàn kết - Dân chủ - Kỷ cương - Đột phá - Phát triển",
];
/// Cells hold congresses twice in five years: (start, end, the five-year term it falls in).
const CELL_TERMS: [(i32, i32, usize); 7] = [
    (2010, 2012, 0),
    (2012, 2015, 0),
    (2015, 2017, 1),
    (2017, 2020, 1),
    (2020, 2022, 2),
    (2022, 2025, 2),
    (2025, 2027, 3),
];

/// One term an organization holds a congress for (or has its committee appointed for).
#[derive(Debug, Clone, Copy)]
struct TermDef {
    start: i32,
    end: i32,
    /// The five-year term it falls in: statistics, sources and promotions are kept per five years.
    k: usize,
    /// A newly founded organization's first committee, appointed by its superior: no congress met.
    appointed: bool,
}

/// When a new organization was founded: in the second half of the year before term `term` starts,
/// so that its superior appoints its first committee for that term.
#[derive(Debug, Clone, Copy)]
struct Founding {
    term: usize,
    on: NaiveDate,
}

// ---------------------------------------------------------------------------------------------
// Roles: what each kind of organization holds
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Central,
    Province,
    District,
    Commune,
    Grassroots,
    Partial,
    Cell,
}

/// Target-template levels (a bit mask).
const AT_GRASSROOTS: u8 = 1;
const AT_COMMUNE: u8 = 2;
const AT_DISTRICT: u8 = 4;
const AT_PROVINCE: u8 = 8;
const ABOVE_GRASSROOTS: u8 = AT_COMMUNE | AT_DISTRICT | AT_PROVINCE;
const EVERY_LEVEL: u8 = AT_GRASSROOTS | ABOVE_GRASSROOTS;

impl Role {
    fn kind(self) -> &'static str {
        match self {
            Self::Partial => "PARTIAL_COMMITTEE",
            Self::Cell => "PARTY_CELL",
            _ => "PARTY_COMMITTEE",
        }
    }

    fn level(self) -> &'static str {
        match self {
            Self::Central => "CENTRAL",
            Self::Province => "PROVINCE",
            Self::District => "DISTRICT",
            Self::Commune => "COMMUNE",
            Self::Grassroots => "GRASSROOTS",
            Self::Partial | Self::Cell => "BELOW_GRASSROOTS",
        }
    }

    /// Committees from the commune up elect a standing committee and an inspection committee.
    fn has_standing_and_inspection(self) -> bool {
        matches!(self, Self::Central | Self::Province | Self::District | Self::Commune)
    }

    /// Which target templates fit its resolutions; 0 for organizations without resolutions.
    fn target_level(self) -> u8 {
        match self {
            Self::Province => AT_PROVINCE,
            Self::District => AT_DISTRICT,
            Self::Commune => AT_COMMUNE,
            Self::Grassroots => AT_GRASSROOTS,
            Self::Central | Self::Partial | Self::Cell => 0,
        }
    }

    /// The terms it holds congresses for, given when it was founded (None: before 2010).
    fn terms(self, founded: Option<usize>) -> Vec<TermDef> {
        let committee = |k: usize, appointed: bool| TermDef {
            start: COMMITTEE_TERMS[k].0,
            end: COMMITTEE_TERMS[k].1,
            k,
            appointed,
        };
        match self {
            Self::Central => CENTRAL_TERMS
                .iter()
                .enumerate()
                .map(|(k, &(start, end, _, _))| TermDef {
                    start,
                    end,
                    k,
                    appointed: false,
                })
                .collect(),
            Self::Province | Self::Commune => (0..4).map(|k| committee(k, false)).collect(),
            // Districts were dissolved in mid-2025, before the 2025-2030 congresses.
            Self::District => (0..3).map(|k| committee(k, false)).collect(),
            Self::Grassroots => match founded {
                None => (0..4).map(|k| committee(k, false)).collect(),
                Some(first) => (first..4).map(|k| committee(k, k == first)).collect(),
            },
            Self::Partial => (founded.unwrap_or(0)..4).map(|k| committee(k, false)).collect(),
            Self::Cell => CELL_TERMS
                .iter()
                .filter(|&&(_, _, k)| k >= founded.unwrap_or(0))
                .map(|&(start, end, k)| TermDef {
                    start,
                    end,
                    k,
                    appointed: false,
                })
                .collect(),
        }
    }

    fn executive_size(self, rng: &mut StdRng) -> usize {
        match self {
            Self::Central => rng.random_range(180..=200),
            Self::Province => rng.random_range(50..=70),
            Self::District => rng.random_range(30..=45),
            Self::Commune => rng.random_range(15..=25),
            Self::Grassroots => rng.random_range(7..=11),
            Self::Partial => rng.random_range(3..=5),
            // A small cell elects only a secretary (and a deputy); a larger one a cell committee of three.
            Self::Cell => *pick(rng, &[1, 2, 2, 3, 3]),
        }
    }

    /// Deputy secretaries besides the secretary. The Central Committee has none: its General
    /// Secretary has no deputy.
    fn deputy_count(self, size: usize, rng: &mut StdRng) -> usize {
        match self {
            Self::Central => 0,
            Self::Province | Self::District | Self::Commune => rng.random_range(2..=3),
            Self::Grassroots => rng.random_range(1..=2),
            Self::Partial => 1,
            Self::Cell => usize::from(size >= 2),
        }
    }

    /// The first deputy of a committee from the commune up is its standing deputy secretary.
    fn has_standing_deputy(self) -> bool {
        matches!(self, Self::Province | Self::District | Self::Commune)
    }

    /// How many of the level below's secretaries sit on this executive concurrently (commune
    /// secretaries are district committee members, district secretaries provincial ones).
    fn concurrent_quota(self, size: usize, available: usize, rng: &mut StdRng) -> usize {
        let (share, cap) = match self {
            Self::Central => (0.8, size / 4),
            Self::Province => (0.6, size / 3),
            Self::District => (0.35, size / 3),
            Self::Commune => (0.2, size / 4),
            _ => return 0,
        };
        let wanted = (available as f64 * share * rng.random_range(0.8..1.2)).round() as usize;
        wanted.min(cap).min(available)
    }

    fn first_ordinal(self, rng: &mut StdRng) -> i32 {
        match self {
            Self::Central => CENTRAL_FIRST_ORDINAL,
            Self::Province => rng.random_range(14..=20),
            Self::District => rng.random_range(10..=20),
            Self::Commune => rng.random_range(6..=20),
            Self::Grassroots | Self::Partial | Self::Cell => rng.random_range(1..=20),
        }
    }

    /// When its congress for a term starting in `year` opens: cells first, the province last.
    fn congress_date(self, year: i32, rng: &mut StdRng) -> NaiveDate {
        let (from, span) = match self {
            // The Central Committee's dates are fixed; see CENTRAL_TERMS.
            Self::Central => (ymd(year, 1, 15), 10),
            Self::Province => (ymd(year, 9, 10), 50),
            Self::District => (ymd(year, 6, 5), 60),
            // The 2025 commune congresses met after the reorganization of 1 July.
            Self::Commune if year == 2025 => (ymd(year, 7, 15), 45),
            Self::Commune => (ymd(year, 4, 10), 70),
            Self::Grassroots if year == 2025 => (ymd(year, 3, 1), 100),
            Self::Grassroots => (ymd(year, 2, 20), 70),
            Self::Partial => (ymd(year, 1, 10), 35),
            // Mid-term cell congresses meet in the summer.
            Self::Cell if matches!(year, 2012 | 2017 | 2022) => (ymd(year, 6, 1), 90),
            Self::Cell => (ymd(year, 1, 5), 30),
        };
        from + Days::new(rng.random_range(0..=span))
    }

    /// How many days after opening it closes: committee congresses often run into a second day.
    fn congress_extra_days(self, rng: &mut StdRng) -> u64 {
        let two_days = match self {
            Self::Central | Self::Cell | Self::Partial => 0.0,
            Self::Province | Self::District => 0.8,
            Self::Commune => 0.6,
            Self::Grassroots => 0.2,
        };
        u64::from(rng.random_bool(two_days))
    }

    /// Delegates' congresses: the usual number of delegates for the level.
    fn delegate_range(self) -> (i64, i64) {
        match self {
            Self::Central => (1_500, 1_600),
            Self::Province => (300, 450),
            Self::District => (200, 300),
            Self::Commune => (100, 200),
            Self::Grassroots => (80, 150),
            Self::Partial | Self::Cell => (0, 0),
        }
    }

    /// Whether a big enough organization of this role holds a delegates' congress.
    fn has_delegates(self) -> bool {
        !matches!(self, Self::Partial | Self::Cell)
    }

    fn motto_chance(self) -> f64 {
        match self {
            Self::Central => 1.0,
            Self::Province | Self::District | Self::Commune => 0.35,
            Self::Grassroots => 0.1,
            Self::Partial | Self::Cell => 0.0,
        }
    }
}

/// An organization with more members than this holds a delegates' congress.
const DELEGATES_FROM_MEMBERS: u32 = 150;

// ---------------------------------------------------------------------------------------------
// The plan: how many organizations of each kind, where, and which are new
// ---------------------------------------------------------------------------------------------

/// The 34 provinces and centrally-run cities (as of 2025), whether each is a city, and its number
/// of communes and wards after 2025 (3,321 in all), which weighs how the tree is shared out.
const PROVINCES: [(&str, bool, u32); 34] = [
    ("Hà Nội", true, 126),
    ("Huế", true, 40),
    ("Lai Châu", false, 38),
    ("Điện Biên", false, 45),
    ("Sơn La", false, 75),
    ("Lạng Sơn", false, 65),
    ("Quảng Ninh", false, 54),
    ("Thanh Hóa", false, 166),
    ("Nghệ An", false, 130),
    ("Hà Tĩnh", false, 69),
    ("Cao Bằng", false, 56),
    ("Tuyên Quang", false, 124),
    ("Lào Cai", false, 99),
    ("Thái Nguyên", false, 92),
    ("Phú Thọ", false, 148),
    ("Bắc Ninh", false, 99),
    ("Hưng Yên", false, 104),
    ("Hải Phòng", true, 114),
    ("Ninh Bình", false, 129),
    ("Quảng Trị", false, 78),
    ("Đà Nẵng", true, 94),
    ("Quảng Ngãi", false, 96),
    ("Gia Lai", false, 135),
    ("Khánh Hòa", false, 65),
    ("Lâm Đồng", false, 124),
    ("Đắk Lắk", false, 102),
    ("Hồ Chí Minh", true, 168),
    ("Đồng Nai", false, 95),
    ("Tây Ninh", false, 96),
    ("Cần Thơ", true, 103),
    ("Vĩnh Long", false, 124),
    ("Đồng Tháp", false, 102),
    ("Cà Mau", false, 64),
    ("An Giang", false, 102),
];

const NATIONAL_DISTRICTS: f64 = 700.0;
const NATIONAL_COMMUNES: f64 = 3_321.0;
const NATIONAL_GRASSROOTS: f64 = 52_000.0;
/// Grassroots organizations founded during the history, whose first committee is appointed.
const NEWLY_FOUNDED: f64 = 0.06;
const PARTIAL_COMMITTEE_CHANCE: f64 = 0.15;

/// What a grassroots organization is: it decides its name, its cells' names and its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sort {
    Residential,
    Company,
    HighSchool,
    Education,
    Health,
    Agency,
    Military,
    Police,
    Cooperative,
}

const SORTS: [(Sort, u32); 9] = [
    (Sort::Residential, 40),
    (Sort::Company, 16),
    (Sort::HighSchool, 8),
    (Sort::Education, 6),
    (Sort::Health, 6),
    (Sort::Agency, 8),
    (Sort::Military, 6),
    (Sort::Police, 6),
    (Sort::Cooperative, 4),
];

impl Sort {
    /// A commune has one agency, one military and one police organization, one education bloc.
    fn once_per_commune(self) -> bool {
        matches!(self, Self::Education | Self::Agency | Self::Military | Self::Police)
    }

    fn may_have_partial_committee(self) -> bool {
        matches!(self, Self::Residential | Self::Company)
    }
}

#[derive(Debug, Clone, Copy)]
struct GrassrootsPlan {
    founded: Option<Founding>,
    sort: Sort,
    /// Cells placed directly under it.
    direct_cells: u8,
    /// Cells under its partial committee; 0 when it has none.
    partial_cells: u8,
}

struct CommunePlan {
    grassroots: Vec<GrassrootsPlan>,
}

struct DistrictPlan {
    communes: Vec<CommunePlan>,
}

struct ProvincePlan {
    name: &'static str,
    city: bool,
    districts: Vec<DistrictPlan>,
}

/// The shape of the tree, decided before any row: it fixes the planned counts for progress, and
/// it is small (a few bytes per grassroots organization).
struct Plan {
    seed: u64,
    provinces: Vec<ProvincePlan>,
}

/// Random streams: each province's plan and rows have their own, so they do not depend on each other.
const PLAN_STREAM: u64 = 1_000;
const CENTRAL_STREAM: u64 = 0;

impl Plan {
    fn new(options: &GenerateOptions) -> Self {
        let scale = options.scale;
        let provinces = PROVINCES.len() as u64;
        let weights: Vec<u64> = PROVINCES.iter().map(|p| u64::from(p.2)).collect();
        let ones = vec![1u64; PROVINCES.len()];
        let scaled = |national: f64| (national * scale).round() as u64;
        let districts = apportion(scaled(NATIONAL_DISTRICTS).max(provinces), &weights, &ones);
        let communes = apportion(scaled(NATIONAL_COMMUNES).max(provinces), &weights, &ones);
        let commune_total: u64 = communes.iter().sum();
        // Every commune has at least one grassroots organization, so every commune has members.
        let grassroots = apportion(scaled(NATIONAL_GRASSROOTS).max(commune_total), &weights, &communes);
        let provinces = PROVINCES
            .iter()
            .enumerate()
            .map(|(index, &(name, city, _))| {
                let mut rng = stream_rng(options.seed, PLAN_STREAM + index as u64);
                ProvincePlan {
                    name,
                    city,
                    districts: plan_province(
                        &mut rng,
                        districts[index] as usize,
                        communes[index] as usize,
                        grassroots[index] as usize,
                    ),
                }
            })
            .collect();
        Self {
            seed: options.seed,
            provinces,
        }
    }

    /// The rows of each table that the plan fixes; 0 where random choices decide.
    fn planned_rows(&self) -> [u64; TABLE_COUNT] {
        let mut rows = [0u64; TABLE_COUNT];
        let mut add = |role: Role, founded: Option<usize>, placements: u64| {
            let terms = role.terms(founded);
            let congresses = terms.len() as u64;
            let per_congress = if role.has_standing_and_inspection() { 3 } else { 1 };
            rows[Table::Organizations as usize] += 1;
            rows[Table::Placements as usize] += placements;
            rows[Table::Congresses as usize] += congresses;
            rows[Table::CongressSources as usize] += congresses;
            rows[Table::Stats as usize] += congresses;
            rows[Table::Committees as usize] += congresses * per_congress;
            if role.target_level() != 0 {
                rows[Table::Resolutions as usize] += terms.iter().filter(|t| !t.appointed).count() as u64;
            }
        };
        add(Role::Central, None, 0);
        for province in &self.provinces {
            add(Role::Province, None, 1);
            for district in &province.districts {
                add(Role::District, None, 1);
                for commune in &district.communes {
                    add(Role::Commune, None, 2);
                    for grassroots in &commune.grassroots {
                        let founded = grassroots.founded.map(|f| f.term);
                        add(Role::Grassroots, founded, 1);
                        if grassroots.partial_cells > 0 {
                            add(Role::Partial, founded, 1);
                        }
                        for _ in 0..grassroots.direct_cells + grassroots.partial_cells {
                            add(Role::Cell, founded, 1);
                        }
                    }
                }
            }
        }
        rows[Table::Sources as usize] = SOURCE_TITLES.len() as u64;
        rows
    }
}

/// Shares `total` out in proportion to `weights`, each share at least its `minimum` (largest
/// remainders first, ties to the earlier entry).
fn apportion(total: u64, weights: &[u64], minimum: &[u64]) -> Vec<u64> {
    let mut shares = minimum.to_vec();
    let rest = total.saturating_sub(minimum.iter().sum());
    let weight_sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut remainders: Vec<(u64, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0;
    for (index, weight) in weights.iter().enumerate() {
        let exact = rest * weight;
        shares[index] += exact / weight_sum;
        given += exact / weight_sum;
        remainders.push((exact % weight_sum, index));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.into_iter().take((rest - given) as usize) {
        shares[index] += 1;
    }
    shares
}

fn plan_province(rng: &mut StdRng, districts: usize, communes: usize, grassroots: usize) -> Vec<DistrictPlan> {
    // Every district gets a commune first (while there are enough), the rest fall anywhere.
    let mut communes_per_district = vec![0usize; districts];
    for index in 0..communes {
        let district = if index < districts {
            index
        } else {
            rng.random_range(0..districts)
        };
        communes_per_district[district] += 1;
    }
    let mut grassroots_per_commune = vec![1usize; communes];
    for _ in communes..grassroots {
        grassroots_per_commune[rng.random_range(0..communes)] += 1;
    }
    let mut next_commune = 0;
    communes_per_district
        .into_iter()
        .map(|count| DistrictPlan {
            communes: (0..count)
                .map(|_| {
                    let size = grassroots_per_commune[next_commune];
                    next_commune += 1;
                    plan_commune(rng, size)
                })
                .collect(),
        })
        .collect()
}

fn plan_commune(rng: &mut StdRng, grassroots: usize) -> CommunePlan {
    let mut taken: Vec<Sort> = Vec::new();
    let plans = (0..grassroots)
        .map(|_| {
            let mut sort = *weighted(rng, &SORTS);
            if sort.once_per_commune() {
                if taken.contains(&sort) {
                    sort = Sort::Residential;
                } else {
                    taken.push(sort);
                }
            }
            let founded = rng.random_bool(NEWLY_FOUNDED).then(|| {
                let term = rng.random_range(1..=3);
                Founding {
                    term,
                    on: ymd(COMMITTEE_TERMS[term].0 - 1, 7, 1) + Days::new(rng.random_range(0..=170)),
                }
            });
            let cells: u8 = rng.random_range(2..=6);
            let partial_cells =
                if sort.may_have_partial_committee() && cells >= 4 && rng.random_bool(PARTIAL_COMMITTEE_CHANCE) {
                    rng.random_range(2..=3)
                } else {
                    0
                };
            GrassrootsPlan {
                founded,
                sort,
                direct_cells: cells - partial_cells,
                partial_cells,
            }
        })
        .collect();
    CommunePlan { grassroots: plans }
}

fn splitmix64(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = x;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn stream_rng(seed: u64, stream: u64) -> StdRng {
    StdRng::seed_from_u64(splitmix64(seed ^ splitmix64(stream)))
}

fn pick<'a, T>(rng: &mut StdRng, items: &'a [T]) -> &'a T {
    &items[rng.random_range(0..items.len())]
}

fn weighted<'a, T>(rng: &mut StdRng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (item, weight) in items {
        if roll < *weight {
            return item;
        }
        roll -= weight;
    }
    &items[items.len() - 1].0
}

/// Removes and returns a random element.
fn take_random<T>(rng: &mut StdRng, items: &mut Vec<T>) -> Option<T> {
    if items.is_empty() {
        None
    } else {
        let index = rng.random_range(0..items.len());
        Some(items.swap_remove(index))
    }
}

// ---------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------

/// Family names with their weight per thousand (Nguyễn is about 38%).
const FAMILY_NAMES: [(&str, u32); 32] = [
    ("Nguyễn", 380),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 70),
    ("Hoàng", 50),
    ("Huỳnh", 25),
    ("Phan", 45),
    ("Vũ", 39),
    ("Võ", 30),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đào", 8),
    ("Đinh", 8),
    ("Trương", 7),
    ("Lâm", 5),
    ("Mai", 5),
    ("Trịnh", 5),
    ("Đoàn", 5),
    ("Lương", 4),
    ("Cao", 4),
    ("Hà", 4),
    ("Tạ", 3),
    ("Chu", 3),
    ("Lưu", 3),
    ("Tô", 2),
    ("Kiều", 2),
    ("Quách", 2),
];

const MIDDLE_NAMES_MEN: [(&str, u32); 20] = [
    ("Văn", 35),
    ("Hữu", 6),
    ("Đức", 8),
    ("Minh", 8),
    ("Quốc", 6),
    ("Thanh", 6),
    ("Ngọc", 4),
    ("Công", 5),
    ("Xuân", 4),
    ("Đình", 6),
    ("Quang", 5),
    ("Trọng", 4),
    ("Duy", 3),
    ("Tiến", 3),
    ("Mạnh", 3),
    ("Hoàng", 3),
    ("Anh", 3),
    ("Thành", 3),
    ("Viết", 2),
    ("Bá", 2),
];

const MIDDLE_NAMES_WOMEN: [(&str, u32); 14] = [
    ("Thị", 45),
    ("Thị Thu", 8),
    ("Thị Thanh", 6),
    ("Thị Ngọc", 5),
    ("Thị Minh", 4),
    ("Thị Kim", 4),
    ("Thị Hồng", 4),
    ("Thị Thúy", 3),
    ("Thị Bích", 3),
    ("Ngọc", 5),
    ("Thanh", 4),
    ("Thu", 4),
    ("Minh", 3),
    ("Hồng", 2),
];

const GIVEN_NAMES_MEN: [&str; 56] = [
    "An", "Bình", "Cường", "Dũng", "Đức", "Giang", "Hải", "Hùng", "Hưng", "Hoàng", "Huy", "Khánh", "Lâm", "Long",
    "Minh", "Nam", "Nghĩa", "Phong", "Phúc", "Quang", "Quân", "Sơn", "Tài", "Thắng", "Thành", "Thuận", "Tiến", "Toàn",
    "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Hiếu", "Hòa", "Lợi", "Kiên", "Đông", "Chiến", "Thịnh", "Tâm", "Thái",
    "Hậu", "Bảo", "Công", "Đạt", "Định", "Hiển", "Khoa", "Lực", "Phương", "Sang", "Tú", "Vũ", "Duy", "Toản",
];

const GIVEN_NAMES_WOMEN: [&str; 40] = [
    "Anh", "Bích", "Châu", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng", "Hương", "Huyền",
    "Lan", "Liên", "Linh", "Loan", "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Thủy", "Trang",
    "Tuyết", "Vân", "Yến", "Hậu", "Hòa", "Lý", "Nhàn", "Thắm", "Xuân", "Trinh", "Tâm", "Hảo",
];

/// Women's share of committee members.
const WOMEN: f64 = 0.28;

/// Syllables of place names ("Tân Phú", "Hòa Bình"): the first from one list, the second from another.
const PLACE_FIRST: [&str; 50] = [
    "Tân", "Phú", "An", "Bình", "Hòa", "Long", "Phước", "Thạnh", "Đông", "Tây", "Nam", "Bắc", "Vĩnh", "Hưng", "Thuận",
    "Mỹ", "Quảng", "Đức", "Thanh", "Xuân", "Hải", "Sơn", "Trung", "Hiệp", "Cẩm", "Kim", "Ngọc", "Thái", "Yên", "Hồng",
    "Minh", "Lạc", "Gia", "Hương", "Định", "Khánh", "Phong", "Tiên", "Cát", "Lộc", "Nghĩa", "Quế", "Hoài", "Triệu",
    "Thọ", "Diên", "Châu", "Tam", "Kỳ", "Lương",
];

const PLACE_SECOND: [&str; 46] = [
    "An", "Bình", "Hòa", "Phú", "Thạnh", "Long", "Hưng", "Thắng", "Lợi", "Sơn", "Hải", "Thủy", "Phước", "Lộc", "Thành",
    "Thịnh", "Tiến", "Lâm", "Điền", "Trung", "Đông", "Tây", "Mỹ", "Khánh", "Hiệp", "Quang", "Xuân", "Hà", "Giang",
    "Phong", "Yên", "Lạc", "Ninh", "Định", "Tân", "Hậu", "Đức", "Vinh", "Dương", "Nghĩa", "Hội", "Tường", "Khê",
    "Cường", "Thái", "Hợp",
];

const INDUSTRIES: [&str; 16] = [
    "Xây dựng",
    "Cơ khí",
    "May",
    "Thủy sản",
    "Vận tải",
    "Điện lực",
    "Cấp nước",
    "Môi trường Đô thị",
    "Lương thực",
    "Dược phẩm",
    "Thương mại",
    "Du lịch",
    "Cao su",
    "Chè",
    "Xi măng",
    "Phân bón",
];

const MOTTOS: [&str; 6] = [
    "Đoàn kết - Dân chủ - Kỷ cương - Đổi mới - Phát triển",
    "Đoàn kết - Trách nhiệm - Đổi mới - Sáng tạo - Phát triển",
    "Đoàn kết - Gương mẫu - Đổi mới - Phát triển",
    "Dân chủ - Kỷ cương - Đoàn kết - Đổi mới - Phát triển",
    "Đoàn kết - Dân chủ - Đổi mới - Hội nhập - Phát triển bền vững",
    "Đoàn kết - Kỷ cương - Sáng tạo - Phát triển",
];

fn place_name(rng: &mut StdRng) -> String {
    let first = *pick(rng, &PLACE_FIRST);
    let mut second = *pick(rng, &PLACE_SECOND);
    while second == first {
        second = *pick(rng, &PLACE_SECOND);
    }
    format!("{first} {second}")
}

/// What a district was called: it decides what its communes are called.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum DistrictUnit {
    Urban,
    Rural,
    Town,
    City,
}

impl DistrictUnit {
    fn word(self) -> &'static str {
        match self {
            Self::Urban => "quận",
            Self::Rural => "huyện",
            Self::Town => "thị xã",
            Self::City => "thành phố",
        }
    }

    fn choose(city_province: bool, index: usize, rng: &mut StdRng) -> Self {
        if city_province {
            if rng.random_bool(0.6) { Self::Urban } else { Self::Rural }
        } else if index == 0 {
            // A province's first district is its provincial city.
            Self::City
        } else if rng.random_bool(0.08) {
            Self::Town
        } else {
            Self::Rural
        }
    }

    fn commune_unit(self, rng: &mut StdRng) -> CommuneUnit {
        match self {
            Self::Urban => CommuneUnit::Ward,
            Self::City | Self::Town if rng.random_bool(0.7) => CommuneUnit::Ward,
            Self::City | Self::Town => CommuneUnit::Commune,
            Self::Rural if rng.random_bool(0.1) => CommuneUnit::Township,
            Self::Rural => CommuneUnit::Commune,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CommuneUnit {
    Ward,
    Commune,
    Township,
}

impl CommuneUnit {
    fn word(self) -> &'static str {
        match self {
            Self::Ward => "phường",
            Self::Commune => "xã",
            Self::Township => "thị trấn",
        }
    }

    fn urban(self) -> bool {
        self != Self::Commune
    }
}

/// Where a grassroots organization stands, for its name.
struct CommuneContext<'a> {
    unit: CommuneUnit,
    place: &'a str,
}

fn grassroots_name(rng: &mut StdRng, sort: Sort, commune: &CommuneContext<'_>, residential_number: &mut u32) -> String {
    let unit = commune.unit.word();
    let here = commune.place;
    match sort {
        Sort::Residential if commune.unit.urban() => {
            *residential_number += 1;
            format!("Đảng bộ Khu dân cư số {residential_number}")
        }
        Sort::Residential => format!("Đảng bộ thôn {}", place_name(rng)),
        Sort::Company => format!(
            "Đảng bộ Công ty {} {} {}",
            pick(rng, &["Cổ phần", "TNHH MTV"]),
            pick(rng, &INDUSTRIES),
            place_name(rng)
        ),
        Sort::HighSchool => format!("Đảng bộ Trường Trung học phổ thông {}", place_name(rng)),
        Sort::Education => format!("Đảng bộ Khối Giáo dục {unit} {here}"),
        Sort::Health if rng.random_bool(0.5) => format!("Đảng bộ Bệnh viện Đa khoa {}", place_name(rng)),
        Sort::Health => format!("Đảng bộ Trung tâm Y tế {}", place_name(rng)),
        Sort::Agency => format!("Đảng bộ Cơ quan Ủy ban nhân dân {unit} {here}"),
        Sort::Military => format!("Đảng bộ Quân sự {unit} {here}"),
        Sort::Police => format!("Đảng bộ Công an {unit} {here}"),
        Sort::Cooperative => format!("Đảng bộ Hợp tác xã Nông nghiệp {}", place_name(rng)),
    }
}

/// Names the cells of one grassroots organization: its usual units first, then numbered ones.
struct CellNamer {
    sort: Sort,
    urban: bool,
    units: Vec<&'static str>,
    number: u32,
}

impl CellNamer {
    fn new(sort: Sort, urban: bool, rng: &mut StdRng) -> Self {
        let mut units: Vec<&'static str> = match sort {
            Sort::Company => vec![
                "Phòng Tổ chức - Hành chính",
                "Phòng Kế toán",
                "Phòng Kỹ thuật",
                "Phòng Kinh doanh",
                "Đội Xe",
            ],
            Sort::HighSchool => vec![
                "Tổ Khoa học Tự nhiên",
                "Tổ Khoa học Xã hội",
                "Tổ Ngoại ngữ - Tin học",
                "Tổ Văn phòng",
            ],
            Sort::Health => vec![
                "Khoa Nội",
                "Khoa Ngoại",
                "Khoa Nhi",
                "Khoa Khám bệnh",
                "Khoa Dược",
                "Phòng Kế hoạch - Tổng hợp",
            ],
            Sort::Agency => vec![
                "Văn phòng",
                "Phòng Kinh tế",
                "Phòng Văn hóa - Xã hội",
                "Trung tâm Phục vụ hành chính công",
            ],
            Sort::Military => vec!["Ban Chỉ huy Quân sự", "Dân quân Thường trực"],
            Sort::Police => vec!["Đội Cảnh sát Khu vực", "Đội An ninh", "Tổng hợp"],
            Sort::Residential | Sort::Education | Sort::Cooperative => Vec::new(),
        };
        units.shuffle(rng);
        // Residential cells are numbered from wherever the organization's area starts ("Tổ dân phố 14").
        let number = if sort == Sort::Residential {
            rng.random_range(0..=15)
        } else {
            0
        };
        Self {
            sort,
            urban,
            units,
            number,
        }
    }

    fn cell(&mut self, rng: &mut StdRng) -> String {
        if let Some(unit) = self.units.pop() {
            return format!("Chi bộ {unit}");
        }
        self.number += 1;
        let n = self.number;
        match self.sort {
            Sort::Residential if self.urban => format!("Chi bộ Tổ dân phố {n}"),
            Sort::Residential => format!("Chi bộ Xóm {n}"),
            Sort::Education => format!(
                "Chi bộ Trường {} {}",
                pick(rng, &["Mầm non", "Tiểu học", "Trung học cơ sở"]),
                place_name(rng)
            ),
            Sort::Company => format!("Chi bộ Phân xưởng {n}"),
            Sort::HighSchool => format!("Chi bộ Giáo viên {n}"),
            Sort::Health => format!("Chi bộ Khoa Lâm sàng {n}"),
            Sort::Agency => format!("Chi bộ Cơ quan {n}"),
            Sort::Military => format!("Chi bộ Dân quân {n}"),
            Sort::Police => format!("Chi bộ Công an khu vực {n}"),
            Sort::Cooperative => format!("Chi bộ Đội Sản xuất {n}"),
        }
    }

    fn partial_committee(&self, rng: &mut StdRng) -> String {
        let n = rng.random_range(1..=5);
        match self.sort {
            Sort::Residential if self.urban => format!("Đảng bộ bộ phận Khu phố {n}"),
            Sort::Residential => format!("Đảng bộ bộ phận Cụm dân cư số {n}"),
            Sort::Company => format!("Đảng bộ bộ phận Xí nghiệp {n}"),
            _ => format!("Đảng bộ bộ phận Khối {n}"),
        }
    }
}

/// A name with everything search needs, computed once per distinct name.
struct NameKeys {
    full: String,
    search_key: String,
    search_exact: String,
    terms: Vec<String>,
}

impl NameKeys {
    fn new(name: &str) -> Self {
        let full = text::clean(name);
        let search_key = text::fold(&full);
        Self {
            search_exact: text::exact_key(&full),
            terms: text::word_start_suffixes(&search_key),
            search_key,
            full,
        }
    }
}

/// People's names: a few tens of thousands of distinct ones, so their keys are cached.
#[derive(Default)]
struct NameBook {
    cache: HashMap<(bool, u8, u8, u8), Rc<NameKeys>>,
}

impl NameBook {
    fn person(&mut self, rng: &mut StdRng) -> Rc<NameKeys> {
        let woman = rng.random_bool(WOMEN);
        let family = weighted_index(rng, &FAMILY_NAMES);
        let (middle, given) = if woman {
            (
                weighted_index(rng, &MIDDLE_NAMES_WOMEN),
                rng.random_range(0..GIVEN_NAMES_WOMEN.len()),
            )
        } else {
            (
                weighted_index(rng, &MIDDLE_NAMES_MEN),
                rng.random_range(0..GIVEN_NAMES_MEN.len()),
            )
        };
        // The lists are far shorter than 256 entries.
        let key = (woman, family as u8, middle as u8, given as u8);
        self.cache
            .entry(key)
            .or_insert_with(|| {
                let (middle, given) = if woman {
                    (MIDDLE_NAMES_WOMEN[middle].0, GIVEN_NAMES_WOMEN[given])
                } else {
                    (MIDDLE_NAMES_MEN[middle].0, GIVEN_NAMES_MEN[given])
                };
                Rc::new(NameKeys::new(&format!("{} {middle} {given}", FAMILY_NAMES[family].0)))
            })
            .clone()
    }
}

fn weighted_index<T>(rng: &mut StdRng, items: &[(T, u32)]) -> usize {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut roll = rng.random_range(0..total);
    for (index, (_, weight)) in items.iter().enumerate() {
        if roll < *weight {
            return index;
        }
        roll -= weight;
    }
    items.len() - 1
}

// ---------------------------------------------------------------------------------------------
// Sources
// ---------------------------------------------------------------------------------------------

const SOURCE_TITLES: [&str; 6] = [
    "Dữ liệu tổng hợp (synthetic): hệ thống tổ chức đảng và số liệu đảng viên",
    "Dữ liệu tổng hợp (synthetic): báo cáo kết quả thực hiện nghị quyết đại hội",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2010-2015",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2015-2020",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2020-2025",
    "Dữ liệu tổng hợp (synthetic): đại hội đảng bộ các cấp nhiệm kỳ 2025-2030",
];
const SOURCE_PUBLISHER: &str = "congress-api generate";
/// Organizations, placements and size snapshots.
const REGISTRY_SOURCE: i64 = 1;
/// Target results.
const RESULTS_SOURCE: i64 = 2;

/// The source of the congresses (committees, memberships, resolutions) of five-year term `k`.
fn term_source(k: usize) -> i64 {
    3 + k as i64
}

// ---------------------------------------------------------------------------------------------
// Targets
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Period {
    Annual,
    Term,
}

impl Period {
    fn name(self) -> &'static str {
        match self {
            Self::Annual => "ANNUAL",
            Self::Term => "TERM",
        }
    }
}

/// A goal and how its figure is drawn. Bounds are whole numbers unless said otherwise.
#[derive(Debug, Clone, Copy)]
enum Goal {
    /// "{v}% trở lên": v in lo..=hi.
    PercentAtLeast(u32, u32),
    /// A growth rate "{v}%/năm" in tenths of a percent, lo..=hi.
    RateAtLeast(u32, u32),
    /// "đạt và vượt {v}% dự toán": results give the amount and the plan; the percent is computed.
    PercentOfPlan(u32, u32),
    /// "{v}% trường đạt chuẩn": results give how many of how many, cumulatively over the term.
    PercentOfCount(u32, u32),
    /// "dưới {v}%" in tenths of a percent, lo..=hi.
    PercentAtMost(u32, u32),
    /// "{a}-{b}": a in lo..=hi, b = a + a width in wlo..=whi.
    CountRange(u32, u32, u32, u32),
    /// "ít nhất {v}": lo..=hi.
    CountAtLeast(u32, u32),
    /// "{v} triệu đồng": lo..=hi.
    AmountAtLeast(u32, u32),
    /// A yes/no goal.
    Yes,
}

struct TargetTemplate {
    /// The text as a resolution writes it: `{v}` the value, `{a}`-`{b}` a range.
    text: &'static str,
    goal: Goal,
    unit: Option<&'static str>,
    period: Period,
    levels: u8,
    /// A sub-target ("trong đó {v}% ...", lo..=hi percent) some resolutions add under it.
    child: Option<(&'static str, u32, u32)>,
}

const EXCELLENT_CELLS: (&str, u32, u32) = ("trong đó {v}% chi bộ hoàn thành xuất sắc nhiệm vụ", 15, 25);
const EXCELLENT_ORGANIZATIONS: (&str, u32, u32) = ("trong đó {v}% hoàn thành xuất sắc nhiệm vụ", 15, 25);
const EXCELLENT_MEMBERS: (&str, u32, u32) = ("trong đó {v}% hoàn thành xuất sắc nhiệm vụ", 10, 20);

const fn template(
    text: &'static str,
    goal: Goal,
    unit: Option<&'static str>,
    period: Period,
    levels: u8,
) -> TargetTemplate {
    TargetTemplate {
        text,
        goal,
        unit,
        period,
        levels,
        child: None,
    }
}

const fn with_child(mut template: TargetTemplate, child: (&'static str, u32, u32)) -> TargetTemplate {
    template.child = Some(child);
    template
}

const PERCENT: Option<&str> = Some("%");
const MEMBERS_UNIT: Option<&str> = Some("đảng viên");
const PEOPLE_UNIT: Option<&str> = Some("người");
const WORKERS_UNIT: Option<&str> = Some("lao động");
const MODELS_UNIT: Option<&str> = Some("mô hình");
const MILLIONS_UNIT: Option<&str> = Some("triệu đồng");

const TEMPLATES: [TargetTemplate; 38] = [
    with_child(
        template(
            "Hằng năm có {v}% trở lên chi bộ được xếp loại hoàn thành tốt nhiệm vụ trở lên",
            Goal::PercentAtLeast(80, 95),
            PERCENT,
            Period::Annual,
            AT_GRASSROOTS,
        ),
        EXCELLENT_CELLS,
    ),
    with_child(
        template(
            "Hằng năm có {v}% trở lên tổ chức cơ sở đảng được xếp loại hoàn thành tốt nhiệm vụ trở lên",
            Goal::PercentAtLeast(80, 95),
            PERCENT,
            Period::Annual,
            ABOVE_GRASSROOTS,
        ),
        EXCELLENT_ORGANIZATIONS,
    ),
    with_child(
        template(
            "Hằng năm có {v}% trở lên đảng viên được xếp loại hoàn thành tốt nhiệm vụ trở lên",
            Goal::PercentAtLeast(85, 95),
            PERCENT,
            Period::Annual,
            EVERY_LEVEL,
        ),
        EXCELLENT_MEMBERS,
    ),
    template(
        "{v}% cán bộ, đảng viên được học tập, quán triệt các nghị quyết, chỉ thị của Đảng",
        Goal::PercentAtLeast(95, 100),
        PERCENT,
        Period::Annual,
        EVERY_LEVEL,
    ),
    template(
        "Kết nạp {a}-{b} đảng viên mới mỗi năm",
        Goal::CountRange(1, 3, 1, 2),
        MEMBERS_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Kết nạp {a}-{b} đảng viên mới mỗi năm",
        Goal::CountRange(6, 14, 2, 4),
        MEMBERS_UNIT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "Kết nạp từ {a} đến {b} đảng viên mới mỗi năm",
        Goal::CountRange(150, 350, 50, 100),
        MEMBERS_UNIT,
        Period::Annual,
        AT_DISTRICT,
    ),
    template(
        "Kết nạp từ {a} đến {b} đảng viên mới mỗi năm",
        Goal::CountRange(1500, 4000, 300, 800),
        MEMBERS_UNIT,
        Period::Annual,
        AT_PROVINCE,
    ),
    template(
        "Hằng năm giới thiệu {a}-{b} quần chúng ưu tú tham gia lớp bồi dưỡng nhận thức về Đảng",
        Goal::CountRange(2, 4, 1, 3),
        PEOPLE_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Hằng năm giới thiệu {a}-{b} quần chúng ưu tú tham gia lớp bồi dưỡng nhận thức về Đảng",
        Goal::CountRange(10, 20, 3, 5),
        PEOPLE_UNIT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "{v}% chi bộ tổ chức sinh hoạt chuyên đề ít nhất một lần mỗi quý",
        Goal::PercentAtLeast(95, 100),
        PERCENT,
        Period::Annual,
        AT_GRASSROOTS | AT_COMMUNE,
    ),
    template(
        "Tỷ lệ hộ gia đình đạt danh hiệu gia đình văn hóa hằng năm đạt {v}% trở lên",
        Goal::PercentAtLeast(85, 95),
        PERCENT,
        Period::Annual,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tỷ lệ người dân tham gia bảo hiểm y tế đạt {v}% trở lên",
        Goal::PercentAtLeast(90, 98),
        PERCENT,
        Period::Annual,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Giảm tỷ lệ hộ nghèo xuống dưới {v}% vào cuối nhiệm kỳ",
        Goal::PercentAtMost(5, 30),
        PERCENT,
        Period::Term,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tỷ lệ trẻ em dưới 5 tuổi suy dinh dưỡng thể thấp còi giảm xuống dưới {v}%",
        Goal::PercentAtMost(80, 140),
        PERCENT,
        Period::Term,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Thu ngân sách nhà nước trên địa bàn hằng năm đạt và vượt {v}% dự toán được giao",
        Goal::PercentOfPlan(100, 110),
        PERCENT,
        Period::Annual,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tỷ lệ trường đạt chuẩn quốc gia đạt {v}% vào cuối nhiệm kỳ",
        Goal::PercentOfCount(70, 100),
        PERCENT,
        Period::Term,
        AT_COMMUNE | AT_DISTRICT,
    ),
    template(
        "Giải quyết việc làm mới cho {v} lao động trở lên mỗi năm",
        Goal::CountAtLeast(100, 400),
        WORKERS_UNIT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "Giải quyết việc làm mới cho {v} lao động trở lên mỗi năm",
        Goal::CountAtLeast(1500, 4000),
        WORKERS_UNIT,
        Period::Annual,
        AT_DISTRICT,
    ),
    template(
        "Giải quyết việc làm mới cho {v} lao động trở lên mỗi năm",
        Goal::CountAtLeast(25_000, 60_000),
        WORKERS_UNIT,
        Period::Annual,
        AT_PROVINCE,
    ),
    template(
        "Xây dựng ít nhất {v} mô hình \"Dân vận khéo\" trong nhiệm kỳ",
        Goal::CountAtLeast(1, 3),
        MODELS_UNIT,
        Period::Term,
        AT_GRASSROOTS,
    ),
    template(
        "Xây dựng ít nhất {v} mô hình \"Dân vận khéo\" trong nhiệm kỳ",
        Goal::CountAtLeast(3, 10),
        MODELS_UNIT,
        Period::Term,
        AT_COMMUNE,
    ),
    template(
        "Thu nhập bình quân đầu người đạt {v} triệu đồng/năm vào cuối nhiệm kỳ",
        Goal::AmountAtLeast(50, 90),
        MILLIONS_UNIT,
        Period::Term,
        AT_COMMUNE,
    ),
    template(
        "Thu nhập bình quân đầu người đạt {v} triệu đồng/năm vào cuối nhiệm kỳ",
        Goal::AmountAtLeast(60, 110),
        MILLIONS_UNIT,
        Period::Term,
        AT_DISTRICT,
    ),
    template(
        "Thu nhập bình quân đầu người đạt {v} triệu đồng/năm vào cuối nhiệm kỳ",
        Goal::AmountAtLeast(80, 150),
        MILLIONS_UNIT,
        Period::Term,
        AT_PROVINCE,
    ),
    template(
        "Hoàn thành các tiêu chí nông thôn mới nâng cao, đô thị văn minh trong nhiệm kỳ",
        Goal::Yes,
        None,
        Period::Term,
        AT_COMMUNE,
    ),
    template(
        "Hằng năm, đảng bộ được đánh giá, xếp loại hoàn thành tốt nhiệm vụ trở lên",
        Goal::Yes,
        None,
        Period::Annual,
        EVERY_LEVEL,
    ),
    template(
        "Hoàn thành 100% chỉ tiêu tuyển quân hằng năm",
        Goal::PercentAtLeast(100, 100),
        PERCENT,
        Period::Annual,
        AT_COMMUNE | AT_DISTRICT,
    ),
    template(
        "Tỷ lệ lao động qua đào tạo đạt {v}% trở lên",
        Goal::PercentAtLeast(60, 80),
        PERCENT,
        Period::Term,
        ABOVE_GRASSROOTS,
    ),
    template(
        "Tốc độ tăng trưởng kinh tế bình quân đạt {v}%/năm trở lên",
        Goal::RateAtLeast(60, 100),
        PERCENT,
        Period::Annual,
        AT_DISTRICT | AT_PROVINCE,
    ),
    template(
        "Tỷ lệ che phủ rừng đạt {v}% trở lên",
        Goal::PercentAtLeast(35, 55),
        PERCENT,
        Period::Term,
        AT_DISTRICT | AT_PROVINCE,
    ),
    template(
        "Doanh thu tăng bình quân {v}%/năm trở lên",
        Goal::RateAtLeast(50, 120),
        PERCENT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Thu nhập bình quân của người lao động đạt {v} triệu đồng/tháng trở lên",
        Goal::AmountAtLeast(7, 15),
        MILLIONS_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "{v}% đảng viên thực hiện nghiêm việc giữ mối liên hệ với chi ủy, đảng ủy nơi cư trú",
        Goal::PercentAtLeast(95, 100),
        PERCENT,
        Period::Annual,
        AT_GRASSROOTS | AT_COMMUNE,
    ),
    template(
        "Không có đảng viên vi phạm kỷ luật phải xử lý",
        Goal::Yes,
        None,
        Period::Annual,
        AT_GRASSROOTS | AT_COMMUNE,
    ),
    template(
        "Tỷ lệ thôn, tổ dân phố đạt danh hiệu văn hóa đạt {v}% trở lên",
        Goal::PercentAtLeast(80, 95),
        PERCENT,
        Period::Annual,
        AT_COMMUNE,
    ),
    template(
        "Hằng năm phát triển từ {a}-{b} đoàn viên, hội viên mới",
        Goal::CountRange(5, 15, 5, 10),
        PEOPLE_UNIT,
        Period::Annual,
        AT_GRASSROOTS,
    ),
    template(
        "Tỷ lệ đảng viên được kiểm tra, giám sát trong nhiệm kỳ đạt {v}% trở lên",
        Goal::PercentAtLeast(30, 60),
        PERCENT,
        Period::Term,
        EVERY_LEVEL,
    ),
];

/// Targets whose results were never reported (their status is "no data").
const UNREPORTED_TARGET: f64 = 0.08;
/// A year missing from a target's otherwise yearly results.
const MISSING_YEAR: f64 = 0.05;

/// A value in hundredths, as stored: canonical decimal text ("95", "1.5", "116.67").
fn decimal(hundredths: i64) -> String {
    decimal_text(Decimal::new(hundredths, 2))
}

/// A value in hundredths as a resolution writes it: a decimal comma ("1,5").
fn written(hundredths: i64) -> String {
    decimal(hundredths).replace('.', ",")
}

/// Rounds a non-negative value in hundredths to a multiple of `step` hundredths.
fn round_to(hundredths: i64, step: i64) -> i64 {
    (hundredths.max(0) + step / 2) / step * step
}

/// One year's reported figures, in hundredths.
#[derive(Debug, Default)]
struct Figures {
    achieved: Option<i64>,
    planned: Option<i64>,
    reported_percent: Option<String>,
    qualifier: Option<&'static str>,
}

// ---------------------------------------------------------------------------------------------
// The generator
// ---------------------------------------------------------------------------------------------

const SECRETARY: &str = "SECRETARY";
const STANDING_DEPUTY: &str = "STANDING_DEPUTY_SECRETARY";
const DEPUTY: &str = "DEPUTY_SECRETARY";
const MEMBER: &str = "MEMBER";
const CHAIR: &str = "CHAIR";
const DEPUTY_CHAIR: &str = "DEPUTY_CHAIR";

/// Members who leave mid-term (and are replaced by a supplementary election).
const DEPARTURE_RATE: f64 = 0.05;
const DEPARTURE_REASONS: [(&str, u32); 4] = [("TRANSFERRED", 55), ("RETIRED", 25), ("RESIGNED", 12), ("DECEASED", 8)];
/// No one leaves in the first or last four months of a term.
const DEPARTURE_MARGIN_DAYS: u64 = 120;
/// Committees that declare a seat or two more than they elected.
const UNFILLED_SEATS: f64 = 0.1;

#[derive(Debug, Clone, Copy)]
struct Seat {
    person: i64,
    position: &'static str,
}

/// Who held seats at the end of a term: the next term re-elects from them.
#[derive(Debug, Default)]
struct Board {
    executive: Vec<Seat>,
    /// Inspection committee members who are not on the executive.
    inspectors: Vec<i64>,
}

struct Departure {
    person: i64,
    on: NaiveDate,
    reason: &'static str,
    replacement: i64,
}

/// What the memberships of one term share.
struct TermDates {
    started: NaiveDate,
    ends_on: Option<NaiveDate>,
    end_reason: Option<&'static str>,
    start_reason: &'static str,
}

/// A term as scheduled: its congress's dates and ordinal.
#[derive(Debug, Clone, Copy)]
struct Slot {
    term: TermDef,
    opened: NaiveDate,
    closed: Option<NaiveDate>,
    ordinal: Option<i32>,
}

#[derive(Debug, Clone)]
struct Org {
    id: i64,
    role: Role,
    name: String,
    /// Its superior (the first placement's parent): it appoints a new organization's committee.
    parent: Option<i64>,
    founded: Option<Founding>,
    dissolved_on: Option<NaiveDate>,
}

struct Placement {
    parent: i64,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

/// Members and cells below an organization in each five-year term.
#[derive(Debug, Clone, Copy, Default)]
struct Size {
    members: [u32; 4],
    cells: [u32; 4],
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, other: Self) {
        for k in 0..4 {
            self.members[k] += other.members[k];
            self.cells[k] += other.cells[k];
        }
    }
}

/// Per five-year term, the secretaries of the organizations below (candidates for promotion).
type Secretaries = [Vec<i64>; 4];

#[derive(Default)]
struct Ids {
    organization: i64,
    placement: i64,
    stats: i64,
    person: i64,
    congress: i64,
    committee: i64,
    membership: i64,
    resolution: i64,
    target: i64,
    result: i64,
}

fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

struct Generator {
    seed: u64,
    sink: Sink,
    rng: StdRng,
    ids: Ids,
    names: NameBook,
    /// The source of the term being written: people first seen in it cite it.
    term_source: i64,
}

impl Generator {
    fn new(seed: u64, copy: bool, now: DateTime<Utc>, sender: mpsc::Sender<Chunk>) -> Self {
        Self {
            seed,
            sink: Sink::new(copy, now, sender),
            rng: stream_rng(seed, CENTRAL_STREAM),
            ids: Ids::default(),
            names: NameBook::default(),
            term_source: REGISTRY_SOURCE,
        }
    }

    fn run(mut self, plan: &Plan) -> anyhow::Result<()> {
        self.generate(plan)
            .map_err(|Stopped| anyhow!("the database writer stopped"))
    }

    fn generate(&mut self, plan: &Plan) -> Result<(), Stopped> {
        self.sources();
        let central = self.organization(Role::Central, "Đảng Cộng sản Việt Nam", None, None, &[]);
        let provinces: Vec<Org> = plan
            .provinces
            .iter()
            .map(|province| {
                let name = match (province.city, province.name) {
                    (true, "Hồ Chí Minh") => "Đảng bộ Thành phố Hồ Chí Minh".to_owned(),
                    (true, name) => format!("Đảng bộ thành phố {name}"),
                    (false, name) => format!("Đảng bộ tỉnh {name}"),
                };
                let placement = Placement {
                    parent: central.id,
                    from: None,
                    to: None,
                };
                self.organization(Role::Province, &name, None, None, &[placement])
            })
            .collect();
        let mut national = Size::default();
        let mut province_secretaries = Secretaries::default();
        for (index, (province, province_plan)) in provinces.iter().zip(&plan.provinces).enumerate() {
            self.rng = stream_rng(self.seed, 1 + index as u64);
            let (size, secretaries) = self.province(province, province_plan)?;
            national += size;
            for (k, secretary) in secretaries.into_iter().enumerate() {
                province_secretaries[k].extend(secretary);
            }
        }
        self.rng = stream_rng(self.seed, CENTRAL_STREAM);
        self.hold_terms(&central, &national, &province_secretaries);
        self.sink.flush()
    }

    fn sources(&mut self) {
        for (index, title) in SOURCE_TITLES.iter().enumerate() {
            // The identity the API gives a source without a url: its folded title and no date.
            let identity = format!("title:{}|", text::fold(title));
            self.sink
                .row(Table::Sources)
                .int(index as i64 + 1)
                .text(title)
                .text(SOURCE_PUBLISHER)
                .text(&identity)
                .now();
        }
    }

    /// Writes an organization with its placements, registry source and search terms.
    fn organization(
        &mut self,
        role: Role,
        name: &str,
        founded: Option<Founding>,
        dissolved_on: Option<NaiveDate>,
        placements: &[Placement],
    ) -> Org {
        let id = next(&mut self.ids.organization);
        let keys = NameKeys::new(name);
        let founded_on = match role {
            Role::Central => Some(CENTRAL_FOUNDED),
            _ => founded.map(|f| f.on),
        };
        self.sink
            .row(Table::Organizations)
            .int(id)
            .text(&keys.full)
            .text(role.kind())
            .text(role.level())
            .opt_date(founded_on)
            .opt_date(dissolved_on)
            .text(&keys.search_key)
            .text(&keys.search_exact)
            .int(REGISTRY_SOURCE)
            .now()
            .now();
        for placement in placements {
            let placement_id = next(&mut self.ids.placement);
            self.sink
                .row(Table::Placements)
                .int(placement_id)
                .int(id)
                .int(placement.parent)
                .opt_date(placement.from)
                .opt_date(placement.to)
                .int(REGISTRY_SOURCE)
                .now();
        }
        self.sink.row(Table::OrganizationSources).int(id).int(REGISTRY_SOURCE);
        for term in &keys.terms {
            self.sink
                .row(Table::SearchTerms)
                .text("organization")
                .text(term)
                .int(id);
        }
        Org {
            id,
            role,
            name: keys.full,
            parent: placements.first().map(|p| p.parent),
            founded,
            dissolved_on,
        }
    }

    fn person(&mut self) -> i64 {
        let keys = self.names.person(&mut self.rng);
        let id = next(&mut self.ids.person);
        self.sink
            .row(Table::People)
            .int(id)
            .text(&keys.full)
            .text(&keys.search_key)
            .text(&keys.search_exact)
            .int(self.term_source)
            .now();
        for term in &keys.terms {
            self.sink.row(Table::SearchTerms).text("person").text(term).int(id);
        }
        id
    }

    /// A province's whole subtree, then the province's own terms. Returns its size and its
    /// secretaries (candidates for the Central Committee).
    fn province(&mut self, province: &Org, plan: &ProvincePlan) -> Result<(Size, [Option<i64>; 4]), Stopped> {
        let mut size = Size::default();
        // District secretaries until 2025, commune secretaries after.
        let mut below = Secretaries::default();
        for (index, district_plan) in plan.districts.iter().enumerate() {
            let unit = DistrictUnit::choose(plan.city, index, &mut self.rng);
            let name = format!("Đảng bộ {} {}", unit.word(), place_name(&mut self.rng));
            let district = self.organization(
                Role::District,
                &name,
                None,
                Some(REORGANIZATION),
                &[Placement {
                    parent: province.id,
                    from: Some(HISTORY_START),
                    to: Some(REORGANIZATION),
                }],
            );
            let mut district_size = Size::default();
            let mut commune_secretaries = Secretaries::default();
            for commune_plan in &district_plan.communes {
                let commune_unit = unit.commune_unit(&mut self.rng);
                let place = place_name(&mut self.rng);
                let commune = self.organization(
                    Role::Commune,
                    &format!("Đảng bộ {} {place}", commune_unit.word()),
                    None,
                    None,
                    &[
                        Placement {
                            parent: district.id,
                            from: Some(HISTORY_START),
                            to: Some(REORGANIZATION),
                        },
                        Placement {
                            parent: province.id,
                            from: Some(REORGANIZATION),
                            to: None,
                        },
                    ],
                );
                let context = CommuneContext {
                    unit: commune_unit,
                    place: &place,
                };
                let mut commune_size = Size::default();
                let mut grassroots_secretaries = Secretaries::default();
                let mut residential_number = 0;
                for grassroots in &commune_plan.grassroots {
                    let (grassroots_size, secretaries) =
                        self.grassroots(grassroots, &commune, &context, &mut residential_number);
                    commune_size += grassroots_size;
                    for (k, secretary) in secretaries.into_iter().enumerate() {
                        grassroots_secretaries[k].extend(secretary);
                    }
                    self.sink.flush_if_full()?;
                }
                let secretaries = self.hold_terms(&commune, &commune_size, &grassroots_secretaries);
                for (k, secretary) in secretaries.into_iter().enumerate() {
                    // From 2025 communes answer to the province directly.
                    let list = if k < 3 {
                        &mut commune_secretaries[k]
                    } else {
                        &mut below[k]
                    };
                    list.extend(secretary);
                }
                district_size += commune_size;
            }
            let secretaries = self.hold_terms(&district, &district_size, &commune_secretaries);
            for (k, secretary) in secretaries.into_iter().enumerate() {
                below[k].extend(secretary);
            }
            size += district_size;
        }
        let secretaries = self.hold_terms(province, &size, &below);
        Ok((size, secretaries))
    }

    /// A grassroots organization with its cells (some under a partial committee), then its own terms.
    fn grassroots(
        &mut self,
        plan: &GrassrootsPlan,
        commune: &Org,
        context: &CommuneContext<'_>,
        residential_number: &mut u32,
    ) -> (Size, [Option<i64>; 4]) {
        let name = grassroots_name(&mut self.rng, plan.sort, context, residential_number);
        let from = Some(plan.founded.map_or(HISTORY_START, |f| f.on));
        let placed_under = |parent: i64| Placement { parent, from, to: None };
        let organization = self.organization(Role::Grassroots, &name, plan.founded, None, &[placed_under(commune.id)]);
        let mut namer = CellNamer::new(plan.sort, context.unit.urban(), &mut self.rng);
        let mut size = Size::default();
        if plan.partial_cells > 0 {
            let partial_name = namer.partial_committee(&mut self.rng);
            let partial = self.organization(
                Role::Partial,
                &partial_name,
                plan.founded,
                None,
                &[placed_under(organization.id)],
            );
            let mut partial_size = Size::default();
            for _ in 0..plan.partial_cells {
                let cell_name = namer.cell(&mut self.rng);
                let cell = self.organization(Role::Cell, &cell_name, plan.founded, None, &[placed_under(partial.id)]);
                partial_size += self.cell(&cell);
            }
            self.hold_terms(&partial, &partial_size, &Secretaries::default());
            size += partial_size;
        }
        for _ in 0..plan.direct_cells {
            let cell_name = namer.cell(&mut self.rng);
            let cell = self.organization(
                Role::Cell,
                &cell_name,
                plan.founded,
                None,
                &[placed_under(organization.id)],
            );
            size += self.cell(&cell);
        }
        let secretaries = self.hold_terms(&organization, &size, &Secretaries::default());
        (size, secretaries)
    }

    /// A cell's members over time (at least 3, the rule for a cell) and its terms.
    fn cell(&mut self, cell: &Org) -> Size {
        let base: i64 = (self.rng.random_range(5..=45) + self.rng.random_range(5..=35)) / 2;
        let drift: i64 = self.rng.random_range(-1..=2);
        let mut size = Size::default();
        for k in cell.founded.map_or(0, |f| f.term)..4 {
            let members = base + drift * k as i64 + self.rng.random_range(-2..=2);
            size.members[k] = members.max(3) as u32;
            size.cells[k] = 1;
        }
        self.hold_terms(cell, &size, &Secretaries::default());
        size
    }

    /// Every term of an organization: congresses, committees, memberships, snapshots, resolutions.
    /// Returns its secretary in each five-year term.
    fn hold_terms(&mut self, org: &Org, size: &Size, below: &Secretaries) -> [Option<i64>; 4] {
        let slots = self.schedule(org);
        let mut board = Board::default();
        let mut secretaries = [None; 4];
        let mut sources = [false; 4];
        for (index, slot) in slots.iter().enumerate() {
            let next_opened = slots.get(index + 1).map(|s| s.opened);
            board = self.hold_term(org, slot, next_opened, &board, &below[slot.term.k], size);
            secretaries[slot.term.k] = board.executive.first().map(|seat| seat.person);
            sources[slot.term.k] = true;
        }
        for (k, used) in sources.into_iter().enumerate() {
            if used {
                self.sink
                    .row(Table::OrganizationSources)
                    .int(org.id)
                    .int(term_source(k));
            }
        }
        secretaries
    }

    /// The dates and ordinals of an organization's congresses.
    fn schedule(&mut self, org: &Org) -> Vec<Slot> {
        let terms = org.role.terms(org.founded.map(|f| f.term));
        // A new organization's first elected congress is its first; older ones are numbered on.
        let mut ordinal = match org.founded {
            Some(_) => 1,
            None => org.role.first_ordinal(&mut self.rng),
        };
        terms
            .into_iter()
            .map(|term| {
                if org.role == Role::Central {
                    let (_, _, opened, closed) = CENTRAL_TERMS[term.k];
                    let slot = Slot {
                        term,
                        opened,
                        closed: Some(closed),
                        ordinal: Some(ordinal),
                    };
                    ordinal += 1;
                    return slot;
                }
                if term.appointed {
                    // The superior's decision, days after the founding; no congress, no number.
                    let founded = org.founded.map_or(HISTORY_START, |f| f.on);
                    return Slot {
                        term,
                        opened: founded + Days::new(self.rng.random_range(0..=10)),
                        closed: None,
                        ordinal: None,
                    };
                }
                let opened = org.role.congress_date(term.start, &mut self.rng);
                let closed = opened + Days::new(org.role.congress_extra_days(&mut self.rng));
                let slot = Slot {
                    term,
                    opened,
                    closed: Some(closed),
                    ordinal: Some(ordinal),
                };
                ordinal += 1;
                slot
            })
            .collect()
    }

    /// One term: the congress, its snapshot, committees and memberships, and its resolution.
    fn hold_term(
        &mut self,
        org: &Org,
        slot: &Slot,
        next_opened: Option<NaiveDate>,
        previous: &Board,
        below: &[i64],
        size: &Size,
    ) -> Board {
        let role = org.role;
        let k = slot.term.k;
        let source = term_source(k);
        self.term_source = source;
        let members = size.members[k];
        let congress_id = next(&mut self.ids.congress);
        let (kind, delegates) = if slot.term.appointed {
            (None, None)
        } else if role == Role::Central || (role.has_delegates() && members >= DELEGATES_FROM_MEMBERS) {
            let (low, high) = role.delegate_range();
            let delegates = self.rng.random_range(low..=high);
            let delegates = if role == Role::Central {
                delegates
            } else {
                delegates.min(i64::from(members))
            };
            (Some("DELEGATES"), Some(delegates))
        } else {
            (Some("MEMBERS"), None)
        };
        let motto = match role {
            Role::Central => Some(CENTRAL_MOTTOS[k]),
            _ if !slot.term.appointed && self.rng.random_bool(role.motto_chance()) => {
                Some(*pick(&mut self.rng, &MOTTOS))
            }
            _ => None,
        };
        self.sink
            .row(Table::Congresses)
            .int(congress_id)
            .int(org.id)
            .opt_int(slot.ordinal.map(i64::from))
            .int(i64::from(slot.term.start))
            .int(i64::from(slot.term.end))
            .opt_text(kind)
            .date(slot.opened)
            .opt_date(slot.closed)
            .opt_int(delegates)
            .opt_text(motto)
            .int(source)
            .now();
        self.sink.row(Table::CongressSources).int(congress_id).int(source);
        let stats_id = next(&mut self.ids.stats);
        let cells = (role != Role::Cell).then(|| i64::from(size.cells[k]));
        self.sink
            .row(Table::Stats)
            .int(stats_id)
            .int(org.id)
            .date(slot.opened)
            .int(i64::from(members))
            .opt_int(cells)
            .int(REGISTRY_SOURCE)
            .now();

        let executive = self.executive(role, &previous.executive, below);
        let (standing, inspection, inspectors) = if role.has_standing_and_inspection() {
            let standing = self.standing(role, &executive);
            let (inspection, inspectors) = self.inspection(role, &executive, &standing, &previous.inspectors);
            (standing, inspection, inspectors)
        } else {
            (Vec::new(), Vec::new(), Vec::new())
        };
        let (ends_on, end_reason) = match (next_opened, org.dissolved_on) {
            (Some(next), _) => (Some(next), Some("TERM_ENDED")),
            (None, Some(dissolved)) => (Some(dissolved), Some("REORGANIZED")),
            (None, None) => (None, None),
        };
        let dates = TermDates {
            started: slot.closed.unwrap_or(slot.opened),
            ends_on,
            end_reason,
            start_reason: if slot.term.appointed { "APPOINTED" } else { "ELECTED" },
        };
        let departures = self.departures(&executive, &inspection, &dates);
        let (formation, decided_by) = if slot.term.appointed {
            ("APPOINTED", org.parent)
        } else {
            ("ELECTED_BY_CONGRESS", None)
        };
        self.committee(
            congress_id,
            ("EXECUTIVE", formation),
            decided_by,
            &executive,
            &departures,
            &dates,
        );
        if !standing.is_empty() {
            self.committee(
                congress_id,
                ("STANDING", "ELECTED_BY_PLENUM"),
                None,
                &standing,
                &departures,
                &dates,
            );
        }
        if !inspection.is_empty() {
            self.committee(
                congress_id,
                ("INSPECTION", "ELECTED_BY_PLENUM"),
                None,
                &inspection,
                &departures,
                &dates,
            );
        }
        if role.target_level() != 0 && !slot.term.appointed {
            self.resolution(org, slot, congress_id, kind == Some("DELEGATES"));
        }
        // Whoever holds the seats at the end of the term stands for re-election.
        let replaced = |person: i64| {
            departures
                .iter()
                .find(|d| d.person == person)
                .map_or(person, |d| d.replacement)
        };
        Board {
            executive: executive
                .iter()
                .map(|seat| Seat {
                    person: replaced(seat.person),
                    position: seat.position,
                })
                .collect(),
            inspectors: inspectors.into_iter().map(replaced).collect(),
        }
    }

    /// An executive committee: secretary first, then deputies, then members. About half of the
    /// previous committee is re-elected (deputies often move up to secretary), some secretaries of
    /// the level below join, and new people fill the rest.
    fn executive(&mut self, role: Role, previous: &[Seat], below: &[i64]) -> Vec<Seat> {
        let rng = &mut self.rng;
        let size = role.executive_size(rng);
        let deputies = role.deputy_count(size, rng).min(size - 1);
        let mut kept_secretary = None;
        let mut kept_deputies = Vec::new();
        let mut kept_members = Vec::new();
        for seat in previous {
            match seat.position {
                SECRETARY if rng.random_bool(0.5) => kept_secretary = Some(seat.person),
                STANDING_DEPUTY | DEPUTY if rng.random_bool(0.6) => kept_deputies.push(seat.person),
                MEMBER if rng.random_bool(0.5) => kept_members.push(seat.person),
                _ => {}
            }
        }
        let quota = role.concurrent_quota(size, below.len(), rng);
        let mut concurrent: Vec<i64> = below.to_vec();
        concurrent.shuffle(rng);
        concurrent.truncate(quota);
        kept_members.shuffle(rng);

        let secretary = match kept_secretary {
            Some(person) if rng.random_bool(0.55) => Some(person),
            _ => take_random(rng, &mut kept_deputies).or(kept_secretary).or_else(|| {
                if rng.random_bool(0.4) {
                    take_random(rng, &mut concurrent)
                } else {
                    None
                }
            }),
        };
        let secretary = secretary.unwrap_or_else(|| self.person());
        let mut seats = vec![Seat {
            person: secretary,
            position: SECRETARY,
        }];
        let mut candidates = kept_deputies.into_iter().chain(kept_members).chain(concurrent);
        let seated = |seats: &[Seat], person: i64| seats.iter().any(|s| s.person == person);
        while seats.len() < size {
            let position = match seats.len() {
                1 if role.has_standing_deputy() && deputies > 0 => STANDING_DEPUTY,
                n if n <= deputies => DEPUTY,
                _ => MEMBER,
            };
            let person = loop {
                match candidates.next() {
                    Some(person) if seated(&seats, person) => continue,
                    Some(person) => break person,
                    None => break self.person(),
                }
            };
            seats.push(Seat { person, position });
        }
        seats
    }

    /// The standing committee: the secretary and deputies, and about a third of the executive.
    fn standing(&mut self, role: Role, executive: &[Seat]) -> Vec<Seat> {
        let size = match role {
            // The Politburo.
            Role::Central => self.rng.random_range(16..=19),
            _ => (executive.len() as f64 / 3.0).round() as usize,
        };
        let mut seats: Vec<Seat> = executive.iter().filter(|s| s.position != MEMBER).copied().collect();
        let mut members: Vec<Seat> = executive.iter().filter(|s| s.position == MEMBER).copied().collect();
        members.shuffle(&mut self.rng);
        let wanted = size.max(seats.len() + 1).saturating_sub(seats.len());
        seats.extend(members.into_iter().take(wanted));
        seats
    }

    /// The inspection committee: its chair sits on the standing committee; its other members are
    /// mostly inspectors who are not on the executive, about half of them re-elected.
    fn inspection(
        &mut self,
        role: Role,
        executive: &[Seat],
        standing: &[Seat],
        previous: &[i64],
    ) -> (Vec<Seat>, Vec<i64>) {
        let size = match role {
            Role::Central => self.rng.random_range(19..=23),
            Role::Commune => self.rng.random_range(5..=7),
            _ => self.rng.random_range(5..=9),
        };
        let deputies = self.rng.random_range(1..=2);
        let mut standing_members: Vec<i64> = standing
            .iter()
            .filter(|s| s.position == MEMBER)
            .map(|s| s.person)
            .collect();
        let mut executive_members: Vec<i64> = executive
            .iter()
            .filter(|s| s.position == MEMBER && !standing_members.contains(&s.person))
            .map(|s| s.person)
            .collect();
        let chair = take_random(&mut self.rng, &mut standing_members)
            .or_else(|| take_random(&mut self.rng, &mut executive_members))
            .unwrap_or_else(|| self.person());
        let mut kept: Vec<i64> = previous.iter().copied().filter(|_| self.rng.random_bool(0.5)).collect();
        let mut seats = vec![Seat {
            person: chair,
            position: CHAIR,
        }];
        let mut inspectors = Vec::new();
        while seats.len() < size {
            let position = if seats.len() <= deputies { DEPUTY_CHAIR } else { MEMBER };
            let from_executive = if self.rng.random_bool(0.25) {
                take_random(&mut self.rng, &mut executive_members)
            } else {
                None
            };
            let person = match from_executive {
                Some(person) => person,
                None => {
                    let person = kept.pop().unwrap_or_else(|| self.person());
                    inspectors.push(person);
                    person
                }
            };
            seats.push(Seat { person, position });
        }
        (seats, inspectors)
    }

    /// Who leaves mid-term, when and why, and who is elected in their place. Secretaries serve
    /// their whole term, so every executive has exactly one.
    fn departures(&mut self, executive: &[Seat], inspection: &[Seat], dates: &TermDates) -> Vec<Departure> {
        let earliest = dates.started + Days::new(DEPARTURE_MARGIN_DAYS);
        let latest = dates.ends_on.unwrap_or(RECORDS_END) - Days::new(DEPARTURE_MARGIN_DAYS);
        let Ok(span) = u64::try_from((latest - earliest).num_days()) else {
            return Vec::new();
        };
        let mut departures: Vec<Departure> = Vec::new();
        for seat in executive.iter().chain(inspection) {
            if seat.position == SECRETARY
                || departures.iter().any(|d| d.person == seat.person)
                || !self.rng.random_bool(DEPARTURE_RATE)
            {
                continue;
            }
            let on = earliest + Days::new(self.rng.random_range(0..=span));
            let reason = *weighted(&mut self.rng, &DEPARTURE_REASONS);
            let replacement = self.person();
            departures.push(Departure {
                person: seat.person,
                on,
                reason,
                replacement,
            });
        }
        departures
    }

    /// A committee and its memberships; a departed member's seat passes to the replacement.
    fn committee(
        &mut self,
        congress_id: i64,
        (kind, formation): (&'static str, &'static str),
        decided_by: Option<i64>,
        seats: &[Seat],
        departures: &[Departure],
        dates: &TermDates,
    ) {
        let id = next(&mut self.ids.committee);
        let unfilled = if self.rng.random_bool(UNFILLED_SEATS) {
            self.rng.random_range(1..=2)
        } else {
            0
        };
        self.sink
            .row(Table::Committees)
            .int(id)
            .int(congress_id)
            .text(kind)
            .text(formation)
            .int(seats.len() as i64 + unfilled)
            .opt_int(decided_by)
            .int(self.term_source)
            .now();
        for seat in seats {
            match departures.iter().find(|d| d.person == seat.person) {
                Some(departure) => {
                    self.membership(
                        id,
                        seat,
                        (dates.started, dates.start_reason),
                        (Some(departure.on), Some(departure.reason)),
                    );
                    let replacement = Seat {
                        person: departure.replacement,
                        position: seat.position,
                    };
                    self.membership(
                        id,
                        &replacement,
                        (departure.on, "SUPPLEMENTED"),
                        (dates.ends_on, dates.end_reason),
                    );
                }
                None => self.membership(
                    id,
                    seat,
                    (dates.started, dates.start_reason),
                    (dates.ends_on, dates.end_reason),
                ),
            }
        }
    }

    fn membership(
        &mut self,
        committee_id: i64,
        seat: &Seat,
        (started, start_reason): (NaiveDate, &'static str),
        (ended, end_reason): (Option<NaiveDate>, Option<&'static str>),
    ) {
        let id = next(&mut self.ids.membership);
        self.sink
            .row(Table::Memberships)
            .int(id)
            .int(committee_id)
            .int(seat.person)
            .text(seat.position)
            .date(started)
            .opt_date(ended)
            .text(start_reason)
            .opt_text(end_reason)
            .int(self.term_source)
            .now()
            .now();
    }

    /// The congress's resolution: 6 to 12 targets fitting the level, some with a sub-target.
    fn resolution(&mut self, org: &Org, slot: &Slot, congress_id: i64, delegates: bool) {
        let id = next(&mut self.ids.resolution);
        let ordinal = slot.ordinal.and_then(|n| to_roman(i64::from(n))).unwrap_or_default();
        let title = format!(
            "Nghị quyết Đại hội {}{} lần thứ {ordinal}, nhiệm kỳ {}-{}",
            if delegates { "đại biểu " } else { "" },
            org.name,
            slot.term.start,
            slot.term.end
        );
        let level = org.role.target_level();
        let mut chosen: Vec<&TargetTemplate> = TEMPLATES.iter().filter(|t| t.levels & level != 0).collect();
        chosen.shuffle(&mut self.rng);
        chosen.truncate(self.rng.random_range(6..=12));
        let count = chosen.len() as i64;
        // A few resolutions declare a number of targets that differs from the list they give.
        let declared = if self.rng.random_bool(0.05) {
            (count + *pick(&mut self.rng, &[-2, -1, 1, 2])).max(1)
        } else {
            count
        };
        self.sink
            .row(Table::Resolutions)
            .int(id)
            .int(congress_id)
            .text(&title)
            .date(slot.closed.unwrap_or(slot.opened))
            .int(declared)
            .int(term_source(slot.term.k))
            .now();
        let placement = TargetPlacement {
            organization_id: org.id,
            congress_id,
            resolution_id: id,
            start: slot.term.start,
            end: slot.term.end,
            k: slot.term.k,
            level,
        };
        for (index, template) in chosen.into_iter().enumerate() {
            let parent = self.target(
                &placement,
                None,
                index as i64 + 1,
                template.text,
                template.goal,
                template.unit,
                template.period,
            );
            if let Some((text, low, high)) = template.child
                && self.rng.random_bool(0.5)
            {
                self.target(
                    &placement,
                    Some(parent),
                    1,
                    text,
                    Goal::PercentAtLeast(low, high),
                    PERCENT,
                    Period::Annual,
                );
            }
        }
    }

    /// A target, with its results for each year of its term up to the last reported year.
    #[allow(clippy::too_many_arguments)] // a target's own fields, each distinct
    fn target(
        &mut self,
        placement: &TargetPlacement,
        parent: Option<i64>,
        ordinal: i64,
        text: &str,
        goal: Goal,
        unit: Option<&str>,
        period: Period,
    ) -> i64 {
        let id = next(&mut self.ids.target);
        let rng = &mut self.rng;
        // Bounds in hundredths.
        let (measure, comparator, min, max) = match goal {
            Goal::PercentAtLeast(low, high) | Goal::PercentOfPlan(low, high) | Goal::PercentOfCount(low, high) => {
                let value = i64::from(rng.random_range(low..=high));
                // Term goals are usually round figures ("70%", "75%").
                let value = if matches!(goal, Goal::PercentOfCount(..)) {
                    (value / 5 * 5).max(i64::from(low))
                } else {
                    value
                };
                ("PERCENT", "AT_LEAST", Some(value * 100), None)
            }
            Goal::RateAtLeast(low, high) => (
                "PERCENT",
                "AT_LEAST",
                Some(i64::from(rng.random_range(low..=high)) * 10),
                None,
            ),
            Goal::PercentAtMost(low, high) => (
                "PERCENT",
                "AT_MOST",
                None,
                Some(i64::from(rng.random_range(low..=high)) * 10),
            ),
            Goal::CountRange(low, high, width_low, width_high) => {
                let from = rng.random_range(low..=high);
                let to = from + rng.random_range(width_low..=width_high);
                ("COUNT", "RANGE", Some(i64::from(from) * 100), Some(i64::from(to) * 100))
            }
            Goal::CountAtLeast(low, high) => (
                "COUNT",
                "AT_LEAST",
                Some(i64::from(rng.random_range(low..=high)) * 100),
                None,
            ),
            Goal::AmountAtLeast(low, high) => (
                "AMOUNT",
                "AT_LEAST",
                Some(i64::from(rng.random_range(low..=high)) * 100),
                None,
            ),
            Goal::Yes => ("BOOLEAN", "EXACT", Some(100), None),
        };
        let written_text = text
            .replace("{v}", &written(min.or(max).unwrap_or_default()))
            .replace("{a}", &written(min.unwrap_or_default()))
            .replace("{b}", &written(max.unwrap_or_default()));
        self.sink
            .row(Table::Targets)
            .int(id)
            .int(placement.organization_id)
            .int(placement.congress_id)
            .int(placement.resolution_id)
            .opt_int(parent)
            .int(ordinal)
            .text(&written_text)
            .text(measure)
            .text(comparator)
            .opt_text(min.map(decimal).as_deref())
            .opt_text(max.map(decimal).as_deref())
            .opt_text(unit)
            .text(period.name())
            .text("CONGRESS")
            .int(i64::from(placement.start))
            .int(i64::from(placement.end))
            .int(term_source(placement.k))
            .now();
        if !self.rng.random_bool(UNREPORTED_TARGET) {
            self.results(id, placement, goal, (min, max), period);
        }
        id
    }

    /// Yearly results: around the goal with noise, so that every status occurs.
    fn results(
        &mut self,
        target_id: i64,
        placement: &TargetPlacement,
        goal: Goal,
        bounds: (Option<i64>, Option<i64>),
        period: Period,
    ) {
        let years = placement.end - placement.start;
        let last = (placement.end - 1).min(LAST_RESULT_YEAR);
        // Fixed for the whole term: a budget, a number of schools.
        let scale = match placement.level {
            AT_PROVINCE => 400,
            AT_DISTRICT => 20,
            _ => 1,
        };
        let budget = self.rng.random_range(8_000..=80_000) * scale;
        let schools = self.rng.random_range(4..=12) * scale;
        let mut done = false;
        for year in placement.start..=last {
            if self.rng.random_bool(MISSING_YEAR) {
                continue;
            }
            let progress = f64::from(year - placement.start + 1) / f64::from(years);
            let final_year = year == placement.end - 1;
            let figures = self.figures(goal, bounds, period, progress, final_year, (budget, schools), &mut done);
            let id = next(&mut self.ids.result);
            self.sink
                .row(Table::Results)
                .int(id)
                .int(target_id)
                .int(i64::from(year))
                .int(i64::from(year))
                .opt_text(figures.achieved.map(decimal).as_deref())
                .opt_text(figures.planned.map(decimal).as_deref())
                .opt_text(figures.reported_percent.as_deref())
                .opt_text(figures.qualifier)
                .int(RESULTS_SOURCE)
                .now();
        }
    }

    /// One year's figures for a goal. `progress` is the share of the term gone by the end of the
    /// year; term goals are approached over the term and judged in its last year.
    #[allow(clippy::too_many_arguments)] // the goal, its bounds and where in the term the year falls
    fn figures(
        &mut self,
        goal: Goal,
        (min, max): (Option<i64>, Option<i64>),
        period: Period,
        progress: f64,
        final_year: bool,
        (budget, schools): (i64, i64),
        done: &mut bool,
    ) -> Figures {
        let rng = &mut self.rng;
        let mut figures = Figures::default();
        let goal_value = min.or(max).unwrap_or_default();
        let scaled = |value: i64, factor: f64| (value as f64 * factor).round() as i64;
        match goal {
            Goal::PercentAtLeast(..) | Goal::RateAtLeast(..) => {
                let cap = if matches!(goal, Goal::RateAtLeast(..)) {
                    3_000
                } else {
                    10_000
                };
                let value = if period == Period::Annual || final_year {
                    percent_outcome(rng, goal_value, cap)
                } else {
                    let noise = rng.random_range(-300..=300);
                    round_to(scaled(goal_value, 0.75 + 0.25 * progress) + noise, 10).min(cap)
                };
                figures.achieved = Some(value);
                figures.qualifier = match rng.random_range(0..100) {
                    0..8 => Some("MORE_THAN"),
                    8..12 => Some("APPROXIMATE"),
                    _ => None,
                };
            }
            Goal::PercentOfPlan(..) => {
                let ratio = percent_outcome(rng, goal_value, 15_000);
                let achieved = round_to(budget * ratio / 10_000 * 100, 100);
                figures.planned = Some(budget * 100);
                figures.achieved = Some(achieved);
                if rng.random_bool(0.6) {
                    figures.reported_percent = reported(achieved, budget * 100);
                }
            }
            Goal::PercentOfCount(..) => {
                let share = goal_value as f64 / 10_000.0 * (0.6 + 0.45 * progress) * rng.random_range(0.9..1.1);
                let achieved = ((schools as f64 * share).round() as i64).clamp(0, schools);
                figures.planned = Some(schools * 100);
                figures.achieved = Some(achieved * 100);
            }
            Goal::PercentAtMost(..) => {
                let factor = (1.8 - 0.8 * progress) * rng.random_range(0.85..1.15);
                figures.achieved = Some(round_to(scaled(goal_value, factor), 10));
            }
            Goal::CountRange(..) => {
                let (low, high) = (min.unwrap_or_default() / 100, max.unwrap_or_default() / 100);
                let spread = ((high - low) / 2).max(2);
                let achieved = rng.random_range((low - spread).max(0)..=high + spread);
                figures.achieved = Some(achieved * 100);
                if rng.random_bool(0.3) {
                    figures.planned = Some(low * 100);
                    if rng.random_bool(0.6) {
                        figures.reported_percent = reported(achieved * 100, low * 100);
                    }
                }
                if rng.random_bool(0.05) {
                    figures.qualifier = Some("APPROXIMATE");
                }
            }
            Goal::CountAtLeast(..) => {
                let factor = if period == Period::Term {
                    progress * rng.random_range(0.8..1.25)
                } else {
                    rng.random_range(0.8..1.3)
                };
                let achieved = round_to(scaled(goal_value, factor), 100);
                figures.achieved = Some(achieved);
                if period == Period::Annual && rng.random_bool(0.3) {
                    figures.planned = Some(goal_value);
                    if rng.random_bool(0.6) {
                        figures.reported_percent = reported(achieved, goal_value);
                    }
                }
            }
            Goal::AmountAtLeast(..) => {
                let factor = if period == Period::Term {
                    (0.75 + 0.25 * progress) * rng.random_range(0.93..1.08)
                } else {
                    rng.random_range(0.9..1.2)
                };
                figures.achieved = Some(round_to(scaled(goal_value, factor), 10));
            }
            Goal::Yes => {
                let yes = if period == Period::Annual {
                    rng.random_bool(0.88)
                } else {
                    *done = *done || rng.random_bool(0.1 + 0.3 * progress);
                    *done
                };
                figures.achieved = Some(if yes { 100 } else { 0 });
            }
        }
        figures
    }
}

/// A roll around a percent goal (in hundredths): a quarter exactly on it, the rest above or below.
fn percent_outcome(rng: &mut StdRng, goal: i64, cap: i64) -> i64 {
    let roll: f64 = rng.random();
    let value = if roll < 0.25 {
        goal
    } else if roll < 0.65 {
        goal + rng.random_range(10..=800)
    } else {
        goal - rng.random_range(50..=1_000)
    };
    // Sources mostly give whole percents, sometimes one decimal.
    let step = if rng.random_bool(0.7) { 100 } else { 10 };
    round_to(value.clamp(0, cap), step)
}

/// The percent a source states beside "achieved of planned", as the API computes it.
fn reported(achieved: i64, planned: i64) -> Option<String> {
    computed_percent(Some(Decimal::new(achieved, 2)), Some(Decimal::new(planned, 2))).map(decimal_text)
}

/// Where a resolution's targets belong.
struct TargetPlacement {
    organization_id: i64,
    congress_id: i64,
    resolution_id: i64,
    start: i32,
    end: i32,
    /// The five-year term: its source.
    k: usize,
    level: u8,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_gives_every_share_its_minimum_and_the_whole_total() {
        let shares = apportion(10, &[1, 1, 8], &[1, 1, 1]);
        assert_eq!(shares.iter().sum::<u64>(), 10);
        assert!(shares.iter().all(|&s| s >= 1));
        // 7 to share as 0.7, 0.7 and 5.6: the two largest remainders get the last two.
        assert_eq!(shares, vec![2, 2, 6]);
    }

    #[test]
    fn copy_text_escapes_the_characters_copy_reads_specially() {
        let mut out = Vec::new();
        push_copy_text(&mut out, "a\tb\\c\nd");
        assert_eq!(out, b"a\\tb\\\\c\\nd");
    }

    #[test]
    fn integers_and_dates_are_written_as_postgresql_reads_them() {
        let mut out = Vec::new();
        push_int(&mut out, -1_234_567);
        out.push(b' ');
        push_int(&mut out, 0);
        out.push(b' ');
        push_date(&mut out, ymd(2025, 7, 1));
        assert_eq!(out, b"-1234567 0 2025-07-01");
    }

    #[test]
    fn decimals_are_canonical_and_written_with_a_comma() {
        assert_eq!(decimal(9_500), "95");
        assert_eq!(decimal(150), "1.5");
        assert_eq!(decimal(11_667), "116.67");
        assert_eq!(written(150), "1,5");
    }

    #[test]
    fn every_level_with_resolutions_has_at_least_twelve_templates() {
        for level in [AT_GRASSROOTS, AT_COMMUNE, AT_DISTRICT, AT_PROVINCE] {
            let count = TEMPLATES.iter().filter(|t| t.levels & level != 0).count();
            assert!(count >= 12, "level {level}: {count} templates");
        }
    }

    #[test]
    fn names_in_the_lists_are_already_nfc() {
        let lists: [&[&str]; 4] = [&GIVEN_NAMES_MEN, &GIVEN_NAMES_WOMEN, &PLACE_FIRST, &PLACE_SECOND];
        for name in lists.iter().flat_map(|l| l.iter()) {
            assert_eq!(text::clean(name), *name);
        }
        for (name, _) in FAMILY_NAMES.iter().chain(&MIDDLE_NAMES_MEN).chain(&MIDDLE_NAMES_WOMEN) {
            assert_eq!(text::clean(name), *name);
        }
    }

    #[test]
    fn the_plan_keeps_all_34_provinces_and_a_commune_in_each_at_any_scale() {
        let plan = Plan::new(&GenerateOptions { scale: 0.0001, seed: 3 });
        assert_eq!(plan.provinces.len(), 34);
        for province in &plan.provinces {
            let communes: usize = province.districts.iter().map(|d| d.communes.len()).sum();
            assert!(!province.districts.is_empty() && communes >= 1, "{}", province.name);
        }
    }

    #[test]
    fn cells_hold_congresses_twice_in_five_years_and_districts_stop_in_2025() {
        assert_eq!(Role::Cell.terms(None).len(), 7);
        assert_eq!(Role::Cell.terms(Some(2)).len(), 3);
        assert_eq!(Role::District.terms(None).len(), 3);
        let founded = Role::Grassroots.terms(Some(1));
        assert!(founded[0].appointed && !founded[1].appointed);
    }
}
