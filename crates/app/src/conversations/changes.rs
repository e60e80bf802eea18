//! The member actions of `ConversationsController` that change one conversation, and
//! `Conversations::AssignmentsController`. Each loads the conversation with the policy check,
//! changes it and saves it in one transaction, which also queues what the change owes the
//! outside world (`events::commit` with the events of `super::events::diff`).

use super::events::{events, messages_created};
use super::{find, Viewer};
use crate::events::{commit, Event, EventKind};
use crate::{App, AppError, Result};
use chrono::NaiveDateTime;
use domain::enums::{ConversationPriority, ConversationStatus, Role};
use domain::ValidationErrors;
use serde_json::{Map, Value};
use store::conversations::Conversation;
use store::{Db, Json, Tx};

/// `before_save :ensure_snooze_until_reset`, then `save!`.
async fn save(tx: &Tx, mut c: Conversation) -> Result<Conversation> {
    if c.status != ConversationStatus::Snoozed.as_i32() {
        c.snoozed_until = None;
    }
    c.updated_at = domain::time::now();
    Ok(store::conversations::save(tx, &c).await?)
}

/// Saves `c` (changed from `before`), writes the activity messages and commits with the events
/// of the change, `extra` after the model's own.
async fn finish(
    app: &App,
    tx: Tx,
    viewer: Viewer,
    before: &Conversation,
    c: Conversation,
    extra: Vec<EventKind>,
) -> Result<Conversation> {
    let mut c = save(&tx, c).await?;
    let mut activity = super::activity::changed(&tx, viewer, before, &c).await?;
    if before.muted_until.is_some() != c.muted_until.is_some() {
        let muted = c.muted_until.is_some();
        activity.extend(super::activity::mute_changed(&tx, viewer, &c, muted).await?);
    }
    let mut out = events(Some(viewer), before, &c, None);
    let resolved = ConversationStatus::Resolved.as_i32();
    if c.status == resolved && before.status != resolved && c.waiting_since.is_some() {
        // `handle_resolved_status_change`: an `update_column` after the save, so it is in no
        // event's changes.
        store::conversations::clear_waiting_since(&tx, c.id).await?;
        c.waiting_since = None;
    }
    let performer = Some(super::events::performer(viewer));
    out.extend(
        extra
            .into_iter()
            .map(|kind| Event::new(c.account_id, performer, kind)),
    );
    out.extend(messages_created(&c, Some(viewer), &activity));
    commit(app, tx, out).await?;
    Ok(c)
}

/// Loads, changes and saves one conversation in a transaction. `f` may name events beyond
/// the ones the saved change causes.
async fn change<F>(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    f: F,
) -> Result<Conversation>
where
    F: FnOnce(&mut Conversation) -> Result<Vec<EventKind>>,
{
    let tx = app.db.begin().await?;
    let mut c = find(&tx, account_id, display_id, viewer).await?;
    let before = c.clone();
    let extra = f(&mut c)?;
    finish(app, tx, viewer, &before, c, extra).await
}

pub fn parse_status(s: &str) -> Result<i32> {
    ConversationStatus::parse(s)
        .map(|s| s.as_i32())
        .ok_or_else(|| ValidationErrors::single("status", "is not included in the list").into())
}

/// `toggle_status`: an explicit status (with `snoozed_until` when given), else open <->
/// resolved (pending and snoozed open). An agent (not an administrator) who leaves it open
/// becomes its assignee (`should_assign_conversation?`). A bot opening its pending
/// conversation hands it to humans (`bot_handoff!`, `pending_to_open_by_bot?`).
pub async fn toggle_status(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    role: Option<Role>,
    status: Option<String>,
    snoozed_until: Option<NaiveDateTime>,
) -> Result<Conversation> {
    let status = match status.filter(|s| !s.is_empty()) {
        Some(s) => Some(parse_status(&s)?),
        None => None,
    };
    change(app, account_id, display_id, viewer, |c| {
        let open = ConversationStatus::Open.as_i32();
        let handoff = matches!(viewer, Viewer::Bot { .. })
            && c.status == ConversationStatus::Pending.as_i32()
            && status == Some(open);
        match status {
            Some(s) => {
                c.status = s;
                if snoozed_until.is_some() {
                    c.snoozed_until = snoozed_until;
                }
            }
            None => {
                c.status = if c.status == open {
                    ConversationStatus::Resolved.as_i32()
                } else {
                    open
                };
            }
        }
        if c.status == open && role == Some(Role::Agent) {
            c.assignee_id = viewer.user_id();
        }
        Ok(if handoff {
            vec![EventKind::ConversationBotHandoff {
                conversation: super::events::reference(c),
            }]
        } else {
            Vec::new()
        })
    })
    .await
}

/// `toggle_priority` / `update(priority)`: blank clears it; an unknown name is refused.
pub async fn set_priority(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    priority: Option<String>,
) -> Result<Conversation> {
    let priority = match priority.filter(|s| !s.is_empty()) {
        Some(p) => Some(
            ConversationPriority::parse(&p)
                .ok_or_else(|| {
                    AppError::from(ValidationErrors::single(
                        "priority",
                        "is not included in the list",
                    ))
                })?
                .as_i32(),
        ),
        None => None,
    };
    change(app, account_id, display_id, viewer, |c| {
        c.priority = priority;
        Ok(Vec::new())
    })
    .await
}

/// `custom_attributes`: replaces the whole hash.
pub async fn set_custom_attributes(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    attrs: Map<String, Value>,
) -> Result<Conversation> {
    change(app, account_id, display_id, viewer, |c| {
        c.custom_attributes = Some(Json(Value::Object(attrs)));
        Ok(Vec::new())
    })
    .await
}

/// `mute!` / `unmute!`: upstream keeps a Redis key for a year (`CONVERSATION_MUTE_KEY`) and
/// resolves the conversation on mute.
pub async fn set_muted(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    muted: bool,
) -> Result<Conversation> {
    change(app, account_id, display_id, viewer, |c| {
        if muted {
            c.status = ConversationStatus::Resolved.as_i32();
            c.muted_until = Some(domain::time::now() + chrono::Duration::days(365));
        } else {
            c.muted_until = None;
        }
        Ok(Vec::new())
    })
    .await
}

/// `update_last_seen` (now; the assignee's too when the viewer is the assignee) and `unread`
/// (one second before the newest incoming message, for agent and assignee). Upstream writes
/// these with `update_column`, so no event follows (`conversation.read` is the contact's).
pub async fn mark_seen(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    unread: bool,
) -> Result<Conversation> {
    let tx = app.db.begin().await?;
    let mut c = find(&tx, account_id, display_id, viewer).await?;
    let (at, assignee) = if unread {
        let last = store::conversations::last_incoming_at(&tx, c.id).await?;
        (last.map(|t| t - chrono::Duration::seconds(1)), true)
    } else {
        let mine = c.assignee_id.is_some() && c.assignee_id == viewer.user_id();
        (Some(domain::time::now()), mine)
    };
    // `update_column`: no callbacks and no `updated_at`.
    c.agent_last_seen_at = at;
    if assignee {
        c.assignee_last_seen_at = at;
    }
    let c = store::conversations::save(&tx, &c).await?;
    commit(app, tx, Vec::new()).await?;
    Ok(c)
}

/// What `POST /assignments` assigned.
pub enum Assigned {
    Agent(Box<store::users::User>, store::account_users::AccountUser),
    Bot(Box<store::agent_bots::AgentBot>),
    Team(store::teams::Team),
    Nothing,
}

pub enum Assignment {
    Assignee { id: Option<i64>, bot: bool },
    Team(Option<i64>),
}

/// `Conversations::AssignmentService` and `set_team`: an id that names no agent, bot or team
/// of the account clears the assignment, as upstream's `find_by` does.
pub async fn assign(
    app: &App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    what: Assignment,
) -> Result<(Conversation, Assigned)> {
    let tx = app.db.begin().await?;
    let mut c = find(&tx, account_id, display_id, viewer).await?;
    let before = c.clone();
    let assigned = match what {
        Assignment::Assignee { id, bot: true } => {
            let bot = match id {
                Some(id) => store::agent_bots::find_accessible(&tx, account_id, id).await?,
                None => None,
            };
            c.assignee_agent_bot_id = bot.as_ref().map(|b| b.id);
            c.assignee_id = None;
            bot.map_or(Assigned::Nothing, |b| Assigned::Bot(Box::new(b)))
        }
        Assignment::Assignee { id, bot: false } => {
            let found = match id {
                Some(id) => match store::account_users::find(&tx, account_id, id).await? {
                    Some(au) => store::users::find(&tx, id).await?.map(|u| (u, au)),
                    None => None,
                },
                None => None,
            };
            c.assignee_id = found.as_ref().map(|(u, _)| u.id);
            c.assignee_agent_bot_id = None;
            found.map_or(Assigned::Nothing, |(u, au)| {
                Assigned::Agent(Box::new(u), au)
            })
        }
        Assignment::Team(id) => {
            let team = match id {
                Some(id) => store::teams::find(&tx, account_id, id).await?,
                None => None,
            };
            c.team_id = team.as_ref().map(|t| t.id);
            team.map_or(Assigned::Nothing, Assigned::Team)
        }
    };
    let c = finish(app, tx, viewer, &before, c, Vec::new()).await?;
    Ok((c, assigned))
}

/// `destroy` (administrators; upstream's `DeleteObjectJob`, done at once here): the
/// conversation with its messages, attachments, participants, mentions, labels and reporting
/// events. Returns the stored file keys for the caller to remove after the commit.
pub async fn destroy(
    db: &Db,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
) -> Result<Vec<String>> {
    let tx = db.begin().await?;
    let c = find(&tx, account_id, display_id, viewer).await?;
    if let Viewer::User { admin: false, .. } = viewer {
        return Err(AppError::not_authorized());
    }
    let keys = store::conversation_reads::attachment_file_keys(&tx, c.id).await?;
    store::taggings::delete_all(&tx, super::TAGGABLE, c.id).await?;
    store::conversations::delete_reporting_events(&tx, c.id).await?;
    store::conversations::delete(&tx, c.id).await?;
    tx.commit().await?;
    Ok(keys)
}
