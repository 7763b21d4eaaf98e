//! Automatic persisted queries (Apollo's protocol) and the allow-list of known documents, the
//! first step of the pipeline, so that HTTP (POST and GET) and WebSocket share them.
//!
//! A request with `extensions.persistedQuery = { version: 1, sha256Hash }`:
//! - without a document: the hash is looked up (the allow-list file, this process's memory, then
//!   the database every process shares); unknown, it answers `PERSISTED_QUERY_NOT_FOUND` with the
//!   message `PersistedQueryNotFound`, which Apollo Client and urql take as "send the document";
//! - with the document: the hash must be the document's SHA-256 (else `BAD_USER_INPUT`); a
//!   document that parses is registered, and from then on the hash alone runs it, on any process.
//!
//! With `ONLY_KNOWN_DOCUMENTS`, only the allow-list file's documents run (by hash or in full),
//! nothing is registered, and any other document is refused before it is parsed. Admin tokens
//! are exempt: operators use GraphiQL.

use crate::config::ClientsConfig;
use crate::graphql::mutation::Caller;
use crate::store::Database;
use anyhow::Context as _;
use async_graphql::{ErrorExtensionValues, Request, ServerError, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::Arc;

/// Documents longer than this are run but not registered: clients' documents are a few KB, and
/// a store of large ones would mostly hold an attacker's.
const MAX_REGISTERED_DOCUMENT_BYTES: usize = 32 * 1024;

/// The message Apollo Client and urql look for (besides the code) before resending a document.
pub const NOT_FOUND_MESSAGE: &str = "PersistedQueryNotFound";
/// The message Apollo Client looks for to stop sending hashes.
pub const NOT_SUPPORTED_MESSAGE: &str = "PersistedQueryNotSupported";

#[derive(Clone)]
struct TextWeight;

impl quick_cache::Weighter<String, Arc<str>> for TextWeight {
    fn weight(&self, key: &String, document: &Arc<str>) -> u64 {
        (key.len() + document.len()) as u64
    }
}

/// The known and registered documents, and the rules for them.
pub struct PersistedQueries {
    enabled: bool,
    only_known: bool,
    keep: usize,
    /// The allow-list file's documents, by hash.
    known: HashMap<String, Arc<str>>,
    /// Registered documents this process has seen, by hash.
    memory: quick_cache::sync::Cache<String, Arc<str>, TextWeight>,
}

/// The lowercase hex SHA-256 of a document's text, as Apollo Client and urql compute it.
pub fn hash_of(document: &str) -> String {
    hex::encode(Sha256::digest(document.as_bytes()))
}

/// An error with a code of the persisted-query protocol.
fn coded(message: impl Into<String>, code: &str) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", code);
    error.extensions = Some(extensions);
    error
}

/// The hash of `extensions.persistedQuery`, once its form is checked.
fn requested_hash(value: &Value) -> Result<String, ServerError> {
    let wrong_form = || {
        coded(
            "extensions.persistedQuery must be { \"version\": 1, \"sha256Hash\": \"<64 hex digits>\" }",
            "BAD_USER_INPUT",
        )
    };
    let Value::Object(object) = value else {
        return Err(wrong_form());
    };
    match object.get("version") {
        Some(Value::Number(version)) if version.as_u64() == Some(1) => {}
        _ => return Err(wrong_form()),
    }
    match object.get("sha256Hash") {
        Some(Value::String(hash)) if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()) => {
            Ok(hash.to_ascii_lowercase())
        }
        _ => Err(wrong_form()),
    }
}

impl PersistedQueries {
    /// The rules of the configuration, with the allow-list file read and every hash in it checked.
    pub fn new(config: &ClientsConfig) -> anyhow::Result<Self> {
        let known = match &config.persisted_queries_file {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read PERSISTED_QUERIES_FILE {}", path.display()))?;
                read_known_documents(&text).with_context(|| format!("in {}", path.display()))?
            }
            None => HashMap::new(),
        };
        anyhow::ensure!(
            !config.only_known_documents || config.persisted_queries_file.is_some(),
            "ONLY_KNOWN_DOCUMENTS needs PERSISTED_QUERIES_FILE, the list of known documents"
        );
        Ok(Self {
            enabled: config.persisted_queries,
            only_known: config.only_known_documents,
            keep: config.persisted_queries_max_stored,
            known,
            memory: quick_cache::sync::Cache::with_weighter(
                1024,
                config.persisted_queries_cache_bytes.max(1),
                TextWeight,
            ),
        })
    }

    /// Documents of this process's memory, and the bytes they hold.
    pub fn cached(&self) -> (usize, u64) {
        (self.memory.len(), self.memory.weight())
    }
}

/// The documents of an allow-list file, by hash: an Apollo persisted query manifest or an object
/// of hash to document. A hash that is not its document's SHA-256 stops the start.
fn read_known_documents(text: &str) -> anyhow::Result<HashMap<String, Arc<str>>> {
    let json: serde_json::Value = serde_json::from_str(text).context("not JSON")?;
    let pairs: Vec<(String, String)> = match json.get("operations") {
        Some(serde_json::Value::Array(operations)) => operations
            .iter()
            .map(|operation| {
                let id = operation["id"].as_str().context("an operation without an \"id\"")?;
                let body = operation["body"].as_str().context("an operation without a \"body\"")?;
                Ok((id.to_owned(), body.to_owned()))
            })
            .collect::<anyhow::Result<_>>()?,
        _ => json
            .as_object()
            .context("expected an Apollo persisted query manifest or an object of hash to document")?
            .iter()
            .map(|(hash, document)| {
                let document = document.as_str().context("a document that is not a string")?;
                Ok((hash.clone(), document.to_owned()))
            })
            .collect::<anyhow::Result<_>>()?,
    };
    let mut known = HashMap::with_capacity(pairs.len());
    for (hash, document) in pairs {
        let actual = hash_of(&document);
        anyhow::ensure!(
            actual == hash.to_ascii_lowercase(),
            "the document listed as {hash} has the SHA-256 hash {actual}"
        );
        known.insert(actual, Arc::from(document));
    }
    Ok(known)
}

impl PersistedQueries {
    /// The request's document: the one its persisted-query hash names, or the one it sends,
    /// registered under its hash (when `parses` accepts it). Refuses what the allow-list does not
    /// know, when it is in force.
    pub async fn resolve(
        &self,
        db: &Database,
        parses: impl Fn(&str) -> bool,
        request: &mut Request,
        caller: &Caller,
    ) -> Result<(), ServerError> {
        let persisted = self;
        let exempt = matches!(caller, Caller::Authenticated(actor) if actor.role == entity::enums::Role::Admin);
        let only_known = persisted.only_known && !exempt;
        let Some(extension) = request.extensions.remove("persistedQuery") else {
            if only_known && !persisted.known.contains_key(&hash_of(&request.query)) {
                return Err(coded(
                    "this server runs only its list of known documents; this document is not on it",
                    "QUERY_NOT_IN_SAFELIST",
                ));
            }
            return Ok(());
        };
        if !persisted.enabled {
            return Err(coded(NOT_SUPPORTED_MESSAGE, "PERSISTED_QUERY_NOT_SUPPORTED"));
        }
        let hash = requested_hash(&extension)?;
        if request.query.trim().is_empty() {
            let found = match persisted.known.get(&hash).cloned() {
                Some(document) => Some(document),
                None if only_known => {
                    return Err(coded(
                        format!(
                            "no known document has the hash {hash}; this server runs only its list of known documents"
                        ),
                        "PERSISTED_QUERY_NOT_IN_LIST",
                    ));
                }
                None => self.registered(db, &hash).await,
            };
            let Some(document) = found else {
                return Err(coded(NOT_FOUND_MESSAGE, "PERSISTED_QUERY_NOT_FOUND"));
            };
            request.query = document.to_string();
            return Ok(());
        }
        let actual = hash_of(&request.query);
        if actual != hash {
            return Err(coded(
                format!(
                    "the document's SHA-256 hash is {actual}, not the sha256Hash {hash} sent in extensions.persistedQuery"
                ),
                "BAD_USER_INPUT",
            ));
        }
        if only_known {
            if !persisted.known.contains_key(&hash) {
                return Err(coded(
                    "this server runs only its list of known documents; this document is not on it",
                    "QUERY_NOT_IN_SAFELIST",
                ));
            }
            return Ok(());
        }
        if !persisted.known.contains_key(&hash) && persisted.memory.get(&hash).is_none() {
            self.register(db, &parses, hash, &request.query).await;
        }
        Ok(())
    }

    /// A registered document: from memory, else from the database (and kept in memory).
    async fn registered(&self, db: &Database, hash: &str) -> Option<Arc<str>> {
        let persisted = self;
        if let Some(document) = persisted.memory.get(hash) {
            return Some(document);
        }
        match crate::store::persisted::find(&db.conn, hash).await {
            Ok(Some(document)) => {
                let document: Arc<str> = Arc::from(document);
                persisted.memory.insert(hash.to_owned(), document.clone());
                Some(document)
            }
            Ok(None) => None,
            // The client resends the document, which runs: a database fault costs a round trip.
            Err(error) => {
                tracing::warn!(detail = ?error, "a persisted query could not be looked up");
                None
            }
        }
    }

    /// Registers a document that passes the text checks and parses, in memory and in the
    /// database every process shares. A failure to store it is logged: the request still runs.
    async fn register(&self, db: &Database, parses: impl Fn(&str) -> bool, hash: String, document: &str) {
        if document.len() > MAX_REGISTERED_DOCUMENT_BYTES || !parses(document) {
            return;
        }
        let persisted = self;
        persisted.memory.insert(hash.clone(), Arc::from(document));
        let stored = crate::store::persisted::register(&db.conn, &hash, document, persisted.keep).await;
        if let Err(error) = stored {
            tracing::warn!(detail = ?error, "a persisted query could not be stored");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_is_the_one_apollo_clients_send() {
        // Apollo Client's link hashes the printed document with SHA-256, lowercase hex.
        assert_eq!(
            hash_of("{ __typename }"),
            "7f56e67dd21ab3f30d1ff8b7bed08893f0a0db86449836189b361dd1e56ddb4b"
        );
    }

    #[test]
    fn a_manifest_with_a_wrong_hash_is_refused() {
        let manifest = r#"{"format":"apollo-persisted-query-manifest","version":1,
            "operations":[{"id":"00","body":"{ __typename }","name":"T","type":"query"}]}"#;
        assert!(read_known_documents(manifest).is_err());
        let good = format!(r#"{{"{}": "{{ __typename }}"}}"#, hash_of("{ __typename }"));
        assert_eq!(read_known_documents(&good).map(|known| known.len()).ok(), Some(1));
    }
}
