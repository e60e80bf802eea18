//! `WebhookListener` (app/listeners/webhook_listener.rb): each event an account webhook
//! subscribed to is queued for it, and conversation, message and typing events also for the
//! API inbox's `webhook_url`. Contact and inbox events go to account webhooks only
//! (`deliver_account_webhooks`).
//!
//! Switchboard's inbox webhooks (a webhook created with an `inbox_id`) hear only the events of
//! that inbox; upstream never sets `webhook_type`, so there every webhook is an account one.

use super::bodies::{changed_attributes, with_event, Bodies};
use super::receivers::Receivers;
use crate::deliveries::{enqueue, Target};
use crate::Result;
use domain::events::{Event, EventKind};
use domain::webhook_events::{WebhookType, DEFAULT_SUBSCRIPTIONS};
use serde_json::{json, Value};
use store::webhooks::Webhook;

/// The webhook event name (`Events::Types` with `_` for `.`), for events webhooks carry.
fn webhook_event(kind: &EventKind) -> Option<&'static str> {
    use EventKind::*;
    Some(match kind {
        ConversationCreated { .. } => "conversation_created",
        ConversationUpdated { .. } => "conversation_updated",
        ConversationStatusChanged { .. } => "conversation_status_changed",
        MessageCreated { .. } => "message_created",
        MessageUpdated { .. } => "message_updated",
        ContactCreated { .. } => "contact_created",
        ContactUpdated { .. } => "contact_updated",
        InboxCreated { .. } => "inbox_created",
        InboxUpdated { .. } => "inbox_updated",
        TypingOn { .. } => "conversation_typing_on",
        TypingOff { .. } => "conversation_typing_off",
        _ => return None,
    })
}

fn subscribed(w: &Webhook, event: &str) -> bool {
    match w.subscriptions.as_ref().map(|j| &j.0) {
        Some(Value::Array(list)) => list.iter().any(|e| e.as_str() == Some(event)),
        Some(_) => false,
        None => DEFAULT_SUBSCRIPTIONS.contains(&event),
    }
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
        let Some(name) = webhook_event(&event.kind) else {
            continue;
        };
        let conversation = event.conversation();
        let inbox_id = match &event.kind {
            EventKind::InboxCreated { inbox_id } | EventKind::InboxUpdated { inbox_id, .. } => {
                Some(*inbox_id)
            }
            _ => conversation.map(|c| c.inbox_id),
        };
        let mut targets: Vec<Target> = receivers
            .webhooks(tx, event.account_id)
            .await?
            .iter()
            .filter(|w| subscribed(w, name))
            .filter(|w| {
                w.webhook_type != Some(WebhookType::InboxType.as_i32())
                    || (w.inbox_id.is_some() && w.inbox_id == inbox_id)
            })
            .map(|w| Target::Webhook(w.id))
            .collect();
        // `deliver_api_inbox_webhooks`: an API inbox whose channel has a webhook URL.
        if let Some(c) = conversation {
            if receivers.conversation(tx, c).await?.api_webhook {
                targets.push(Target::ApiInbox(c.inbox_id));
            }
        }
        if targets.is_empty() {
            continue;
        }
        let Some(payload) = body(bodies, event, name).await? else {
            continue;
        };
        let key = match &event.kind {
            EventKind::ContactCreated { contact_id }
            | EventKind::ContactUpdated { contact_id, .. } => {
                format!("contact:{contact_id}")
            }
            _ => match (conversation, inbox_id) {
                (Some(c), _) => format!("conversation:{}", c.id),
                (None, Some(i)) => format!("inbox:{i}"),
                (None, None) => format!("account:{}", event.account_id),
            },
        };
        for target in targets {
            enqueue(
                tx,
                event.account_id,
                target,
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

/// The body upstream's listener method builds for the event, or `None` when it sends nothing.
async fn body(bodies: &mut Bodies<'_>, event: &Event, name: &str) -> Result<Option<Value>> {
    use EventKind::*;
    let tx = bodies.tx();
    Ok(match &event.kind {
        ConversationCreated { conversation } => bodies
            .conversation(conversation.id)
            .await?
            .map(|d| with_event(&d, name, None)),
        ConversationUpdated {
            conversation,
            changes,
        }
        | ConversationStatusChanged {
            conversation,
            changes,
        } => bodies
            .conversation(conversation.id)
            .await?
            .map(|d| with_event(&d, name, Some(changed_attributes(changes)))),
        MessageCreated { message_id, .. } | MessageUpdated { message_id, .. } => bodies
            .message(*message_id)
            .await?
            .map(|d| with_event(&d, name, None)),
        ContactCreated { contact_id } => crate::payloads::contact::webhook_data(tx, *contact_id)
            .await?
            .map(|d| with_event(&d, name, None)),
        // `return if changed_attributes.blank?`
        ContactUpdated { changes, .. } | InboxUpdated { changes, .. } if changes.is_empty() => None,
        ContactUpdated {
            contact_id,
            changes,
        } => crate::payloads::contact::webhook_data(tx, *contact_id)
            .await?
            .map(|d| with_event(&d, name, Some(changed_attributes(changes)))),
        InboxCreated { inbox_id } => {
            crate::payloads::inbox::push_data(tx, event.account_id, *inbox_id)
                .await?
                .map(|d| with_event(&d, name, None))
        }
        InboxUpdated { inbox_id, changes } => {
            crate::payloads::inbox::push_data(tx, event.account_id, *inbox_id)
                .await?
                .map(|d| with_event(&d, name, Some(changed_attributes(changes))))
        }
        TypingOn {
            conversation,
            typer,
            is_private,
        }
        | TypingOff {
            conversation,
            typer,
            is_private,
        } => {
            // `user.webhook_data`: the agent, or the contact typing in the widget.
            let user = match typer {
                domain::events::Typer::User(id) => store::users::find(tx, *id)
                    .await?
                    .map_or(Value::Null, |u| crate::payloads::user::webhook(&u)),
                domain::events::Typer::Contact(id) => {
                    crate::payloads::contact::webhook_data(tx, *id)
                        .await?
                        .unwrap_or(Value::Null)
                }
            };
            let conversation = bodies.conversation(conversation.id).await?;
            conversation.map(|c| {
                json!({
                    "event": name,
                    "user": user,
                    "conversation": c,
                    "is_private": is_private,
                })
            })
        }
        _ => None,
    })
}
