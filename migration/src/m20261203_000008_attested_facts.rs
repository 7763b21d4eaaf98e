//! What the sources attest, and no more: a position known only from a dated mention (its start
//! unknown), an organization whose fate the sources stop telling (its superior ended and no
//! article says what became of it), and the commendations, titles and emulation registrations a
//! party record keeps, each with the date its source gives.

use crate::schema_helpers::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // The date a source names someone in a position whose start it does not give.
        manager
            .alter_table(
                Table::alter()
                    .table("memberships")
                    .add_column(date_null("attested_on"))
                    .take(),
            )
            .await?;
        // From this date the sources do not say whether the organization exists or where it stands.
        manager
            .alter_table(
                Table::alter()
                    .table("organizations")
                    .add_column(date_null("status_unknown_from"))
                    .take(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table("commendations")
                    .col(id())
                    .col(reference("organization_id"))
                    .col(enumeration("kind"))
                    .col(text("text"))
                    .col(integer_null("year"))
                    .col(
                        ColumnDef::new("consecutive_years")
                            .boolean()
                            .not_null()
                            .default(false)
                            .take(),
                    )
                    .col(date_null("attested_on"))
                    .col(optional_reference("conferred_by_organization_id"))
                    .col(integer_null("collectives"))
                    .col(integer_null("individuals"))
                    .col(text_null("note"))
                    .col(optional_reference("source_id"))
                    .col(timestamp("created_at"))
                    .foreign_key(&mut foreign_key("commendations", "organization_id", "organizations"))
                    .foreign_key(&mut foreign_key(
                        "commendations",
                        "conferred_by_organization_id",
                        "organizations",
                    ))
                    .foreign_key(&mut foreign_key("commendations", "source_id", "sources"))
                    .take(),
            )
            .await?;
        manager
            .create_index(index(
                "commendations",
                "idx_commendations_organization_year",
                &["organization_id", "year"],
            ))
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("commendations").to_owned())
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("organizations")
                    .drop_column("status_unknown_from")
                    .take(),
            )
            .await?;
        manager
            .alter_table(Table::alter().table("memberships").drop_column("attested_on").take())
            .await?;
        Ok(())
    }
}
