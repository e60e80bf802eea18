//! `dashboard_apps`: frames an account embeds beside its conversations.

use crate::{Exec, Json, Result, Sql, Value};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DashboardApp {
    pub id: i64,
    pub title: String,
    pub content: Option<Json<JsonValue>>,
    pub account_id: i64,
    pub user_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone)]
pub struct NewDashboardApp {
    pub account_id: i64,
    pub user_id: i64,
    pub title: String,
    pub content: JsonValue,
}

const COLUMNS: &str = "id, title, content, account_id, user_id, created_at, updated_at";

/// The account's dashboard apps, oldest first.
pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<DashboardApp>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM dashboard_apps WHERE account_id = $1 ORDER BY id"
        ))
        .bind(account_id),
    )
    .await
}

pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<DashboardApp>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM dashboard_apps WHERE id = $1 AND account_id = $2"
    ))
    .bind(id)
    .bind(account_id);
    e.fetch_optional(q).await
}

pub async fn insert(
    e: &impl Exec,
    new: &NewDashboardApp,
    now: NaiveDateTime,
) -> Result<DashboardApp> {
    let q = Sql::new(format!(
        "INSERT INTO dashboard_apps (title, content, account_id, user_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
    ))
    .bind(&new.title)
    .bind(&new.content)
    .bind(new.account_id)
    .bind(new.user_id)
    .bind(now);
    e.fetch_one(q).await
}

/// Changes the title and/or the content; `None` leaves a field as it is.
pub async fn update(
    e: &impl Exec,
    id: i64,
    title: Option<&str>,
    content: Option<&JsonValue>,
    now: NaiveDateTime,
) -> Result<DashboardApp> {
    let mut q = Sql::new("UPDATE dashboard_apps SET updated_at = ");
    let p = q.arg(now);
    q.push(&p);
    if let Some(title) = title {
        let p = q.arg(title);
        q.push(&format!(", title = {p}"));
    }
    if let Some(content) = content {
        let p = q.arg(Value::from(content));
        q.push(&format!(", content = {p}"));
    }
    let p = q.arg(id);
    q.push(&format!(" WHERE id = {p} RETURNING {COLUMNS}"));
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, account_id: i64, id: i64) -> Result<u64> {
    e.execute(
        Sql::new("DELETE FROM dashboard_apps WHERE id = $1 AND account_id = $2")
            .bind(id)
            .bind(account_id),
    )
    .await
}

pub async fn exists_for_account(e: &impl Exec, account_id: i64) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM dashboard_apps WHERE account_id = $1").bind(account_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}
