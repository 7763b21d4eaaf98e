//! The answer written straight to JSON text, as serde_json writes it (the executor's answers go
//! through serde_json, and the planner's must be the same bytes): strings escaped the same way,
//! integers in decimal, no spaces.

use crate::graphql::ids::NodeType;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rust_decimal::Decimal;
use std::fmt::Write as _;

/// A JSON text being written.
#[derive(Default)]
pub struct Json {
    text: String,
    /// Whether the next member or item needs a comma before it, per open object or list.
    needs_comma: Vec<bool>,
    /// A member's name was just written: its value needs no comma.
    after_key: bool,
    /// An ID's plain text (`Organization:77`) before it is encoded, reused for every ID.
    scratch: Vec<u8>,
}

impl Json {
    pub fn with_capacity(bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            needs_comma: Vec::with_capacity(16),
            after_key: false,
            scratch: Vec::with_capacity(48),
        }
    }

    pub fn into_string(self) -> String {
        self.text
    }

    fn separate(&mut self) {
        if let Some(needs) = self.needs_comma.last_mut() {
            if *needs {
                self.text.push(',');
            }
            *needs = true;
        }
    }

    pub fn begin_object(&mut self) {
        self.value_start();
        self.text.push('{');
        self.needs_comma.push(false);
    }

    pub fn end_object(&mut self) {
        self.needs_comma.pop();
        self.text.push('}');
    }

    pub fn begin_list(&mut self) {
        self.value_start();
        self.text.push('[');
        self.needs_comma.push(false);
    }

    pub fn end_list(&mut self) {
        self.needs_comma.pop();
        self.text.push(']');
    }

    /// A member's name; its value follows.
    pub fn key(&mut self, name: &str) {
        self.separate();
        escape_into(&mut self.text, name);
        self.text.push(':');
        self.after_key = true;
    }

    pub fn null(&mut self) {
        self.value_start();
        self.text.push_str("null");
    }

    pub fn bool(&mut self, value: bool) {
        self.value_start();
        self.text.push_str(if value { "true" } else { "false" });
    }

    pub fn int(&mut self, value: i64) {
        self.value_start();
        self.text.push_str(itoa::Buffer::new().format(value));
    }

    pub fn str(&mut self, value: &str) {
        self.value_start();
        escape_into(&mut self.text, value);
    }

    pub fn opt_str(&mut self, value: Option<&str>) {
        match value {
            Some(value) => self.str(value),
            None => self.null(),
        }
    }

    pub fn opt_int(&mut self, value: Option<impl Into<i64>>) {
        match value {
            Some(value) => self.int(value.into()),
            None => self.null(),
        }
    }

    /// A `Date`: `YYYY-MM-DD`, as the scalar writes it (`format("%Y-%m-%d")`, which parses its
    /// pattern at every call: written here by hand for the years it writes with four digits).
    pub fn date(&mut self, value: NaiveDate) {
        self.value_start();
        if (0..=9999).contains(&value.year()) {
            self.text.push('"');
            push_padded(&mut self.text, value.year().unsigned_abs(), 4);
            self.text.push('-');
            push_padded(&mut self.text, value.month(), 2);
            self.text.push('-');
            push_padded(&mut self.text, value.day(), 2);
            self.text.push('"');
        } else {
            let _ = write!(self.text, "\"{}\"", value.format("%Y-%m-%d"));
        }
    }

    pub fn opt_date(&mut self, value: Option<NaiveDate>) {
        match value {
            Some(value) => self.date(value),
            None => self.null(),
        }
    }

    /// A `DateTime`, in RFC 3339 as async-graphql writes chrono's `DateTime<Utc>`.
    pub fn opt_datetime(&mut self, value: Option<DateTime<Utc>>) {
        match value {
            Some(value) => self.str(&value.to_rfc3339()),
            None => self.null(),
        }
    }

    /// A `Decimal`: its normalized text, as the scalar writes it.
    pub fn opt_decimal(&mut self, value: Option<Decimal>) {
        match value {
            Some(value) => self.str(&value.normalize().to_string()),
            None => self.null(),
        }
    }

    /// A stored enumeration, by its GraphQL name (the text it is stored as).
    pub fn enumeration<E: sea_orm::ActiveEnum<Value = String>>(&mut self, value: &E) {
        self.str(&value.to_value());
    }

    pub fn opt_enumeration<E: sea_orm::ActiveEnum<Value = String>>(&mut self, value: Option<&E>) {
        match value {
            Some(value) => self.enumeration(value),
            None => self.null(),
        }
    }

    /// A global ID: the text of `ids::encode`, written in place (base64 needs no escaping).
    pub fn id(&mut self, node_type: NodeType, key: i64) {
        self.value_start();
        self.scratch.clear();
        self.scratch.extend_from_slice(node_type.name().as_bytes());
        self.scratch.push(b':');
        self.scratch
            .extend_from_slice(itoa::Buffer::new().format(key).as_bytes());
        self.text.push('"');
        URL_SAFE_NO_PAD.encode_string(&self.scratch, &mut self.text);
        self.text.push('"');
    }

    /// A value the executor's types write (exactly as serde_json writes it).
    pub fn value(&mut self, value: &async_graphql::Value) {
        self.value_start();
        if serde_json::to_writer(WriteInto(&mut self.text), value).is_err() {
            self.text.push_str("null");
        }
    }

    /// A value follows: after a key it needs no comma; as a list item it needs one.
    fn value_start(&mut self) {
        if self.after_key {
            self.after_key = false;
        } else {
            self.separate();
        }
    }
}

/// `value` in decimal, zero-padded to `width` digits.
fn push_padded(out: &mut String, value: u32, width: usize) {
    let mut digits = itoa::Buffer::new();
    let digits = digits.format(value);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(digits);
}

/// serde_json's writer over a `String`.
struct WriteInto<'a>(&'a mut String);

impl std::io::Write for WriteInto<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        // serde_json writes UTF-8 only.
        match std::str::from_utf8(bytes) {
            Ok(text) => {
                self.0.push_str(text);
                Ok(bytes.len())
            }
            Err(_) => Err(std::io::Error::other("not UTF-8")),
        }
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A JSON string as serde_json writes it: `"` and `\` escaped, the short escapes for backspace,
/// form feed, newline, return and tab, `\u00XX` (lowercase hex) for other control characters,
/// everything else as it is.
fn escape_into(out: &mut String, text: &str) {
    out.push('"');
    let mut start = 0;
    for (index, byte) in text.bytes().enumerate() {
        let escape = match byte {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0x00..=0x1F => "",
            _ => continue,
        };
        out.push_str(&text[start..index]);
        if escape.is_empty() {
            let _ = write!(out, "\\u{byte:04x}");
        } else {
            out.push_str(escape);
        }
        start = index + 1;
    }
    out.push_str(&text[start..]);
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_text_encode_gives() {
        use crate::graphql::ids::encode;
        for node_type in [
            NodeType::Organization,
            NodeType::OrganizationStats,
            NodeType::DataQualityIssue,
        ] {
            for key in [1, 77, 999_999, i64::MAX, 0, -5, i64::MIN] {
                let mut json = Json::default();
                json.begin_list();
                json.id(node_type, key);
                json.id(node_type, key);
                json.end_list();
                let id = encode(node_type, key).0;
                assert_eq!(json.into_string(), format!("[\"{id}\",\"{id}\"]"));
            }
        }
    }

    #[test]
    fn dates_are_written_as_the_scalar_writes_them() {
        let years = [-1, 0, 1, 9, 99, 999, 1000, 1930, 2026, 9999, 10_000, 262_000];
        for year in years {
            for (month, day) in [(1, 1), (2, 28), (9, 9), (12, 31)] {
                let date = NaiveDate::from_ymd_opt(year, month, day).expect("a valid date");
                let mut json = Json::default();
                json.date(date);
                assert_eq!(json.into_string(), format!("\"{}\"", date.format("%Y-%m-%d")));
            }
        }
    }

    #[test]
    fn integers_are_written_in_decimal() {
        for value in [0, 7, -7, 1_234_567, i64::MAX, i64::MIN] {
            let mut json = Json::default();
            json.int(value);
            assert_eq!(json.into_string(), value.to_string());
        }
    }

    #[test]
    fn strings_are_escaped_as_serde_json_escapes_them() {
        for text in [
            "plain",
            "Đảng bộ \"Cự Khối\"",
            "a\\b",
            "line\nbreak\ttab\r",
            "\u{0}\u{1f}\u{7f}",
            "/</script>",
        ] {
            let mut json = Json::default();
            json.str(text);
            assert_eq!(
                json.into_string(),
                serde_json::to_string(text).unwrap_or_default(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn objects_and_lists_are_separated_by_commas_only_between_members() {
        let mut json = Json::default();
        json.begin_object();
        json.key("a");
        json.int(1);
        json.key("b");
        json.begin_list();
        json.str("x");
        json.null();
        json.begin_object();
        json.end_object();
        json.end_list();
        json.key("c");
        json.begin_object();
        json.key("d");
        json.bool(true);
        json.end_object();
        json.end_object();
        assert_eq!(json.into_string(), r#"{"a":1,"b":["x",null,{}],"c":{"d":true}}"#);
    }
}
