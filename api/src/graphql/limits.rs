//! Limits async-graphql does not enforce itself: how many aliases and directives one document
//! may hold. Checked right after parsing, before validation and before any resolver runs.

use async_graphql::extensions::{Extension, ExtensionContext, ExtensionFactory, NextParseQuery};
use async_graphql::parser::types::{ExecutableDocument, Selection, SelectionSet};
use async_graphql::{ErrorExtensionValues, ServerError, ServerResult, Variables};
use std::sync::Arc;

/// The alias and directive limits; installed as an extension on the WebSocket schema.
#[derive(Clone, Copy)]
pub struct DocumentLimits {
    pub max_aliases: usize,
    pub max_directives: usize,
}

impl ExtensionFactory for DocumentLimits {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(Self {
            max_aliases: self.max_aliases,
            max_directives: self.max_directives,
        })
    }
}

/// The error a client gets for a document over a limit.
pub fn too_complex(message: String) -> ServerError {
    let mut error = ServerError::new(message, None);
    let mut extensions = ErrorExtensionValues::default();
    extensions.set("code", "QUERY_TOO_COMPLEX");
    error.extensions = Some(extensions);
    error
}

#[derive(Default)]
struct Counts {
    aliases: usize,
    directives: usize,
}

fn count(set: &SelectionSet, counts: &mut Counts) {
    for item in &set.items {
        match &item.node {
            Selection::Field(field) => {
                counts.aliases += usize::from(field.node.alias.is_some());
                counts.directives += field.node.directives.len();
                count(&field.node.selection_set.node, counts);
            }
            Selection::FragmentSpread(spread) => counts.directives += spread.node.directives.len(),
            Selection::InlineFragment(inline) => {
                counts.directives += inline.node.directives.len();
                count(&inline.node.selection_set.node, counts);
            }
        }
    }
}

impl DocumentLimits {
    /// Rejects a parsed document with too many aliases or directives.
    pub fn check(&self, document: &ExecutableDocument) -> ServerResult<()> {
        let mut counts = Counts::default();
        for (_, operation) in document.operations.iter() {
            counts.directives += operation.node.directives.len();
            count(&operation.node.selection_set.node, &mut counts);
        }
        for fragment in document.fragments.values() {
            counts.directives += fragment.node.directives.len();
            count(&fragment.node.selection_set.node, &mut counts);
        }
        if counts.aliases > self.max_aliases {
            return Err(too_complex(format!(
                "the query has {} aliases; at most {} are allowed",
                counts.aliases, self.max_aliases
            )));
        }
        if counts.directives > self.max_directives {
            return Err(too_complex(format!(
                "the query has {} directives; at most {} are allowed",
                counts.directives, self.max_directives
            )));
        }
        Ok(())
    }
}

/// The extension form, for the WebSocket schema: HTTP requests are checked by the handler
/// before execution (see `graphql::build_schema` for why).
#[async_trait::async_trait]
impl Extension for DocumentLimits {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next.run(ctx, query, variables).await?;
        self.check(&document)?;
        Ok(document)
    }
}
