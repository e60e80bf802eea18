//! Who, besides account webhooks, hears about a conversation: its API inbox's webhook URL and
//! the agent bots (the inbox's, the conversation's assigned one). One query, so that a change
//! with no such receivers costs little.

use crate::{Exec, Result, Sql};

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct ConversationReceivers {
    /// The inbox is an API inbox whose channel has a non-blank webhook URL.
    pub api_webhook: bool,
    /// The inbox's bot while its link is active (`inbox.active_bot?`), if it has an outgoing URL.
    pub inbox_bot_id: Option<i64>,
    /// The conversation's `assignee_agent_bot`, if it has an outgoing URL.
    pub assigned_bot_id: Option<i64>,
}

pub async fn for_conversation(
    e: &impl Exec,
    inbox_id: i64,
    conversation_id: i64,
) -> Result<ConversationReceivers> {
    let q = Sql::new(
        "SELECT \
           COALESCE(ca.webhook_url IS NOT NULL AND TRIM(ca.webhook_url) <> '', FALSE) \
             AS api_webhook, \
           (SELECT b.id FROM agent_bot_inboxes abi JOIN agent_bots b ON b.id = abi.agent_bot_id \
             WHERE abi.inbox_id = i.id AND abi.status = 0 \
             AND b.outgoing_url IS NOT NULL AND TRIM(b.outgoing_url) <> '') AS inbox_bot_id, \
           (SELECT b.id FROM conversations c JOIN agent_bots b ON b.id = c.assignee_agent_bot_id \
             WHERE c.id = $2 \
             AND b.outgoing_url IS NOT NULL AND TRIM(b.outgoing_url) <> '') AS assigned_bot_id \
         FROM inboxes i \
         LEFT JOIN channel_api ca ON i.channel_type = 'Channel::Api' AND ca.id = i.channel_id \
         WHERE i.id = $1",
    )
    .bind(inbox_id)
    .bind(conversation_id);
    Ok(e.fetch_optional(q).await?.unwrap_or_default())
}
