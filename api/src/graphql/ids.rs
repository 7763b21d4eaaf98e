//! Global IDs: opaque strings that name a record and its type, unique across types, so that
//! `node(id:)` can resolve any of them. Clients must not parse them.

use crate::ApiError;
use async_graphql::ID;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

/// The record types that have IDs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeType {
    Organization,
    Placement,
    Lineage,
    OrganizationStats,
    Congress,
    Committee,
    Membership,
    Person,
    Document,
    Resolution,
    Target,
    TargetResult,
    Review,
    Rating,
    Commendation,
    Source,
    DataQualityIssue,
    AuditEvent,
}

const ALL: [NodeType; 18] = [
    NodeType::Organization,
    NodeType::Placement,
    NodeType::Lineage,
    NodeType::OrganizationStats,
    NodeType::Congress,
    NodeType::Committee,
    NodeType::Membership,
    NodeType::Person,
    NodeType::Document,
    NodeType::Resolution,
    NodeType::Target,
    NodeType::TargetResult,
    NodeType::Review,
    NodeType::Rating,
    NodeType::Commendation,
    NodeType::Source,
    NodeType::DataQualityIssue,
    NodeType::AuditEvent,
];

impl NodeType {
    pub fn name(self) -> &'static str {
        match self {
            Self::Organization => "Organization",
            Self::Placement => "Placement",
            Self::Lineage => "Lineage",
            Self::OrganizationStats => "OrganizationStats",
            Self::Congress => "Congress",
            Self::Committee => "Committee",
            Self::Membership => "Membership",
            Self::Person => "Person",
            Self::Document => "Document",
            Self::Resolution => "Resolution",
            Self::Target => "Target",
            Self::TargetResult => "TargetResult",
            Self::Review => "Review",
            Self::Rating => "Rating",
            Self::Commendation => "Commendation",
            Self::Source => "Source",
            Self::DataQualityIssue => "DataQualityIssue",
            Self::AuditEvent => "AuditEvent",
        }
    }

    fn from_name(name: &str) -> Option<Self> {
        ALL.into_iter().find(|node_type| node_type.name() == name)
    }
}

pub fn encode(node_type: NodeType, id: i64) -> ID {
    ID(URL_SAFE_NO_PAD.encode(format!("{}:{id}", node_type.name())))
}

/// The type and key an ID names, or `None` if it is not one of ours.
pub fn decode(id: &str) -> Option<(NodeType, i64)> {
    let bytes = URL_SAFE_NO_PAD.decode(id.trim()).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (name, key) = text.split_once(':')?;
    let key: i64 = key.parse().ok()?;
    (key > 0).then_some(())?;
    Some((NodeType::from_name(name)?, key))
}

/// The key of an ID that must name a record of `expected` type; `path` says where it was given.
pub fn decode_as(id: &str, expected: NodeType, path: &str) -> Result<i64, ApiError> {
    match decode(id) {
        Some((node_type, key)) if node_type == expected => Ok(key),
        Some((node_type, _)) => Err(ApiError::invalid(
            "id_type",
            path,
            format!(
                "expected the ID of a {}, got the ID of a {}",
                expected.name(),
                node_type.name()
            ),
        )),
        None => Err(ApiError::invalid(
            "id_malformed",
            path,
            format!("\"{id}\" is not a valid ID"),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_encoded_id_decodes_to_its_type_and_key() {
        let id = encode(NodeType::Congress, 42);
        assert_eq!(decode(&id), Some((NodeType::Congress, 42)));
    }

    #[test]
    fn ids_of_different_types_differ() {
        assert_ne!(encode(NodeType::Congress, 1), encode(NodeType::Organization, 1));
    }

    #[test]
    fn an_id_of_another_type_is_rejected_with_a_clear_reason() {
        let id = encode(NodeType::Person, 7);
        let error = decode_as(&id, NodeType::Organization, "organizationId");
        assert!(matches!(error, Err(ApiError::BadUserInput(issues)) if issues[0].message.contains("Person")));
    }

    #[test]
    fn garbage_is_not_an_id() {
        assert_eq!(decode("not an id!"), None);
        assert_eq!(decode(""), None);
        assert_eq!(decode(&URL_SAFE_NO_PAD.encode("Organization:-3")), None);
    }
}
