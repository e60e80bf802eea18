//! What the messages controller reads and writes of a conversation: the row by its display id
//! and the columns a new message moves (activity, waiting time, first reply, status). The
//! conversations controller has its own module; this one stays to the message's needs.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MessageConversation {
    pub id: i64,
    pub account_id: i64,
    pub inbox_id: i64,
    pub status: i32,
    pub assignee_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub display_id: i64,
    pub contact_inbox_id: Option<i64>,
    pub team_id: Option<i64>,
    pub additional_attributes: Option<Json<JsonValue>>,
    pub cached_label_list: Option<String>,
    pub agent_last_seen_at: Option<NaiveDateTime>,
    pub assignee_last_seen_at: Option<NaiveDateTime>,
    pub waiting_since: Option<NaiveDateTime>,
    pub first_reply_created_at: Option<NaiveDateTime>,
    pub muted_until: Option<NaiveDateTime>,
    pub last_activity_at: NaiveDateTime,
    pub inbox_channel_type: Option<String>,
}

/// `Current.account.conversations.find_by!(display_id:)`, with its inbox's channel type.
pub async fn by_display_id(
    e: &impl Exec,
    account_id: i64,
    display_id: i64,
) -> Result<Option<MessageConversation>> {
    let q = Sql::new(
        "SELECT c.id, c.account_id, c.inbox_id, c.status, c.assignee_id, c.contact_id, c.display_id, \
         c.contact_inbox_id, c.team_id, c.additional_attributes, c.cached_label_list, c.agent_last_seen_at, \
         c.assignee_last_seen_at, c.waiting_since, c.first_reply_created_at, c.muted_until, c.last_activity_at, \
         i.channel_type AS inbox_channel_type \
         FROM conversations c JOIN inboxes i ON i.id = c.inbox_id \
         WHERE c.account_id = $1 AND c.display_id = $2",
    )
    .bind(account_id)
    .bind(display_id);
    e.fetch_optional(q).await
}

/// The columns a created message sets on its conversation (all written, computed by the caller).
#[derive(Debug, Clone)]
pub struct AfterMessage {
    pub status: i32,
    pub clear_snooze: bool,
    pub last_activity_at: NaiveDateTime,
    pub waiting_since: Option<NaiveDateTime>,
    pub first_reply_created_at: Option<NaiveDateTime>,
}

pub async fn apply_after_message(
    e: &impl Exec,
    id: i64,
    a: &AfterMessage,
    now: NaiveDateTime,
) -> Result<u64> {
    let snooze = if a.clear_snooze {
        ", snoozed_until = NULL"
    } else {
        ""
    };
    let q = Sql::new(format!(
        "UPDATE conversations SET status = $2, last_activity_at = $3, waiting_since = $4, \
         first_reply_created_at = $5, updated_at = $6{snooze} WHERE id = $1"
    ))
    .bind(id)
    .bind(a.status)
    .bind(a.last_activity_at)
    .bind(a.waiting_since)
    .bind(a.first_reply_created_at)
    .bind(now);
    e.execute(q).await
}

/// Touches the conversation (`belongs_to :conversation, touch: true`).
pub async fn touch(e: &impl Exec, id: i64, now: NaiveDateTime) -> Result<u64> {
    e.execute(
        Sql::new("UPDATE conversations SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now),
    )
    .await
}

/// Outgoing, public, human (not bot), non-campaign messages of the conversation: upstream's
/// `valid_first_reply?` allows a first reply only while there is at most one.
pub async fn human_reply_count(e: &impl Exec, id: i64) -> Result<i64> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND message_type = 1 AND private = FALSE \
         AND (sender_type IS NULL OR sender_type NOT IN ('AgentBot', 'Captain::Assistant'))",
    )
    .bind(id);
    e.scalar(q).await
}

/// Whether an agent (a User) wrote an outgoing message in the conversation.
pub async fn has_user_reply(e: &impl Exec, id: i64) -> Result<bool> {
    let q = Sql::new(
        "SELECT id FROM messages WHERE conversation_id = $1 AND message_type = 1 AND sender_type = 'User' LIMIT 1",
    )
    .bind(id);
    Ok(e.fetch_optional::<(i64,)>(q).await?.is_some())
}

/// Messages of the conversation created at or after `since` (upstream's flood guard).
pub async fn messages_since(e: &impl Exec, id: i64, since: NaiveDateTime) -> Result<i64> {
    let q =
        Sql::new("SELECT COUNT(*) FROM messages WHERE conversation_id = $1 AND created_at >= $2")
            .bind(id)
            .bind(since);
    e.scalar(q).await
}

/// `sender.update(last_activity_at:)` for a contact sender.
pub async fn touch_contact_activity(
    e: &impl Exec,
    contact_id: i64,
    now: NaiveDateTime,
) -> Result<u64> {
    e.execute(
        Sql::new("UPDATE contacts SET last_activity_at = $2, updated_at = $2 WHERE id = $1")
            .bind(contact_id)
            .bind(now),
    )
    .await
}
