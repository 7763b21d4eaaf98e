//! Party document symbols ("số ký hiệu") such as "15-NQ/TW": `<number>-<TYPE>/<ISSUER>`.
//!
//! Sources type these loosely ("01- CT/TU", "qđ" for "QĐ"), so parsing tolerates spaces around the
//! separators and any letter case in the type, and [`DocumentSymbol::canonical`] gives one spelling
//! to compare on. Numbers restart each term, so a symbol alone does not identify a document: callers
//! must pair it with the issuing body's term or the date.

use std::fmt;

/// Known document type codes in their canonical spelling. Matching is case-insensitive: the pairs
/// that differ only by case in the wild ("QĐ"/"QĐi", "CT"/"CTr", "TT"/"TTr") also differ by a
/// letter, so lowering the case never merges two of them.
const KNOWN_TYPES: [&str; 16] = [
    "NQ", "KL", "QĐ", "QĐi", "CT", "CTr", "KH", "HD", "TB", "BC", "QC", "TTr", "CV", "ĐA", "BB", "TT",
];

const MAX_NUMBER_DIGITS: usize = 6;
const MAX_TYPE_LETTERS: usize = 6;
const MAX_ISSUER_LETTERS: usize = 10;

/// Shown with every parse error, because the quickest fix is usually to see the expected shape.
const EXPECTED: &str = "expected NUMBER-TYPE/ISSUER such as 15-NQ/TW";

/// A parsed document symbol. Equality compares the written form too; compare
/// [`canonical`](Self::canonical) strings to ask whether two symbols are the same.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentSymbol {
    written: String,
    number: u32,
    type_code: String,
    issuer: String,
    known_type: bool,
}

/// Why a text is not a document symbol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SymbolError {
    /// The text was empty or only whitespace.
    Empty,
    /// The text has the wrong shape; the message says what is wrong in plain English.
    Malformed(String),
}

impl fmt::Display for SymbolError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => write!(f, "document symbol is empty; {EXPECTED}"),
            Self::Malformed(message) => write!(f, "malformed document symbol: {message}"),
        }
    }
}

impl std::error::Error for SymbolError {}

impl DocumentSymbol {
    /// Parses `<number>-<TYPE>/<ISSUER>`, allowing spaces around '-' and '/'.
    pub fn parse(text: &str) -> Result<Self, SymbolError> {
        let written = text.trim();
        if written.is_empty() {
            return Err(SymbolError::Empty);
        }
        let mut cursor = Cursor::new(written);

        let digits = cursor.take_while(|c| c.is_ascii_digit());
        if digits.is_empty() {
            return Err(malformed("it must start with the document number"));
        }
        if digits.len() > MAX_NUMBER_DIGITS {
            return Err(malformed(&format!(
                "the number {digits} is longer than {MAX_NUMBER_DIGITS} digits"
            )));
        }
        // At most six ASCII digits always fit in a u32, so the fallback is unreachable in practice.
        let number: u32 = digits.parse().unwrap_or(0);
        if number == 0 {
            return Err(malformed("the number must be at least 1"));
        }

        cursor.skip_spaces();
        if !cursor.eat('-') {
            return Err(malformed(&format!("a '-' must follow the number {digits}")));
        }
        cursor.skip_spaces();

        let type_written = cursor.take_while(is_code_letter);
        if type_written.is_empty() {
            let what = if cursor.peek().is_some_and(|c| c.is_ascii_digit()) {
                "the type code must contain only letters"
            } else {
                "the type code after '-' is missing"
            };
            return Err(malformed(what));
        }
        if cursor.peek().is_some_and(|c| c.is_ascii_digit()) {
            return Err(malformed("the type code must contain only letters"));
        }
        let type_letters = type_written.chars().count();
        if type_letters > MAX_TYPE_LETTERS {
            return Err(malformed(&format!(
                "the type code {type_written} is longer than {MAX_TYPE_LETTERS} letters"
            )));
        }

        cursor.skip_spaces();
        if !cursor.eat('/') {
            return Err(malformed(&format!(
                "a '/' and the issuer must follow the type code {type_written}"
            )));
        }
        cursor.skip_spaces();

        let issuer = parse_issuer(&mut cursor)?;
        if let Some(extra) = cursor.peek() {
            let what = if extra == '/' {
                "there is more than one '/'".to_owned()
            } else {
                format!("unexpected '{extra}' in or after the issuer")
            };
            return Err(malformed(&what));
        }

        let known = known_type(type_written);
        Ok(Self {
            written: written.to_owned(),
            number,
            type_code: known.unwrap_or(type_written).to_owned(),
            issuer,
            known_type: known.is_some(),
        })
    }

    /// The input as given, with surrounding whitespace removed.
    pub fn as_written(&self) -> &str {
        &self.written
    }

    /// The document number ("05" -> 5).
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The type code: canonical spelling when known ("qđ" -> "QĐ"), else exactly as written.
    pub fn type_code(&self) -> &str {
        &self.type_code
    }

    /// The issuer code in uppercase ("tw" -> "TW"; "đu" -> "ĐU"), inner hyphens kept, spaces removed.
    pub fn issuer_code(&self) -> &str {
        &self.issuer
    }

    /// Whether the type code is one of the known Party document types.
    pub fn is_known_type(&self) -> bool {
        self.known_type
    }

    /// Canonical form "5-CT/TW": number without leading zeros, canonical type, uppercase issuer, no spaces.
    pub fn canonical(&self) -> String {
        format!("{}-{}/{}", self.number, self.type_code, self.issuer)
    }

    /// For an unknown type, the known code it was most likely meant to be: one with the same letters
    /// (ignoring case and order, and reading "D" as "Đ" since sources often drop the stroke), else the
    /// single known code one edit away. None for known types, and when several codes are one edit
    /// away, because a coin-flip suggestion would mislead more than it helps.
    pub fn suggest_type(&self) -> Option<&'static str> {
        if self.known_type {
            return None;
        }
        let folded = fold(&self.type_code);
        let mut sorted = folded.clone();
        sorted.sort_unstable();
        // Sorted folded letters are distinct across the known list, so this finds at most one code.
        let anagram = KNOWN_TYPES.iter().find(|code| {
            let mut letters = fold(code);
            letters.sort_unstable();
            letters == sorted
        });
        if let Some(code) = anagram {
            return Some(code);
        }
        let mut near = KNOWN_TYPES.iter().filter(|code| within_one_edit(&folded, &fold(code)));
        match (near.next(), near.next()) {
            (Some(code), None) => Some(code),
            _ => None,
        }
    }
}

impl DocumentSymbol {
    /// The key two symbols are looked up by, lenient the way people type them: "D" for "Đ", any
    /// case, and an unknown type read as the code its warning suggests, so "11-QDi/TW" finds
    /// "11-QĐi/TW", and "01-CTr/QU" finds the source's "01- CrT/QU" (whose warning says "did the
    /// source mean CTr?"), and the other way round.
    pub fn lookup_key(&self) -> String {
        let type_code = self.suggest_type().unwrap_or(&self.type_code);
        let loose = |code: &str| -> String { fold(code).into_iter().flat_map(char::to_uppercase).collect() };
        format!("{}-{}/{}", self.number, loose(type_code), loose(&self.issuer))
    }
}

fn malformed(what: &str) -> SymbolError {
    SymbolError::Malformed(format!("{what}; {EXPECTED}"))
}

/// Letters allowed in type and issuer codes: ASCII letters plus Đ/đ, the only non-ASCII letter that
/// appears in the codes (QĐ, ĐA, ĐU ...).
fn is_code_letter(c: char) -> bool {
    c.is_ascii_alphabetic() || c == 'Đ' || c == 'đ'
}

/// Letter groups joined by single hyphens ("ĐU-VP"); spaces may surround an inner hyphen because
/// sources space every hyphen inconsistently. Returns the uppercase issuer without spaces.
fn parse_issuer(cursor: &mut Cursor<'_>) -> Result<String, SymbolError> {
    let mut issuer = String::new();
    let mut letters = 0;
    loop {
        let group = cursor.take_while(is_code_letter);
        if group.is_empty() {
            let what = if issuer.is_empty() {
                match cursor.peek() {
                    None => "the issuer after '/' is missing",
                    Some('/') => "there is more than one '/'",
                    Some(_) => "the issuer must contain only letters",
                }
            } else {
                "a '-' in the issuer must be followed by letters"
            };
            return Err(malformed(what));
        }
        letters += group.chars().count();
        issuer.extend(group.chars().flat_map(char::to_uppercase));

        // Look past spaces for an inner hyphen; without one, the spaces belong to trailing junk and
        // the cursor is left before them so the caller reports what follows.
        let before_spaces = cursor.position();
        cursor.skip_spaces();
        if cursor.eat('-') {
            cursor.skip_spaces();
            issuer.push('-');
        } else {
            cursor.rewind(before_spaces);
            break;
        }
    }
    if letters > MAX_ISSUER_LETTERS {
        return Err(malformed(&format!(
            "the issuer {issuer} is longer than {MAX_ISSUER_LETTERS} letters"
        )));
    }
    Ok(issuer)
}

fn known_type(written: &str) -> Option<&'static str> {
    let lower = written.to_lowercase();
    KNOWN_TYPES.iter().copied().find(|code| code.to_lowercase() == lower)
}

/// Lowercase letters with "đ" read as "d", for the lenient comparisons behind suggestions.
fn fold(code: &str) -> Vec<char> {
    code.chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// True when `a` becomes `b` by one insertion, deletion or substitution (not when they are equal).
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match long.len() - short.len() {
        0 => short.iter().zip(long).filter(|(x, y)| x != y).count() == 1,
        1 => {
            // Skip the first mismatch in the longer one; the rest must then line up.
            let split = short.iter().zip(long).take_while(|(x, y)| x == y).count();
            short.get(split..) == long.get(split + 1..)
        }
        _ => false,
    }
}

/// A forward reader over the trimmed text, tracking byte positions so slices stay borrowed.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self { text, pos: 0 }
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    fn position(&self) -> usize {
        self.pos
    }

    fn rewind(&mut self, pos: usize) {
        self.pos = pos;
    }

    fn eat(&mut self, wanted: char) -> bool {
        if self.peek() == Some(wanted) {
            self.pos += wanted.len_utf8();
            true
        } else {
            false
        }
    }

    fn take_while(&mut self, keep: impl Fn(char) -> bool) -> &'a str {
        let rest = self.rest();
        let len = rest.find(|c: char| !keep(c)).unwrap_or(rest.len());
        self.pos += len;
        rest.get(..len).unwrap_or("")
    }

    /// Any Unicode whitespace, since pasted sources often carry non-breaking spaces.
    fn skip_spaces(&mut self) {
        self.take_while(char::is_whitespace);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_keys_read_d_as_dj_and_unknown_types_as_their_suggestion() {
        let key = |text: &str| parse(text).lookup_key();
        assert_eq!(key("11-QDi/TW"), key("11-QĐi/TW"));
        assert_eq!(key("11-qdi/tw"), key("11-QĐi/TW"));
        assert_eq!(key("01-CTr/QU"), key("01- CrT/QU"));
        assert_eq!(key("3-KH/DU"), key("03-KH/ĐU"));
        assert_ne!(key("11-QĐ/TW"), key("11-QĐi/TW"));
        assert_ne!(key("1-CT/QU"), key("1-CTr/QU"));
    }

    fn parse(text: &str) -> DocumentSymbol {
        DocumentSymbol::parse(text).unwrap()
    }

    fn assert_malformed(text: &str) {
        match DocumentSymbol::parse(text) {
            Err(SymbolError::Malformed(message)) => {
                assert!(message.contains("15-NQ/TW"), "{text}: {message}");
            }
            other => panic!("{text:?} should be malformed, got {other:?}"),
        }
    }

    #[test]
    fn a_central_resolution_parses_into_its_parts() {
        let symbol = parse("15-NQ/TW");
        assert_eq!(symbol.number(), 15);
        assert_eq!(symbol.type_code(), "NQ");
        assert_eq!(symbol.issuer_code(), "TW");
        assert!(symbol.is_known_type());
        assert_eq!(symbol.canonical(), "15-NQ/TW");
        assert_eq!(symbol.as_written(), "15-NQ/TW");
    }

    #[test]
    fn decisions_and_regulations_are_told_apart_by_their_extra_letter() {
        let decision = parse("124-QĐ/TW");
        let regulation = parse("11-QĐi/TW");
        assert_eq!(decision.type_code(), "QĐ");
        assert_eq!(regulation.type_code(), "QĐi");
        assert!(decision.is_known_type() && regulation.is_known_type());
    }

    #[test]
    fn leading_zeros_are_dropped_from_the_canonical_form() {
        let symbol = parse("05-CT/TW");
        assert_eq!(symbol.number(), 5);
        assert_eq!(symbol.canonical(), "5-CT/TW");
    }

    #[test]
    fn a_local_issuer_with_đ_stays_uppercase_đ() {
        let symbol = parse("02-KH/đu");
        assert_eq!(symbol.issuer_code(), "ĐU");
        assert_eq!(symbol.canonical(), "2-KH/ĐU");
    }

    #[test]
    fn spaces_around_the_separators_are_tolerated_and_removed() {
        let symbol = parse("  01- CT/TU ");
        assert_eq!(symbol.as_written(), "01- CT/TU");
        assert_eq!(symbol.canonical(), "1-CT/TU");
        assert_eq!(parse("7 - NQ / TW").canonical(), "7-NQ/TW");
        assert_eq!(parse("7\u{a0}-\u{a0}NQ/TW").canonical(), "7-NQ/TW");
    }

    #[test]
    fn type_codes_match_the_known_list_in_any_case() {
        let symbol = parse("3-qđi/tw");
        assert_eq!(symbol.type_code(), "QĐi");
        assert!(symbol.is_known_type());
        assert_eq!(parse("3-CTR/TW").type_code(), "CTr");
        assert_eq!(parse("3-ct/TW").type_code(), "CT");
        assert_eq!(parse("3-Đa/TW").type_code(), "ĐA");
    }

    #[test]
    fn every_known_type_parses_as_known_and_keeps_its_spelling() {
        for code in KNOWN_TYPES {
            let symbol = parse(&format!("1-{code}/TW"));
            assert!(symbol.is_known_type(), "{code}");
            assert_eq!(symbol.type_code(), code);
            assert_eq!(symbol.suggest_type(), None, "{code}");
        }
    }

    #[test]
    fn an_unknown_type_parses_as_written_and_is_flagged() {
        let symbol = parse("01- CrT/QU");
        assert!(!symbol.is_known_type());
        assert_eq!(symbol.type_code(), "CrT");
        assert_eq!(symbol.canonical(), "1-CrT/QU");
    }

    #[test]
    fn a_reordered_unknown_type_suggests_the_known_code_with_the_same_letters() {
        assert_eq!(parse("01- CrT/QU").suggest_type(), Some("CTr"));
        assert_eq!(parse("1-RTT/TW").suggest_type(), Some("TTr"));
    }

    #[test]
    fn a_type_typed_without_the_stroke_on_đ_suggests_the_đ_code() {
        assert_eq!(parse("1-QD/TW").suggest_type(), Some("QĐ"));
        assert_eq!(parse("1-QDi/TW").suggest_type(), Some("QĐi"));
        assert_eq!(parse("1-DA/TW").suggest_type(), Some("ĐA"));
    }

    #[test]
    fn a_type_one_edit_from_a_single_known_code_suggests_it() {
        assert_eq!(parse("1-NQQ/TW").suggest_type(), Some("NQ"));
        assert_eq!(parse("1-KLX/TW").suggest_type(), Some("KL"));
    }

    #[test]
    fn a_type_near_several_known_codes_or_none_gets_no_suggestion() {
        // "XT" is one edit from both CT and TT.
        assert_eq!(parse("1-XT/TW").suggest_type(), None);
        assert_eq!(parse("1-ZZZZ/TW").suggest_type(), None);
    }

    #[test]
    fn an_issuer_may_join_letter_groups_with_inner_hyphens() {
        assert_eq!(parse("3-TB/ĐU-VP").issuer_code(), "ĐU-VP");
        assert_eq!(parse("3-TB/đu - vp").canonical(), "3-TB/ĐU-VP");
        assert_eq!(parse("3-BC/BTCTW").issuer_code(), "BTCTW");
    }

    #[test]
    fn empty_or_blank_text_is_empty() {
        assert_eq!(DocumentSymbol::parse(""), Err(SymbolError::Empty));
        assert_eq!(DocumentSymbol::parse(" \t "), Err(SymbolError::Empty));
    }

    #[test]
    fn missing_parts_are_malformed() {
        for text in [
            "15", "15-", "15-NQ", "15-NQ/", "-NQ/TW", "NQ/TW", "15/TW", "15-/TW", "15 NQ/TW",
        ] {
            assert_malformed(text);
        }
    }

    #[test]
    fn an_extra_slash_is_malformed() {
        assert_malformed("15-NQ/TW/VP");
        assert_malformed("15-NQ//TW");
    }

    #[test]
    fn digits_in_the_type_or_issuer_are_malformed() {
        assert_malformed("15-N2/TW");
        assert_malformed("15-2NQ/TW");
        assert_malformed("15-NQ/T1");
    }

    #[test]
    fn a_zero_or_over_long_number_is_malformed() {
        assert_malformed("0-NQ/TW");
        assert_malformed("000-NQ/TW");
        assert_malformed("1234567-NQ/TW");
        assert_eq!(parse("123456-NQ/TW").number(), 123_456);
    }

    #[test]
    fn over_long_codes_are_malformed() {
        assert_malformed("1-ABCDEFG/TW");
        assert_eq!(parse("1-ABCDEF/TW").type_code(), "ABCDEF");
        assert_malformed("1-NQ/ABCDEFGHIJK");
        assert_malformed("1-NQ/ABCDEF-GHIJK");
        assert_eq!(parse("1-NQ/ABCDE-FGHIJ").issuer_code(), "ABCDE-FGHIJ");
    }

    #[test]
    fn stray_hyphens_and_trailing_text_in_the_issuer_are_malformed() {
        assert_malformed("1-NQ/TW-");
        assert_malformed("1-NQ/TW--VP");
        assert_malformed("1-NQ/-TW");
        assert_malformed("1-NQ/TW 2020");
        assert_malformed("1-NQ/TW VP");
    }

    #[test]
    fn letters_other_than_ascii_and_đ_are_malformed() {
        assert_malformed("1-NQ/TỈNH");
        assert_malformed("1-Nghị/TW");
    }

    #[test]
    fn errors_explain_themselves_in_plain_english() {
        let error = DocumentSymbol::parse("15-NQ").unwrap_err();
        let text = error.to_string();
        assert!(text.starts_with("malformed document symbol: "), "{text}");
        assert!(text.contains("expected NUMBER-TYPE/ISSUER such as 15-NQ/TW"), "{text}");
        assert!(SymbolError::Empty.to_string().contains("empty"));
    }

    #[test]
    fn symbols_written_differently_share_one_canonical_form() {
        let a = parse("05-CT/TW");
        let b = parse("5 - ct / tw");
        assert_ne!(a, b);
        assert_eq!(a.canonical(), b.canonical());
    }
}
