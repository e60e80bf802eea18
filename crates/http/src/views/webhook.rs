//! `api/v1/accounts/webhooks/_webhook.json.jbuilder`.

use serde::Serialize;
use serde_json::Value;
use store::webhooks::Webhook;

#[derive(Serialize)]
pub struct WebhookInbox {
    pub id: i64,
    pub name: Option<String>,
}

#[derive(Serialize)]
pub struct WebhookView {
    pub id: i64,
    pub name: Option<String>,
    pub url: Option<String>,
    pub account_id: i64,
    pub subscriptions: Value,
    /// Present only when the webhook is tied to an inbox.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox: Option<WebhookInbox>,
    /// Switchboard: the key that signs this webhook's deliveries. Every webhook endpoint is
    /// administrator-only, so it is always shown.
    pub secret: Option<String>,
}

impl WebhookView {
    pub fn new(w: &Webhook) -> Self {
        WebhookView {
            id: w.id,
            name: w.name.clone(),
            url: w.url.clone(),
            account_id: w.account_id,
            subscriptions: w
                .subscriptions
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or(Value::Null),
            inbox: w.inbox_id.map(|id| WebhookInbox {
                id,
                name: w.inbox_name.clone(),
            }),
            secret: w.secret.clone(),
        }
    }
}
