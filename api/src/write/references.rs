//! The records a write refers to or creates along the way: sources, documents and new people,
//! each found by its identity (a domain rule, [`checks`]) before the store records a new one.

use crate::domain::checks;
use crate::domain::commands::SourceCommand;
use crate::error::ApiResult;
use crate::store::{self, Conn};
use crate::vocabulary::symbol::DocumentSymbol;
use crate::vocabulary::text::{self, PersonName};
use chrono::{Datelike, NaiveDate, Utc};
use entity::{document, person, source};
use sea_orm::Set;

/// Finds the source by its identity (its url, else its title and date) or records it.
pub async fn source_id(conn: &impl Conn, source: Option<&SourceCommand>) -> ApiResult<Option<i64>> {
    let Some(source) = source else {
        return Ok(None);
    };
    let identity = checks::source_identity(source);
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
    Ok(store::sources::find_or_insert(conn, row, &identity).await?)
}

/// Records that a source speaks about an organization.
pub async fn link_organization_source(conn: &impl Conn, organization_id: i64, source_id: Option<i64>) -> ApiResult<()> {
    match source_id {
        Some(source_id) => Ok(store::sources::link_organization(conn, organization_id, source_id).await?),
        None => Ok(()),
    }
}

/// Records that a source speaks about a congress (and so about its organization).
pub async fn link_congress_source(
    conn: &impl Conn,
    congress_id: i64,
    organization_id: i64,
    source_id: Option<i64>,
) -> ApiResult<()> {
    let Some(source_id) = source_id else {
        return Ok(());
    };
    store::sources::link_congress(conn, congress_id, source_id).await?;
    Ok(store::sources::link_organization(conn, organization_id, source_id).await?)
}

/// Finds the document with this symbol in this year, or records it. Numbers restart every
/// term, so the identity includes the year.
pub async fn document_id(
    conn: &impl Conn,
    symbol: &DocumentSymbol,
    issued_on: Option<NaiveDate>,
    issued_year: Option<i32>,
    title: Option<&str>,
    source_id: Option<i64>,
) -> ApiResult<i64> {
    let year = issued_on.map(|d| d.year()).or(issued_year);
    let identity = checks::document_identity(symbol, year);
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
    Ok(store::documents::find_or_insert(conn, row, &identity).await?)
}

/// Records a new person and indexes the name for search.
pub async fn create_person(conn: &impl Conn, name: &PersonName, source_id: Option<i64>) -> ApiResult<i64> {
    let row = person::ActiveModel {
        full_name: Set(name.as_str().to_owned()),
        search_key: Set(text::fold(name.as_str())),
        search_exact: Set(text::exact_key(name.as_str())),
        note: Set(None),
        source_id: Set(source_id),
        created_at: Set(Utc::now()),
        ..Default::default()
    };
    Ok(store::people::insert(conn, row).await?)
}
