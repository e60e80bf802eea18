//! The advanced-filter payload of contacts and conversations (`POST .../filter`): upstream
//! `lib/filters/filter_keys.yml`, `app/services/filter_service.rb` and
//! `app/helpers/filters/filter_helper.rb`. [`parse`] checks a payload in upstream's order and
//! with its messages, and returns a [`Filter`]: typed conditions grouped as SQL precedence
//! groups them (upstream joins the conditions with their `query_operator`s into one WHERE
//! string, so AND binds tighter than OR). store::filter_sql turns a `Filter` into SQL.

mod keys;
mod values;

pub use keys::{CONTACT_KEYS, CONVERSATION_KEYS};

use chrono::NaiveDate;
use serde_json::Value;
use std::collections::HashMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operator {
    EqualTo,
    NotEqualTo,
    Contains,
    DoesNotContain,
    IsPresent,
    IsNotPresent,
    IsGreaterThan,
    IsLessThan,
    DaysBefore,
    StartsWith,
}

impl Operator {
    pub const ALL: [Operator; 10] = [
        Operator::EqualTo,
        Operator::NotEqualTo,
        Operator::Contains,
        Operator::DoesNotContain,
        Operator::IsPresent,
        Operator::IsNotPresent,
        Operator::IsGreaterThan,
        Operator::IsLessThan,
        Operator::DaysBefore,
        Operator::StartsWith,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Operator::EqualTo => "equal_to",
            Operator::NotEqualTo => "not_equal_to",
            Operator::Contains => "contains",
            Operator::DoesNotContain => "does_not_contain",
            Operator::IsPresent => "is_present",
            Operator::IsNotPresent => "is_not_present",
            Operator::IsGreaterThan => "is_greater_than",
            Operator::IsLessThan => "is_less_than",
            Operator::DaysBefore => "days_before",
            Operator::StartsWith => "starts_with",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == text)
    }
}

/// `data_type` in filter_keys.yml.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataType {
    Text,
    TextCaseInsensitive,
    Number,
    Boolean,
    Labels,
    Date,
    Link,
}

/// `attribute_type` in filter_keys.yml: a column of the table, or a key of its
/// `additional_attributes` JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    Standard,
    AdditionalAttributes,
}

/// One entry of filter_keys.yml.
#[derive(Debug)]
pub struct FilterKey {
    pub key: &'static str,
    pub attribute_type: AttributeType,
    pub data_type: DataType,
    pub operators: &'static [Operator],
}

/// `custom_attribute_definitions.attribute_display_type`, as far as filtering cares: upstream
/// `ATTRIBUTE_TYPES` casts date to date, number to numeric, checkbox to boolean, and text, link
/// and list to text. Currency and percent have no cast upstream (their SQL fails); they compare
/// as numbers here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CustomAttributeType {
    Text,
    Number,
    Currency,
    Percent,
    Link,
    Date,
    List,
    Checkbox,
}

impl CustomAttributeType {
    pub fn from_i32(value: i32) -> Option<Self> {
        use CustomAttributeType::*;
        [Text, Number, Currency, Percent, Link, Date, List, Checkbox]
            .get(usize::try_from(value).ok()?)
            .copied()
    }

    fn cast(self) -> Cast {
        match self {
            Self::Text | Self::Link | Self::List => Cast::Text,
            Self::Number | Self::Currency | Self::Percent => Cast::Number,
            Self::Date => Cast::Date,
            Self::Checkbox => Cast::Boolean,
        }
    }
}

/// What a filter runs over.
#[derive(Debug)]
pub struct FilterSpec {
    /// `filter_config[:entity]`, also the `taggable_type` of its labels.
    pub entity: &'static str,
    pub keys: &'static [FilterKey],
    /// Contacts compare only the first value, downcased (`Contacts::FilterService#filter_values`);
    /// conversations compare against every value.
    pub first_value_only: bool,
}

pub const CONTACTS: FilterSpec = FilterSpec {
    entity: "Contact",
    keys: CONTACT_KEYS,
    first_value_only: true,
};

/// Where a condition's value lives.
#[derive(Debug, Clone, PartialEq)]
pub enum Column {
    /// A column of the entity's table (a name from the keys table, never input).
    Standard(&'static str),
    /// A key of the `additional_attributes` JSON (from the keys table).
    Additional(&'static str),
    /// A key of the `custom_attributes` JSON, defined by the account.
    Custom(String),
    /// The entity's labels (taggings).
    Labels,
}

/// How the stored value is read before comparing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cast {
    Text,
    /// Text compared after LOWER().
    LowerText,
    Number,
    Boolean,
    Date,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Predicate {
    In(Vec<Scalar>),
    NotIn(Vec<Scalar>),
    /// Contains any of the texts, ignoring case; the texts match literally (upstream passes
    /// them to ILIKE unescaped, so `%` and `_` were wildcards there).
    Contains(Vec<String>),
    /// Contains none of the texts.
    NotContains(Vec<String>),
    /// Starts with the text. Upstream's `starts_with` falls through to an equality
    /// (`FilterService#filter_operation` has no branch for it); this is the prefix match the
    /// dashboard offers.
    StartsWith(String),
    Present,
    NotPresent,
    Greater(Scalar),
    Less(Scalar),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub column: Column,
    pub cast: Cast,
    pub predicate: Predicate,
    /// Upstream's custom-attribute `not_equal_to` also matches rows without the key.
    pub or_null: bool,
}

/// A validated filter: OR of AND-groups. No groups means no condition at all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Filter {
    pub groups: Vec<Vec<Condition>>,
}

/// Switchboard's bound on a payload (upstream has none).
pub const MAX_CONDITIONS: usize = 50;

/// The `CustomExceptions::CustomFilter` errors; `Display` gives upstream's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("Invalid attribute key - [{key}]. The key should be one of [{allowed}] or a custom attribute defined in the account.")]
    InvalidAttribute { key: String, allowed: String },
    #[error("Invalid operator. The allowed operators for {attribute} are [{allowed}].")]
    InvalidOperator { attribute: String, allowed: String },
    #[error("Query operator must be either \"AND\" or \"OR\".")]
    InvalidQueryOperator,
    #[error("Invalid value. The values provided for {attribute} are invalid")]
    InvalidValue { attribute: String },
    #[error("A filter may have at most {MAX_CONDITIONS} conditions.")]
    TooManyConditions,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    And,
    Or,
}

/// Ruby's `to_s` of a JSON scalar, for messages that echo input.
fn ruby_to_s(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// `validate_single_condition`: blank is fine (the last condition has none); else AND or OR.
fn query_operator(condition: &Value) -> Result<Option<Join>, FilterError> {
    match condition.get("query_operator") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.is_empty() => Ok(None),
        Some(Value::String(s)) => match s.to_uppercase().as_str() {
            "AND" => Ok(Some(Join::And)),
            "OR" => Ok(Some(Join::Or)),
            _ => Err(FilterError::InvalidQueryOperator),
        },
        Some(_) => Err(FilterError::InvalidQueryOperator),
    }
}

/// Checks `payload` (the array under `payload`) against `spec` and the account's custom
/// attribute definitions for the entity (`key -> display type`). `today` anchors `days_before`.
pub fn parse(
    spec: &FilterSpec,
    payload: &[Value],
    custom: &HashMap<String, CustomAttributeType>,
    today: NaiveDate,
) -> Result<Filter, FilterError> {
    if payload.len() > MAX_CONDITIONS {
        return Err(FilterError::TooManyConditions);
    }
    // Upstream validates every query operator before it looks at any condition.
    let joins = payload
        .iter()
        .map(query_operator)
        .collect::<Result<Vec<_>, _>>()?;
    let mut filter = Filter::default();
    let mut group = Vec::new();
    for (i, raw) in payload.iter().enumerate() {
        group.push(condition(spec, raw, custom, today)?);
        if i + 1 == payload.len() {
            break;
        }
        // Upstream leaves a missing operator between two conditions in the SQL, which then
        // fails; an operator on the last condition is ignored (its clients drop it).
        match joins[i] {
            Some(Join::And) => {}
            Some(Join::Or) => filter.groups.push(std::mem::take(&mut group)),
            None => return Err(FilterError::InvalidQueryOperator),
        }
    }
    if !group.is_empty() {
        filter.groups.push(group);
    }
    Ok(filter)
}

fn allowed_operators(ops: &[Operator]) -> String {
    ops.iter().map(|o| o.as_str()).collect::<Vec<_>>().join(",")
}

/// `build_condition_query` for one condition, its checks in upstream's order: operator allowed
/// for a known key, values present, key known (or a custom attribute).
fn condition(
    spec: &FilterSpec,
    raw: &Value,
    custom: &HashMap<String, CustomAttributeType>,
    today: NaiveDate,
) -> Result<Condition, FilterError> {
    let key_text = ruby_to_s(raw.get("attribute_key"));
    let op_text = raw.get("filter_operator").and_then(Value::as_str);
    let known = raw
        .get("attribute_key")
        .and_then(Value::as_str)
        .and_then(|k| spec.keys.iter().find(|f| f.key == k));
    let operator = op_text.and_then(Operator::parse);
    if let Some(f) = known {
        if !operator.is_some_and(|o| f.operators.contains(&o)) {
            return Err(FilterError::InvalidOperator {
                attribute: key_text,
                allowed: allowed_operators(f.operators),
            });
        }
    }
    let values = values::list(raw.get("values"));
    let needs_values = !matches!(operator, Some(Operator::IsPresent | Operator::IsNotPresent));
    if needs_values && values.is_empty() {
        return Err(FilterError::InvalidValue {
            attribute: key_text,
        });
    }
    let (column, cast, is_custom) = match known {
        Some(f) => {
            let (column, cast) = keys::column_of(f);
            (column, cast, false)
        }
        None => {
            let def = raw
                .get("attribute_key")
                .and_then(Value::as_str)
                .and_then(|k| custom.get(k).map(|t| (k, t)));
            let Some((key, kind)) = def else {
                return Err(FilterError::InvalidAttribute {
                    key: key_text,
                    allowed: spec
                        .keys
                        .iter()
                        .map(|f| f.key)
                        .collect::<Vec<_>>()
                        .join(","),
                });
            };
            let cast = match kind.cast() {
                Cast::Text => Cast::LowerText,
                other => other,
            };
            (Column::Custom(key.to_string()), cast, true)
        }
    };
    // Upstream lets any operator through for custom attributes (unknown ones compare as
    // equality); here they must be one of the operators it knows.
    let Some(operator) = operator else {
        return Err(FilterError::InvalidOperator {
            attribute: key_text,
            allowed: allowed_operators(&Operator::ALL),
        });
    };
    let invalid = || FilterError::InvalidValue {
        attribute: key_text.clone(),
    };
    let ctx = values::Context {
        spec,
        column: &column,
        cast,
        today,
    };
    let predicate = values::predicate(&ctx, operator, &values).ok_or_else(invalid)?;
    Ok(Condition {
        or_null: is_custom && operator == Operator::NotEqualTo,
        column,
        cast,
        predicate,
    })
}

#[cfg(test)]
mod tests;
