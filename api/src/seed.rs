//! The sample data: the facts of the seed articles, kept as JSON in `data/seed/` and loaded into
//! an empty database through the same domain write path as the mutations (the same rules,
//! warnings, audit trail and idempotency keys). The same loader imports files of submissions.
//!
//! A file holds the article it cites and a list of steps: `{ "op", "key"?, "input" }`. The input
//! has the shape of the mutation's input (camelCase); an ID may be written `"@key"` to refer to a
//! record an earlier step created. A congress step with key `k` also names its committees
//! (`@k/EXECUTIVE`) and targets by position (`@k/target/3`, `@k/target/3/1`).

use crate::domain::commands::*;
use crate::error::ApiError;
use crate::store::idempotency;
use crate::store::{self, Conn, Database};
use crate::vocabulary::issues::Issue;
use crate::write::{self, Actor, RecordId, RecordIds, WriteOptions};
use anyhow::{Context as _, anyhow, bail};
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;

static SAMPLE_DATA: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../data/seed");

const ACTOR: &str = "sample-data";
const COMPLETE_KEY: &str = "complete";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct SeedFile {
    /// The article every step cites unless it names its own source.
    source: Option<SourceCommand>,
    /// Why the facts were read as they were: for people, not for the loader.
    #[serde(default)]
    #[allow(dead_code)]
    // Documentation kept in the data file; deserialized so typos in it fail loudly.
    notes: Vec<String>,
    steps: Vec<Step>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Step {
    op: String,
    key: Option<String>,
    input: Value,
}

/// What a load did.
#[derive(Debug, Default, Clone)]
pub struct LoadReport {
    pub files: usize,
    pub steps: usize,
    /// Steps an earlier, interrupted load had already applied.
    pub replayed: usize,
    pub warnings: Vec<Issue>,
}

/// Loads the sample data into an empty database; does nothing to a database that has data of
/// its own. Resumes a load that was interrupted.
pub async fn load_sample_data_if_empty(db: &Database) -> anyhow::Result<Option<LoadReport>> {
    let scope = format!("system:{ACTOR}");
    if idempotency::find(&db.conn, &scope, COMPLETE_KEY)
        .await
        .map_err(describe)?
        .is_some()
    {
        return Ok(None);
    }
    let has_records = crate::store::organizations::any(&db.conn).await.map_err(describe)?;
    let started = idempotency::has_scope(&db.conn, &scope).await.map_err(describe)?;
    if has_records && !started {
        return Ok(None);
    }
    let report = load_files(db, &Actor::system(ACTOR), sample_files()?).await?;
    idempotency::mark(&db.conn, &scope, COMPLETE_KEY, "loadSampleData")
        .await
        .map_err(describe)?;
    Ok(Some(report))
}

/// The embedded sample-data files, in name order.
fn sample_files() -> anyhow::Result<Vec<(String, String)>> {
    let mut files: Vec<(String, String)> = SAMPLE_DATA
        .files()
        .filter(|file| file.path().extension().is_some_and(|ext| ext == "json"))
        .map(|file| {
            let name = file.path().display().to_string();
            let text = file
                .contents_utf8()
                .ok_or_else(|| anyhow!("{name} is not UTF-8"))?
                .to_owned();
            Ok((name, text))
        })
        .collect::<anyhow::Result<_>>()?;
    files.sort();
    Ok(files)
}

/// Loads files of steps in order as `actor`; every step is idempotent under its position.
pub async fn load_files(db: &Database, actor: &Actor, files: Vec<(String, String)>) -> anyhow::Result<LoadReport> {
    let mut keys: HashMap<String, i64> = HashMap::new();
    let mut report = LoadReport::default();
    for (name, text) in files {
        let file: SeedFile = serde_json::from_str(&text).with_context(|| format!("{name} is not a valid data file"))?;
        for (index, step) in file.steps.into_iter().enumerate() {
            let context = format!("{name}, step {} ({})", index + 1, step.op);
            let input = resolve_refs(step.input, &keys).with_context(|| context.clone())?;
            let idempotency_key = format!("{name}:{}", index + 1);
            let (ids, warnings, replayed) =
                apply(db, actor, &step.op, input, file.source.as_ref(), idempotency_key, false)
                    .await
                    .with_context(|| context.clone())?;
            if let Some(key) = step.key {
                register(db, &mut keys, &key, &step.op, &ids)
                    .await
                    .with_context(|| context.clone())?;
            }
            report.steps += 1;
            report.replayed += usize::from(replayed);
            report.warnings.extend(warnings);
        }
        report.files += 1;
    }
    Ok(report)
}

/// What happened to one step of an import.
#[derive(Debug, Clone)]
pub enum StepOutcome {
    Applied {
        ids: Vec<i64>,
        warnings: Vec<Issue>,
    },
    /// The same step of the same file was imported before: nothing new was written.
    AlreadyImported {
        ids: Vec<i64>,
    },
    /// Dry run: every rule passed; nothing was written.
    Checked {
        warnings: Vec<Issue>,
    },
    Rejected(String),
}

#[derive(Debug, Clone)]
pub struct StepReport {
    pub step: usize,
    pub op: String,
    pub outcome: StepOutcome,
}

/// Imports a file of submissions: a data file (`{ "source", "steps" }`, as in `data/seed/`) or
/// a JSON array of `submitCongressResult` inputs. IDs are the API's IDs or `"@key"` references.
/// Every step runs on its own (a rejected step does not stop the others) and is idempotent: the
/// same file imported again writes nothing new. With `dry_run`, every step is checked and none
/// is written (steps that refer to records an earlier step would create cannot be checked).
pub async fn import_file(db: &Database, actor: &Actor, text: &str, dry_run: bool) -> anyhow::Result<Vec<StepReport>> {
    let value: Value = serde_json::from_str(text).context("the file is not JSON")?;
    let file: SeedFile = match value {
        Value::Array(inputs) => SeedFile {
            source: None,
            notes: Vec::new(),
            steps: inputs
                .into_iter()
                .map(|input| Step {
                    op: "submitCongressResult".into(),
                    key: None,
                    input,
                })
                .collect(),
        },
        other => serde_json::from_value(other)
            .context("expected { \"steps\": [...] } or an array of submitCongressResult inputs")?,
    };
    let file_hash = &crate::write::hash_input(&text)[..16];
    let mut keys: HashMap<String, i64> = HashMap::new();
    let mut reports = Vec::with_capacity(file.steps.len());
    for (index, step) in file.steps.into_iter().enumerate() {
        let outcome = match resolve_refs(step.input, &keys) {
            Err(error) => StepOutcome::Rejected(format!("{error:#}")),
            Ok(input) => {
                let key = format!("import:{file_hash}:{}", index + 1);
                match apply(db, actor, &step.op, input, file.source.as_ref(), key, dry_run).await {
                    Err(error) => StepOutcome::Rejected(format!("{error:#}")),
                    Ok((_, warnings, _)) if dry_run => StepOutcome::Checked { warnings },
                    Ok((ids, warnings, replayed)) => {
                        if let Some(name) = &step.key
                            && let Err(error) = register(db, &mut keys, name, &step.op, &ids).await
                        {
                            tracing::warn!(%error, "could not name the records of an imported step");
                        }
                        if replayed {
                            StepOutcome::AlreadyImported { ids }
                        } else {
                            StepOutcome::Applied { ids, warnings }
                        }
                    }
                }
            }
        };
        reports.push(StepReport {
            step: index + 1,
            op: step.op,
            outcome,
        });
    }
    Ok(reports)
}

/// Replaces every `"@key"` string with the ID that key names, and every API ID (as the API
/// returns them) given for an `...Id` field with the record's key.
fn resolve_refs(value: Value, keys: &HashMap<String, i64>) -> anyhow::Result<Value> {
    resolve_field(value, keys, false)
}

fn resolve_field(value: Value, keys: &HashMap<String, i64>, is_id_field: bool) -> anyhow::Result<Value> {
    Ok(match value {
        Value::String(text) if text.starts_with('@') => {
            let id = keys
                .get(&text[1..])
                .ok_or_else(|| anyhow!("{text} does not name an earlier record"))?;
            Value::from(*id)
        }
        Value::String(text) if is_id_field => match crate::graphql::ids::decode(&text) {
            Some((_, id)) => Value::from(id),
            None => bail!("\"{text}\" is not an ID"),
        },
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|v| resolve_field(v, keys, is_id_field))
                .collect::<anyhow::Result<_>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let id_field = k.ends_with("Id");
                    Ok((k, resolve_field(v, keys, id_field)?))
                })
                .collect::<anyhow::Result<_>>()?,
        ),
        other => other,
    })
}

fn with_default_source(mut input: Value, source: Option<&SourceCommand>) -> anyhow::Result<Value> {
    if let (Value::Object(map), Some(source)) = (&mut input, source)
        && !map.contains_key("source")
    {
        map.insert("source".into(), serde_json::to_value(source)?);
    }
    Ok(input)
}

/// The command line is where a loading error is answered: an internal one is logged here.
fn describe(error: impl Into<ApiError>) -> anyhow::Error {
    let error = error.into();
    error.log_if_internal();
    match error {
        ApiError::BadUserInput(issues) => anyhow!(
            "rejected: {}",
            issues
                .iter()
                .map(|i| format!("{} at {}: {}", i.rule, i.path, i.message))
                .collect::<Vec<_>>()
                .join("; ")
        ),
        other => anyhow!("{}: {}", other.code(), other.message()),
    }
}

/// Applies one step through the domain write path; returns the IDs it wrote.
async fn apply(
    db: &Database,
    actor: &Actor,
    op: &str,
    input: Value,
    source: Option<&SourceCommand>,
    idempotency_key: String,
    dry_run: bool,
) -> anyhow::Result<(Vec<i64>, Vec<Issue>, bool)> {
    let input = with_default_source(input, source)?;
    macro_rules! run {
        ($command:ty, $operation:literal, $body:path, $ids:expr) => {{
            let command: $command =
                serde_json::from_value(input.clone()).context("the input does not have the expected shape")?;
            let mut options = WriteOptions::new($operation, &input, Some(idempotency_key));
            options.dry_run = dry_run;
            let outcome = write::run(db, actor, options, async |txn| $body(txn, actor, &command).await)
                .await
                .map_err(describe)?;
            let ids: Vec<i64> = $ids(outcome.value);
            Ok((ids, outcome.warnings, outcome.replayed))
        }};
    }
    let one = |id: RecordId| vec![id.0];
    let many = |ids: RecordIds| ids.0;
    match op {
        "createOrganization" => run!(
            CreateOrganization,
            "createOrganization",
            write::organization::create,
            one
        ),
        "moveOrganization" => run!(MoveOrganization, "moveOrganization", write::organization::move_to, one),
        "dissolveOrganization" => run!(
            DissolveOrganization,
            "dissolveOrganization",
            write::organization::dissolve,
            one
        ),
        "recordLineage" => run!(RecordLineage, "recordLineage", write::organization::record_lineage, one),
        "recordOrganizationStats" => run!(
            RecordStats,
            "recordOrganizationStats",
            write::organization::record_stats,
            one
        ),
        "submitCongressResult" => run!(CongressResult, "submitCongressResult", write::congress::submit, one),
        "addMembership" => run!(AddMembership, "addMembership", write::membership::add, one),
        "endMembership" => run!(EndMembership, "endMembership", write::membership::end, one),
        "recordTargetResults" => run!(
            RecordTargetResults,
            "recordTargetResults",
            write::results::record_target_results,
            many
        ),
        "assignTargets" => run!(AssignTargets, "assignTargets", write::results::assign_targets, many),
        "recordReview" => run!(RecordReview, "recordReview", write::results::record_review, one),
        "recordRating" => run!(RecordRating, "recordRating", write::results::record_rating, one),
        "recordCommendation" => run!(
            RecordCommendation,
            "recordCommendation",
            write::commendation::record,
            one
        ),
        "recordDocument" => run!(RecordDocument, "recordDocument", write::document::record, one),
        "retractCongressResult" => {
            run!(
                RetractCongressResult,
                "retractCongressResult",
                write::retraction::retract,
                one
            )
        }
        other => bail!("unknown op \"{other}\""),
    }
}

/// Names what a step created: the record, and for congresses and targets what they contain.
async fn register(
    db: &Database,
    keys: &mut HashMap<String, i64>,
    key: &str,
    op: &str,
    ids: &[i64],
) -> anyhow::Result<()> {
    match op {
        "submitCongressResult" => {
            let congress_id = *ids.first().ok_or_else(|| anyhow!("no congress was written"))?;
            keys.insert(key.to_owned(), congress_id);
            for row in store::committees::of_congress(&db.conn, congress_id)
                .await
                .map_err(describe)?
            {
                let kind = serde_json::to_value(row.kind)?;
                keys.insert(format!("{key}/{}", kind.as_str().unwrap_or_default()), row.id);
            }
            let top = store::resolutions::top_target_ids_of_congress(&db.conn, congress_id)
                .await
                .map_err(describe)?;
            register_targets(&db.conn, keys, &format!("{key}/target"), &top).await
        }
        "assignTargets" => register_targets(&db.conn, keys, &format!("{key}/target"), ids).await,
        _ => {
            let id = *ids.first().ok_or_else(|| anyhow!("no record was written"))?;
            keys.insert(key.to_owned(), id);
            Ok(())
        }
    }
}

async fn register_targets(
    conn: &impl Conn,
    keys: &mut HashMap<String, i64>,
    prefix: &str,
    ids: &[i64],
) -> anyhow::Result<()> {
    for (index, id) in ids.iter().enumerate() {
        let path = format!("{prefix}/{}", index + 1);
        keys.insert(path.clone(), *id);
        let children = store::resolutions::child_target_ids(conn, *id)
            .await
            .map_err(describe)?;
        if !children.is_empty() {
            Box::pin(register_targets(conn, keys, &path, &children)).await?;
        }
    }
    Ok(())
}
