//! Where the generated rows go: one transaction on an empty database, PostgreSQL or SQLite.

use crate::postgres::PostgresLoader;
use crate::sink::Chunk;
use crate::sqlite::SqliteLoader;
use anyhow::bail;
use api::store::Database;
use sea_orm::DbBackend;

/// What a second run into the same database is told.
pub(crate) const NOT_EMPTY: &str = "the database already holds organizations: generate fills an empty database only";

/// The writer of one load, on the backend of the database.
pub(crate) enum Loader {
    Postgres(PostgresLoader),
    Sqlite(SqliteLoader),
}

impl Loader {
    /// Opens the load's transaction and checks that the database is empty.
    pub(crate) async fn begin(db: &Database) -> anyhow::Result<Self> {
        match db.backend() {
            DbBackend::Postgres => Ok(Self::Postgres(PostgresLoader::begin(db).await?)),
            DbBackend::Sqlite => Ok(Self::Sqlite(SqliteLoader::begin(db).await?)),
            other => bail!("generate supports PostgreSQL and SQLite, not {other:?}"),
        }
    }

    pub(crate) async fn write(&mut self, chunk: Chunk) -> anyhow::Result<()> {
        match self {
            Self::Postgres(loader) => loader.write(chunk).await,
            Self::Sqlite(loader) => loader.write(chunk).await,
        }
    }

    pub(crate) async fn finish(self) -> anyhow::Result<()> {
        match self {
            Self::Postgres(loader) => loader.finish().await,
            Self::Sqlite(loader) => loader.finish().await,
        }
    }
}
