//! From a validated document to a [`Plan`]: which root fields, which fields of which types under
//! which response keys, fragments and inline fragments merged the way GraphQL collects fields,
//! every field found in the description tables. Anything the tables leave to the executor, a
//! directive other than `@include` and `@skip`, or a root field the planner does not answer
//! makes the whole document [`Unplannable`].
//!
//! `@include(if:)` and `@skip(if:)` are decided while compiling: a literal once and for all, a
//! variable with the request's value. A plan records the variables' values it was compiled
//! with ([`Conditions`]), and serves only requests that give the same ones. Only when every
//! directive keeps its selection: once async-graphql drops one, it may order the remaining
//! fields differently from GraphQL's rules (a field named like one in a fragment on another
//! type moves to where that one stands), and the planner answers only what it can answer
//! byte for byte, so a document that drops anything is the executor's.

use crate::graphql::describe::object::{FieldDef, FieldPlan, ObjectDef, Unplannable};
use crate::graphql::describe::objects::{self, ALL};
use crate::graphql::describe::record::Kind;
use async_graphql::Value as ConstValue;
use async_graphql::parser::types::{
    Directive, ExecutableDocument, Field as DocumentField, OperationDefinition, OperationType,
    Selection as DocumentSelection, SelectionSet, TypeCondition, VariableDefinition,
};
use async_graphql::{Name, Positioned, Variables};
use async_graphql_value::Value;
use std::cell::{Cell, RefCell};

/// A compiled operation.
pub struct Plan {
    pub roots: Vec<Root>,
    pub variables: Vec<VariableDefinition>,
}

/// An argument as the document gives it: a literal or a variable.
pub type Arguments = Vec<(Name, Value)>;

/// A root field.
pub struct Root {
    pub key: Name,
    pub kind: RootKind,
}

pub enum RootKind {
    Typename,
    /// `organization(id:)`, `congress(id:)`, `person(id:)`.
    ById {
        kind: Kind,
        arguments: Arguments,
        selection: Selection,
    },
    /// `node(id:)`.
    Node {
        arguments: Arguments,
        selection: NodeSelection,
    },
    /// `nodes(ids:)`.
    Nodes {
        arguments: Arguments,
        selection: NodeSelection,
    },
    /// A root list as a connection.
    List {
        list: RootList,
        arguments: Arguments,
        selection: ConnectionSelection,
    },
    /// `termReport(...)`.
    TermReport {
        arguments: Arguments,
        fields: Vec<ReportField>,
    },
}

/// A field of a `TermReport`.
pub enum ReportField {
    Typename(Name),
    Organization(Name, Selection),
    TermYear(Name),
    TermStartYear(Name),
    TermEndYear(Name),
    Rows(Name, Arguments, ConnectionSelection),
    Summary(Name, Vec<(Name, SummaryField)>),
    ByOrganization(Name, Vec<OrganizationSummaryField>),
}

/// A field of a `ReportSummary`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SummaryField {
    Typename,
    Targets,
    ListedTargets,
    SubTargets,
    DeclaredTargets,
    Met,
    Exceeded,
    NotMet,
    NoData,
    Approximate,
    Conflicting,
    StatusDisagreements,
}

/// A field of an `OrganizationSummary`.
pub enum OrganizationSummaryField {
    Typename(Name),
    Organization(Name, Selection),
    Summary(Name, Vec<(Name, SummaryField)>),
}

/// Which root list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RootList {
    Organizations,
    Congresses,
    People,
    Documents,
    Issues,
}

impl RootList {
    fn of(field: &str) -> Option<(Self, Kind, &'static str)> {
        Some(match field {
            "organizations" => (Self::Organizations, Kind::Organization, "Organization"),
            "congresses" => (Self::Congresses, Kind::Congress, "Congress"),
            "people" => (Self::People, Kind::Person, "Person"),
            "documents" => (Self::Documents, Kind::Document, "Document"),
            "dataQualityIssues" => (Self::Issues, Kind::Issue, "DataQualityIssue"),
            _ => return None,
        })
    }
}

/// The fields asked of an object type, in the order the response lists them.
pub struct Selection {
    pub fields: Vec<Field>,
}

/// One response key of a selection.
pub struct Field {
    pub key: Name,
    pub what: What,
    pub arguments: Arguments,
}

pub enum What {
    Typename(&'static str),
    Def {
        def: &'static FieldDef,
        below: Option<Below>,
    },
}

/// What a relation field's rows are asked for.
pub enum Below {
    Object(Selection),
    Node(NodeSelection),
}

/// The fields asked of a `Node`, for each type a node can be.
pub struct NodeSelection {
    pub per_kind: Vec<(Kind, Selection)>,
}

impl NodeSelection {
    pub fn of(&self, kind: Kind) -> Option<&Selection> {
        self.per_kind.iter().find(|(k, _)| *k == kind).map(|(_, s)| s)
    }
}

/// The fields asked of a connection.
pub struct ConnectionSelection {
    pub type_name: String,
    pub edge_type_name: String,
    pub fields: Vec<ConnectionField>,
}

pub enum ConnectionField {
    Typename(Name),
    TotalCount(Name),
    PageInfo(Name, Vec<(Name, PageInfoField)>),
    Edges(Name, Vec<EdgeField>),
    Nodes(Name, Selection),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageInfoField {
    Typename,
    HasNextPage,
    HasPreviousPage,
    StartCursor,
    EndCursor,
}

pub enum EdgeField {
    Typename(Name),
    Cursor(Name),
    Node(Name, Selection),
}

/// The variables an operation's `@include`/`@skip` read, each with the value a compilation used.
pub type Conditions = Vec<(Name, bool)>;

/// A compilation: its result under the conditions it read, and whether that result holds for
/// every request that gives the same values (not when a condition's variable was no boolean).
pub struct Compiled {
    pub conditions: Conditions,
    pub plan: Result<Plan, Unplannable>,
    pub reusable: bool,
}

/// Compiles the query operation of a validated document, deciding its directives with
/// `variables` (or the variables' defaults).
pub fn compile(document: &ExecutableDocument, operation: &OperationDefinition, variables: &Variables) -> Compiled {
    let collector = Collector {
        document,
        variables,
        conditions: RefCell::new(Vec::new()),
        condition_unreadable: Cell::new(false),
    };
    let plan = if operation.ty != OperationType::Query || !operation.directives.is_empty() {
        Err(Unplannable)
    } else {
        collector.plan(operation)
    };
    Compiled {
        conditions: collector.conditions.into_inner(),
        plan,
        reusable: !collector.condition_unreadable.get(),
    }
}

/// The value a request gives a condition's variable, when it is a boolean. The pipeline has
/// already put every omitted variable's default in the request (`with_variable_defaults`).
pub fn condition_value(name: &str, variables: &Variables) -> Option<bool> {
    match variables.get(name) {
        Some(ConstValue::Boolean(value)) => Some(*value),
        _ => None,
    }
}

/// Fields collected under one response key, in document order.
type Collected<'a> = Vec<(Name, Vec<&'a DocumentField>)>;

struct Collector<'a> {
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    /// The conditions' variables read so far, with their values.
    conditions: RefCell<Conditions>,
    /// A condition's variable had no boolean value: the executor reports that.
    condition_unreadable: Cell<bool>,
}

impl<'a> Collector<'a> {
    fn plan(&self, operation: &'a OperationDefinition) -> Result<Plan, Unplannable> {
        let mut roots = Vec::new();
        for (key, fields) in self.collect(&[&operation.selection_set.node], "Query")? {
            roots.push(self.root(key, &fields)?);
        }
        Ok(Plan {
            roots,
            variables: operation.variable_definitions.iter().map(|d| d.node.clone()).collect(),
        })
    }

    /// A selection's directives keep it (GraphQL's rule: every `@include` true and no `@skip`
    /// true); any other directive, and a selection they drop, are the executor's (see the
    /// module's comment).
    fn kept(&self, directives: &[Positioned<Directive>]) -> Result<(), Unplannable> {
        for directive in directives {
            let skip = match directive.node.name.node.as_str() {
                "include" => false,
                "skip" => true,
                _ => return Err(Unplannable),
            };
            let condition = match &directive.node.get_argument("if").ok_or(Unplannable)?.node {
                Value::Boolean(value) => *value,
                Value::Variable(name) => {
                    let Some(value) = condition_value(name, self.variables) else {
                        self.condition_unreadable.set(true);
                        return Err(Unplannable);
                    };
                    let mut conditions = self.conditions.borrow_mut();
                    if !conditions.iter().any(|(read, _)| read == name) {
                        conditions.push((name.clone(), value));
                    }
                    value
                }
                _ => return Err(Unplannable),
            };
            if condition == skip {
                return Err(Unplannable);
            }
        }
        Ok(())
    }

    /// Collects the fields of `sets` that apply to the object type `type_name`, merging those
    /// with the same response key (GraphQL's CollectFields).
    fn collect(&self, sets: &[&'a SelectionSet], type_name: &str) -> Result<Collected<'a>, Unplannable> {
        let mut out: Collected<'a> = Vec::new();
        for set in sets {
            self.collect_into(set, type_name, &mut out, 0)?;
        }
        if out.is_empty() {
            // No field applies (only fragments on other types): the plan reads nothing below,
            // so it could not tell a missing row (null) from an empty object; the executor can.
            return Err(Unplannable);
        }
        Ok(out)
    }

    fn collect_into(
        &self,
        set: &'a SelectionSet,
        type_name: &str,
        out: &mut Collected<'a>,
        depth: usize,
    ) -> Result<(), Unplannable> {
        if depth > crate::graphql::limits::MAX_NESTING {
            return Err(Unplannable);
        }
        for item in &set.items {
            match &item.node {
                DocumentSelection::Field(field) => {
                    self.kept(&field.node.directives)?;
                    let key = field.node.response_key().node.clone();
                    match out.iter_mut().find(|(existing, _)| *existing == key) {
                        Some((_, fields)) => fields.push(&field.node),
                        None => out.push((key, vec![&field.node])),
                    }
                }
                DocumentSelection::FragmentSpread(spread) => {
                    self.kept(&spread.node.directives)?;
                    let fragment = self
                        .document
                        .fragments
                        .get(&spread.node.fragment_name.node)
                        .ok_or(Unplannable)?;
                    if applies(&fragment.node.type_condition.node, type_name) {
                        self.collect_into(&fragment.node.selection_set.node, type_name, out, depth + 1)?;
                    }
                }
                DocumentSelection::InlineFragment(inline) => {
                    self.kept(&inline.node.directives)?;
                    let applies = inline
                        .node
                        .type_condition
                        .as_ref()
                        .is_none_or(|condition| applies(&condition.node, type_name));
                    if applies {
                        self.collect_into(&inline.node.selection_set.node, type_name, out, depth + 1)?;
                    }
                }
            }
        }
        Ok(())
    }

    fn root(&self, key: Name, fields: &[&'a DocumentField]) -> Result<Root, Unplannable> {
        let first = fields.first().ok_or(Unplannable)?;
        let name = first.name.node.as_str();
        let arguments = arguments_of(first);
        let sets: Vec<&SelectionSet> = fields.iter().map(|f| &f.selection_set.node).collect();
        let kind = match name {
            "__typename" => RootKind::Typename,
            "organization" | "congress" | "person" => {
                let kind = match name {
                    "organization" => Kind::Organization,
                    "congress" => Kind::Congress,
                    _ => Kind::Person,
                };
                RootKind::ById {
                    kind,
                    arguments,
                    selection: self.selection(&sets, objects::object_of(kind), 1)?,
                }
            }
            "node" => RootKind::Node {
                arguments,
                selection: self.node_selection(&sets, 1)?,
            },
            "nodes" => RootKind::Nodes {
                arguments,
                selection: self.node_selection(&sets, 1)?,
            },
            "termReport" => RootKind::TermReport {
                arguments,
                fields: self.report(&sets)?,
            },
            other => {
                let (list, kind, type_name) = RootList::of(other).ok_or(Unplannable)?;
                RootKind::List {
                    list,
                    arguments,
                    selection: self.connection(&sets, type_name, objects::object_of(kind), 1)?,
                }
            }
        };
        Ok(Root { key, kind })
    }

    /// The fields of a `TermReport`.
    fn report(&self, sets: &[&'a SelectionSet]) -> Result<Vec<ReportField>, Unplannable> {
        let mut fields = Vec::new();
        for (key, collected) in self.collect(sets, "TermReport")? {
            let first = collected.first().ok_or(Unplannable)?;
            let below: Vec<&SelectionSet> = collected.iter().map(|f| &f.selection_set.node).collect();
            fields.push(match first.name.node.as_str() {
                "__typename" => ReportField::Typename(key),
                "organization" => {
                    ReportField::Organization(key, self.selection(&below, objects::object_of(Kind::Organization), 2)?)
                }
                "termYear" => ReportField::TermYear(key),
                "termStartYear" => ReportField::TermStartYear(key),
                "termEndYear" => ReportField::TermEndYear(key),
                "rows" => ReportField::Rows(
                    key,
                    arguments_of(first),
                    self.connection(&below, "TermReportRow", &objects::TERM_REPORT_ROW_TYPE, 2)?,
                ),
                "summary" => ReportField::Summary(key, self.summary(&below)?),
                "byOrganization" => {
                    let mut summary = Vec::new();
                    for (key, collected) in self.collect(&below, "OrganizationSummary")? {
                        let first = collected.first().ok_or(Unplannable)?;
                        let inner: Vec<&SelectionSet> = collected.iter().map(|f| &f.selection_set.node).collect();
                        summary.push(match first.name.node.as_str() {
                            "__typename" => OrganizationSummaryField::Typename(key),
                            "organization" => OrganizationSummaryField::Organization(
                                key,
                                self.selection(&inner, objects::object_of(Kind::Organization), 3)?,
                            ),
                            "summary" => OrganizationSummaryField::Summary(key, self.summary(&inner)?),
                            _ => return Err(Unplannable),
                        });
                    }
                    ReportField::ByOrganization(key, summary)
                }
                _ => return Err(Unplannable),
            });
        }
        Ok(fields)
    }

    fn summary(&self, sets: &[&'a SelectionSet]) -> Result<Vec<(Name, SummaryField)>, Unplannable> {
        let mut out = Vec::new();
        for (key, collected) in self.collect(sets, "ReportSummary")? {
            let field = match collected.first().ok_or(Unplannable)?.name.node.as_str() {
                "__typename" => SummaryField::Typename,
                "targets" => SummaryField::Targets,
                "listedTargets" => SummaryField::ListedTargets,
                "subTargets" => SummaryField::SubTargets,
                "declaredTargets" => SummaryField::DeclaredTargets,
                "met" => SummaryField::Met,
                "exceeded" => SummaryField::Exceeded,
                "notMet" => SummaryField::NotMet,
                "noData" => SummaryField::NoData,
                "approximate" => SummaryField::Approximate,
                "conflicting" => SummaryField::Conflicting,
                "statusDisagreements" => SummaryField::StatusDisagreements,
                _ => return Err(Unplannable),
            };
            out.push((key, field));
        }
        Ok(out)
    }

    /// The selection of an object type.
    fn selection(
        &self,
        sets: &[&'a SelectionSet],
        object: &'static ObjectDef,
        depth: usize,
    ) -> Result<Selection, Unplannable> {
        if depth > crate::graphql::limits::MAX_NESTING {
            return Err(Unplannable);
        }
        let mut fields = Vec::new();
        for (key, collected) in self.collect(sets, object.name)? {
            let first = collected.first().ok_or(Unplannable)?;
            let name = first.name.node.as_str();
            if name == "__typename" {
                fields.push(Field {
                    key,
                    what: What::Typename(object.name),
                    arguments: Vec::new(),
                });
                continue;
            }
            let def = object.field(name).ok_or(Unplannable)?;
            let below_sets: Vec<&SelectionSet> = collected.iter().map(|f| &f.selection_set.node).collect();
            let below = match &def.plan {
                FieldPlan::Value(_) | FieldPlan::Derived(_) => None,
                FieldPlan::Related(related) => Some(Below::Object(self.selection(
                    &below_sets,
                    objects::object_of(related.relation.child),
                    depth + 1,
                )?)),
                FieldPlan::NodeRef(_) => Some(Below::Node(self.node_selection(&below_sets, depth + 1)?)),
                FieldPlan::Same(object) => Some(Below::Object(self.selection(&below_sets, object, depth + 1)?)),
                FieldPlan::Executor => return Err(Unplannable),
            };
            fields.push(Field {
                key,
                what: What::Def { def, below },
                arguments: arguments_of(first),
            });
        }
        Ok(Selection { fields })
    }

    /// The selection of a `Node`: for each type a node can be, the fields that apply to it.
    fn node_selection(&self, sets: &[&'a SelectionSet], depth: usize) -> Result<NodeSelection, Unplannable> {
        let mut per_kind = Vec::with_capacity(ALL.len());
        for object in ALL {
            per_kind.push((object.kind, self.selection(sets, object, depth)?));
        }
        Ok(NodeSelection { per_kind })
    }

    fn connection(
        &self,
        sets: &[&'a SelectionSet],
        node_type: &str,
        object: &'static ObjectDef,
        depth: usize,
    ) -> Result<ConnectionSelection, Unplannable> {
        let type_name = format!("{node_type}Connection");
        let edge_type_name = format!("{node_type}Edge");
        let mut fields = Vec::new();
        for (key, collected) in self.collect(sets, &type_name)? {
            let first = collected.first().ok_or(Unplannable)?;
            let below: Vec<&SelectionSet> = collected.iter().map(|f| &f.selection_set.node).collect();
            fields.push(match first.name.node.as_str() {
                "__typename" => ConnectionField::Typename(key),
                "totalCount" => ConnectionField::TotalCount(key),
                "nodes" => ConnectionField::Nodes(key, self.selection(&below, object, depth + 1)?),
                "pageInfo" => {
                    let mut page_info = Vec::new();
                    for (key, collected) in self.collect(&below, "PageInfo")? {
                        let name = collected.first().ok_or(Unplannable)?.name.node.as_str();
                        let field = match name {
                            "__typename" => PageInfoField::Typename,
                            "hasNextPage" => PageInfoField::HasNextPage,
                            "hasPreviousPage" => PageInfoField::HasPreviousPage,
                            "startCursor" => PageInfoField::StartCursor,
                            "endCursor" => PageInfoField::EndCursor,
                            _ => return Err(Unplannable),
                        };
                        page_info.push((key, field));
                    }
                    ConnectionField::PageInfo(key, page_info)
                }
                "edges" => {
                    let mut edge = Vec::new();
                    for (key, collected) in self.collect(&below, &edge_type_name)? {
                        let first = collected.first().ok_or(Unplannable)?;
                        edge.push(match first.name.node.as_str() {
                            "__typename" => EdgeField::Typename(key),
                            "cursor" => EdgeField::Cursor(key),
                            "node" => {
                                let node_sets: Vec<&SelectionSet> =
                                    collected.iter().map(|f| &f.selection_set.node).collect();
                                EdgeField::Node(key, self.selection(&node_sets, object, depth + 2)?)
                            }
                            _ => return Err(Unplannable),
                        });
                    }
                    ConnectionField::Edges(key, edge)
                }
                _ => return Err(Unplannable),
            });
        }
        Ok(ConnectionSelection {
            type_name,
            edge_type_name,
            fields,
        })
    }
}

/// Whether a fragment on `condition` applies to the object type `type_name`: the type itself, or
/// the `Node` interface, which every object type the planner knows implements.
fn applies(condition: &TypeCondition, type_name: &str) -> bool {
    let on = condition.on.node.as_str();
    on == type_name || (on == "Node" && objects::object_named(type_name).is_some())
}

fn arguments_of(field: &DocumentField) -> Arguments {
    field
        .arguments
        .iter()
        .map(|(name, value)| (name.node.clone(), value.node.clone()))
        .collect()
}

/// An argument's value with the request's variables (or their defaults) in place; `Null` when
/// absent.
pub fn resolve(
    arguments: &Arguments,
    name: &str,
    variables: &async_graphql::Variables,
    definitions: &[VariableDefinition],
) -> ConstValue {
    let Some((_, value)) = arguments.iter().find(|(key, _)| key.as_str() == name) else {
        return ConstValue::Null;
    };
    resolve_value(value, variables, definitions)
}

fn resolve_value(
    value: &Value,
    variables: &async_graphql::Variables,
    definitions: &[VariableDefinition],
) -> ConstValue {
    match value {
        Value::Variable(name) => variables
            .get(name)
            .cloned()
            .or_else(|| {
                definitions
                    .iter()
                    .find(|definition| definition.name.node == *name)
                    .and_then(|definition| definition.default_value.as_ref())
                    .map(|default| default.node.clone())
            })
            .unwrap_or(ConstValue::Null),
        Value::List(items) => ConstValue::List(
            items
                .iter()
                .map(|item| resolve_value(item, variables, definitions))
                .collect(),
        ),
        other => other.clone().into_const().unwrap_or(ConstValue::Null),
    }
}

/// Resolves every argument of a field.
pub fn resolve_all(
    arguments: &Arguments,
    variables: &async_graphql::Variables,
    definitions: &[VariableDefinition],
) -> crate::graphql::describe::object::FieldArgs {
    crate::graphql::describe::object::FieldArgs(
        arguments
            .iter()
            .map(|(name, value)| (name.clone(), resolve_value(value, variables, definitions)))
            .collect(),
    )
}
