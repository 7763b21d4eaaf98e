//! Resolutions and their targets: the templates a congress's resolution picks for its level, the
//! figure each goal is given, and how the figures are written (canonical decimals as stored, a
//! decimal comma in the text).

use crate::congresses::Slot;
use crate::generator::{Generator, Org, next};
use crate::random::pick;
use crate::sources::term_source;
use crate::templates::{Goal, PERCENT, Period, TEMPLATES, TargetTemplate};
use api::domain::roman::to_roman;
use api::domain::targets::decimal_text;
use entity::{resolution, target};
use rand::Rng;
use rand::seq::SliceRandom;
use rust_decimal::Decimal;

/// Targets whose results were never reported (their status is "no data").
const UNREPORTED_TARGET: f64 = 0.08;

/// A value in hundredths, as stored: canonical decimal text ("95", "1.5", "116.67").
pub(crate) fn decimal(hundredths: i64) -> String {
    decimal_text(Decimal::new(hundredths, 2))
}

/// A value in hundredths as a resolution writes it: a decimal comma ("1,5").
pub(crate) fn written(hundredths: i64) -> String {
    decimal(hundredths).replace('.', ",")
}

/// Rounds a non-negative value in hundredths to a multiple of `step` hundredths.
pub(crate) fn round_to(hundredths: i64, step: i64) -> i64 {
    (hundredths.max(0) + step / 2) / step * step
}

/// Where a resolution's targets belong.
pub(crate) struct TargetPlacement {
    pub(crate) organization_id: i64,
    pub(crate) congress_id: i64,
    pub(crate) resolution_id: i64,
    pub(crate) start: i32,
    pub(crate) end: i32,
    /// The five-year term: its source.
    pub(crate) k: usize,
    pub(crate) level: u8,
}

impl Generator {
    /// The congress's resolution: 6 to 12 targets fitting the level, some with a sub-target.
    pub(crate) fn resolution(&mut self, org: &Org, slot: &Slot, congress_id: i64, delegates: bool) {
        let id = next(&mut self.ids.resolution);
        let ordinal = slot.ordinal.and_then(|n| to_roman(i64::from(n))).unwrap_or_default();
        let title = format!(
            "Nghị quyết Đại hội {}{} lần thứ {ordinal}, nhiệm kỳ {}-{}",
            if delegates { "đại biểu " } else { "" },
            org.name,
            slot.term.start,
            slot.term.end
        );
        let level = org.role.target_level();
        let mut chosen: Vec<&TargetTemplate> = TEMPLATES.iter().filter(|t| t.levels & level != 0).collect();
        chosen.shuffle(&mut self.rng);
        chosen.truncate(self.rng.random_range(6..=12));
        let count = chosen.len() as i64;
        // A few resolutions declare a number of targets that differs from the list they give.
        let declared = if self.rng.random_bool(0.05) {
            (count + *pick(&mut self.rng, &[-2, -1, 1, 2])).max(1)
        } else {
            count
        };
        self.sink
            .row::<resolution::Entity>()
            .int(resolution::Column::Id, id)
            .int(resolution::Column::CongressId, congress_id)
            .text(resolution::Column::Title, &title)
            .date(resolution::Column::AdoptedOn, slot.closed.unwrap_or(slot.opened))
            .int(resolution::Column::DeclaredTargetCount, declared)
            .int(resolution::Column::SourceId, term_source(slot.term.k))
            .now(resolution::Column::CreatedAt);
        let placement = TargetPlacement {
            organization_id: org.id,
            congress_id,
            resolution_id: id,
            start: slot.term.start,
            end: slot.term.end,
            k: slot.term.k,
            level,
        };
        for (index, template) in chosen.into_iter().enumerate() {
            let parent = self.target(
                &placement,
                None,
                index as i64 + 1,
                template.text,
                template.goal,
                template.unit,
                template.period,
            );
            if let Some((text, low, high)) = template.child
                && self.rng.random_bool(0.5)
            {
                self.target(
                    &placement,
                    Some(parent),
                    1,
                    text,
                    Goal::PercentAtLeast(low, high),
                    PERCENT,
                    Period::Annual,
                );
            }
        }
    }

    /// A target, with its results for each year of its term up to the last reported year.
    #[allow(clippy::too_many_arguments)] // a target's own fields, each distinct
    pub(crate) fn target(
        &mut self,
        placement: &TargetPlacement,
        parent: Option<i64>,
        ordinal: i64,
        text: &str,
        goal: Goal,
        unit: Option<&str>,
        period: Period,
    ) -> i64 {
        let id = next(&mut self.ids.target);
        let rng = &mut self.rng;
        // Bounds in hundredths.
        let (measure, comparator, min, max) = match goal {
            Goal::PercentAtLeast(low, high) | Goal::PercentOfPlan(low, high) | Goal::PercentOfCount(low, high) => {
                let value = i64::from(rng.random_range(low..=high));
                // Term goals are usually round figures ("70%", "75%").
                let value = if matches!(goal, Goal::PercentOfCount(..)) {
                    (value / 5 * 5).max(i64::from(low))
                } else {
                    value
                };
                ("PERCENT", "AT_LEAST", Some(value * 100), None)
            }
            Goal::RateAtLeast(low, high) => (
                "PERCENT",
                "AT_LEAST",
                Some(i64::from(rng.random_range(low..=high)) * 10),
                None,
            ),
            Goal::PercentAtMost(low, high) => (
                "PERCENT",
                "AT_MOST",
                None,
                Some(i64::from(rng.random_range(low..=high)) * 10),
            ),
            Goal::CountRange(low, high, width_low, width_high) => {
                let from = rng.random_range(low..=high);
                let to = from + rng.random_range(width_low..=width_high);
                ("COUNT", "RANGE", Some(i64::from(from) * 100), Some(i64::from(to) * 100))
            }
            Goal::CountAtLeast(low, high) => (
                "COUNT",
                "AT_LEAST",
                Some(i64::from(rng.random_range(low..=high)) * 100),
                None,
            ),
            Goal::AmountAtLeast(low, high) => (
                "AMOUNT",
                "AT_LEAST",
                Some(i64::from(rng.random_range(low..=high)) * 100),
                None,
            ),
            Goal::Yes => ("BOOLEAN", "EXACT", Some(100), None),
        };
        let written_text = text
            .replace("{v}", &written(min.or(max).unwrap_or_default()))
            .replace("{a}", &written(min.unwrap_or_default()))
            .replace("{b}", &written(max.unwrap_or_default()));
        self.sink
            .row::<target::Entity>()
            .int(target::Column::Id, id)
            .int(target::Column::OrganizationId, placement.organization_id)
            .int(target::Column::CongressId, placement.congress_id)
            .int(target::Column::ResolutionId, placement.resolution_id)
            .opt_int(target::Column::ParentId, parent)
            .int(target::Column::Ordinal, ordinal)
            .text(target::Column::Text, &written_text)
            .text(target::Column::Measure, measure)
            .text(target::Column::Comparator, comparator)
            .opt_text(target::Column::MinValue, min.map(decimal).as_deref())
            .opt_text(target::Column::MaxValue, max.map(decimal).as_deref())
            .opt_text(target::Column::Unit, unit)
            .text(target::Column::Period, period.name())
            .text(target::Column::AssignedBy, "CONGRESS")
            .int(target::Column::StartYear, i64::from(placement.start))
            .int(target::Column::EndYear, i64::from(placement.end))
            .int(target::Column::SourceId, term_source(placement.k))
            .now(target::Column::CreatedAt);
        if !self.rng.random_bool(UNREPORTED_TARGET) {
            self.results(id, placement, goal, (min, max), period);
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_canonical_and_written_with_a_comma() {
        assert_eq!(decimal(9_500), "95");
        assert_eq!(decimal(150), "1.5");
        assert_eq!(decimal(11_667), "116.67");
        assert_eq!(written(150), "1,5");
    }
}
