//! The `Date` and `Decimal` scalars of the contract.

use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::str::FromStr;

/// A calendar date, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date(pub NaiveDate);

#[Scalar(
    name = "Date",
    specified_by_url = "https://www.rfc-editor.org/rfc/rfc3339#section-5.6"
)]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            // Four-digit years only: records are dated within them, and both databases compare
            // dates (SQLite as text) correctly only there.
            Value::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
                .ok()
                .filter(|date| (1..=9999).contains(&date.year()))
                .map(Date)
                .ok_or_else(|| InputValueError::custom(format!("expected a date as YYYY-MM-DD, got \"{text}\""))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.format("%Y-%m-%d").to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Self(date)
    }
}

/// An exact decimal number. Accepts a JSON number or a string; always returned as a string
/// ("116.67"), so that no client parses it into a float by accident.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DecimalValue(pub Decimal);

#[Scalar(name = "Decimal")]
impl ScalarType for DecimalValue {
    fn parse(value: Value) -> InputValueResult<Self> {
        // A JSON number is read from its text, never through f64, so 138.8 stays 138.8.
        let text = match &value {
            Value::String(text) => text.trim().to_owned(),
            Value::Number(number) => number.to_string(),
            _ => return Err(InputValueError::expected_type(value)),
        };
        let parsed = Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| {
                InputValueError::custom(format!("expected a decimal number such as \"116.67\", got {text}"))
            })?;
        Ok(Self(parsed.normalize()))
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.normalize().to_string())
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.format("%Y-%m-%d").to_string())
    }
}

impl serde::Serialize for DecimalValue {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0.normalize().to_string())
    }
}
