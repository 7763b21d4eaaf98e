//! The `Node` interface: any record by its global ID.

use super::{
    Commendation, Committee, Congress, DataQualityIssue, Document, Lineage, Membership, Organization,
    OrganizationStats, Person, Placement, Rating, Resolution, Review, Source, Target, TargetResult,
};
use crate::error::ApiResult;
use crate::graphql::describe::Stored;
use crate::graphql::ids::NodeType;
use crate::graphql::loaders::Scope;
use async_graphql::Interface;
use entity::{
    commendation, committee, congress, data_quality_issue, document, membership, organization, organization_lineage,
    organization_placement, organization_stats, person, rating, resolution, review, source, target, target_result,
};

/// Any record with a global ID.
#[derive(Interface, Clone)]
#[graphql(field(name = "id", ty = "async_graphql::ID"))]
pub enum Node {
    Organization(Organization),
    Placement(Placement),
    Lineage(Lineage),
    OrganizationStats(OrganizationStats),
    Congress(Congress),
    Committee(Committee),
    Membership(Membership),
    Person(Person),
    Document(Document),
    Resolution(Resolution),
    Target(Target),
    TargetResult(TargetResult),
    Review(Review),
    Rating(Rating),
    Commendation(Commendation),
    Source(Source),
    DataQualityIssue(DataQualityIssue),
}

impl NodeType {
    /// The `record_type` stored for this node type with warnings and audit events.
    pub fn record_type(self) -> &'static str {
        match self {
            Self::Organization => "organization",
            Self::Placement => "placement",
            Self::Lineage => "lineage",
            Self::OrganizationStats => "organization_stats",
            Self::Congress => "congress",
            Self::Committee => "committee",
            Self::Membership => "membership",
            Self::Person => "person",
            Self::Document => "document",
            Self::Resolution => "resolution",
            Self::Target => "target",
            Self::TargetResult => "target_result",
            Self::Review => "review",
            Self::Rating => "rating",
            Self::Commendation => "commendation",
            Self::Source => "source",
            Self::DataQualityIssue => "data_quality_issue",
            Self::AuditEvent => "audit_event",
        }
    }

    /// The node type of a `record_type` stored with warnings and audit events.
    pub fn from_record_type(record_type: &str) -> Option<Self> {
        Some(match record_type {
            "organization" => Self::Organization,
            "placement" => Self::Placement,
            "lineage" => Self::Lineage,
            "organization_stats" => Self::OrganizationStats,
            "congress" => Self::Congress,
            "committee" => Self::Committee,
            "membership" => Self::Membership,
            "person" => Self::Person,
            "document" => Self::Document,
            "resolution" => Self::Resolution,
            "target" => Self::Target,
            "target_result" => Self::TargetResult,
            "review" => Self::Review,
            "rating" => Self::Rating,
            "commendation" => Self::Commendation,
            "source" => Self::Source,
            _ => return None,
        })
    }
}

async fn load<M: Stored>(scope: &Scope, id: i64) -> ApiResult<Option<M>> {
    scope.by_id::<M>(id).await
}

/// Resolves a record of a known type, or `None` if it does not exist.
pub async fn node_of(scope: &Scope, node_type: NodeType, id: i64) -> ApiResult<Option<Node>> {
    let s = scope.clone();
    Ok(match node_type {
        NodeType::Organization => load::<organization::Model>(scope, id)
            .await?
            .map(|m| Node::Organization(Organization::new(m, &s))),
        NodeType::Placement => load::<organization_placement::Model>(scope, id)
            .await?
            .map(|model| Node::Placement(Placement { model, scope: s })),
        NodeType::Lineage => load::<organization_lineage::Model>(scope, id)
            .await?
            .map(|model| Node::Lineage(Lineage { model, scope: s })),
        NodeType::OrganizationStats => load::<organization_stats::Model>(scope, id)
            .await?
            .map(|model| Node::OrganizationStats(OrganizationStats { model, scope: s })),
        NodeType::Congress => load::<congress::Model>(scope, id)
            .await?
            .map(|m| Node::Congress(Congress::new(m, &s))),
        NodeType::Committee => load::<committee::Model>(scope, id)
            .await?
            .map(|m| Node::Committee(Committee::new(m, &s))),
        NodeType::Membership => load::<membership::Model>(scope, id)
            .await?
            .map(|m| Node::Membership(Membership::new(m, &s))),
        NodeType::Person => load::<person::Model>(scope, id)
            .await?
            .map(|m| Node::Person(Person::new(m, &s))),
        NodeType::Document => load::<document::Model>(scope, id)
            .await?
            .map(|m| Node::Document(Document::new(m, &s))),
        NodeType::Resolution => load::<resolution::Model>(scope, id)
            .await?
            .map(|model| Node::Resolution(Resolution { model, scope: s })),
        NodeType::Target => load::<target::Model>(scope, id)
            .await?
            .map(|m| Node::Target(Target::new(m, &s))),
        NodeType::TargetResult => match load::<target_result::Model>(scope, id).await? {
            Some(model) => {
                let target = scope.require::<target::Model>(model.target_id).await?;
                Some(Node::TargetResult(TargetResult::new(model, target, &s)))
            }
            None => None,
        },
        NodeType::Review => load::<review::Model>(scope, id)
            .await?
            .map(|model| Node::Review(Review { model, scope: s })),
        NodeType::Rating => load::<rating::Model>(scope, id)
            .await?
            .map(|model| Node::Rating(Rating { model, scope: s })),
        NodeType::Commendation => load::<commendation::Model>(scope, id)
            .await?
            .map(|model| Node::Commendation(Commendation { model, scope: s })),
        NodeType::Source => load::<source::Model>(scope, id)
            .await?
            .map(|m| Node::Source(Source::from(m))),
        NodeType::DataQualityIssue => load::<data_quality_issue::Model>(scope, id)
            .await?
            .map(|model| Node::DataQualityIssue(DataQualityIssue { model, scope: s })),
        NodeType::AuditEvent => None,
    })
}
