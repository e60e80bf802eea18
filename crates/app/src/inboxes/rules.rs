//! The inbox model's rules (`Inbox` validations, the controller's CSAT handling) and small
//! helpers the channel rules share: Rails' `permit`, `blank?` and `to_i`.
//! Free text is capped so oversized input is a 422, never a database error.

use super::InboxParams;
use domain::enums::SenderNameType;
use domain::{validate, ValidationErrors};
use serde_json::{json, Map, Value};
use store::inboxes::Inbox;
use store::Json;

/// `Limits::GREETING_MESSAGE_MAX_LENGTH` / `OUT_OF_OFFICE_MESSAGE_MAX_LENGTH`.
pub(super) const MESSAGE_MAX: usize = 10_000;
/// `Limits::URL_LENGTH_LIMIT`.
pub(super) const URL_MAX: usize = 2048;
pub(super) const SHORT_MAX: usize = 255;

/// `TZInfo::Timezone.all_identifiers` (IANA zones and links).
pub fn is_timezone(name: &str) -> bool {
    include_str!("timezones.txt").lines().any(|l| l == name)
}

/// A Rails `permit`ted scalar: anything but an array or a hash.
pub(super) fn scalar(v: &Value) -> bool {
    !v.is_array() && !v.is_object()
}

/// Ruby's `to_i` of a JSON value (`"12abc"` is 12, anything unreadable 0).
pub(super) fn ruby_to_i(v: &Value) -> i64 {
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
pub(super) fn blank(v: &Value) -> bool {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
