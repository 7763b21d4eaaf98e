//! Rows on their way to the database: per-table buffers in the backend's format (PostgreSQL COPY
//! text, or bound values for SQLite INSERTs), handed to the writer in chunks.

use crate::table::{TABLES, Table};
use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::Value;
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

    /// Starts a row of `table`; its values follow in column order and it ends when dropped.
    pub(crate) fn row(&mut self, table: Table) -> Row<'_> {
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

/// One row being written: each method appends the next column's value.
pub(crate) struct Row<'a> {
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

    pub(crate) fn int(mut self, value: i64) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            push_int(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::BigInt(Some(value)));
        }
        self
    }

    pub(crate) fn opt_int(self, value: Option<i64>) -> Self {
        match value {
            Some(value) => self.int(value),
            None => self.null(Value::BigInt(None)),
        }
    }

    pub(crate) fn text(mut self, value: &str) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            push_copy_text(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::String(Some(value.to_owned())));
        }
        self
    }

    pub(crate) fn opt_text(self, value: Option<&str>) -> Self {
        match value {
            Some(value) => self.text(value),
            None => self.null(Value::String(None)),
        }
    }

    pub(crate) fn date(mut self, value: NaiveDate) -> Self {
        let copy = self.sink.copy;
        let buffer = self.field();
        if copy {
            push_date(&mut buffer.copy, value);
        } else {
            buffer.values.push(Value::ChronoDate(Some(value)));
        }
        self
    }

    pub(crate) fn opt_date(self, value: Option<NaiveDate>) -> Self {
        match value {
            Some(value) => self.date(value),
            None => self.null(Value::ChronoDate(None)),
        }
    }

    /// The load's timestamp (`created_at`, `updated_at`).
    pub(crate) fn now(mut self) -> Self {
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
