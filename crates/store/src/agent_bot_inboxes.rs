//! `agent_bot_inboxes`: the one agent bot connected to an inbox (unique per inbox).

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AgentBotInbox {
    pub id: i64,
    pub inbox_id: Option<i64>,
    pub agent_bot_id: Option<i64>,
    pub status: Option<i32>,
    pub account_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str = "id, inbox_id, agent_bot_id, status, account_id, created_at, updated_at";

pub async fn find_for_inbox(e: &impl Exec, inbox_id: i64) -> Result<Option<AgentBotInbox>> {
    e.fetch_optional(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM agent_bot_inboxes WHERE inbox_id = $1"
        ))
        .bind(inbox_id),
    )
    .await
}

/// `inbox.active_bot?` (without Captain): the inbox's bot link exists and is active.
pub async fn has_active_bot(e: &impl Exec, inbox_id: i64) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM agent_bot_inboxes WHERE inbox_id = $1 AND status = 0 AND agent_bot_id IS NOT NULL",
    )
    .bind(inbox_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// Connects `agent_bot_id` to the inbox, replacing the bot already there; a replaced row
/// keeps its status, a new one starts active (0).
pub async fn upsert(
    e: &impl Exec,
    inbox_id: i64,
    agent_bot_id: i64,
    account_id: i64,
    now: NaiveDateTime,
) -> Result<u64> {
    let q = Sql::new(
        "INSERT INTO agent_bot_inboxes (inbox_id, agent_bot_id, status, account_id, created_at, updated_at) \
         VALUES ($1, $2, 0, $3, $4, $4) ON CONFLICT (inbox_id) DO UPDATE SET \
         agent_bot_id = excluded.agent_bot_id, account_id = excluded.account_id, updated_at = excluded.updated_at",
    )
    .bind(inbox_id)
    .bind(agent_bot_id)
    .bind(account_id)
    .bind(now);
    e.execute(q).await
}

pub async fn delete_for_inbox(e: &impl Exec, inbox_id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM agent_bot_inboxes WHERE inbox_id = $1").bind(inbox_id))
        .await
}
