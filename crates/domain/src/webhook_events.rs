//! The events an account webhook may subscribe to (`Webhook::ALLOWED_WEBHOOK_EVENTS`,
//! app/models/webhook.rb) and the rules for a webhook's fields.

use crate::ValidationErrors;
use serde_json::Value;

/// Every event a webhook may name, in upstream's order.
pub const ALLOWED_WEBHOOK_EVENTS: [&str; 12] = [
    "conversation_status_changed",
    "conversation_updated",
    "conversation_created",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
    "inbox_created",
    "inbox_updated",
    "conversation_typing_on",
    "conversation_typing_off",
];

/// The `webhooks.subscriptions` column default: the first eight events (no typing, no inbox).
pub const DEFAULT_SUBSCRIPTIONS: [&str; 8] = [
    "conversation_status_changed",
    "conversation_updated",
    "conversation_created",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
];

/// `I18n.t('errors.webhook.invalid')`, added to `subscriptions`.
pub const INVALID_EVENTS: &str = "Invalid events";

/// Longest URL Chatwoot accepts anywhere (`Limits::URL_LENGTH_LIMIT`).
pub const URL_LENGTH_LIMIT: usize = 2048;

/// `webhooks.webhook_type`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookType {
    AccountType = 0,
    InboxType = 1,
}

impl WebhookType {
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// Switchboard: a webhook tied to an inbox is an inbox webhook. Upstream never sets the
    /// column (the controller does not permit it), so every webhook there is `account_type`.
    pub fn for_inbox(inbox_id: Option<i64>) -> Self {
        if inbox_id.is_some() {
            WebhookType::InboxType
        } else {
            WebhookType::AccountType
        }
    }
}

/// `validate_webhook_subscriptions`: an array, not empty, naming only allowed events.
/// Returns the events with duplicates dropped (upstream checks `uniq` and keeps the rest;
/// dropping them keeps a stored list at most twelve long).
pub fn subscriptions(errors: &mut ValidationErrors, value: &Value) -> Vec<String> {
    let Value::Array(items) = value else {
        errors.add("subscriptions", INVALID_EVENTS);
        return Vec::new();
    };
    let mut events: Vec<String> = Vec::new();
    for item in items {
        match item.as_str() {
            Some(e) if ALLOWED_WEBHOOK_EVENTS.contains(&e) => {
                if !events.iter().any(|x| x == e) {
                    events.push(e.to_string());
                }
            }
            _ => {
                errors.add("subscriptions", INVALID_EVENTS);
                return Vec::new();
            }
        }
    }
    if events.is_empty() {
        errors.add("subscriptions", INVALID_EVENTS);
    }
    events
}

/// The default subscriptions as JSON strings.
pub fn default_subscriptions() -> Vec<String> {
    DEFAULT_SUBSCRIPTIONS
        .iter()
        .map(|e| e.to_string())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn check(v: Value) -> (Vec<String>, String) {
        let mut e = ValidationErrors::new();
        let out = subscriptions(&mut e, &v);
        (out, e.full_message())
    }

    #[test]
    fn allowed_events_pass_and_duplicates_collapse() {
        let (events, msg) = check(json!([
            "message_created",
            "inbox_created",
            "message_created"
        ]));
        assert_eq!(events, vec!["message_created", "inbox_created"]);
        assert_eq!(msg, "");
    }

    #[test]
    fn unknown_empty_or_non_array_subscriptions_are_invalid_events() {
        for v in [
            json!(["message_deleted"]),
            json!([]),
            json!("message_created"),
            json!([1]),
            json!(null),
        ] {
            assert_eq!(check(v).1, "Subscriptions Invalid events");
        }
    }

    #[test]
    fn defaults_are_a_subset_of_the_allowed_events() {
        assert!(DEFAULT_SUBSCRIPTIONS
            .iter()
            .all(|e| ALLOWED_WEBHOOK_EVENTS.contains(e)));
        assert_eq!(WebhookType::for_inbox(Some(1)).as_i32(), 1);
    }
}
