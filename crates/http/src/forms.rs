//! Serde helpers for request forms. Rails params are forgiving: a number may come as `"5"`, a
//! boolean as `"true"` or `1`, and PATCH distinguishes a missing key from an explicit null.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// `Option<Option<T>>` for nullable PATCH fields: absent -> `None`, null -> `Some(None)`.
/// Use with `#[serde(default, deserialize_with = "forms::nullable")]`.
pub fn nullable<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A boolean as Rails casts it: true/false, "true"/"false", "1"/"0", 1/0; null is `None`.
pub fn bool_like<'de, D: Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Bool(b) => Ok(Some(b)),
        Value::Number(n) => Ok(Some(n.as_i64() != Some(0))),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "" => Ok(None),
            "true" | "1" | "t" | "on" | "yes" => Ok(Some(true)),
            "false" | "0" | "f" | "off" | "no" => Ok(Some(false)),
            other => Err(D::Error::custom(format!("invalid boolean `{other}`"))),
        },
        other => Err(D::Error::custom(format!("invalid boolean `{other}`"))),
    }
}

/// An integer given as a number or a numeric string; null or "" is `None`.
pub fn int_like<'de, D: Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Number(n) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("invalid integer `{n}`"))),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| D::Error::custom(format!("invalid integer `{s}`"))),
        other => Err(D::Error::custom(format!("invalid integer `{other}`"))),
    }
}

/// Text given as a string or a number (Rails keeps either as a string); null is `None`.
pub fn string_like<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s)),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(D::Error::custom(format!(
            "expected a string, got `{other}`"
        ))),
    }
}

/// A nullable PATCH field given as text or a number: absent -> `None`, null -> `Some(None)`.
/// Use with `#[serde(default, deserialize_with = "forms::nullable_string")]`.
pub fn nullable_string<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    string_like(d).map(Some)
}

/// A nullable PATCH id given as a number or a numeric string: absent -> `None`, null or ""
/// -> `Some(None)`.
pub fn nullable_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    int_like(d).map(Some)
}
