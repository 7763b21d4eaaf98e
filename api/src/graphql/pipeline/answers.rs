//! The response cache: answers the planner wrote, kept in memory and served again to the same
//! question while the database has not changed.
//!
//! An answer is a function of the document, the selected operation, the variables, the day
//! (fields default to "today" in Vietnam) and the records. The records are named by the
//! database's generation ([`crate::store::generation`]), read on the request's own read
//! connection before the cache is looked at. Every committed write, on any server process or
//! by any tool, changes it, so an answer is never served after a write it does not show:
//! invalidation needs no message between replicas, and a replica that reads a standby follows
//! that standby. Answers cached under an older generation are never asked for again; the cache's
//! eviction drops them first, and its bytes are bounded.
//!
//! A planned read takes several statements, each seeing the records as they are when it starts;
//! a write that commits between two of them would make an answer no single moment had. So the
//! generation is read again after the answer is written, and the answer is kept only when it
//! has not moved: every cached answer is the records of one generation.
//!
//! Only planned answers are kept: they depend on nothing else (not the caller, not the language;
//! the planner reads no field that a token changes), and they hold no errors.

use quick_cache::Weighter;
use quick_cache::sync::Cache;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A cached answer is at most this share of the cache: a province's history is megabytes, and
/// one must not push out hundreds of pages.
const LARGEST_SHARE: u64 = 8;

/// What an entry costs besides its text: the question's and the answer's allocations, the
/// `Arc`, and the cache's own slot. Measured: 200,000 entries of a 66-byte question and answer
/// grew a process by 450 bytes each (glibc malloc). Without it, a flood of tiny distinct
/// questions would hold several times the configured bytes.
const ENTRY_OVERHEAD: u64 = 400;

/// What a cached answer is looked up by: the generation and day it holds for, and the question.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Question {
    generation: String,
    day: chrono::NaiveDate,
    operation: Option<String>,
    /// The variables as JSON: they are a map sorted by name, so equal variables give equal text.
    variables: String,
    document: String,
}

impl Question {
    /// `declared` says which variables the operation declares: the others change nothing in
    /// the answer (GraphQL ignores them), so they are left out of the key rather than let each
    /// new value make a new entry.
    pub fn new(
        generation: String,
        day: chrono::NaiveDate,
        document: &str,
        operation: Option<&str>,
        variables: &async_graphql::Variables,
        declared: impl Fn(&str) -> bool,
    ) -> Option<Self> {
        let used: std::collections::BTreeMap<&str, &async_graphql::Value> = variables
            .iter()
            .filter(|(name, _)| declared(name.as_str()))
            .map(|(name, value)| (name.as_str(), value))
            .collect();
        Some(Self {
            generation,
            day,
            operation: operation.map(str::to_owned),
            variables: serde_json::to_string(&used).ok()?,
            document: document.to_owned(),
        })
    }

    /// The generation the answer would hold for.
    pub fn generation(&self) -> &str {
        &self.generation
    }

    fn bytes(&self) -> u64 {
        (self.generation.len()
            + self.operation.as_ref().map_or(0, String::len)
            + self.variables.len()
            + self.document.len()) as u64
    }
}

#[derive(Clone)]
struct AnswerWeight;

impl Weighter<Question, Arc<str>> for AnswerWeight {
    fn weight(&self, question: &Question, answer: &Arc<str>) -> u64 {
        weight(question, answer)
    }
}

/// What an entry weighs: its text and what it costs besides.
fn weight(question: &Question, answer: &str) -> u64 {
    question.bytes() + answer.len() as u64 + ENTRY_OVERHEAD
}

/// The cache, or nothing when it is configured to 0 bytes.
pub struct Answers {
    cache: Option<Cache<Question, Arc<str>, AnswerWeight>>,
    capacity: u64,
    /// Answers served from the cache, for tests and operators.
    hits: AtomicU64,
}

impl Answers {
    pub fn new(capacity: u64) -> Self {
        // quick_cache sizes its tables by an estimate of the entries: a few KB per answer.
        let estimated_entries = (capacity / 4096).clamp(16, 1 << 20) as usize;
        Self {
            cache: (capacity > 0).then(|| Cache::with_weighter(estimated_entries, capacity, AnswerWeight)),
            capacity,
            hits: AtomicU64::new(0),
        }
    }

    pub fn enabled(&self) -> bool {
        self.cache.is_some()
    }

    pub fn get(&self, question: &Question) -> Option<Arc<str>> {
        let found = self.cache.as_ref()?.get(question);
        crate::metrics::response_cache(found.is_some());
        if found.is_some() {
            self.hits.fetch_add(1, Ordering::Relaxed);
        }
        found
    }

    pub fn insert(&self, question: Question, answer: &str) {
        let Some(cache) = &self.cache else {
            return;
        };
        if weight(&question, answer) > self.capacity / LARGEST_SHARE {
            return;
        }
        cache.insert(question, Arc::from(answer));
    }

    /// How many answers were served from the cache.
    pub fn hits(&self) -> u64 {
        self.hits.load(Ordering::Relaxed)
    }

    /// Answers held, and the bytes they weigh.
    pub fn held(&self) -> (usize, u64) {
        self.cache
            .as_ref()
            .map_or((0, 0), |cache| (cache.len(), cache.weight()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(generation: &str, variables: serde_json::Value) -> Question {
        let variables = async_graphql::Variables::from_json(variables);
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        Question::new(generation.to_owned(), day, "{ a }", None, &variables, |name| {
            name != "unused"
        })
        .unwrap()
    }

    #[test]
    fn an_answer_is_found_only_under_its_generation_and_variables() {
        let answers = Answers::new(1 << 20);
        answers.insert(question("1", serde_json::json!({"a": 1, "b": 2})), "answer");
        // Variables are compared as a map: their order in the request does not matter.
        assert_eq!(
            answers
                .get(&question("1", serde_json::json!({"b": 2, "a": 1})))
                .as_deref(),
            Some("answer")
        );
        assert_eq!(answers.get(&question("2", serde_json::json!({"a": 1, "b": 2}))), None);
        assert_eq!(answers.get(&question("1", serde_json::json!({"a": 2, "b": 2}))), None);
        // A variable the operation does not declare changes nothing, and makes no new entry.
        assert_eq!(
            answers
                .get(&question("1", serde_json::json!({"a": 1, "b": 2, "unused": 3})))
                .as_deref(),
            Some("answer")
        );
    }

    #[test]
    fn the_cache_holds_no_more_than_its_bytes_and_no_answer_over_an_eighth_of_them() {
        let answers = Answers::new(64 * 1024);
        answers.insert(question("1", serde_json::json!({})), &"x".repeat(9 * 1024));
        assert_eq!(answers.held().0, 0, "an answer over an eighth of the cache is not kept");
        for n in 0..200 {
            answers.insert(question("1", serde_json::json!({ "n": n })), &"x".repeat(1024));
        }
        assert!(answers.held().1 <= 64 * 1024, "{:?}", answers.held());
        // Tiny answers are weighed with what each entry costs besides its text.
        let tiny = Answers::new(64 * 1024);
        for n in 0..1000 {
            tiny.insert(question("1", serde_json::json!({ "n": n })), "{}");
        }
        assert!(
            tiny.held().0 <= (64 * 1024 / ENTRY_OVERHEAD) as usize,
            "{:?}",
            tiny.held()
        );
        let disabled = Answers::new(0);
        disabled.insert(question("1", serde_json::json!({})), "answer");
        assert_eq!(disabled.get(&question("1", serde_json::json!({}))), None);
    }
}
