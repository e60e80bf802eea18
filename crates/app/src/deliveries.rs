//! Deliveries to the outside world, one mechanism for three kinds of receiver (upstream's
//! `WebhookJob` types): account webhooks, an API inbox's `webhook_url`, an agent bot's
//! `outgoing_url`. Queued in the transaction of the change that caused them, sent by the job
//! worker (crates/jobs, `WebhookSender`), listed and re-sent by administrators.

use crate::{AppError, Result};
use domain::time::now;
use serde_json::{json, Value};
use store::jobs::{NewJob, DEFAULT_MAX_ATTEMPTS};
use store::webhook_deliveries::{self as deliveries, NewWebhookDelivery, WebhookDelivery};
use store::{Db, Tx};

pub use store::webhook_deliveries::Target;

/// Deliveries per page of the index.
pub const PER_PAGE: i64 = 25;

/// Attempts of a delivery to an API inbox or an agent bot. Upstream tries those once and, on a
/// failed message event, marks the message failed or hands the conversation to humans; a few
/// quick retries keep that fallback minutes away, not the day an account webhook may take.
pub const RECEIVER_MAX_ATTEMPTS: i32 = 4;

fn max_attempts(target: Target) -> i32 {
    match target {
        Target::Webhook(_) => DEFAULT_MAX_ATTEMPTS,
        Target::ApiInbox(_) | Target::AgentBot(_) => RECEIVER_MAX_ATTEMPTS,
    }
}

/// Queues `payload` (the body, `{"event": event_name, ...}`) for `target`. Runs in the caller's
/// transaction, so the change and its delivery commit together. The receiver's URL and secret
/// are read when it is sent. Deliveries to one receiver sharing `ordering_key` (e.g. one per
/// conversation) arrive in the order they were queued. Returns the delivery's id.
pub async fn enqueue(
    tx: &Tx,
    account_id: i64,
    target: Target,
    event_name: &str,
    payload: Value,
    ordering_key: Option<&str>,
) -> Result<i64> {
    let t = now();
    let new = NewWebhookDelivery {
        account_id,
        target,
        uuid: uuid::Uuid::new_v4().to_string(),
        event_name: event_name.to_string(),
        payload,
    };
    let id = deliveries::insert(tx, &new, t).await?;
    let key = ordering_key.map(|k| format!("{}:{k}", target.key()));
    queue_job(tx, id, key, max_attempts(target), t).await?;
    Ok(id)
}

/// `enqueue` to account webhook `webhook_id`.
pub async fn enqueue_webhook(
    tx: &Tx,
    account_id: i64,
    webhook_id: i64,
    event_name: &str,
    payload: Value,
    ordering_key: Option<&str>,
) -> Result<i64> {
    let target = Target::Webhook(webhook_id);
    enqueue(tx, account_id, target, event_name, payload, ordering_key).await
}

async fn queue_job(
    tx: &Tx,
    delivery_id: i64,
    ordering_key: Option<String>,
    max_attempts: i32,
    t: chrono::NaiveDateTime,
) -> Result<()> {
    let job = NewJob {
        queue: deliveries::JOB_QUEUE.to_string(),
        kind: deliveries::JOB_KIND.to_string(),
        payload: json!({ "delivery_id": delivery_id }),
        ordering_key,
        run_at: t,
        max_attempts,
    };
    let job_id = store::jobs::enqueue(tx, &job, t).await?;
    deliveries::set_job(tx, delivery_id, job_id, t).await?;
    Ok(())
}

/// The receiver must be the account's: a webhook of it, an API inbox of it, or a bot that
/// serves it (its own or a system bot).
async fn require_target(db: &Db, account_id: i64, target: Target) -> Result<()> {
    let found = match target {
        Target::Webhook(id) => store::webhooks::find(db, account_id, id).await?.is_some(),
        Target::ApiInbox(id) => store::inboxes::find(db, account_id, id)
            .await?
            .is_some_and(|i| i.channel_type.as_deref() == Some("Channel::Api")),
        Target::AgentBot(id) => store::agent_bots::find_accessible(db, account_id, id)
            .await?
            .is_some(),
    };
    if found {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// A page (1-based) of the receiver's deliveries for the account, newest first.
pub async fn list(
    db: &Db,
    account_id: i64,
    target: Target,
    page: i64,
) -> Result<Vec<WebhookDelivery>> {
    require_target(db, account_id, target).await?;
    let offset = (page.max(1) - 1).saturating_mul(PER_PAGE);
    Ok(deliveries::list(db, account_id, target, PER_PAGE, offset).await?)
}

/// Sends a finished delivery again, same body and same `X-Chatwoot-Delivery` (receivers that
/// dedupe by it see a redelivery, as GitHub's redeliveries do). A pending one is refused: it is
/// still being tried.
pub async fn resend(
    app: &crate::App,
    account_id: i64,
    target: Target,
    delivery_id: i64,
) -> Result<WebhookDelivery> {
    let db = &app.db;
    require_target(db, account_id, target).await?;
    let tx = db.begin().await?;
    let delivery = deliveries::find_for(&tx, account_id, target, delivery_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if delivery.status == deliveries::PENDING {
        return Err(AppError::Unprocessable(
            "Delivery is still pending".to_string(),
        ));
    }
    // Not ordered behind newer deliveries: a re-send is out of order by nature.
    queue_job(&tx, delivery.id, None, max_attempts(target), now()).await?;
    tx.commit().await?;
    app.wake_jobs.notify_one();
    deliveries::find(db, delivery_id)
        .await?
        .ok_or(AppError::NotFound)
}
