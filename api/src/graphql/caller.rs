//! Who sent a request, as the HTTP layer found it, and the check a field that needs a token makes.

use crate::error::ApiError;
use crate::write::Actor;
use async_graphql::Context;

/// Who sent the request, as the HTTP layer found it.
#[derive(Clone)]
pub enum Caller {
    Anonymous,
    /// A bearer token was sent but is unknown, malformed or revoked.
    Rejected(String),
    Authenticated(Actor),
}

/// The caller's actor, or `UNAUTHENTICATED` with `message`: what needed the token and how to
/// send one (a whole sentence, so that it has its own translation).
pub fn authenticated(ctx: &Context<'_>, message: &'static str) -> Result<Actor, ApiError> {
    match ctx.data_opt::<Caller>() {
        Some(Caller::Authenticated(actor)) => Ok(actor.clone()),
        Some(Caller::Rejected(reason)) => Err(ApiError::Unauthenticated(reason.clone())),
        _ => Err(ApiError::Unauthenticated(message.to_owned())),
    }
}
