//! `Organization` and the records that hang off it: placements, lineage, statistics, ratings,
//! commendations.

use super::{Congress, Membership, Review, Source};
use crate::domain::time;
use crate::graphql::describe::relations::*;
use crate::graphql::describe::{Args, Stored};
use crate::graphql::enums::{CommendationKind, LineageKind, OrganizationKind, OrganizationLevel, RatingLevel};
use crate::graphql::ids::{NodeType, encode};
use crate::graphql::loaders::*;
use crate::graphql::scalars::Date;
use async_graphql::{ID, Object, Result};
use entity::{
    commendation, organization, organization_lineage, organization_placement, organization_stats, rating, source,
};

/// A party organization: a committee organization (Đảng bộ), a partial committee or a cell.
#[derive(Clone)]
pub struct Organization {
    pub model: organization::Model,
    pub scope: Scope,
}

impl Organization {
    pub fn new(model: organization::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }

    /// The organization a record refers to by `id` (a reference the database keeps valid).
    pub async fn load(scope: &Scope, id: i64) -> Result<Self> {
        let model = scope.require::<organization::Model>(id).await?;
        Ok(Self::new(model, scope))
    }

    /// The organizations related through `relation`.
    async fn related(
        &self,
        relation: &'static crate::graphql::describe::Relation,
        args: Args,
    ) -> Result<Vec<Organization>> {
        Ok(self
            .scope
            .related::<organization::Model>(relation, self.model.id, args)
            .await?
            .into_iter()
            .map(|model| Organization::new(model, &self.scope))
            .collect())
    }

    /// Rows of another type related through `relation`, wrapped by `wrap`.
    async fn related_as<M: Stored, T>(
        &self,
        relation: &'static crate::graphql::describe::Relation,
        args: Args,
        wrap: impl Fn(M, &Scope) -> T,
    ) -> Result<Vec<T>> {
        Ok(self
            .scope
            .related::<M>(relation, self.model.id, args)
            .await?
            .into_iter()
            .map(|model| wrap(model, &self.scope))
            .collect())
    }
}

#[Object]
impl Organization {
    pub async fn id(&self) -> ID {
        encode(NodeType::Organization, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "organization", self.model.id, first).await
    }

    /// The name as the sources write it, e.g. "Đảng bộ phường Cự Khối".
    async fn name(&self) -> &str {
        &self.model.name
    }

    async fn kind(&self) -> OrganizationKind {
        self.model.kind.into()
    }

    /// The kind in Vietnamese: "Đảng bộ", "Đảng bộ bộ phận" or "Chi bộ".
    async fn kind_label(&self) -> &'static str {
        crate::graphql::labels::organization_kind(self.model.kind)
    }

    async fn level(&self) -> OrganizationLevel {
        self.model.level.into()
    }

    /// The level in Vietnamese: "Trung ương", "Cấp tỉnh", "Cấp xã", "Cơ sở", ...
    async fn level_label(&self) -> &'static str {
        crate::graphql::labels::organization_level(self.model.level)
    }

    /// The first day the organization existed, when known.
    async fn founded_on(&self) -> Option<Date> {
        self.model.founded_on.map(Date)
    }

    /// The first day the organization no longer existed, when it has been dissolved.
    async fn dissolved_on(&self) -> Option<Date> {
        self.model.dissolved_on.map(Date)
    }

    /// From this date the sources do not say whether it still exists or where it stands: its
    /// superior ended (e.g. the districts on 2025-07-01) and no source says what became of it.
    /// `organizations(activeOn:)` leaves it out from then, and `parent(on:)` is unknown (null).
    async fn status_unknown_from(&self) -> Option<Date> {
        self.model.status_unknown_from.map(Date)
    }

    /// Whether the organization existed on a date (today when omitted).
    async fn active(&self, on: Option<Date>) -> bool {
        time::organization_known_active_on(&self.model, on.map(|d| d.0).unwrap_or_else(time::today))
    }

    /// The organization it sat directly under on a date. When `on` is omitted: today, or the
    /// organization's last day if it has been dissolved.
    #[graphql(complexity = "PARENT_ON.complexity * child_complexity")]
    async fn parent(&self, on: Option<Date>) -> Result<Option<Organization>> {
        let args = Args {
            on: on.map(|d| d.0),
            ..Args::NONE
        };
        Ok(self.related(&PARENT_ON, args).await?.into_iter().next())
    }

    /// Every placement in the tree over time, earliest first.
    #[graphql(complexity = "PLACEMENTS.complexity * child_complexity")]
    async fn placements(&self) -> Result<Vec<Placement>> {
        self.related_as(&PLACEMENTS, Args::NONE, |model, scope: &Scope| Placement {
            model,
            scope: scope.clone(),
        })
        .await
    }

    /// The organizations directly under it on a date (same default as `parent`), by name.
    #[graphql(complexity = "CHILDREN_ON.complexity * child_complexity")]
    async fn children(&self, on: Option<Date>) -> Result<Vec<Organization>> {
        self.related(
            &CHILDREN_ON,
            Args {
                on: on.map(|d| d.0),
                ..Args::NONE
            },
        )
        .await
    }

    /// Every organization above it on a date, nearest first (same default as `parent`).
    #[graphql(complexity = "ANCESTORS_ON.complexity * child_complexity")]
    async fn ancestors(&self, on: Option<Date>) -> Result<Vec<Organization>> {
        self.related(
            &ANCESTORS_ON,
            Args {
                on: on.map(|d| d.0),
                ..Args::NONE
            },
        )
        .await
    }

    /// Organizations this one came from (merged, split, renamed, reorganized).
    #[graphql(complexity = "PREDECESSORS.complexity * child_complexity")]
    async fn predecessors(&self) -> Result<Vec<Organization>> {
        self.related(&PREDECESSORS, Args::NONE).await
    }

    /// Organizations that came from this one.
    #[graphql(complexity = "SUCCESSORS.complexity * child_complexity")]
    async fn successors(&self) -> Result<Vec<Organization>> {
        self.related(&SUCCESSORS, Args::NONE).await
    }

    /// Lineage links in both directions, with their kind and date.
    #[graphql(complexity = "LINEAGE.complexity * child_complexity")]
    async fn lineage(&self) -> Result<Vec<Lineage>> {
        self.related_as(&LINEAGE, Args::NONE, |model, scope: &Scope| Lineage {
            model,
            scope: scope.clone(),
        })
        .await
    }

    /// Its congresses in order: by term, then ordinal.
    #[graphql(complexity = "CONGRESSES.complexity * child_complexity")]
    async fn congresses(&self) -> Result<Vec<Congress>> {
        self.related_as(&CONGRESSES, Args::NONE, Congress::new).await
    }

    /// The congress of its latest term.
    async fn latest_congress(&self) -> Result<Option<Congress>> {
        Ok(self
            .related_as(&CONGRESSES, Args::NONE, Congress::new)
            .await?
            .into_iter()
            .last())
    }

    /// Who led it on a date: the memberships of that date's executive and standing committees,
    /// secretary first, then deputies, then members. When `on` is omitted: today, or the
    /// organization's last day if it has been dissolved.
    #[graphql(complexity = "LEADERSHIP_ON.complexity * child_complexity")]
    async fn leadership(&self, on: Option<Date>) -> Result<Vec<Membership>> {
        self.related_as(
            &LEADERSHIP_ON,
            Args {
                on: on.map(|d| d.0),
                ..Args::NONE
            },
            Membership::new,
        )
        .await
    }

    /// Dated snapshots of its size, oldest first.
    #[graphql(complexity = "STATS.complexity * child_complexity")]
    async fn stats(&self) -> Result<Vec<OrganizationStats>> {
        self.related_as(&STATS, Args::NONE, |model, scope: &Scope| OrganizationStats {
            model,
            scope: scope.clone(),
        })
        .await
    }

    /// Its yearly ratings, oldest first (of one year when `year` is given).
    #[graphql(complexity = "RATINGS.complexity * child_complexity")]
    async fn ratings(&self, year: Option<i32>) -> Result<Vec<Rating>> {
        let args = Args { year, ..Args::NONE };
        self.related_as(&RATINGS, args, |model, scope: &Scope| Rating {
            model,
            scope: scope.clone(),
        })
        .await
    }

    /// Its titles ("trong sạch, vững mạnh tiêu biểu"), commendations, recognitions, praise and
    /// emulation registrations, as its sources word and date them: by year, then those dated
    /// only by their source's date.
    #[graphql(complexity = "COMMENDATIONS.complexity * child_complexity")]
    async fn commendations(&self) -> Result<Vec<Commendation>> {
        self.related_as(&COMMENDATIONS, Args::NONE, |model, scope: &Scope| Commendation {
            model,
            scope: scope.clone(),
        })
        .await
    }

    /// The reviews of its terms (mid-term, annual, end of term), earliest first: of the term
    /// that contains `termYear` when given.
    #[graphql(complexity = "ORGANIZATION_REVIEWS.complexity * child_complexity")]
    async fn reviews(&self, term_year: Option<i32>) -> Result<Vec<Review>> {
        let args = Args {
            year: term_year,
            ..Args::NONE
        };
        self.related_as(&ORGANIZATION_REVIEWS, args, |model, scope: &Scope| Review {
            model,
            scope: scope.clone(),
        })
        .await
    }

    /// The sources that speak about it or its congresses, placements and statistics.
    #[graphql(complexity = "ORGANIZATION_SOURCES.complexity * child_complexity")]
    async fn sources(&self) -> Result<Vec<Source>> {
        self.related_as(&ORGANIZATION_SOURCES, Args::NONE, |model: source::Model, _: &Scope| {
            Source::from(model)
        })
        .await
    }
}

/// Where an organization sat in the tree, from one date to another.
#[derive(Clone)]
pub struct Placement {
    pub model: organization_placement::Model,
    pub scope: Scope,
}

#[Object]
impl Placement {
    pub async fn id(&self) -> ID {
        encode(NodeType::Placement, self.model.id)
    }

    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.organization_id).await
    }

    async fn parent(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.parent_id).await
    }

    /// The first day of the placement, when known.
    async fn valid_from(&self) -> Option<Date> {
        self.model.valid_from.map(Date)
    }

    /// The first day the placement no longer held (exclusive), when it ended.
    async fn valid_to(&self) -> Option<Date> {
        self.model.valid_to.map(Date)
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// One organization coming from another.
#[derive(Clone)]
pub struct Lineage {
    pub model: organization_lineage::Model,
    pub scope: Scope,
}

#[Object]
impl Lineage {
    pub async fn id(&self) -> ID {
        encode(NodeType::Lineage, self.model.id)
    }

    async fn kind(&self) -> LineageKind {
        self.model.kind.into()
    }

    async fn effective_on(&self) -> Date {
        Date(self.model.effective_on)
    }

    async fn predecessor(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.predecessor_id).await
    }

    async fn successor(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.successor_id).await
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// A dated snapshot of an organization's size, as a source states it.
#[derive(Clone)]
pub struct OrganizationStats {
    pub model: organization_stats::Model,
    pub scope: Scope,
}

#[Object]
impl OrganizationStats {
    pub async fn id(&self) -> ID {
        encode(NodeType::OrganizationStats, self.model.id)
    }

    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.organization_id).await
    }

    async fn as_of(&self) -> Date {
        Date(self.model.as_of)
    }

    /// Party members (đảng viên).
    async fn party_members(&self) -> Option<i32> {
        self.model.party_members
    }

    /// Cells (chi bộ) directly under it.
    async fn cells(&self) -> Option<i32> {
        self.model.cells
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// A yearly rating of an organization.
#[derive(Clone)]
pub struct Rating {
    pub model: rating::Model,
    pub scope: Scope,
}

#[Object]
impl Rating {
    pub async fn id(&self) -> ID {
        encode(NodeType::Rating, self.model.id)
    }

    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.organization_id).await
    }

    async fn year(&self) -> i32 {
        self.model.year
    }

    async fn level(&self) -> RatingLevel {
        self.model.level.into()
    }

    /// The rating as the source words it.
    async fn label(&self) -> Option<&str> {
        self.model.label.as_deref()
    }

    /// A title awarded with it, e.g. "trong sạch, vững mạnh tiêu biểu".
    async fn title(&self) -> Option<&str> {
        self.model.title.as_deref()
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// An emulation title, commendation, recognition, praise or emulation registration of an
/// organization, or of the collectives and individuals under it, as its source words and dates it.
#[derive(Clone)]
pub struct Commendation {
    pub model: commendation::Model,
    pub scope: Scope,
}

#[Object]
impl Commendation {
    pub async fn id(&self) -> ID {
        encode(NodeType::Commendation, self.model.id)
    }

    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.organization_id).await
    }

    async fn kind(&self) -> CommendationKind {
        self.model.kind.into()
    }

    /// As the source words it, e.g. "tổ chức cơ sở đảng trong sạch, vững mạnh tiêu biểu".
    async fn text(&self) -> &str {
        &self.model.text
    }

    /// The year it is for, when the source gives one.
    async fn year(&self) -> Option<i32> {
        self.model.year
    }

    /// "nhiều năm liền": held for several consecutive years up to `year` (or up to
    /// `attestedOn`); how many, the source does not say.
    async fn consecutive_years(&self) -> bool {
        self.model.consecutive_years
    }

    /// The date its source states it, when the source gives no year of its own.
    async fn attested_on(&self) -> Option<Date> {
        self.model.attested_on.map(Date)
    }

    /// Who conferred it, when the source names them.
    async fn conferred_by(&self) -> Result<Option<Organization>> {
        let Some(id) = self.model.conferred_by_organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|model| Organization::new(model, &self.scope)))
    }

    /// How many collectives under the organization it concerns (none: the organization itself).
    async fn collectives(&self) -> Option<i32> {
        self.model.collectives
    }

    /// How many individuals under the organization it concerns.
    async fn individuals(&self) -> Option<i32> {
        self.model.individuals
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// Loads an optional source reference.
pub async fn load_source(scope: &Scope, source_id: Option<i64>) -> Result<Option<Source>> {
    let Some(id) = source_id else {
        return Ok(None);
    };
    Ok(scope.by_id::<source::Model>(id).await?.map(Source::from))
}
