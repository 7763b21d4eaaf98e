//! The write use cases, the layer above the domain rules and the store: each write loads what
//! it needs through the store, checks it with the domain's pure rules (which return issues and
//! do no I/O), and persists the change through the store. The use cases build no query of their
//! own: they hand the store plain values, or the entity's `ActiveModel` as the row to write.
//!
//! Every mutation runs through [`run`], which authorizes, claims the idempotency key, applies the
//! validated change, records the audit entry and commits, all in the one transaction that the
//! use case runs in. A dry run does the same work and keeps the transaction open only long enough
//! to read back what it would write; it is then rolled back.

pub mod commendation;
pub mod congress;
pub mod document;
pub mod membership;
pub mod organization;
pub mod references;
pub mod results;
pub mod retraction;
pub mod tokens;

use crate::error::{ApiError, ApiResult};
pub use crate::store::audit::RecordAction;
use crate::store::audit::{self, AuditEntry};
use crate::store::idempotency::{self, Claim};
use crate::store::{Conn, Database, ReadConn, organizations};
use crate::vocabulary::issues::Issue;
use chrono::NaiveDate;
use entity::enums::Role;
use sea_orm::DatabaseTransaction;
use serde::{Deserialize, Serialize, de::DeserializeOwned};
use sha2::{Digest, Sha256};
use std::sync::Arc;

/// The ID of the record a write created or changed.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RecordId(pub i64);

/// The IDs of several records one write created.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordIds(pub Vec<i64>);

/// Stores the warnings a write found with the record it wrote, for the data-quality list.
pub async fn record_warnings(
    conn: &impl Conn,
    record_type: &'static str,
    record_id: i64,
    organization_id: Option<i64>,
    source_id: Option<i64>,
    warnings: &[Issue],
) -> ApiResult<()> {
    Ok(crate::store::quality::record(
        conn,
        crate::store::quality::RecordRef {
            record_type,
            record_id,
            organization_id,
            source_id,
        },
        warnings,
    )
    .await?)
}

/// Who is writing.
#[derive(Debug, Clone)]
pub struct Actor {
    pub token_id: Option<i64>,
    pub name: String,
    pub role: Role,
    /// An editor's organization: they may write only inside its subtree.
    pub organization_id: Option<i64>,
}

impl Actor {
    /// The server itself: loading the sample data, imports from the command line.
    pub fn system(name: &str) -> Self {
        Self {
            token_id: None,
            name: name.to_owned(),
            role: Role::Admin,
            organization_id: None,
        }
    }

    /// The scope idempotency keys are unique in: one token's keys never collide with another's.
    fn idempotency_scope(&self) -> String {
        match self.token_id {
            Some(id) => format!("token:{id}"),
            None => format!("system:{}", self.name),
        }
    }

    /// `FORBIDDEN` unless this actor may write outside any one subtree (a new root organization).
    pub fn authorize_unscoped(&self) -> ApiResult<()> {
        match (self.role, self.organization_id) {
            (Role::Admin, _) | (Role::Editor, None) => Ok(()),
            (Role::Viewer, _) => Err(ApiError::Forbidden("a viewer token cannot write".into())),
            (Role::Editor, Some(_)) => Err(ApiError::Forbidden(
                "this editor token may write only inside its own organization's subtree".into(),
            )),
        }
    }

    /// `FORBIDDEN` unless this actor may change where `organization_id` stands in the tree (move
    /// or dissolve it): what is below a scoped editor's organization, never that organization
    /// itself, whose place its superior decides.
    pub async fn authorize_below(&self, conn: &impl Conn, organization_id: i64) -> ApiResult<()> {
        if self.role == Role::Editor && self.organization_id == Some(organization_id) {
            return Err(ApiError::Forbidden(
                "this editor token may not move or dissolve its own organization: its superior decides where it stands"
                    .into(),
            ));
        }
        self.authorize(conn, organization_id).await
    }

    /// `FORBIDDEN` unless `organization_id` is this actor's organization or sat below it on `on`
    /// (not merely at some time: a move must not carry an organization into one that has left
    /// the subtree since).
    pub async fn authorize_on(&self, conn: &impl Conn, organization_id: i64, on: NaiveDate) -> ApiResult<()> {
        self.authorize(conn, organization_id).await?;
        match (self.role, self.organization_id) {
            (Role::Editor, Some(root)) if !organizations::under_on(conn, organization_id, root, on).await? => {
                Err(ApiError::Forbidden(format!(
                    "this editor token may write only inside its own organization's subtree, and on {on} this organization was not in it"
                )))
            }
            _ => Ok(()),
        }
    }

    /// `FORBIDDEN` unless this actor may write records of `organization_id`.
    pub async fn authorize(&self, conn: &impl Conn, organization_id: i64) -> ApiResult<()> {
        match self.role {
            Role::Admin => Ok(()),
            Role::Viewer => Err(ApiError::Forbidden("a viewer token cannot write".into())),
            Role::Editor => match self.organization_id {
                None => Ok(()),
                Some(root) if organizations::ever_under(conn, organization_id, root).await? => Ok(()),
                Some(_) => Err(ApiError::Forbidden(
                    "this editor token may write only inside its own organization's subtree".into(),
                )),
            },
        }
    }
}

/// How one write is run.
#[derive(Debug, Clone)]
pub struct WriteOptions {
    pub operation: &'static str,
    pub idempotency_key: Option<String>,
    /// A hash of the input without the idempotency key: the same key must come with the same input.
    pub request_hash: String,
    pub dry_run: bool,
    pub request_id: Option<String>,
}

impl WriteOptions {
    pub fn new(operation: &'static str, input: &impl Serialize, idempotency_key: Option<String>) -> Self {
        Self {
            operation,
            idempotency_key: idempotency_key
                .map(|key| key.trim().to_owned())
                .filter(|key| !key.is_empty()),
            request_hash: hash_input(input),
            dry_run: false,
            request_id: None,
        }
    }
}

/// SHA-256 of the input's JSON form, hex encoded.
pub fn hash_input(input: &impl Serialize) -> String {
    let json = serde_json::to_vec(input).unwrap_or_default();
    hex::encode(Sha256::digest(json))
}

/// What the body of a write produced, and what the audit trail records about it.
pub struct Written<T> {
    pub value: T,
    pub warnings: Vec<Issue>,
    pub change: Change,
}

/// The record a write is about, before and after.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub record_type: &'static str,
    pub record_id: i64,
    pub organization_id: Option<i64>,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
    /// What the write did to the record it is about.
    pub action: RecordAction,
    /// Other records the write created, changed or refers to, so that their history (and, but
    /// for references, the change feed) shows it too.
    pub touched: Vec<(&'static str, i64, RecordAction)>,
}

impl Change {
    /// Every record the write is about or touched, the one it is about first, each once (as
    /// the audit trail keeps them).
    pub fn records(&self) -> Vec<(&'static str, i64, RecordAction)> {
        let mut seen = std::collections::HashSet::new();
        std::iter::once((self.record_type, self.record_id, self.action))
            .chain(self.touched.iter().copied())
            .filter(|(record_type, record_id, _)| seen.insert((*record_type, *record_id)))
            .collect()
    }

    /// One notification per record the change feed lists for this write (every record but
    /// mere references), so that `recordChanged` subscribers and the feed agree: a congress
    /// result that creates or ends memberships notifies `membership` subscribers too.
    pub fn events(&self, operation: &str) -> Vec<crate::events::ChangeEvent> {
        let occurred_at = chrono::Utc::now();
        self.records()
            .into_iter()
            .filter(|(_, _, action)| *action != RecordAction::Referenced)
            .map(|(record_type, record_id, action)| crate::events::ChangeEvent {
                operation: operation.to_owned(),
                record_type: record_type.to_owned(),
                record_id,
                action: action.as_str().to_owned(),
                organization_id: self.organization_id,
                occurred_at,
            })
            .collect()
    }
}

/// Where the caller reads the written records back from.
pub enum ReadBack {
    /// Committed: read through a fresh scope on the pool.
    Committed,
    /// A dry run: read through the open transaction, which rolls back when the last reader drops it.
    Uncommitted {
        conn: ReadConn,
        write_guard: Option<tokio::sync::OwnedMutexGuard<()>>,
    },
}

pub struct Outcome<T> {
    pub value: T,
    pub warnings: Vec<Issue>,
    pub read_back: ReadBack,
    /// True when an idempotency key replayed an earlier write.
    pub replayed: bool,
    /// What was committed, for change notifications (none for a dry run or a replay).
    pub change: Option<Change>,
}

#[derive(Serialize, Deserialize)]
struct StoredResponse<T> {
    value: T,
    warnings: Vec<Issue>,
}

/// Runs one write: authorization and rules inside `body`, everything in one transaction.
#[tracing::instrument(skip_all, fields(operation = options.operation, dry_run = options.dry_run, actor = %actor.name))]
pub async fn run<T, F>(db: &Database, actor: &Actor, options: WriteOptions, body: F) -> ApiResult<Outcome<T>>
where
    T: Serialize + DeserializeOwned,
    F: AsyncFnOnce(&DatabaseTransaction) -> ApiResult<Written<T>>,
{
    if let Some(key) = &options.idempotency_key
        && (key.chars().count() > 200 || key.chars().any(char::is_control))
    {
        return Err(ApiError::invalid(
            "idempotency_key",
            "idempotencyKey",
            "idempotencyKey may be at most 200 characters, without control characters",
        ));
    }
    let write_guard = db.write_guard().await;
    let txn = db.begin_write().await?;
    let key = if options.dry_run {
        None
    } else {
        options.idempotency_key.clone()
    };
    let scope = actor.idempotency_scope();
    let claim_id = match &key {
        None => None,
        Some(key) => {
            match idempotency::claim(&txn, &scope, key, options.operation, &options.request_hash).await? {
                Claim::New(id) => Some(id),
                Claim::Replay(response) => {
                    drop(txn);
                    return replay(&response);
                }
                Claim::Lost => {
                    // The other request committed first: this one's transaction must end before we look.
                    drop(txn);
                    drop(write_guard);
                    return match idempotency::resolve_lost_race(
                        &db.conn,
                        &scope,
                        key,
                        options.operation,
                        &options.request_hash,
                    )
                    .await?
                    {
                        Some(response) => replay(&response),
                        None => Err(ApiError::Conflict(
                            "the same idempotency key is being used by another request right now; retry".into(),
                        )),
                    };
                }
            }
        }
    };
    let written = match body(&txn).await {
        Ok(written) => written,
        Err(error) => {
            drop(txn);
            drop(write_guard);
            audit_failure(db, actor, &options, &error).await;
            return Err(error);
        }
    };
    if options.dry_run {
        return Ok(Outcome {
            value: written.value,
            warnings: written.warnings,
            read_back: ReadBack::Uncommitted {
                conn: ReadConn::Transaction(Arc::new(txn)),
                write_guard,
            },
            replayed: false,
            change: None,
        });
    }
    let change = written.change.clone();
    let committed_change = written.change;
    let records = change.records();
    crate::store::changes::serialize_commits(&txn).await?;
    audit::record(
        &txn,
        AuditEntry {
            token_id: actor.token_id,
            actor: actor.name.clone(),
            operation: options.operation.to_owned(),
            outcome: "APPLIED".into(),
            record_type: Some(change.record_type.to_owned()),
            record_id: Some(change.record_id),
            organization_id: change.organization_id,
            before: change.before,
            after: change.after,
            request_id: options.request_id.clone(),
            records,
        },
    )
    .await?;
    for event in committed_change.events(options.operation) {
        crate::store::notify::publish(&txn, &event).await?;
    }
    if let Some(claim_id) = claim_id {
        let stored = StoredResponse {
            value: &written.value,
            warnings: written.warnings.clone(),
        };
        let json = serde_json::to_string(&stored).map_err(ApiError::internal)?;
        idempotency::complete(&txn, claim_id, &json).await?;
    }
    txn.commit().await?;
    drop(write_guard);
    Ok(Outcome {
        value: written.value,
        warnings: written.warnings,
        read_back: ReadBack::Committed,
        replayed: false,
        change: Some(committed_change),
    })
}

fn replay<T: DeserializeOwned>(response: &str) -> ApiResult<Outcome<T>> {
    let stored: StoredResponse<T> = serde_json::from_str(response).map_err(ApiError::internal)?;
    Ok(Outcome {
        value: stored.value,
        warnings: stored.warnings,
        read_back: ReadBack::Committed,
        replayed: true,
        change: None,
    })
}

/// Records a rejected write in a transaction of its own (the write's own was rolled back).
/// Authentication and authorization failures are not writes and are not recorded.
async fn audit_failure(db: &Database, actor: &Actor, options: &WriteOptions, error: &ApiError) {
    if matches!(error, ApiError::Unauthenticated(_) | ApiError::Forbidden(_)) {
        return;
    }
    let detail = match error {
        ApiError::BadUserInput(issues) => serde_json::to_value(issues).ok(),
        other => Some(serde_json::json!({ "message": other.message() })),
    };
    let entry = AuditEntry {
        token_id: actor.token_id,
        actor: actor.name.clone(),
        operation: options.operation.to_owned(),
        outcome: format!("REJECTED_{}", error.code()),
        after: detail,
        request_id: options.request_id.clone(),
        ..Default::default()
    };
    let _guard = db.write_guard().await;
    if let Err(failure) = audit::record(&db.conn, entry).await {
        tracing::warn!(?failure, "could not record a rejected write in the audit trail");
    }
}
