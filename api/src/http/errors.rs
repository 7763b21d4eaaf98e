//! How an [`ApiError`] is answered over plain HTTP (the CSV report and every other endpoint that
//! is not GraphQL): the one mapping of error codes to statuses, and the message as text. An
//! internal error's detail is logged here, where it is answered.

use crate::error::ApiError;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};

/// The HTTP status of each error code.
pub fn status_of(error: &ApiError) -> StatusCode {
    match error {
        ApiError::BadUserInput(_) => StatusCode::BAD_REQUEST,
        ApiError::NotFound(_) => StatusCode::NOT_FOUND,
        ApiError::Conflict(_) => StatusCode::CONFLICT,
        ApiError::Unauthenticated(_) => StatusCode::UNAUTHORIZED,
        ApiError::Forbidden(_) => StatusCode::FORBIDDEN,
        // The client asked for more than the server answers at once: it must ask for less.
        ApiError::QueryTooComplex(_) => StatusCode::BAD_REQUEST,
        ApiError::Internal { .. } => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        self.log_if_internal();
        (
            status_of(&self),
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            format!("{}\n", self.message()),
        )
            .into_response()
    }
}
