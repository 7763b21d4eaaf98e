//! The store's error: what went wrong with a query or statement, classified once, here, so that
//! the layers above need not know SeaORM's errors. Database detail stays inside the error (and
//! goes to the log where the error is answered), never into what a client sees.

use crate::error::ApiError;
use sea_orm::{DbErr, SqlErr};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// PostgreSQL cancelled the statement at the statement timeout (SQLSTATE 57014).
    #[error("the statement ran past the statement timeout")]
    Timeout(#[source] DbErr),
    /// A unique constraint refused the row: the same record was written at the same time, or
    /// exists already.
    #[error("a unique constraint refused the row")]
    Duplicate(#[source] DbErr),
    /// The write collides with another in a way the store itself detects; the text says how.
    #[error("{0}")]
    Conflict(String),
    /// Any other database failure.
    #[error("the database failed")]
    Database(#[source] DbErr),
    /// What the store read or wrote is not what it must be (a row gone right after its insert).
    #[error("{0}")]
    Inconsistent(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

impl From<DbErr> for StoreError {
    fn from(error: DbErr) -> Self {
        if is_statement_timeout(&error) {
            return Self::Timeout(error);
        }
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => Self::Duplicate(error),
            _ => Self::Database(error),
        }
    }
}

/// What a client sees of a store failure: a timeout's advice, a conflict's words, and for
/// anything else only a reference (the detail is logged with it).
impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Timeout(detail) => {
                tracing::warn!(detail = ?detail, "a statement hit the statement timeout");
                ApiError::QueryTooComplex(
                    "the request took longer than the server allows; ask for less at a time".into(),
                )
            }
            StoreError::Duplicate(detail) => {
                tracing::info!(detail = ?detail, "unique constraint violation reported as CONFLICT");
                ApiError::Conflict(
                    "a record with the same identity was written at the same time or already exists".into(),
                )
            }
            StoreError::Conflict(message) => ApiError::Conflict(message),
            other => ApiError::internal(other),
        }
    }
}

/// A database error met outside a store function (opening or committing a transaction) is
/// classified the same way.
impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        StoreError::from(error).into()
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
