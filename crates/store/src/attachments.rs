//! `attachments`: files and structured payloads of a message. A stored file lives under the
//! data folder by `file_key` (upstream's ActiveStorage blob); the row keeps its name, type, size.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attachment {
    pub id: i64,
    pub file_type: Option<i32>,
    pub external_url: Option<String>,
    pub coordinates_lat: Option<f64>,
    pub coordinates_long: Option<f64>,
    pub message_id: i64,
    pub account_id: i64,
    pub fallback_title: Option<String>,
    pub extension: Option<String>,
    pub meta: Option<Json<JsonValue>>,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub file_content_type: Option<String>,
    pub file_byte_size: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str = "id, file_type, external_url, coordinates_lat, coordinates_long, message_id, account_id, \
    fallback_title, extension, meta, file_key, file_name, file_content_type, file_byte_size, created_at, updated_at";

#[derive(Debug, Clone, Default)]
pub struct NewAttachment {
    pub message_id: i64,
    pub account_id: i64,
    pub file_type: i32,
    pub external_url: Option<String>,
    pub extension: Option<String>,
    pub file_key: Option<String>,
    pub file_name: Option<String>,
    pub file_content_type: Option<String>,
    pub file_byte_size: Option<i64>,
}

pub async fn insert(e: &impl Exec, n: &NewAttachment, now: NaiveDateTime) -> Result<Attachment> {
    let q = Sql::new(format!(
        "INSERT INTO attachments (message_id, account_id, file_type, external_url, extension, file_key, file_name, \
         file_content_type, file_byte_size, meta, coordinates_lat, coordinates_long, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, $12, $12) RETURNING {COLUMNS}"
    ))
    .bind(n.message_id)
    .bind(n.account_id)
    .bind(n.file_type)
    .bind(n.external_url.clone())
    .bind(n.extension.clone())
    .bind(n.file_key.clone())
    .bind(n.file_name.clone())
    .bind(n.file_content_type.clone())
    .bind(n.file_byte_size)
    .bind(JsonValue::Object(Default::default()))
    .bind(0.0f64)
    .bind(now);
    e.fetch_one(q).await
}

/// Attachments of these messages, in creation order.
pub async fn for_messages(e: &impl Exec, message_ids: &[i64]) -> Result<Vec<Attachment>> {
    if message_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM attachments WHERE message_id IN ("
    ));
    let list = q.arg_list(message_ids);
    q.push(&list);
    q.push(") ORDER BY id");
    e.fetch_all(q).await
}

/// The attachment whose stored file has this key (keys are unguessable and unique).
pub async fn find_by_key(e: &impl Exec, file_key: &str) -> Result<Option<Attachment>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM attachments WHERE file_key = $1"
    ))
    .bind(file_key);
    e.fetch_optional(q).await
}

/// Deletes a message's attachments; the caller removes their files after commit.
pub async fn delete_for_message(e: &impl Exec, message_id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM attachments WHERE message_id = $1").bind(message_id))
        .await
}
