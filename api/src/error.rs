//! The one error type that crosses from the domain and store into GraphQL and HTTP, and its codes.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql turns any `Display` error into
//! a client-visible message, so every error must go through [`From<ApiError> for async_graphql::Error`],
//! which attaches the code and never shows database or internal detail.

use crate::vocabulary::issues::{Issue, Issues};
use async_graphql::{ErrorExtensionValues, Value};
use sea_orm::{DbErr, SqlErr};

/// Every error a client can see. Internal detail is logged when the error is made, never sent.
#[derive(Debug, Clone)]
pub enum ApiError {
    /// The input cannot be true; every finding is listed.
    BadUserInput(Vec<Issue>),
    /// A referenced record does not exist (the text says which).
    NotFound(String),
    /// The write collides with an existing record or a concurrent write.
    Conflict(String),
    Unauthenticated(String),
    Forbidden(String),
    QueryTooComplex(String),
    /// Something failed inside the server; `reference` matches the log line with the detail.
    Internal {
        reference: String,
    },
}

impl ApiError {
    /// A single-issue `BAD_USER_INPUT`.
    pub fn invalid(rule: &str, path: impl Into<String>, message: impl Into<String>) -> Self {
        Self::BadUserInput(vec![Issue {
            rule: rule.to_owned(),
            path: path.into(),
            message: message.into(),
            severity: entity::enums::Severity::Error,
        }])
    }

    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound(what.into())
    }

    /// Logs the detail with a fresh reference and returns an error that shows only the reference.
    pub fn internal(detail: impl std::fmt::Debug) -> Self {
        let reference = new_reference();
        tracing::error!(reference = %reference, detail = ?detail, "internal error");
        Self::Internal { reference }
    }

    pub fn code(&self) -> &'static str {
        match self {
            Self::BadUserInput(_) => "BAD_USER_INPUT",
            Self::NotFound(_) => "NOT_FOUND",
            Self::Conflict(_) => "CONFLICT",
            Self::Unauthenticated(_) => "UNAUTHENTICATED",
            Self::Forbidden(_) => "FORBIDDEN",
            Self::QueryTooComplex(_) => "QUERY_TOO_COMPLEX",
            Self::Internal { .. } => "INTERNAL",
        }
    }

    /// The message a client sees.
    pub fn message(&self) -> String {
        match self {
            Self::BadUserInput(issues) => match issues.as_slice() {
                [] => "the input is invalid".to_owned(),
                [only] => format!("the input is invalid: {}", only.message),
                [first, rest @ ..] => {
                    format!(
                        "the input is invalid: {} (and {} more issues)",
                        first.message,
                        rest.len()
                    )
                }
            },
            Self::NotFound(what) => format!("{what} not found"),
            Self::Conflict(message)
            | Self::Unauthenticated(message)
            | Self::Forbidden(message)
            | Self::QueryTooComplex(message) => message.clone(),
            Self::Internal { reference } => format!("internal error (reference {reference})"),
        }
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        if is_statement_timeout(&error) {
            tracing::warn!(detail = ?error, "a statement hit the statement timeout");
            return Self::QueryTooComplex(
                "the request took longer than the server allows; ask for less at a time".into(),
            );
        }
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                tracing::info!(detail = ?error, "unique constraint violation reported as CONFLICT");
                Self::Conflict("a record with the same identity was written at the same time or already exists".into())
            }
            _ => Self::internal(error),
        }
    }
}

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        let mut extensions = ErrorExtensionValues::default();
        extensions.set("code", error.code());
        if let ApiError::BadUserInput(issues) = &error {
            let list = issues
                .iter()
                .map(|issue| {
                    let mut object = async_graphql::indexmap::IndexMap::new();
                    object.insert(async_graphql::Name::new("rule"), Value::from(issue.rule.clone()));
                    object.insert(async_graphql::Name::new("path"), Value::from(issue.path.clone()));
                    object.insert(async_graphql::Name::new("message"), Value::from(issue.message.clone()));
                    Value::Object(object)
                })
                .collect();
            extensions.set("issues", Value::List(list));
        }
        async_graphql::Error {
            message: error.message(),
            source: None,
            extensions: Some(extensions),
        }
    }
}

/// PostgreSQL cancelled the statement (SQLSTATE 57014, the statement timeout).
fn is_statement_timeout(error: &DbErr) -> bool {
    use sea_orm::{RuntimeErr, sqlx};
    let runtime = match error {
        DbErr::Query(runtime) | DbErr::Exec(runtime) | DbErr::Conn(runtime) => runtime,
        _ => return false,
    };
    matches!(runtime, RuntimeErr::SqlxError(sqlx_error)
        if matches!(sqlx_error.as_ref(), sqlx::Error::Database(db) if db.code().as_deref() == Some("57014")))
}

/// A short random reference that ties a client-visible internal error to its log line.
fn new_reference() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..12].to_owned()
}

pub type ApiResult<T> = Result<T, ApiError>;

impl Issues {
    /// `Err(BAD_USER_INPUT)` with every error when there is one; otherwise the warnings. (Here,
    /// not with `Issues`, so that the findings do not depend on the error type built from them.)
    pub fn into_warnings(self) -> ApiResult<Vec<Issue>> {
        if self.has_errors() {
            Err(ApiError::BadUserInput(self.errors()))
        } else {
            Ok(self.warnings())
        }
    }
}
