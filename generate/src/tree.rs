//! Walking the national tree: each province's districts, communes, grassroots organizations and
//! cells, in the order of the plan. Every organization below is written before its superior
//! holds its terms, because the superior's congresses need the sizes and secretaries below.

use crate::calendar::{HISTORY_START, REORGANIZATION};
use crate::generator::{Generator, Org, Placement, Secretaries, Size};
use crate::places::{CellNamer, CommuneContext, DistrictUnit, grassroots_name, place_name};
use crate::plan::{GrassrootsPlan, ProvincePlan};
use crate::role::Role;
use crate::sink::Stopped;
use rand::Rng;

impl Generator {
    /// A province's whole subtree, then the province's own terms. Returns its size and its
    /// secretaries (candidates for the Central Committee).
    pub(crate) fn province(
        &mut self,
        province: &Org,
        plan: &ProvincePlan,
    ) -> Result<(Size, [Option<i64>; 4]), Stopped> {
        let mut size = Size::default();
        // District secretaries until 2025, commune secretaries after.
        let mut below = Secretaries::default();
        for (index, district_plan) in plan.districts.iter().enumerate() {
            let unit = DistrictUnit::choose(plan.city, index, &mut self.rng);
            let name = format!("Đảng bộ {} {}", unit.word(), place_name(&mut self.rng));
            let district = self.organization(
                Role::District,
                &name,
                None,
                Some(REORGANIZATION),
                &[Placement {
                    parent: province.id,
                    from: Some(HISTORY_START),
                    to: Some(REORGANIZATION),
                }],
            );
            let mut district_size = Size::default();
            let mut commune_secretaries = Secretaries::default();
            for commune_plan in &district_plan.communes {
                let commune_unit = unit.commune_unit(&mut self.rng);
                let place = place_name(&mut self.rng);
                let commune = self.organization(
                    Role::Commune,
                    &format!("Đảng bộ {} {place}", commune_unit.word()),
                    None,
                    None,
                    &[
                        Placement {
                            parent: district.id,
                            from: Some(HISTORY_START),
                            to: Some(REORGANIZATION),
                        },
                        Placement {
                            parent: province.id,
                            from: Some(REORGANIZATION),
                            to: None,
                        },
                    ],
                );
                let context = CommuneContext {
                    unit: commune_unit,
                    place: &place,
                };
                let mut commune_size = Size::default();
                let mut grassroots_secretaries = Secretaries::default();
                let mut residential_number = 0;
                for grassroots in &commune_plan.grassroots {
                    let (grassroots_size, secretaries) =
                        self.grassroots(grassroots, &commune, &context, &mut residential_number);
                    commune_size += grassroots_size;
                    for (k, secretary) in secretaries.into_iter().enumerate() {
                        grassroots_secretaries[k].extend(secretary);
                    }
                    self.sink.flush_if_full()?;
                }
                let secretaries = self.hold_terms(&commune, &commune_size, &grassroots_secretaries);
                for (k, secretary) in secretaries.into_iter().enumerate() {
                    // From 2025 communes answer to the province directly.
                    let list = if k < 3 {
                        &mut commune_secretaries[k]
                    } else {
                        &mut below[k]
                    };
                    list.extend(secretary);
                }
                district_size += commune_size;
            }
            let secretaries = self.hold_terms(&district, &district_size, &commune_secretaries);
            for (k, secretary) in secretaries.into_iter().enumerate() {
                below[k].extend(secretary);
            }
            size += district_size;
        }
        let secretaries = self.hold_terms(province, &size, &below);
        Ok((size, secretaries))
    }

    /// A grassroots organization with its cells (some under a partial committee), then its own terms.
    pub(crate) fn grassroots(
        &mut self,
        plan: &GrassrootsPlan,
        commune: &Org,
        context: &CommuneContext<'_>,
        residential_number: &mut u32,
    ) -> (Size, [Option<i64>; 4]) {
        let name = grassroots_name(&mut self.rng, plan.sort, context, residential_number);
        let from = Some(plan.founded.map_or(HISTORY_START, |f| f.on));
        let placed_under = |parent: i64| Placement { parent, from, to: None };
        let organization = self.organization(Role::Grassroots, &name, plan.founded, None, &[placed_under(commune.id)]);
        let mut namer = CellNamer::new(plan.sort, context.unit.urban(), &mut self.rng);
        let mut size = Size::default();
        if plan.partial_cells > 0 {
            let partial_name = namer.partial_committee(&mut self.rng);
            let partial = self.organization(
                Role::Partial,
                &partial_name,
                plan.founded,
                None,
                &[placed_under(organization.id)],
            );
            let mut partial_size = Size::default();
            for _ in 0..plan.partial_cells {
                let cell_name = namer.cell(&mut self.rng);
                let cell = self.organization(Role::Cell, &cell_name, plan.founded, None, &[placed_under(partial.id)]);
                partial_size += self.cell(&cell);
            }
            self.hold_terms(&partial, &partial_size, &Secretaries::default());
            size += partial_size;
        }
        for _ in 0..plan.direct_cells {
            let cell_name = namer.cell(&mut self.rng);
            let cell = self.organization(
                Role::Cell,
                &cell_name,
                plan.founded,
                None,
                &[placed_under(organization.id)],
            );
            size += self.cell(&cell);
        }
        let secretaries = self.hold_terms(&organization, &size, &Secretaries::default());
        (size, secretaries)
    }

    /// A cell's members over time (at least 3, the rule for a cell) and its terms.
    pub(crate) fn cell(&mut self, cell: &Org) -> Size {
        let base: i64 = (self.rng.random_range(5..=45) + self.rng.random_range(5..=35)) / 2;
        let drift: i64 = self.rng.random_range(-1..=2);
        let mut size = Size::default();
        for k in cell.founded.map_or(0, |f| f.term)..4 {
            let members = base + drift * k as i64 + self.rng.random_range(-2..=2);
            size.members[k] = members.max(3) as u32;
            size.cells[k] = 1;
        }
        self.hold_terms(cell, &size, &Secretaries::default());
        size
    }
}
