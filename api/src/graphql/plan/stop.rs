//! Why a plan stops and leaves a request to the executor.

use crate::graphql::describe::object::Unplannable;

/// Why a plan could not answer: the executor will.
#[derive(Debug)]
pub enum Stop {
    Unplannable,
    /// A database error: the executor would meet it too, and reports it as it reports errors.
    Failed,
}

impl From<Unplannable> for Stop {
    fn from(_: Unplannable) -> Self {
        Self::Unplannable
    }
}

impl From<crate::ApiError> for Stop {
    fn from(_: crate::ApiError) -> Self {
        Self::Failed
    }
}

impl From<crate::store::StoreError> for Stop {
    fn from(_: crate::store::StoreError) -> Self {
        Self::Failed
    }
}

pub type Result<T> = std::result::Result<T, Stop>;
