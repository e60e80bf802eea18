//! `Messages::MessageBuilder#perform`: the checks and the row; write.rs has the model's create
//! callbacks and their events, run in the same transaction. A repeated create carrying the `echo_id`
//! of a message of the conversation, or the `source_id` of a message of the inbox, returns that
//! message and writes nothing.

use super::files::{self, Upload, MAX_FILE_BYTES};
use super::write::{write, Written};
use super::{is_api_inbox, Actor};
use crate::{App, AppError};
use domain::messages::{
    ContentType, MessageStatus, MessageType, MAX_ATTACHMENTS, MAX_CONTENT_LENGTH,
};
use serde_json::{json, Map, Value};
use store::message_conversations::{self as convs, MessageConversation};
use store::messages::{Message, NewMessage};
use store::Exec;

/// `Limits.conversation_message_per_minute_limit` (upstream's default).
const MESSAGES_PER_MINUTE: i64 = 200;
/// Caps on the client's idempotency keys, so oversized ones are a 422, not a database error.
const MAX_KEY_LENGTH: usize = 255;

#[derive(Debug, Clone, Default)]
pub struct NewMessageParams {
    pub content: Option<String>,
    pub message_type: Option<String>,
    pub private: bool,
    pub content_type: Option<String>,
    /// `content_attributes` as sent (a hash, or a JSON string in multipart bodies).
    pub content_attributes: Option<Value>,
    pub template_params: Option<Value>,
    pub echo_id: Option<String>,
    pub source_id: Option<String>,
    pub sender_type: Option<String>,
    pub sender_id: Option<i64>,
    pub external_created_at: Option<Value>,
    pub campaign_id: Option<Value>,
    pub uploads: Vec<Upload>,
}

pub struct Created {
    pub message: Message,
    /// True when an earlier message with the same echo_id/source_id was returned.
    pub existing: bool,
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::Unprocessable(msg.into())
}

/// `render_could_not_create_error(e.message)` of a failed `save!`.
fn validation_failed(msg: &str) -> AppError {
    invalid(format!("Validation failed: {msg}"))
}

/// A create that passed its checks: a message to write, or the earlier one it repeats.
enum Prepared {
    Existing(Message),
    New { new: NewMessage, automated: bool },
}

pub async fn create(
    app: &App,
    conv: &MessageConversation,
    actor: Actor,
    p: NewMessageParams,
) -> Result<Created, AppError> {
    let now = domain::time::now();
    let (new, automated) = match prepare(&app.db, conv, actor, &p, now).await? {
        Prepared::Existing(message) => {
            return Ok(Created {
                message,
                existing: true,
            })
        }
        Prepared::New { new, automated } => (new, automated),
    };
    // Files go to disk first; if the transaction fails they are removed again.
    let mut keys = Vec::new();
    for u in &p.uploads {
        match files::store(app, conv.account_id, u).await {
            Ok(k) => keys.push(k),
            Err(e) => {
                files::remove(app, conv.account_id, &keys).await;
                return Err(e);
            }
        }
    }
    let result = async {
        let tx = app.db.begin().await?;
        let w = write(&tx, conv, actor, &new, &p.uploads, &keys, now, automated).await?;
        crate::events::commit(app, tx, w.events).await?;
        Ok::<_, AppError>(w.message)
    }
    .await;
    if result.is_err() {
        files::remove(app, conv.account_id, &keys).await;
    }
    result.map(|message| Created {
        message,
        existing: false,
    })
}

/// The first message of a conversation being created (`ConversationsController#create` with
/// `params[:message]`), in the conversation's transaction: text only, no files.
pub(crate) async fn create_in(
    tx: &store::Tx,
    conv: &MessageConversation,
    actor: Actor,
    p: NewMessageParams,
) -> Result<Written, AppError> {
    let now = domain::time::now();
    match prepare(tx, conv, actor, &p, now).await? {
        Prepared::Existing(message) => Ok(Written {
            message,
            events: Vec::new(),
        }),
        Prepared::New { new, automated } => {
            write(tx, conv, actor, &new, &[], &[], now, automated).await
        }
    }
}

/// `Messages::MessageBuilder`'s checks and the row it would write.
async fn prepare(
    e: &impl Exec,
    conv: &MessageConversation,
    actor: Actor,
    p: &NewMessageParams,
    now: chrono::NaiveDateTime,
) -> Result<Prepared, AppError> {
    let echo_id = p.echo_id.clone().filter(|e| !e.is_empty());
    let source_id = p.source_id.clone().filter(|s| !s.is_empty());
    if let Some(echo) = &echo_id {
        if let Some(m) = store::messages::find_by_echo_id(e, conv.id, echo).await? {
            return Ok(Prepared::Existing(m));
        }
    }
    if let Some(source) = &source_id {
        if let Some(m) = store::messages::find_by_source_id(e, conv.inbox_id, source).await? {
            return Ok(Prepared::Existing(m));
        }
    }
    let message_type = match p.message_type.as_deref().filter(|t| !t.is_empty()) {
        None => MessageType::Outgoing,
        Some(t) => MessageType::parse(t)
            .ok_or_else(|| invalid(format!("'{}' is not a valid message_type", truncate(t))))?,
    };
    if message_type == MessageType::Incoming && !is_api_inbox(conv) {
        return Err(invalid("Incoming messages are only allowed in Api inboxes"));
    }
    let content_type = match p.content_type.as_deref().filter(|t| !t.is_empty()) {
        None => ContentType::Text,
        Some(t) => ContentType::parse(t)
            .ok_or_else(|| invalid(format!("'{}' is not a valid content_type", truncate(t))))?,
    };
    let content = p.content.clone();
    if content
        .as_deref()
        .is_some_and(|c| c.chars().count() > MAX_CONTENT_LENGTH)
    {
        return Err(validation_failed(
            "Content is too long (maximum is 150000 characters)",
        ));
    }
    if [&echo_id, &source_id]
        .iter()
        .any(|k| k.as_ref().is_some_and(|k| k.len() > MAX_KEY_LENGTH))
    {
        return Err(validation_failed(
            "Source is too long (maximum is 255 characters)",
        ));
    }
    if p.uploads.len() > MAX_ATTACHMENTS {
        return Err(validation_failed("Attachments exceeded maximum allowed"));
    }
    if p.uploads.iter().any(|u| u.bytes.len() > MAX_FILE_BYTES) {
        return Err(validation_failed("File size is too big"));
    }
    let template = template_params(p.template_params.as_ref())?;
    let sender = sender(e, conv, actor, message_type, p).await?;
    if convs::messages_since(e, conv.id, now - chrono::Duration::minutes(1)).await?
        >= MESSAGES_PER_MINUTE
    {
        return Err(validation_failed("Too many messages"));
    }

    let (content_attributes, automation) = content_attributes(p.content_attributes.as_ref(), p);
    let mut additional = Map::new();
    if let Some(c) = p.campaign_id.clone().filter(|v| !is_blank(v)) {
        additional.insert("campaign_id".into(), c);
    }
    if let Some(t) = template {
        additional.insert("template_params".into(), t);
    }
    let campaign = additional.contains_key("campaign_id");
    let new = NewMessage {
        account_id: conv.account_id,
        inbox_id: conv.inbox_id,
        conversation_id: conv.id,
        processed_message_content: content.clone(),
        content,
        message_type: message_type.as_i32(),
        private: p.private,
        status: MessageStatus::Sent.as_i32(),
        source_id,
        content_type: content_type.as_i32(),
        content_attributes: Value::Object(content_attributes),
        additional_attributes: Value::Object(additional),
        sender_type: sender.map(|(t, _)| t.to_string()),
        sender_id: sender.map(|(_, id)| id),
        echo_id,
    };
    Ok(Prepared::New {
        new,
        automated: automation || campaign,
    })
}

/// `sender`: outgoing messages are the caller's (or the named AgentBot's, system bots
/// included); every other type is the conversation's contact.
async fn sender(
    e: &impl Exec,
    conv: &MessageConversation,
    actor: Actor,
    message_type: MessageType,
    p: &NewMessageParams,
) -> Result<Option<(&'static str, i64)>, AppError> {
    if message_type != MessageType::Outgoing {
        return Ok(conv.contact_id.map(|id| ("Contact", id)));
    }
    if p.sender_type.as_deref() == Some("AgentBot") {
        if let Some(id) = p.sender_id {
            if let Some(bot) = store::agent_bots::find_accessible(e, conv.account_id, id).await? {
                return Ok(Some(("AgentBot", bot.id)));
            }
        }
    }
    Ok(Some(match actor {
        Actor::User { id, .. } => ("User", id),
        Actor::AgentBot { id } => ("AgentBot", id),
    }))
}

/// The builder keeps only `in_reply_to` and `items` of the given content attributes, plus
/// `automation_rule_id` and `external_created_at`. Returns them and whether an automation
/// rule wrote the message (then it is no human reply).
fn content_attributes(given: Option<&Value>, p: &NewMessageParams) -> (Map<String, Value>, bool) {
    let parsed = match given {
        Some(Value::String(s)) => serde_json::from_str::<Value>(s).unwrap_or(Value::Null),
        Some(v) => v.clone(),
        None => Value::Null,
    };
    let mut out = Map::new();
    let mut automated = false;
    if let Value::Object(m) = parsed {
        for key in ["in_reply_to", "items"] {
            if let Some(v) = m.get(key).filter(|v| !v.is_null()) {
                out.insert(key.into(), v.clone());
            }
        }
        if let Some(v) = m.get("automation_rule_id").filter(|v| !is_blank(v)) {
            out.insert("automation_rule_id".into(), v.clone());
            automated = true;
        }
    }
    if let Some(v) = p.external_created_at.clone().filter(|v| !is_blank(v)) {
        out.insert("external_created_at".into(), v);
    }
    (out, automated)
}

/// `TEMPLATE_PARAMS_SCHEMA`: an object with a string `name`, optional string `category`,
/// `language`, `namespace` and object `processed_params`; errors as `JsonSchemaValidator` words them.
fn template_params(v: Option<&Value>) -> Result<Option<Value>, AppError> {
    let Some(v) = v.filter(|v| !is_blank(v)) else {
        return Ok(None);
    };
    let Value::Object(m) = v else {
        return Err(validation_failed("Template params must be of type hash"));
    };
    match m.get("name") {
        None => return Err(validation_failed("Name is required")),
        Some(Value::String(_)) => {}
        Some(_) => return Err(validation_failed("Name must be of type string")),
    }
    for key in ["category", "language", "namespace"] {
        if m.get(key).is_some_and(|v| !v.is_string()) {
            return Err(validation_failed(&format!(
                "{} must be of type string",
                capitalize(key)
            )));
        }
    }
    if m.get("processed_params").is_some_and(|v| !v.is_object()) {
        return Err(validation_failed("Processed params must be of type hash"));
    }
    Ok(Some(json!(m)))
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Rails' `present?` on a parameter value.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        Value::Array(a) => a.is_empty(),
        Value::Object(o) => o.is_empty(),
        _ => false,
    }
}

/// Echoed input in an error message stays short.
fn truncate(s: &str) -> String {
    s.chars().take(50).collect()
}
