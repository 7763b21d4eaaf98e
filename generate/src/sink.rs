//! Rows on their way to the database: per-table buffers in the backend's format (PostgreSQL COPY
//! text, or bound values for SQLite INSERTs), handed to the writer in chunks.
//!
//! A row is written value by value, each named by its entity's column; the names must come in the
//! order of [`Table::columns`], which debug builds (and so the tests) check value by value.

use crate::table::{Loaded, TABLES, Table};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{IdenStatic, Value};
use std::marker::PhantomData;
use tokio::sync::mpsc;

/// Rows of one table on their way to the database.
pub(crate) struct Chunk {
    pub(crate) table: Table,
    pub(crate) rows: u64,
    pub(crate) payload: Payload,
}

/// The rows of a chunk, in the format of the backend they go to.
pub(crate) enum Payload {
    /// PostgreSQL `COPY ... FROM STDIN` text: tab-separated, one row per line, `\N` for NULL.
    Copy(Vec<u8>),
    /// SQLite: the bound values of the rows, row after row.
    Values(Vec<Value>),
}

/// Buffered rows are sent once they pass this many bytes: large enough that statements are few,
/// small enough that memory stays flat at any scale.
const FLUSH_BYTES: usize = 8 << 20;
/// Chunks in flight between the generator and the writer (about two flushes).
pub(crate) const CHANNEL_CHUNKS: usize = 32;
/// What one bound SQLite value costs in memory, roughly, for the flush threshold.
const VALUE_BYTES: usize = 48;

/// The rows of one table not sent yet.
#[derive(Default)]
struct TableBuffer {
    copy: Vec<u8>,
    values: Vec<Value>,
    rows: u64,
}

/// The writer hung up (it failed): the generator stops.
#[derive(Debug)]
pub(crate) struct Stopped;

/// Buffers rows per table in the backend's format and hands them to the writer.
pub(crate) struct Sink {
    copy: bool,
    buffers: Vec<TableBuffer>,
    now: DateTime<Utc>,
    now_text: String,
    sender: mpsc::Sender<Chunk>,
}

impl Sink {
    pub(crate) fn new(copy: bool, now: DateTime<Utc>, sender: mpsc::Sender<Chunk>) -> Self {
        Self {
            copy,
            buffers: TABLES.iter().map(|_| TableBuffer::default()).collect(),
            now,
            now_text: now.format("%Y-%m-%d %H:%M:%S%.6f+00").to_string(),
            sender,
        }
    }

    /// Starts a row of `E`'s table; its values follow in column order and it ends when dropped.
    pub(crate) fn row<E: Loaded>(&mut self) -> Row<'_, E> {
        Row {
            sink: self,
            fields: 0,
            entity: PhantomData,
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
    pub(crate) fn flush_if_full(&mut self) -> Result<(), Stopped> {
        if self.buffered_bytes() >= FLUSH_BYTES {
            self.flush()
        } else {
            Ok(())
        }
    }

    /// Sends every buffered row, table by table in foreign-key order.
    pub(crate) fn flush(&mut self) -> Result<(), Stopped> {
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

/// One row being written: each method appends the value of the next column, which it names.
pub(crate) struct Row<'a, E: Loaded> {
    sink: &'a mut Sink,
    fields: usize,
    entity: PhantomData<E>,
}

impl<E: Loaded> Row<'_, E> {
    /// Starts the next field: the COPY separator, and the check that `column` is the next one.
    fn field(&mut self, column: E::Column) -> &mut TableBuffer {
        debug_assert_eq!(
            E::TABLE.columns().get(self.fields),
            Some(&column.as_str()),
            "value {} of a {} row: a row must give every column of its entity, in the entity's \
             order, but those table.rs lists as left NULL",
            self.fields + 1,
            E::TABLE.name(),
        );
        let buffer = &mut self.sink.buffers[E::TABLE as usize];
        if self.sink.copy && self.fields > 0 {
            buffer.copy.push(b'\t');
        }
        self.fields += 1;
        buffer
    }

    pub(crate) fn int(mut self, column: E::Column, value: i64) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field(column);
        if copy {
            push_int(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::BigInt(Some(value)));
        }
        self
    }

    pub(crate) fn opt_int(self, column: E::Column, value: Option<i64>) -> Self {
        match value {
            Some(value) => self.int(column, value),
            None => self.null(column, Value::BigInt(None)),
        }
    }

    pub(crate) fn text(mut self, column: E::Column, value: &str) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field(column);
        if copy {
            push_copy_text(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::String(Some(value.to_owned())));
        }
        self
    }

    pub(crate) fn opt_text(self, column: E::Column, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(column, value),
            None => self.null(column, Value::String(None)),
        }
    }

    pub(crate) fn date(mut self, column: E::Column, value: NaiveDate) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field(column);
        if copy {
            push_date(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::ChronoDate(Some(value)));
        }
        self
    }

    pub(crate) fn opt_date(self, column: E::Column, value: Option<NaiveDate>) -> Self {
        match value {
            Some(value) => self.date(column, value),
            None => self.null(column, Value::ChronoDate(None)),
        }
    }

    /// The load's timestamp (`created_at`, `updated_at`).
    pub(crate) fn now(mut self, column: E::Column) -> Self {
        let (copy, now) = (self.sink.copy, self.sink.now);
        if copy {
            // The text is formatted once; cloning the String would allocate per row.
            let text = std::mem::take(&mut self.sink.now_text);
            self.field(column).copy.extend_from_slice(text.as_bytes());
            self.sink.now_text = text;
        } else {
            self.field(column).values.push(Value::ChronoDateTimeUtc(Some(now)));
        }
        self
    }

    fn null(mut self, column: E::Column, typed_null: Value) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field(column);
        if copy {
            buffer.copy.extend_from_slice(b"\\N");
        } else {
            buffer.values.push(typed_null);
        }
        self
    }
}

impl<E: Loaded> Drop for Row<'_, E> {
    /// Ends the row. Every row is written as one expression, so the end is where it is dropped.
    fn drop(&mut self) {
        // Not while a failed check of `field` unwinds: a second panic would abort the tests.
        if cfg!(debug_assertions) && !std::thread::panicking() {
            assert_eq!(
                self.fields,
                E::TABLE.columns().len(),
                "a {} row has the wrong number of values",
                E::TABLE.name()
            );
        }
        let copy = self.sink.copy;
        let buffer = &mut self.sink.buffers[E::TABLE as usize];
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::ymd;

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
}
