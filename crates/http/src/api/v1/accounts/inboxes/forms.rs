//! The request bodies of the inbox endpoints, typed as Rails casts them (the dashboard sends
//! inbox updates as multipart forms, so every scalar may arrive as a string), and turned into
//! the app's parameter structs. Unknown keys are ignored, as `permit` drops them.

use crate::error::{ApiError, ApiResult};
use crate::extract::params::parse_map;
use crate::extract::Params;
use crate::forms;
use app::inboxes::{ApiParams, ChannelParams, InboxParams, WidgetParams, WorkingHourParams};
use domain::enums::ChannelKind;
use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

/// A nullable text field: absent -> `None`, null -> `Some(None)`.
fn nullable_string<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<String>>, D::Error> {
    forms::string_like(d).map(Some)
}

/// A nullable integer field: absent -> `None`, null or "" -> `Some(None)`.
fn nullable_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    forms::int_like(d).map(Some)
}

/// `key: []`: a list of scalars, each read as text; null is dropped as `permit` drops it.
fn string_list<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<String>>, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Null => Ok(None),
        Value::Array(items) => items
            .into_iter()
            .map(|v| match v {
                Value::String(s) => Ok(s),
                Value::Number(n) => Ok(n.to_string()),
                Value::Bool(b) => Ok(b.to_string()),
                Value::Null => Ok(String::new()),
                other => Err(D::Error::custom(format!(
                    "expected a list of strings, got `{other}`"
                ))),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Some),
        other => Err(D::Error::custom(format!("expected a list, got `{other}`"))),
    }
}

#[derive(Deserialize)]
struct InboxForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    name: Option<String>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    greeting_enabled: Option<bool>,
    #[serde(default, deserialize_with = "nullable_string")]
    greeting_message: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    enable_email_collect: Option<bool>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    csat_survey_enabled: Option<bool>,
    #[serde(default)]
    csat_config: Option<Value>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    enable_auto_assignment: Option<bool>,
    #[serde(default)]
    auto_assignment_config: Option<Value>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    working_hours_enabled: Option<bool>,
    #[serde(default, deserialize_with = "nullable_string")]
    out_of_office_message: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    timezone: Option<String>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    allow_messages_after_resolved: Option<bool>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    lock_to_single_conversation: Option<bool>,
    #[serde(default, deserialize_with = "nullable_int")]
    portal_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    sender_name_type: Option<String>,
    #[serde(default, deserialize_with = "nullable_string")]
    business_name: Option<Option<String>>,
}

#[derive(Deserialize)]
struct WidgetForm {
    #[serde(default, deserialize_with = "nullable_string")]
    website_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_string")]
    widget_color: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_string")]
    welcome_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "nullable_string")]
    welcome_tagline: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    reply_time: Option<String>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    pre_chat_form_enabled: Option<bool>,
    #[serde(default)]
    pre_chat_form_options: Option<Value>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    continuity_via_email: Option<bool>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    hmac_mandatory: Option<bool>,
    #[serde(default, deserialize_with = "nullable_string")]
    allowed_domains: Option<Option<String>>,
    #[serde(default, deserialize_with = "string_list")]
    selected_feature_flags: Option<Vec<String>>,
}

#[derive(Deserialize)]
struct ApiForm {
    #[serde(default, deserialize_with = "nullable_string")]
    webhook_url: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    hmac_mandatory: Option<bool>,
    #[serde(default)]
    additional_attributes: Option<Value>,
}

#[derive(Deserialize)]
struct WorkingHourForm {
    #[serde(default, deserialize_with = "forms::int_like")]
    day_of_week: Option<i64>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    closed_all_day: Option<bool>,
    #[serde(default, deserialize_with = "nullable_int")]
    open_hour: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable_int")]
    open_minutes: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable_int")]
    close_hour: Option<Option<i64>>,
    #[serde(default, deserialize_with = "nullable_int")]
    close_minutes: Option<Option<i64>>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    open_all_day: Option<bool>,
}

/// The body's parameters: top-level keys, filled in from an `inbox` wrapper when one is sent.
/// Top-level `"null"` strings are nil (the controller's workaround for FormData nulls).
pub fn flat(params: &Params) -> Map<String, Value> {
    let mut map = params.0.clone();
    if let Some(Value::Object(inner)) = map.remove("inbox") {
        for (k, v) in inner {
            map.entry(k).or_insert(v);
        }
    }
    for v in map.values_mut() {
        if v.as_str() == Some("null") {
            *v = Value::Null;
        }
    }
    map
}

pub fn inbox(map: &Map<String, Value>) -> ApiResult<InboxParams> {
    let f: InboxForm = parse_map(map.clone())?;
    Ok(InboxParams {
        name: f.name,
        greeting_enabled: f.greeting_enabled,
        greeting_message: f.greeting_message,
        enable_email_collect: f.enable_email_collect,
        csat_survey_enabled: f.csat_survey_enabled,
        csat_config: f.csat_config,
        enable_auto_assignment: f.enable_auto_assignment,
        auto_assignment_config: f.auto_assignment_config,
        working_hours_enabled: f.working_hours_enabled,
        out_of_office_message: f.out_of_office_message,
        timezone: f.timezone,
        allow_messages_after_resolved: f.allow_messages_after_resolved,
        lock_to_single_conversation: f.lock_to_single_conversation,
        portal_id: f.portal_id,
        sender_name_type: f.sender_name_type,
        business_name: f.business_name,
    })
}

/// The `channel` hash as an object: `None` when absent, a 422 when it is not a hash.
pub fn channel_map(map: &Map<String, Value>) -> ApiResult<Option<Map<String, Value>>> {
    match map.get("channel") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Object(c)) => {
            // The dashboard's FormData sends JavaScript's null and undefined as text, e.g.
            // `channel[webhook_url]=null` for an API inbox without a webhook; they mean none.
            let mut c = c.clone();
            for v in c.values_mut() {
                if matches!(v.as_str(), Some("null" | "undefined")) {
                    *v = Value::Null;
                }
            }
            Ok(Some(c))
        }
        Some(_) => Err(ApiError::param_missing("channel")),
    }
}

/// The channel attributes `kind` accepts (`EDITABLE_ATTRS`).
pub fn channel(kind: ChannelKind, c: Map<String, Value>) -> ApiResult<ChannelParams> {
    Ok(match kind {
        ChannelKind::WebWidget => {
            let f: WidgetForm = parse_map(c)?;
            ChannelParams::WebWidget(WidgetParams {
                website_url: f.website_url,
                widget_color: f.widget_color,
                welcome_title: f.welcome_title,
                welcome_tagline: f.welcome_tagline,
                reply_time: f.reply_time,
                pre_chat_form_enabled: f.pre_chat_form_enabled,
                pre_chat_form_options: f.pre_chat_form_options,
                continuity_via_email: f.continuity_via_email,
                hmac_mandatory: f.hmac_mandatory,
                allowed_domains: f.allowed_domains,
                selected_feature_flags: f.selected_feature_flags,
            })
        }
        ChannelKind::Api => {
            let f: ApiForm = parse_map(c)?;
            ChannelParams::Api(ApiParams {
                webhook_url: f.webhook_url,
                hmac_mandatory: f.hmac_mandatory,
                additional_attributes: f.additional_attributes,
            })
        }
    })
}

/// `params[:working_hours]`: a list of day entries, when given.
pub fn working_hours(map: &Map<String, Value>) -> ApiResult<Option<Vec<WorkingHourParams>>> {
    let Some(value) = map.get("working_hours").filter(|v| !v.is_null()) else {
        return Ok(None);
    };
    let forms: Vec<WorkingHourForm> = serde_json::from_value(value.clone())
        .map_err(|e| ApiError::unprocessable(format!("Invalid parameters: working_hours: {e}")))?;
    Ok(Some(
        forms
            .into_iter()
            .map(|f| WorkingHourParams {
                day_of_week: f.day_of_week,
                closed_all_day: f.closed_all_day,
                open_hour: f.open_hour,
                open_minutes: f.open_minutes,
                close_hour: f.close_hour,
                close_minutes: f.close_minutes,
                open_all_day: f.open_all_day,
            })
            .collect(),
    ))
}
