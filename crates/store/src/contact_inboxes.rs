//! `contact_inboxes`: a contact's identity (`source_id`) in an inbox.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactInbox {
    pub id: i64,
    pub contact_id: Option<i64>,
    pub inbox_id: Option<i64>,
    pub source_id: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub hmac_verified: Option<bool>,
    pub pubsub_token: Option<String>,
}

const COLUMNS: &str =
    "id, contact_id, inbox_id, source_id, created_at, updated_at, hmac_verified, pubsub_token";

pub struct NewContactInbox<'a> {
    pub contact_id: i64,
    pub inbox_id: i64,
    pub source_id: &'a str,
    pub hmac_verified: bool,
    pub pubsub_token: &'a str,
}

pub async fn insert(
    e: &impl Exec,
    n: &NewContactInbox<'_>,
    now: NaiveDateTime,
) -> Result<ContactInbox> {
    let q = Sql::new(format!(
        "INSERT INTO contact_inboxes (contact_id, inbox_id, source_id, hmac_verified, pubsub_token, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {COLUMNS}"
    ))
    .bind(n.contact_id)
    .bind(n.inbox_id)
    .bind(n.source_id)
    .bind(n.hmac_verified)
    .bind(n.pubsub_token)
    .bind(now);
    e.fetch_one(q).await
}

/// The contact inbox holding `source_id` in an inbox (unique), whoever its contact is.
pub async fn find_by_source(
    e: &impl Exec,
    inbox_id: i64,
    source_id: &str,
) -> Result<Option<ContactInbox>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM contact_inboxes WHERE inbox_id = $1 AND source_id = $2"
    ))
    .bind(inbox_id)
    .bind(source_id);
    e.fetch_optional(q).await
}

/// The newest contact inbox of a contact in an inbox (`inbox.contact_inboxes.where(contact:).last`).
pub async fn latest(e: &impl Exec, contact_id: i64, inbox_id: i64) -> Result<Option<ContactInbox>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM contact_inboxes WHERE contact_id = $1 AND inbox_id = $2 ORDER BY id DESC LIMIT 1"
    ))
    .bind(contact_id)
    .bind(inbox_id);
    e.fetch_optional(q).await
}

pub async fn update_source_id(
    e: &impl Exec,
    id: i64,
    source_id: &str,
    now: NaiveDateTime,
) -> Result<()> {
    let q = Sql::new("UPDATE contact_inboxes SET source_id = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(source_id)
        .bind(now);
    e.execute(q).await.map(|_| ())
}

/// Gives every contact inbox of `from` to `to` (contact merge).
pub async fn move_to_contact(e: &impl Exec, from: i64, to: i64, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE contact_inboxes SET contact_id = $2, updated_at = $3 WHERE contact_id = $1",
    )
    .bind(from)
    .bind(to)
    .bind(now);
    e.execute(q).await
}

pub async fn delete_for_contact(e: &impl Exec, contact_id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM contact_inboxes WHERE contact_id = $1").bind(contact_id))
        .await
}

/// The columns of `api/v1/models/_inbox_slim` (channel `provider` aside).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboxSlim {
    pub id: i64,
    pub channel_id: i64,
    pub name: String,
    pub channel_type: Option<String>,
}

/// A contact inbox with its inbox, for the `contact_inboxes` of contact JSON.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WithInbox {
    pub contact_id: i64,
    pub source_id: String,
    pub id: i64,
    pub channel_id: i64,
    pub name: String,
    pub channel_type: Option<String>,
}

/// The contact inboxes of several contacts at once, in creation order: one query per page.
pub async fn for_contacts(e: &impl Exec, contact_ids: &[i64]) -> Result<Vec<WithInbox>> {
    if contact_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("");
    let list = q.arg(serde_json::json!(contact_ids));
    let sql = format!(
        "SELECT ci.contact_id, ci.source_id, i.id, i.channel_id, i.name, i.channel_type \
         FROM contact_inboxes ci JOIN inboxes i ON i.id = ci.inbox_id \
         WHERE ci.contact_id IN ({}) ORDER BY ci.id",
        e.backend().json_int_list(&list)
    );
    q.push(&sql);
    e.fetch_all(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<ContactInbox>> {
    e.fetch_optional(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM contact_inboxes WHERE id = $1"
        ))
        .bind(id),
    )
    .await
}
