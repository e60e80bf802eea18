//! `AgentBotListener` (app/listeners/agent_bot_listener.rb): conversation_opened,
//! conversation_resolved, message_created and message_updated go to the conversation's
//! assigned bot and the inbox's active bot, to each one's `outgoing_url`, signed with the
//! bot's secret.

use super::bodies::{with_event, Bodies};
use crate::deliveries::{enqueue, Target};
use crate::Result;
use domain::events::{ConversationRef, Event, EventKind};
use serde_json::Value;
use store::Tx;

fn bot_event(kind: &EventKind) -> Option<&'static str> {
    use EventKind::*;
    Some(match kind {
        ConversationOpened { .. } => "conversation_opened",
        ConversationResolved { .. } => "conversation_resolved",
        MessageCreated { .. } => "message_created",
        MessageUpdated { .. } => "message_updated",
        _ => return None,
    })
}

/// `agent_bots_for`: the conversation's `assignee_agent_bot`, then the inbox's bot when its
/// link is active; only bots with an outgoing URL (`process_webhook_bot_event`).
async fn bots_for(tx: &Tx, c: ConversationRef) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    if let Some(conv) = store::conversations::find(tx, c.id).await? {
        if let Some(id) = conv.assignee_agent_bot_id {
            ids.push(id);
        }
    }
    if let Some(link) = store::agent_bot_inboxes::find_for_inbox(tx, c.inbox_id).await? {
        if link.status == Some(0) {
            if let Some(id) = link.agent_bot_id.filter(|id| !ids.contains(id)) {
                ids.push(id);
            }
        }
    }
    let mut out = Vec::new();
    for id in ids {
        let url = store::agent_bots::find(tx, id)
            .await?
            .and_then(|b| b.outgoing_url);
        if url.is_some_and(|u| !u.trim().is_empty()) {
            out.push(id);
        }
    }
    Ok(out)
}

/// Queues the deliveries of `events`; returns how many.
pub async fn handle(bodies: &mut Bodies<'_>, events: &[Event]) -> Result<usize> {
    let tx = bodies.tx();
    let mut queued = 0;
    for event in events {
        let (Some(name), Some(c)) = (bot_event(&event.kind), event.conversation()) else {
            continue;
        };
        let bots = bots_for(tx, c).await?;
        if bots.is_empty() {
            continue;
        }
        let data: Option<Value> = match &event.kind {
            EventKind::MessageCreated { message_id, .. }
            | EventKind::MessageUpdated { message_id, .. } => bodies.message(*message_id).await?,
            _ => bodies.conversation(c.id).await?,
        };
        let Some(data) = data else {
            continue;
        };
        let payload = with_event(&data, name, None);
        let key = format!("conversation:{}", c.id);
        for bot in bots {
            enqueue(
                tx,
                event.account_id,
                Target::AgentBot(bot),
                name,
                payload.clone(),
                Some(&key),
            )
            .await?;
            queued += 1;
        }
    }
    Ok(queued)
}
