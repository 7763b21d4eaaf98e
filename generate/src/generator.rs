//! The generator: the state of one run (the sink, the random stream, the next IDs, the names
//! already keyed) and the rows every part of the tree shares: organizations with their
//! placements and search terms, and people.
//!
//! The rest of `impl Generator` is split by what it writes: the tree in `tree.rs`, congresses in
//! `congresses.rs`, committees in `committees.rs`, resolutions and targets in `targets.rs`, their
//! results in `results.rs`, sources in `sources.rs`.

use crate::calendar::{CENTRAL_FOUNDED, Founding};
use crate::names::{NameBook, NameKeys};
use crate::plan::{CENTRAL_STREAM, Plan};
use crate::random::stream_rng;
use crate::role::Role;
use crate::sink::{Chunk, Sink, Stopped};
use crate::sources::REGISTRY_SOURCE;
use anyhow::anyhow;
use chrono::{DateTime, NaiveDate, Utc};
use entity::{organization, organization_placement, organization_source, person, search_term};
use rand::rngs::StdRng;
use tokio::sync::mpsc;

/// An organization written, with what its terms need to know of it.
#[derive(Debug, Clone)]
pub(crate) struct Org {
    pub(crate) id: i64,
    pub(crate) role: Role,
    pub(crate) name: String,
    /// Its superior (the first placement's parent): it appoints a new organization's committee.
    pub(crate) parent: Option<i64>,
    pub(crate) founded: Option<Founding>,
    pub(crate) dissolved_on: Option<NaiveDate>,
}

/// Where an organization sits in the tree, over a time span (open ends: unbounded).
pub(crate) struct Placement {
    pub(crate) parent: i64,
    pub(crate) from: Option<NaiveDate>,
    pub(crate) to: Option<NaiveDate>,
}

/// Members and cells below an organization in each five-year term.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Size {
    pub(crate) members: [u32; 4],
    pub(crate) cells: [u32; 4],
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, other: Self) {
        for k in 0..4 {
            self.members[k] += other.members[k];
            self.cells[k] += other.cells[k];
        }
    }
}

/// Per five-year term, the secretaries of the organizations below (candidates for promotion).
pub(crate) type Secretaries = [Vec<i64>; 4];

/// The last ID given per table: the database is empty, so IDs are counted from 1 here.
#[derive(Default)]
pub(crate) struct Ids {
    pub(crate) organization: i64,
    pub(crate) placement: i64,
    pub(crate) stats: i64,
    pub(crate) person: i64,
    pub(crate) congress: i64,
    pub(crate) committee: i64,
    pub(crate) membership: i64,
    pub(crate) resolution: i64,
    pub(crate) target: i64,
    pub(crate) result: i64,
}

/// The next ID of a counter in [`Ids`].
pub(crate) fn next(counter: &mut i64) -> i64 {
    *counter += 1;
    *counter
}

/// One run of the generator, on its own thread: everything it writes goes through `sink`.
pub(crate) struct Generator {
    pub(crate) seed: u64,
    pub(crate) sink: Sink,
    pub(crate) rng: StdRng,
    pub(crate) ids: Ids,
    pub(crate) names: NameBook,
    /// The source of the term being written: people first seen in it cite it.
    pub(crate) term_source: i64,
}

impl Generator {
    pub(crate) fn new(seed: u64, copy: bool, now: DateTime<Utc>, sender: mpsc::Sender<Chunk>) -> Self {
        Self {
            seed,
            sink: Sink::new(copy, now, sender),
            rng: stream_rng(seed, CENTRAL_STREAM),
            ids: Ids::default(),
            names: NameBook::default(),
            term_source: REGISTRY_SOURCE,
        }
    }

    /// Generates the whole dataset; fails when the writer stopped (a database error).
    pub(crate) fn run(mut self, plan: &Plan) -> anyhow::Result<()> {
        self.generate(plan)
            .map_err(|Stopped| anyhow!("the database writer stopped"))
    }

    /// The Central Committee and the provinces first (the provinces' rows come before their
    /// subtrees), then each province's subtree on its own random stream, then the Central
    /// Committee's terms, which need the national size and the provincial secretaries.
    fn generate(&mut self, plan: &Plan) -> Result<(), Stopped> {
        self.sources();
        let central = self.organization(Role::Central, "Đảng Cộng sản Việt Nam", None, None, &[]);
        let provinces: Vec<Org> = plan
            .provinces
            .iter()
            .map(|province| {
                let name = match (province.city, province.name) {
                    (true, "Hồ Chí Minh") => "Đảng bộ Thành phố Hồ Chí Minh".to_owned(),
                    (true, name) => format!("Đảng bộ thành phố {name}"),
                    (false, name) => format!("Đảng bộ tỉnh {name}"),
                };
                let placement = Placement {
                    parent: central.id,
                    from: None,
                    to: None,
                };
                self.organization(Role::Province, &name, None, None, &[placement])
            })
            .collect();
        let mut national = Size::default();
        let mut province_secretaries = Secretaries::default();
        for (index, (province, province_plan)) in provinces.iter().zip(&plan.provinces).enumerate() {
            self.rng = stream_rng(self.seed, 1 + index as u64);
            let (size, secretaries) = self.province(province, province_plan)?;
            national += size;
            for (k, secretary) in secretaries.into_iter().enumerate() {
                province_secretaries[k].extend(secretary);
            }
        }
        self.rng = stream_rng(self.seed, CENTRAL_STREAM);
        self.hold_terms(&central, &national, &province_secretaries);
        self.sink.flush()
    }

    /// Writes an organization with its placements, registry source and search terms.
    pub(crate) fn organization(
        &mut self,
        role: Role,
        name: &str,
        founded: Option<Founding>,
        dissolved_on: Option<NaiveDate>,
        placements: &[Placement],
    ) -> Org {
        let id = next(&mut self.ids.organization);
        let keys = NameKeys::new(name);
        let founded_on = match role {
            Role::Central => Some(CENTRAL_FOUNDED),
            _ => founded.map(|f| f.on),
        };
        self.sink
            .row::<organization::Entity>()
            .int(organization::Column::Id, id)
            .text(organization::Column::Name, &keys.full)
            .text(organization::Column::Kind, role.kind())
            .text(organization::Column::Level, role.level())
            .opt_date(organization::Column::FoundedOn, founded_on)
            .opt_date(organization::Column::DissolvedOn, dissolved_on)
            .text(organization::Column::SearchKey, &keys.search_key)
            .text(organization::Column::SearchExact, &keys.search_exact)
            .int(organization::Column::SourceId, REGISTRY_SOURCE)
            .now(organization::Column::CreatedAt)
            .now(organization::Column::UpdatedAt);
        for placement in placements {
            let placement_id = next(&mut self.ids.placement);
            self.sink
                .row::<organization_placement::Entity>()
                .int(organization_placement::Column::Id, placement_id)
                .int(organization_placement::Column::OrganizationId, id)
                .int(organization_placement::Column::ParentId, placement.parent)
                .opt_date(organization_placement::Column::ValidFrom, placement.from)
                .opt_date(organization_placement::Column::ValidTo, placement.to)
                .int(organization_placement::Column::SourceId, REGISTRY_SOURCE)
                .now(organization_placement::Column::CreatedAt);
        }
        self.organization_source(id, REGISTRY_SOURCE);
        for term in &keys.terms {
            self.search_term("organization", term, id);
        }
        Org {
            id,
            role,
            name: keys.full,
            parent: placements.first().map(|p| p.parent),
            founded,
            dissolved_on,
        }
    }

    /// A new person, with a name drawn from the name lists, citing the term being written.
    pub(crate) fn person(&mut self) -> i64 {
        let keys = self.names.person(&mut self.rng);
        let id = next(&mut self.ids.person);
        self.sink
            .row::<person::Entity>()
            .int(person::Column::Id, id)
            .text(person::Column::FullName, &keys.full)
            .text(person::Column::SearchKey, &keys.search_key)
            .text(person::Column::SearchExact, &keys.search_exact)
            .int(person::Column::SourceId, self.term_source)
            .now(person::Column::CreatedAt);
        for term in &keys.terms {
            self.search_term("person", term, id);
        }
        id
    }

    /// Records that `source_id` speaks about organization `organization_id`.
    pub(crate) fn organization_source(&mut self, organization_id: i64, source_id: i64) {
        self.sink
            .row::<organization_source::Entity>()
            .int(organization_source::Column::OrganizationId, organization_id)
            .int(organization_source::Column::SourceId, source_id);
    }

    /// One word-start suffix of a name, for the name search.
    fn search_term(&mut self, record_type: &str, term: &str, record_id: i64) {
        self.sink
            .row::<search_term::Entity>()
            .text(search_term::Column::RecordType, record_type)
            .text(search_term::Column::Term, term)
            .int(search_term::Column::RecordId, record_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::GenerateOptions;
    use crate::sink::{CHANNEL_CHUNKS, Payload};
    use crate::table::{TABLE_COUNT, TABLES};

    /// Generates the smallest dataset without a database and checks every chunk with `check`;
    /// returns the rows per table.
    fn generate_without_database(copy: bool, check: impl Fn(&Chunk)) -> [u64; TABLE_COUNT] {
        let plan = Plan::new(&GenerateOptions { scale: 0.0001, seed: 5 });
        let (sender, mut receiver) = mpsc::channel(CHANNEL_CHUNKS);
        let now = Utc::now();
        let generator = std::thread::spawn(move || Generator::new(plan.seed, copy, now, sender).run(&plan));
        let mut rows = [0u64; TABLE_COUNT];
        while let Some(chunk) = receiver.blocking_recv() {
            check(&chunk);
            rows[chunk.table as usize] += chunk.rows;
        }
        generator
            .join()
            .expect("the generator does not panic")
            .expect("the generator runs to the end");
        rows
    }

    /// A column added to an entity is written by the generator or listed in table.rs as left
    /// NULL: otherwise the rows of its table come out a value short, and this fails.
    #[test]
    fn every_generated_row_has_a_value_for_every_column_of_its_entity_but_those_left_null() {
        let rows = generate_without_database(false, |chunk| {
            let Payload::Values(values) = &chunk.payload else {
                panic!("SQLite rows are bound values");
            };
            let columns = chunk.table.columns().len() as u64;
            assert_eq!(
                values.len() as u64,
                chunk.rows * columns,
                "{} rows must have {columns} values each",
                chunk.table.name()
            );
        });
        for table in TABLES {
            assert!(rows[table as usize] > 0, "no {} rows", table.name());
        }
    }

    #[test]
    fn every_generated_copy_line_has_a_field_for_every_column_written() {
        let copy_rows = generate_without_database(true, |chunk| {
            let Payload::Copy(text) = &chunk.payload else {
                panic!("PostgreSQL rows are COPY text");
            };
            let lines: Vec<&[u8]> = text
                .strip_suffix(b"\n")
                .unwrap_or(text)
                .split(|&b| b == b'\n')
                .collect();
            assert_eq!(lines.len() as u64, chunk.rows, "{}", chunk.table.name());
            for line in lines {
                let fields = line.iter().filter(|&&b| b == b'\t').count() + 1;
                assert_eq!(fields, chunk.table.columns().len(), "{}", chunk.table.name());
            }
        });
        // Both backends get the same rows.
        assert_eq!(copy_rows, generate_without_database(false, |_| {}));
    }
}
