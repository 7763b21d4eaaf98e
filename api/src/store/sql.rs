//! A small builder for the hand-written SQL that sea-query cannot express comfortably (recursive
//! tree walks, ranked search): placeholders are numbered for PostgreSQL and `?` for SQLite.

use sea_orm::{DbBackend, Statement, Value};

pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    /// Appends SQL text as is.
    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends a placeholder bound to `value`.
    pub fn bind(&mut self, value: impl Into<Value>) -> &mut Self {
        self.values.push(value.into());
        match self.backend {
            DbBackend::Postgres => {
                self.text.push('$');
                self.text.push_str(&self.values.len().to_string());
            }
            _ => self.text.push('?'),
        }
        self
    }

    /// Appends `(p1, p2, ...)` bound to the values; `(NULL)` for an empty list, which matches nothing.
    pub fn bind_list<V: Into<Value> + Clone>(&mut self, values: &[V]) -> &mut Self {
        self.text.push('(');
        if values.is_empty() {
            self.text.push_str("NULL");
        }
        for (index, value) in values.iter().enumerate() {
            if index > 0 {
                self.text.push_str(", ");
            }
            self.bind(value.clone());
        }
        self.text.push(')');
        self
    }

    /// Appends a test that `expression` is one of `keys`, with the same statement text whatever
    /// their number, so that prepared statements are reused: `= ANY($n)` with one array on
    /// PostgreSQL, `IN (SELECT value FROM json_each(?))` with one JSON array on SQLite.
    pub fn push_in_keys(&mut self, expression: &str, keys: &[i64]) -> &mut Self {
        self.text.push_str(expression);
        match self.backend {
            DbBackend::Postgres => {
                let array: Vec<Value> = keys.iter().map(|key| Value::BigInt(Some(*key))).collect();
                self.text.push_str(" = ANY(");
                self.bind(Value::Array(
                    sea_orm::sea_query::ArrayType::BigInt,
                    Some(Box::new(array)),
                ));
                self.text.push(')');
            }
            _ => {
                let list = serde_json::to_string(keys).unwrap_or_else(|_| "[]".to_owned());
                self.text.push_str(" IN (SELECT value FROM json_each(");
                self.bind(list);
                self.text.push_str("))");
            }
        }
        self
    }

    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    pub fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}
