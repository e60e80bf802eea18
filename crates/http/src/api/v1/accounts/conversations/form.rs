//! Reading the conversation endpoints' params from a flat body. Rails permits scalars as text;
//! a value of the wrong shape (an object where an id belongs, a list for a status) is a 422
//! here rather than a silent nil.

use crate::error::{ApiError, ApiResult};
use chrono::NaiveDateTime;
use serde_json::{Map, Value};

/// A free-text param: a string, number or boolean as text; null or blank is none.
pub fn text_field(p: &Map<String, Value>, key: &str) -> ApiResult<Option<String>> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::String(s)) if s.len() > 255 => Err(ApiError::invalid(
            key,
            "is too long (maximum is 255 characters)",
        )),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(Value::Bool(b)) => Ok(Some(b.to_string())),
        Some(_) => Err(ApiError::invalid(key, "is invalid")),
    }
}

/// A record id param (assignee, team): a number or numeric text.
pub fn id_field(p: &Map<String, Value>, key: &str) -> ApiResult<Option<i64>> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(Some)
            .ok_or_else(|| ApiError::invalid(key, "is invalid")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| ApiError::invalid(key, "is invalid")),
        Some(_) => Err(ApiError::invalid(key, "is invalid")),
    }
}

/// A JSON-object param (`additional_attributes`, `custom_attributes`).
pub fn object_field(p: &Map<String, Value>, key: &str) -> ApiResult<Option<Map<String, Value>>> {
    match p.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(m)) => {
            if serde_json::to_string(m).map_or(0, |s| s.len()) > 16 * 1024 {
                return Err(ApiError::invalid(key, "is too long"));
            }
            Ok(Some(m.clone()))
        }
        Some(_) => Err(ApiError::invalid(key, "must be a hash")),
    }
}

/// `parse_date_time`: unix seconds (`DateTime.strptime(value, '%s')`), or an ISO 8601 time.
pub fn time_field(p: &Map<String, Value>, key: &str) -> ApiResult<Option<NaiveDateTime>> {
    let bad = || ApiError::invalid(key, "is invalid");
    let text = match p.get(key) {
        None | Some(Value::Null) => return Ok(None),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::String(s)) if s.trim().is_empty() => return Ok(None),
        Some(Value::String(s)) => s.trim().to_string(),
        Some(_) => return Err(bad()),
    };
    if let Ok(secs) = text.parse::<f64>() {
        if !(0.0..=32_503_680_000.0).contains(&secs) {
            return Err(bad());
        }
        return chrono::DateTime::from_timestamp(secs as i64, 0)
            .map(|t| Some(t.naive_utc()))
            .ok_or_else(bad);
    }
    chrono::DateTime::parse_from_rfc3339(&text)
        .map(|t| Some(t.naive_utc()))
        .map_err(|_| bad())
}

/// A list of ids (`user_ids`): numbers or numeric texts.
pub fn id_list(p: &Map<String, Value>, key: &str) -> ApiResult<Vec<i64>> {
    let items = match p.get(key) {
        None | Some(Value::Null) => return Err(ApiError::param_missing(key)),
        Some(Value::Array(a)) => a.clone(),
        Some(v) => vec![v.clone()],
    };
    if items.len() > 1000 {
        return Err(ApiError::invalid(key, "is too long"));
    }
    let mut map = Map::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        map.insert(key.to_string(), item);
        match id_field(&map, key)? {
            Some(id) if !out.contains(&id) => out.push(id),
            _ => {}
        }
    }
    Ok(out)
}
