//! Argument values: typed values written inline or as variables, the hostile strings, odd dates,
//! decimals and numbers the generator picks from, and base64 for forged IDs and cursors.

use super::*;

/// An argument value, written either inline in the document or as a JSON variable. Numbers are
/// kept as text so that out-of-range ones reach the server as written.
#[derive(Clone, Debug)]
pub(super) enum Val {
    Null,
    Int(String),
    Float(String),
    Str(String),
    Bool(bool),
    Enum(String),
    List(Vec<Val>),
    Obj(Vec<(String, Val)>),
}

pub(super) fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned())
}

impl Val {
    pub(super) fn literal(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Int(text) | Self::Float(text) | Self::Enum(text) => text.clone(),
            Self::Str(text) => json_string(text),
            Self::Bool(value) => value.to_string(),
            Self::List(items) => format!("[{}]", items.iter().map(Self::literal).collect::<Vec<_>>().join(", ")),
            Self::Obj(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(name, value)| format!("{name}: {}", value.literal()))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        }
    }

    pub(super) fn json(&self) -> String {
        match self {
            Self::Null => "null".to_owned(),
            Self::Int(text) | Self::Float(text) => text.clone(),
            Self::Str(text) | Self::Enum(text) => json_string(text),
            Self::Bool(value) => value.to_string(),
            Self::List(items) => format!("[{}]", items.iter().map(Self::json).collect::<Vec<_>>().join(",")),
            Self::Obj(fields) => format!(
                "{{{}}}",
                fields
                    .iter()
                    .map(|(name, value)| format!("{}:{}", json_string(name), value.json()))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    pub(super) fn as_int(&self) -> Option<i64> {
        match self {
            Self::Int(text) => text.parse().ok(),
            _ => None,
        }
    }
}

pub(super) const NODE_TYPES: [NodeType; 17] = [
    NodeType::Organization,
    NodeType::Placement,
    NodeType::Lineage,
    NodeType::OrganizationStats,
    NodeType::Congress,
    NodeType::Committee,
    NodeType::Membership,
    NodeType::Person,
    NodeType::Document,
    NodeType::Resolution,
    NodeType::Target,
    NodeType::TargetResult,
    NodeType::Review,
    NodeType::Rating,
    NodeType::Source,
    NodeType::DataQualityIssue,
    NodeType::AuditEvent,
];

/// Strings that have broken servers before: SQL, LIKE wildcards, escapes, NUL and other control
/// characters, bidi overrides, combining marks alone, astral and non-character code points.
pub(super) const HOSTILE: &[&str] = &[
    "",
    " ",
    "%",
    "_",
    "%_%",
    "\\",
    "\\%",
    "'",
    "\"",
    "''",
    "'; DROP TABLE organizations; --",
    "' OR '1'='1",
    "1); SELECT pg_sleep(10); --",
    "Robert'); DROP TABLE people;--",
    "\u{0}",
    "Cự\u{0}Khối",
    "\u{7}\u{1b}[31m",
    "\u{202E}gnáhT",
    "\u{200B}\u{FEFF}",
    "\u{301}",
    "\u{301}\u{303}\u{309}a",
    "İ",
    "Ἀθῆναι",
    "ß ẞ ǅ",
    "👨‍👩‍👧‍👦",
    "\u{10FFFF}",
    "\u{FFFF}\u{FFFE}",
    "\u{D7FF}",
    "\r\n\t",
    "null",
    "undefined",
    "NaN",
    "<script>alert(1)</script>",
    "${jndi:ldap://example.invalid/a}",
    "../../../../etc/passwd",
    "%00",
    "\\u0000",
    "{{7*7}}",
    "Đảng bộ phường Cự Khối",
    "Đảng bộ phường Cự Khối\u{a0}\u{a0}",
    "ĐỒNG CHÍ",
    "đ/c",
    "Đ/c Nguyễn Huy Hoàng",
    "Hoà Bình",
    "cu kh",
    "khoi",
    "Sài Đồng",
    "Phù Vân",
    "Ngô Văn An",
    "Nguyễn",
    "đ",
    "Ð",
];

pub(super) const SYMBOLS: &[&str] = &[
    "15-NQ/TW",
    "01- CT/TU",
    "05-CT/TW",
    "15-NQ",
    "15",
    "qđ",
    "124-QĐ/TW",
    "11-QĐi/TW",
    "0-NQ/TW",
    "1234567-NQ/TW",
    "1-NQ/ABCDEFGHIJK",
    "3-TB/ĐU-VP",
    "3-TB/đu - vp",
    "1-QD/TW",
    "15-NQ/TW/VP",
    "-",
    "/",
    "%",
];

/// Dates the scalar accepts that sit at the edges: leap days, year 1 and 9999, chrono's own
/// limits, padding.
pub(super) const ODD_DATES: &[&str] = &[
    "2024-02-29",
    "2000-02-29",
    "0000-01-01",
    "0001-01-01",
    "1930-02-03",
    "9999-12-31",
    "+262142-12-31",
    "-262143-01-01",
    "1970-01-01",
    "2025-07-01",
    "2015-04-27",
    " 2024-01-01 ",
    "2023-1-1",
];

/// Text the `Date` scalar must refuse.
pub(super) const BAD_DATES: &[&str] = &[
    "2023-02-30",
    "2023-13-01",
    "2023-00-10",
    "2023-01-00",
    "1900-02-29",
    "+262143-01-01",
    "",
    "today",
    "2024-01-01T00:00:00Z",
    "2024/01/01",
    "01-01-2024",
    "२०२४-०१-०१",
];

pub(super) const DATE_TIMES: &[&str] = &[
    "2024-01-01T00:00:00Z",
    "2024-01-01T00:00:00+07:00",
    "1970-01-01T00:00:00Z",
    "0001-01-01T00:00:00Z",
    "9999-12-31T23:59:59.999999999Z",
    "2025-07-18T08:30:00.5-12:00",
];

pub(super) const BAD_DATE_TIMES: &[&str] = &["2024-13-01T00:00:00Z", "2024-01-01", "yesterday", "", "1e9"];

/// Decimals the scalar accepts: zero and minus zero, many places, exponents, the largest and
/// smallest magnitudes, and more digits than it keeps.
pub(super) const DECIMALS: &[&str] = &[
    "0",
    "-0",
    "0.0",
    "1.5",
    "138.8",
    "116.67",
    "-12.345678",
    "1e5",
    "1E-7",
    "1e28",
    "1e-28",
    "79228162514264337593543950335",
    "-79228162514264337593543950335",
    "0.0000000000000000000000000001",
    "0.00000000000000000000000000001",
    "7.0000000000000000000000000000000000001",
    " 42 ",
    "+5",
];

/// Text the `Decimal` scalar must refuse.
pub(super) const BAD_DECIMALS: &[&str] = &[
    "1e29",
    "1e-29",
    "79228162514264337593543950336",
    "123456789012345678901234567890.123",
    "NaN",
    "Infinity",
    "",
    "abc",
    "1,5",
    "1 000",
    "--5",
    "1e",
    "0x10",
];

/// Numbers written as JSON or GraphQL number tokens that are also decimals.
pub(super) const NUMBERS: &[&str] = &[
    "0",
    "-1",
    "7",
    "100",
    "2147483647",
    "-2147483648",
    "2147483648",
    "9223372036854775807",
    "18446744073709551615",
    "138.8",
    "-0.0",
    "0.1",
    "1e-7",
];

pub(super) const LISTS: &[&str] = &[
    "organizations",
    "congresses",
    "people",
    "documents",
    "dataQualityIssues",
    "auditEvents",
    "changes",
];

// ---------------------------------------------------------------------------------------------
// Base64 (URL-safe, no padding), to forge IDs and cursors
// ---------------------------------------------------------------------------------------------

pub(super) const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

pub(super) fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |acc, (i, b)| acc | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(BASE64[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

pub(super) fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let sextets: Vec<u32> = text
        .bytes()
        .map(|b| BASE64.iter().position(|&c| c == b).map(|p| p as u32))
        .collect::<Option<_>>()?;
    let mut out = Vec::new();
    for chunk in sextets.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0_u32, |acc, (i, s)| acc | (s << (18 - 6 * i)));
        for i in 0..chunk.len().saturating_sub(1) {
            out.push(((n >> (16 - 8 * i)) & 0xFF) as u8);
        }
    }
    Some(out)
}

pub(super) fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
