//! `platform_apps` and `platform_app_permissibles`: a platform app may reach only the objects it
//! created or was granted.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PlatformApp {
    pub id: i64,
    pub name: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub async fn insert(e: &impl Exec, name: &str, now: NaiveDateTime) -> Result<PlatformApp> {
    let q = Sql::new("INSERT INTO platform_apps (name, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id, name, created_at, updated_at")
        .bind(name)
        .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<PlatformApp>> {
    e.fetch_optional(
        Sql::new("SELECT id, name, created_at, updated_at FROM platform_apps WHERE id = $1")
            .bind(id),
    )
    .await
}

/// Grants the app `permissible_type` #`permissible_id` (idempotent).
pub async fn permit(
    e: &impl Exec,
    app_id: i64,
    permissible_type: &str,
    permissible_id: i64,
    now: NaiveDateTime,
) -> Result<()> {
    let q = Sql::new(
        "INSERT INTO platform_app_permissibles (platform_app_id, permissible_type, permissible_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT DO NOTHING",
    )
    .bind(app_id)
    .bind(permissible_type)
    .bind(permissible_id)
    .bind(now);
    e.execute(q).await.map(|_| ())
}

pub async fn is_permitted(
    e: &impl Exec,
    app_id: i64,
    permissible_type: &str,
    permissible_id: i64,
) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM platform_app_permissibles WHERE platform_app_id = $1 AND permissible_type = $2 AND permissible_id = $3",
    )
    .bind(app_id)
    .bind(permissible_type)
    .bind(permissible_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}

pub async fn permitted_ids(e: &impl Exec, app_id: i64, permissible_type: &str) -> Result<Vec<i64>> {
    let q = Sql::new(
        "SELECT permissible_id FROM platform_app_permissibles WHERE platform_app_id = $1 AND permissible_type = $2 ORDER BY permissible_id",
    )
    .bind(app_id)
    .bind(permissible_type);
    Ok(e.fetch_all::<(i64,)>(q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}

/// Drops every grant on an object that no longer exists.
pub async fn forget(e: &impl Exec, permissible_type: &str, permissible_id: i64) -> Result<u64> {
    let q = Sql::new(
        "DELETE FROM platform_app_permissibles WHERE permissible_type = $1 AND permissible_id = $2",
    )
    .bind(permissible_type)
    .bind(permissible_id);
    e.execute(q).await
}
