//! Response fields in the order the query asked for them. async-graphql 7.2 resolves sibling
//! fields concurrently and writes each into the response as it finishes
//! (async-graphql/async-graphql#612), so `{ name id }` may come back as `{ id name }`. The
//! GraphQL specification asks for the query's order (section 7.1): this extension puts it back,
//! walking the response alongside the operation's selection sets; the request pipeline calls
//! [`reorder_response`] for every transport.

use async_graphql::Value;
use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::{Name, Response};

/// Puts the fields of `response` in the order `document` asked for them.
pub fn reorder_response(response: &mut Response, document: &ExecutableDocument, operation_name: Option<&str>) {
    if let Some(selection_set) = operation_selection(document, operation_name) {
        reorder(&mut response.data, &[selection_set], document, 0);
    }
}

fn operation_selection<'a>(document: &'a ExecutableDocument, name: Option<&str>) -> Option<&'a SelectionSet> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(&operation.node.selection_set.node),
        (DocumentOperations::Multiple(operations), Some(name)) => operations
            .get(&Name::new(name))
            .map(|operation| &operation.node.selection_set.node),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations
            .values()
            .next()
            .map(|operation| &operation.node.selection_set.node),
        _ => None,
    }
}

/// Deep enough for any query the depth limit lets through; guards against pathological input.
const MAX_DEPTH: usize = 64;

fn reorder(value: &mut Value, selections: &[&SelectionSet], document: &ExecutableDocument, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match value {
        Value::Object(map) => {
            let concrete = concrete_type(map, selections, document, depth);
            let mut order: Vec<(Name, Vec<&SelectionSet>)> = Vec::new();
            for set in selections {
                collect(set, document, &mut order, depth, concrete);
            }
            let mut unordered = std::mem::take(map);
            for (key, sub_selections) in order {
                if let Some(mut child) = unordered.shift_remove(&key) {
                    reorder(&mut child, &sub_selections, document, depth + 1);
                    map.insert(key, child);
                }
            }
            map.extend(unordered);
        }
        Value::List(items) => {
            for item in items {
                reorder(item, selections, document, depth + 1);
            }
        }
        _ => {}
    }
}

/// Whether a fragment on `condition` applies to an object of type `concrete` (when known): the
/// type itself, or the `Node` interface, which every object type with an ID implements.
fn applies(condition: Option<&str>, concrete: Option<&str>) -> bool {
    match (condition, concrete) {
        (None, _) | (_, None) => true,
        (Some(condition), Some(concrete)) => condition == concrete || condition == "Node",
    }
}

/// The object type of a value under an abstract selection (`node { ... on Organization { } ...
/// on Congress { } }`): the one among the fragments' types whose fields are exactly the value's
/// keys. Which fragments apply, and so the order of the keys, depends on it. `None` when the
/// selection names no more than one type, or no type's fields match.
fn concrete_type<'a>(
    map: &async_graphql::indexmap::IndexMap<Name, Value>,
    selections: &[&'a SelectionSet],
    document: &'a ExecutableDocument,
    depth: usize,
) -> Option<&'a str> {
    let mut conditions: Vec<&str> = Vec::new();
    for set in selections {
        type_conditions(set, document, &mut conditions, depth);
    }
    conditions.retain(|condition| *condition != "Node");
    conditions.dedup();
    if conditions.len() < 2 {
        return None;
    }
    conditions.into_iter().find(|candidate| {
        let mut order: Vec<(Name, Vec<&SelectionSet>)> = Vec::new();
        for set in selections {
            collect(set, document, &mut order, depth, Some(candidate));
        }
        order.len() == map.len() && order.iter().all(|(key, _)| map.contains_key(key))
    })
}

/// The type conditions of the fragments of a selection set, at its own level.
fn type_conditions<'a>(set: &'a SelectionSet, document: &'a ExecutableDocument, out: &mut Vec<&'a str>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(_) => {}
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    let on = fragment.node.type_condition.node.on.node.as_str();
                    if !out.contains(&on) {
                        out.push(on);
                    }
                    type_conditions(&fragment.node.selection_set.node, document, out, depth + 1);
                }
            }
            Selection::InlineFragment(inline) => {
                if let Some(condition) = &inline.node.type_condition {
                    let on = condition.node.on.node.as_str();
                    if !out.contains(&on) {
                        out.push(on);
                    }
                }
                type_conditions(&inline.node.selection_set.node, document, out, depth + 1);
            }
        }
    }
}

/// The response keys of a selection set in first-appearance order, with every sub-selection
/// that feeds each key (fragments merge into their parent's keys); only fragments that apply
/// to `concrete`, when it is known.
fn collect<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    order: &mut Vec<(Name, Vec<&'a SelectionSet>)>,
    depth: usize,
    concrete: Option<&str>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                let key = field.node.response_key().node.clone();
                let sub = &field.node.selection_set.node;
                match order.iter_mut().find(|(existing, _)| *existing == key) {
                    Some((_, subs)) => subs.push(sub),
                    None => order.push((key, vec![sub])),
                }
            }
            Selection::FragmentSpread(spread) => {
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node)
                    && applies(Some(fragment.node.type_condition.node.on.node.as_str()), concrete)
                {
                    collect(&fragment.node.selection_set.node, document, order, depth + 1, concrete);
                }
            }
            Selection::InlineFragment(inline) => {
                let condition = inline.node.type_condition.as_ref().map(|c| c.node.on.node.as_str());
                if applies(condition, concrete) {
                    collect(&inline.node.selection_set.node, document, order, depth + 1, concrete);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use async_graphql::{EmptyMutation, EmptySubscription, Object, Schema};

    struct Root;

    #[Object]
    impl Root {
        async fn slow(&self) -> i32 {
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            1
        }
        async fn fast(&self) -> i32 {
            2
        }
        async fn nested(&self) -> Vec<Root> {
            vec![Root, Root]
        }
    }

    #[tokio::test]
    async fn fields_come_back_in_the_order_the_query_asked_for_them() {
        let schema = Schema::build(Root, EmptyMutation, EmptySubscription).finish();
        let query = "{ slow fast nested { slow fast } ...F } fragment F on Root { b: fast }";
        let mut response = schema.execute(query).await;
        let document = async_graphql::parser::parse_query(query).expect("a document");
        reorder_response(&mut response, &document, None);
        let json = serde_json::to_string(&response.data).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"slow":1,"fast":2,"nested":[{"slow":1,"fast":2},{"slow":1,"fast":2}],"b":2}"#
        );
    }
}
