//! `agent_bots` and `agent_bot_inboxes`. A bot with no `account_id` is a system bot, visible to
//! every account.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgentBot {
    pub id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub outgoing_url: Option<String>,
    pub account_id: Option<i64>,
    pub bot_type: Option<i32>,
    pub bot_config: Option<Json<JsonValue>>,
    pub secret: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

#[derive(Debug, Clone, Default)]
pub struct NewAgentBot {
    pub name: Option<String>,
    pub description: Option<String>,
    pub outgoing_url: Option<String>,
    pub account_id: Option<i64>,
    pub bot_config: JsonValue,
    pub secret: String,
}

const COLUMNS: &str = "id, name, description, outgoing_url, account_id, bot_type, bot_config, secret, created_at, updated_at";

pub async fn insert(e: &impl Exec, new: &NewAgentBot, now: NaiveDateTime) -> Result<AgentBot> {
    let q = Sql::new(format!(
        "INSERT INTO agent_bots (name, description, outgoing_url, account_id, bot_type, bot_config, secret, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, 0, $5, $6, $7, $7) RETURNING {COLUMNS}"
    ))
    .bind(new.name.clone())
    .bind(new.description.clone())
    .bind(new.outgoing_url.clone())
    .bind(new.account_id)
    .bind(&new.bot_config)
    .bind(&new.secret)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<AgentBot>> {
    e.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM agent_bots WHERE id = $1")).bind(id))
        .await
}

/// `AgentBot.accessible_to(account)`: the account's bots and every system bot, oldest first.
pub async fn list_accessible(e: &impl Exec, account_id: i64) -> Result<Vec<AgentBot>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM agent_bots WHERE account_id = $1 OR account_id IS NULL ORDER BY id"
    ))
    .bind(account_id);
    e.fetch_all(q).await
}

/// A bot the account may see: its own or a system bot.
pub async fn find_accessible(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<AgentBot>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM agent_bots WHERE id = $1 AND (account_id = $2 OR account_id IS NULL)"
    ))
    .bind(id)
    .bind(account_id);
    e.fetch_optional(q).await
}

/// A bot the account owns (`Current.account.agent_bots.find`): system bots are not among them.
pub async fn find_in_account(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<AgentBot>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM agent_bots WHERE id = $1 AND account_id = $2"
    ))
    .bind(id)
    .bind(account_id);
    e.fetch_optional(q).await
}

/// The fields an update may change; `None` leaves a field as it is.
#[derive(Debug, Clone, Default)]
pub struct AgentBotChanges {
    pub name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub outgoing_url: Option<Option<String>>,
    pub bot_type: Option<i32>,
    pub bot_config: Option<JsonValue>,
}

pub async fn update(
    e: &impl Exec,
    id: i64,
    changes: &AgentBotChanges,
    now: NaiveDateTime,
) -> Result<AgentBot> {
    let mut q = Sql::new("UPDATE agent_bots SET updated_at = ");
    let p = q.arg(now);
    q.push(&p);
    let set = |q: &mut Sql, column: &str, value: crate::Value| {
        let p = q.arg(value);
        q.push(&format!(", {column} = {p}"));
    };
    if let Some(v) = &changes.name {
        set(&mut q, "name", v.clone().into());
    }
    if let Some(v) = &changes.description {
        set(&mut q, "description", v.clone().into());
    }
    if let Some(v) = &changes.outgoing_url {
        set(&mut q, "outgoing_url", v.clone().into());
    }
    if let Some(v) = changes.bot_type {
        set(&mut q, "bot_type", v.into());
    }
    if let Some(v) = &changes.bot_config {
        set(&mut q, "bot_config", v.into());
    }
    let p = q.arg(id);
    q.push(&format!(" WHERE id = {p} RETURNING {COLUMNS}"));
    e.fetch_one(q).await
}

/// Deletes the bot; its inbox connections go with it (foreign key cascade).
pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM agent_bots WHERE id = $1").bind(id))
        .await
}

/// True when the bot is connected to an inbox of the account (`agent_bot_inboxes`).
pub async fn serves_account(e: &impl Exec, bot_id: i64, account_id: i64) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM agent_bot_inboxes WHERE agent_bot_id = $1 AND account_id = $2",
    )
    .bind(bot_id)
    .bind(account_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}
