//! `Message#push_event_data` and `Message#webhook_data` (app/models/message.rb).

use super::json_or_empty;
use crate::{App, Result};
use domain::messages::{ContentType, MessageStatus, MessageType};
use domain::time::{iso, unix};
use serde_json::{json, Value};
use store::messages::Message;
use store::Exec;

async fn find(e: &impl Exec, message_id: i64) -> Result<Option<Message>> {
    Ok(store::conversation_reads::messages_by_ids(e, &[message_id])
        .await?
        .into_iter()
        .next())
}

async fn attachments(app: &App, e: &impl Exec, m: &Message) -> Result<Option<Vec<Value>>> {
    let list = store::attachments::for_messages(e, &[m.id]).await?;
    Ok((!list.is_empty()).then(|| {
        list.iter()
            .map(|a| super::attachment::push(app, a))
            .collect()
    }))
}

fn content_type(m: &Message) -> &'static str {
    ContentType::from_i32(m.content_type)
        .unwrap_or(ContentType::Text)
        .as_str()
}

/// `conversation_push_event_data`: what a message's push data tells of its conversation.
/// `unread` is the conversation's count of unread incoming messages.
pub fn conversation_block(
    assignee_id: Option<i64>,
    last_activity_at: chrono::NaiveDateTime,
    unread: i64,
    source_id: Option<&str>,
) -> Value {
    json!({
        "assignee_id": assignee_id,
        // `unread_incoming_messages` is `.last(10)`.
        "unread_count": unread.min(10),
        "last_activity_at": unix(last_activity_at),
        "contact_inbox": { "source_id": source_id },
    })
}

/// `push_event_data`: the message's attributes (enums by name, as Rails' `attributes`), with
/// `message_type` as its integer, `created_at` in Unix seconds, the conversation's display id,
/// a small `conversation` block, the sender and the attachments.
pub async fn push_data(app: &App, e: &impl Exec, message_id: i64) -> Result<Option<Value>> {
    let Some(m) = find(e, message_id).await? else {
        return Ok(None);
    };
    let Some(c) = store::conversations::find(e, m.conversation_id).await? else {
        return Ok(Some(push(app, e, &m, None, Value::Null).await?));
    };
    let unread = store::messages::count_incoming_since(e, c.id, c.agent_last_seen_at).await?;
    let source_id = match c.contact_inbox_id {
        Some(id) => store::contact_inboxes::find(e, id)
            .await?
            .map(|ci| ci.source_id),
        None => None,
    };
    let block = conversation_block(
        c.assignee_id,
        c.last_activity_at,
        unread,
        source_id.as_deref(),
    );
    Ok(Some(push(app, e, &m, Some(c.display_id), block).await?))
}

/// The push data of a message whose conversation (display id and block) the caller has read.
pub async fn push(
    app: &App,
    e: &impl Exec,
    m: &Message,
    display_id: Option<i64>,
    conversation: Value,
) -> Result<Value> {
    let mut data = json!({
        "id": m.id,
        "content": m.content,
        "account_id": m.account_id,
        "inbox_id": m.inbox_id,
        "conversation_id": display_id,
        "message_type": m.message_type,
        "created_at": unix(m.created_at),
        "updated_at": iso(m.updated_at),
        "private": m.private,
        "status": MessageStatus::from_i32(m.status.unwrap_or(0))
            .unwrap_or(MessageStatus::Sent)
            .as_str(),
        "source_id": m.source_id,
        "content_type": content_type(m),
        "content_attributes": json_or_empty(&m.content_attributes),
        "sender_type": m.sender_type,
        "sender_id": m.sender_id,
        "external_source_ids": json_or_empty(&m.external_source_ids),
        "additional_attributes": json_or_empty(&m.additional_attributes),
        "processed_message_content": m.processed_message_content,
        "sentiment": json_or_empty(&m.sentiment),
        "conversation": conversation,
    });
    if let Some(echo) = m.echo_id.as_ref().filter(|e| !e.is_empty()) {
        data["echo_id"] = json!(echo);
    }
    if let Some(list) = attachments(app, e, m).await? {
        data["attachments"] = json!(list);
    }
    if let Some(sender) = sender_push(app, e, m).await? {
        data["sender"] = sender;
    }
    Ok(data)
}

async fn sender_push(app: &App, e: &impl Exec, m: &Message) -> Result<Option<Value>> {
    let Some(id) = m.sender_id else {
        return Ok(None);
    };
    Ok(match m.sender_type.as_deref() {
        Some("User") => super::user::push_data(app, e, m.account_id, id).await?,
        Some("Contact") => super::contact::push_data(e, id).await?,
        Some("AgentBot") => store::agent_bots::find(e, id)
            .await?
            .map(|b| super::agent_bot::push(&b)),
        _ => None,
    })
}

async fn sender_webhook(e: &impl Exec, m: &Message) -> Result<Value> {
    let Some(id) = m.sender_id else {
        return Ok(Value::Null);
    };
    Ok(match m.sender_type.as_deref() {
        Some("User") => store::users::find(e, id)
            .await?
            .map_or(Value::Null, |u| super::user::webhook(&u)),
        Some("Contact") => super::contact::webhook_data(e, id)
            .await?
            .unwrap_or(Value::Null),
        Some("AgentBot") => store::agent_bots::find(e, id)
            .await?
            .map_or(Value::Null, |b| super::agent_bot::webhook(&b)),
        _ => Value::Null,
    })
}

/// `webhook_sendable?`: incoming, outgoing and template messages (no activities).
pub fn is_webhook_sendable(message_type: i32) -> bool {
    matches!(
        MessageType::from_i32(message_type),
        Some(MessageType::Incoming | MessageType::Outgoing | MessageType::Template)
    )
}

/// `webhook_data`: `message_type` by name, `created_at` as a time, the sender's and the
/// conversation's webhook data. Switchboard sends no CSAT survey link with the content (no
/// inbox it supports appends one upstream: web widgets never do, API inboxes have no CSAT
/// delivery).
pub async fn webhook_data(app: &App, e: &impl Exec, message_id: i64) -> Result<Option<Value>> {
    let Some(m) = find(e, message_id).await? else {
        return Ok(None);
    };
    let conversation = super::conversation::push_data(app, e, m.conversation_id)
        .await?
        .unwrap_or(Value::Null);
    let mut data = json!({
        "account": super::inbox::account(e, m.account_id).await?,
        "additional_attributes": json_or_empty(&m.additional_attributes),
        "content_attributes": json_or_empty(&m.content_attributes),
        "content_type": content_type(&m),
        "content": m.content,
        "conversation": conversation,
        "created_at": iso(m.created_at),
        "id": m.id,
        "inbox": super::inbox::webhook(e, m.account_id, m.inbox_id).await?,
        "message_type": MessageType::from_i32(m.message_type)
            .unwrap_or(MessageType::Incoming)
            .as_str(),
        "private": m.private,
        "sender": sender_webhook(e, &m).await?,
        "source_id": m.source_id,
    });
    if let Some(list) = attachments(app, e, &m).await? {
        data["attachments"] = json!(list);
    }
    Ok(Some(data))
}
