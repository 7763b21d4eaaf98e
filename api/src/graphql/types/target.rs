//! `Target` and `TargetResult`: what a term set out to do, and what each year achieved.

use super::organization::load_source;
use super::{Congress, Organization, Source};
use crate::domain::targets;
use crate::graphql::describe::Args;
use crate::graphql::describe::relations::*;
use crate::graphql::enums::{
    AchievementStatus, Comparator, ResultQualifier, TargetAssigner, TargetMeasure, TargetPeriod,
};
use crate::graphql::ids::{NodeType, encode};
use crate::graphql::loaders::*;
use crate::graphql::scalars::DecimalValue;
use async_graphql::{ID, Object, Result};
use entity::{congress, organization, target, target_result};

/// A target (chỉ tiêu) of a term, set by the congress or assigned by a superior.
#[derive(Clone)]
pub struct Target {
    pub model: target::Model,
    pub scope: Scope,
}

impl Target {
    pub fn new(model: target::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }

    async fn results_of(&self) -> Result<Vec<target_result::Model>> {
        Ok(self
            .scope
            .related::<target_result::Model>(&RESULTS, self.model.id, Args::NONE)
            .await?)
    }
}

fn decimal(text: Option<&str>) -> Option<DecimalValue> {
    targets::stored_decimal(text).map(DecimalValue)
}

#[Object]
impl Target {
    pub async fn id(&self) -> ID {
        encode(NodeType::Target, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "target", self.model.id, first).await
    }

    /// Its position among its siblings, from 1.
    async fn ordinal(&self) -> i32 {
        self.model.ordinal
    }

    /// The target as the source writes it.
    async fn text(&self) -> &str {
        &self.model.text
    }

    /// The target it belongs to ("trong đó 20% ..." belongs to "100% ...").
    async fn parent(&self) -> Result<Option<Target>> {
        let Some(id) = self.model.parent_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<target::Model>(id)
            .await?
            .map(|model| Target::new(model, &self.scope)))
    }

    #[graphql(complexity = "SUB_TARGETS.complexity * child_complexity")]
    async fn children(&self) -> Result<Vec<Target>> {
        let rows = self
            .scope
            .related::<target::Model>(&SUB_TARGETS, self.model.id, Args::NONE)
            .await?;
        Ok(rows.into_iter().map(|model| Target::new(model, &self.scope)).collect())
    }

    async fn measure(&self) -> Option<TargetMeasure> {
        self.model.measure.map(Into::into)
    }

    /// Null for an indicator whose goal the source does not state.
    async fn comparator(&self) -> Option<Comparator> {
        self.model.comparator.map(Into::into)
    }

    /// The lower bound (AT_LEAST, RANGE) or the value (EXACT).
    async fn min_value(&self) -> Option<DecimalValue> {
        decimal(self.model.min_value.as_deref())
    }

    /// The upper bound (AT_MOST, RANGE).
    async fn max_value(&self) -> Option<DecimalValue> {
        decimal(self.model.max_value.as_deref())
    }

    async fn unit(&self) -> Option<&str> {
        self.model.unit.as_deref()
    }

    async fn period(&self) -> Option<TargetPeriod> {
        self.model.period.map(Into::into)
    }

    async fn assigned_by(&self) -> TargetAssigner {
        self.model.assigned_by.into()
    }

    /// The superior organization that assigned it, for targets it did not set itself.
    async fn assigned_by_organization(&self) -> Result<Option<Organization>> {
        let Some(id) = self.model.assigned_by_organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|model| Organization::new(model, &self.scope)))
    }

    /// The organization the target is for.
    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.organization_id).await
    }

    /// The congress whose term it belongs to, when it was set by one.
    async fn congress(&self) -> Result<Option<Congress>> {
        let Some(id) = self.model.congress_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<congress::Model>(id)
            .await?
            .map(|model| Congress::new(model, &self.scope)))
    }

    /// The first year it applies to.
    async fn start_year(&self) -> i32 {
        self.model.start_year
    }

    /// The last year it applies to.
    async fn end_year(&self) -> i32 {
        self.model.end_year
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    /// Its results, earliest year first.
    #[graphql(complexity = "RESULTS.complexity * child_complexity")]
    async fn results(&self) -> Result<Vec<TargetResult>> {
        let rows = self.results_of().await?;
        Ok(rows
            .into_iter()
            .map(|model| TargetResult::new(model, self.model.clone(), &self.scope))
            .collect())
    }

    /// The result for the latest year.
    async fn latest_result(&self) -> Result<Option<TargetResult>> {
        let rows = self.results_of().await?;
        Ok(targets::latest(&rows)
            .cloned()
            .map(|model| TargetResult::new(model, self.model.clone(), &self.scope)))
    }

    /// The status of the latest result (NO_DATA without one).
    async fn status(&self) -> Result<AchievementStatus> {
        let rows = self.results_of().await?;
        Ok(match targets::latest(&rows) {
            Some(result) => targets::status_of(&self.model, result).into(),
            None => AchievementStatus::NoData,
        })
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// A result against a target for a year, or a span of years.
#[derive(Clone)]
pub struct TargetResult {
    pub model: target_result::Model,
    pub target: target::Model,
    pub scope: Scope,
}

impl TargetResult {
    pub fn new(model: target_result::Model, target: target::Model, scope: &Scope) -> Self {
        Self {
            model,
            target,
            scope: scope.clone(),
        }
    }
}

#[Object]
impl TargetResult {
    pub async fn id(&self) -> ID {
        encode(NodeType::TargetResult, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "target_result", self.model.id, first).await
    }

    async fn target(&self) -> Target {
        Target::new(self.target.clone(), &self.scope)
    }

    /// The year the result is for (the last year of a span).
    async fn year(&self) -> i32 {
        self.model.year_to
    }

    /// The first year of the span the result covers (the same as `year` for one year).
    async fn year_from(&self) -> i32 {
        self.model.year_from
    }

    async fn year_to(&self) -> i32 {
        self.model.year_to
    }

    async fn achieved(&self) -> Option<DecimalValue> {
        decimal(self.model.achieved.as_deref())
    }

    /// The planned figure the source compares with ("7/6": achieved 7 of a planned 6).
    async fn planned(&self) -> Option<DecimalValue> {
        decimal(self.model.planned.as_deref())
    }

    /// The whole the achieved figure is part of ("5/7 streets": out of 7).
    async fn out_of(&self) -> Option<DecimalValue> {
        decimal(self.model.out_of.as_deref())
    }

    /// The percent the source reported ("đạt 117%"), as written.
    async fn reported_percent(&self) -> Option<DecimalValue> {
        decimal(self.model.reported_percent.as_deref())
    }

    /// achieved / planned × 100, computed exactly and rounded to two places.
    async fn computed_percent(&self) -> Option<DecimalValue> {
        targets::computed_percent_of(&self.model).map(DecimalValue)
    }

    async fn qualifier(&self) -> Option<ResultQualifier> {
        self.model.qualifier.map(Into::into)
    }

    /// The outcome the source states in words, used when it gives no figures.
    async fn reported_status(&self) -> Option<AchievementStatus> {
        self.model.reported_status.map(Into::into)
    }

    /// Where the result stands against its target, computed from the figures.
    async fn status(&self) -> AchievementStatus {
        targets::status_of(&self.target, &self.model).into()
    }

    /// The status in Vietnamese: "Vượt chỉ tiêu", "Đạt chỉ tiêu", "Chưa đạt chỉ tiêu", ...
    async fn status_label(&self) -> &'static str {
        crate::graphql::labels::achievement_status(targets::status_of(&self.target, &self.model))
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}
