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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_answers_with_its_own_status_and_an_internal_error_shows_only_its_reference() {
        let cases = [
            (ApiError::invalid("rule", "path", "bad"), StatusCode::BAD_REQUEST),
            (ApiError::not_found("organization"), StatusCode::NOT_FOUND),
            (ApiError::Conflict("taken".into()), StatusCode::CONFLICT),
            (ApiError::Unauthenticated("who".into()), StatusCode::UNAUTHORIZED),
            (ApiError::Forbidden("no".into()), StatusCode::FORBIDDEN),
            (ApiError::QueryTooComplex("less".into()), StatusCode::BAD_REQUEST),
            (
                ApiError::internal("the disk is on fire"),
                StatusCode::INTERNAL_SERVER_ERROR,
            ),
        ];
        for (error, status) in cases {
            assert_eq!(status_of(&error), status, "{}", error.code());
            let message = error.message();
            assert!(!message.contains("disk"), "internal detail shown: {message}");
            assert_eq!(error.into_response().status(), status);
        }
    }
}
