//! `users`. Emails are stored lower-case (User `before_validation`), so lookups compare
//! lower-cased input.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct User {
    pub id: i64,
    pub provider: String,
    pub uid: String,
    pub encrypted_password: String,
    pub name: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    /// devise_token_auth sessions: `{client_id: {token: <sha256 hex>, expiry: <unix>}}`.
    pub tokens: Option<Json<JsonValue>>,
    pub pubsub_token: Option<String>,
    pub availability: Option<i32>,
    pub ui_settings: Option<Json<JsonValue>>,
    pub custom_attributes: Option<Json<JsonValue>>,
    #[sqlx(rename = "type")]
    pub user_type: Option<String>,
    pub message_signature: Option<String>,
    pub confirmed_at: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub name: String,
    pub display_name: Option<String>,
    pub email: String,
    pub encrypted_password: String,
    pub pubsub_token: String,
    pub confirmed_at: Option<NaiveDateTime>,
    pub custom_attributes: JsonValue,
}

const COLUMNS: &str = "id, provider, uid, encrypted_password, name, display_name, email, tokens, pubsub_token, \
                       availability, ui_settings, custom_attributes, type, message_signature, confirmed_at, \
                       created_at, updated_at";

pub async fn insert(e: &impl Exec, new: &NewUser, now: NaiveDateTime) -> Result<User> {
    let email = new.email.to_lowercase();
    let q = Sql::new(format!(
        "INSERT INTO users (provider, uid, encrypted_password, name, display_name, email, tokens, pubsub_token, \
         ui_settings, custom_attributes, confirmed_at, created_at, updated_at) \
         VALUES ('email', $1, $2, $3, $4, $1, $5, $6, $7, $8, $9, $10, $10) RETURNING {COLUMNS}"
    ))
    .bind(email)
    .bind(&new.encrypted_password)
    .bind(&new.name)
    .bind(new.display_name.clone())
    .bind(serde_json::json!({}))
    .bind(&new.pubsub_token)
    .bind(serde_json::json!({}))
    .bind(&new.custom_attributes)
    .bind(new.confirmed_at)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<User>> {
    e.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM users WHERE id = $1")).bind(id))
        .await
}

pub async fn find_by_email(e: &impl Exec, email: &str) -> Result<Option<User>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM users WHERE email = $1 ORDER BY id LIMIT 1"
    ))
    .bind(email.trim().to_lowercase());
    e.fetch_optional(q).await
}

/// The user owning `api_access_token` `token` (one query on the hot path of every request).
pub async fn find_by_access_token(e: &impl Exec, token: &str) -> Result<Option<User>> {
    let q = Sql::new(format!(
        "SELECT {} FROM users u JOIN access_tokens t ON t.owner_type = 'User' AND t.owner_id = u.id WHERE t.token = $1",
        prefixed("u")
    ))
    .bind(token);
    e.fetch_optional(q).await
}

/// devise_token_auth finds the user of a session by `uid` (the email, for provider "email").
pub async fn find_by_uid(e: &impl Exec, uid: &str) -> Result<Option<User>> {
    e.fetch_optional(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM users WHERE uid = $1 AND provider = 'email'"
        ))
        .bind(uid),
    )
    .await
}

/// Writes the editable columns of `user` (profile fields, password hash, sessions).
pub async fn update(e: &impl Exec, user: &User, now: NaiveDateTime) -> Result<User> {
    let q = Sql::new(format!(
        "UPDATE users SET name = $2, display_name = $3, email = $4, uid = $4, encrypted_password = $5, tokens = $6, \
         availability = $7, ui_settings = $8, custom_attributes = $9, message_signature = $10, confirmed_at = $11, \
         updated_at = $12 WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(user.id)
    .bind(&user.name)
    .bind(user.display_name.clone())
    .bind(user.email.as_ref().map(|m| m.to_lowercase()))
    .bind(&user.encrypted_password)
    .bind(user.tokens.as_ref().map(|j| j.0.clone()))
    .bind(user.availability)
    .bind(user.ui_settings.as_ref().map(|j| j.0.clone()))
    .bind(user.custom_attributes.as_ref().map(|j| j.0.clone()))
    .bind(user.message_signature.clone())
    .bind(user.confirmed_at)
    .bind(now);
    e.fetch_one(q).await
}

/// True when another user already has this email (Devise `:validatable` uniqueness).
pub async fn email_taken(e: &impl Exec, email: &str, except_id: Option<i64>) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM users WHERE email = $1 AND id <> $2")
        .bind(email.trim().to_lowercase())
        .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM users WHERE id = $1").bind(id))
        .await
}

/// Users of an account with their membership, ordered by name (agents index).
pub async fn list_for_account(e: &impl Exec, account_id: i64) -> Result<Vec<User>> {
    let q = Sql::new(format!(
        "SELECT {} FROM users u JOIN account_users au ON au.user_id = u.id WHERE au.account_id = $1 ORDER BY LOWER(u.name), u.id",
        prefixed("u")
    ))
    .bind(account_id);
    e.fetch_all(q).await
}

/// The column list with a table alias, for joins.
pub fn prefixed(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Stores a one-time sign-in token digest for `user_id`.
pub async fn insert_sso_token(
    e: &impl Exec,
    user_id: i64,
    digest: &str,
    expires_at: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<()> {
    let q = Sql::new("INSERT INTO user_sso_tokens (user_id, token_digest, expires_at, created_at) VALUES ($1, $2, $3, $4)")
        .bind(user_id)
        .bind(digest)
        .bind(expires_at)
        .bind(now);
    e.execute(q).await.map(|_| ())
}

/// Deletes the token if it is the user's and unexpired; true when it was.
pub async fn take_sso_token(
    e: &impl Exec,
    user_id: i64,
    digest: &str,
    now: NaiveDateTime,
) -> Result<bool> {
    let q = Sql::new(
        "DELETE FROM user_sso_tokens WHERE user_id = $1 AND token_digest = $2 AND expires_at > $3",
    )
    .bind(user_id)
    .bind(digest)
    .bind(now);
    Ok(e.execute(q).await? > 0)
}

/// Users with these ids, in no particular order.
pub async fn list_by_ids(e: &impl Exec, ids: &[i64]) -> Result<Vec<User>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!("SELECT {COLUMNS} FROM users WHERE id IN ("));
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}
