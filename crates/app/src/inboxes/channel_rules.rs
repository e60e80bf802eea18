//! The channel models' rules: `Channel::WebWidget` (defaults, pre-chat options, feature
//! flags) and `Channel::Api` (webhook URL, `agent_reply_time_window`).

use super::rules::{blank, ruby_to_i, scalar, MESSAGE_MAX, SHORT_MAX, URL_MAX};
use super::{ApiParams, WidgetParams};
use domain::enums::ReplyTime;
use domain::http_url::is_http_url;
use domain::{validate, ValidationErrors};
use serde_json::{json, Map, Value};
use store::channel_api::ApiChannel;
use store::channel_web_widgets::WebWidget;
use store::Json;

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
    fn feature_flags_read_by_bit() {
        assert_eq!(
            feature_flag_names(7),
            vec!["attachments", "emoji_picker", "end_conversation"]
        );
        assert_eq!(feature_flag_names(8), vec!["use_inbox_avatar_for_bot"]);
    }
}
