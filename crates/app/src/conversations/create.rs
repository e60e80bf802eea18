//! `ConversationsController#create` with `ConversationBuilder`: the contact inbox (built from
//! contact + inbox, or found by `source_id`), then the conversation and its first message
//! (`Messages::MessageBuilder`), in one transaction, as upstream wraps both in one.

use super::Viewer;
use crate::events::{commit, Event, EventKind};
use crate::messages::NewMessageParams;
use crate::{App, AppError, Result};
use domain::enums::{ConversationStatus, Role};
use domain::ValidationErrors;
use serde_json::{Map, Value};
use store::contact_inboxes::ContactInbox;
use store::conversations::Conversation;
use store::{Exec, Json};

#[derive(Debug, Default)]
pub struct NewConversation {
    pub inbox_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub source_id: Option<String>,
    pub hmac_verified: bool,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub status: Option<String>,
    pub snoozed_until: Option<chrono::NaiveDateTime>,
    pub additional_attributes: Option<Map<String, Value>>,
    pub custom_attributes: Option<Map<String, Value>>,
}

/// `InboxPolicy#show?` for the viewer (bots may use every inbox of their account).
async fn check_inbox(e: &impl Exec, viewer: Viewer, inbox_id: i64) -> Result<()> {
    if let Viewer::User { id, admin: false } = viewer {
        let member = store::inbox_members::is_member(e, inbox_id, id).await?;
        if !domain::policy::can_show_inbox(Role::Agent, member) {
            return Err(AppError::not_authorized());
        }
    }
    Ok(())
}

async fn contact_inbox(
    tx: &store::Tx,
    account_id: i64,
    viewer: Viewer,
    p: &NewConversation,
) -> Result<ContactInbox> {
    let inbox = match p.inbox_id {
        Some(id) => Some(
            store::inboxes::find(tx, account_id, id)
                .await?
                .ok_or(AppError::NotFound)?,
        ),
        None => None,
    };
    if let Some(inbox) = &inbox {
        check_inbox(tx, viewer, inbox.id).await?;
    }
    let contact = match p.contact_id {
        Some(id) => Some(crate::contacts::find(tx, account_id, id).await?),
        None => None,
    };
    if let (Some(inbox), Some(contact)) = (&inbox, &contact) {
        return crate::contact_inboxes::build(
            tx,
            contact,
            inbox,
            p.source_id.clone(),
            p.hmac_verified,
        )
        .await;
    }
    // The legacy lookup by `source_id` alone. Upstream searches every account's contact
    // inboxes; Switchboard keeps it to the account's inboxes (another account's is a 404).
    let source = p.source_id.as_deref().filter(|s| !s.is_empty());
    let ci = match (source, &inbox) {
        (Some(s), Some(inbox)) => store::contact_inboxes::find_by_source(tx, inbox.id, s).await?,
        (Some(s), None) => store::conversations::contact_inbox_by_source(tx, account_id, s).await?,
        (None, _) => None,
    }
    .ok_or(AppError::NotFound)?;
    check_inbox(tx, viewer, ci.inbox_id.unwrap_or_default()).await?;
    Ok(ci)
}

async fn check_refs(e: &impl Exec, account_id: i64, p: &NewConversation) -> Result<Option<i32>> {
    let mut errors = ValidationErrors::new();
    if let Some(a) = p.assignee_id {
        if store::account_users::find(e, account_id, a)
            .await?
            .is_none()
        {
            errors.add("assignee", "must exist");
        }
    }
    if let Some(t) = p.team_id {
        if store::teams::find(e, account_id, t).await?.is_none() {
            errors.add("team", "must exist");
        }
    }
    let status = match p.status.as_deref().filter(|s| !s.is_empty()) {
        Some(s) => match ConversationStatus::parse(s) {
            Some(st) => Some(st.as_i32()),
            None => {
                errors.add("status", "is not included in the list");
                None
            }
        },
        None => None,
    };
    errors.into_result()?;
    Ok(status)
}

/// Creates (or, for an inbox locked to a single conversation, finds) the conversation, with
/// `message` as its first message when given. A message refused leaves nothing behind.
pub async fn create(
    app: &App,
    account_id: i64,
    viewer: Viewer,
    p: NewConversation,
    message: Option<NewMessageParams>,
) -> Result<Conversation> {
    let tx = app.db.begin().await?;
    let status = check_refs(&tx, account_id, &p).await?;
    let ci = contact_inbox(&tx, account_id, viewer, &p).await?;
    let inbox_id = ci.inbox_id.ok_or(AppError::NotFound)?;
    let inbox = store::inboxes::find(&tx, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let existing = if inbox.lock_to_single_conversation {
        store::conversations::last_for_contact_inbox(&tx, ci.id).await?
    } else {
        None
    };
    let mut events = Vec::new();
    let c = match existing {
        Some(c) => c,
        None => {
            let c = insert(&tx, account_id, &ci, &inbox, status, p).await?;
            let conversation = super::events::reference(&c);
            let mut kinds = vec![EventKind::ConversationCreated { conversation }];
            // `notify_assignment_change` is an `after_commit`, so a create fires it too.
            if c.assignee_id.is_some() {
                kinds.push(EventKind::AssigneeChanged { conversation });
            }
            if c.team_id.is_some() {
                kinds.push(EventKind::TeamChanged { conversation });
            }
            let performer = Some(super::events::performer(viewer));
            events.extend(
                kinds
                    .into_iter()
                    .map(|k| Event::new(account_id, performer, k)),
            );
            c
        }
    };
    // Upstream posts the message into a conversation it found as well.
    let c = match message {
        None => c,
        Some(m) => {
            let conv = store::message_conversations::by_display_id(&tx, account_id, c.display_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let actor = match viewer {
                Viewer::User { id, admin } => crate::messages::Actor::User { id, admin },
                Viewer::Bot { id } => crate::messages::Actor::AgentBot { id },
            };
            let written = crate::messages::create::create_in(&tx, &conv, actor, m).await?;
            events.extend(written.events);
            // The message moved the conversation (activity, waiting time): read it again.
            store::conversations::find_by_display_id(&tx, account_id, c.display_id)
                .await?
                .ok_or(AppError::NotFound)?
        }
    };
    commit(app, tx, events).await?;
    Ok(c)
}

/// `Conversation.create!` with `determine_conversation_status` and `ensure_waiting_since`.
async fn insert(
    tx: &store::Tx,
    account_id: i64,
    ci: &ContactInbox,
    inbox: &store::inboxes::Inbox,
    status: Option<i32>,
    p: NewConversation,
) -> Result<Conversation> {
    let contact = match ci.contact_id {
        Some(id) => store::contacts::find(tx, account_id, id).await?,
        None => None,
    };
    // `determine_conversation_status`: a blocked contact's conversation starts resolved, one
    // in an inbox with an active bot pending (whatever was asked).
    let bot_active = store::agent_bot_inboxes::has_active_bot(tx, inbox.id).await?;
    let status = if contact.as_ref().is_some_and(|c| c.blocked) {
        ConversationStatus::Resolved.as_i32()
    } else if bot_active {
        ConversationStatus::Pending.as_i32()
    } else {
        status.unwrap_or(ConversationStatus::Open.as_i32())
    };
    let now = domain::time::now();
    let object = |m: Option<Map<String, Value>>| Some(Json(Value::Object(m.unwrap_or_default())));
    let row = Conversation {
        id: 0,
        account_id,
        inbox_id: inbox.id,
        status,
        assignee_id: p.assignee_id,
        contact_id: ci.contact_id,
        display_id: store::conversations::next_display_id(tx, account_id).await?,
        contact_last_seen_at: None,
        agent_last_seen_at: None,
        additional_attributes: object(p.additional_attributes),
        contact_inbox_id: Some(ci.id),
        uuid: crate::tokens::uuid(),
        identifier: None,
        last_activity_at: now,
        team_id: p.team_id,
        campaign_id: None,
        snoozed_until: p.snoozed_until,
        custom_attributes: object(p.custom_attributes),
        assignee_last_seen_at: None,
        first_reply_created_at: None,
        priority: None,
        sla_policy_id: None,
        waiting_since: Some(now),
        cached_label_list: None,
        assignee_agent_bot_id: None,
        muted_until: None,
        created_at: now,
        updated_at: now,
    };
    Ok(store::conversations::insert(tx, &row).await?)
}
