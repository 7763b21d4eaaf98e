//! Keyset pagination shared by the root lists: a page is the rows after a cursor in a stable order,
//! plus one extra row to tell whether another page follows.

/// What a caller asks for: at most `limit` rows after the position `after`.
#[derive(Debug, Clone)]
pub struct PageRequest<K> {
    pub after: Option<K>,
    pub limit: u64,
}

/// Rows of one page and whether more follow.
#[derive(Debug, Clone)]
pub struct Page<T> {
    pub rows: Vec<T>,
    pub has_next: bool,
}

impl<T> Page<T> {
    /// Cuts the extra row fetched to detect a next page.
    pub fn from_rows(mut rows: Vec<T>, limit: u64) -> Self {
        let has_next = rows.len() as u64 > limit;
        rows.truncate(limit as usize);
        Self { rows, has_next }
    }
}

/// The position of a row in a name-ordered list: search rank, folded name, id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NameKey {
    pub rank: i32,
    pub key: String,
    pub id: i64,
}

/// The position of a row in a list ordered by one integer (a year, an id) then id.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct IntKey {
    pub value: i64,
    pub id: i64,
}
