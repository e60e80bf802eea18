//! `integrations_hooks`: an account's connections to integration apps (`Integrations::Hook`),
//! each with the inbox name its view shows.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Hook {
    pub id: i64,
    pub status: Option<i32>,
    pub inbox_id: Option<i64>,
    pub account_id: Option<i64>,
    pub app_id: Option<String>,
    pub hook_type: Option<i32>,
    pub reference_id: Option<String>,
    pub access_token: Option<String>,
    pub settings: Option<Json<JsonValue>>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `inboxes.name` of `inbox_id`.
    pub inbox_name: Option<String>,
}

#[derive(Debug, Clone)]
pub struct NewHook {
    pub account_id: i64,
    pub app_id: String,
    pub inbox_id: Option<i64>,
    pub hook_type: i32,
    pub status: i32,
    pub settings: JsonValue,
    pub access_token: String,
}

const SELECT: &str =
    "SELECT h.id, h.status, h.inbox_id, h.account_id, h.app_id, h.hook_type, h.reference_id, \
     h.access_token, h.settings, h.created_at, h.updated_at, i.name AS inbox_name \
     FROM integrations_hooks h LEFT JOIN inboxes i ON i.id = h.inbox_id";

/// Every hook of the account, oldest first.
pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<Hook>> {
    e.fetch_all(
        Sql::new(format!("{SELECT} WHERE h.account_id = $1 ORDER BY h.id")).bind(account_id),
    )
    .await
}

pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<Hook>> {
    let q = Sql::new(format!("{SELECT} WHERE h.id = $1 AND h.account_id = $2"))
        .bind(id)
        .bind(account_id);
    e.fetch_optional(q).await
}

pub async fn insert(e: &impl Exec, new: &NewHook, now: NaiveDateTime) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO integrations_hooks (account_id, app_id, inbox_id, hook_type, status, settings, access_token, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(new.account_id)
    .bind(&new.app_id)
    .bind(new.inbox_id)
    .bind(new.hook_type)
    .bind(new.status)
    .bind(&new.settings)
    .bind(&new.access_token)
    .bind(now);
    e.scalar(q).await
}

/// `update!(status:, settings:)`: the only fields a hook's owner may change.
pub async fn update(
    e: &impl Exec,
    id: i64,
    status: i32,
    settings: &JsonValue,
    now: NaiveDateTime,
) -> Result<u64> {
    let q = Sql::new(
        "UPDATE integrations_hooks SET status = $2, settings = $3, updated_at = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(status)
    .bind(settings)
    .bind(now);
    e.execute(q).await
}

pub async fn delete(e: &impl Exec, account_id: i64, id: i64) -> Result<u64> {
    e.execute(
        Sql::new("DELETE FROM integrations_hooks WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id),
    )
    .await
}

/// True when the account already has a hook for `app_id` (other than `except`).
pub async fn app_taken(
    e: &impl Exec,
    account_id: i64,
    app_id: &str,
    except: Option<i64>,
) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM integrations_hooks WHERE account_id = $1 AND app_id = $2 AND id <> $3",
    )
    .bind(account_id)
    .bind(app_id)
    .bind(except.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}
