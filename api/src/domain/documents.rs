//! The rules of `recordDocument`: a document cited by the records needs a symbol that parses,
//! and dates that agree with each other.

use super::checks::{check_date, check_source, check_symbol, check_year, optional_text};
use super::commands::{RecordDocument, SourceCommand};
use crate::vocabulary::issues::Issues;
use crate::vocabulary::symbol::DocumentSymbol;
use chrono::Datelike;

/// Checks `recordDocument`; returns the source, the title and the parsed symbol.
pub fn check_record(
    issues: &mut Issues,
    command: &RecordDocument,
) -> (Option<SourceCommand>, Option<String>, Option<DocumentSymbol>) {
    let source = check_source(issues, "source", command.source.as_ref());
    let title = optional_text(issues, "title", command.title.as_deref(), 1000);
    let symbol = check_symbol(issues, "symbol", Some(&command.symbol));
    if symbol.is_none() && !issues.has_errors() {
        issues.error("document_symbol", "symbol", "symbol must not be empty");
    }
    if let Some(date) = command.issued_on {
        check_date(issues, "issuedOn", date);
    }
    if let Some(year) = command.issued_year {
        check_year(issues, "issuedYear", year);
        if command.issued_on.is_some_and(|d| d.year() != year) {
            issues.error(
                "issued_year_mismatch",
                "issuedYear",
                "issuedYear differs from the year of issuedOn",
            );
        }
    }
    (source, title, symbol)
}
