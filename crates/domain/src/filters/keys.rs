//! `lib/filters/filter_keys.yml`, transcribed: the standard attributes each entity can be
//! filtered on, and the operators each allows.

use super::{AttributeType, Cast, Column, DataType, FilterKey, Operator};
use AttributeType::{AdditionalAttributes as Additional, Standard};
use Operator::*;

const EQ: &[Operator] = &[EqualTo, NotEqualTo];
const EQ_PRESENT: &[Operator] = &[EqualTo, NotEqualTo, IsPresent, IsNotPresent];
const EQ_CONTAINS: &[Operator] = &[EqualTo, NotEqualTo, Contains, DoesNotContain];
const PHONE: &[Operator] = &[EqualTo, NotEqualTo, Contains, DoesNotContain, StartsWith];
const DATES: &[Operator] = &[IsGreaterThan, IsLessThan, DaysBefore];

const fn key(
    key: &'static str,
    attribute_type: AttributeType,
    data_type: DataType,
    operators: &'static [Operator],
) -> FilterKey {
    FilterKey {
        key,
        attribute_type,
        data_type,
        operators,
    }
}

pub const CONTACT_KEYS: &[FilterKey] = &[
    key("name", Standard, DataType::TextCaseInsensitive, EQ_CONTAINS),
    key("phone_number", Standard, DataType::Text, PHONE),
    key(
        "email",
        Standard,
        DataType::TextCaseInsensitive,
        EQ_CONTAINS,
    ),
    key("identifier", Standard, DataType::TextCaseInsensitive, EQ),
    key(
        "country_code",
        Additional,
        DataType::TextCaseInsensitive,
        EQ,
    ),
    key(
        "city",
        Additional,
        DataType::TextCaseInsensitive,
        EQ_CONTAINS,
    ),
    key(
        "company",
        Additional,
        DataType::TextCaseInsensitive,
        EQ_CONTAINS,
    ),
    key("labels", Standard, DataType::Labels, EQ_PRESENT),
    key("created_at", Standard, DataType::Date, DATES),
    key("last_activity_at", Standard, DataType::Date, DATES),
    key("blocked", Standard, DataType::Boolean, EQ),
];

/// The conversation keys, for the conversations filter (which also maps `status` and
/// `priority` names to their integers before comparing).
pub const CONVERSATION_KEYS: &[FilterKey] = &[
    key("status", Standard, DataType::Text, EQ),
    key("assignee_id", Standard, DataType::Text, EQ_PRESENT),
    key("inbox_id", Standard, DataType::Text, EQ_PRESENT),
    key("team_id", Standard, DataType::Number, EQ_PRESENT),
    key("priority", Standard, DataType::Text, EQ),
    key("display_id", Standard, DataType::Number, EQ_CONTAINS),
    key("campaign_id", Standard, DataType::Number, EQ_PRESENT),
    key("labels", Standard, DataType::Labels, EQ_PRESENT),
    key("browser_language", Additional, DataType::Text, EQ),
    key("conversation_language", Additional, DataType::Text, EQ),
    key("country_code", Additional, DataType::Text, EQ),
    key("referer", Additional, DataType::Link, EQ_CONTAINS),
    key("created_at", Standard, DataType::Date, DATES),
    key("last_activity_at", Standard, DataType::Date, DATES),
    key("mail_subject", Additional, DataType::Text, EQ_CONTAINS),
];

/// Where a known key's value lives and how it compares (`build_condition_query_string`).
pub(super) fn column_of(f: &FilterKey) -> (Column, Cast) {
    let cast = match f.data_type {
        DataType::TextCaseInsensitive => Cast::LowerText,
        DataType::Text | DataType::Link | DataType::Labels => Cast::Text,
        DataType::Number => Cast::Number,
        DataType::Boolean => Cast::Boolean,
        DataType::Date => Cast::Date,
    };
    let column = match (f.attribute_type, f.data_type) {
        (_, DataType::Labels) => Column::Labels,
        (Standard, _) => Column::Standard(f.key),
        (Additional, _) => Column::Additional(f.key),
    };
    (column, cast)
}
