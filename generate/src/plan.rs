//! The plan: how many organizations of each kind, where, and which are new. The shape of the
//! national tree is decided from the scale before any row is written, so that progress can show
//! planned totals and every province draws from a random stream of its own.

use crate::GenerateOptions;
use crate::calendar::{COMMITTEE_TERMS, Founding, ymd};
use crate::random::{stream_rng, weighted};
use crate::role::Role;
use crate::sources::SOURCE_TITLES;
use crate::table::{TABLE_COUNT, Table};
use chrono::Days;
use rand::Rng;
use rand::rngs::StdRng;

/// The 34 provinces and centrally-run cities (as of 2025), whether each is a city, and its number
/// of communes and wards after 2025 (3,321 in all), which weighs how the tree is shared out.
const PROVINCES: [(&str, bool, u32); 34] = [
    ("Hà Nội", true, 126),
    ("Huế", true, 40),
    ("Lai Châu", false, 38),
    ("Điện Biên", false, 45),
    ("Sơn La", false, 75),
    ("Lạng Sơn", false, 65),
    ("Quảng Ninh", false, 54),
    ("Thanh Hóa", false, 166),
    ("Nghệ An", false, 130),
    ("Hà Tĩnh", false, 69),
    ("Cao Bằng", false, 56),
    ("Tuyên Quang", false, 124),
    ("Lào Cai", false, 99),
    ("Thái Nguyên", false, 92),
    ("Phú Thọ", false, 148),
    ("Bắc Ninh", false, 99),
    ("Hưng Yên", false, 104),
    ("Hải Phòng", true, 114),
    ("Ninh Bình", false, 129),
    ("Quảng Trị", false, 78),
    ("Đà Nẵng", true, 94),
    ("Quảng Ngãi", false, 96),
    ("Gia Lai", false, 135),
    ("Khánh Hòa", false, 65),
    ("Lâm Đồng", false, 124),
    ("Đắk Lắk", false, 102),
    ("Hồ Chí Minh", true, 168),
    ("Đồng Nai", false, 95),
    ("Tây Ninh", false, 96),
    ("Cần Thơ", true, 103),
    ("Vĩnh Long", false, 124),
    ("Đồng Tháp", false, 102),
    ("Cà Mau", false, 64),
    ("An Giang", false, 102),
];

const NATIONAL_DISTRICTS: f64 = 700.0;
const NATIONAL_COMMUNES: f64 = 3_321.0;
const NATIONAL_GRASSROOTS: f64 = 52_000.0;
/// Grassroots organizations founded during the history, whose first committee is appointed.
const NEWLY_FOUNDED: f64 = 0.06;
const PARTIAL_COMMITTEE_CHANCE: f64 = 0.15;

/// What a grassroots organization is: it decides its name, its cells' names and its targets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Sort {
    Residential,
    Company,
    HighSchool,
    Education,
    Health,
    Agency,
    Military,
    Police,
    Cooperative,
}

const SORTS: [(Sort, u32); 9] = [
    (Sort::Residential, 40),
    (Sort::Company, 16),
    (Sort::HighSchool, 8),
    (Sort::Education, 6),
    (Sort::Health, 6),
    (Sort::Agency, 8),
    (Sort::Military, 6),
    (Sort::Police, 6),
    (Sort::Cooperative, 4),
];

impl Sort {
    /// A commune has one agency, one military and one police organization, one education bloc.
    fn once_per_commune(self) -> bool {
        matches!(self, Self::Education | Self::Agency | Self::Military | Self::Police)
    }

    fn may_have_partial_committee(self) -> bool {
        matches!(self, Self::Residential | Self::Company)
    }
}

/// One grassroots organization to be: when it was founded (None: before the history starts),
/// what it is, and its cells.
#[derive(Debug, Clone, Copy)]
pub(crate) struct GrassrootsPlan {
    pub(crate) founded: Option<Founding>,
    pub(crate) sort: Sort,
    /// Cells placed directly under it.
    pub(crate) direct_cells: u8,
    /// Cells under its partial committee; 0 when it has none.
    pub(crate) partial_cells: u8,
}

/// The grassroots organizations of one commune.
pub(crate) struct CommunePlan {
    pub(crate) grassroots: Vec<GrassrootsPlan>,
}

/// The communes of one district (they move under the province in 2025).
pub(crate) struct DistrictPlan {
    pub(crate) communes: Vec<CommunePlan>,
}

/// One province: its name, whether it is a centrally-run city, and its districts.
pub(crate) struct ProvincePlan {
    pub(crate) name: &'static str,
    pub(crate) city: bool,
    pub(crate) districts: Vec<DistrictPlan>,
}

/// The shape of the tree, decided before any row: it fixes the planned counts for progress, and
/// it is small (a few bytes per grassroots organization).
pub(crate) struct Plan {
    pub(crate) seed: u64,
    pub(crate) provinces: Vec<ProvincePlan>,
}

/// Random streams: each province's plan and rows have their own, so they do not depend on each other.
const PLAN_STREAM: u64 = 1_000;
pub(crate) const CENTRAL_STREAM: u64 = 0;

impl Plan {
    pub(crate) fn new(options: &GenerateOptions) -> Self {
        let scale = options.scale;
        let provinces = PROVINCES.len() as u64;
        let weights: Vec<u64> = PROVINCES.iter().map(|p| u64::from(p.2)).collect();
        let ones = vec![1u64; PROVINCES.len()];
        let scaled = |national: f64| (national * scale).round() as u64;
        let districts = apportion(scaled(NATIONAL_DISTRICTS).max(provinces), &weights, &ones);
        let communes = apportion(scaled(NATIONAL_COMMUNES).max(provinces), &weights, &ones);
        let commune_total: u64 = communes.iter().sum();
        // Every commune has at least one grassroots organization, so every commune has members.
        let grassroots = apportion(scaled(NATIONAL_GRASSROOTS).max(commune_total), &weights, &communes);
        let provinces = PROVINCES
            .iter()
            .enumerate()
            .map(|(index, &(name, city, _))| {
                let mut rng = stream_rng(options.seed, PLAN_STREAM + index as u64);
                ProvincePlan {
                    name,
                    city,
                    districts: plan_province(
                        &mut rng,
                        districts[index] as usize,
                        communes[index] as usize,
                        grassroots[index] as usize,
                    ),
                }
            })
            .collect();
        Self {
            seed: options.seed,
            provinces,
        }
    }

    /// The rows of each table that the plan fixes; 0 where random choices decide.
    pub(crate) fn planned_rows(&self) -> [u64; TABLE_COUNT] {
        let mut rows = [0u64; TABLE_COUNT];
        let mut add = |role: Role, founded: Option<usize>, placements: u64| {
            let terms = role.terms(founded);
            let congresses = terms.len() as u64;
            let per_congress = if role.has_standing_and_inspection() { 3 } else { 1 };
            rows[Table::Organizations as usize] += 1;
            rows[Table::Placements as usize] += placements;
            rows[Table::Congresses as usize] += congresses;
            rows[Table::CongressSources as usize] += congresses;
            rows[Table::Stats as usize] += congresses;
            rows[Table::Committees as usize] += congresses * per_congress;
            if role.target_level() != 0 {
                rows[Table::Resolutions as usize] += terms.iter().filter(|t| !t.appointed).count() as u64;
            }
        };
        add(Role::Central, None, 0);
        for province in &self.provinces {
            add(Role::Province, None, 1);
            for district in &province.districts {
                add(Role::District, None, 1);
                for commune in &district.communes {
                    add(Role::Commune, None, 2);
                    for grassroots in &commune.grassroots {
                        let founded = grassroots.founded.map(|f| f.term);
                        add(Role::Grassroots, founded, 1);
                        if grassroots.partial_cells > 0 {
                            add(Role::Partial, founded, 1);
                        }
                        for _ in 0..grassroots.direct_cells + grassroots.partial_cells {
                            add(Role::Cell, founded, 1);
                        }
                    }
                }
            }
        }
        rows[Table::Sources as usize] = SOURCE_TITLES.len() as u64;
        rows
    }
}

/// Shares `total` out in proportion to `weights`, each share at least its `minimum` (largest
/// remainders first, ties to the earlier entry).
fn apportion(total: u64, weights: &[u64], minimum: &[u64]) -> Vec<u64> {
    let mut shares = minimum.to_vec();
    let rest = total.saturating_sub(minimum.iter().sum());
    let weight_sum: u64 = weights.iter().sum::<u64>().max(1);
    let mut remainders: Vec<(u64, usize)> = Vec::with_capacity(weights.len());
    let mut given = 0;
    for (index, weight) in weights.iter().enumerate() {
        let exact = rest * weight;
        shares[index] += exact / weight_sum;
        given += exact / weight_sum;
        remainders.push((exact % weight_sum, index));
    }
    remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.into_iter().take((rest - given) as usize) {
        shares[index] += 1;
    }
    shares
}

fn plan_province(rng: &mut StdRng, districts: usize, communes: usize, grassroots: usize) -> Vec<DistrictPlan> {
    // Every district gets a commune first (while there are enough), the rest fall anywhere.
    let mut communes_per_district = vec![0usize; districts];
    for index in 0..communes {
        let district = if index < districts {
            index
        } else {
            rng.random_range(0..districts)
        };
        communes_per_district[district] += 1;
    }
    let mut grassroots_per_commune = vec![1usize; communes];
    for _ in communes..grassroots {
        grassroots_per_commune[rng.random_range(0..communes)] += 1;
    }
    let mut next_commune = 0;
    communes_per_district
        .into_iter()
        .map(|count| DistrictPlan {
            communes: (0..count)
                .map(|_| {
                    let size = grassroots_per_commune[next_commune];
                    next_commune += 1;
                    plan_commune(rng, size)
                })
                .collect(),
        })
        .collect()
}

fn plan_commune(rng: &mut StdRng, grassroots: usize) -> CommunePlan {
    let mut taken: Vec<Sort> = Vec::new();
    let plans = (0..grassroots)
        .map(|_| {
            let mut sort = *weighted(rng, &SORTS);
            if sort.once_per_commune() {
                if taken.contains(&sort) {
                    sort = Sort::Residential;
                } else {
                    taken.push(sort);
                }
            }
            let founded = rng.random_bool(NEWLY_FOUNDED).then(|| {
                let term = rng.random_range(1..=3);
                Founding {
                    term,
                    on: ymd(COMMITTEE_TERMS[term].0 - 1, 7, 1) + Days::new(rng.random_range(0..=170)),
                }
            });
            let cells: u8 = rng.random_range(2..=6);
            let partial_cells =
                if sort.may_have_partial_committee() && cells >= 4 && rng.random_bool(PARTIAL_COMMITTEE_CHANCE) {
                    rng.random_range(2..=3)
                } else {
                    0
                };
            GrassrootsPlan {
                founded,
                sort,
                direct_cells: cells - partial_cells,
                partial_cells,
            }
        })
        .collect();
    CommunePlan { grassroots: plans }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_gives_every_share_its_minimum_and_the_whole_total() {
        let shares = apportion(10, &[1, 1, 8], &[1, 1, 1]);
        assert_eq!(shares.iter().sum::<u64>(), 10);
        assert!(shares.iter().all(|&s| s >= 1));
        // 7 to share as 0.7, 0.7 and 5.6: the two largest remainders get the last two.
        assert_eq!(shares, vec![2, 2, 6]);
    }

    #[test]
    fn the_plan_keeps_all_34_provinces_and_a_commune_in_each_at_any_scale() {
        let plan = Plan::new(&GenerateOptions { scale: 0.0001, seed: 3 });
        assert_eq!(plan.provinces.len(), 34);
        for province in &plan.provinces {
            let communes: usize = province.districts.iter().map(|d| d.communes.len()).sum();
            assert!(!province.districts.is_empty() && communes >= 1, "{}", province.name);
        }
    }
}
