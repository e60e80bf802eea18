//! `notes`: agents' notes on a contact. Reads join the author and their membership in the
//! note's account, which the note JSON's `user` (the agent partial) shows.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Note {
    pub id: i64,
    pub content: String,
    pub account_id: i64,
    pub contact_id: i64,
    pub user_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A note with its author (all `u_*` columns are NULL when the author is gone) and the
/// author's membership in the note's account (NULL when they left it).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct NoteWithUser {
    pub id: i64,
    pub content: String,
    pub account_id: i64,
    pub contact_id: i64,
    pub user_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub u_id: Option<i64>,
    pub u_name: Option<String>,
    pub u_display_name: Option<String>,
    pub u_email: Option<String>,
    pub u_provider: Option<String>,
    pub u_confirmed_at: Option<NaiveDateTime>,
    pub u_custom_attributes: Option<Json<JsonValue>>,
    pub au_role: Option<i32>,
    pub au_availability: Option<i32>,
    pub au_auto_offline: Option<bool>,
}

const COLUMNS: &str = "id, content, account_id, contact_id, user_id, created_at, updated_at";

const WITH_USER: &str = "SELECT n.id, n.content, n.account_id, n.contact_id, n.user_id, n.created_at, n.updated_at, \
    u.id AS u_id, u.name AS u_name, u.display_name AS u_display_name, u.email AS u_email, u.provider AS u_provider, \
    u.confirmed_at AS u_confirmed_at, u.custom_attributes AS u_custom_attributes, \
    au.role AS au_role, au.availability AS au_availability, au.auto_offline AS au_auto_offline \
    FROM notes n LEFT JOIN users u ON u.id = n.user_id \
    LEFT JOIN account_users au ON au.user_id = n.user_id AND au.account_id = n.account_id";

pub async fn insert(
    e: &impl Exec,
    account_id: i64,
    contact_id: i64,
    user_id: i64,
    content: &str,
    now: NaiveDateTime,
) -> Result<Note> {
    let q = Sql::new(format!(
        "INSERT INTO notes (content, account_id, contact_id, user_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
    ))
    .bind(content)
    .bind(account_id)
    .bind(contact_id)
    .bind(user_id)
    .bind(now);
    e.fetch_one(q).await
}

/// A note of the contact (`@contact.notes.find`).
pub async fn find(e: &impl Exec, contact_id: i64, id: i64) -> Result<Option<NoteWithUser>> {
    let q = Sql::new(format!("{WITH_USER} WHERE n.contact_id = $1 AND n.id = $2"))
        .bind(contact_id)
        .bind(id);
    e.fetch_optional(q).await
}

/// The contact's notes, newest first (`notes.latest`).
pub async fn list(e: &impl Exec, contact_id: i64) -> Result<Vec<NoteWithUser>> {
    let q = Sql::new(format!(
        "{WITH_USER} WHERE n.contact_id = $1 ORDER BY n.created_at DESC, n.id DESC"
    ))
    .bind(contact_id);
    e.fetch_all(q).await
}

/// Sets the content and the author (upstream merges `user_id: Current.user.id` into updates).
pub async fn update(
    e: &impl Exec,
    id: i64,
    content: &str,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let q = Sql::new("UPDATE notes SET content = $2, user_id = $3, updated_at = $4 WHERE id = $1")
        .bind(id)
        .bind(content)
        .bind(user_id)
        .bind(now);
    e.execute(q).await.map(|_| ())
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM notes WHERE id = $1").bind(id))
        .await
}

pub async fn delete_for_contact(e: &impl Exec, contact_id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM notes WHERE contact_id = $1").bind(contact_id))
        .await
}

/// Gives the notes of `from` to `to` (contact merge).
pub async fn move_to_contact(e: &impl Exec, from: i64, to: i64, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new("UPDATE notes SET contact_id = $2, updated_at = $3 WHERE contact_id = $1")
        .bind(from)
        .bind(to)
        .bind(now);
    e.execute(q).await
}
