//! Webhook deliveries: queued in the transaction of the change that caused them, sent by the
//! job worker (crates/jobs, `WebhookSender`), listed and re-sent by administrators.

use crate::{AppError, Result};
use domain::time::now;
use serde_json::{json, Value};
use store::jobs::{NewJob, DEFAULT_MAX_ATTEMPTS};
use store::webhook_deliveries::{self as deliveries, NewWebhookDelivery, WebhookDelivery};
use store::{Db, Tx};

/// Deliveries per page of the index.
pub const PER_PAGE: i64 = 25;

/// Queues `payload` (the webhook body, `{"event": event_name, ...}`) for webhook `webhook_id`.
/// Runs in the caller's transaction, so the change and its delivery commit together. The
/// webhook's URL and secret are read when it is sent. Jobs sharing `ordering_key` (e.g. one per
/// conversation) are delivered in the order they were queued. Returns the delivery's id.
pub async fn enqueue_webhook(
    tx: &Tx,
    account_id: i64,
    webhook_id: i64,
    event_name: &str,
    payload: Value,
    ordering_key: Option<&str>,
) -> Result<i64> {
    let t = now();
    let new = NewWebhookDelivery {
        account_id,
        webhook_id,
        uuid: uuid::Uuid::new_v4().to_string(),
        event_name: event_name.to_string(),
        payload,
    };
    let id = deliveries::insert(tx, &new, t).await?;
    let key = ordering_key.map(|k| format!("webhook:{webhook_id}:{k}"));
    queue_job(tx, id, key, t).await?;
    Ok(id)
}

async fn queue_job(
    tx: &Tx,
    delivery_id: i64,
    ordering_key: Option<String>,
    t: chrono::NaiveDateTime,
) -> Result<()> {
    let job = NewJob {
        queue: deliveries::JOB_QUEUE.to_string(),
        kind: deliveries::JOB_KIND.to_string(),
        payload: json!({ "delivery_id": delivery_id }),
        ordering_key,
        run_at: t,
        max_attempts: DEFAULT_MAX_ATTEMPTS,
    };
    let job_id = store::jobs::enqueue(tx, &job, t).await?;
    deliveries::set_job(tx, delivery_id, job_id, t).await?;
    Ok(())
}

async fn require_webhook(db: &Db, account_id: i64, webhook_id: i64) -> Result<()> {
    match store::webhooks::find(db, account_id, webhook_id).await? {
        Some(_) => Ok(()),
        None => Err(AppError::NotFound),
    }
}

/// A page (1-based) of the webhook's deliveries, newest first.
pub async fn list(
    db: &Db,
    account_id: i64,
    webhook_id: i64,
    page: i64,
) -> Result<Vec<WebhookDelivery>> {
    require_webhook(db, account_id, webhook_id).await?;
    let offset = (page.max(1) - 1).saturating_mul(PER_PAGE);
    Ok(deliveries::list(db, account_id, webhook_id, PER_PAGE, offset).await?)
}

/// Sends a finished delivery again, same body and same `X-Chatwoot-Delivery` (receivers that
/// dedupe by it see a redelivery, as GitHub's redeliveries do). A pending one is refused: it is
/// still being tried.
pub async fn resend(
    db: &Db,
    account_id: i64,
    webhook_id: i64,
    delivery_id: i64,
) -> Result<WebhookDelivery> {
    require_webhook(db, account_id, webhook_id).await?;
    let tx = db.begin().await?;
    let delivery = deliveries::find_for(&tx, account_id, webhook_id, delivery_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if delivery.status == deliveries::PENDING {
        return Err(AppError::Unprocessable(
            "Delivery is still pending".to_string(),
        ));
    }
    // Not ordered behind newer deliveries: a re-send is out of order by nature.
    queue_job(&tx, delivery.id, None, now()).await?;
    tx.commit().await?;
    deliveries::find(db, delivery_id)
        .await?
        .ok_or(AppError::NotFound)
}
