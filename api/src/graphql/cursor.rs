//! Page requests, cursors and page info, shared by every list: `first` checked against the page size
//! limits, `after` decoded as a cursor of the same list. Cursors are opaque (base64 of the list's
//! name and its key) and tied to the list they came from.

use crate::ApiError;
use crate::store::page::PageRequest;
use async_graphql::SimpleObject;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Serialize, de::DeserializeOwned};

pub const DEFAULT_PAGE_SIZE: i32 = 20;
pub const MAX_PAGE_SIZE: i32 = 100;

/// Validates `first`/`after` for a list whose cursors carry `K`.
pub fn page_request<K: DeserializeOwned>(
    list: &str,
    first: Option<i32>,
    after: Option<&str>,
) -> Result<PageRequest<K>, ApiError> {
    let limit = match first {
        None => DEFAULT_PAGE_SIZE,
        Some(first) if first < 0 => {
            return Err(ApiError::invalid("page_size", "first", "first must not be negative"));
        }
        Some(first) if first > MAX_PAGE_SIZE => {
            return Err(ApiError::invalid(
                "page_size",
                "first",
                format!("first may be at most {MAX_PAGE_SIZE}; page through longer lists with after"),
            ));
        }
        Some(first) => first,
    };
    let after = match after {
        None => None,
        Some(cursor) => Some(decode_cursor(list, cursor).ok_or_else(|| {
            ApiError::invalid(
                "cursor",
                "after",
                "after is not a cursor of this list; pass an endCursor you received",
            )
        })?),
    };
    Ok(PageRequest {
        after,
        limit: limit as u64,
    })
}

pub fn encode_cursor<K: Serialize>(list: &str, key: &K) -> String {
    let body = serde_json::to_string(key).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(format!("{list}|{body}"))
}

fn decode_cursor<K: DeserializeOwned>(list: &str, cursor: &str) -> Option<K> {
    let bytes = URL_SAFE_NO_PAD.decode(cursor.trim()).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?;
    let (tag, body) = text.split_once('|')?;
    (tag == list).then_some(())?;
    serde_json::from_str(body).ok()
}

/// Where a page stands in its list.
#[derive(SimpleObject, Clone)]
pub struct PageInfo {
    pub has_next_page: bool,
    /// Always false: lists are paged forward only.
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::page::IntKey;

    #[test]
    fn asking_for_more_than_the_maximum_page_is_an_error() {
        let result = page_request::<IntKey>("congresses", Some(101), None);
        assert!(matches!(result, Err(ApiError::BadUserInput(_))));
    }

    #[test]
    fn a_cursor_of_another_list_is_rejected() {
        let cursor = encode_cursor("people", &IntKey { value: 1, id: 1 });
        let result = page_request::<IntKey>("congresses", None, Some(&cursor));
        assert!(matches!(result, Err(ApiError::BadUserInput(_))));
    }

    #[test]
    fn a_cursor_round_trips() {
        let key = IntKey { value: 2015, id: 9 };
        let cursor = encode_cursor("congresses", &key);
        let request = page_request::<IntKey>("congresses", Some(5), Some(&cursor)).ok();
        assert_eq!(request.and_then(|r| r.after), Some(key));
    }
}
