//! `custom_filters`: saved filters, private to the user who made them.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomFilter {
    pub id: i64,
    pub name: String,
    pub filter_type: i32,
    pub query: Json<JsonValue>,
    pub account_id: i64,
    pub user_id: i64,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewCustomFilter {
    pub account_id: i64,
    pub user_id: i64,
    pub name: String,
    pub filter_type: i32,
    pub query: JsonValue,
}

const COLUMNS: &str = "id, name, filter_type, query, account_id, user_id, created_at, updated_at";

pub async fn insert(
    e: &impl Exec,
    new: &NewCustomFilter,
    now: NaiveDateTime,
) -> Result<CustomFilter> {
    let q = Sql::new(format!(
        "INSERT INTO custom_filters (name, filter_type, query, account_id, user_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING {COLUMNS}"
    ))
    .bind(&new.name)
    .bind(new.filter_type)
    .bind(&new.query)
    .bind(new.account_id)
    .bind(new.user_id)
    .bind(now);
    e.fetch_one(q).await
}

/// One of the user's own filters in the account.
pub async fn find(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
    id: i64,
) -> Result<Option<CustomFilter>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM custom_filters WHERE account_id = $1 AND user_id = $2 AND id = $3"
    ))
    .bind(account_id)
    .bind(user_id)
    .bind(id);
    e.fetch_optional(q).await
}

pub async fn list(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
    filter_type: i32,
) -> Result<Vec<CustomFilter>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM custom_filters WHERE account_id = $1 AND user_id = $2 AND filter_type = $3 ORDER BY id"
    ))
    .bind(account_id)
    .bind(user_id)
    .bind(filter_type);
    e.fetch_all(q).await
}

pub async fn update(e: &impl Exec, f: &CustomFilter, now: NaiveDateTime) -> Result<CustomFilter> {
    let q = Sql::new(format!(
        "UPDATE custom_filters SET name = $2, filter_type = $3, query = $4, updated_at = $5 WHERE id = $1 \
         RETURNING {COLUMNS}"
    ))
    .bind(f.id)
    .bind(&f.name)
    .bind(f.filter_type)
    .bind(&f.query.0)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM custom_filters WHERE id = $1").bind(id))
        .await
}

/// How many filters the user has in the account (of every type).
pub async fn count_for_user(e: &impl Exec, account_id: i64, user_id: i64) -> Result<i64> {
    let q = Sql::new("SELECT COUNT(*) FROM custom_filters WHERE account_id = $1 AND user_id = $2")
        .bind(account_id)
        .bind(user_id);
    e.scalar(q).await
}
