//! `messages`: one row per message of a conversation. Pages are read by id on
//! `index_messages_on_conversation_id_and_id`; idempotent creates look up the partial unique
//! indexes on (conversation_id, echo_id) and (inbox_id, source_id). No conversation logic here.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Message {
    pub id: i64,
    pub content: Option<String>,
    pub account_id: i64,
    pub inbox_id: i64,
    pub conversation_id: i64,
    pub message_type: i32,
    pub private: bool,
    pub status: Option<i32>,
    pub source_id: Option<String>,
    pub content_type: i32,
    pub content_attributes: Option<Json<JsonValue>>,
    pub sender_type: Option<String>,
    pub sender_id: Option<i64>,
    pub external_source_ids: Option<Json<JsonValue>>,
    pub additional_attributes: Option<Json<JsonValue>>,
    pub processed_message_content: Option<String>,
    pub sentiment: Option<Json<JsonValue>>,
    pub echo_id: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str =
    "id, content, account_id, inbox_id, conversation_id, message_type, private, status, \
    source_id, content_type, content_attributes, sender_type, sender_id, external_source_ids, \
    additional_attributes, processed_message_content, sentiment, echo_id, created_at, updated_at";

/// The columns a create writes; the rest take their defaults.
#[derive(Debug, Clone, Default)]
pub struct NewMessage {
    pub account_id: i64,
    pub inbox_id: i64,
    pub conversation_id: i64,
    pub content: Option<String>,
    pub message_type: i32,
    pub private: bool,
    pub status: i32,
    pub source_id: Option<String>,
    pub content_type: i32,
    pub content_attributes: JsonValue,
    pub additional_attributes: JsonValue,
    pub sender_type: Option<String>,
    pub sender_id: Option<i64>,
    pub processed_message_content: Option<String>,
    pub echo_id: Option<String>,
}

pub async fn insert(e: &impl Exec, n: &NewMessage, now: NaiveDateTime) -> Result<Message> {
    let q = Sql::new(format!(
        "INSERT INTO messages (account_id, inbox_id, conversation_id, content, message_type, private, status, \
         source_id, content_type, content_attributes, additional_attributes, sender_type, sender_id, \
         processed_message_content, echo_id, external_source_ids, sentiment, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18) \
         RETURNING {COLUMNS}"
    ))
    .bind(n.account_id)
    .bind(n.inbox_id)
    .bind(n.conversation_id)
    .bind(n.content.clone())
    .bind(n.message_type)
    .bind(n.private)
    .bind(n.status)
    .bind(n.source_id.clone())
    .bind(n.content_type)
    .bind(&n.content_attributes)
    .bind(&n.additional_attributes)
    .bind(n.sender_type.clone())
    .bind(n.sender_id)
    .bind(n.processed_message_content.clone())
    .bind(n.echo_id.clone())
    .bind(JsonValue::Object(Default::default()))
    .bind(JsonValue::Object(Default::default()))
    .bind(now);
    e.fetch_one(q).await
}

/// A message of a conversation (`@conversation.messages.find(id)`).
pub async fn find(e: &impl Exec, conversation_id: i64, id: i64) -> Result<Option<Message>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND id = $2"
    ))
    .bind(conversation_id)
    .bind(id);
    e.fetch_optional(q).await
}

/// The message a client created with this `echo_id` in the conversation, if any.
pub async fn find_by_echo_id(
    e: &impl Exec,
    conversation_id: i64,
    echo_id: &str,
) -> Result<Option<Message>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND echo_id = $2"
    ))
    .bind(conversation_id)
    .bind(echo_id);
    e.fetch_optional(q).await
}

/// The message holding this channel `source_id` in the inbox, if any.
pub async fn find_by_source_id(
    e: &impl Exec,
    inbox_id: i64,
    source_id: &str,
) -> Result<Option<Message>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM messages WHERE inbox_id = $1 AND source_id = $2"
    ))
    .bind(inbox_id)
    .bind(source_id);
    e.fetch_optional(q).await
}

/// Which page of a conversation's messages (`MessageFinder`): the latest 20 by default, 20
/// older than `before`, up to 100 newer than `after`, or up to 1000 between both.
#[derive(Debug, Clone, Copy, Default)]
pub struct PageQuery {
    pub before: Option<i64>,
    pub after: Option<i64>,
    /// `filter_internal_messages`: leave out private notes and activities.
    pub filter_internal: bool,
}

pub const PAGE_SIZE: i64 = 20;
pub const AFTER_LIMIT: i64 = 100;
pub const BETWEEN_LIMIT: i64 = 1000;

/// A page of messages, oldest first (upstream reverses a newest-first window).
pub async fn page(e: &impl Exec, conversation_id: i64, p: PageQuery) -> Result<Vec<Message>> {
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = "
    ));
    let c = q.arg(conversation_id);
    q.push(&c);
    // `before`/`after` alone pick the window closest to the cursor; both take the oldest
    // from `after` on (inclusive, as upstream's `id >= after AND id < before`).
    let (order, limit) = match (p.before, p.after) {
        (Some(_), Some(_)) => ("ASC", BETWEEN_LIMIT),
        (None, Some(_)) => ("ASC", AFTER_LIMIT),
        _ => ("DESC", PAGE_SIZE),
    };
    if let Some(before) = p.before {
        let b = q.arg(before);
        q.push(&format!(" AND id < {b}"));
    }
    if let Some(after) = p.after {
        let a = q.arg(after);
        let op = if p.before.is_some() { ">=" } else { ">" };
        q.push(&format!(" AND id {op} {a}"));
    }
    if p.filter_internal {
        q.push(" AND private = FALSE AND message_type <> 2");
    }
    let l = q.arg(limit);
    q.push(&format!(" ORDER BY id {order} LIMIT {l}"));
    let mut rows: Vec<Message> = e.fetch_all(q).await?;
    if order == "DESC" {
        rows.reverse();
    }
    Ok(rows)
}

/// The newest message of a conversation.
pub async fn last(e: &impl Exec, conversation_id: i64) -> Result<Option<Message>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 ORDER BY id DESC LIMIT 1"
    ))
    .bind(conversation_id);
    e.fetch_optional(q).await
}

/// The newest message that is not an activity (`messages.non_activity_messages.first`).
pub async fn last_non_activity(e: &impl Exec, conversation_id: i64) -> Result<Option<Message>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM messages WHERE conversation_id = $1 AND message_type <> 2 \
         ORDER BY id DESC LIMIT 1"
    ))
    .bind(conversation_id);
    e.fetch_optional(q).await
}

/// Sets the delivery status (and `external_error` in content_attributes when given).
pub async fn update_status(
    e: &impl Exec,
    id: i64,
    status: i32,
    content_attributes: &JsonValue,
    now: NaiveDateTime,
) -> Result<Message> {
    let q = Sql::new(format!(
        "UPDATE messages SET status = $2, content_attributes = $3, updated_at = $4 WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(status)
    .bind(content_attributes)
    .bind(now);
    e.fetch_one(q).await
}

/// Overwrites content, content type and content attributes (the soft delete).
pub async fn update_content(
    e: &impl Exec,
    id: i64,
    content: &str,
    content_type: i32,
    content_attributes: &JsonValue,
    now: NaiveDateTime,
) -> Result<Message> {
    let q = Sql::new(format!(
        "UPDATE messages SET content = $2, processed_message_content = $2, content_type = $3, \
         content_attributes = $4, updated_at = $5 WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(content)
    .bind(content_type)
    .bind(content_attributes)
    .bind(now);
    e.fetch_one(q).await
}

/// Incoming messages of the conversation newer than `since` (the unread count), or all of them.
pub async fn count_incoming_since(
    e: &impl Exec,
    conversation_id: i64,
    since: Option<NaiveDateTime>,
) -> Result<i64> {
    let mut q = Sql::new("SELECT COUNT(*) FROM messages WHERE conversation_id = ");
    let c = q.arg(conversation_id);
    q.push(&format!("{c} AND message_type = 0"));
    if let Some(since) = since {
        let s = q.arg(since);
        q.push(&format!(" AND created_at > {s}"));
    }
    e.scalar(q).await
}

/// Senders of a page, read in one query per sender type so views never query per message.
/// Users come with their membership of the account (availability), defaulting when they left.
pub async fn sender_users(
    e: &impl Exec,
    account_id: i64,
    ids: &[i64],
) -> Result<Vec<crate::inbox_members::AccountAgent>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!(
        "SELECT {}, COALESCE(au.role, 0) AS member_role, COALESCE(au.availability, 0) AS member_availability, \
         COALESCE(au.auto_offline, TRUE) AS member_auto_offline \
         FROM users u LEFT JOIN account_users au ON au.user_id = u.id AND au.account_id = $1 WHERE u.id IN (",
        crate::users::prefixed("u")
    ))
    .bind(account_id);
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}

pub async fn sender_contacts(e: &impl Exec, ids: &[i64]) -> Result<Vec<crate::contacts::Contact>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!(
        "SELECT {} FROM contacts WHERE id IN (",
        crate::contacts::COLUMN_NAMES.join(", ")
    ));
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}

pub async fn sender_bots(e: &impl Exec, ids: &[i64]) -> Result<Vec<crate::agent_bots::AgentBot>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT id, name, description, outgoing_url, account_id, bot_type, bot_config, secret, created_at, \
         updated_at FROM agent_bots WHERE id IN (",
    );
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}

/// What a message view needs of its conversation: the display id and the push-event block.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConversationRef {
    pub id: i64,
    pub display_id: i64,
    pub assignee_id: Option<i64>,
    pub agent_last_seen_at: Option<NaiveDateTime>,
    pub last_activity_at: NaiveDateTime,
    pub contact_inbox_source_id: Option<String>,
}

pub async fn conversation_refs(e: &impl Exec, ids: &[i64]) -> Result<Vec<ConversationRef>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(
        "SELECT c.id, c.display_id, c.assignee_id, c.agent_last_seen_at, c.last_activity_at, \
         ci.source_id AS contact_inbox_source_id \
         FROM conversations c LEFT JOIN contact_inboxes ci ON ci.id = c.contact_inbox_id WHERE c.id IN (",
    );
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}
