//! The records a write refers to or creates along the way: sources, documents and new people,
//! each found by its identity before a new one is made, plus the checks on free text.

use crate::domain::commands::SourceCommand;
use crate::domain::symbol::DocumentSymbol;
use crate::error::ApiResult;
use crate::store::search::{self, RecordType};
use crate::vocabulary::issues::Issues;
use crate::vocabulary::text::{self, PersonName};
use chrono::{Datelike, NaiveDate, Utc};
use entity::{congress_source, document, organization_source, person, source};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};

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
    } else if date > crate::domain::time::today() {
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

/// Finds the source by its identity (its url, else its title and date) or records it.
pub async fn source_id(conn: &impl ConnectionTrait, source: Option<&SourceCommand>) -> ApiResult<Option<i64>> {
    let Some(source) = source else {
        return Ok(None);
    };
    let identity = match &source.url {
        Some(url) => format!("url:{url}"),
        None => format!(
            "title:{}|{}",
            text::fold(&source.title),
            source.published_on.map(|d| d.to_string()).unwrap_or_default()
        ),
    };
    let row = source::ActiveModel {
        title: Set(source.title.clone()),
        url: Set(source.url.clone()),
        publisher: Set(source.publisher.clone()),
        published_on: Set(source.published_on),
        published_at: Set(source.published_at),
        author: Set(source.author.clone()),
        file_name: Set(source.file_name.clone()),
        identity_key: Set(identity.clone()),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    // ON CONFLICT DO NOTHING: a failed insert would abort a PostgreSQL transaction.
    source::Entity::insert(row)
        .on_conflict(OnConflict::column(source::Column::IdentityKey).do_nothing().to_owned())
        .exec_without_returning(conn)
        .await?;
    let found = source::Entity::find()
        .filter(source::Column::IdentityKey.eq(identity))
        .one(conn)
        .await?;
    Ok(found.map(|row| row.id))
}

/// Records that a source speaks about an organization.
pub async fn link_organization_source(
    conn: &impl ConnectionTrait,
    organization_id: i64,
    source_id: Option<i64>,
) -> ApiResult<()> {
    let Some(source_id) = source_id else {
        return Ok(());
    };
    organization_source::Entity::insert(organization_source::ActiveModel {
        organization_id: Set(organization_id),
        source_id: Set(source_id),
    })
    .on_conflict(
        OnConflict::columns([
            organization_source::Column::OrganizationId,
            organization_source::Column::SourceId,
        ])
        .do_nothing()
        .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    Ok(())
}

/// Records that a source speaks about a congress (and so about its organization).
pub async fn link_congress_source(
    conn: &impl ConnectionTrait,
    congress_id: i64,
    organization_id: i64,
    source_id: Option<i64>,
) -> ApiResult<()> {
    let Some(source_id) = source_id else {
        return Ok(());
    };
    congress_source::Entity::insert(congress_source::ActiveModel {
        congress_id: Set(congress_id),
        source_id: Set(source_id),
    })
    .on_conflict(
        OnConflict::columns([congress_source::Column::CongressId, congress_source::Column::SourceId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    link_organization_source(conn, organization_id, Some(source_id)).await
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

/// Finds the document with this symbol in this year, or records it. Numbers restart every
/// term, so the identity includes the year.
pub async fn document_id(
    conn: &impl ConnectionTrait,
    symbol: &DocumentSymbol,
    issued_on: Option<NaiveDate>,
    issued_year: Option<i32>,
    title: Option<&str>,
    source_id: Option<i64>,
) -> ApiResult<i64> {
    let year = issued_on.map(|d| d.year()).or(issued_year);
    let identity = format!(
        "{}|{}|{}|{}",
        symbol.issuer_code(),
        symbol.type_code(),
        symbol.number(),
        year.map(|y| y.to_string()).unwrap_or_default()
    );
    let row = document::ActiveModel {
        symbol: Set(Some(symbol.as_written().to_owned())),
        symbol_key: Set(Some(symbol.canonical())),
        number: Set(i32::try_from(symbol.number()).ok()),
        type_code: Set(Some(symbol.type_code().to_owned())),
        issuer_code: Set(Some(symbol.issuer_code().to_owned())),
        issued_on: Set(issued_on),
        issued_year: Set(year),
        title: Set(title.map(str::to_owned)),
        issuer_organization_id: Set(None),
        identity_key: Set(identity.clone()),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    document::Entity::insert(row)
        .on_conflict(
            OnConflict::column(document::Column::IdentityKey)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    let found = document::Entity::find()
        .filter(document::Column::IdentityKey.eq(identity))
        .one(conn)
        .await?;
    match found {
        Some(row) => Ok(row.id),
        None => Err(crate::ApiError::internal("document vanished after insert")),
    }
}

/// Checks a new person's name: honorifics are removed (with a warning), anything that is not a
/// name is an error, and a namesake already on record is pointed out.
pub async fn check_new_person(
    conn: &impl ConnectionTrait,
    issues: &mut Issues,
    path: &str,
    full_name: &str,
) -> ApiResult<Option<PersonName>> {
    let name = match PersonName::parse(full_name) {
        Ok(name) => name,
        Err(error) => {
            issues.error(
                "person_name",
                path,
                format!("\"{full_name}\" is not a person's name: {error}"),
            );
            return Ok(None);
        }
    };
    if let Some(honorific) = name.removed_honorific() {
        issues.warn(
            "honorific_removed",
            path,
            format!("removed \"{honorific}\" from the name: names are stored without honorifics"),
        );
    }
    let namesakes = person::Entity::find()
        .filter(person::Column::SearchExact.eq(text::exact_key(name.as_str())))
        .all(conn)
        .await?;
    if !namesakes.is_empty() {
        issues.warn(
            "possible_duplicate_person",
            path,
            format!(
                "{} person(s) named \"{}\" are already on record; pass personId instead of fullName if this is one of them",
                namesakes.len(),
                name.as_str()
            ),
        );
    }
    Ok(Some(name))
}

/// Records a new person and indexes the name for search.
pub async fn create_person(conn: &impl ConnectionTrait, name: &PersonName, source_id: Option<i64>) -> ApiResult<i64> {
    let row = person::ActiveModel {
        full_name: Set(name.as_str().to_owned()),
        search_key: Set(text::fold(name.as_str())),
        search_exact: Set(text::exact_key(name.as_str())),
        note: Set(None),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    }
    .insert(conn)
    .await?;
    search::index_name(conn, RecordType::Person, row.id, name.as_str()).await?;
    Ok(row.id)
}
