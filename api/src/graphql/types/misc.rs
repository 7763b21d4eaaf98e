//! `Person`, `Document`, `Source`, `DataQualityIssue` and `Change` (an entry of the change feed
//! or a subscription's event).

use super::congress::Membership;
use super::node::{Node, node_of};
use super::organization::{Organization, load_source};
use crate::events::ChangeEvent;
use crate::graphql::describe::Args;
use crate::graphql::describe::relations::*;
use crate::graphql::enums::Severity;
use crate::graphql::ids::{self, NodeType, encode};
use crate::graphql::loaders::*;
use crate::graphql::scalars::Date;
use async_graphql::{ID, Object, Result};
use chrono::{DateTime, Utc};
use entity::{data_quality_issue, document, organization, person, source};

/// A person who held positions, named without honorifics.
#[derive(Clone)]
pub struct Person {
    pub model: person::Model,
    pub scope: Scope,
}

impl Person {
    pub fn new(model: person::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }
}

#[Object]
impl Person {
    pub async fn id(&self) -> ID {
        encode(NodeType::Person, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "person", self.model.id, first).await
    }

    /// The full name as written, e.g. "Ngô Văn An".
    async fn full_name(&self) -> &str {
        &self.model.full_name
    }

    async fn note(&self) -> Option<&str> {
        self.model.note.as_deref()
    }

    /// Every position the person held, earliest first: their career in the records.
    #[graphql(complexity = "PERSON_MEMBERSHIPS.complexity * child_complexity")]
    async fn memberships(&self) -> Result<Vec<Membership>> {
        let rows = self
            .scope
            .related::<entity::membership::Model>(&PERSON_MEMBERSHIPS, self.model.id, Args::NONE)
            .await?;
        Ok(rows
            .into_iter()
            .map(|model| Membership::new(model, &self.scope))
            .collect())
    }
}

/// A party document, identified by issuer, type, number and year: its symbol ("15-NQ/TW")
/// alone is not unique because numbers restart each term.
#[derive(Clone)]
pub struct Document {
    pub model: document::Model,
    pub scope: Scope,
}

impl Document {
    pub fn new(model: document::Model, scope: &Scope) -> Self {
        Self {
            model,
            scope: scope.clone(),
        }
    }
}

#[Object]
impl Document {
    pub async fn id(&self) -> ID {
        encode(NodeType::Document, self.model.id)
    }

    /// Every write that touched this record, newest first (admin tokens only).
    #[graphql(complexity = "first.unwrap_or(20).clamp(0, 100) as usize * child_complexity")]
    async fn history(
        &self,
        ctx: &async_graphql::Context<'_>,
        first: Option<i32>,
    ) -> Result<Vec<crate::graphql::types::audit::AuditEvent>> {
        crate::graphql::types::audit::history(ctx, "document", self.model.id, first).await
    }

    /// The symbol as written in the source, e.g. "01- CT/TU".
    async fn symbol(&self) -> Option<&str> {
        self.model.symbol.as_deref()
    }

    /// The symbol in canonical form, e.g. "1-CT/TU".
    async fn canonical_symbol(&self) -> Option<&str> {
        self.model.symbol_key.as_deref()
    }

    async fn number(&self) -> Option<i32> {
        self.model.number
    }

    /// NQ (resolution), KL (conclusion), QĐ (decision), QĐi (regulation), CT (directive), CTr
    /// (programme), KH (plan) ...
    async fn type_code(&self) -> Option<&str> {
        self.model.type_code.as_deref()
    }

    /// TW (central), TU (provincial or city committee), QU (district committee), ĐU (party committee) ...
    async fn issuer_code(&self) -> Option<&str> {
        self.model.issuer_code.as_deref()
    }

    async fn issued_on(&self) -> Option<Date> {
        self.model.issued_on.map(Date)
    }

    async fn issued_year(&self) -> Option<i32> {
        self.model.issued_year
    }

    async fn title(&self) -> Option<&str> {
        self.model.title.as_deref()
    }

    /// The organization that issued it, when known.
    async fn issuer(&self) -> Result<Option<Organization>> {
        let Some(id) = self.model.issuer_organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|model| Organization::new(model, &self.scope)))
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }
}

/// A published source the records are taken from.
#[derive(Clone)]
pub struct Source {
    pub model: source::Model,
}

impl From<source::Model> for Source {
    fn from(model: source::Model) -> Self {
        Self { model }
    }
}

#[Object]
impl Source {
    pub async fn id(&self) -> ID {
        encode(NodeType::Source, self.model.id)
    }

    async fn title(&self) -> &str {
        &self.model.title
    }

    async fn url(&self) -> Option<&str> {
        self.model.url.as_deref()
    }

    async fn publisher(&self) -> Option<&str> {
        self.model.publisher.as_deref()
    }

    async fn published_on(&self) -> Option<Date> {
        self.model.published_on.map(Date)
    }

    /// The publication time, when the source gives one.
    async fn published_at(&self) -> Option<DateTime<Utc>> {
        self.model.published_at
    }

    async fn author(&self) -> Option<&str> {
        self.model.author.as_deref()
    }

    /// The file the article is kept in, for the sample data.
    async fn file_name(&self) -> Option<&str> {
        self.model.file_name.as_deref()
    }
}

/// A warning stored with a record: something unusual, or contradicting another figure, for a
/// person to look at.
#[derive(Clone)]
pub struct DataQualityIssue {
    pub model: data_quality_issue::Model,
    pub scope: Scope,
}

#[Object]
impl DataQualityIssue {
    pub async fn id(&self) -> ID {
        encode(NodeType::DataQualityIssue, self.model.id)
    }

    /// The rule that found it, e.g. `declared_target_count`.
    async fn rule(&self) -> &str {
        &self.model.rule
    }

    /// Where in the submitted input, e.g. `resolution.targets`.
    async fn path(&self) -> &str {
        &self.model.path
    }

    async fn message(&self) -> &str {
        &self.model.message
    }

    async fn severity(&self) -> Severity {
        self.model.severity.into()
    }

    /// The record it is stored with.
    async fn record(&self) -> Result<Option<Node>> {
        let Some(node_type) = NodeType::from_record_type(&self.model.record_type) else {
            return Ok(None);
        };
        Ok(node_of(&self.scope, node_type, self.model.record_id).await?)
    }

    async fn organization(&self) -> Result<Option<Organization>> {
        let Some(id) = self.model.organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|model| Organization::new(model, &self.scope)))
    }

    async fn source(&self) -> Result<Option<Source>> {
        load_source(&self.scope, self.model.source_id).await
    }

    async fn created_at(&self) -> DateTime<Utc> {
        self.model.created_at
    }
}

/// One committed change to a record: from a subscription, or an entry of the change feed.
#[derive(Clone)]
pub struct Change {
    pub event: ChangeEvent,
    pub scope: Scope,
}

#[Object]
impl Change {
    /// The mutation that made it, e.g. `submitCongressResult`.
    async fn operation(&self) -> &str {
        &self.event.operation
    }

    /// CREATED, UPDATED, or RETRACTED (a tombstone: the record is hidden from lists and reports).
    async fn action(&self) -> &str {
        &self.event.action
    }

    /// The kind of record: `congress`, `membership`, `organization`, ...
    async fn record_type(&self) -> &str {
        &self.event.record_type
    }

    async fn record_id(&self) -> Option<ID> {
        NodeType::from_record_type(&self.event.record_type).map(|t| ids::encode(t, self.event.record_id))
    }

    /// The record as it is now.
    async fn record(&self) -> Result<Option<Node>> {
        let Some(node_type) = NodeType::from_record_type(&self.event.record_type) else {
            return Ok(None);
        };
        Ok(node_of(&self.scope, node_type, self.event.record_id).await?)
    }

    async fn organization(&self) -> Result<Option<Organization>> {
        let Some(id) = self.event.organization_id else {
            return Ok(None);
        };
        Ok(self
            .scope
            .by_id::<organization::Model>(id)
            .await?
            .map(|m| Organization::new(m, &self.scope)))
    }

    async fn occurred_at(&self) -> DateTime<Utc> {
        self.event.occurred_at
    }
}
