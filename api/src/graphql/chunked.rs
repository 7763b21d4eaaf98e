//! Long lists resolved a chunk at a time. async-graphql resolves every item of a list at once:
//! it creates one future per item before polling any, and a province's term report has 26,000
//! rows, so their futures alone took tens of MB at the same moment. A chunk's items still resolve
//! together, so their data-loader look-ups still batch; a list shorter than a chunk resolves
//! exactly as a plain list does.

use async_graphql::parser::types::Field;
use async_graphql::registry::Registry;
use async_graphql::{ContextSelectionSet, OutputType, Positioned, ServerResult, Value};
use std::borrow::Cow;

/// How many items of a list resolve at once.
pub const ITEMS_AT_ONCE: usize = 1024;

/// A list, `[T!]!` in the schema, resolved [`ITEMS_AT_ONCE`] items at a time.
pub struct ChunkedList<T>(pub Vec<T>);

impl<T: OutputType> OutputType for ChunkedList<T> {
    fn type_name() -> Cow<'static, str> {
        Vec::<T>::type_name()
    }

    fn qualified_type_name() -> String {
        Vec::<T>::qualified_type_name()
    }

    fn create_type_info(registry: &mut Registry) -> String {
        Vec::<T>::create_type_info(registry)
    }

    async fn resolve(&self, ctx: &ContextSelectionSet<'_>, field: &Positioned<Field>) -> ServerResult<Value> {
        let mut values = Vec::with_capacity(self.0.len());
        for (chunk_index, chunk) in self.0.chunks(ITEMS_AT_ONCE).enumerate() {
            let offset = chunk_index * ITEMS_AT_ONCE;
            let futures = chunk.iter().enumerate().map(|(index, item)| async move {
                let ctx_item = ctx.with_index(offset + index);
                OutputType::resolve(item, &ctx_item, field)
                    .await
                    .map_err(|error| ctx_item.set_error_path(error))
            });
            values.extend(futures::future::try_join_all(futures).await?);
        }
        Ok(Value::List(values))
    }
}
