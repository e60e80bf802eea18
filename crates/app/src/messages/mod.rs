//! The messages of a conversation (`conversations/messages_controller.rb`): who may reach a
//! conversation, create (`Messages::MessageBuilder` plus the Message model's callbacks), status
//! updates for API inboxes, and the soft delete.

pub mod create;
pub mod files;
pub mod write;

use crate::conversations::Viewer;
use crate::events::{commit, push_change, Changes, ConversationRef, Event, EventKind};
use crate::{App, AppError};
use domain::messages::{ContentType, MessageStatus, DELETED_CONTENT};
use serde_json::{json, Value};
use store::message_conversations::{self as convs, MessageConversation};
use store::messages::Message;

pub use create::{create, Created, NewMessageParams};

/// Who writes: a member of the account, or an agent bot (messages `create` is one of the
/// endpoints `AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS` opens to bots).
#[derive(Debug, Clone, Copy)]
pub enum Actor {
    User { id: i64, admin: bool },
    AgentBot { id: i64 },
}

/// The conversation of the path (`find_by!(display_id:)` then `authorize :show?`):
/// administrators and bots see every conversation, agents those of their inboxes and teams.
pub async fn conversation(
    app: &App,
    account_id: i64,
    display_id: i64,
    actor: Actor,
) -> Result<MessageConversation, AppError> {
    let conv = convs::by_display_id(&app.db, account_id, display_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let viewer = match actor {
        Actor::User { id, admin } => Viewer::User { id, admin },
        Actor::AgentBot { id } => Viewer::Bot { id },
    };
    if crate::conversations::may_see(&app.db, viewer, account_id, conv.inbox_id, conv.team_id)
        .await?
    {
        Ok(conv)
    } else {
        Err(AppError::not_authorized())
    }
}

pub fn is_api_inbox(conv: &MessageConversation) -> bool {
    conv.inbox_channel_type.as_deref() == Some("Channel::Api")
}

/// `Messages::StatusUpdateService`: an unknown status, or `read` back to `delivered`, changes
/// nothing (the message is still returned); `external_error` is kept only for `failed`.
/// The caller first refuses non-API inboxes (`ensure_api_inbox`, a 403 `{error}`).
pub async fn update_status(
    app: &App,
    conv: &MessageConversation,
    actor: Actor,
    message_id: i64,
    status: Option<&str>,
    external_error: Option<&str>,
) -> Result<Message, AppError> {
    let message = store::messages::find(&app.db, conv.id, message_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let Some(status) =
        status.and_then(|s| MessageStatus::ALL.iter().copied().find(|v| v.as_str() == s))
    else {
        return Ok(message);
    };
    if message.status == Some(MessageStatus::Read.as_i32()) && status == MessageStatus::Delivered {
        return Ok(message);
    }
    let mut attrs = object(&message.content_attributes);
    match (status, external_error) {
        (MessageStatus::Failed, Some(err)) => {
            attrs.insert("external_error".into(), json!(err));
        }
        _ => {
            attrs.remove("external_error");
        }
    }
    let now = domain::time::now();
    let tx = app.db.begin().await?;
    let updated = store::messages::update_status(
        &tx,
        message.id,
        status.as_i32(),
        &Value::Object(attrs),
        now,
    )
    .await?;
    convs::touch(&tx, conv.id, now).await?;
    let event = updated_event(conv, actor, &message, &updated);
    commit(app, tx, event.into_iter().collect()).await?;
    Ok(updated)
}

fn text(v: &Option<String>) -> Value {
    json!(v)
}

/// `previous_changes` of a message save, as Rails renders them in JSON.
pub fn changes(before: &Message, after: &Message) -> Changes {
    let mut out = Changes::new();
    let status = |s: Option<i32>| json!(s.and_then(MessageStatus::from_i32).map(|s| s.as_str()));
    let content_type = |t: i32| json!(ContentType::from_i32(t).map(|t| t.as_str()));
    let object =
        |v: &Option<store::Json<Value>>| v.as_ref().map(|j| j.0.clone()).unwrap_or(json!({}));
    push_change(
        &mut out,
        "content",
        text(&before.content),
        text(&after.content),
    );
    push_change(
        &mut out,
        "status",
        status(before.status),
        status(after.status),
    );
    push_change(
        &mut out,
        "content_type",
        content_type(before.content_type),
        content_type(after.content_type),
    );
    push_change(
        &mut out,
        "content_attributes",
        object(&before.content_attributes),
        object(&after.content_attributes),
    );
    push_change(
        &mut out,
        "processed_message_content",
        text(&before.processed_message_content),
        text(&after.processed_message_content),
    );
    if !out.is_empty() {
        push_change(
            &mut out,
            "updated_at",
            json!(domain::time::iso(before.updated_at)),
            json!(domain::time::iso(after.updated_at)),
        );
    }
    out
}

/// `dispatch_update_event`: nothing when the save changed nothing.
fn updated_event(
    conv: &MessageConversation,
    actor: Actor,
    before: &Message,
    after: &Message,
) -> Option<Event> {
    let changes = changes(before, after);
    if changes.is_empty() {
        return None;
    }
    let conversation = ConversationRef {
        id: conv.id,
        display_id: conv.display_id,
        inbox_id: conv.inbox_id,
    };
    let performer = crate::conversations::events::performer(write::viewer(actor));
    Some(Event::new(
        conv.account_id,
        Some(performer),
        EventKind::MessageUpdated {
            message_id: after.id,
            conversation,
            changes,
        },
    ))
}

/// `destroy`: the row stays, its text becomes "This message was deleted", its content
/// attributes `{deleted: true}`, and its attachments (rows and files) go.
pub async fn delete(
    app: &App,
    conv: &MessageConversation,
    actor: Actor,
    message_id: i64,
) -> Result<Message, AppError> {
    let message = store::messages::find(&app.db, conv.id, message_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let keys: Vec<String> = store::attachments::for_messages(&app.db, &[message.id])
        .await?
        .into_iter()
        .filter_map(|a| a.file_key)
        .collect();
    let now = domain::time::now();
    let tx = app.db.begin().await?;
    let updated = store::messages::update_content(
        &tx,
        message.id,
        DELETED_CONTENT,
        ContentType::Text.as_i32(),
        &json!({ "deleted": true }),
        now,
    )
    .await?;
    store::attachments::delete_for_message(&tx, message.id).await?;
    convs::touch(&tx, conv.id, now).await?;
    let event = updated_event(conv, actor, &message, &updated);
    commit(app, tx, event.into_iter().collect()).await?;
    files::remove(app, conv.account_id, &keys).await;
    Ok(updated)
}

fn object(v: &Option<store::Json<Value>>) -> serde_json::Map<String, Value> {
    match v.as_ref().map(|j| &j.0) {
        Some(Value::Object(m)) => m.clone(),
        _ => serde_json::Map::new(),
    }
}
