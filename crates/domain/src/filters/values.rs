//! Condition values: which of them count and how each is read (`filter_values`,
//! `values_for_ilike`, `lt_gt_filter_values`, `days_before_filter_values` upstream). A value
//! that cannot be read as its attribute's type makes the condition invalid (upstream's SQL
//! would fail on it).

use super::{Cast, Column, FilterSpec, Operator, Predicate, Scalar};
use chrono::{Days, NaiveDate};
use serde_json::Value;

/// Switchboard's bounds on what a condition may carry.
const MAX_VALUES: usize = 100;
const MAX_VALUE_CHARS: usize = 1000;

pub(super) struct Context<'a> {
    pub spec: &'a FilterSpec,
    pub column: &'a Column,
    pub cast: Cast,
    pub today: NaiveDate,
}

/// The `values` of a condition as a list; Ruby-blank input (nil, "", "  ", false, []) is empty.
pub(super) fn list(raw: Option<&Value>) -> Vec<&Value> {
    match raw {
        None | Some(Value::Null) | Some(Value::Bool(false)) => Vec::new(),
        Some(Value::String(s)) if s.trim().is_empty() => Vec::new(),
        Some(Value::Array(items)) => items.iter().collect(),
        Some(other) => vec![other],
    }
}

/// A JSON scalar as text (`to_s`); structures are not values.
fn text(v: &Value) -> Option<String> {
    let s = match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    (s.chars().count() <= MAX_VALUE_CHARS).then_some(s)
}

fn number(v: &Value) -> Option<f64> {
    match v {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse::<f64>().ok().filter(|f| f.is_finite()),
        _ => None,
    }
}

fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::Number(n) => match n.as_i64() {
            Some(1) => Some(true),
            Some(0) => Some(false),
            _ => None,
        },
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" | "t" | "1" => Some(true),
            "false" | "f" | "0" => Some(false),
            _ => None,
        },
        _ => None,
    }
}

/// "2024-01-31", or a time stamp starting with it.
fn date(v: &Value) -> Option<NaiveDate> {
    let s = v.as_str()?.trim();
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

/// One value read as `cast`; `lower` downcases text (contacts downcase every string value).
fn scalar(v: &Value, cast: Cast, lower: bool) -> Option<Scalar> {
    Some(match cast {
        Cast::Number => Scalar::Number(number(v)?),
        Cast::Boolean => Scalar::Bool(boolean(v)?),
        Cast::Date => Scalar::Date(date(v)?),
        Cast::LowerText => Scalar::Text(text(v)?.to_lowercase()),
        Cast::Text if lower => Scalar::Text(text(v)?.to_lowercase()),
        Cast::Text => Scalar::Text(text(v)?),
    })
}

/// Contacts compare phone numbers in E.164 form: "+" and the digits without any "+".
fn phone(v: &Value) -> Option<String> {
    Some(format!("+{}", text(v)?.replace('+', "")))
}

fn is_phone(ctx: &Context) -> bool {
    ctx.spec.first_value_only && *ctx.column == Column::Standard("phone_number")
}

/// The values an equality compares with.
fn equality_values(ctx: &Context, values: &[&Value]) -> Option<Vec<Scalar>> {
    if ctx.spec.first_value_only {
        let first = values[0];
        if is_phone(ctx) {
            return Some(vec![Scalar::Text(phone(first)?)]);
        }
        return Some(vec![scalar(first, ctx.cast, true)?]);
    }
    if matches!(ctx.column, Column::Custom(_)) && values[0].is_string() {
        // `case_insensitive_values`: one downcased string for a custom attribute.
        return Some(vec![scalar(values[0], ctx.cast, true)?]);
    }
    values.iter().map(|v| scalar(v, ctx.cast, false)).collect()
}

/// Every value, stripped (`values_for_ilike`).
fn contains_texts(values: &[&Value]) -> Option<Vec<String>> {
    values
        .iter()
        .map(|v| Some(text(v)?.trim().to_string()))
        .collect()
}

pub(super) fn predicate(ctx: &Context, operator: Operator, values: &[&Value]) -> Option<Predicate> {
    if values.len() > MAX_VALUES {
        return None;
    }
    let text_like = matches!(ctx.cast, Cast::Text | Cast::LowerText);
    Some(match operator {
        Operator::EqualTo => Predicate::In(equality_values(ctx, values)?),
        Operator::NotEqualTo => Predicate::NotIn(equality_values(ctx, values)?),
        Operator::Contains if text_like => Predicate::Contains(contains_texts(values)?),
        Operator::DoesNotContain if text_like => Predicate::NotContains(contains_texts(values)?),
        Operator::StartsWith if text_like => {
            let prefix = if is_phone(ctx) {
                phone(values[0])?
            } else {
                text(values[0])?
            };
            Predicate::StartsWith(prefix)
        }
        Operator::IsPresent => Predicate::Present,
        Operator::IsNotPresent => Predicate::NotPresent,
        Operator::IsGreaterThan => Predicate::Greater(scalar(values[0], ctx.cast, false)?),
        Operator::IsLessThan => Predicate::Less(scalar(values[0], ctx.cast, false)?),
        Operator::DaysBefore if ctx.cast == Cast::Date => {
            let days = match values[0] {
                Value::Number(n) => n.as_i64()?,
                Value::String(s) => s.trim().parse::<i64>().ok()?,
                _ => return None,
            };
            let date = if days >= 0 {
                ctx.today.checked_sub_days(Days::new(days.unsigned_abs()))?
            } else {
                ctx.today.checked_add_days(Days::new(days.unsigned_abs()))?
            };
            Predicate::Less(Scalar::Date(date))
        }
        Operator::Contains
        | Operator::DoesNotContain
        | Operator::StartsWith
        | Operator::DaysBefore => return None,
    })
}
