//! Messages in the client's language: English by default, Vietnamese when the request prefers it
//! (`Accept-Language: vi`, with q-values). Translation happens at the boundary, on the answer: a
//! message is matched against the English templates of [`vi::CATALOG`] (the texts the source
//! writes, values left as they are) and rewritten from its Vietnamese template. Codes, rules and
//! paths never change; only `message` (and each issue's `message`) does.
//!
//! Keyed by the English text rather than an id at each construction site, so that the code that
//! makes messages stays as it is (it is being moved between layers); the `coverage` test keeps
//! the catalog complete by reading every message construction site of the source.
//!
//! Messages of the GraphQL library itself (parse and validation errors) are not the server's
//! text: in Vietnamese they are introduced by a Vietnamese sentence and kept as written.

#[cfg(test)]
mod coverage;
mod vi;

use async_graphql::{Response, Value};
use std::sync::OnceLock;

/// The languages messages are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    #[default]
    English,
    Vietnamese,
}

impl Language {
    /// The language an `Accept-Language` header prefers: the highest q-value among the languages
    /// the server writes (`vi`, `vi-VN`, `en`, `en-US`, `*` for English); ties go to the first
    /// listed; `q=0` excludes. Anything unreadable is English.
    pub fn from_accept_language(header: Option<&str>) -> Self {
        let Some(header) = header else {
            return Self::English;
        };
        let mut best: Option<(f32, Self)> = None;
        for item in header.split(',') {
            let mut parts = item.split(';');
            let tag = parts.next().unwrap_or_default().trim().to_ascii_lowercase();
            let mut quality = 1.0_f32;
            for parameter in parts {
                if let Some((name, value)) = parameter.split_once('=')
                    && name.trim().eq_ignore_ascii_case("q")
                {
                    quality = value
                        .trim()
                        .parse::<f32>()
                        .ok()
                        .filter(|q| (0.0..=1.0).contains(q))
                        .unwrap_or(0.0);
                }
            }
            let primary = tag.split('-').next().unwrap_or_default();
            let language = match primary {
                "vi" => Self::Vietnamese,
                "en" | "*" => Self::English,
                _ => continue,
            };
            if quality > 0.0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, language));
            }
        }
        best.map_or(Self::English, |(_, language)| language)
    }

    /// The language of a request's headers.
    pub fn of(headers: &axum::http::HeaderMap) -> Self {
        Self::from_accept_language(
            headers
                .get(axum::http::header::ACCEPT_LANGUAGE)
                .and_then(|value| value.to_str().ok()),
        )
    }

    /// A message made by the server, in this language.
    pub fn message(self, english: &str) -> String {
        match self {
            Self::English => english.to_owned(),
            Self::Vietnamese => translate(english).unwrap_or_else(|| foreign(english)),
        }
    }
}

/// Codes whose messages clients read as protocol (Apollo Client and urql compare them).
const UNTRANSLATED_CODES: [&str; 2] = ["PERSISTED_QUERY_NOT_FOUND", "PERSISTED_QUERY_NOT_SUPPORTED"];

/// Rewrites the messages of a response's errors in `language`.
pub fn localize(response: &mut Response, language: Language) {
    if language == Language::English {
        return;
    }
    for error in &mut response.errors {
        let code = match error.extensions.as_ref().and_then(|e| e.get("code")) {
            Some(Value::String(code)) => code.clone(),
            _ => String::new(),
        };
        if UNTRANSLATED_CODES.contains(&code.as_str()) {
            continue;
        }
        error.message = language.message(&error.message);
        let Some(extensions) = error.extensions.as_mut() else {
            continue;
        };
        if let Some(Value::List(issues)) = extensions.get("issues") {
            let mut issues = issues.clone();
            for issue in &mut issues {
                if let Value::Object(fields) = issue
                    && let Some(Value::String(message)) = fields.get_mut("message")
                {
                    *message = language.message(message);
                }
            }
            extensions.set("issues", Value::List(issues));
        }
    }
}

/// A message that is not the server's own (the GraphQL library's), introduced in Vietnamese.
fn foreign(english: &str) -> String {
    format!("Yêu cầu GraphQL không hợp lệ (chi tiết của thư viện GraphQL): {english}")
}

/// A template: literal text and the values between.
#[derive(Debug)]
enum Piece {
    Text(String),
    /// The n-th value of the English template.
    Value(usize),
}

struct Entry {
    english: Vec<Piece>,
    vietnamese: Vec<Piece>,
    /// Letters of literal text: a longer template is more specific and is tried first.
    specificity: usize,
}

/// Reads a template: `{...}` is a value (numbered in order in English, by its number in
/// Vietnamese), `{{` and `}}` are braces.
fn pieces(template: &str, numbered: bool) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut values = 0;
    let mut chars = template.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut inside = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    inside.push(c);
                }
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                let index = if numbered {
                    inside.parse().unwrap_or(values)
                } else {
                    values
                };
                values += 1;
                out.push(Piece::Value(index));
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        let mut entries: Vec<Entry> = vi::CATALOG
            .iter()
            .map(|(english, vietnamese)| {
                let english = pieces(english, false);
                let specificity = english
                    .iter()
                    .map(|piece| match piece {
                        Piece::Text(text) => text.chars().filter(|c| c.is_alphanumeric()).count(),
                        Piece::Value(_) => 0,
                    })
                    .sum();
                Entry {
                    english,
                    vietnamese: pieces(vietnamese, true),
                    specificity,
                }
            })
            // A template without literal letters would match anything.
            .filter(|entry| entry.specificity > 0)
            .collect();
        entries.sort_by_key(|entry| std::cmp::Reverse(entry.specificity));
        entries
    })
}

/// The values of `message` if it is written from `template`, trying every split of the text
/// between its literals.
fn values_of<'m>(template: &[Piece], message: &'m str) -> Option<Vec<&'m str>> {
    fn go<'m>(template: &[Piece], message: &'m str, values: &mut Vec<&'m str>) -> bool {
        match template.split_first() {
            None => message.is_empty(),
            Some((Piece::Text(text), rest)) => message
                .strip_prefix(text.as_str())
                .is_some_and(|after| go(rest, after, values)),
            Some((Piece::Value(_), rest)) => {
                // The value runs up to one of the places the next literal starts (or the end).
                let next = rest.iter().find_map(|piece| match piece {
                    Piece::Text(text) => Some(text.as_str()),
                    Piece::Value(_) => None,
                });
                let ends: Vec<usize> = match next {
                    Some(next) if matches!(rest.first(), Some(Piece::Text(_))) => {
                        message.match_indices(next).map(|(at, _)| at).collect()
                    }
                    _ => message
                        .char_indices()
                        .map(|(at, _)| at)
                        .chain([message.len()])
                        .collect(),
                };
                for end in ends {
                    values.push(&message[..end]);
                    if go(rest, &message[end..], values) {
                        return true;
                    }
                    values.pop();
                }
                false
            }
        }
    }
    let mut values = Vec::new();
    go(template, message, &mut values).then_some(values)
}

/// The Vietnamese of a message the server makes, if the catalog has its template. Values that
/// are messages themselves (a reason inside a message) are translated too.
pub fn translate(message: &str) -> Option<String> {
    for entry in entries() {
        let Some(values) = values_of(&entry.english, message) else {
            continue;
        };
        let mut out = String::new();
        for piece in &entry.vietnamese {
            match piece {
                Piece::Text(text) => out.push_str(text),
                Piece::Value(index) => {
                    let value = values.get(*index).copied().unwrap_or_default();
                    match translate(value) {
                        Some(translated) => out.push_str(&translated),
                        None => out.push_str(value),
                    }
                }
            }
        }
        return Some(out);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accept_language_is_read_with_its_q_values() {
        let of = |header| Language::from_accept_language(Some(header));
        assert_eq!(of("vi"), Language::Vietnamese);
        assert_eq!(of("vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7"), Language::Vietnamese);
        assert_eq!(of("en-US,en;q=0.9,vi;q=0.8"), Language::English);
        assert_eq!(of("fr-FR, vi;q=0.5, en;q=0.4"), Language::Vietnamese);
        assert_eq!(of("en;q=0.4, VI;q=0.6"), Language::Vietnamese);
        assert_eq!(of("vi;q=0, en"), Language::English);
        assert_eq!(of("fr, de"), Language::English);
        assert_eq!(of("vi;q=abc"), Language::English);
        assert_eq!(of("*"), Language::English);
        assert_eq!(Language::from_accept_language(None), Language::English);
    }

    #[test]
    fn a_message_is_translated_with_its_values_and_the_reasons_inside_it() {
        assert_eq!(
            translate("the input is invalid: endedOn (2020-01-01) must be after the start (2021-01-01)").as_deref(),
            Some("dữ liệu nhập không hợp lệ: endedOn (2020-01-01) phải sau ngày bắt đầu (2021-01-01)")
        );
        assert_eq!(
            translate("organization not found").as_deref(),
            Some("không tìm thấy tổ chức")
        );
        assert_eq!(
            translate("\"Đồng chí\" is not a person's name: the name is empty once honorifics such as \"đồng chí\" are removed")
                .as_deref(),
            Some("\"Đồng chí\" không phải là họ tên một người: tên bị trống sau khi bỏ các danh xưng như \"đồng chí\"")
        );
        assert_eq!(translate("something no template writes"), None);
    }

    #[test]
    fn every_vietnamese_template_uses_exactly_the_english_values() {
        for (english, vietnamese) in vi::CATALOG {
            let count = pieces(english, false)
                .iter()
                .filter(|piece| matches!(piece, Piece::Value(_)))
                .count();
            let mut used: Vec<usize> = pieces(vietnamese, true)
                .iter()
                .filter_map(|piece| match piece {
                    Piece::Value(index) => Some(*index),
                    Piece::Text(_) => None,
                })
                .collect();
            used.sort_unstable();
            assert_eq!(used, (0..count).collect::<Vec<_>>(), "{english} / {vietnamese}");
            assert_ne!(english, vietnamese);
        }
    }
}
