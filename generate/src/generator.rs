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
use crate::table::Table;
use anyhow::anyhow;
use chrono::{DateTime, NaiveDate, Utc};
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
            .row(Table::Organizations)
            .int(id)
            .text(&keys.full)
            .text(role.kind())
            .text(role.level())
            .opt_date(founded_on)
            .opt_date(dissolved_on)
            .text(&keys.search_key)
            .text(&keys.search_exact)
            .int(REGISTRY_SOURCE)
            .now()
            .now();
        for placement in placements {
            let placement_id = next(&mut self.ids.placement);
            self.sink
                .row(Table::Placements)
                .int(placement_id)
                .int(id)
                .int(placement.parent)
                .opt_date(placement.from)
                .opt_date(placement.to)
                .int(REGISTRY_SOURCE)
                .now();
        }
        self.sink.row(Table::OrganizationSources).int(id).int(REGISTRY_SOURCE);
        for term in &keys.terms {
            self.sink
                .row(Table::SearchTerms)
                .text("organization")
                .text(term)
                .int(id);
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
            .row(Table::People)
            .int(id)
            .text(&keys.full)
            .text(&keys.search_key)
            .text(&keys.search_exact)
            .int(self.term_source)
            .now();
        for term in &keys.terms {
            self.sink.row(Table::SearchTerms).text("person").text(term).int(id);
        }
        id
    }
}
