//! The error a client sees, with its code: what the write use cases, the resolvers and the HTTP
//! handlers answer with. The store has its own error ([`StoreError`](crate::store::StoreError)),
//! turned into this one where the layers above call it; the domain's findings are
//! [`Issues`], turned into `BAD_USER_INPUT` here. How an `ApiError` is answered lives with each
//! answer: over GraphQL in `graphql::errors`, over plain HTTP in `http::errors`.
//!
//! `ApiError` deliberately does not implement `Display`: async-graphql turns any `Display` error into
//! a client-visible message, so every error must go through the conversion in `graphql::errors`,
//! which attaches the code and never shows database or internal detail.

use crate::vocabulary::issues::{Issue, Issues};

/// Every error a client can see. An internal error keeps its detail for the log, written where
/// the error is answered; the client sees only its reference.
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
        detail: String,
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

    /// An internal error with a fresh reference; the detail is logged when the error is answered
    /// ([`log_if_internal`](Self::log_if_internal)), never shown.
    pub fn internal(detail: impl std::fmt::Debug) -> Self {
        Self::Internal {
            reference: new_reference(),
            detail: format!("{detail:?}"),
        }
    }

    /// Logs an internal error's detail under the reference the client sees; other errors are
    /// the client's and are not logged. Called where an error is answered.
    pub fn log_if_internal(&self) {
        if let Self::Internal { reference, detail } = self {
            tracing::error!(reference = %reference, detail = %detail, "internal error");
        }
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
            Self::Internal { reference, .. } => format!("internal error (reference {reference})"),
        }
    }
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
