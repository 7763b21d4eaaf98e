//! Validation outcomes: errors that reject a write and warnings that are stored with it.

use entity::enums::Severity;

/// One finding about an input: which rule, where in the input, and what is wrong in plain words.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Issue {
    pub rule: String,
    pub path: String,
    pub message: String,
    pub severity: Severity,
}

/// The findings of one validation run. Errors reject the write; warnings go with the record.
#[derive(Debug, Default, Clone)]
pub struct Issues {
    found: Vec<Issue>,
}

impl Issues {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn error(&mut self, rule: &str, path: impl Into<String>, message: impl Into<String>) {
        self.push(rule, path, message, Severity::Error);
    }

    pub fn warn(&mut self, rule: &str, path: impl Into<String>, message: impl Into<String>) {
        self.push(rule, path, message, Severity::Warning);
    }

    fn push(&mut self, rule: &str, path: impl Into<String>, message: impl Into<String>, severity: Severity) {
        self.found.push(Issue {
            rule: rule.to_owned(),
            path: path.into(),
            message: message.into(),
            severity,
        });
    }

    pub fn extend(&mut self, other: Issues) {
        self.found.extend(other.found);
    }

    pub fn has_errors(&self) -> bool {
        self.found.iter().any(|issue| issue.severity == Severity::Error)
    }

    pub fn errors(&self) -> Vec<Issue> {
        self.found
            .iter()
            .filter(|issue| issue.severity == Severity::Error)
            .cloned()
            .collect()
    }

    pub fn warnings(&self) -> Vec<Issue> {
        self.found
            .iter()
            .filter(|issue| issue.severity == Severity::Warning)
            .cloned()
            .collect()
    }
}

/// A path into an input, written the way clients see it: `committees[1].members[3].personId`.
pub fn path(parts: &[PathPart<'_>]) -> String {
    let mut out = String::new();
    for part in parts {
        match part {
            PathPart::Field(name) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(name);
            }
            PathPart::Index(index) => {
                out.push('[');
                out.push_str(&index.to_string());
                out.push(']');
            }
        }
    }
    out
}

pub enum PathPart<'a> {
    Field(&'a str),
    Index(usize),
}
