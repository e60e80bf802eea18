//! What a delivery that failed for good does (upstream `Webhooks::Trigger#handle_error`,
//! lib/webhooks/trigger.rb), for message events only: to an API inbox, the message is marked
//! failed with the error (`Messages::StatusUpdateService`); to an agent bot, a conversation
//! still pending for the bot is opened for humans with an activity message. Each runs in a
//! transaction of its own and emits its events like any other change.

use crate::conversations::activity;
use crate::conversations::events::{events, messages_created, reference};
use crate::events::{commit, Event, EventKind};
use crate::{App, Result};
use domain::enums::ConversationStatus;
use domain::messages::MessageStatus;
use serde_json::{json, Map, Value};
use store::webhook_deliveries::{Target, WebhookDelivery};

/// `conversations.activity.agent_bot.error_moved_to_open` (config/locales/en.yml).
pub const BOT_ERROR_MOVED_TO_OPEN: &str =
    "Conversation was marked open by system due to an error with the agent bot.";

/// `SUPPORTED_ERROR_HANDLE_EVENTS`, and the message the body is about (`payload[:id]`).
fn message_id(d: &WebhookDelivery) -> Option<i64> {
    if !matches!(d.event_name.as_str(), "message_created" | "message_updated") {
        return None;
    }
    d.payload.0.get("id").and_then(Value::as_i64)
}

pub async fn handle(app: &App, d: &WebhookDelivery, error: &str) -> Result<()> {
    let Some(message_id) = message_id(d) else {
        return Ok(());
    };
    match d.target() {
        Some(Target::ApiInbox(_)) => mark_failed(app, d.account_id, message_id, error).await,
        Some(Target::AgentBot(_)) => open_for_humans(app, d.account_id, message_id).await,
        _ => Ok(()),
    }
}

async fn mark_failed(app: &App, account_id: i64, message_id: i64, error: &str) -> Result<()> {
    let tx = app.db.begin().await?;
    let Some(m) = store::conversation_reads::messages_by_ids(&tx, &[message_id])
        .await?
        .into_iter()
        .next()
        .filter(|m| m.account_id == account_id)
    else {
        return Ok(());
    };
    let Some(c) = store::conversations::find(&tx, m.conversation_id).await? else {
        return Ok(());
    };
    let mut attrs = match m.content_attributes.as_ref().map(|j| &j.0) {
        Some(Value::Object(o)) => o.clone(),
        _ => Map::new(),
    };
    attrs.insert("external_error".into(), json!(error));
    let now = domain::time::now();
    let failed = MessageStatus::Failed.as_i32();
    let updated =
        store::messages::update_status(&tx, m.id, failed, &Value::Object(attrs), now).await?;
    store::message_conversations::touch(&tx, c.id, now).await?;
    let changes = crate::messages::changes(&m, &updated);
    // Already failed with this error: upstream's `update!` changes nothing and fires nothing.
    if changes.is_empty() {
        return Ok(());
    }
    let event = Event::new(
        account_id,
        None,
        EventKind::MessageUpdated {
            message_id: m.id,
            conversation: reference(&c),
            changes,
        },
    );
    commit(app, tx, vec![event]).await
}

async fn open_for_humans(app: &App, account_id: i64, message_id: i64) -> Result<()> {
    let tx = app.db.begin().await?;
    let Some(m) = store::conversation_reads::messages_by_ids(&tx, &[message_id])
        .await?
        .into_iter()
        .next()
        .filter(|m| m.account_id == account_id)
    else {
        return Ok(());
    };
    let Some(before) = store::conversations::find(&tx, m.conversation_id).await? else {
        return Ok(());
    };
    if before.status != ConversationStatus::Pending.as_i32() {
        return Ok(());
    }
    let mut c = before.clone();
    c.status = ConversationStatus::Open.as_i32();
    c.snoozed_until = None;
    c.updated_at = domain::time::now();
    let c = store::conversations::save(&tx, &c).await?;
    let note = activity::write(&tx, &c, BOT_ERROR_MOVED_TO_OPEN.to_string()).await?;
    let mut out = events(None, &before, &c, None);
    out.extend(messages_created(&c, None, &[note]));
    commit(app, tx, out).await
}

/// The job worker's hook: failures are logged, never retried (the delivery is already final).
pub struct Failures(pub App);

impl jobs::webhook::OnFailure for Failures {
    fn failed<'a>(&'a self, d: &'a WebhookDelivery, error: &'a str) -> jobs::BoxFuture<'a, ()> {
        Box::pin(async move {
            if let Err(e) = handle(&self.0, d, error).await {
                tracing::warn!(delivery = d.id, error = %e, "handling a failed delivery failed");
            }
        })
    }
}

/// The worker that sends deliveries, as the server runs it: woken by commits that queued one,
/// with upstream's failure handling. `timeout` bounds each attempt (`WEBHOOK_TIMEOUT`).
pub fn worker(app: &App, config: jobs::WorkerConfig, timeout: std::time::Duration) -> jobs::Worker {
    let sender = jobs::webhook::WebhookSender::new(app.db.clone(), timeout)
        .on_failure(Failures(app.clone()));
    jobs::Worker::new(app.db.clone(), config)
        .wake_with(app.wake_jobs.clone())
        .handle(jobs::webhook::KIND, sender)
}
