//! `api/v1/models/_message.json.jbuilder` and `Message#push_event_data`: a message with its
//! sender's and attachments' push data. `messages()` renders a page with one query per kind of
//! thing it needs (conversations, users, contacts, bots, attachments), never one per message.

use crate::error::ApiResult;
use app::payloads;
use app::App;
use domain::messages::{ContentType, MessageStatus};
use domain::time::unix;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use store::messages::{ConversationRef, Message};

#[derive(Serialize)]
pub struct MessageView {
    pub id: i64,
    pub content: Option<String>,
    pub inbox_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub echo_id: Option<String>,
    /// The conversation's display id, not its row id.
    pub conversation_id: i64,
    /// `message_type_before_type_cast`: the integer.
    pub message_type: i32,
    pub content_type: &'static str,
    pub status: &'static str,
    pub content_attributes: Value,
    pub created_at: i64,
    pub private: bool,
    pub source_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sender: Option<Value>,
    /// `if message.attachments.present?`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attachments: Option<Vec<Value>>,
    /// Only in push event data (`conversation_push_event_data`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub conversation: Option<Value>,
}

/// Renders messages (all of one account) as `_message`; with `push` each also carries its
/// `conversation` block (one unread count query per distinct conversation).
pub async fn messages(app: &App, rows: &[Message], push: bool) -> ApiResult<Vec<MessageView>> {
    let Some(first) = rows.first() else {
        return Ok(Vec::new());
    };
    let account_id = first.account_id;
    let ids_of = |kind: &str| -> Vec<i64> {
        let mut ids: Vec<i64> = rows
            .iter()
            .filter(|m| m.sender_type.as_deref() == Some(kind))
            .filter_map(|m| m.sender_id)
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut conv_ids: Vec<i64> = rows.iter().map(|m| m.conversation_id).collect();
    conv_ids.sort_unstable();
    conv_ids.dedup();
    let convs: HashMap<i64, ConversationRef> =
        store::messages::conversation_refs(&app.db, &conv_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
    let users: HashMap<i64, Value> =
        store::messages::sender_users(&app.db, account_id, &ids_of("User"))
            .await?
            .iter()
            .map(|a| (a.user.id, payloads::user::push(app, a, account_id)))
            .collect();
    let contacts: HashMap<i64, Value> =
        store::messages::sender_contacts(&app.db, &ids_of("Contact"))
            .await?
            .iter()
            .map(|c| (c.id, payloads::contact::push(c)))
            .collect();
    let bots: HashMap<i64, Value> = store::messages::sender_bots(&app.db, &ids_of("AgentBot"))
        .await?
        .iter()
        .map(|b| (b.id, payloads::agent_bot::push(b)))
        .collect();
    let message_ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut attachments: HashMap<i64, Vec<Value>> = HashMap::new();
    for a in store::attachments::for_messages(&app.db, &message_ids).await? {
        attachments
            .entry(a.message_id)
            .or_default()
            .push(payloads::attachment::push(app, &a));
    }
    let mut blocks: HashMap<i64, Value> = HashMap::new();
    if push {
        for c in convs.values() {
            let unread =
                store::messages::count_incoming_since(&app.db, c.id, c.agent_last_seen_at).await?;
            blocks.insert(
                c.id,
                payloads::message::conversation_block(
                    c.assignee_id,
                    c.last_activity_at,
                    unread,
                    c.contact_inbox_source_id.as_deref(),
                ),
            );
        }
    }
    Ok(rows
        .iter()
        .map(|m| {
            let sender = m.sender_id.and_then(|id| match m.sender_type.as_deref() {
                Some("User") => users.get(&id).cloned(),
                Some("Contact") => contacts.get(&id).cloned(),
                Some("AgentBot") => bots.get(&id).cloned(),
                _ => None,
            });
            MessageView {
                id: m.id,
                content: m.content.clone(),
                inbox_id: m.inbox_id,
                echo_id: m.echo_id.clone().filter(|e| !e.is_empty()),
                conversation_id: convs.get(&m.conversation_id).map_or(0, |c| c.display_id),
                message_type: m.message_type,
                content_type: ContentType::from_i32(m.content_type)
                    .unwrap_or(ContentType::Text)
                    .as_str(),
                status: MessageStatus::from_i32(m.status.unwrap_or(0))
                    .unwrap_or(MessageStatus::Sent)
                    .as_str(),
                content_attributes: m
                    .content_attributes
                    .as_ref()
                    .map(|j| j.0.clone())
                    .unwrap_or_else(|| json!({})),
                created_at: unix(m.created_at),
                private: m.private,
                source_id: m.source_id.clone(),
                sender,
                attachments: attachments.remove(&m.id),
                conversation: blocks.get(&m.conversation_id).cloned(),
            }
        })
        .collect())
}

pub async fn message(app: &App, m: &Message, push: bool) -> ApiResult<MessageView> {
    let mut list = messages(app, std::slice::from_ref(m), push).await?;
    Ok(list.remove(0))
}
