//! The root mutation. Each field: check the caller, convert the input, run the domain write in
//! one transaction, publish the change, and answer with the written record read back (from the
//! uncommitted transaction for a dry run) and the warnings.

pub use super::caller::{Caller, authenticated};
use super::inputs::*;
use super::loaders::Scope;
use super::types::*;
use crate::error::ApiError;
use crate::events::EventBus;
use crate::store::{Database, ReadConn};
use crate::vocabulary::issues::Issue;
use crate::write::{self, Actor, Outcome, ReadBack, RecordId, RecordIds, WriteOptions};
use async_graphql::{Context, Object, Result, SimpleObject};
use entity::*;
use serde::Serialize;

/// A warning stored with the written record.
#[derive(SimpleObject, Clone)]
pub struct Warning {
    /// The rule, e.g. `declared_target_count`.
    pub rule: String,
    /// Where in the input, e.g. `resolution.targets`.
    pub path: String,
    pub message: String,
}

impl From<Issue> for Warning {
    fn from(issue: Issue) -> Self {
        Self {
            rule: issue.rule,
            path: issue.path,
            message: issue.message,
        }
    }
}

fn warnings(list: Vec<Issue>) -> Vec<Warning> {
    list.into_iter().map(Warning::from).collect()
}

/// The caller's actor, or `UNAUTHENTICATED`.
pub fn actor(ctx: &Context<'_>) -> Result<Actor, ApiError> {
    authenticated(
        ctx,
        "writes need a token: send Authorization: Bearer <token> (create one with `congress-api token create`)",
    )
}

fn database<'a>(ctx: &'a Context<'_>) -> Result<&'a Database, ApiError> {
    ctx.data::<Database>()
        .map_err(|_| ApiError::internal("schema without a database"))
}

/// A finished write: its result, warnings, and the scope to read the written records in.
struct Done<T> {
    value: T,
    warnings: Vec<Warning>,
    scope: Scope,
    dry_run: bool,
    replayed: bool,
}

/// Runs a domain write for a mutation, publishes what it committed, and returns the scope to
/// read the result back in: the pool once committed, the open transaction for a dry run.
async fn run_write<T, I, F>(
    ctx: &Context<'_>,
    operation: &'static str,
    input: &I,
    idempotency_key: Option<String>,
    dry_run: bool,
    body: F,
) -> Result<Done<T>, ApiError>
where
    T: Serialize + serde::de::DeserializeOwned,
    I: Serialize,
    F: AsyncFnOnce(&sea_orm::DatabaseTransaction, &Actor) -> Result<write::Written<T>, ApiError>,
{
    let actor = actor(ctx)?;
    let db = database(ctx)?;
    let mut options = WriteOptions::new(operation, input, idempotency_key);
    options.dry_run = dry_run;
    options.request_id = ctx.data_opt::<RequestId>().map(|id| id.0.clone());
    let run_actor = actor.clone();
    let Outcome {
        value,
        warnings: found,
        read_back,
        replayed,
        change,
    } = write::run(db, &actor, options, async move |txn| body(txn, &run_actor).await).await?;
    let scope = match read_back {
        ReadBack::Committed => Scope::new(ReadConn::Pool(db.conn.clone())),
        ReadBack::Uncommitted { conn, write_guard } => Scope::with_guard(conn, write_guard),
    };
    // On PostgreSQL the write's NOTIFY reaches every process's subscribers, this one's too.
    if let (Some(change), Ok(events)) = (change, ctx.data::<EventBus>())
        && db.backend() != sea_orm::DbBackend::Postgres
    {
        for event in change.events(operation) {
            events.publish(event);
        }
    }
    Ok(Done {
        value,
        warnings: warnings(found),
        scope,
        dry_run,
        replayed,
    })
}

/// The request's id, for the audit trail and logs.
#[derive(Clone)]
pub struct RequestId(pub String);

async fn load<M: crate::graphql::describe::Stored>(scope: &Scope, id: i64) -> Result<M, ApiError> {
    scope.require::<M>(id).await
}

macro_rules! payload {
    ($(#[$doc:meta])* $name:ident { $field:ident : $ty:ty }) => {
        $(#[$doc])*
        #[derive(SimpleObject)]
        pub struct $name {
            pub $field: $ty,
            /// Warnings stored with the record, for a person to look at.
            pub warnings: Vec<Warning>,
            /// True when nothing was written: the record shown is what would have been.
            pub dry_run: bool,
            /// True when an idempotency key returned an earlier write's result.
            pub replayed: bool,
        }
    };
}

payload!(SubmitCongressResultPayload { congress: Congress });
payload!(CreateOrganizationPayload {
    organization: Organization
});
payload!(MoveOrganizationPayload {
    organization: Organization
});
payload!(DissolveOrganizationPayload {
    organization: Organization
});
payload!(RecordLineagePayload { lineage: Lineage });
payload!(RecordOrganizationStatsPayload {
    stats: OrganizationStats
});
payload!(AddMembershipPayload { membership: Membership });
payload!(EndMembershipPayload { membership: Membership });
payload!(RecordTargetResultsPayload { results: Vec<TargetResult> });
payload!(AssignTargetsPayload { targets: Vec<Target> });
payload!(RecordReviewPayload { review: Review });
payload!(RecordRatingPayload { rating: Rating });
payload!(RecordCommendationPayload {
    commendation: Commendation
});
payload!(RecordDocumentPayload { document: Document });
payload!(RetractCongressResultPayload { congress: Congress });

pub struct MutationRoot;

#[Object(name = "Mutation")]
impl MutationRoot {
    /// Records the whole result of a congress in one transaction: the congress, its committees
    /// and members, the resolution with its targets, the source. All of it or nothing. With
    /// `dryRun`, every rule runs and the answer shows what would be written, but nothing is.
    async fn submit_congress_result(
        &self,
        ctx: &Context<'_>,
        input: CongressResultInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<SubmitCongressResultPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "submitCongressResult", &input, key, dry_run, async |txn, actor| {
            write::congress::submit(txn, actor, &command).await
        })
        .await?;
        let RecordId(id) = done.value;
        let congress = Congress::new(load::<congress::Model>(&done.scope, id).await?, &done.scope);
        Ok(SubmitCongressResultPayload {
            congress,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Creates an organization, placed under its parent from its founding (or `placedFrom`).
    async fn create_organization(
        &self,
        ctx: &Context<'_>,
        input: CreateOrganizationInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<CreateOrganizationPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "createOrganization", &input, key, dry_run, async |txn, actor| {
            write::organization::create(txn, actor, &command).await
        })
        .await?;
        let organization = Organization::new(
            load::<organization::Model>(&done.scope, done.value.0).await?,
            &done.scope,
        );
        Ok(CreateOrganizationPayload {
            organization,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Places an organization under a new parent from a date; the old placement ends that day.
    async fn move_organization(
        &self,
        ctx: &Context<'_>,
        input: MoveOrganizationInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<MoveOrganizationPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "moveOrganization", &input, key, dry_run, async |txn, actor| {
            write::organization::move_to(txn, actor, &command).await
        })
        .await?;
        let organization = Organization::new(
            load::<organization::Model>(&done.scope, done.value.0).await?,
            &done.scope,
        );
        Ok(MoveOrganizationPayload {
            organization,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Dissolves an organization from a date: its placement and its children's end, and the
    /// positions on its committees end (REORGANIZED).
    async fn dissolve_organization(
        &self,
        ctx: &Context<'_>,
        input: DissolveOrganizationInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<DissolveOrganizationPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "dissolveOrganization", &input, key, dry_run, async |txn, actor| {
            write::organization::dissolve(txn, actor, &command).await
        })
        .await?;
        let organization = Organization::new(
            load::<organization::Model>(&done.scope, done.value.0).await?,
            &done.scope,
        );
        Ok(DissolveOrganizationPayload {
            organization,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records that one organization came from another.
    async fn record_lineage(
        &self,
        ctx: &Context<'_>,
        input: RecordLineageInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordLineagePayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "recordLineage", &input, key, dry_run, async |txn, actor| {
            write::organization::record_lineage(txn, actor, &command).await
        })
        .await?;
        let model = load::<organization_lineage::Model>(&done.scope, done.value.0).await?;
        Ok(RecordLineagePayload {
            lineage: Lineage {
                model,
                scope: done.scope.clone(),
            },
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records a dated snapshot of an organization's size.
    async fn record_organization_stats(
        &self,
        ctx: &Context<'_>,
        input: RecordOrganizationStatsInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordOrganizationStatsPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(
            ctx,
            "recordOrganizationStats",
            &input,
            key,
            dry_run,
            async |txn, actor| write::organization::record_stats(txn, actor, &command).await,
        )
        .await?;
        let model = load::<organization_stats::Model>(&done.scope, done.value.0).await?;
        Ok(RecordOrganizationStatsPayload {
            stats: OrganizationStats {
                model,
                scope: done.scope.clone(),
            },
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Adds a member to a committee mid-term (SUPPLEMENTED unless said otherwise).
    async fn add_membership(
        &self,
        ctx: &Context<'_>,
        input: AddMembershipInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<AddMembershipPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "addMembership", &input, key, dry_run, async |txn, actor| {
            write::membership::add(txn, actor, &command).await
        })
        .await?;
        let membership = Membership::new(load::<membership::Model>(&done.scope, done.value.0).await?, &done.scope);
        Ok(AddMembershipPayload {
            membership,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Ends a membership with a date and reason; the record stays.
    async fn end_membership(
        &self,
        ctx: &Context<'_>,
        input: EndMembershipInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<EndMembershipPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "endMembership", &input, key, dry_run, async |txn, actor| {
            write::membership::end(txn, actor, &command).await
        })
        .await?;
        let membership = Membership::new(load::<membership::Model>(&done.scope, done.value.0).await?, &done.scope);
        Ok(EndMembershipPayload {
            membership,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records results against targets (several years or targets at once, all or nothing).
    async fn record_target_results(
        &self,
        ctx: &Context<'_>,
        input: RecordTargetResultsInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordTargetResultsPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "recordTargetResults", &input, key, dry_run, async |txn, actor| {
            write::results::record_target_results(txn, actor, &command).await
        })
        .await?;
        let RecordIds(ids) = done.value;
        let mut results = Vec::with_capacity(ids.len());
        for id in ids {
            let model = load::<target_result::Model>(&done.scope, id).await?;
            let target = load::<target::Model>(&done.scope, model.target_id).await?;
            results.push(TargetResult::new(model, target, &done.scope));
        }
        Ok(RecordTargetResultsPayload {
            results,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records targets a superior assigned outside a congress resolution ("chỉ tiêu Quận giao").
    async fn assign_targets(
        &self,
        ctx: &Context<'_>,
        input: AssignTargetsInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<AssignTargetsPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "assignTargets", &input, key, dry_run, async |txn, actor| {
            write::results::assign_targets(txn, actor, &command).await
        })
        .await?;
        let RecordIds(ids) = done.value;
        let found = done.scope.many_by_id::<target::Model>(ids.iter().copied()).await?;
        let targets = ids
            .iter()
            .filter_map(|id| found.get(id).cloned())
            .map(|model| Target::new(model, &done.scope))
            .collect();
        Ok(AssignTargetsPayload {
            targets,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records a review conference of a term.
    async fn record_review(
        &self,
        ctx: &Context<'_>,
        input: RecordReviewInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordReviewPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "recordReview", &input, key, dry_run, async |txn, actor| {
            write::results::record_review(txn, actor, &command).await
        })
        .await?;
        let model = load::<review::Model>(&done.scope, done.value.0).await?;
        Ok(RecordReviewPayload {
            review: Review {
                model,
                scope: done.scope.clone(),
            },
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records an emulation title, commendation, recognition, praise or emulation registration
    /// of an organization (or of the collectives and individuals under it), dated as its source
    /// dates it.
    async fn record_commendation(
        &self,
        ctx: &Context<'_>,
        input: RecordCommendationInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordCommendationPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "recordCommendation", &input, key, dry_run, async |txn, actor| {
            write::commendation::record(txn, actor, &command).await
        })
        .await?;
        let model = load::<commendation::Model>(&done.scope, done.value.0).await?;
        Ok(RecordCommendationPayload {
            commendation: Commendation {
                model,
                scope: done.scope.clone(),
            },
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records a yearly rating of an organization.
    async fn record_rating(
        &self,
        ctx: &Context<'_>,
        input: RecordRatingInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordRatingPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "recordRating", &input, key, dry_run, async |txn, actor| {
            write::results::record_rating(txn, actor, &command).await
        })
        .await?;
        let model = load::<rating::Model>(&done.scope, done.value.0).await?;
        Ok(RecordRatingPayload {
            rating: Rating {
                model,
                scope: done.scope.clone(),
            },
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Records a party document the records cite (found again by issuer, type, number and year).
    async fn record_document(
        &self,
        ctx: &Context<'_>,
        input: RecordDocumentInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RecordDocumentPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(ctx, "recordDocument", &input, key, dry_run, async |txn, actor| {
            write::document::record(txn, actor, &command).await
        })
        .await?;
        let document = Document::new(load::<document::Model>(&done.scope, done.value.0).await?, &done.scope);
        Ok(RecordDocumentPayload {
            document,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }

    /// Retracts a wrong congress submission: hidden from lists, reports and leadership, kept in
    /// the records and the audit trail, and announced as a tombstone in the change feed.
    async fn retract_congress_result(
        &self,
        ctx: &Context<'_>,
        input: RetractCongressResultInput,
        #[graphql(default_with = "Some(false)")] dry_run: Option<bool>,
    ) -> Result<RetractCongressResultPayload> {
        let key = input.idempotency_key.clone();
        let command = input.clone().command()?;
        let dry_run = dry_run.unwrap_or(false);
        let done = run_write(
            ctx,
            "retractCongressResult",
            &input,
            key,
            dry_run,
            async |txn, actor| write::retraction::retract(txn, actor, &command).await,
        )
        .await?;
        let congress = Congress::new(load::<congress::Model>(&done.scope, done.value.0).await?, &done.scope);
        Ok(RetractCongressResultPayload {
            congress,
            warnings: done.warnings,
            dry_run: done.dry_run,
            replayed: done.replayed,
        })
    }
}
