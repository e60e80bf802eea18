//! The events a change causes (upstream `Events::Types`, lib/events/types.rb, published from
//! model callbacks through `Rails.configuration.dispatcher`). Here a use case returns them
//! explicitly and `app::events::commit` hands them to the listeners: the ones that write
//! (webhook and agent-bot deliveries, reporting events) inside the change's transaction, the
//! realtime fan-out after it commits.
//!
//! Events carry ids, not rows: listeners read what they render inside the transaction, so a
//! payload always shows the state the change committed.

use serde_json::{Map, Value};

/// `changed_attributes` / `previous_changes`: attribute name -> `[before, after]`, in the order
/// the attributes changed. Listeners shape it for their wire format.
pub type Changes = Vec<(String, Value, Value)>;

/// Who caused a change (`Current.user`, or the bot behind an agent-bot token). Upstream sends it
/// as `performer` in some realtime payloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Performer {
    User(i64),
    AgentBot(i64),
}

/// One conversation, by both of its ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConversationRef {
    pub id: i64,
    pub display_id: i64,
    pub inbox_id: i64,
}

/// Who is typing: an agent in the dashboard, or the contact in the widget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typer {
    User(i64),
    Contact(i64),
}

#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    ConversationCreated {
        conversation: ConversationRef,
    },
    /// Any saved change of the conversation's attributes (`conversation.updated` fires for the
    /// allow-listed ones upstream: see `Conversation#conversation_updated_event`).
    ConversationUpdated {
        conversation: ConversationRef,
        changes: Changes,
    },
    ConversationStatusChanged {
        conversation: ConversationRef,
        changes: Changes,
    },
    /// The status became open (agent bots hear it as `conversation_opened`).
    ConversationOpened {
        conversation: ConversationRef,
    },
    /// The status became resolved (`conversation_resolved`).
    ConversationResolved {
        conversation: ConversationRef,
    },
    /// A bot's pending conversation was opened for humans (`conversation_bot_handoff`).
    ConversationBotHandoff {
        conversation: ConversationRef,
    },
    ConversationRead {
        conversation: ConversationRef,
    },
    ConversationContactChanged {
        conversation: ConversationRef,
    },
    AssigneeChanged {
        conversation: ConversationRef,
    },
    TeamChanged {
        conversation: ConversationRef,
    },
    TypingOn {
        conversation: ConversationRef,
        typer: Typer,
        is_private: bool,
    },
    TypingOff {
        conversation: ConversationRef,
        typer: Typer,
        is_private: bool,
    },
    /// `conversation.mentioned`: a private note named `user_id`.
    ConversationMentioned {
        conversation: ConversationRef,
        user_id: i64,
    },
    MessageCreated {
        message_id: i64,
        conversation: ConversationRef,
    },
    MessageUpdated {
        message_id: i64,
        conversation: ConversationRef,
        changes: Changes,
    },
    FirstReplyCreated {
        message_id: i64,
        conversation: ConversationRef,
    },
    /// `reply.created`: a human reply to a conversation that was waiting since `waiting_since`
    /// (the value before the reply cleared it; reporting measures the reply time from it).
    ReplyCreated {
        message_id: i64,
        conversation: ConversationRef,
        waiting_since: chrono::NaiveDateTime,
    },
    ContactCreated {
        contact_id: i64,
    },
    ContactUpdated {
        contact_id: i64,
        changes: Changes,
    },
    /// The surviving contact of a merge.
    ContactMerged {
        contact_id: i64,
    },
    /// The row is gone by the time listeners run, so its push data travels with the event.
    ContactDeleted {
        contact_id: i64,
        push_data: Map<String, Value>,
    },
    InboxCreated {
        inbox_id: i64,
    },
    InboxUpdated {
        inbox_id: i64,
        changes: Changes,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub account_id: i64,
    pub performer: Option<Performer>,
    pub kind: EventKind,
}

impl Event {
    pub fn new(account_id: i64, performer: Option<Performer>, kind: EventKind) -> Self {
        Event {
            account_id,
            performer,
            kind,
        }
    }

    /// The upstream event name (`Events::Types`), as ActionCable frames carry it.
    pub fn name(&self) -> &'static str {
        use EventKind::*;
        match &self.kind {
            ConversationCreated { .. } => "conversation.created",
            ConversationUpdated { .. } => "conversation.updated",
            ConversationStatusChanged { .. } => "conversation.status_changed",
            ConversationOpened { .. } => "conversation.opened",
            ConversationResolved { .. } => "conversation.resolved",
            ConversationBotHandoff { .. } => "conversation.bot_handoff",
            ConversationRead { .. } => "conversation.read",
            ConversationContactChanged { .. } => "conversation.contact_changed",
            AssigneeChanged { .. } => "assignee.changed",
            TeamChanged { .. } => "team.changed",
            TypingOn { .. } => "conversation.typing_on",
            TypingOff { .. } => "conversation.typing_off",
            ConversationMentioned { .. } => "conversation.mentioned",
            MessageCreated { .. } => "message.created",
            MessageUpdated { .. } => "message.updated",
            FirstReplyCreated { .. } => "first.reply.created",
            ReplyCreated { .. } => "reply.created",
            ContactCreated { .. } => "contact.created",
            ContactUpdated { .. } => "contact.updated",
            ContactMerged { .. } => "contact.merged",
            ContactDeleted { .. } => "contact.deleted",
            InboxCreated { .. } => "inbox.created",
            InboxUpdated { .. } => "inbox.updated",
        }
    }

    /// The conversation the event is about, if any. Webhook deliveries are ordered per
    /// conversation by it.
    pub fn conversation(&self) -> Option<ConversationRef> {
        use EventKind::*;
        match &self.kind {
            ConversationCreated { conversation }
            | ConversationUpdated { conversation, .. }
            | ConversationStatusChanged { conversation, .. }
            | ConversationOpened { conversation }
            | ConversationResolved { conversation }
            | ConversationBotHandoff { conversation }
            | ConversationRead { conversation }
            | ConversationContactChanged { conversation }
            | AssigneeChanged { conversation }
            | TeamChanged { conversation }
            | TypingOn { conversation, .. }
            | TypingOff { conversation, .. }
            | ConversationMentioned { conversation, .. }
            | MessageCreated { conversation, .. }
            | MessageUpdated { conversation, .. }
            | FirstReplyCreated { conversation, .. }
            | ReplyCreated { conversation, .. } => Some(*conversation),
            ContactCreated { .. }
            | ContactUpdated { .. }
            | ContactMerged { .. }
            | ContactDeleted { .. }
            | InboxCreated { .. }
            | InboxUpdated { .. } => None,
        }
    }
}

/// The attributes whose change makes a `conversation.updated` (upstream
/// `Conversation#list_of_keys`; a changed `conversation_language` in `additional_attributes`
/// counts too).
pub fn is_conversation_update(attribute: &str) -> bool {
    matches!(
        attribute,
        "team_id"
            | "assignee_id"
            | "assignee_agent_bot_id"
            | "status"
            | "snoozed_until"
            | "custom_attributes"
            | "label_list"
            | "waiting_since"
            | "first_reply_created_at"
            | "priority"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn conv() -> ConversationRef {
        ConversationRef {
            id: 7,
            display_id: 3,
            inbox_id: 2,
        }
    }

    #[test]
    fn names_are_upstream_event_types() {
        let e = Event::new(
            1,
            None,
            EventKind::FirstReplyCreated {
                message_id: 1,
                conversation: conv(),
            },
        );
        assert_eq!(e.name(), "first.reply.created");
        assert_eq!(e.conversation(), Some(conv()));
        let c = Event::new(1, None, EventKind::ContactCreated { contact_id: 4 });
        assert_eq!(c.name(), "contact.created");
        assert_eq!(c.conversation(), None);
    }

    #[test]
    fn bookkeeping_columns_are_no_update() {
        assert!(is_conversation_update("priority"));
        assert!(!is_conversation_update("last_activity_at"));
        assert!(!is_conversation_update("contact_last_seen_at"));
    }
}
