//! The checks every write makes of its input, whatever record it is about: free text cleaned and
//! bounded, dates within the Party's history, sources, document symbols and new people's names,
//! and the identity by which a source or document already on record is found again.

use crate::domain::commands::SourceCommand;
use crate::vocabulary::issues::Issues;
use crate::vocabulary::symbol::DocumentSymbol;
use crate::vocabulary::text::{self, PersonName};
use chrono::{Datelike, NaiveDate};

/// Cleans required text (NFC, whitespace collapsed, invisible characters dropped); an error
/// issue when nothing visible is left, when it is too long, or when it holds bidirectional
/// formatting characters.
pub fn required_text(issues: &mut Issues, path: &str, value: &str, max_chars: usize) -> String {
    let cleaned = text::clean(value);
    if cleaned.is_empty() {
        issues.error("required_text", path, format!("{path} must not be empty"));
    } else if !cleaned.chars().any(char::is_alphanumeric) {
        issues.error("required_text", path, format!("{path} must contain letters or digits"));
    } else {
        check_text(issues, path, &cleaned, max_chars);
    }
    cleaned
}

/// The checks every stored text passes: its length, and no bidirectional formatting characters.
fn check_text(issues: &mut Issues, path: &str, cleaned: &str, max_chars: usize) {
    if cleaned.chars().count() > max_chars {
        issues.error(
            "text_too_long",
            path,
            format!("{path} may be at most {max_chars} characters"),
        );
    }
    if text::has_bidi_control(cleaned) {
        issues.error(
            "bidi_control",
            path,
            format!(
                "{path} must not contain bidirectional formatting characters: they make text display as something else"
            ),
        );
    }
}

/// Cleans optional text; empty text counts as absent.
pub fn optional_text(issues: &mut Issues, path: &str, value: Option<&str>, max_chars: usize) -> Option<String> {
    let cleaned = text::clean(value?);
    if cleaned.is_empty() {
        return None;
    }
    check_text(issues, path, &cleaned, max_chars);
    Some(cleaned)
}

/// Dates before the Party's founding or far in the future cannot be records.
pub fn check_date(issues: &mut Issues, path: &str, date: NaiveDate) {
    if date.year() < 1930 {
        issues.error(
            "date_out_of_range",
            path,
            format!("{path} ({date}) is before 1930, when the Party was founded"),
        );
    } else if date > super::time::today() {
        issues.error(
            "date_in_future",
            path,
            format!("{path} ({date}) is in the future; record events once they happen"),
        );
    }
}

pub fn check_year(issues: &mut Issues, path: &str, year: i32) {
    if !(1930..=2100).contains(&year) {
        issues.error(
            "year_out_of_range",
            path,
            format!("{path} ({year}) must be between 1930 and 2100"),
        );
    }
}

/// A source, cleaned and checked; `None` when the write gives none.
pub fn check_source(issues: &mut Issues, path: &str, source: Option<&SourceCommand>) -> Option<SourceCommand> {
    let source = source?;
    let title = required_text(issues, &format!("{path}.title"), &source.title, 500);
    let url = optional_text(issues, &format!("{path}.url"), source.url.as_deref(), 2000);
    if let Some(url) = &url
        && (!(url.starts_with("https://") || url.starts_with("http://")) || url.contains(char::is_whitespace))
    {
        issues.error(
            "source_url",
            format!("{path}.url"),
            "url must be an http:// or https:// address",
        );
    }
    if let Some(date) = source.published_on {
        check_date(issues, &format!("{path}.publishedOn"), date);
    }
    Some(SourceCommand {
        title,
        url,
        publisher: optional_text(issues, &format!("{path}.publisher"), source.publisher.as_deref(), 300),
        published_on: source.published_on,
        published_at: source.published_at,
        author: optional_text(issues, &format!("{path}.author"), source.author.as_deref(), 300),
        file_name: optional_text(issues, &format!("{path}.fileName"), source.file_name.as_deref(), 300),
    })
}

/// Parses a document symbol, or records why it cannot be one; warns on an unknown type code.
pub fn check_symbol(issues: &mut Issues, path: &str, symbol: Option<&str>) -> Option<DocumentSymbol> {
    let symbol = symbol.map(str::trim).filter(|s| !s.is_empty())?;
    match DocumentSymbol::parse(symbol) {
        Ok(parsed) => {
            if !parsed.is_known_type() {
                let hint = parsed
                    .suggest_type()
                    .map(|known| format!("; did the source mean {known}?"))
                    .unwrap_or_default();
                issues.warn(
                    "document_type_unknown",
                    path,
                    format!("\"{}\" is not a known document type code{hint}", parsed.type_code()),
                );
            }
            Some(parsed)
        }
        Err(error) => {
            issues.error(
                "document_symbol",
                path,
                format!("\"{symbol}\" is not a document symbol: {error}"),
            );
            None
        }
    }
}

/// Checks a new person's name: honorifics are removed (with a warning) and anything that is not
/// a name is an error.
pub fn check_person_name(issues: &mut Issues, path: &str, full_name: &str) -> Option<PersonName> {
    let name = match PersonName::parse(full_name) {
        Ok(name) => name,
        Err(error) => {
            issues.error(
                "person_name",
                path,
                format!("\"{full_name}\" is not a person's name: {error}"),
            );
            return None;
        }
    };
    if let Some(honorific) = name.removed_honorific() {
        issues.warn(
            "honorific_removed",
            path,
            format!("removed \"{honorific}\" from the name: names are stored without honorifics"),
        );
    }
    Some(name)
}

/// Points out the namesakes a new person has on record.
pub fn warn_namesakes(issues: &mut Issues, path: &str, name: &PersonName, namesakes: usize) {
    if namesakes > 0 {
        issues.warn(
            "possible_duplicate_person",
            path,
            format!(
                "{} person(s) named \"{}\" are already on record; pass personId instead of fullName if this is one of them",
                namesakes,
                name.as_str()
            ),
        );
    }
}

/// What makes a source the same source: its url, else its title and date.
pub fn source_identity(source: &SourceCommand) -> String {
    match &source.url {
        Some(url) => format!("url:{url}"),
        None => format!(
            "title:{}|{}",
            text::fold(&source.title),
            source.published_on.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

/// What makes a document the same document: issuer, type, number and year (numbers restart
/// every term, so the symbol alone is not its identity).
pub fn document_identity(symbol: &DocumentSymbol, year: Option<i32>) -> String {
    format!(
        "{}|{}|{}|{}",
        symbol.issuer_code(),
        symbol.type_code(),
        symbol.number(),
        year.map(|y| y.to_string()).unwrap_or_default()
    )
}
