//! A query and its bound values, independent of the backend. Every value reaches the database
//! as a bound parameter (`$1`, `$2`, ... on both backends); no input is ever spliced into SQL.

use chrono::NaiveDateTime;
use std::borrow::Cow;

/// A bound value. Nulls are typed so PostgreSQL knows the parameter's type.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    I64(Option<i64>),
    I32(Option<i32>),
    F64(Option<f64>),
    Bool(Option<bool>),
    Text(Option<String>),
    Json(Option<serde_json::Value>),
    Timestamp(Option<NaiveDateTime>),
}

macro_rules! value_from {
    ($($t:ty => $variant:ident),+ $(,)?) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self { Value::$variant(Some(v.into())) }
        }
        impl From<Option<$t>> for Value {
            fn from(v: Option<$t>) -> Self { Value::$variant(v.map(Into::into)) }
        }
    )+};
}

value_from!(
    i64 => I64, i32 => I32, f64 => F64, bool => Bool, String => Text,
    serde_json::Value => Json, NaiveDateTime => Timestamp,
);

impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(Some(v.to_string()))
    }
}

impl From<Option<&str>> for Value {
    fn from(v: Option<&str>) -> Self {
        Value::Text(v.map(str::to_string))
    }
}

impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(Some(v.clone()))
    }
}

impl From<&serde_json::Value> for Value {
    fn from(v: &serde_json::Value) -> Self {
        Value::Json(Some(v.clone()))
    }
}

/// SQL text with its arguments, in placeholder order.
#[derive(Debug, Clone)]
pub struct Sql {
    pub(crate) text: Cow<'static, str>,
    pub(crate) args: Vec<Value>,
}

impl Sql {
    pub fn new(text: impl Into<Cow<'static, str>>) -> Self {
        Sql {
            text: text.into(),
            args: Vec::new(),
        }
    }

    /// Adds the value for the next placeholder.
    pub fn bind(mut self, value: impl Into<Value>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Adds a value and returns its placeholder (`$n`), for SQL assembled piece by piece.
    pub fn arg(&mut self, value: impl Into<Value>) -> String {
        self.args.push(value.into());
        format!("${}", self.args.len())
    }

    /// Adds one value per id and returns their placeholders joined for `IN (...)`
    /// (`$3, $4, $5`). Callers handle an empty list themselves: `IN ()` is not SQL.
    pub fn arg_list(&mut self, ids: &[i64]) -> String {
        let placeholders: Vec<String> = ids.iter().map(|id| self.arg(*id)).collect();
        placeholders.join(", ")
    }

    /// Appends SQL text written by this crate (never input).
    pub fn push(&mut self, text: &str) {
        self.text.to_mut().push_str(text);
    }

    pub fn text(&self) -> &str {
        &self.text
    }
}
