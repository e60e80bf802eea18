//! `webhooks`: an account's outgoing webhooks, each with the inbox name its view shows.

use crate::{Exec, Json, Result, Sql, Value};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Webhook {
    pub id: i64,
    pub account_id: i64,
    pub inbox_id: Option<i64>,
    pub url: Option<String>,
    pub webhook_type: Option<i32>,
    pub subscriptions: Option<Json<JsonValue>>,
    pub name: Option<String>,
    pub secret: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `inboxes.name` of `inbox_id`.
    pub inbox_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewWebhook {
    pub account_id: i64,
    pub inbox_id: Option<i64>,
    pub url: String,
    pub webhook_type: i32,
    pub subscriptions: JsonValue,
    pub name: Option<String>,
    pub secret: String,
}

/// The fields an update may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct WebhookChanges {
    pub inbox_id: Option<Option<i64>>,
    pub webhook_type: Option<i32>,
    pub url: Option<String>,
    pub subscriptions: Option<JsonValue>,
    pub name: Option<Option<String>>,
}

const SELECT: &str =
    "SELECT w.id, w.account_id, w.inbox_id, w.url, w.webhook_type, w.subscriptions, w.name, \
     w.secret, w.created_at, w.updated_at, i.name AS inbox_name \
     FROM webhooks w LEFT JOIN inboxes i ON i.id = w.inbox_id";

/// The account's webhooks, oldest first.
pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<Webhook>> {
    e.fetch_all(
        Sql::new(format!("{SELECT} WHERE w.account_id = $1 ORDER BY w.id")).bind(account_id),
    )
    .await
}

pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<Webhook>> {
    let q = Sql::new(format!("{SELECT} WHERE w.id = $1 AND w.account_id = $2"))
        .bind(id)
        .bind(account_id);
    e.fetch_optional(q).await
}

pub async fn insert(e: &impl Exec, new: &NewWebhook, now: NaiveDateTime) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO webhooks (account_id, inbox_id, url, webhook_type, subscriptions, name, secret, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(new.account_id)
    .bind(new.inbox_id)
    .bind(&new.url)
    .bind(new.webhook_type)
    .bind(&new.subscriptions)
    .bind(new.name.clone())
    .bind(&new.secret)
    .bind(now);
    e.scalar(q).await
}

pub async fn update(
    e: &impl Exec,
    id: i64,
    changes: &WebhookChanges,
    now: NaiveDateTime,
) -> Result<u64> {
    let mut q = Sql::new("UPDATE webhooks SET updated_at = ");
    let p = q.arg(now);
    q.push(&p);
    let set = |q: &mut Sql, column: &str, value: Value| {
        let p = q.arg(value);
        q.push(&format!(", {column} = {p}"));
    };
    if let Some(v) = changes.inbox_id {
        set(&mut q, "inbox_id", v.into());
    }
    if let Some(v) = changes.webhook_type {
        set(&mut q, "webhook_type", v.into());
    }
    if let Some(v) = &changes.url {
        set(&mut q, "url", v.into());
    }
    if let Some(v) = &changes.subscriptions {
        set(&mut q, "subscriptions", v.into());
    }
    if let Some(v) = &changes.name {
        set(&mut q, "name", v.clone().into());
    }
    let p = q.arg(id);
    q.push(&format!(" WHERE id = {p}"));
    e.execute(q).await
}

pub async fn delete(e: &impl Exec, account_id: i64, id: i64) -> Result<u64> {
    e.execute(
        Sql::new("DELETE FROM webhooks WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id),
    )
    .await
}

/// True when another webhook of the account already posts to `url`.
pub async fn url_taken(
    e: &impl Exec,
    account_id: i64,
    url: &str,
    except: Option<i64>,
) -> Result<bool> {
    let q =
        Sql::new("SELECT COUNT(*) FROM webhooks WHERE account_id = $1 AND url = $2 AND id <> $3")
            .bind(account_id)
            .bind(url)
            .bind(except.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

pub async fn exists_for_account(e: &impl Exec, account_id: i64) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM webhooks WHERE account_id = $1").bind(account_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// True when `inbox_id` is an inbox of the account. Webhooks and integration hooks both check
/// this; it lives here until the inboxes module offers such a lookup.
pub async fn inbox_in_account(e: &impl Exec, account_id: i64, inbox_id: i64) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM inboxes WHERE id = $1 AND account_id = $2")
        .bind(inbox_id)
        .bind(account_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}
