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
            let mut order: Vec<(Name, Vec<&SelectionSet>)> = Vec::new();
            for set in selections {
                collect(set, document, &mut order, depth);
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

/// The response keys of a selection set in first-appearance order, with every sub-selection
/// that feeds each key (fragments merge into their parent's keys).
fn collect<'a>(
    set: &'a SelectionSet,
    document: &'a ExecutableDocument,
    order: &mut Vec<(Name, Vec<&'a SelectionSet>)>,
    depth: usize,
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
                if let Some(fragment) = document.fragments.get(&spread.node.fragment_name.node) {
                    collect(&fragment.node.selection_set.node, document, order, depth + 1);
                }
            }
            Selection::InlineFragment(inline) => collect(&inline.node.selection_set.node, document, order, depth + 1),
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
