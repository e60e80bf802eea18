//! `api/v1/models/_message.json.jbuilder` and `Message#push_event_data`: a message with its
//! sender's and attachments' push data. `messages()` renders a page with one query per kind of
//! thing it needs (conversations, users, contacts, bots, attachments), never one per message.

use crate::error::ApiResult;
use app::presence::user_availability_status;
use app::App;
use domain::messages::{ContentType, FileType, MessageStatus};
use domain::time::unix;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::HashMap;
use store::attachments::Attachment;
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

/// `User#push_event_data`.
pub fn user_push_data(a: &store::inbox_members::AccountAgent, account_id: i64, app: &App) -> Value {
    let u = &a.user;
    json!({
        "id": u.id,
        "name": u.name,
        "available_name": crate::views::user::available_name(u),
        "avatar_url": "",
        "type": "user",
        "availability_status": user_availability_status(
            &app.presence, account_id, u.id, a.member_availability, a.member_auto_offline),
        "thumbnail": "",
    })
}

/// `Contact#push_event_data`.
pub fn contact_push_data(c: &store::contacts::Contact) -> Value {
    let json_or_empty = |v: &Option<store::Json<Value>>| {
        v.as_ref().map(|j| j.0.clone()).unwrap_or_else(|| json!({}))
    };
    json!({
        "additional_attributes": json_or_empty(&c.additional_attributes),
        "custom_attributes": json_or_empty(&c.custom_attributes),
        "email": c.email,
        "id": c.id,
        "identifier": c.identifier,
        "name": c.name,
        "phone_number": c.phone_number,
        "thumbnail": "",
        "blocked": c.blocked,
        "type": "contact",
    })
}

/// `AgentBot#push_event_data(inbox)`.
pub fn bot_push_data(b: &store::agent_bots::AgentBot) -> Value {
    json!({ "id": b.id, "name": b.name, "avatar_url": "", "type": "agent_bot" })
}

/// Where a stored file is served (the shape of ActiveStorage's blob redirect URL).
pub fn file_url(app: &App, key: &str, name: &str) -> String {
    let base = app.config.frontend_url.trim_end_matches('/');
    let name: String = name
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect();
    format!("{base}/rails/active_storage/blobs/redirect/{key}/{name}")
}

/// `Attachment#push_event_data`.
pub fn attachment_push_data(app: &App, a: &Attachment) -> Value {
    let file_type = FileType::from_i32(a.file_type.unwrap_or(0)).unwrap_or(FileType::Image);
    let mut data = json!({
        "id": a.id,
        "message_id": a.message_id,
        "file_type": file_type.as_str(),
        "account_id": a.account_id,
    });
    let extra = match file_type {
        FileType::Location => json!({
            "coordinates_lat": a.coordinates_lat,
            "coordinates_long": a.coordinates_long,
            "fallback_title": a.fallback_title,
            "data_url": a.external_url,
        }),
        FileType::Fallback => {
            json!({ "fallback_title": a.fallback_title, "data_url": a.external_url })
        }
        FileType::Contact => json!({
            "fallback_title": a.fallback_title,
            "meta": a.meta.as_ref().map(|j| j.0.clone()).unwrap_or_else(|| json!({})),
        }),
        _ => {
            let url = match (&a.file_key, &a.file_name) {
                (Some(k), Some(n)) => file_url(app, k, n),
                _ => String::new(),
            };
            // Switchboard keeps no resized representation: an image's thumbnail is the image.
            let thumb = if file_type == FileType::Image {
                url.clone()
            } else {
                String::new()
            };
            let mut m = json!({
                "extension": a.extension,
                "data_url": url,
                "thumb_url": thumb,
                "file_size": a.file_byte_size,
                "width": null,
                "height": null,
            });
            if file_type == FileType::Audio {
                let text = a
                    .meta
                    .as_ref()
                    .and_then(|j| j.0.get("transcribed_text").cloned())
                    .unwrap_or_else(|| json!(""));
                m["transcribed_text"] = text;
            }
            m
        }
    };
    if let (Some(d), Some(e)) = (data.as_object_mut(), extra.as_object()) {
        d.extend(e.clone());
    }
    data
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
            .map(|a| (a.user.id, user_push_data(a, account_id, app)))
            .collect();
    let contacts: HashMap<i64, Value> =
        store::messages::sender_contacts(&app.db, &ids_of("Contact"))
            .await?
            .iter()
            .map(|c| (c.id, contact_push_data(c)))
            .collect();
    let bots: HashMap<i64, Value> = store::messages::sender_bots(&app.db, &ids_of("AgentBot"))
        .await?
        .iter()
        .map(|b| (b.id, bot_push_data(b)))
        .collect();
    let message_ids: Vec<i64> = rows.iter().map(|m| m.id).collect();
    let mut attachments: HashMap<i64, Vec<Value>> = HashMap::new();
    for a in store::attachments::for_messages(&app.db, &message_ids).await? {
        attachments
            .entry(a.message_id)
            .or_default()
            .push(attachment_push_data(app, &a));
    }
    let mut blocks: HashMap<i64, Value> = HashMap::new();
    if push {
        for c in convs.values() {
            let unread =
                store::messages::count_incoming_since(&app.db, c.id, c.agent_last_seen_at).await?;
            blocks.insert(
                c.id,
                json!({
                    "assignee_id": c.assignee_id,
                    "unread_count": unread,
                    "last_activity_at": unix(c.last_activity_at),
                    "contact_inbox": { "source_id": c.contact_inbox_source_id },
                }),
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
