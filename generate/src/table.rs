//! The tables the generator fills, and the columns it writes of each, in the order it writes
//! each row's values.

/// A table the generator fills; its number indexes per-table arrays (counts, buffers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Table {
    Sources,
    Organizations,
    Placements,
    Stats,
    OrganizationSources,
    People,
    SearchTerms,
    Congresses,
    CongressSources,
    Committees,
    Memberships,
    Resolutions,
    Targets,
    Results,
}

pub(crate) const TABLE_COUNT: usize = 14;

/// Every table written, in foreign-key order: a flush sends the tables in this order, so rows that
/// others refer to always reach the database first.
pub(crate) const TABLES: [Table; TABLE_COUNT] = [
    Table::Sources,
    Table::Organizations,
    Table::Placements,
    Table::Stats,
    Table::OrganizationSources,
    Table::People,
    Table::SearchTerms,
    Table::Congresses,
    Table::CongressSources,
    Table::Committees,
    Table::Memberships,
    Table::Resolutions,
    Table::Targets,
    Table::Results,
];

impl Table {
    /// The table's name in the database.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Sources => "sources",
            Self::Organizations => "organizations",
            Self::Placements => "organization_placements",
            Self::Stats => "organization_stats",
            Self::OrganizationSources => "organization_sources",
            Self::People => "people",
            Self::SearchTerms => "search_terms",
            Self::Congresses => "congresses",
            Self::CongressSources => "congress_sources",
            Self::Committees => "committees",
            Self::Memberships => "memberships",
            Self::Resolutions => "resolutions",
            Self::Targets => "targets",
            Self::Results => "target_results",
        }
    }

    /// The columns written, in the order the generator writes each row's values. Columns left out
    /// (notes, documents, retraction) stay NULL.
    pub(crate) fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Sources => &["id", "title", "publisher", "identity_key", "created_at"],
            Self::Organizations => &[
                "id",
                "name",
                "kind",
                "level",
                "founded_on",
                "dissolved_on",
                "search_key",
                "search_exact",
                "source_id",
                "created_at",
                "updated_at",
            ],
            Self::Placements => &[
                "id",
                "organization_id",
                "parent_id",
                "valid_from",
                "valid_to",
                "source_id",
                "created_at",
            ],
            Self::Stats => &[
                "id",
                "organization_id",
                "as_of",
                "party_members",
                "cells",
                "source_id",
                "created_at",
            ],
            Self::OrganizationSources => &["organization_id", "source_id"],
            Self::People => &[
                "id",
                "full_name",
                "search_key",
                "search_exact",
                "source_id",
                "created_at",
            ],
            Self::SearchTerms => &["record_type", "term", "record_id"],
            Self::Congresses => &[
                "id",
                "organization_id",
                "ordinal",
                "term_start_year",
                "term_end_year",
                "kind",
                "opened_on",
                "closed_on",
                "delegate_count",
                "motto",
                "source_id",
                "created_at",
            ],
            Self::CongressSources => &["congress_id", "source_id"],
            Self::Committees => &[
                "id",
                "congress_id",
                "kind",
                "formation",
                "seat_count",
                "decided_by_organization_id",
                "source_id",
                "created_at",
            ],
            Self::Memberships => &[
                "id",
                "committee_id",
                "person_id",
                "position",
                "started_on",
                "ended_on",
                "start_reason",
                "end_reason",
                "source_id",
                "created_at",
                "updated_at",
            ],
            Self::Resolutions => &[
                "id",
                "congress_id",
                "title",
                "adopted_on",
                "declared_target_count",
                "source_id",
                "created_at",
            ],
            Self::Targets => &[
                "id",
                "organization_id",
                "congress_id",
                "resolution_id",
                "parent_id",
                "ordinal",
                "text",
                "measure",
                "comparator",
                "min_value",
                "max_value",
                "unit",
                "period",
                "assigned_by",
                "start_year",
                "end_year",
                "source_id",
                "created_at",
            ],
            Self::Results => &[
                "id",
                "target_id",
                "year_from",
                "year_to",
                "achieved",
                "planned",
                "reported_percent",
                "qualifier",
                "source_id",
                "created_at",
            ],
        }
    }

    /// Whether the table has an `id` identity whose sequence must move past the loaded rows.
    pub(crate) fn has_id(self) -> bool {
        !matches!(
            self,
            Self::OrganizationSources | Self::SearchTerms | Self::CongressSources
        )
    }
}
