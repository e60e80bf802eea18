//! `webhook_deliveries`: one row per event sent to a receiver (an account webhook, an API
//! inbox's webhook_url or an agent bot's outgoing_url), so administrators can see what was
//! delivered and re-send it (a Switchboard extension; Chatwoot keeps no record).

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

/// The job that sends a delivery: `jobs.kind`/`jobs.queue`, payload `{"delivery_id": id}`.
pub const JOB_KIND: &str = "webhook_delivery";
pub const JOB_QUEUE: &str = "webhooks";

/// `webhook_type`, named as upstream's `WebhookJob` types.
pub const ACCOUNT_WEBHOOK: &str = "account_webhook";
pub const API_INBOX_WEBHOOK: &str = "api_inbox_webhook";
pub const AGENT_BOT_WEBHOOK: &str = "agent_bot_webhook";

/// Who a delivery goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// An account webhook (`webhooks.id`).
    Webhook(i64),
    /// An API inbox's `channel_api.webhook_url` (`inboxes.id`).
    ApiInbox(i64),
    /// An agent bot's `outgoing_url` (`agent_bots.id`).
    AgentBot(i64),
}

impl Target {
    pub fn webhook_type(self) -> &'static str {
        match self {
            Target::Webhook(_) => ACCOUNT_WEBHOOK,
            Target::ApiInbox(_) => API_INBOX_WEBHOOK,
            Target::AgentBot(_) => AGENT_BOT_WEBHOOK,
        }
    }

    /// The id column that names the receiver, and its value.
    fn column(self) -> (&'static str, i64) {
        match self {
            Target::Webhook(id) => ("webhook_id", id),
            Target::ApiInbox(id) => ("inbox_id", id),
            Target::AgentBot(id) => ("agent_bot_id", id),
        }
    }

    /// A short key naming the receiver (job ordering keys are scoped by it).
    pub fn key(self) -> String {
        let (column, id) = self.column();
        format!("{column}:{id}")
    }
}

pub const PENDING: &str = "pending";
pub const DELIVERED: &str = "delivered";
pub const FAILED: &str = "failed";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebhookDelivery {
    pub id: i64,
    pub account_id: i64,
    pub webhook_id: Option<i64>,
    pub webhook_type: String,
    pub inbox_id: Option<i64>,
    pub agent_bot_id: Option<i64>,
    pub job_id: Option<i64>,
    pub uuid: String,
    pub event_name: String,
    pub payload: Json<JsonValue>,
    pub status: String,
    pub attempts: i32,
    pub last_status: Option<i32>,
    pub last_error: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub delivered_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
}

impl WebhookDelivery {
    pub fn target(&self) -> Option<Target> {
        match self.webhook_type.as_str() {
            ACCOUNT_WEBHOOK => self.webhook_id.map(Target::Webhook),
            API_INBOX_WEBHOOK => self.inbox_id.map(Target::ApiInbox),
            AGENT_BOT_WEBHOOK => self.agent_bot_id.map(Target::AgentBot),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct NewWebhookDelivery {
    pub account_id: i64,
    pub target: Target,
    pub uuid: String,
    pub event_name: String,
    pub payload: JsonValue,
}

const SELECT: &str = "SELECT id, account_id, webhook_id, webhook_type, inbox_id, agent_bot_id, \
     job_id, uuid, event_name, payload, status, attempts, last_status, last_error, created_at, \
     updated_at, delivered_at, failed_at FROM webhook_deliveries";

pub async fn insert(e: &impl Exec, new: &NewWebhookDelivery, now: NaiveDateTime) -> Result<i64> {
    let (column, target_id) = new.target.column();
    let q = Sql::new(format!(
        "INSERT INTO webhook_deliveries (account_id, webhook_type, {column}, uuid, event_name, \
         payload, status, attempts, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $8) RETURNING id"
    ))
    .bind(new.account_id)
    .bind(new.target.webhook_type())
    .bind(target_id)
    .bind(&new.uuid)
    .bind(&new.event_name)
    .bind(&new.payload)
    .bind(PENDING)
    .bind(now);
    e.scalar(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<WebhookDelivery>> {
    e.fetch_optional(Sql::new(format!("{SELECT} WHERE id = $1")).bind(id))
        .await
}

/// A delivery of one receiver of one account.
pub async fn find_for(
    e: &impl Exec,
    account_id: i64,
    target: Target,
    id: i64,
) -> Result<Option<WebhookDelivery>> {
    let (column, target_id) = target.column();
    let q = Sql::new(format!(
        "{SELECT} WHERE id = $1 AND account_id = $2 AND webhook_type = $3 AND {column} = $4"
    ))
    .bind(id)
    .bind(account_id)
    .bind(target.webhook_type())
    .bind(target_id);
    e.fetch_optional(q).await
}

/// A receiver's deliveries, newest first.
pub async fn list(
    e: &impl Exec,
    account_id: i64,
    target: Target,
    limit: i64,
    offset: i64,
) -> Result<Vec<WebhookDelivery>> {
    let (column, target_id) = target.column();
    let q = Sql::new(format!(
        "{SELECT} WHERE account_id = $1 AND webhook_type = $2 AND {column} = $3 \
         ORDER BY id DESC LIMIT $4 OFFSET $5"
    ))
    .bind(account_id)
    .bind(target.webhook_type())
    .bind(target_id)
    .bind(limit)
    .bind(offset);
    e.fetch_all(q).await
}

/// Points the delivery at the job that sends it and marks it pending again (a re-send).
pub async fn set_job(e: &impl Exec, id: i64, job_id: i64, now: NaiveDateTime) -> Result<()> {
    let q = Sql::new(
        "UPDATE webhook_deliveries SET job_id = $1, status = $2, updated_at = $3, failed_at = NULL \
         WHERE id = $4",
    )
    .bind(job_id)
    .bind(PENDING)
    .bind(now)
    .bind(id);
    e.execute(q).await?;
    Ok(())
}

/// Counts one attempt and its outcome; `status` is the state after it.
pub async fn record_attempt(
    e: &impl Exec,
    id: i64,
    status: &str,
    last_status: Option<i32>,
    last_error: Option<&str>,
    now: NaiveDateTime,
) -> Result<()> {
    let delivered = (status == DELIVERED).then_some(now);
    let failed = (status == FAILED).then_some(now);
    let q = Sql::new(
        "UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_status = $2, \
         last_error = $3, updated_at = $4, delivered_at = COALESCE($5, delivered_at), \
         failed_at = $6 WHERE id = $7",
    )
    .bind(status)
    .bind(last_status)
    .bind(last_error)
    .bind(now)
    .bind(delivered)
    .bind(failed)
    .bind(id);
    e.execute(q).await?;
    Ok(())
}
