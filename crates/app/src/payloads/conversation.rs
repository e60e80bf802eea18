//! `Conversations::EventDataPresenter#push_data` (app/presenters/conversations/
//! event_data_presenter.rb): the conversation in realtime frames, in conversation_* webhook
//! bodies and inside message webhook bodies.

use super::json_or_empty;
use crate::{App, Result};
use domain::enums::{ConversationPriority, ConversationStatus};
use domain::time::{iso, unix};
use serde_json::{json, Value};
use store::conversations::Conversation;
use store::Exec;

pub async fn push_data(app: &App, e: &impl Exec, conversation_id: i64) -> Result<Option<Value>> {
    match store::conversations::find(e, conversation_id).await? {
        Some(c) => Ok(Some(push(app, e, &c).await?)),
        None => Ok(None),
    }
}

pub async fn push(app: &App, e: &impl Exec, c: &Conversation) -> Result<Value> {
    let channel = store::conversation_reads::inbox_channels(e, &[c.inbox_id])
        .await?
        .into_iter()
        .next()
        .and_then(|(_, t)| t);
    let contact_inbox = match c.contact_inbox_id {
        Some(id) => store::contact_inboxes::find(e, id).await?,
        None => None,
    };
    let unread = store::messages::count_incoming_since(e, c.id, c.agent_last_seen_at).await?;
    // The last message's conversation block is this conversation: rendered from what is read.
    let messages = match store::conversation_reads::last_chat_message(e, c.id).await? {
        Some(m) => {
            let block = super::message::conversation_block(
                c.assignee_id,
                c.last_activity_at,
                unread,
                contact_inbox.as_ref().map(|ci| ci.source_id.as_str()),
            );
            vec![super::message::push(app, e, &m, Some(c.display_id), block).await?]
        }
        None => Vec::new(),
    };
    let to_i = |t: Option<chrono::NaiveDateTime>| t.map(unix).unwrap_or(0);
    let updated = c.updated_at.and_utc();
    let updated_f =
        updated.timestamp() as f64 + f64::from(updated.timestamp_subsec_micros()) / 1_000_000.0;
    Ok(json!({
        "additional_attributes": json_or_empty(&c.additional_attributes),
        // `MessageWindowService`: API and website inboxes have no reply window.
        "can_reply": true,
        "channel": channel,
        "contact_inbox": contact_inbox.as_ref().map(|ci| json!({
            "id": ci.id,
            "contact_id": ci.contact_id,
            "inbox_id": ci.inbox_id,
            "source_id": ci.source_id,
            "created_at": iso(ci.created_at),
            "updated_at": iso(ci.updated_at),
            "hmac_verified": ci.hmac_verified,
            "pubsub_token": ci.pubsub_token,
        })),
        "id": c.display_id,
        "inbox_id": c.inbox_id,
        "messages": messages,
        "labels": crate::conversations::cached_labels(c),
        "meta": meta(app, e, c, contact_inbox.as_ref()).await?,
        "status": ConversationStatus::from_i32(c.status)
            .unwrap_or(ConversationStatus::Open)
            .as_str(),
        "custom_attributes": json_or_empty(&c.custom_attributes),
        "snoozed_until": c.snoozed_until.map(iso),
        // `unread_incoming_messages` is `.last(10)`, so the count stops at 10.
        "unread_count": unread.min(10),
        "first_reply_created_at": c.first_reply_created_at.map(iso),
        "priority": c.priority.and_then(ConversationPriority::from_i32).map(|p| p.as_str()),
        "waiting_since": to_i(c.waiting_since),
        "agent_last_seen_at": to_i(c.agent_last_seen_at),
        "contact_last_seen_at": to_i(c.contact_last_seen_at),
        "last_activity_at": unix(c.last_activity_at),
        "timestamp": unix(c.last_activity_at),
        "created_at": unix(c.created_at),
        "updated_at": updated_f,
    }))
}

/// `push_meta`: the contact, the assigned agent or bot, the team and the HMAC state.
async fn meta(
    app: &App,
    e: &impl Exec,
    c: &Conversation,
    contact_inbox: Option<&store::contact_inboxes::ContactInbox>,
) -> Result<Value> {
    let sender = match c.contact_id {
        Some(id) => super::contact::push_data(e, id).await?,
        None => None,
    };
    // `assigned_entity`: the bot when one is assigned, else the agent.
    let (assignee, assignee_type) = if let Some(id) = c.assignee_agent_bot_id {
        let bot = store::agent_bots::find(e, id).await?;
        (bot.map(|b| super::agent_bot::push(&b)), Some("AgentBot"))
    } else if let Some(id) = c.assignee_id {
        (
            super::user::push_data(app, e, c.account_id, id).await?,
            Some("User"),
        )
    } else {
        (None, None)
    };
    let team = match c.team_id {
        Some(id) => store::teams::find(e, c.account_id, id)
            .await?
            .map(|t| json!({ "id": t.id, "name": t.name })),
        None => None,
    };
    Ok(json!({
        "sender": sender,
        "assignee": assignee,
        "assignee_type": assignee_type,
        "team": team,
        "hmac_verified": contact_inbox.and_then(|ci| ci.hmac_verified),
    }))
}
