//! From a parsed document to a [`Plan`]: which levels of the history chain are asked for, and
//! which fields of each, in the document's order and under the document's response keys.
//! Anything outside the subset returns `None` (the executor then answers).

use crate::graphql::ids::{self, NodeType};
use async_graphql::Variables;
use async_graphql::parser::types::{
    BaseType, DocumentOperations, ExecutableDocument, Field, OperationType, Selection, SelectionSet,
};
use async_graphql::{Name, Value};
use async_graphql_value::Value as DocumentValue;

/// One level of the chain organization → congresses → committees → members → person.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Organization,
    Congress,
    Committee,
    Membership,
    Person,
}

/// A relation from one level to the next, as the object type's resolver declares it.
pub struct Relation {
    pub field: &'static str,
    pub to: Level,
    pub list: bool,
    /// The resolver's complexity multiplier (`#[graphql(complexity = "N * child_complexity")]`).
    pub multiplier: usize,
}

impl Level {
    pub fn type_name(self) -> &'static str {
        match self {
            Self::Organization => "Organization",
            Self::Congress => "Congress",
            Self::Committee => "Committee",
            Self::Membership => "Membership",
            Self::Person => "Person",
        }
    }

    /// The table alias in the compiled statement; also the prefix of its column aliases.
    pub fn alias(self) -> &'static str {
        match self {
            Self::Organization => "o",
            Self::Congress => "g",
            Self::Committee => "c",
            Self::Membership => "m",
            Self::Person => "p",
        }
    }

    pub fn node_type(self) -> NodeType {
        match self {
            Self::Organization => NodeType::Organization,
            Self::Congress => NodeType::Congress,
            Self::Committee => NodeType::Committee,
            Self::Membership => NodeType::Membership,
            Self::Person => NodeType::Person,
        }
    }

    /// The field that leads to the next level (the same rows and order as its resolver).
    pub fn relation(self) -> Option<Relation> {
        let (field, to, list, multiplier) = match self {
            Self::Organization => ("congresses", Self::Congress, true, 10),
            Self::Congress => ("committees", Self::Committee, true, 4),
            Self::Committee => ("members", Self::Membership, true, 20),
            Self::Membership => ("person", Self::Person, false, 1),
            Self::Person => return None,
        };
        Some(Relation {
            field,
            to,
            list,
            multiplier,
        })
    }

    /// The column fields of this level's type that a plan can answer, by GraphQL name.
    fn scalar(self, name: &str) -> Option<Scalar> {
        use Scalar::*;
        Some(match (self, name) {
            (_, "id") => Id,
            (_, "__typename") => Typename,
            (Self::Organization, "name") => Text("name"),
            (Self::Organization, "kind") => Enum(EnumColumn::OrganizationKind),
            (Self::Organization, "level") => Enum(EnumColumn::OrganizationLevel),
            (Self::Organization, "foundedOn") => Date("founded_on"),
            (Self::Organization, "dissolvedOn") => Date("dissolved_on"),
            (Self::Congress, "ordinal") => Int("ordinal"),
            (Self::Congress, "ordinalRoman") => OrdinalRoman,
            (Self::Congress, "termStartYear") => Int("term_start_year"),
            (Self::Congress, "termEndYear") => Int("term_end_year"),
            (Self::Congress, "term") => Term,
            (Self::Congress, "kind") => Enum(EnumColumn::CongressKind),
            (Self::Congress, "openedOn") => Date("opened_on"),
            (Self::Congress, "closedOn") => Date("closed_on"),
            (Self::Congress, "delegateCount") => Int("delegate_count"),
            (Self::Congress, "motto") => Text("motto"),
            (Self::Congress, "note") => Text("note"),
            (Self::Committee, "kind") => Enum(EnumColumn::CommitteeKind),
            (Self::Committee, "formation") => Enum(EnumColumn::CommitteeFormation),
            (Self::Committee, "seatCount") => Int("seat_count"),
            (Self::Membership, "position") => Enum(EnumColumn::Position),
            (Self::Membership, "startedOn") => Date("started_on"),
            (Self::Membership, "endedOn") => Date("ended_on"),
            (Self::Membership, "startReason") => Enum(EnumColumn::StartReason),
            (Self::Membership, "endReason") => Enum(EnumColumn::EndReason),
            (Self::Membership, "note") => Text("note"),
            (Self::Person, "fullName") => Text("full_name"),
            (Self::Person, "note") => Text("note"),
            _ => return None,
        })
    }
}

/// A field answered from the level's own row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    /// The global ID.
    Id,
    Typename,
    /// A text column (nullable or not: the value decides).
    Text(&'static str),
    /// An integer column.
    Int(&'static str),
    /// A date column, written `YYYY-MM-DD`.
    Date(&'static str),
    /// A stored enumeration, written as its GraphQL name.
    Enum(EnumColumn),
    /// `term_start_year-term_end_year`.
    Term,
    /// The ordinal in Roman numerals.
    OrdinalRoman,
}

/// The enumeration columns, each with its stored and its GraphQL type (see `run`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnumColumn {
    OrganizationKind,
    OrganizationLevel,
    CongressKind,
    CommitteeKind,
    CommitteeFormation,
    Position,
    StartReason,
    EndReason,
}

impl EnumColumn {
    pub fn column(self) -> &'static str {
        match self {
            Self::OrganizationKind | Self::CongressKind | Self::CommitteeKind => "kind",
            Self::OrganizationLevel => "level",
            Self::CommitteeFormation => "formation",
            Self::Position => "position",
            Self::StartReason => "start_reason",
            Self::EndReason => "end_reason",
        }
    }
}

impl Scalar {
    /// The columns of the level's table that the field reads.
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Self::Id | Self::Typename => &[],
            Self::Text(column) | Self::Int(column) | Self::Date(column) => match column {
                // One static slice per column name keeps the plan allocation-free to read.
                "name" => &["name"],
                "founded_on" => &["founded_on"],
                "dissolved_on" => &["dissolved_on"],
                "ordinal" => &["ordinal"],
                "term_start_year" => &["term_start_year"],
                "term_end_year" => &["term_end_year"],
                "opened_on" => &["opened_on"],
                "closed_on" => &["closed_on"],
                "delegate_count" => &["delegate_count"],
                "motto" => &["motto"],
                "note" => &["note"],
                "seat_count" => &["seat_count"],
                "started_on" => &["started_on"],
                "ended_on" => &["ended_on"],
                "full_name" => &["full_name"],
                _ => &[],
            },
            Self::Enum(column) => match column.column() {
                "kind" => &["kind"],
                "level" => &["level"],
                "formation" => &["formation"],
                "position" => &["position"],
                "start_reason" => &["start_reason"],
                _ => &["end_reason"],
            },
            Self::Term => &["term_start_year", "term_end_year"],
            Self::OrdinalRoman => &["ordinal"],
        }
    }
}

/// What a selection asks of one level: fields in document order, under their response keys.
#[derive(Debug)]
pub struct Node {
    pub level: Level,
    pub fields: Vec<(Name, Output)>,
}

#[derive(Debug)]
pub enum Output {
    Scalar(Scalar),
    /// The next level (at most one per node: the chain has no branches).
    Child(Box<Node>),
}

impl Node {
    pub fn child(&self) -> Option<&Node> {
        self.fields.iter().find_map(|(_, output)| match output {
            Output::Child(node) => Some(node.as_ref()),
            Output::Scalar(_) => None,
        })
    }

    /// Levels from this one down, this one first.
    pub fn chain(&self) -> Vec<&Node> {
        let mut chain = vec![self];
        while let Some(next) = chain.last().and_then(|node| node.child()) {
            chain.push(next);
        }
        chain
    }
}

/// Where the organization's ID comes from.
#[derive(Debug)]
enum IdSource {
    Literal(String),
    Variable(Name),
}

/// A compiled history query.
#[derive(Debug)]
pub struct Plan {
    /// The response key of the root field (`organization` or its alias).
    pub root_key: Name,
    id: IdSource,
    pub root: Node,
}

impl Plan {
    /// The plan for a document's operation, or `None` when any part of it is outside the subset.
    pub fn compile(document: &ExecutableDocument, operation_name: Option<&str>) -> Option<Self> {
        if !document.fragments.is_empty() {
            return None;
        }
        // The operation the executor would pick, when the document has exactly one.
        let operation = match (&document.operations, operation_name) {
            (DocumentOperations::Single(operation), None) => operation,
            (DocumentOperations::Multiple(operations), wanted) if operations.len() == 1 => {
                let (name, operation) = operations.iter().next()?;
                if wanted.is_some_and(|wanted| wanted != name.as_str()) {
                    return None;
                }
                operation
            }
            _ => return None,
        };
        let operation = &operation.node;
        if operation.ty != OperationType::Query || !operation.directives.is_empty() {
            return None;
        }
        let [root] = operation.selection_set.node.items.as_slice() else {
            return None;
        };
        let Selection::Field(root) = &root.node else {
            return None;
        };
        let root = &root.node;
        if root.name.node.as_str() != "organization" || !root.directives.is_empty() {
            return None;
        }
        let [(argument, value)] = root.arguments.as_slice() else {
            return None;
        };
        if argument.node.as_str() != "id" {
            return None;
        }
        let id = match &value.node {
            DocumentValue::String(text) if operation.variable_definitions.is_empty() => IdSource::Literal(text.clone()),
            DocumentValue::Variable(name) => {
                // Exactly one variable, declared `ID!` without a default: anything else is a
                // validation question the executor answers.
                let [definition] = operation.variable_definitions.as_slice() else {
                    return None;
                };
                let definition = &definition.node;
                let declared = &definition.var_type.node;
                let is_id = matches!(&declared.base, BaseType::Named(ty) if ty.as_str() == "ID");
                if definition.name.node != *name
                    || !is_id
                    || declared.nullable
                    || definition.default_value.is_some()
                    || !definition.directives.is_empty()
                {
                    return None;
                }
                IdSource::Variable(name.clone())
            }
            _ => return None,
        };
        let node = compile_node(Level::Organization, &root.selection_set.node)?;
        Some(Self {
            root_key: response_key(root),
            id,
            root: node,
        })
    }

    /// The organization's key from the document or the request's variables; `None` when it is
    /// missing or not an organization's ID (the executor reports that).
    pub fn organization_key(&self, variables: &Variables) -> Option<i64> {
        let text = match &self.id {
            IdSource::Literal(text) => text.as_str(),
            IdSource::Variable(name) => match variables.get(name)? {
                Value::String(text) => text.as_str(),
                _ => return None,
            },
        };
        ids::decode_as(text, NodeType::Organization, "id").ok()
    }

    /// The query's depth as async-graphql counts it (the root field is 1).
    pub fn depth(&self) -> usize {
        self.root.chain().len() + 1
    }

    /// The query's complexity as async-graphql computes it: one per field, relations multiplied
    /// by their declared factor.
    pub fn complexity(&self) -> usize {
        fn of(node: &Node) -> usize {
            node.fields
                .iter()
                .map(|(_, output)| match output {
                    Output::Scalar(_) => 1,
                    Output::Child(child) => {
                        let multiplier = node.level.relation().map_or(1, |relation| relation.multiplier);
                        let inner = of(child);
                        if multiplier == 1 { inner + 1 } else { multiplier * inner }
                    }
                })
                .sum()
        }
        of(&self.root) + 1
    }
}

fn response_key(field: &Field) -> Name {
    field
        .alias
        .as_ref()
        .map_or_else(|| field.name.node.clone(), |alias| alias.node.clone())
}

fn compile_node(level: Level, selection: &SelectionSet) -> Option<Node> {
    if selection.items.is_empty() {
        return None;
    }
    let mut fields: Vec<(Name, Output)> = Vec::with_capacity(selection.items.len());
    let mut has_child = false;
    for item in &selection.items {
        let Selection::Field(field) = &item.node else {
            return None;
        };
        let field = &field.node;
        if !field.directives.is_empty() || !field.arguments.is_empty() {
            return None;
        }
        let key = response_key(field);
        // Repeated keys are merged by the executor; leave that to it.
        if fields.iter().any(|(existing, _)| *existing == key) {
            return None;
        }
        let name = field.name.node.as_str();
        let output = match level.relation() {
            Some(relation) if relation.field == name => {
                if has_child {
                    return None;
                }
                has_child = true;
                Output::Child(Box::new(compile_node(relation.to, &field.selection_set.node)?))
            }
            _ => {
                if !field.selection_set.node.items.is_empty() {
                    return None;
                }
                Output::Scalar(level.scalar(name)?)
            }
        };
        fields.push((key, output));
    }
    Some(Node { level, fields })
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::parser::parse_query;

    fn compile(query: &str, name: Option<&str>) -> Option<Plan> {
        Plan::compile(&parse_query(query).expect("test documents parse"), name)
    }

    const HISTORY: &str = "query W1($id: ID!) { organization(id: $id) { name congresses { ordinal term \
openedOn committees { kind members { position startedOn person { fullName } } } } } }";

    #[test]
    fn the_history_query_compiles_to_five_levels() {
        let plan = compile(HISTORY, Some("W1")).expect("the history shape compiles");
        let levels: Vec<Level> = plan.root.chain().iter().map(|node| node.level).collect();
        assert_eq!(
            levels,
            [
                Level::Organization,
                Level::Congress,
                Level::Committee,
                Level::Membership,
                Level::Person
            ]
        );
        assert_eq!(plan.depth(), 6);
        // person { fullName } = 2; members = 20 × 4; committees = 4 × 81; congresses = 10 × 327.
        assert_eq!(plan.complexity(), 1 + 1 + 10 * (3 + 4 * (1 + 20 * (2 + 2))));
    }

    #[test]
    fn anything_outside_the_subset_is_left_to_the_executor() {
        let outside = [
            // another operation name than the document's
            (HISTORY, Some("Other")),
            // a field with arguments
            ("{ organization(id: \"x\") { leadership { position } } }", None),
            (
                "{ organization(id: \"x\") { congresses { committees { members(activeOn: \"2020-01-01\") { id } } } } }",
                None,
            ),
            // a field the subset does not know
            ("{ organization(id: \"x\") { parent { name } } }", None),
            // fragments and directives
            (
                "{ organization(id: \"x\") { ...F } } fragment F on Organization { name }",
                None,
            ),
            ("{ organization(id: \"x\") { ... on Organization { name } } }", None),
            ("{ organization(id: \"x\") { name @include(if: true) } }", None),
            // two root fields, a mutation, a repeated key, a branch
            ("{ organization(id: \"x\") { name } people { totalCount } }", None),
            (
                "{ a: organization(id: \"x\") { name } b: organization(id: \"y\") { name } }",
                None,
            ),
            ("{ organization(id: \"x\") { name name: kind } }", None),
            (
                "{ organization(id: \"x\") { a: congresses { id } b: congresses { term } } }",
                None,
            ),
            // a variable of another type, or unused variables
            ("query($id: String!) { organization(id: $id) { name } }", None),
            ("query($id: ID) { organization(id: $id) { name } }", None),
            ("query($x: ID!) { organization(id: \"x\") { name } }", None),
        ];
        for (query, name) in outside {
            assert!(compile(query, name).is_none(), "should not compile: {query}");
        }
    }

    #[test]
    fn aliases_and_typenames_are_kept_in_document_order() {
        let plan = compile("{ org: organization(id: \"x\") { __typename title: name id } }", None).expect("compiles");
        assert_eq!(plan.root_key.as_str(), "org");
        let keys: Vec<&str> = plan.root.fields.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["__typename", "title", "id"]);
    }
}
