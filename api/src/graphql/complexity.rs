//! A request's complexity, computed as async-graphql computes it (every field 1 plus what it
//! selects, a field with its own rule that rule; fragments counted where they are spread), but
//! with arithmetic that saturates instead of overflowing, before async-graphql sees the document.
//!
//! Why not leave it to async-graphql: its sum overflows `usize` on lists nested a dozen deep
//! (`children` multiplies by 50 at each level): a debug build panics, and a release build wraps
//! around to a small number and lets the query through. The rules come from the description
//! tables (`describe::objects`) and the few fields outside them, listed in [`rule`].

use super::describe::objects;
use async_graphql::Variables;
use async_graphql::parser::types::{
    BaseType, ExecutableDocument, Field, OperationDefinition, Selection, SelectionSet, TypeKind, VariableDefinition,
};
use async_graphql::{Name, Value as ConstValue};
use async_graphql_value::Value;
use std::collections::HashMap;

/// A field's own complexity rule (async-graphql's `#[graphql(complexity = ...)]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// `N * child_complexity`.
    Times(usize),
    /// `first.unwrap_or(20).clamp(0, 100) * child_complexity`.
    TimesFirst,
    /// `ids.len() * child_complexity`.
    TimesIdsLen,
}

/// The schema's types: for each, whether it is an object type and what each field returns.
pub struct TypeSystem {
    types: HashMap<String, TypeInfo>,
}

struct TypeInfo {
    is_object: bool,
    fields: HashMap<String, String>,
}

impl TypeSystem {
    /// Reads the types from the schema's SDL.
    pub fn from_sdl(sdl: &str) -> Self {
        let mut types = HashMap::new();
        if let Ok(document) = async_graphql::parser::parse_schema(sdl) {
            for definition in document.definitions {
                let async_graphql::parser::types::TypeSystemDefinition::Type(definition) = definition else {
                    continue;
                };
                let definition = definition.node;
                let (is_object, fields) = match definition.kind {
                    TypeKind::Object(object) => (true, object.fields),
                    TypeKind::Interface(interface) => (false, interface.fields),
                    _ => continue,
                };
                let fields = fields
                    .into_iter()
                    .map(|field| (field.node.name.node.to_string(), named(&field.node.ty.node.base)))
                    .collect();
                types.insert(definition.name.node.to_string(), TypeInfo { is_object, fields });
            }
        }
        Self { types }
    }

    /// The complexity of the operation with these variables (saturating).
    pub fn complexity(
        &self,
        document: &ExecutableDocument,
        operation: &OperationDefinition,
        variables: &Variables,
    ) -> usize {
        let root = match operation.ty {
            async_graphql::parser::types::OperationType::Query => "Query",
            async_graphql::parser::types::OperationType::Mutation => "Mutation",
            async_graphql::parser::types::OperationType::Subscription => "Subscription",
        };
        let walk = Walk {
            types: self,
            document,
            variables,
            definitions: &operation.variable_definitions,
            spreading: std::cell::RefCell::new(Vec::new()),
        };
        walk.set(&operation.selection_set.node, root, 0)
    }
}

fn named(base: &BaseType) -> String {
    match base {
        BaseType::Named(name) => name.to_string(),
        BaseType::List(inner) => named(&inner.base),
    }
}

/// The complexity rule of a field of a type, if it has one of its own.
fn rule(type_name: &str, field: &str) -> Option<Rule> {
    match (type_name, field) {
        ("Query", "organizations" | "congresses" | "people" | "documents" | "dataQualityIssues" | "auditEvents") => {
            Some(Rule::TimesFirst)
        }
        ("Query", "nodes") => Some(Rule::TimesIdsLen),
        (_, "history") => Some(Rule::TimesFirst),
        ("TermReport", "rows") => Some(Rule::TimesFirst),
        ("TermReport", "byOrganization") => Some(Rule::Times(50)),
        _ => objects::any_object_named(type_name)
            .and_then(|object| object.field(field))
            .and_then(|def| def.complexity)
            .map(Rule::Times),
    }
}

struct Walk<'a> {
    types: &'a TypeSystem,
    document: &'a ExecutableDocument,
    variables: &'a Variables,
    definitions: &'a [async_graphql::Positioned<VariableDefinition>],
    /// The fragments being spread, outermost first: a fragment spread inside itself is a cycle,
    /// which validation reports; it adds nothing here.
    spreading: std::cell::RefCell<Vec<&'a Name>>,
}

impl<'a> Walk<'a> {
    fn set(&self, set: &'a SelectionSet, parent: &str, depth: usize) -> usize {
        // Deeper documents are refused before this runs (`limits::MAX_NESTING`); a fragment
        // cycle is validation's to report.
        if depth > super::limits::MAX_NESTING {
            return 0;
        }
        let mut total: usize = 0;
        for item in &set.items {
            let part = match &item.node {
                Selection::Field(field) => self.field(&field.node, parent, depth),
                Selection::InlineFragment(inline) => {
                    let on = inline
                        .node
                        .type_condition
                        .as_ref()
                        .map(|condition| condition.node.on.node.as_str())
                        .unwrap_or(parent);
                    self.set(&inline.node.selection_set.node, on, depth + 1)
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    match self.document.fragments.get(name) {
                        Some(_) if self.spreading.borrow().contains(&name) => 0,
                        Some(fragment) => {
                            self.spreading.borrow_mut().push(name);
                            let part = self.set(
                                &fragment.node.selection_set.node,
                                fragment.node.type_condition.node.on.node.as_str(),
                                depth + 1,
                            );
                            self.spreading.borrow_mut().pop();
                            part
                        }
                        None => 0,
                    }
                }
            };
            total = total.saturating_add(part);
        }
        total
    }

    fn field(&self, field: &'a Field, parent: &str, depth: usize) -> usize {
        let name = field.name.node.as_str();
        let info = self.types.types.get(parent);
        let returns = info
            .and_then(|info| info.fields.get(name))
            .map(String::as_str)
            .unwrap_or("");
        let children = self.set(&field.selection_set.node, returns, depth + 1);
        let own = match info {
            Some(info) if info.is_object => rule(parent, name),
            _ => None,
        };
        match own {
            Some(Rule::Times(n)) => n.saturating_mul(children),
            Some(Rule::TimesFirst) => {
                let first = match self.argument(field, "first") {
                    ConstValue::Number(n) => n.as_i64().unwrap_or(20),
                    _ => 20,
                };
                (first.clamp(0, 100) as usize).saturating_mul(children)
            }
            Some(Rule::TimesIdsLen) => {
                let ids = match self.argument(field, "ids") {
                    ConstValue::List(items) => items.len(),
                    ConstValue::Null => 0,
                    _ => 1,
                };
                ids.saturating_mul(children)
            }
            None => children.saturating_add(1),
        }
    }

    fn argument(&self, field: &Field, name: &str) -> ConstValue {
        let Some((_, value)) = field.arguments.iter().find(|(key, _)| key.node.as_str() == name) else {
            return ConstValue::Null;
        };
        self.resolve(&value.node)
    }

    fn resolve(&self, value: &Value) -> ConstValue {
        match value {
            Value::Variable(name) => self.variable(name),
            Value::List(items) => ConstValue::List(items.iter().map(|item| self.resolve(item)).collect()),
            other => other.clone().into_const().unwrap_or(ConstValue::Null),
        }
    }

    fn variable(&self, name: &Name) -> ConstValue {
        self.variables
            .get(name)
            .cloned()
            .or_else(|| {
                self.definitions
                    .iter()
                    .find(|definition| definition.node.name.node == *name)
                    .and_then(|definition| definition.node.default_value.as_ref())
                    .map(|default| default.node.clone())
            })
            .unwrap_or(ConstValue::Null)
    }
}
