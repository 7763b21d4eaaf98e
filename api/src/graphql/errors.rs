//! How an [`ApiError`] is answered over GraphQL: its message, its code in `extensions.code`, and
//! for `BAD_USER_INPUT` every issue in `extensions.issues`. An internal error's detail is logged
//! here, where it is answered, under the reference the client sees.

use crate::error::ApiError;
use async_graphql::{ErrorExtensionValues, Value};

impl From<ApiError> for async_graphql::Error {
    fn from(error: ApiError) -> Self {
        error.log_if_internal();
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
