//! `Congress` and what it produces: committees and their members, the resolution, reviews.

use super::organization::load_source;
use super::{DataQualityIssue, Document, Organization, Person, Source, Target};
use crate::domain::{roman, time};
use crate::graphql::describe::Args;
use crate::graphql::describe::relations::*;
use crate::graphql::enums::{
    CommitteeFormation, CommitteeKind, CongressKind, EndReason, Position, ReviewKind, StartReason,
};
use crate::graphql::ids::{NodeType, encode};
use crate::graphql::loaders::*;
use crate::graphql::scalars::Date;
use async_graphql::{ID, Object, Result, SimpleObject};
use chrono::{Datelike, NaiveDate};
use entity::{committee, congress, document, membership, organization, person, resolution, review};

/// A congress (Đại hội) that opens a term of an organization.
#[derive(Clone)]
pub struct Congress {
    pub model: congress::Model,
    pub scope: Scope,
}

impl Congress {
    pub fn new(model: congress::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }
}

#[Object]
impl Congress {
    pub async fn id(&self) -> ID {
        encode(NodeType::Congress, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "congress", self.model.id, first).await
    }

    async fn organization(&self) -> Result<Organization> {
        Organization::load(&self.scope, self.model.organization_id).await
    }

    /// Its number in the organization's series (23 for "lần thứ XXIII"); null when the sources
    /// name the term but not the number.
    async fn ordinal(&self) -> Option<i32> {
        self.model.ordinal
    }

    /// The ordinal as written in Roman numerals ("XXIII").
    async fn ordinal_roman(&self) -> Option<String> {
        self.model.ordinal.and_then(|n| roman::to_roman(i64::from(n)))
    }

    async fn term_start_year(&self) -> i32 {
        self.model.term_start_year
    }

    async fn term_end_year(&self) -> i32 {
        self.model.term_end_year
    }

    /// The term as written: "2015-2020".
    async fn term(&self) -> String {
        format!("{}-{}", self.model.term_start_year, self.model.term_end_year)
    }

    /// A members' or delegates' congress, when the sources say.
    async fn kind(&self) -> Option<CongressKind> {
        self.model.kind.map(Into::into)
    }

    /// The kind in Vietnamese: "Đại hội đảng viên" or "Đại hội đại biểu".
    async fn kind_label(&self) -> Option<&'static str> {
        self.model.kind.map(crate::graphql::labels::congress_kind)
    }

    async fn opened_on(&self) -> Option<Date> {
        self.model.opened_on.map(Date)
    }

    /// The last day, for a congress that lasted more than one day.
    async fn closed_on(&self) -> Option<Date> {
        self.model.closed_on.map(Date)
    }

    async fn delegate_count(&self) -> Option<i32> {
        self.model.delegate_count
    }

    /// The congress's motto, e.g. "Đoàn kết - Gương mẫu - Đổi mới - Phát triển".
    async fn motto(&self) -> Option<&str> {
        self.model.motto.as_deref()
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    /// When a wrong submission was retracted: it is then hidden from lists and reports.
    async fn retracted_at(&self) -> Option<chrono::DateTime<chrono::Utc>> {
        self.model.retracted_at
    }

    async fn retraction_reason(&self) -> Option<&str> {
        self.model.retraction_reason.as_deref()
    }

    /// Its committees: executive, standing, inspection, delegation.
    #[graphql(complexity = "COMMITTEES.complexity * child_complexity")]
    async fn committees(&self) -> Result<Vec<Committee>> {
        let rows = self
            .scope
            .related::<committee::Model>(&COMMITTEES, self.model.id, Args::NONE)
            .await?;
        Ok(rows
            .into_iter()
            .map(|model| Committee::new(model, &self.scope))
            .collect())
    }

    /// One of its committees by kind.
    async fn committee(&self, kind: CommitteeKind) -> Result<Option<Committee>> {
        let args = Args {
            committee_kind: Some(kind.into()),
            ..Args::NONE
        };
        let found = self
            .scope
            .related_one::<committee::Model>(&COMMITTEES, self.model.id, args)
            .await?;
        Ok(found.map(|model| Committee::new(model, &self.scope)))
    }

    /// The resolution it adopted, with the term's targets.
    async fn resolution(&self) -> Result<Option<Resolution>> {
        let found = self
            .scope
            .related_one::<resolution::Model>(&RESOLUTIONS, self.model.id, Args::NONE)
            .await?;
        Ok(found.map(|model| Resolution {
            model,
            scope: self.scope.clone(),
        }))
    }

    /// Reviews of the term (mid-term, annual, end of term), earliest first.
    #[graphql(complexity = "CONGRESS_REVIEWS.complexity * child_complexity")]
    async fn reviews(&self) -> Result<Vec<Review>> {
        let rows = self
            .scope
            .related::<review::Model>(&CONGRESS_REVIEWS, self.model.id, Args::NONE)
            .await?;
        Ok(rows
            .into_iter()
            .map(|model| Review {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }

    /// The sources that speak about this congress and its term.
    #[graphql(complexity = "CONGRESS_SOURCES.complexity * child_complexity")]
    async fn sources(&self) -> Result<Vec<Source>> {
        let rows = self
            .scope
            .related::<entity::source::Model>(&CONGRESS_SOURCES, self.model.id, Args::NONE)
            .await?;
        Ok(rows.into_iter().map(Source::from).collect())
    }

    /// The warnings stored with this congress when it was recorded.
    #[graphql(complexity = "CONGRESS_ISSUES.complexity * child_complexity")]
    async fn data_quality_issues(&self) -> Result<Vec<DataQualityIssue>> {
        let rows = self
            .scope
            .related::<entity::data_quality_issue::Model>(&CONGRESS_ISSUES, self.model.id, Args::NONE)
            .await?;
        Ok(rows
            .into_iter()
            .map(|model| DataQualityIssue {
                model,
                scope: self.scope.clone(),
            })
            .collect())
    }
}

/// A committee of a term: elected by the congress or its plenum, or appointed by a superior.
#[derive(Clone)]
pub struct Committee {
    pub model: committee::Model,
    pub scope: Scope,
}

impl Committee {
    pub fn new(model: committee::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }

    async fn congress_model(&self) -> Result<congress::Model> {
        Ok(self.scope.require::<congress::Model>(self.model.congress_id).await?)
    }
}

#[Object]
impl Committee {
    pub async fn id(&self) -> ID {
        encode(NodeType::Committee, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "committee", self.model.id, first).await
    }

    async fn congress(&self) -> Result<Congress> {
        Ok(Congress::new(self.congress_model().await?, &self.scope))
    }

    async fn kind(&self) -> CommitteeKind {
        self.model.kind.into()
    }

    /// The kind in Vietnamese: "Ban Chấp hành", "Ban Thường vụ", "Ủy ban Kiểm tra", ...
    async fn kind_label(&self) -> &'static str {
        crate::graphql::labels::committee_kind(self.model.kind)
    }

    async fn formation(&self) -> CommitteeFormation {
        self.model.formation.into()
    }

    /// How it was formed, in Vietnamese: "Đại hội bầu", "Cấp trên chỉ định", ...
    async fn formation_label(&self) -> &'static str {
        crate::graphql::labels::committee_formation(self.model.formation)
    }

    /// The declared number of seats ("Ban Chấp hành gồm 15 đồng chí"). Sources often name only
    /// a few of the members, so this and the number of recorded members differ.
    async fn seat_count(&self) -> Option<i32> {
        self.model.seat_count
    }

    /// The document that decided an appointed committee.
    async fn decision(&self) -> Result<Option<Document>> {
        let Some(id) = self.model.decision_document_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<document::Model>(id)
            .await?
            .map(|model| Document::new(model, &self.scope)))
    }

    /// The superior organization that appointed it.
    async fn decided_by(&self) -> Result<Option<Organization>> {
        let Some(id) = self.model.decided_by_organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|model| Organization::new(model, &self.scope)))
    }

    /// Its memberships: those holding on `activeOn`, or every one ever recorded when omitted.
    #[graphql(complexity = "MEMBERS.complexity * child_complexity")]
    async fn members(&self, active_on: Option<Date>) -> Result<Vec<Membership>> {
        let args = Args {
            on: active_on.map(|d| d.0),
            ..Args::NONE
        };
        let rows = self
            .scope
            .related::<membership::Model>(&MEMBERS, self.model.id, args)
            .await?;
        Ok(rows
            .into_iter()
            .map(|model| Membership::new(model, &self.scope))
            .collect())
    }

    /// Seats without a recorded holder on a date: today, or the term's last day once the term is
    /// over. Null when the seat count is unknown.
    async fn vacancies(&self, on: Option<Date>) -> Result<Option<i32>> {
        let Some(seats) = self.model.seat_count else {
            return Ok(None);
        };
        let congress = self.congress_model().await?;
        let on = on.map(|d| d.0).unwrap_or_else(|| {
            let last_day = NaiveDate::from_ymd_opt(congress.term_end_year, 12, 31);
            let today = time::today();
            match last_day {
                Some(last) if last < today => last,
                _ => today,
            }
        });
        let held = self
            .scope
            .related::<membership::Model>(&MEMBERS, self.model.id, Args::on(on))
            .await?
            .len() as i32;
        Ok(Some((seats - held).max(0)))
    }
}

/// A position held by a person on a committee, from one date to another. A membership is never
/// deleted to end it: it gets an end date and a reason.
#[derive(Clone)]
pub struct Membership {
    pub model: membership::Model,
    pub scope: Scope,
}

impl Membership {
    pub fn new(model: membership::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }
}

#[Object]
impl Membership {
    pub async fn id(&self) -> ID {
        encode(NodeType::Membership, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "membership", self.model.id, first).await
    }

    async fn person(&self) -> Result<Person> {
        let model = self.scope.require::<person::Model>(self.model.person_id).await?;
        Ok(Person::new(model, &self.scope))
    }

    async fn committee(&self) -> Result<Committee> {
        let model = self.scope.require::<committee::Model>(self.model.committee_id).await?;
        Ok(Committee::new(model, &self.scope))
    }

    async fn position(&self) -> Position {
        self.model.position.into()
    }

    /// The position in Vietnamese: "Bí thư", "Phó Bí thư", "Ủy viên", ...
    async fn position_label(&self) -> &'static str {
        crate::graphql::labels::position(self.model.position)
    }

    /// The first day held, when known (for members elected by a congress, the congress's last day).
    async fn started_on(&self) -> Option<Date> {
        self.model.started_on.map(Date)
    }

    /// The day a source names the person in this position, when it gives no start: the
    /// position is known to hold from then (start unknown), and `leadership` does not claim it
    /// before.
    async fn attested_on(&self) -> Option<Date> {
        self.model.attested_on.map(Date)
    }

    /// The first day no longer held (exclusive), once ended.
    async fn ended_on(&self) -> Option<Date> {
        self.model.ended_on.map(Date)
    }

    async fn start_reason(&self) -> StartReason {
        self.model.start_reason.into()
    }

    async fn end_reason(&self) -> Option<EndReason> {
        self.model.end_reason.map(Into::into)
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    /// Whether it held on a date (today when omitted).
    async fn active(&self, on: Option<Date>) -> Result<bool> {
        let committee = self.scope.require::<committee::Model>(self.model.committee_id).await?;
        let congress = self.scope.require::<congress::Model>(committee.congress_id).await?;
        Ok(time::membership_active_on(
            &self.model,
            &congress,
            on.map(|d| d.0).unwrap_or_else(time::today),
        ))
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// The resolution a congress adopted, carrying the term's targets.
#[derive(Clone)]
pub struct Resolution {
    pub model: resolution::Model,
    pub scope: Scope,
}

#[Object]
impl Resolution {
    pub async fn id(&self) -> ID {
        encode(NodeType::Resolution, self.model.id)
    }

    async fn congress(&self) -> Result<Congress> {
        let model = self.scope.require::<congress::Model>(self.model.congress_id).await?;
        Ok(Congress::new(model, &self.scope))
    }

    async fn document(&self) -> Result<Option<Document>> {
        let Some(id) = self.model.document_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<document::Model>(id)
            .await?
            .map(|model| Document::new(model, &self.scope)))
    }

    async fn title(&self) -> &str {
        &self.model.title
    }

    async fn adopted_on(&self) -> Option<Date> {
        self.model.adopted_on.map(Date)
    }

    /// How many targets the source says the resolution sets; it may differ from those listed.
    async fn declared_target_count(&self) -> Option<i32> {
        self.model.declared_target_count
    }

    /// How many breakthroughs (khâu đột phá) the source says it names.
    async fn declared_breakthrough_count(&self) -> Option<i32> {
        self.model.declared_breakthrough_count
    }

    /// Its top-level targets in order; sub-targets are under each target's `children`.
    #[graphql(complexity = "TARGETS.complexity * child_complexity")]
    async fn targets(&self) -> Result<Vec<Target>> {
        let rows = self
            .scope
            .related::<entity::target::Model>(&TARGETS, self.model.id, Args::NONE)
            .await?;
        Ok(rows.into_iter().map(|model| Target::new(model, &self.scope)).collect())
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// A person who attended a review as a guest, as the source names them.
#[derive(SimpleObject, Clone, serde::Deserialize, serde::Serialize)]
pub struct ReviewGuest {
    pub full_name: String,
    pub role: Option<String>,
}

/// A review conference of a term: mid-term (sơ kết giữa nhiệm kỳ), annual or end of term.
#[derive(Clone)]
pub struct Review {
    pub model: review::Model,
    pub scope: Scope,
}

#[Object]
impl Review {
    pub async fn id(&self) -> ID {
        encode(NodeType::Review, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "review", self.model.id, first).await
    }

    async fn congress(&self) -> Result<Congress> {
        let model = self.scope.require::<congress::Model>(self.model.congress_id).await?;
        Ok(Congress::new(model, &self.scope))
    }

    async fn kind(&self) -> ReviewKind {
        self.model.kind.into()
    }

    async fn held_on(&self) -> Date {
        Date(self.model.held_on)
    }

    /// The year of the term it was held in.
    async fn year(&self) -> i32 {
        self.model.held_on.year()
    }

    async fn title(&self) -> Option<&str> {
        self.model.title.as_deref()
    }

    async fn summary(&self) -> Option<&str> {
        self.model.summary.as_deref()
    }

    /// Its findings, each as a short passage.
    async fn findings(&self) -> Vec<String> {
        serde_json::from_str(&self.model.findings).unwrap_or_default()
    }

    /// Guests from superior organizations, with their roles as the source gives them.
    async fn guests(&self) -> Vec<ReviewGuest> {
        serde_json::from_str(&self.model.guests).unwrap_or_default()
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}
