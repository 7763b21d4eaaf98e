//! `Organization` and the records that hang off it: placements, lineage, statistics, ratings.

use super::{Congress, Membership, Review, Source};
use crate::domain::time;
use crate::graphql::enums::{LineageKind, OrganizationKind, OrganizationLevel, RatingLevel};
use crate::graphql::ids::{NodeType, encode};
use crate::graphql::loaders::*;
use crate::graphql::scalars::Date;
use async_graphql::{ID, Object, Result};
use chrono::NaiveDate;
use entity::enums::{CommitteeKind, Position};
use entity::{organization, organization_lineage, organization_placement, organization_stats, rating, source};

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

    fn date_or_default(&self, on: Option<Date>) -> NaiveDate {
        on.map(|date| date.0)
            .unwrap_or_else(|| time::default_date_for(&self.model))
    }

    async fn organizations(&self, ids: Vec<i64>) -> Result<Vec<Organization>> {
        let found = self
            .scope
            .many(ids.iter().map(|id| ById::<organization::Entity>::new(*id)))
            .await?;
        Ok(ids
            .into_iter()
            .filter_map(|id| found.get(&ById::new(id)).cloned())
            .map(|model| Organization::new(model, &self.scope))
            .collect())
    }
}

/// Executive and standing committee positions, secretary first.
fn position_rank(position: Position) -> u8 {
    match position {
        Position::Secretary => 0,
        Position::StandingDeputySecretary => 1,
        Position::DeputySecretary => 2,
        Position::Chair => 3,
        Position::DeputyChair => 4,
        Position::Head => 5,
        Position::Member => 6,
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
    ) -> Result<Vec<crate::graphql::audit::AuditEvent>> {
        crate::graphql::audit::history(ctx, "organization", self.model.id, first).await
    }

    /// The name as the sources write it, e.g. "Đảng bộ phường Cự Khối".
    async fn name(&self) -> &str {
        &self.model.name
    }

    async fn kind(&self) -> OrganizationKind {
        self.model.kind.into()
    }

    async fn level(&self) -> OrganizationLevel {
        self.model.level.into()
    }

    /// The first day the organization existed, when known.
    async fn founded_on(&self) -> Option<Date> {
        self.model.founded_on.map(Date)
    }

    /// The first day the organization no longer existed, when it has been dissolved.
    async fn dissolved_on(&self) -> Option<Date> {
        self.model.dissolved_on.map(Date)
    }

    /// Whether the organization existed on a date (today when omitted).
    async fn active(&self, on: Option<Date>) -> bool {
        time::organization_active_on(&self.model, on.map(|d| d.0).unwrap_or_else(time::today))
    }

    /// The organization it sat directly under on a date. When `on` is omitted: today, or the
    /// organization's last day if it has been dissolved.
    async fn parent(&self, on: Option<Date>) -> Result<Option<Organization>> {
        let on = self.date_or_default(on);
        let placements = self.scope.list(PlacementsOf(self.model.id)).await?;
        let Some(placement) = placements.iter().find(|p| time::within(p.valid_from, p.valid_to, on)) else {
            return Ok(None);
        };
        Ok(self.organizations(vec![placement.parent_id]).await?.pop())
    }

    /// Every placement in the tree over time, earliest first.
    #[graphql(complexity = "5 * child_complexity")]
    async fn placements(&self) -> Result<Vec<Placement>> {
        let rows = self.scope.list(PlacementsOf(self.model.id)).await?;
        Ok(rows
            .into_iter()
            .map(|model| Placement {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// The organizations directly under it on a date (same default as `parent`), by name.
    #[graphql(complexity = "50 * child_complexity")]
    async fn children(&self, on: Option<Date>) -> Result<Vec<Organization>> {
        let on = self.date_or_default(on);
        let placements = self.scope.list(PlacementsUnder(self.model.id)).await?;
        let mut ids: Vec<i64> = placements
            .iter()
            .filter(|p| time::within(p.valid_from, p.valid_to, on))
            .map(|p| p.organization_id)
            .collect();
        ids.dedup();
        let mut children: Vec<Organization> = self
            .organizations(ids)
            .await?
            .into_iter()
            .filter(|child| time::organization_active_on(&child.model, on))
            .collect();
        children.sort_by(|a, b| {
            a.model
                .search_key
                .cmp(&b.model.search_key)
                .then(a.model.id.cmp(&b.model.id))
        });
        Ok(children)
    }

    /// Every organization above it on a date, nearest first (same default as `parent`).
    #[graphql(complexity = "8 * child_complexity")]
    async fn ancestors(&self, on: Option<Date>) -> Result<Vec<Organization>> {
        let on = self.date_or_default(on);
        let ids = self.scope.list(AncestorsOn(self.model.id, on)).await?;
        self.organizations(ids).await
    }

    /// Organizations this one came from (merged, split, renamed, reorganized).
    #[graphql(complexity = "5 * child_complexity")]
    async fn predecessors(&self) -> Result<Vec<Organization>> {
        let links = self.scope.list(LineageAsSuccessor(self.model.id)).await?;
        self.organizations(links.iter().map(|link| link.predecessor_id).collect())
            .await
    }

    /// Organizations that came from this one.
    #[graphql(complexity = "5 * child_complexity")]
    async fn successors(&self) -> Result<Vec<Organization>> {
        let links = self.scope.list(LineageAsPredecessor(self.model.id)).await?;
        self.organizations(links.iter().map(|link| link.successor_id).collect())
            .await
    }

    /// Lineage links in both directions, with their kind and date.
    #[graphql(complexity = "5 * child_complexity")]
    async fn lineage(&self) -> Result<Vec<Lineage>> {
        let mut links = self.scope.list(LineageAsSuccessor(self.model.id)).await?;
        links.extend(self.scope.list(LineageAsPredecessor(self.model.id)).await?);
        links.sort_by_key(|link| (link.effective_on, link.id));
        Ok(links
            .into_iter()
            .map(|model| Lineage {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// Its congresses in order: by term, then ordinal.
    #[graphql(complexity = "10 * child_complexity")]
    async fn congresses(&self) -> Result<Vec<Congress>> {
        let rows = self.scope.list(CongressesOf(self.model.id)).await?;
        Ok(rows
            .into_iter()
            .map(|model| Congress::new(model, &self.scope))
            .collect())
    }

    /// The congress of its latest term.
    async fn latest_congress(&self) -> Result<Option<Congress>> {
        let rows = self.scope.list(CongressesOf(self.model.id)).await?;
        Ok(rows.into_iter().last().map(|model| Congress::new(model, &self.scope)))
    }

    /// Who led it on a date: the memberships of that date's executive and standing committees,
    /// secretary first, then deputies, then members. When `on` is omitted: today, or the
    /// organization's last day if it has been dissolved.
    #[graphql(complexity = "20 * child_complexity")]
    async fn leadership(&self, on: Option<Date>) -> Result<Vec<Membership>> {
        let on = self.date_or_default(on);
        let mut rows = self.scope.list(LeadershipOn(self.model.id, on)).await?;
        rows.sort_by_key(|row| {
            let committee = if row.committee_kind == CommitteeKind::Executive {
                0
            } else {
                1
            };
            (position_rank(row.membership.position), committee, row.membership.id)
        });
        Ok(rows
            .into_iter()
            .map(|row| Membership::new(row.membership, &self.scope))
            .collect())
    }

    /// Dated snapshots of its size, oldest first.
    #[graphql(complexity = "10 * child_complexity")]
    async fn stats(&self) -> Result<Vec<OrganizationStats>> {
        let rows = self.scope.list(StatsOf(self.model.id)).await?;
        Ok(rows
            .into_iter()
            .map(|model| OrganizationStats {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// Its yearly ratings, oldest first (of one year when `year` is given).
    #[graphql(complexity = "10 * child_complexity")]
    async fn ratings(&self, year: Option<i32>) -> Result<Vec<Rating>> {
        let rows = self.scope.list(RatingsOf(self.model.id)).await?;
        Ok(rows
            .into_iter()
            .filter(|row| year.is_none_or(|year| row.year == year))
            .map(|model| Rating {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// The reviews of its terms (mid-term, annual, end of term), earliest first: of the term
    /// that contains `termYear` when given.
    #[graphql(complexity = "10 * child_complexity")]
    async fn reviews(&self, term_year: Option<i32>) -> Result<Vec<Review>> {
        let congresses = self.scope.list(CongressesOf(self.model.id)).await?;
        let wanted: Vec<i64> = congresses
            .iter()
            .filter(|c| term_year.is_none_or(|y| c.term_start_year <= y && y <= c.term_end_year))
            .map(|c| c.id)
            .collect();
        let found = self.scope.many(wanted.iter().map(|id| ReviewsOf(*id))).await?;
        let mut reviews: Vec<_> = wanted
            .iter()
            .filter_map(|id| found.get(&ReviewsOf(*id)))
            .flatten()
            .cloned()
            .collect();
        reviews.sort_by_key(|review| (review.held_on, review.id));
        Ok(reviews
            .into_iter()
            .map(|model| Review {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// The sources that speak about it or its congresses, placements and statistics.
    #[graphql(complexity = "5 * child_complexity")]
    async fn sources(&self) -> Result<Vec<Source>> {
        let rows = self.scope.list(SourcesOfOrganization(self.model.id)).await?;
        Ok(rows.into_iter().map(Source::from).collect())
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
        let model = self
            .scope
            .require::<organization::Entity>(self.model.organization_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
    }

    async fn parent(&self) -> Result<Organization> {
        let model = self.scope.require::<organization::Entity>(self.model.parent_id).await?;
        Ok(Organization::new(model, &self.scope))
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
        let model = self
            .scope
            .require::<organization::Entity>(self.model.predecessor_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
    }

    async fn successor(&self) -> Result<Organization> {
        let model = self
            .scope
            .require::<organization::Entity>(self.model.successor_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
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
        let model = self
            .scope
            .require::<organization::Entity>(self.model.organization_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
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
        let model = self
            .scope
            .require::<organization::Entity>(self.model.organization_id)
            .await?;
        Ok(Organization::new(model, &self.scope))
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

/// Loads an optional source reference.
pub async fn load_source(scope: &Scope, source_id: Option<i64>) -> Result<Option<Source>> {
    let Some(id) = source_id else {
        return Ok(None);
    };
    Ok(scope.one(ById::<source::Entity>::new(id)).await?.map(Source::from))
}
