//! `ActionCableListener` (upstream app/listeners/action_cable_listener.rb) and
//! `ActionCableBroadcastJob`: who hears each event and what they receive. Runs after the commit,
//! in the background on one lane per conversation (so its frames keep their order), and reads
//! the payloads from the pool at send time: like the job, which re-reads the conversation for
//! conversation updates, a frame shows the latest committed state. Nothing here can fail or slow
//! the change; a failure is logged and the frame is lost, as a lost Sidekiq job would be.

use crate::{payloads, App, Result};
use domain::events::{ConversationRef, Event, EventKind, Performer, Typer};
use serde_json::{json, Value};

/// `Message#activity?`: message_type 2.
const ACTIVITY: i64 = 2;

/// Hands each event to the background lanes.
pub fn publish(app: &App, events: Vec<Event>) {
    // A lone node with no cable client: nobody would receive the frames, so none are built.
    if !app.realtime.has_audience() {
        return;
    }
    for event in events {
        let key = lane_key(&event);
        let task_app = app.clone();
        app.realtime.spawn_ordered(key, async move {
            if let Err(e) = broadcast(&task_app, &event).await {
                tracing::warn!(error = %e, event = event.name(), "realtime: broadcast failed");
            }
        });
    }
}

/// Events of one conversation (or one contact) share a lane.
fn lane_key(event: &Event) -> u64 {
    use EventKind::*;
    let id = match &event.kind {
        ContactCreated { contact_id }
        | ContactUpdated { contact_id, .. }
        | ContactMerged { contact_id }
        | ContactDeleted { contact_id, .. } => *contact_id,
        _ => event.conversation().map_or(event.account_id, |c| c.id),
    };
    id.unsigned_abs()
}

/// What one event sends: the recipients' streams, the data, and whether `performer` is added.
struct Frame {
    streams: Vec<String>,
    data: Value,
    performer: bool,
}

async fn broadcast(app: &App, event: &Event) -> Result<()> {
    let Some(frame) = frame(app, event).await? else {
        return Ok(());
    };
    let mut streams = frame.streams;
    dedup(&mut streams);
    if streams.is_empty() {
        return Ok(());
    }
    let Value::Object(mut data) = frame.data else {
        return Ok(());
    };
    data.insert("account_id".into(), event.account_id.into());
    if frame.performer {
        if let Some(p) = performer(app, event).await? {
            data.insert("performer".into(), p);
        }
    }
    let message = json!({"event": event.name(), "data": data});
    app.realtime.broadcast(&streams, &message).await;
    Ok(())
}

/// The streams and data of each event, as upstream's listener and job build them.
async fn frame(app: &App, event: &Event) -> Result<Option<Frame>> {
    use EventKind::*;
    let account_id = event.account_id;
    let frame = match &event.kind {
        MessageCreated {
            message_id,
            conversation,
        } => message_frame(app, account_id, *message_id, conversation, None).await?,
        MessageUpdated {
            message_id,
            conversation,
            changes,
        } => {
            let previous = payloads::previous_changes(changes);
            message_frame(app, account_id, *message_id, conversation, Some(previous)).await?
        }
        FirstReplyCreated {
            message_id,
            conversation,
        } => match payloads::message::push_data(app, &app.db, *message_id).await? {
            Some(data) => Some(Frame {
                streams: inbox_tokens(app, account_id, conversation).await?,
                data,
                performer: true,
            }),
            None => None,
        },
        ConversationCreated { conversation } => {
            conversation_frame(app, account_id, conversation, true, true).await?
        }
        // `ActionCableBroadcastJob::CONVERSATION_UPDATE_EVENTS`: the job re-reads the
        // conversation and sends it without `performer`.
        ConversationStatusChanged { conversation, .. }
        | ConversationUpdated { conversation, .. } => {
            conversation_frame(app, account_id, conversation, true, false).await?
        }
        ConversationRead { conversation }
        | AssigneeChanged { conversation }
        | TeamChanged { conversation } => {
            conversation_frame(app, account_id, conversation, false, false).await?
        }
        ConversationContactChanged { conversation } => {
            conversation_frame(app, account_id, conversation, false, true).await?
        }
        ConversationMentioned {
            conversation,
            user_id,
        } => {
            let token = store::cable::user_token(&app.db, *user_id).await?;
            payloads::conversation::push_data(app, &app.db, conversation.id)
                .await?
                .map(|data| Frame {
                    streams: token.into_iter().collect(),
                    data,
                    performer: true,
                })
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
        } => typing_frame(app, account_id, conversation, *typer, *is_private).await?,
        ContactCreated { contact_id }
        | ContactUpdated { contact_id, .. }
        | ContactMerged { contact_id } => payloads::contact::push_data(&app.db, *contact_id)
            .await?
            .map(|data| Frame {
                streams: vec![account_stream(account_id)],
                data,
                performer: true,
            }),
        ContactDeleted { push_data, .. } => Some(Frame {
            streams: vec![account_stream(account_id)],
            data: Value::Object(push_data.clone()),
            performer: true,
        }),
        // Not ActionCable events upstream.
        ConversationOpened { .. }
        | ConversationResolved { .. }
        | ConversationBotHandoff { .. }
        | ReplyCreated { .. }
        | InboxCreated { .. }
        | InboxUpdated { .. } => None,
    };
    Ok(frame)
}

/// `message.created` / `message.updated`: the inbox's agents, and the contact unless the
/// message is a private note or an activity.
async fn message_frame(
    app: &App,
    account_id: i64,
    message_id: i64,
    conversation: &ConversationRef,
    previous_changes: Option<Value>,
) -> Result<Option<Frame>> {
    let Some(mut data) = payloads::message::push_data(app, &app.db, message_id).await? else {
        return Ok(None);
    };
    let mut streams = inbox_tokens(app, account_id, conversation).await?;
    let private = data.get("private").and_then(Value::as_bool) == Some(true);
    let activity = data.get("message_type").and_then(Value::as_i64) == Some(ACTIVITY);
    if !private && !activity {
        streams.extend(store::cable::contact_inbox_tokens(&app.db, conversation.id).await?);
    }
    if let Some(previous) = previous_changes {
        data["previous_changes"] = previous;
    }
    Ok(Some(Frame {
        streams,
        data,
        performer: true,
    }))
}

async fn conversation_frame(
    app: &App,
    account_id: i64,
    conversation: &ConversationRef,
    to_contact: bool,
    performer: bool,
) -> Result<Option<Frame>> {
    let Some(data) = payloads::conversation::push_data(app, &app.db, conversation.id).await? else {
        return Ok(None);
    };
    let mut streams = inbox_tokens(app, account_id, conversation).await?;
    if to_contact {
        streams.extend(store::cable::contact_inbox_tokens(&app.db, conversation.id).await?);
    }
    Ok(Some(Frame {
        streams,
        data,
        performer,
    }))
}

/// `conversation.typing_on/off`: the inbox's agents and the conversation's contact inbox, less
/// whoever is typing. Upstream sends private typing to the contact too, with `is_private`.
async fn typing_frame(
    app: &App,
    account_id: i64,
    conversation: &ConversationRef,
    typer: Typer,
    is_private: bool,
) -> Result<Option<Frame>> {
    let Some(conv) = payloads::conversation::push_data(app, &app.db, conversation.id).await? else {
        return Ok(None);
    };
    let contact_token = store::cable::conversation_contact_token(&app.db, conversation.id).await?;
    let (user, typer_token) = match typer {
        Typer::User(id) => (
            payloads::user::push_data(app, &app.db, account_id, id).await?,
            store::cable::user_token(&app.db, id).await?,
        ),
        Typer::Contact(id) => (
            payloads::contact::push_data(&app.db, id).await?,
            contact_token.clone(),
        ),
    };
    let mut streams = inbox_tokens(app, account_id, conversation).await?;
    streams.extend(contact_token);
    streams.retain(|t| Some(t) != typer_token.as_ref());
    Ok(Some(Frame {
        streams,
        data: json!({"conversation": conv, "user": user, "is_private": is_private}),
        performer: true,
    }))
}

/// `user_tokens(account, conversation.inbox.members)`: members and administrators.
async fn inbox_tokens(app: &App, account_id: i64, c: &ConversationRef) -> Result<Vec<String>> {
    Ok(store::cable::inbox_user_tokens(&app.db, account_id, c.inbox_id).await?)
}

fn account_stream(account_id: i64) -> String {
    format!("account_{account_id}")
}

/// `Current.user&.push_event_data`: the user or agent bot behind the request.
async fn performer(app: &App, event: &Event) -> Result<Option<Value>> {
    Ok(match event.performer {
        Some(Performer::User(id)) => {
            payloads::user::push_data(app, &app.db, event.account_id, id).await?
        }
        Some(Performer::AgentBot(id)) => store::agent_bots::find(&app.db, id)
            .await?
            .map(|b| payloads::agent_bot::push(&b)),
        None => None,
    })
}

/// `tokens.uniq`, keeping the first occurrence's place.
fn dedup(streams: &mut Vec<String>) {
    let mut seen = std::collections::HashSet::new();
    streams.retain(|s| seen.insert(s.clone()));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_are_unique_in_order() {
        let mut s = vec!["b".to_string(), "a".into(), "b".into()];
        dedup(&mut s);
        assert_eq!(s, vec!["b".to_string(), "a".into()]);
    }

    #[test]
    fn one_conversation_keeps_one_lane() {
        let c = ConversationRef {
            id: 42,
            display_id: 1,
            inbox_id: 3,
        };
        let a = Event::new(1, None, EventKind::ConversationRead { conversation: c });
        let b = Event::new(
            1,
            None,
            EventKind::MessageCreated {
                message_id: 9,
                conversation: c,
            },
        );
        assert_eq!(lane_key(&a), lane_key(&b));
    }
}
