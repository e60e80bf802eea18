//! The Message model's create callbacks (app/models/message.rb
//! `execute_after_create_commit_callbacks`), run in the create's transaction: the message and
//! its attachments, what it moves on the conversation (`reopen_conversation`,
//! `set_conversation_activity`, first reply and waiting time) and on its contact
//! (`update_contact_activity`), and the events all of that causes, in upstream's order:
//! the reopening's conversation events, `message.created`, `first.reply.created` (or
//! `reply.created`), then the conversation's `conversation.updated` for the first reply or
//! waiting time.

use super::files::Upload;
use super::Actor;
use crate::conversations::events::{events, performer, reference};
use crate::conversations::Viewer;
use crate::events::{push_change, Event, EventKind};
use crate::AppError;
use domain::enums::ConversationStatus;
use domain::messages::{FileType, MessageType};
use serde_json::json;
use store::conversations::Conversation;
use store::message_conversations::{self as convs, AfterMessage, MessageConversation};
use store::messages::{Message, NewMessage};
use store::Tx;

pub fn viewer(actor: Actor) -> Viewer {
    match actor {
        Actor::User { id, admin } => Viewer::User { id, admin },
        Actor::AgentBot { id } => Viewer::Bot { id },
    }
}

/// What one written message amounts to: the row and the events it caused.
pub struct Written {
    pub message: Message,
    pub events: Vec<Event>,
}

#[allow(clippy::too_many_arguments)]
pub async fn write(
    tx: &Tx,
    conv: &MessageConversation,
    actor: Actor,
    new: &NewMessage,
    uploads: &[Upload],
    keys: &[String],
    now: chrono::NaiveDateTime,
    automated: bool,
) -> Result<Written, AppError> {
    let before = store::conversations::find_by_display_id(tx, conv.account_id, conv.display_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let message = store::messages::insert(tx, new, now).await?;
    for (u, key) in uploads.iter().zip(keys) {
        let extension = std::path::Path::new(&u.file_name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_string);
        let a = store::attachments::NewAttachment {
            message_id: message.id,
            account_id: conv.account_id,
            file_type: FileType::of_content_type(&u.content_type).as_i32(),
            external_url: None,
            extension,
            file_key: Some(key.clone()),
            file_name: Some(u.file_name.clone()),
            file_content_type: Some(u.content_type.clone()),
            file_byte_size: Some(u.bytes.len() as i64),
        };
        store::attachments::insert(tx, &a, now).await?;
    }
    let after = after_message(tx, &before, &message, automated).await?;
    convs::apply_after_message(tx, conv.id, &after, now).await?;
    let viewer = viewer(actor);
    let mut out = conversation_events(viewer, &before, &message, &after, now);
    if message.sender_type.as_deref() == Some("Contact") {
        if let Some(id) = message.sender_id {
            let contact = store::contacts::find(tx, conv.account_id, id).await?;
            convs::touch_contact_activity(tx, id, now).await?;
            if let Some(c) = contact {
                // `sender.update(last_activity_at:)` is a save with callbacks upstream.
                let mut changes = Vec::new();
                let (old, new) = (
                    c.last_activity_at.map(domain::time::iso),
                    domain::time::iso(now),
                );
                push_change(&mut changes, "last_activity_at", json!(old), json!(new));
                push_change(
                    &mut changes,
                    "updated_at",
                    json!(domain::time::iso(c.updated_at)),
                    json!(new),
                );
                out.push(Event::new(
                    conv.account_id,
                    Some(performer(viewer)),
                    EventKind::ContactUpdated {
                        contact_id: id,
                        changes,
                    },
                ));
            }
        }
    }
    Ok(Written {
        message,
        events: out,
    })
}

/// The events of the message and of the two conversation saves it causes upstream (the
/// reopening before `message.created`, the first reply or waiting time after it).
fn conversation_events(
    viewer: Viewer,
    before: &Conversation,
    message: &Message,
    after: &AfterMessage,
    now: chrono::NaiveDateTime,
) -> Vec<Event> {
    let mut reopened = before.clone();
    if after.status != before.status {
        reopened.status = after.status;
        if after.clear_snooze {
            reopened.snoozed_until = None;
        }
        reopened.updated_at = now;
    }
    let mut out = events(Some(viewer), before, &reopened, None);
    let conversation = reference(before);
    let performer = Some(performer(viewer));
    out.push(Event::new(
        before.account_id,
        performer,
        EventKind::MessageCreated {
            message_id: message.id,
            conversation,
        },
    ));
    if after.first_reply_created_at != before.first_reply_created_at {
        out.push(Event::new(
            before.account_id,
            performer,
            EventKind::FirstReplyCreated {
                message_id: message.id,
                conversation,
            },
        ));
    } else if let (Some(waiting_since), None) = (before.waiting_since, after.waiting_since) {
        // `update_waiting_since`: only a public human reply clears the waiting time.
        out.push(Event::new(
            before.account_id,
            performer,
            EventKind::ReplyCreated {
                message_id: message.id,
                conversation,
                waiting_since,
            },
        ));
    }
    let mut last = reopened.clone();
    last.waiting_since = after.waiting_since;
    last.first_reply_created_at = after.first_reply_created_at;
    last.updated_at = now;
    out.extend(events(Some(viewer), &reopened, &last, None));
    out
}

/// What the message moves on its conversation.
async fn after_message(
    tx: &Tx,
    conv: &Conversation,
    m: &Message,
    automated: bool,
) -> Result<AfterMessage, AppError> {
    let incoming = m.message_type == MessageType::Incoming.as_i32();
    let muted = conv.muted_until.is_some_and(|t| t > m.created_at);
    let mut status = conv.status;
    let (resolved, snoozed) = (
        ConversationStatus::Resolved.as_i32(),
        ConversationStatus::Snoozed.as_i32(),
    );
    // `reopen_conversation`: a muted conversation stays as it is; a resolved one of an inbox
    // with an active bot goes back to the bot (pending).
    if incoming && !muted {
        if conv.status == snoozed {
            status = ConversationStatus::Open.as_i32();
        } else if conv.status == resolved {
            status = if store::agent_bot_inboxes::has_active_bot(tx, conv.inbox_id).await? {
                ConversationStatus::Pending.as_i32()
            } else {
                ConversationStatus::Open.as_i32()
            };
        }
    }
    let human = m.message_type == MessageType::Outgoing.as_i32()
        && !automated
        && m.sender_type.as_deref() == Some("User");
    let mut waiting_since = conv.waiting_since;
    let mut first_reply = conv.first_reply_created_at;
    let valid_first_reply = human
        && !m.private
        && first_reply.is_none()
        && convs::human_reply_count(tx, conv.id).await? <= 1;
    if valid_first_reply {
        first_reply = Some(m.created_at);
        waiting_since = None;
    } else {
        if human && !m.private && waiting_since.is_some() {
            waiting_since = None;
        }
        if incoming && waiting_since.is_none() {
            waiting_since = Some(m.created_at);
        }
    }
    Ok(AfterMessage {
        status,
        clear_snooze: status != snoozed,
        last_activity_at: m.created_at,
        waiting_since,
        first_reply_created_at: first_reply,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn conversation(status: i32, waiting: Option<&str>) -> Conversation {
        Conversation {
            id: 7,
            account_id: 1,
            inbox_id: 2,
            status,
            assignee_id: None,
            contact_id: Some(3),
            display_id: 4,
            contact_last_seen_at: None,
            agent_last_seen_at: None,
            additional_attributes: None,
            contact_inbox_id: Some(5),
            uuid: "u".into(),
            identifier: None,
            last_activity_at: t("2025-01-01 00:00:00"),
            team_id: None,
            campaign_id: None,
            snoozed_until: None,
            custom_attributes: None,
            assignee_last_seen_at: None,
            first_reply_created_at: None,
            priority: None,
            sla_policy_id: None,
            waiting_since: waiting.map(t),
            cached_label_list: None,
            assignee_agent_bot_id: None,
            muted_until: None,
            created_at: t("2025-01-01 00:00:00"),
            updated_at: t("2025-01-01 00:00:00"),
        }
    }

    fn message(id: i64, at: &str) -> Message {
        Message {
            id,
            content: Some("hi".into()),
            account_id: 1,
            inbox_id: 2,
            conversation_id: 7,
            message_type: 0,
            private: false,
            status: Some(0),
            source_id: None,
            content_type: 0,
            content_attributes: None,
            sender_type: Some("Contact".into()),
            sender_id: Some(3),
            external_source_ids: None,
            additional_attributes: None,
            processed_message_content: None,
            sentiment: None,
            echo_id: None,
            created_at: t(at),
            updated_at: t(at),
        }
    }

    fn names(events: &[Event]) -> Vec<&'static str> {
        events.iter().map(Event::name).collect()
    }

    const NOW: &str = "2025-01-02 00:00:00";

    #[test]
    fn an_incoming_message_reopens_then_is_created_then_waits() {
        let before = conversation(1, None);
        let m = message(10, NOW);
        let after = AfterMessage {
            status: 0,
            clear_snooze: true,
            last_activity_at: t(NOW),
            waiting_since: Some(t(NOW)),
            first_reply_created_at: None,
        };
        let viewer = Viewer::User { id: 9, admin: true };
        let events = conversation_events(viewer, &before, &m, &after, t(NOW));
        assert_eq!(
            names(&events),
            [
                "conversation.opened",
                "conversation.status_changed",
                "conversation.updated",
                "message.created",
                "conversation.updated",
            ]
        );
        let EventKind::ConversationUpdated { changes, .. } = &events[4].kind else {
            panic!()
        };
        assert_eq!(changes[0].0, "waiting_since");
        assert!(events.iter().all(|e| e.account_id == 1));
    }

    #[test]
    fn a_first_reply_then_a_reply_that_ends_the_wait() {
        let before = conversation(0, Some("2025-01-01 12:00:00"));
        let mut m = message(11, NOW);
        m.message_type = 1;
        m.sender_type = Some("User".into());
        let first = AfterMessage {
            status: 0,
            clear_snooze: true,
            last_activity_at: t(NOW),
            waiting_since: None,
            first_reply_created_at: Some(t(NOW)),
        };
        let viewer = Viewer::User {
            id: 9,
            admin: false,
        };
        let events = conversation_events(viewer, &before, &m, &first, t(NOW));
        assert_eq!(
            names(&events),
            [
                "message.created",
                "first.reply.created",
                "conversation.updated"
            ]
        );

        let mut replied = before.clone();
        replied.first_reply_created_at = Some(t("2025-01-01 13:00:00"));
        let later = AfterMessage {
            first_reply_created_at: replied.first_reply_created_at,
            ..first
        };
        let events = conversation_events(viewer, &replied, &m, &later, t(NOW));
        assert_eq!(
            names(&events),
            ["message.created", "reply.created", "conversation.updated"]
        );
        let EventKind::ReplyCreated { waiting_since, .. } = &events[1].kind else {
            panic!()
        };
        assert_eq!(*waiting_since, t("2025-01-01 12:00:00"));
    }

    #[test]
    fn a_private_note_moves_nothing() {
        let before = conversation(0, Some("2025-01-01 12:00:00"));
        let after = AfterMessage {
            status: 0,
            clear_snooze: true,
            last_activity_at: t(NOW),
            waiting_since: before.waiting_since,
            first_reply_created_at: None,
        };
        let viewer = Viewer::User {
            id: 9,
            admin: false,
        };
        let events = conversation_events(viewer, &before, &message(12, NOW), &after, t(NOW));
        assert_eq!(names(&events), ["message.created"]);
    }
}
