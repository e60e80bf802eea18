//! `access_tokens`: the `api_access_token` of users, agent bots and platform apps
//! (`AccessTokenable`). The owner is polymorphic: `owner_type` is the Rails class name.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

pub const OWNER_USER: &str = "User";
pub const OWNER_AGENT_BOT: &str = "AgentBot";
pub const OWNER_PLATFORM_APP: &str = "PlatformApp";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccessToken {
    pub id: i64,
    pub owner_type: Option<String>,
    pub owner_id: Option<i64>,
    pub token: Option<String>,
}

pub async fn insert(
    e: &impl Exec,
    owner_type: &str,
    owner_id: i64,
    token: &str,
    now: NaiveDateTime,
) -> Result<AccessToken> {
    let q = Sql::new(
        "INSERT INTO access_tokens (owner_type, owner_id, token, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         RETURNING id, owner_type, owner_id, token",
    )
    .bind(owner_type)
    .bind(owner_id)
    .bind(token)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find_by_token(e: &impl Exec, token: &str) -> Result<Option<AccessToken>> {
    e.fetch_optional(
        Sql::new("SELECT id, owner_type, owner_id, token FROM access_tokens WHERE token = $1")
            .bind(token),
    )
    .await
}

/// The owner's token, if it has one.
pub async fn token_for(e: &impl Exec, owner_type: &str, owner_id: i64) -> Result<Option<String>> {
    let q = Sql::new("SELECT token FROM access_tokens WHERE owner_type = $1 AND owner_id = $2 ORDER BY id LIMIT 1")
        .bind(owner_type)
        .bind(owner_id);
    Ok(e.fetch_optional::<(Option<String>,)>(q)
        .await?
        .and_then(|r| r.0))
}

/// Replaces the owner's token (`regenerate_token`).
pub async fn replace(
    e: &impl Exec,
    owner_type: &str,
    owner_id: i64,
    token: &str,
    now: NaiveDateTime,
) -> Result<u64> {
    let q = Sql::new("UPDATE access_tokens SET token = $3, updated_at = $4 WHERE owner_type = $1 AND owner_id = $2")
        .bind(owner_type)
        .bind(owner_id)
        .bind(token)
        .bind(now);
    e.execute(q).await
}

pub async fn delete_for(e: &impl Exec, owner_type: &str, owner_id: i64) -> Result<u64> {
    e.execute(
        Sql::new("DELETE FROM access_tokens WHERE owner_type = $1 AND owner_id = $2")
            .bind(owner_type)
            .bind(owner_id),
    )
    .await
}
