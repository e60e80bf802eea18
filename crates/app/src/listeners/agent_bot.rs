//! `AgentBotListener` (app/listeners/agent_bot_listener.rb): conversation_opened,
//! conversation_resolved, message_created and message_updated go to the conversation's
//! assigned bot and the inbox's active bot, to each one's `outgoing_url`, signed with the
//! bot's secret.

use super::bodies::{with_event, Bodies};
use super::receivers::Receivers;
use crate::deliveries::{enqueue, Target};
use crate::Result;
use domain::events::{Event, EventKind};
use serde_json::Value;

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

/// Queues the deliveries of `events`; returns how many.
pub async fn handle(
    bodies: &mut Bodies<'_>,
    receivers: &mut Receivers,
    events: &[Event],
) -> Result<usize> {
    let tx = bodies.tx();
    let mut queued = 0;
    for event in events {
        let (Some(name), Some(c)) = (bot_event(&event.kind), event.conversation()) else {
            continue;
        };
        // `agent_bots_for`: the conversation's `assignee_agent_bot`, then the inbox's bot when
        // its link is active, each once; only bots with an outgoing URL.
        let r = receivers.conversation(tx, c).await?;
        let mut bots: Vec<i64> = r.assigned_bot_id.into_iter().collect();
        if let Some(id) = r.inbox_bot_id.filter(|id| !bots.contains(id)) {
            bots.push(id);
        }
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
