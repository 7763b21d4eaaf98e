//! The tables the generator fills, and their columns, taken from the SeaORM entities.
//!
//! A row is written in its entity's column order, every column but the few this module lists as
//! left NULL. The column lists of the COPY and INSERT statements come from the same place, so a
//! column added to an entity is either filled by the generator or named here as left NULL: if it
//! is neither, the row comes out one value short and the tests fail (see `generator.rs`).

use entity::{
    committee, congress, congress_source, membership, organization, organization_placement, organization_source,
    organization_stats, person, resolution, search_term, source, target, target_result,
};
use sea_orm::{ColumnTrait, EntityTrait, IdenStatic, Iterable, PrimaryKeyTrait};
use std::sync::LazyLock;

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

/// What the generator needs to know of a table, read from its entity.
struct Shape {
    name: &'static str,
    /// The columns written, in the entity's order: all of them but `left_null`.
    written: Vec<&'static str>,
    /// Columns the generator leaves NULL (notes, documents, retractions ...), with whether the
    /// entity declares them nullable: the tests check that it does.
    #[cfg(test)]
    left_null: Vec<(&'static str, bool)>,
    /// Whether the primary key is an identity the database hands out: after a load that brought
    /// its own IDs, its sequence must move past them.
    identity: bool,
}

fn shape<E: EntityTrait>(left_null: &[E::Column]) -> Shape {
    let left_null: Vec<(&'static str, bool)> = left_null
        .iter()
        .map(|column| (column.as_str(), column.def().is_null()))
        .collect();
    Shape {
        name: E::default().table_name(),
        written: E::Column::iter()
            .map(|column| column.as_str())
            .filter(|name| !left_null.iter().any(|(left, _)| left == name))
            .collect(),
        #[cfg(test)]
        left_null,
        identity: <E::PrimaryKey as PrimaryKeyTrait>::auto_increment(),
    }
}

/// The tables' shapes, indexed by [`Table`]: read from the entities once, then only looked up.
static SHAPES: LazyLock<Vec<Shape>> = LazyLock::new(|| TABLES.iter().map(|table| table.shape()).collect());

impl Table {
    /// The entity behind the table, and the columns the generator leaves NULL.
    fn shape(self) -> Shape {
        match self {
            Self::Sources => shape::<source::Entity>(&[
                source::Column::Url,
                source::Column::PublishedOn,
                source::Column::PublishedAt,
                source::Column::Author,
                source::Column::FileName,
            ]),
            Self::Organizations => shape::<organization::Entity>(&[organization::Column::StatusUnknownFrom]),
            Self::Placements => shape::<organization_placement::Entity>(&[]),
            Self::Stats => shape::<organization_stats::Entity>(&[organization_stats::Column::Note]),
            Self::OrganizationSources => shape::<organization_source::Entity>(&[]),
            Self::People => shape::<person::Entity>(&[person::Column::Note]),
            Self::SearchTerms => shape::<search_term::Entity>(&[]),
            Self::Congresses => shape::<congress::Entity>(&[
                congress::Column::Note,
                congress::Column::RetractedAt,
                congress::Column::RetractionReason,
            ]),
            Self::CongressSources => shape::<congress_source::Entity>(&[]),
            Self::Committees => shape::<committee::Entity>(&[committee::Column::DecisionDocumentId]),
            Self::Memberships => {
                shape::<membership::Entity>(&[membership::Column::AttestedOn, membership::Column::Note])
            }
            Self::Resolutions => shape::<resolution::Entity>(&[
                resolution::Column::DocumentId,
                resolution::Column::DeclaredBreakthroughCount,
            ]),
            Self::Targets => shape::<target::Entity>(&[target::Column::AssignedByOrganizationId, target::Column::Note]),
            Self::Results => shape::<target_result::Entity>(&[
                target_result::Column::OutOf,
                target_result::Column::ReportedStatus,
                target_result::Column::Note,
            ]),
        }
    }

    /// The table's name in the database.
    pub(crate) fn name(self) -> &'static str {
        SHAPES[self as usize].name
    }

    /// The columns written, in the order each row's values come.
    pub(crate) fn columns(self) -> &'static [&'static str] {
        &SHAPES[self as usize].written
    }

    /// Whether the table has an `id` identity whose sequence must move past the loaded rows.
    pub(crate) fn has_id(self) -> bool {
        SHAPES[self as usize].identity
    }
}

/// An entity the generator writes rows of: rows are built with its `Column`s, so a value cannot
/// land in another table's column.
pub(crate) trait Loaded: EntityTrait {
    const TABLE: Table;
}

impl Loaded for source::Entity {
    const TABLE: Table = Table::Sources;
}
impl Loaded for organization::Entity {
    const TABLE: Table = Table::Organizations;
}
impl Loaded for organization_placement::Entity {
    const TABLE: Table = Table::Placements;
}
impl Loaded for organization_stats::Entity {
    const TABLE: Table = Table::Stats;
}
impl Loaded for organization_source::Entity {
    const TABLE: Table = Table::OrganizationSources;
}
impl Loaded for person::Entity {
    const TABLE: Table = Table::People;
}
impl Loaded for search_term::Entity {
    const TABLE: Table = Table::SearchTerms;
}
impl Loaded for congress::Entity {
    const TABLE: Table = Table::Congresses;
}
impl Loaded for congress_source::Entity {
    const TABLE: Table = Table::CongressSources;
}
impl Loaded for committee::Entity {
    const TABLE: Table = Table::Committees;
}
impl Loaded for membership::Entity {
    const TABLE: Table = Table::Memberships;
}
impl Loaded for resolution::Entity {
    const TABLE: Table = Table::Resolutions;
}
impl Loaded for target::Entity {
    const TABLE: Table = Table::Targets;
}
impl Loaded for target_result::Entity {
    const TABLE: Table = Table::Results;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_column_left_null_is_nullable_and_every_table_writes_its_key() {
        for table in TABLES {
            let shape = &SHAPES[table as usize];
            for (column, nullable) in &shape.left_null {
                assert!(nullable, "{}.{column} is left NULL but is NOT NULL", shape.name);
            }
            assert!(!shape.written.is_empty(), "{}", shape.name);
        }
    }

    fn loaded_as<E: Loaded>(table: Table) {
        assert_eq!(E::TABLE, table);
        assert_eq!(E::default().table_name(), table.name());
    }

    #[test]
    fn every_loaded_entity_is_its_tables_entity() {
        loaded_as::<source::Entity>(Table::Sources);
        loaded_as::<organization::Entity>(Table::Organizations);
        loaded_as::<organization_placement::Entity>(Table::Placements);
        loaded_as::<organization_stats::Entity>(Table::Stats);
        loaded_as::<organization_source::Entity>(Table::OrganizationSources);
        loaded_as::<person::Entity>(Table::People);
        loaded_as::<search_term::Entity>(Table::SearchTerms);
        loaded_as::<congress::Entity>(Table::Congresses);
        loaded_as::<congress_source::Entity>(Table::CongressSources);
        loaded_as::<committee::Entity>(Table::Committees);
        loaded_as::<membership::Entity>(Table::Memberships);
        loaded_as::<resolution::Entity>(Table::Resolutions);
        loaded_as::<target::Entity>(Table::Targets);
        loaded_as::<target_result::Entity>(Table::Results);
    }

    #[test]
    fn only_the_link_and_search_tables_have_no_identity() {
        let without: Vec<Table> = TABLES.into_iter().filter(|t| !t.has_id()).collect();
        assert_eq!(
            without,
            [Table::OrganizationSources, Table::SearchTerms, Table::CongressSources]
        );
    }
}
