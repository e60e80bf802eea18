//! Applying request parameters to inbox, channel and working-hour rows, and the model
//! validations upstream runs on them (`Inbox`, `Channel::WebWidget`, `Channel::Api`,
//! `WorkingHour`), plus caps on free text so oversized input is a 422, never a database error.

use super::{ApiParams, InboxParams, WidgetParams, WorkingHourParams};
use domain::enums::{ReplyTime, SenderNameType};
use domain::{validate, ValidationErrors};
use serde_json::{json, Map, Value};
use store::channel_api::ApiChannel;
use store::channel_web_widgets::WebWidget;
use store::inboxes::Inbox;
use store::working_hours::WorkingHour;
use store::Json;

/// `Limits::GREETING_MESSAGE_MAX_LENGTH` / `OUT_OF_OFFICE_MESSAGE_MAX_LENGTH`.
const MESSAGE_MAX: usize = 10_000;
/// `Limits::URL_LENGTH_LIMIT`.
const URL_MAX: usize = 2048;
const SHORT_MAX: usize = 255;

/// `Channel::WebWidget`'s FlagShihTzu flags, bit by bit.
pub const FEATURE_FLAGS: [(&str, i32); 4] = [
    ("attachments", 1),
    ("emoji_picker", 2),
    ("end_conversation", 4),
    ("use_inbox_avatar_for_bot", 8),
];

/// `selected_feature_flags`: the names of the flags set in `flags`.
pub fn feature_flag_names(flags: i32) -> Vec<&'static str> {
    FEATURE_FLAGS
        .iter()
        .filter(|(_, bit)| flags & bit != 0)
        .map(|(name, _)| *name)
        .collect()
}

/// `TZInfo::Timezone.all_identifiers` (IANA zones and links).
pub fn is_timezone(name: &str) -> bool {
    include_str!("timezones.txt").lines().any(|l| l == name)
}

/// A Rails `permit`ted scalar: anything but an array or a hash.
fn scalar(v: &Value) -> bool {
    !v.is_array() && !v.is_object()
}

/// Ruby's `to_i` of a JSON value (`"12abc"` is 12, anything unreadable 0).
fn ruby_to_i(v: &Value) -> i64 {
    match v {
        Value::Number(n) => n
            .as_i64()
            .or_else(|| n.as_f64().map(|f| f as i64))
            .unwrap_or(0),
        Value::String(s) => {
            let t = s.trim_start();
            let end = t
                .char_indices()
                .find(|(i, c)| !(c.is_ascii_digit() || (*i == 0 && (*c == '-' || *c == '+'))))
                .map_or(t.len(), |(i, _)| i);
            t[..end].parse().unwrap_or(0)
        }
        _ => 0,
    }
}

/// Rails' `blank?` for a JSON value.
fn blank(v: &Value) -> bool {
    match v {
        Value::Null | Value::Bool(false) => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Keeps the permitted keys of `csat_config` (`display_type`, `message`,
/// `survey_rules{operator, values[]}`); `None` when it is not an object.
fn permit_csat(v: &Value) -> Option<Map<String, Value>> {
    let obj = v.as_object()?;
    let mut out = Map::new();
    for key in ["display_type", "message"] {
        if let Some(x) = obj.get(key).filter(|x| scalar(x)) {
            out.insert(key.into(), x.clone());
        }
    }
    if let Some(rules) = obj.get("survey_rules").and_then(Value::as_object) {
        let mut r = Map::new();
        if let Some(op) = rules.get("operator").filter(|x| scalar(x)) {
            r.insert("operator".into(), op.clone());
        }
        if let Some(values) = rules.get("values").and_then(Value::as_array) {
            r.insert(
                "values".into(),
                Value::Array(values.iter().filter(|x| scalar(x)).cloned().collect()),
            );
        }
        out.insert("survey_rules".into(), Value::Object(r));
    }
    Some(out)
}

/// The controller's `format_csat_config` (update only): every key present, with defaults.
fn format_csat(c: &Map<String, Value>) -> Value {
    let get = |k: &str| c.get(k).filter(|v| !v.is_null()).cloned();
    let rules = c.get("survey_rules").and_then(Value::as_object);
    let rule = |k: &str| {
        rules
            .and_then(|r| r.get(k))
            .filter(|v| !v.is_null())
            .cloned()
    };
    json!({
        "display_type": get("display_type").unwrap_or_else(|| json!("emoji")),
        "message": get("message").unwrap_or_else(|| json!("")),
        "survey_rules": {
            "operator": rule("operator").unwrap_or_else(|| json!("contains")),
            "values": rule("values").unwrap_or_else(|| json!([])),
        }
    })
}

/// Applies `p` to `inbox`; `update` selects the update action's CSAT handling.
pub(super) fn apply_inbox(
    inbox: &mut Inbox,
    p: &InboxParams,
    update: bool,
    errors: &mut ValidationErrors,
) {
    let set = |slot: &mut Option<bool>, v: Option<bool>| {
        if v.is_some() {
            *slot = v;
        }
    };
    if let Some(name) = &p.name {
        inbox.name = name.clone();
    }
    set(&mut inbox.greeting_enabled, p.greeting_enabled);
    set(&mut inbox.enable_email_collect, p.enable_email_collect);
    set(&mut inbox.csat_survey_enabled, p.csat_survey_enabled);
    set(&mut inbox.enable_auto_assignment, p.enable_auto_assignment);
    set(&mut inbox.working_hours_enabled, p.working_hours_enabled);
    set(
        &mut inbox.allow_messages_after_resolved,
        p.allow_messages_after_resolved,
    );
    if let Some(v) = p.lock_to_single_conversation {
        inbox.lock_to_single_conversation = v;
    }
    if let Some(v) = &p.greeting_message {
        inbox.greeting_message = v.clone();
    }
    if let Some(v) = &p.out_of_office_message {
        inbox.out_of_office_message = v.clone();
    }
    if let Some(v) = &p.business_name {
        inbox.business_name = v.clone();
    }
    if let Some(v) = &p.timezone {
        inbox.timezone = Some(v.clone());
    }
    if let Some(v) = p.portal_id {
        inbox.portal_id = v;
    }
    if let Some(v) = &p.sender_name_type {
        match SenderNameType::parse(v) {
            Some(t) => inbox.sender_name_type = t.as_i32(),
            None => errors.add("sender_name_type", "is not included in the list"),
        }
    }
    if let Some(v) = &p.csat_config {
        match permit_csat(v) {
            // Update skips a blank config; create stores what was permitted.
            Some(c) if update && c.is_empty() => {}
            Some(c) if update => inbox.csat_config = Some(Json(format_csat(&c))),
            Some(c) => inbox.csat_config = Some(Json(Value::Object(c))),
            None => errors.add("csat_config", "is invalid"),
        }
    }
    if let Some(v) = &p.auto_assignment_config {
        match v.as_object() {
            Some(obj) => {
                // Only `max_assignment_limit` is permitted (enterprise `ee_inbox_attributes`).
                let mut out = Map::new();
                if let Some(limit) = obj.get("max_assignment_limit").filter(|x| scalar(x)) {
                    if !blank(limit) && ruby_to_i(limit) <= 0 {
                        errors.add(
                            "auto_assignment_config",
                            "max_assignment_limit must be greater than 0",
                        );
                    } else if !blank(limit) {
                        out.insert("max_assignment_limit".into(), json!(ruby_to_i(limit)));
                    }
                }
                inbox.auto_assignment_config = Some(Json(Value::Object(out)));
            }
            None => errors.add("auto_assignment_config", "is invalid"),
        }
    }
}

pub(super) fn validate_inbox(errors: &mut ValidationErrors, inbox: &Inbox) {
    validate::presence(errors, "name", Some(&inbox.name));
    validate::max_length(errors, "name", Some(&inbox.name), SHORT_MAX);
    if !inbox.timezone.as_deref().is_some_and(is_timezone) {
        errors.add("timezone", "is not included in the list");
    }
    validate::max_length(
        errors,
        "out_of_office_message",
        inbox.out_of_office_message.as_deref(),
        MESSAGE_MAX,
    );
    validate::max_length(
        errors,
        "greeting_message",
        inbox.greeting_message.as_deref(),
        MESSAGE_MAX,
    );
    validate::max_length(
        errors,
        "business_name",
        inbox.business_name.as_deref(),
        SHORT_MAX,
    );
    let message = inbox
        .csat_config
        .as_ref()
        .and_then(|c| c.0.get("message"))
        .and_then(Value::as_str);
    if message.is_some_and(|m| m.chars().count() > MESSAGE_MAX) {
        errors.add("csat_config", "message is too long");
    }
}

/// A new widget with the column defaults and fresh tokens (`has_secure_token`).
pub(super) fn draft_widget(
    account_id: i64,
    website_token: String,
    hmac_token: String,
) -> WebWidget {
    let now = domain::time::now();
    WebWidget {
        id: 0,
        account_id: Some(account_id),
        website_url: None,
        website_token: Some(website_token),
        widget_color: Some("#1f93ff".into()),
        welcome_title: None,
        welcome_tagline: None,
        feature_flags: 7,
        reply_time: Some(0),
        hmac_token: Some(hmac_token),
        pre_chat_form_enabled: Some(false),
        pre_chat_form_options: Some(Json(json!({}))),
        hmac_mandatory: Some(false),
        continuity_via_email: true,
        allowed_domains: Some(String::new()),
        created_at: now,
        updated_at: now,
    }
}

/// The permitted shape of `pre_chat_form_options`; `None` when it is not an object.
fn permit_pre_chat(v: &Value) -> Option<Map<String, Value>> {
    const FIELD_KEYS: [&str; 10] = [
        "field_type",
        "label",
        "placeholder",
        "name",
        "enabled",
        "type",
        "required",
        "locale",
        "regex_pattern",
        "regex_cue",
    ];
    let obj = v.as_object()?;
    let mut out = Map::new();
    for key in ["pre_chat_message", "require_email"] {
        if let Some(x) = obj.get(key).filter(|x| scalar(x)) {
            out.insert(key.into(), x.clone());
        }
    }
    if let Some(fields) = obj.get("pre_chat_fields").and_then(Value::as_array) {
        let fields = fields
            .iter()
            .filter_map(Value::as_object)
            .map(|f| {
                let mut field: Map<String, Value> = FIELD_KEYS
                    .iter()
                    .filter_map(|k| {
                        f.get(*k)
                            .filter(|x| scalar(x))
                            .map(|x| (k.to_string(), x.clone()))
                    })
                    .collect();
                if let Some(values) = f.get("values").and_then(Value::as_array) {
                    field.insert(
                        "values".into(),
                        Value::Array(values.iter().filter(|x| scalar(x)).cloned().collect()),
                    );
                }
                Value::Object(field)
            })
            .collect();
        out.insert("pre_chat_fields".into(), Value::Array(fields));
    }
    Some(out)
}

/// `validate_pre_chat_options`: without fields, the options reset to upstream's defaults.
fn default_pre_chat(w: &mut WebWidget) {
    let has_fields = w
        .pre_chat_form_options
        .as_ref()
        .and_then(|o| o.0.get("pre_chat_fields"))
        .is_some_and(|f| !blank(f));
    if has_fields {
        return;
    }
    let field = |label: &str, name: &str, kind: &str, required: bool| json!({"field_type": "standard", "label": label, "name": name, "type": kind, "required": required, "enabled": false});
    w.pre_chat_form_options = Some(Json(json!({
        "pre_chat_message": "Share your queries or comments here.",
        "pre_chat_fields": [
            field("Email Id", "emailAddress", "email", true),
            field("Full name", "fullName", "text", false),
            field("Phone number", "phoneNumber", "text", false),
        ]
    })));
}

pub(super) fn apply_widget(w: &mut WebWidget, p: &WidgetParams, errors: &mut ValidationErrors) {
    for (slot, v) in [
        (&mut w.website_url, &p.website_url),
        (&mut w.widget_color, &p.widget_color),
        (&mut w.welcome_title, &p.welcome_title),
        (&mut w.welcome_tagline, &p.welcome_tagline),
        (&mut w.allowed_domains, &p.allowed_domains),
    ] {
        if let Some(v) = v {
            *slot = v.clone();
        }
    }
    if p.pre_chat_form_enabled.is_some() {
        w.pre_chat_form_enabled = p.pre_chat_form_enabled;
    }
    if p.hmac_mandatory.is_some() {
        w.hmac_mandatory = p.hmac_mandatory;
    }
    if let Some(v) = p.continuity_via_email {
        w.continuity_via_email = v;
    }
    if let Some(v) = &p.reply_time {
        match ReplyTime::parse(v) {
            Some(t) => w.reply_time = Some(t.as_i32()),
            None => errors.add("reply_time", "is not included in the list"),
        }
    }
    if let Some(v) = &p.pre_chat_form_options {
        match permit_pre_chat(v) {
            Some(o) => w.pre_chat_form_options = Some(Json(Value::Object(o))),
            None => errors.add("pre_chat_form_options", "is invalid"),
        }
    }
    if let Some(names) = &p.selected_feature_flags {
        // FlagShihTzu's `selected_feature_flags=`: exactly these flags; blank names are skipped.
        let mut flags = 0;
        for name in names.iter().filter(|n| !n.trim().is_empty()) {
            match FEATURE_FLAGS.iter().find(|(n, _)| n == name) {
                Some((_, bit)) => flags |= bit,
                None => errors.add("selected_feature_flags", "is not included in the list"),
            }
        }
        w.feature_flags = flags;
    }
    default_pre_chat(w);
}

pub(super) fn validate_widget(errors: &mut ValidationErrors, w: &WebWidget) {
    validate::presence(errors, "website_url", w.website_url.as_deref());
    validate::presence(errors, "widget_color", w.widget_color.as_deref());
    validate::max_length(errors, "website_url", w.website_url.as_deref(), URL_MAX);
    validate::max_length(errors, "widget_color", w.widget_color.as_deref(), SHORT_MAX);
    validate::max_length(
        errors,
        "welcome_title",
        w.welcome_title.as_deref(),
        SHORT_MAX,
    );
    validate::max_length(
        errors,
        "welcome_tagline",
        w.welcome_tagline.as_deref(),
        SHORT_MAX,
    );
    validate::max_length(
        errors,
        "allowed_domains",
        w.allowed_domains.as_deref(),
        MESSAGE_MAX,
    );
}

/// A new API channel with fresh tokens and the secret that will sign its webhook deliveries.
pub(super) fn draft_api(
    account_id: i64,
    identifier: String,
    hmac_token: String,
    secret: String,
) -> ApiChannel {
    let now = domain::time::now();
    ApiChannel {
        id: 0,
        account_id,
        webhook_url: None,
        identifier: Some(identifier),
        hmac_token: Some(hmac_token),
        hmac_mandatory: Some(false),
        additional_attributes: Some(Json(json!({}))),
        secret: Some(secret),
        created_at: now,
        updated_at: now,
    }
}

pub(super) fn apply_api(c: &mut ApiChannel, p: &ApiParams, errors: &mut ValidationErrors) {
    if let Some(v) = &p.webhook_url {
        c.webhook_url = v.clone();
    }
    if p.hmac_mandatory.is_some() {
        c.hmac_mandatory = p.hmac_mandatory;
    }
    if let Some(v) = &p.additional_attributes {
        match v {
            Value::Object(_) => c.additional_attributes = Some(Json(v.clone())),
            _ => errors.add("additional_attributes", "is invalid"),
        }
    }
}

/// An absolute http(s) URL with a host: Switchboard posts to it, so it must be one.
/// (Upstream stores any text; the dashboard's form checks the format.)
pub(crate) fn is_http_url(s: &str) -> bool {
    let lower = s.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_port.starts_with('[') {
        host_port
            .split(']')
            .next()
            .map(|h| h.trim_start_matches('['))
            .unwrap_or("")
    } else {
        host_port.split(':').next().unwrap_or("")
    };
    !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | ':'))
        && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

pub(super) fn validate_api(errors: &mut ValidationErrors, c: &ApiChannel) {
    if let Some(url) = c.webhook_url.as_deref().filter(|u| !u.trim().is_empty()) {
        if url.chars().count() > URL_MAX {
            validate::max_length(errors, "webhook_url", Some(url), URL_MAX);
        } else if !is_http_url(url) {
            errors.add("webhook_url", "is invalid");
        }
    }
    // `ensure_valid_agent_reply_time_window`.
    let window = c
        .additional_attributes
        .as_ref()
        .and_then(|a| a.0.get("agent_reply_time_window"));
    if window.is_some_and(|w| !blank(w) && ruby_to_i(w) <= 0) {
        errors.add(
            "agent_reply_time_window",
            "agent_reply_time_window must be greater than 0",
        );
    }
}

/// `create_default_working_hours`: closed on weekends, 09:00–17:00 on weekdays.
pub(super) fn default_week(inbox_id: i64, account_id: i64) -> Vec<WorkingHour> {
    (0..7)
        .map(|day| {
            let weekend = day == 0 || day == 6;
            let hour = |h: i32| (!weekend).then_some(h);
            WorkingHour {
                id: 0,
                inbox_id: Some(inbox_id),
                account_id: Some(account_id),
                day_of_week: day,
                closed_all_day: Some(weekend),
                open_hour: hour(9),
                open_minutes: hour(0),
                close_hour: hour(17),
                close_minutes: hour(0),
                open_all_day: Some(false),
            }
        })
        .collect()
}

/// `update_working_hours`: each entry updates the row of its `day_of_week`, then the row is
/// validated as `WorkingHour` does. (Upstream's `update` skips an invalid row silently and
/// fails on an unknown day; here either is a 422.)
pub(super) fn apply_working_hours(
    week: &mut [WorkingHour],
    hours: &[WorkingHourParams],
    errors: &mut ValidationErrors,
) {
    for p in hours {
        let Some(row) = p
            .day_of_week
            .and_then(|d| week.iter_mut().find(|w| i64::from(w.day_of_week) == d))
        else {
            errors.add("day_of_week", "is not included in the list");
            continue;
        };
        if p.closed_all_day.is_some() {
            row.closed_all_day = p.closed_all_day;
        }
        if p.open_all_day.is_some() {
            row.open_all_day = p.open_all_day;
        }
        for (attr, slot, v) in [
            ("open_hour", &mut row.open_hour, p.open_hour),
            ("open_minutes", &mut row.open_minutes, p.open_minutes),
            ("close_hour", &mut row.close_hour, p.close_hour),
            ("close_minutes", &mut row.close_minutes, p.close_minutes),
        ] {
            match v {
                None => {}
                Some(None) => *slot = None,
                Some(Some(n)) => match i32::try_from(n) {
                    Ok(n) => *slot = Some(n),
                    Err(_) => errors.add(attr, "is not included in the list"),
                },
            }
        }
        validate_working_hour(errors, row);
    }
}

fn validate_working_hour(errors: &mut ValidationErrors, w: &mut WorkingHour) {
    // `ensure_open_all_day_hours`.
    if w.open_all_day == Some(true) {
        (w.open_hour, w.open_minutes, w.close_hour, w.close_minutes) =
            (Some(0), Some(0), Some(23), Some(59));
    }
    if w.open_all_day == Some(true) && w.closed_all_day == Some(true) {
        errors.add(
            "base",
            "open_all_day and closed_all_day cannot be true at the same time",
        );
    }
    if w.closed_all_day == Some(true) {
        return;
    }
    let fields = [
        ("open_hour", w.open_hour, 23),
        ("open_minutes", w.open_minutes, 59),
        ("close_hour", w.close_hour, 23),
        ("close_minutes", w.close_minutes, 59),
    ];
    let mut all_valid = true;
    for (attr, value, max) in fields {
        if value.is_none() {
            errors.add(attr, "can't be blank");
        }
        if !value.is_some_and(|v| (0..=max).contains(&v)) {
            errors.add(attr, "is not included in the list");
            all_valid = false;
        }
    }
    if all_valid {
        let minutes = |h: Option<i32>, m: Option<i32>| h.unwrap_or(0) * 60 + m.unwrap_or(0);
        if minutes(w.open_hour, w.open_minutes) >= minutes(w.close_hour, w.close_minutes) {
            errors.add("close_hour", "Closing time cannot be before opening time");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_need_a_scheme_and_a_host() {
        assert!(is_http_url("https://example.com/hook?x=1"));
        assert!(is_http_url("http://user:pw@localhost:8080/a"));
        assert!(is_http_url("http://[::1]:3000"));
        assert!(!is_http_url("webhook.test"));
        assert!(!is_http_url("ftp://example.com"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("https://exa mple.com"));
    }

    #[test]
    fn ruby_to_i_reads_leading_digits() {
        assert_eq!(ruby_to_i(&json!("12abc")), 12);
        assert_eq!(ruby_to_i(&json!("abc")), 0);
        assert_eq!(ruby_to_i(&json!(-3)), -3);
        assert_eq!(ruby_to_i(&json!(2.7)), 2);
    }

    #[test]
    fn timezones_are_iana_identifiers() {
        assert!(is_timezone("UTC"));
        assert!(is_timezone("America/New_York"));
        assert!(!is_timezone("Mars/Olympus"));
    }

    #[test]
    fn feature_flags_read_by_bit() {
        assert_eq!(
            feature_flag_names(7),
            vec!["attachments", "emoji_picker", "end_conversation"]
        );
        assert_eq!(feature_flag_names(8), vec!["use_inbox_avatar_for_bot"]);
    }
}
