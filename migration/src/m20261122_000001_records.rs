//! The congress records: organizations and their tree over time, congresses, committees, people,
//! memberships, documents, resolutions, targets and results, reviews, ratings, sources, the
//! data-quality warnings and the audit trail.

use crate::schema_helpers::*;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// One table: its columns, foreign keys and indexes, created in that order.
struct TableSpec {
    name: &'static str,
    columns: Vec<ColumnDef>,
    foreign_keys: Vec<(&'static str, &'static str)>,
    indexes: Vec<IndexCreateStatement>,
    primary_key: Option<Vec<&'static str>>,
}

impl TableSpec {
    fn new(name: &'static str) -> Self {
        Self {
            name,
            columns: Vec::new(),
            foreign_keys: Vec::new(),
            indexes: Vec::new(),
            primary_key: None,
        }
    }

    fn column(mut self, column: ColumnDef) -> Self {
        self.columns.push(column);
        self
    }

    /// A required reference to `target.id`, with its foreign key (and an index when asked).
    fn required_ref(self, name: &'static str, target: &'static str, indexed: bool) -> Self {
        self.with_reference(reference(name), name, target, indexed)
    }

    /// An optional reference to `target.id`, with its foreign key (and an index when asked).
    fn optional_ref(self, name: &'static str, target: &'static str, indexed: bool) -> Self {
        self.with_reference(optional_reference(name), name, target, indexed)
    }

    fn with_reference(mut self, column: ColumnDef, name: &'static str, target: &'static str, indexed: bool) -> Self {
        self.columns.push(column);
        self.foreign_keys.push((name, target));
        if indexed {
            let index_name = format!("idx_{}_{}", self.name, name);
            self.indexes.push(index(self.name, &index_name, &[name]));
        }
        self
    }

    fn index(mut self, name: &str, columns: &[&'static str]) -> Self {
        self.indexes.push(index(self.name, name, columns));
        self
    }

    fn unique(mut self, name: &str, columns: &[&'static str]) -> Self {
        self.indexes.push(unique_index(self.name, name, columns));
        self
    }

    fn primary_key(mut self, columns: &[&'static str]) -> Self {
        self.primary_key = Some(columns.to_vec());
        self
    }

    async fn create(self, manager: &SchemaManager<'_>) -> Result<(), DbErr> {
        let mut table = Table::create().table(self.name).take();
        for mut column in self.columns {
            table.col(&mut column);
        }
        if let Some(columns) = &self.primary_key {
            let mut key = Index::create().take();
            for column in columns {
                key.col(*column);
            }
            table.primary_key(&mut key);
        }
        for (column, target) in &self.foreign_keys {
            table.foreign_key(&mut foreign_key(self.name, column, target));
        }
        manager.create_table(table).await?;
        for index in self.indexes {
            manager.create_index(index).await?;
        }
        Ok(())
    }
}

fn tables(backend: sea_orm_migration::sea_orm::DbBackend) -> Vec<TableSpec> {
    vec![
        TableSpec::new("sources")
            .column(id())
            .column(text("title"))
            .column(text_null("url"))
            .column(text_null("publisher"))
            .column(date_null("published_on"))
            .column(timestamp_null("published_at"))
            .column(text_null("author"))
            .column(text_null("file_name"))
            // url, or folded title and date: the same article submitted twice is one source.
            .column(text("identity_key"))
            .column(timestamp("created_at"))
            .unique("ux_sources_identity_key", &["identity_key"]),
        TableSpec::new("organizations")
            .column(id())
            .column(text("name"))
            .column(enumeration("kind"))
            .column(enumeration("level"))
            .column(date_null("founded_on"))
            .column(date_null("dissolved_on"))
            .column(search_key(backend, "search_key"))
            .column(text("search_exact"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .column(timestamp("updated_at"))
            .index("idx_organizations_search_key", &["search_key"])
            .index("idx_organizations_kind", &["kind"]),
        TableSpec::new("organization_placements")
            .column(id())
            .required_ref("organization_id", "organizations", false)
            .required_ref("parent_id", "organizations", false)
            .column(date_null("valid_from"))
            .column(date_null("valid_to"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index(
                "idx_organization_placements_organization",
                &["organization_id", "valid_from"],
            )
            .index("idx_organization_placements_parent", &["parent_id", "valid_from"]),
        TableSpec::new("organization_lineages")
            .column(id())
            .required_ref("predecessor_id", "organizations", true)
            .required_ref("successor_id", "organizations", true)
            .column(enumeration("kind"))
            .column(date("effective_on"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at")),
        TableSpec::new("organization_stats")
            .column(id())
            .required_ref("organization_id", "organizations", false)
            .column(date("as_of"))
            .column(integer_null("party_members"))
            .column(integer_null("cells"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index("idx_organization_stats_organization", &["organization_id", "as_of"]),
        TableSpec::new("organization_sources")
            .required_ref("organization_id", "organizations", false)
            .required_ref("source_id", "sources", true)
            .primary_key(&["organization_id", "source_id"]),
        TableSpec::new("people")
            .column(id())
            .column(text("full_name"))
            .column(search_key(backend, "search_key"))
            .column(text("search_exact"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index("idx_people_search_key", &["search_key"]),
        // One row per word-start suffix of a name ("cu khoi", "khoi"): a prefix range over `term`
        // finds a name by any of its words, from the index.
        TableSpec::new("search_terms")
            .column(ColumnDef::new("record_type").string_len(20).not_null().take())
            .column(search_key(backend, "term"))
            .column(reference("record_id"))
            .primary_key(&["record_type", "term", "record_id"])
            .index("idx_search_terms_record", &["record_type", "record_id"]),
        TableSpec::new("documents")
            .column(id())
            .column(text_null("symbol"))
            .column(text_null("symbol_key"))
            .column(integer_null("number"))
            .column(text_null("type_code"))
            .column(text_null("issuer_code"))
            .column(date_null("issued_on"))
            .column(integer_null("issued_year"))
            .column(text_null("title"))
            .optional_ref("issuer_organization_id", "organizations", true)
            // issuer, type, number, year (and issuing body when known): symbols repeat every term.
            .column(text("identity_key"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .unique("ux_documents_identity_key", &["identity_key"])
            .index("idx_documents_symbol_key", &["symbol_key"]),
        TableSpec::new("congresses")
            .column(id())
            .required_ref("organization_id", "organizations", false)
            .column(integer_null("ordinal"))
            .column(integer("term_start_year"))
            .column(integer("term_end_year"))
            .column(enumeration_null("kind"))
            .column(date_null("opened_on"))
            .column(date_null("closed_on"))
            .column(integer_null("delegate_count"))
            .column(text_null("motto"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .unique("ux_congresses_organization_ordinal", &["organization_id", "ordinal"])
            .index(
                "idx_congresses_organization_term",
                &["organization_id", "term_start_year"],
            )
            .index("idx_congresses_term", &["term_start_year", "term_end_year"]),
        TableSpec::new("congress_sources")
            .required_ref("congress_id", "congresses", false)
            .required_ref("source_id", "sources", true)
            .primary_key(&["congress_id", "source_id"]),
        TableSpec::new("committees")
            .column(id())
            .required_ref("congress_id", "congresses", false)
            .column(enumeration("kind"))
            .column(enumeration("formation"))
            .column(integer_null("seat_count"))
            .optional_ref("decision_document_id", "documents", true)
            .optional_ref("decided_by_organization_id", "organizations", true)
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .unique("ux_committees_congress_kind", &["congress_id", "kind"]),
        TableSpec::new("memberships")
            .column(id())
            .required_ref("committee_id", "committees", true)
            .required_ref("person_id", "people", true)
            .column(enumeration("position"))
            .column(date_null("started_on"))
            .column(date_null("ended_on"))
            .column(enumeration("start_reason"))
            .column(enumeration_null("end_reason"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .column(timestamp("updated_at")),
        TableSpec::new("resolutions")
            .column(id())
            .required_ref("congress_id", "congresses", false)
            .optional_ref("document_id", "documents", true)
            .column(text("title"))
            .column(date_null("adopted_on"))
            .column(integer_null("declared_target_count"))
            .column(integer_null("declared_breakthrough_count"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .unique("ux_resolutions_congress", &["congress_id"]),
        TableSpec::new("targets")
            .column(id())
            .required_ref("organization_id", "organizations", false)
            .optional_ref("congress_id", "congresses", true)
            .optional_ref("resolution_id", "resolutions", true)
            .optional_ref("parent_id", "targets", true)
            .column(integer("ordinal"))
            .column(text("text"))
            .column(enumeration_null("measure"))
            .column(enumeration_null("comparator"))
            .column(decimal_text_null("min_value"))
            .column(decimal_text_null("max_value"))
            .column(text_null("unit"))
            .column(enumeration_null("period"))
            .column(enumeration("assigned_by"))
            .optional_ref("assigned_by_organization_id", "organizations", false)
            .column(integer("start_year"))
            .column(integer("end_year"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index(
                "idx_targets_organization_years",
                &["organization_id", "start_year", "end_year"],
            ),
        TableSpec::new("target_results")
            .column(id())
            .required_ref("target_id", "targets", false)
            .column(integer("year_from"))
            .column(integer("year_to"))
            .column(decimal_text_null("achieved"))
            .column(decimal_text_null("planned"))
            // "5/7 streets": the whole the achieved figure is part of; unlike a plan it cannot be exceeded.
            .column(decimal_text_null("out_of"))
            .column(decimal_text_null("reported_percent"))
            .column(enumeration_null("qualifier"))
            .column(enumeration_null("reported_status"))
            .column(text_null("note"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index("idx_target_results_target", &["target_id", "year_from"]),
        TableSpec::new("reviews")
            .column(id())
            .required_ref("congress_id", "congresses", true)
            .column(enumeration("kind"))
            .column(date("held_on"))
            .column(text_null("title"))
            .column(text_null("summary"))
            // JSON arrays kept as text: findings are short passages, guests are names with roles.
            .column(text("findings"))
            .column(text("guests"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at")),
        TableSpec::new("ratings")
            .column(id())
            .required_ref("organization_id", "organizations", false)
            .column(integer("year"))
            .column(enumeration("level"))
            .column(text_null("label"))
            .column(text_null("title"))
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index("idx_ratings_organization_year", &["organization_id", "year"]),
        TableSpec::new("data_quality_issues")
            .column(id())
            .column(ColumnDef::new("rule").string_len(80).not_null().take())
            .column(enumeration("severity"))
            .column(text("path"))
            .column(text("message"))
            .column(ColumnDef::new("record_type").string_len(40).not_null().take())
            .column(reference("record_id"))
            .optional_ref("organization_id", "organizations", true)
            .optional_ref("source_id", "sources", false)
            .column(timestamp("created_at"))
            .index("idx_data_quality_issues_rule", &["rule"])
            .index("idx_data_quality_issues_record", &["record_type", "record_id"]),
        TableSpec::new("audit_events")
            .column(id())
            .column(timestamp("occurred_at"))
            .column(optional_reference("token_id"))
            .column(text("actor"))
            .column(ColumnDef::new("operation").string_len(80).not_null().take())
            .column(ColumnDef::new("outcome").string_len(40).not_null().take())
            .column(ColumnDef::new("record_type").string_len(40).null().take())
            .column(optional_reference("record_id"))
            .optional_ref("organization_id", "organizations", false)
            .column(text_null("before"))
            .column(text_null("after"))
            .column(text_null("request_id"))
            .index("idx_audit_events_record", &["record_type", "record_id"])
            .index("idx_audit_events_organization", &["organization_id", "occurred_at"])
            .index("idx_audit_events_occurred_at", &["occurred_at"]),
    ]
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables(manager.get_database_backend()) {
            table.create(manager).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in tables(manager.get_database_backend()).into_iter().rev() {
            manager.drop_table(Table::drop().table(table.name).take()).await?;
        }
        Ok(())
    }
}
