//! What a parsed document may ask for, checked before validation and before any resolver runs,
//! for every transport alike (see `pipeline`):
//! - the whole document: aliases, directives, how deep fields nest once fragments are expanded,
//!   how deep fragments spread inside each other, and how many fields it expands to;
//! - the operation that runs, with its variables: page sizes, search lengths, ID lists, and how
//!   many term reports it builds.
//!
//! async-graphql checks depth and complexity itself, but only during validation, which recurses
//! through fragment spreads and compares every pair of fields: a document that is small as text
//! can expand to millions of fields there. These checks walk the document with memoized
//! fragments, so their cost is linear in its text.

use crate::config::LimitsConfig;
use crate::error::ApiError;
use async_graphql::parser::types::{
    DocumentOperations, ExecutableDocument, Field, OperationDefinition, OperationType, Selection, SelectionSet,
};
use async_graphql::{ErrorExtensionValues, Name, Positioned, ServerError, Variables};
use async_graphql_value::{ConstValue, Value};
use std::collections::HashMap;

/// How deep the walk may go through selection sets and fragment spreads together. Field depth
/// is limited separately (`MAX_QUERY_DEPTH`); this bounds fragments spread inside fragments.
pub const MAX_NESTING: usize = 64;

/// The most field selections a document may expand to once every fragment spread is replaced by
/// its fragment. GraphiQL's introspection query expands to about 150.
pub const MAX_EXPANDED_FIELDS: u64 = 10_000;

/// The largest page any list field gives (`first`), and the most IDs `nodes(ids:)` takes.
pub const MAX_PAGE_SIZE: i64 = 100;

/// The longest `search` (or `symbol`) a list accepts: longer than any name.
pub const MAX_SEARCH_CHARS: usize = 200;

/// The error a client gets for a document over a limit.
pub fn too_complex(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", "QUERY_TOO_COMPLEX");
    error.extensions = Some(extensions);
    error
}

/// A `BAD_USER_INPUT` error raised before execution, as a resolver would have raised it, at the
/// field whose argument it is about.
fn bad_input(error: ApiError, at: async_graphql::Pos) -> ServerError {
    let error: async_graphql::Error = error.into();
    error.into_server_error(at)
}

/// What the whole document holds, whichever operation runs.
#[derive(Debug, Clone, Copy, Default)]
pub struct DocumentFacts {
    pub aliases: usize,
    pub directives: usize,
    /// The deepest field nesting of any operation, fragments expanded.
    pub depth: usize,
    /// Field selections once fragments are expanded (saturating).
    pub expanded_fields: u64,
}

/// Measures a document. Fails only when fragments spread inside each other deeper than
/// [`MAX_NESTING`] (a cycle counts as no depth: validation reports it).
pub fn measure(document: &ExecutableDocument) -> Result<DocumentFacts, ServerError> {
    let mut walk = Walk {
        document,
        fragments: HashMap::new(),
    };
    let mut facts = DocumentFacts::default();
    for (_, operation) in document.operations.iter() {
        facts.directives += operation.node.directives.len();
        let (depth, fields) = walk.selection_set(&operation.node.selection_set.node, 0)?;
        facts.depth = facts.depth.max(depth);
        facts.expanded_fields = facts.expanded_fields.saturating_add(fields);
    }
    for fragment in document.fragments.values() {
        facts.directives += fragment.node.directives.len();
        count_aliases_and_directives(&fragment.node.selection_set.node, &mut facts, 0);
    }
    for (_, operation) in document.operations.iter() {
        count_aliases_and_directives(&operation.node.selection_set.node, &mut facts, 0);
    }
    Ok(facts)
}

/// Checks a document's facts against the configured limits.
pub fn check_document(facts: &DocumentFacts, limits: &LimitsConfig) -> Result<(), ServerError> {
    if facts.aliases > limits.max_aliases {
        return Err(too_complex(format!(
            "the query has {} aliases; at most {} are allowed",
            facts.aliases, limits.max_aliases
        )));
    }
    if facts.directives > limits.max_directives {
        return Err(too_complex(format!(
            "the query has {} directives; at most {} are allowed",
            facts.directives, limits.max_directives
        )));
    }
    if facts.depth > limits.max_query_depth {
        return Err(too_complex(format!(
            "the query is nested deeper than {} levels",
            limits.max_query_depth
        )));
    }
    if facts.expanded_fields > MAX_EXPANDED_FIELDS {
        return Err(too_complex(format!(
            "the query expands to more than {MAX_EXPANDED_FIELDS} fields once its fragments are spread"
        )));
    }
    Ok(())
}

fn count_aliases_and_directives(set: &SelectionSet, facts: &mut DocumentFacts, nesting: usize) {
    if nesting > MAX_NESTING {
        return;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                facts.aliases += usize::from(field.node.alias.is_some());
                facts.directives += field.node.directives.len();
                count_aliases_and_directives(&field.node.selection_set.node, facts, nesting + 1);
            }
            Selection::FragmentSpread(spread) => facts.directives += spread.node.directives.len(),
            Selection::InlineFragment(inline) => {
                facts.directives += inline.node.directives.len();
                count_aliases_and_directives(&inline.node.selection_set.node, facts, nesting + 1);
            }
        }
    }
}

/// A fragment's measure, or that it is being measured (a cycle).
#[derive(Clone, Copy)]
enum Measured {
    InProgress,
    Done { depth: usize, fields: u64 },
}

struct Walk<'a> {
    document: &'a ExecutableDocument,
    fragments: HashMap<&'a Name, Measured>,
}

impl<'a> Walk<'a> {
    /// (field depth, expanded field count) of a selection set.
    fn selection_set(&mut self, set: &'a SelectionSet, nesting: usize) -> Result<(usize, u64), ServerError> {
        if nesting > MAX_NESTING {
            return Err(too_complex(format!(
                "the query nests selections and fragments deeper than {MAX_NESTING} levels"
            )));
        }
        let mut depth = 0;
        let mut fields: u64 = 0;
        for item in &set.items {
            let (item_depth, item_fields) = match &item.node {
                Selection::Field(field) => {
                    let (below, count) = self.selection_set(&field.node.selection_set.node, nesting + 1)?;
                    (below + 1, count.saturating_add(1))
                }
                Selection::InlineFragment(inline) => {
                    self.selection_set(&inline.node.selection_set.node, nesting + 1)?
                }
                Selection::FragmentSpread(spread) => self.fragment(&spread.node.fragment_name.node, nesting + 1)?,
            };
            depth = depth.max(item_depth);
            fields = fields.saturating_add(item_fields);
        }
        Ok((depth, fields))
    }

    fn fragment(&mut self, name: &'a Name, nesting: usize) -> Result<(usize, u64), ServerError> {
        match self.fragments.get(name) {
            Some(Measured::Done { depth, fields }) => return Ok((*depth, *fields)),
            // A cycle: validation reports it; it adds nothing here.
            Some(Measured::InProgress) => return Ok((0, 0)),
            None => {}
        }
        let Some(fragment) = self.document.fragments.get(name) else {
            // An unknown fragment: validation reports it.
            return Ok((0, 0));
        };
        self.fragments.insert(name, Measured::InProgress);
        let (depth, fields) = self.selection_set(&fragment.node.selection_set.node, nesting)?;
        self.fragments.insert(name, Measured::Done { depth, fields });
        Ok((depth, fields))
    }
}

/// The operation a request runs: the one named, or the only one.
pub fn selected_operation<'a>(
    document: &'a ExecutableDocument,
    name: Option<&str>,
) -> Option<(Option<&'a Name>, &'a Positioned<OperationDefinition>)> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), None) => Some((None, operation)),
        (DocumentOperations::Single(_), Some(_)) => None,
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .iter()
            .find(|(key, _)| key.as_str() == name)
            .map(|(key, operation)| (Some(key), operation)),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => {
            operations.iter().next().map(|(key, operation)| (Some(key), operation))
        }
        (DocumentOperations::Multiple(_), None) => None,
    }
}

/// What the operation that runs asks of the server's report builders.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ReportDemand {
    /// `termReport` fields (distinct response keys).
    pub reports: usize,
    /// Those that include every organization below (or whose `includeDescendants` is a variable
    /// that says so).
    pub with_descendants: usize,
}

/// Checks the arguments of every field the operation selects against the list limits, with the
/// request's variables, and counts the term reports it builds.
pub fn check_operation(
    document: &ExecutableDocument,
    operation: &OperationDefinition,
    variables: &Variables,
) -> Result<ReportDemand, ServerError> {
    let mut check = ArgumentCheck {
        document,
        operation,
        variables,
        seen_fragments: Vec::new(),
    };
    check.selection_set(&operation.selection_set.node, 0)?;
    let mut demand = ReportDemand::default();
    if operation.ty == OperationType::Query {
        let mut keys: Vec<(&Name, bool)> = Vec::new();
        collect_reports(document, &operation.selection_set.node, &mut keys, 0, &check);
        demand.reports = keys.len();
        demand.with_descendants = keys.iter().filter(|(_, descendants)| *descendants).count();
    }
    Ok(demand)
}

/// The root `termReport` fields by response key, with whether each includes descendants.
fn collect_reports<'a>(
    document: &'a ExecutableDocument,
    set: &'a SelectionSet,
    keys: &mut Vec<(&'a Name, bool)>,
    nesting: usize,
    check: &ArgumentCheck<'_>,
) {
    if nesting > MAX_NESTING {
        return;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(field) if field.node.name.node.as_str() == "termReport" => {
                let key = &field.node.response_key().node;
                let descendants = match check.argument(&field.node, "includeDescendants") {
                    Some(ConstValue::Boolean(value)) => value,
                    // Absent or null: the default, false.
                    Some(ConstValue::Null) | None => false,
                    Some(_) => true,
                };
                match keys.iter_mut().find(|(existing, _)| *existing == key) {
                    Some(entry) => entry.1 |= descendants,
                    None => keys.push((key, descendants)),
                }
            }
            Selection::Field(_) => {}
            Selection::InlineFragment(inline) => {
                collect_reports(document, &inline.node.selection_set.node, keys, nesting + 1, check)
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    collect_reports(document, &fragment.node.selection_set.node, keys, nesting + 1, check);
                }
            }
        }
    }
}

struct ArgumentCheck<'a> {
    document: &'a ExecutableDocument,
    operation: &'a OperationDefinition,
    variables: &'a Variables,
    /// Fragments already checked: their arguments do not change with where they are spread.
    seen_fragments: Vec<&'a Name>,
}

impl<'a> ArgumentCheck<'a> {
    /// An argument's value with variables resolved (their defaults when the request gives none).
    fn argument(&self, field: &Field, name: &str) -> Option<ConstValue> {
        let (_, value) = field.arguments.iter().find(|(key, _)| key.node.as_str() == name)?;
        Some(self.resolve(&value.node))
    }

    fn resolve(&self, value: &Value) -> ConstValue {
        match value {
            Value::Variable(name) => self
                .variables
                .get(name)
                .cloned()
                .or_else(|| {
                    self.operation
                        .variable_definitions
                        .iter()
                        .find(|definition| definition.node.name.node == *name)
                        .and_then(|definition| definition.node.default_value.as_ref())
                        .map(|default| default.node.clone())
                })
                .unwrap_or(ConstValue::Null),
            // Lists of IDs are the only composite argument looked at; their items are literals
            // or variables, so one level of resolution is enough.
            Value::List(items) => ConstValue::List(items.iter().map(|item| self.resolve(item)).collect()),
            other => other.clone().into_const().unwrap_or(ConstValue::Null),
        }
    }

    fn selection_set(&mut self, set: &'a SelectionSet, nesting: usize) -> Result<(), ServerError> {
        if nesting > MAX_NESTING {
            return Ok(());
        }
        for item in &set.items {
            match &item.node {
                Selection::Field(field) => {
                    self.field(&field.node, field.pos)?;
                    self.selection_set(&field.node.selection_set.node, nesting + 1)?;
                }
                Selection::InlineFragment(inline) => {
                    self.selection_set(&inline.node.selection_set.node, nesting + 1)?
                }
                Selection::FragmentSpread(spread) => {
                    let name = &spread.node.fragment_name.node;
                    if self.seen_fragments.contains(&name) {
                        continue;
                    }
                    self.seen_fragments.push(name);
                    if let Some(fragment) = self.document.fragments.get(name) {
                        self.selection_set(&fragment.node.selection_set.node, nesting + 1)?;
                    }
                }
            }
        }
        Ok(())
    }

    /// The list limits, with the rules, paths and messages the resolvers use.
    fn field(&self, field: &Field, at: async_graphql::Pos) -> Result<(), ServerError> {
        if let Some(ConstValue::Number(first)) = self.argument(field, "first") {
            match first.as_i64() {
                Some(first) if first < 0 => {
                    return Err(bad_input(
                        ApiError::invalid("page_size", "first", "first must not be negative"),
                        at,
                    ));
                }
                Some(first) if first > MAX_PAGE_SIZE => {
                    return Err(bad_input(
                        ApiError::invalid(
                            "page_size",
                            "first",
                            format!("first may be at most {MAX_PAGE_SIZE}; page through longer lists with after"),
                        ),
                        at,
                    ));
                }
                _ => {}
            }
        }
        for text_argument in ["search", "symbol"] {
            if let Some(ConstValue::String(text)) = self.argument(field, text_argument)
                && text.chars().count() > MAX_SEARCH_CHARS
            {
                return Err(bad_input(
                    ApiError::invalid(
                        "search_too_long",
                        text_argument,
                        format!("{text_argument} may be at most {MAX_SEARCH_CHARS} characters"),
                    ),
                    at,
                ));
            }
        }
        if let Some(ConstValue::List(ids)) = self.argument(field, "ids")
            && ids.len() as i64 > MAX_PAGE_SIZE
        {
            return Err(bad_input(
                ApiError::invalid("page_size", "ids", format!("at most {MAX_PAGE_SIZE} IDs at a time")),
                at,
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> ExecutableDocument {
        async_graphql::parser::parse_query(text).expect("a document")
    }

    #[test]
    fn depth_counts_fields_through_fragments() {
        let document = parse("{ a { ...F } } fragment F on T { b { ... on T { c { d } } } } fragment G on T { x }");
        let facts = measure(&document).expect("measured");
        assert_eq!(facts.depth, 4);
        assert_eq!(facts.expanded_fields, 4);
    }

    #[test]
    fn a_fragment_fan_out_is_counted_as_expanded_not_as_written() {
        // Each fragment spreads the next twice: 2^20 fields from a few hundred bytes.
        let mut text = String::from("{ ...F0 }\n");
        for level in 0..20 {
            text.push_str(&format!(
                "fragment F{level} on Query {{ ...F{} ...F{} }}\n",
                level + 1,
                level + 1
            ));
        }
        text.push_str("fragment F20 on Query { a }\n");
        let facts = measure(&parse(&text)).expect("measured");
        assert_eq!(facts.expanded_fields, 1 << 20);
        assert!(check_document(&facts, &LimitsConfig::default()).is_err());
    }

    #[test]
    fn a_long_chain_of_fragments_is_refused_without_deep_recursion() {
        let mut text = String::from("{ ...F0 }\n");
        for level in 0..5_000 {
            text.push_str(&format!("fragment F{level} on Query {{ ...F{} }}\n", level + 1));
        }
        text.push_str("fragment F5000 on Query { a }\n");
        let refused = measure(&parse(&text)).expect_err("refused");
        assert_eq!(
            refused.extensions.as_ref().and_then(|e| e.get("code")).cloned(),
            Some(async_graphql::Value::from("QUERY_TOO_COMPLEX"))
        );
    }

    #[test]
    fn fragment_cycles_are_left_to_validation() {
        let facts =
            measure(&parse("{ ...A } fragment A on Q { a ...B } fragment B on Q { b ...A }")).expect("measured");
        assert_eq!(facts.expanded_fields, 2);
    }

    #[test]
    fn page_sizes_and_searches_are_checked_with_variables() {
        let document = parse("query($n: Int, $s: String = \"x\") { people(first: $n, search: $s) { nodes { id } } }");
        let (_, operation) = selected_operation(&document, None).expect("an operation");
        let variables = |json: serde_json::Value| Variables::from_json(json);
        assert!(check_operation(&document, &operation.node, &variables(serde_json::json!({ "n": 100 }))).is_ok());
        assert!(check_operation(&document, &operation.node, &variables(serde_json::json!({ "n": 101 }))).is_err());
        let long = "a".repeat(201);
        assert!(check_operation(&document, &operation.node, &variables(serde_json::json!({ "s": long }))).is_err());
    }

    #[test]
    fn term_reports_are_counted_by_response_key() {
        let document = parse(
            "query($d: Boolean) { a: termReport(organizationId: \"x\") { summary { met } } \
             ...R termReport(organizationId: \"y\", includeDescendants: $d) { summary { met } } } \
             fragment R on Query { a: termReport(organizationId: \"x\") { summary { met } } }",
        );
        let (_, operation) = selected_operation(&document, None).expect("an operation");
        let demand = check_operation(
            &document,
            &operation.node,
            &Variables::from_json(serde_json::json!({ "d": true })),
        )
        .expect("checked");
        assert_eq!(
            demand,
            ReportDemand {
                reports: 2,
                with_descendants: 1
            }
        );
    }
}
