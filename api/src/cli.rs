//! The server's commands: serve (the default), migrate, print the schema, manage tokens, import.
//!
//! The `congress-api` binary (`src/main.rs`) parses them, beside `generate` from the `generate`
//! crate, which depends on this one and so cannot be dispatched from here.

use crate::config::{DatabaseConfig, ServeConfig};
use crate::graphql::ids::{self, NodeType};
use crate::seed::{self, StepOutcome};
use crate::store::Database;
use crate::write::Actor;
use crate::write::tokens;
use anyhow::{Context as _, anyhow, bail};
use clap::{Subcommand, ValueEnum};
use entity::enums::Role;
use std::path::PathBuf;

/// The server's subcommands, in the order `congress-api --help` lists them.
// Parsed once at start-up: the size of the largest variant (the server's settings) costs nothing.
#[allow(clippy::large_enum_variant)]
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Serve the API (the default).
    Serve(ServeConfig),
    /// Apply pending migrations and exit.
    Migrate(DatabaseConfig),
    /// Print the GraphQL schema (SDL), as checked in at schema.graphql.
    Schema,
    /// Create, revoke and list API tokens. Writes need a token; reads too with --restrict-reads.
    Token {
        #[command(subcommand)]
        action: TokenAction,
    },
    /// Import a file of submissions (the shape of the mutation inputs) and report each outcome.
    Import(ImportArgs),
}

#[derive(ValueEnum, Debug, Clone, Copy)]
pub enum RoleArg {
    /// Writes anywhere, reads the audit trail.
    Admin,
    /// Writes inside one organization's subtree (with --organization), or anywhere.
    Editor,
    /// Reads, when reads are restricted.
    Viewer,
}

impl From<RoleArg> for Role {
    fn from(role: RoleArg) -> Self {
        match role {
            RoleArg::Admin => Role::Admin,
            RoleArg::Editor => Role::Editor,
            RoleArg::Viewer => Role::Viewer,
        }
    }
}

#[derive(Subcommand, Debug)]
pub enum TokenAction {
    /// Create a token; prints it alone on the last line. It is shown only this once.
    Create {
        #[arg(long, value_enum)]
        role: RoleArg,
        /// For an editor: the ID of the organization whose subtree it may write.
        #[arg(long)]
        organization: Option<String>,
        /// What the token is for, e.g. who holds it.
        #[arg(long, default_value = "unnamed")]
        name: String,
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// Revoke a token by its number (see `token list`).
    Revoke {
        id: i64,
        #[command(flatten)]
        database: DatabaseConfig,
    },
    /// List tokens (never their secrets).
    List {
        #[command(flatten)]
        database: DatabaseConfig,
    },
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// A JSON file: `{ "source": {...}, "steps": [{ "op", "key", "input" }] }` (as in data/seed/)
    /// or an array of submitCongressResult inputs.
    pub file: PathBuf,
    /// Check every submission against the rules without writing anything.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub database: DatabaseConfig,
}

/// Runs one of the server's commands to the end (serving: until it is told to stop).
pub async fn run(command: Command) -> anyhow::Result<()> {
    match command {
        Command::Serve(config) => crate::app::serve(config).await,
        Command::Migrate(config) => {
            open(&config).await?;
            println!("{}: migrated", Database::describe(&config.database_url));
            Ok(())
        }
        Command::Schema => {
            print!("{}", crate::graphql::schema_sdl());
            Ok(())
        }
        Command::Token { action } => token(action).await,
        Command::Import(args) => import(args).await,
    }
}

/// Opens and migrates the database (commands may run before the server ever has).
pub async fn open(config: &DatabaseConfig) -> anyhow::Result<Database> {
    let db = Database::connect(&config.options())
        .await
        .with_context(|| format!("cannot open {}", Database::describe(&config.database_url)))?;
    let lock = db.exclusive_startup_lock().await?;
    let migrated = db.migrate().await;
    lock.release().await;
    migrated.context("cannot migrate the database")?;
    Ok(db)
}

/// The command line is where a command's error is answered: an internal one is logged here.
fn describe_error(error: impl Into<crate::ApiError>) -> anyhow::Error {
    let error = error.into();
    error.log_if_internal();
    anyhow!("{}: {}", error.code(), error.message())
}

async fn token(action: TokenAction) -> anyhow::Result<()> {
    match action {
        TokenAction::Create {
            role,
            organization,
            name,
            database,
        } => {
            let db = open(&database).await?;
            let organization_id = match &organization {
                Some(id) => Some(ids::decode_as(id, NodeType::Organization, "--organization").map_err(describe_error)?),
                None => None,
            };
            if matches!(role, RoleArg::Editor) && organization_id.is_none() {
                eprintln!("note: an editor token without --organization may write anywhere");
            }
            let issued = tokens::issue(&db, &name, role.into(), organization_id)
                .await
                .map_err(describe_error)?;
            let scope = match &organization {
                Some(id) => format!(", writing inside organization {id}"),
                None => String::new(),
            };
            println!(
                "Created token {} ({:?}{scope}) named \"{}\".",
                issued.record.id, issued.record.role, issued.record.name
            );
            println!("Send it as Authorization: Bearer <token>. It is shown only now; store it safely.");
            println!("{}", issued.secret);
            Ok(())
        }
        TokenAction::Revoke { id, database } => {
            let db = open(&database).await?;
            if crate::store::tokens::revoke(&db.conn, id)
                .await
                .map_err(describe_error)?
            {
                println!("Revoked token {id}.");
                Ok(())
            } else {
                bail!("no active token {id}")
            }
        }
        TokenAction::List { database } => {
            let db = open(&database).await?;
            let list = crate::store::tokens::list(&db.conn).await.map_err(describe_error)?;
            println!(
                "{:>4}  {:<7}  {:<24}  {:<20}  {:<20}  {:<10}  name",
                "id", "role", "organization", "created", "last used", "status"
            );
            for token in list {
                let organization = token
                    .organization_id
                    .map(|id| ids::encode(NodeType::Organization, id).0)
                    .unwrap_or_else(|| "-".into());
                let status = if token.revoked_at.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!(
                    "{:>4}  {:<7}  {:<24}  {:<20}  {:<20}  {:<10}  {}",
                    token.id,
                    format!("{:?}", token.role).to_lowercase(),
                    organization,
                    token.created_at.format("%Y-%m-%d %H:%M:%S"),
                    token
                        .last_used_at
                        .map(|t| t.format("%Y-%m-%d %H:%M:%S").to_string())
                        .unwrap_or_else(|| "never".into()),
                    status,
                    token.name
                );
            }
            Ok(())
        }
    }
}

async fn import(args: ImportArgs) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("cannot read {}", args.file.display()))?;
    let db = open(&args.database).await?;
    let file_name = args
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let actor = Actor::system(&format!("import {file_name}"));
    let reports = seed::import_file(&db, &actor, &text, args.dry_run).await?;
    let mut rejected = 0;
    for report in &reports {
        let outcome = match &report.outcome {
            StepOutcome::Applied { ids, warnings } => {
                format!("applied ({} records), {} warnings", ids.len(), warnings.len())
            }
            StepOutcome::AlreadyImported { .. } => "already imported: nothing written".to_owned(),
            StepOutcome::Checked { warnings } => {
                format!("valid, {} warnings (dry run: nothing written)", warnings.len())
            }
            StepOutcome::Rejected(reason) => {
                rejected += 1;
                format!("REJECTED: {reason}")
            }
        };
        println!("step {:>3} {:<24} {outcome}", report.step, report.op);
        if let StepOutcome::Applied { warnings, .. } | StepOutcome::Checked { warnings } = &report.outcome {
            for warning in warnings {
                println!(
                    "          warning {} at {}: {}",
                    warning.rule, warning.path, warning.message
                );
            }
        }
    }
    println!("{} steps: {} rejected", reports.len(), rejected);
    if rejected > 0 {
        bail!("{rejected} of {} steps were rejected", reports.len());
    }
    Ok(())
}
