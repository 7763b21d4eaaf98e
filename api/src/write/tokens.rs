//! API tokens: random secrets shown once, stored as SHA-256 hashes, carrying a role and (for
//! editors) the organization whose subtree they may write. The secrets are 256 random bits, so a
//! fast hash is the right tool: there is nothing to brute-force.

use super::Actor;
use crate::error::{ApiError, ApiResult};
use crate::store::{Database, tokens};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use entity::api_token;
use entity::enums::Role;
use rand::RngCore;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Every token starts with this, so that a leaked one is recognisable (and scannable).
const PREFIX: &str = "cgr_";

/// A new token: its record and the secret, which exists nowhere else.
pub struct IssuedToken {
    pub record: api_token::Model,
    pub secret: String,
}

pub fn hash(secret: &str) -> String {
    hex::encode(Sha256::digest(secret.as_bytes()))
}

fn new_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill_bytes(&mut bytes);
    format!("{PREFIX}{}", URL_SAFE_NO_PAD.encode(bytes))
}

/// Creates a token. An editor may be bound to an organization; admins and viewers are not.
#[tracing::instrument(skip(db, name))]
pub async fn issue(db: &Database, name: &str, role: Role, organization_id: Option<i64>) -> ApiResult<IssuedToken> {
    if organization_id.is_some() && role != Role::Editor {
        return Err(ApiError::invalid(
            "token_scope",
            "organization",
            "only an editor token is bound to an organization",
        ));
    }
    if let Some(id) = organization_id {
        super::organization::require(&db.conn, id).await?;
    }
    let secret = new_secret();
    let record = tokens::create(&db.conn, name, role, organization_id, &hash(&secret)).await?;
    Ok(IssuedToken { record, secret })
}

/// How long a checked token is trusted before it is looked up again (revocation takes effect
/// within this time on every server process).
const CACHE_TTL: Duration = Duration::from_secs(10);

/// Checks bearer tokens, remembering valid ones briefly so that a request costs no lookup.
#[derive(Default)]
pub struct Authenticator {
    cache: Mutex<HashMap<String, (Actor, Instant)>>,
}

impl Authenticator {
    pub async fn authenticate(&self, db: &Database, secret: &str) -> Result<Actor, String> {
        let secret = secret.trim();
        if !secret.starts_with(PREFIX) || secret.len() > 100 {
            return Err("the bearer token is malformed".into());
        }
        let key = hash(secret);
        if let Ok(cache) = self.cache.lock()
            && let Some((actor, checked)) = cache.get(&key)
            && checked.elapsed() < CACHE_TTL
        {
            return Ok(actor.clone());
        }
        let record = tokens::find_by_hash(&db.conn, &key)
            .await
            .map_err(|error| {
                crate::ApiError::from(error).log_if_internal();
                "the token could not be checked right now".to_owned()
            })?
            .ok_or_else(|| "the bearer token is unknown".to_owned())?;
        if record.revoked_at.is_some() {
            return Err("the bearer token has been revoked".into());
        }
        let actor = Actor {
            token_id: Some(record.id),
            name: format!("token {} ({})", record.id, record.name),
            role: record.role,
            organization_id: record.organization_id,
        };
        // Best effort: a failed "last used" update must not fail the request.
        let _guard = db.write_guard().await;
        if let Err(error) = tokens::touch(&db.conn, record.id).await {
            tracing::warn!(detail = ?error, "could not record when a token was last used");
        }
        if let Ok(mut cache) = self.cache.lock() {
            cache.retain(|_, (_, checked)| checked.elapsed() < CACHE_TTL);
            cache.insert(key, (actor.clone(), Instant::now()));
        }
        Ok(actor)
    }
}
