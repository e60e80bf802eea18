//! `audits`: who changed what (the `audited` gem's table). Entries of an account carry
//! `associated_type = 'Account'` and its id.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Audit {
    pub id: i64,
    pub auditable_id: Option<i64>,
    pub auditable_type: Option<String>,
    pub associated_id: Option<i64>,
    pub associated_type: Option<String>,
    pub user_id: Option<i64>,
    pub user_type: Option<String>,
    pub username: Option<String>,
    pub action: Option<String>,
    pub audited_changes: Option<Json<JsonValue>>,
    pub version: Option<i32>,
    pub comment: Option<String>,
    pub remote_address: Option<String>,
    pub request_uuid: Option<String>,
    pub created_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewAudit {
    pub auditable_type: String,
    pub auditable_id: i64,
    pub account_id: i64,
    pub user_id: Option<i64>,
    pub user_type: Option<String>,
    pub username: Option<String>,
    pub action: String,
    pub audited_changes: JsonValue,
    pub remote_address: Option<String>,
    pub request_uuid: Option<String>,
}

const COLUMNS: &str = "id, auditable_id, auditable_type, associated_id, associated_type, user_id, user_type, username, \
                       action, audited_changes, version, comment, remote_address, request_uuid, created_at";

/// Appends an entry; `version` counts the auditable's entries, as the gem does.
pub async fn insert(e: &impl Exec, a: &NewAudit, now: NaiveDateTime) -> Result<()> {
    let q = Sql::new(
        "INSERT INTO audits (auditable_id, auditable_type, associated_id, associated_type, user_id, user_type, username, \
         action, audited_changes, version, remote_address, request_uuid, created_at) \
         VALUES ($1, $2, $3, 'Account', $4, $5, $6, $7, $8, \
         (SELECT CAST(COUNT(*) + 1 AS INTEGER) FROM audits WHERE auditable_type = $2 AND auditable_id = $1), $9, $10, $11)",
    )
    .bind(a.auditable_id)
    .bind(a.auditable_type.as_str())
    .bind(a.account_id)
    .bind(a.user_id)
    .bind(a.user_type.clone())
    .bind(a.username.clone())
    .bind(a.action.as_str())
    .bind(&a.audited_changes)
    .bind(a.remote_address.clone())
    .bind(a.request_uuid.clone())
    .bind(now);
    e.execute(q).await.map(|_| ())
}

/// One page of an account's entries, newest first.
pub async fn page(e: &impl Exec, account_id: i64, limit: i64, offset: i64) -> Result<Vec<Audit>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM audits WHERE associated_type = 'Account' AND associated_id = $1 \
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3"
    ))
    .bind(account_id)
    .bind(limit)
    .bind(offset);
    e.fetch_all(q).await
}

pub async fn count(e: &impl Exec, account_id: i64) -> Result<i64> {
    e.scalar(
        Sql::new(
            "SELECT COUNT(*) FROM audits WHERE associated_type = 'Account' AND associated_id = $1",
        )
        .bind(account_id),
    )
    .await
}

/// The auditable's `push_event_data`, for the types that define one upstream (Team,
/// AccountUser); others, and deleted records, give `None` (`try(:push_event_data)`).
pub async fn push_event_data(
    e: &impl Exec,
    auditable_type: &str,
    id: i64,
) -> Result<Option<JsonValue>> {
    match auditable_type {
        "Team" => {
            let q = Sql::new("SELECT id, name FROM teams WHERE id = $1").bind(id);
            Ok(e.fetch_optional::<(i64, Option<String>)>(q)
                .await?
                .map(|(id, name)| serde_json::json!({"id": id, "name": name})))
        }
        "AccountUser" => {
            let q = Sql::new("SELECT id, availability, COALESCE(role, 0), user_id FROM account_users WHERE id = $1").bind(id);
            Ok(e.fetch_optional::<(i64, i32, i32, i64)>(q).await?.map(|(id, availability, role, user_id)| {
                serde_json::json!({
                    "id": id,
                    "availability": domain::enums::Availability::from_i32(availability).map(|a| a.as_str()),
                    "role": domain::enums::Role::from_i32(role).map(|r| r.as_str()),
                    "user_id": user_id,
                })
            }))
        }
        _ => Ok(None),
    }
}
