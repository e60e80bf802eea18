//! `accounts`.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Account {
    pub id: i64,
    pub name: String,
    pub locale: Option<i32>,
    pub domain: Option<String>,
    pub support_email: Option<String>,
    pub feature_flags: i64,
    pub limits: Option<Json<JsonValue>>,
    pub custom_attributes: Option<Json<JsonValue>>,
    pub status: Option<i32>,
    pub settings: Option<Json<JsonValue>>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewAccount {
    pub name: String,
    pub locale: i32,
    pub domain: Option<String>,
    pub support_email: Option<String>,
    pub feature_flags: i64,
    pub status: i32,
    pub limits: JsonValue,
    pub custom_attributes: JsonValue,
    pub settings: JsonValue,
}

const COLUMNS: &str =
    "id, name, locale, domain, support_email, feature_flags, limits, custom_attributes, \
                       status, settings, created_at, updated_at";

pub async fn insert(e: &impl Exec, new: &NewAccount, now: NaiveDateTime) -> Result<Account> {
    let q = Sql::new(format!(
        "INSERT INTO accounts (name, locale, domain, support_email, feature_flags, status, limits, \
         custom_attributes, settings, internal_attributes, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING {COLUMNS}"
    ))
    .bind(&new.name)
    .bind(new.locale)
    .bind(new.domain.clone())
    .bind(new.support_email.clone())
    .bind(new.feature_flags)
    .bind(new.status)
    .bind(&new.limits)
    .bind(&new.custom_attributes)
    .bind(&new.settings)
    .bind(serde_json::json!({}))
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<Account>> {
    e.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM accounts WHERE id = $1")).bind(id))
        .await
}

/// Writes every editable column of `account` (the Rails `save` of a loaded, changed record).
pub async fn update(e: &impl Exec, account: &Account, now: NaiveDateTime) -> Result<Account> {
    let q = Sql::new(format!(
        "UPDATE accounts SET name = $2, locale = $3, domain = $4, support_email = $5, feature_flags = $6, \
         status = $7, limits = $8, custom_attributes = $9, settings = $10, updated_at = $11 \
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(account.id)
    .bind(&account.name)
    .bind(account.locale)
    .bind(account.domain.clone())
    .bind(account.support_email.clone())
    .bind(account.feature_flags)
    .bind(account.status)
    .bind(account.limits.as_ref().map(|j| j.0.clone()))
    .bind(account.custom_attributes.as_ref().map(|j| j.0.clone()))
    .bind(account.settings.as_ref().map(|j| j.0.clone()))
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM accounts WHERE id = $1").bind(id))
        .await
}

/// Accounts a platform app may manage, newest first.
pub async fn list_by_ids(e: &impl Exec, ids: &[i64]) -> Result<Vec<Account>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!("SELECT {COLUMNS} FROM accounts WHERE id IN ("));
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(") ORDER BY id");
    e.fetch_all(q).await
}

/// Reads `internal_attributes` (Switchboard keeps the dashboard's cache keys there).
pub async fn internal_attributes(e: &impl Exec, id: i64) -> Result<Option<JsonValue>> {
    let q = Sql::new("SELECT internal_attributes FROM accounts WHERE id = $1").bind(id);
    Ok(e.fetch_optional::<(Json<JsonValue>,)>(q)
        .await?
        .map(|r| r.0 .0))
}

pub async fn set_internal_attributes(e: &impl Exec, id: i64, value: &JsonValue) -> Result<u64> {
    e.execute(
        Sql::new("UPDATE accounts SET internal_attributes = $2 WHERE id = $1")
            .bind(id)
            .bind(value),
    )
    .await
}
