//! `channel_api`: the API channel (`Channel::Api`), addressed by `identifier` on the public
//! client API and reporting to `webhook_url`, whose deliveries `secret` signs.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ApiChannel {
    pub id: i64,
    pub account_id: i64,
    pub webhook_url: Option<String>,
    pub identifier: Option<String>,
    pub hmac_token: Option<String>,
    pub hmac_mandatory: Option<bool>,
    pub additional_attributes: Option<Json<JsonValue>>,
    pub secret: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str = "id, account_id, webhook_url, identifier, hmac_token, hmac_mandatory, \
     additional_attributes, secret, created_at, updated_at";

/// Inserts `c` as given (its `id` and timestamps are ignored) and returns the stored row.
pub async fn insert(e: &impl Exec, c: &ApiChannel, now: NaiveDateTime) -> Result<ApiChannel> {
    let q = Sql::new(format!(
        "INSERT INTO channel_api (account_id, webhook_url, identifier, hmac_token, hmac_mandatory, \
         additional_attributes, secret, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING {COLUMNS}"
    ))
    .bind(c.account_id)
    .bind(c.webhook_url.clone())
    .bind(c.identifier.clone())
    .bind(c.hmac_token.clone())
    .bind(c.hmac_mandatory)
    .bind(c.additional_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.secret.clone())
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<ApiChannel>> {
    e.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM channel_api WHERE id = $1")).bind(id))
        .await
}

/// The channel the public client API names by `inbox_identifier`.
pub async fn find_by_identifier(e: &impl Exec, identifier: &str) -> Result<Option<ApiChannel>> {
    e.fetch_optional(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM channel_api WHERE identifier = $1"
        ))
        .bind(identifier),
    )
    .await
}

pub async fn list_by_ids(e: &impl Exec, ids: &[i64]) -> Result<Vec<ApiChannel>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!("SELECT {COLUMNS} FROM channel_api WHERE id IN ("));
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}

/// Writes the editable columns (`EDITABLE_ATTRS`); tokens and the secret never change.
pub async fn update(e: &impl Exec, c: &ApiChannel, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE channel_api SET webhook_url = $2, hmac_mandatory = $3, additional_attributes = $4, \
         updated_at = $5 WHERE id = $1",
    )
    .bind(c.id)
    .bind(c.webhook_url.clone())
    .bind(c.hmac_mandatory)
    .bind(c.additional_attributes.as_ref().map(|j| j.0.clone()))
    .bind(now);
    e.execute(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM channel_api WHERE id = $1").bind(id))
        .await
}
