//! The agent-bot queries of the Platform API (`platform/api/v1/agent_bots_controller.rb`):
//! listing a platform app's bots, editing and deleting them. Reads and inserts shared with the
//! account API live in `agent_bots.rs`.

use crate::agent_bots::AgentBot;
use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

const COLUMNS: &str =
    "b.id, b.name, b.description, b.outgoing_url, b.account_id, b.bot_type, b.bot_config, \
                       b.secret, b.created_at, b.updated_at";

/// The bots a platform app may manage, in the order it was granted them. Grants whose bot is
/// gone are skipped (upstream would fail rendering them).
pub async fn list_permitted(e: &impl Exec, platform_app_id: i64) -> Result<Vec<AgentBot>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM platform_app_permissibles p JOIN agent_bots b ON b.id = p.permissible_id \
         WHERE p.platform_app_id = $1 AND p.permissible_type = 'AgentBot' ORDER BY p.id"
    ))
    .bind(platform_app_id);
    e.fetch_all(q).await
}

/// Writes the fields the Platform API edits.
pub async fn update(e: &impl Exec, bot: &AgentBot, now: NaiveDateTime) -> Result<AgentBot> {
    let q = Sql::new(format!(
        "UPDATE agent_bots SET name = $2, description = $3, outgoing_url = $4, account_id = $5, updated_at = $6 \
         WHERE id = $1 RETURNING {}",
        COLUMNS.replace("b.", "")
    ))
    .bind(bot.id)
    .bind(bot.name.clone())
    .bind(bot.description.clone())
    .bind(bot.outgoing_url.clone())
    .bind(bot.account_id)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM agent_bots WHERE id = $1").bind(id))
        .await
}

/// Ids of the bots that belong to an account (they go with it).
pub async fn ids_for_account(e: &impl Exec, account_id: i64) -> Result<Vec<i64>> {
    let q =
        Sql::new("SELECT id FROM agent_bots WHERE account_id = $1 ORDER BY id").bind(account_id);
    Ok(e.fetch_all::<(i64,)>(q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}
