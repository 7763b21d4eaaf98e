//! SeaORM entities of the congress records, one module per table. No GraphQL here: the API
//! layer maps these rows to its own types.

pub mod api_token;
pub mod audit_event;
pub mod audit_event_record;
pub mod commendation;
pub mod committee;
pub mod congress;
pub mod congress_source;
pub mod data_quality_issue;
pub mod document;
pub mod enums;
pub mod idempotency_key;
pub mod membership;
pub mod organization;
pub mod organization_lineage;
pub mod organization_placement;
pub mod organization_source;
pub mod organization_stats;
pub mod person;
pub mod rating;
pub mod resolution;
pub mod review;
pub mod search_term;
pub mod source;
pub mod target;
pub mod target_result;
