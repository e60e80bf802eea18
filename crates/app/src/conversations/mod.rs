//! Conversations: `ConversationBuilder` (create.rs), `ConversationFinder` (finder.rs), the
//! state changes of `ConversationsController` and its nested controllers (changes.rs,
//! team_labels.rs) and `ConversationPolicy#show?` (here).

pub mod activity;
pub mod changes;
pub mod create;
pub mod events;
pub mod finder;
pub mod members;
pub mod typing;

use crate::{AppError, Result};
use store::conversations::Conversation;
use store::Exec;

pub const TAGGABLE: &str = "Conversation";

/// Who acts on a conversation: a member of the account, or an agent bot connected to it.
#[derive(Debug, Clone, Copy)]
pub enum Viewer {
    User { id: i64, admin: bool },
    Bot { id: i64 },
}

impl Viewer {
    pub fn user_id(self) -> Option<i64> {
        match self {
            Viewer::User { id, .. } => Some(id),
            Viewer::Bot { .. } => None,
        }
    }
}

/// `ConversationPolicy#show?`: administrators and bots always; agents through an inbox they
/// are a member of or the conversation's team.
pub async fn can_show(e: &impl Exec, viewer: Viewer, c: &Conversation) -> Result<bool> {
    may_see(e, viewer, c.account_id, c.inbox_id, c.team_id).await
}

/// The rule of `can_show` for a conversation known by its account, inbox and team (the messages
/// controller reads a narrower row).
pub async fn may_see(
    e: &impl Exec,
    viewer: Viewer,
    account_id: i64,
    inbox_id: i64,
    team_id: Option<i64>,
) -> Result<bool> {
    let user_id = match viewer {
        Viewer::Bot { .. } | Viewer::User { admin: true, .. } => return Ok(true),
        Viewer::User { id, .. } => id,
    };
    if store::inbox_members::is_member(e, inbox_id, user_id).await? {
        return Ok(true);
    }
    match team_id {
        Some(team) => Ok(store::teams::ids_with_member(e, account_id, user_id)
            .await?
            .contains(&team)),
        None => Ok(false),
    }
}

/// `find_by!(display_id:)` then `authorize :show?`: 404 for an id of no conversation of the
/// account, 401 for one the viewer may not see.
pub async fn find(
    e: &impl Exec,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
) -> Result<Conversation> {
    let c = store::conversations::find_by_display_id(e, account_id, display_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !can_show(e, viewer, &c).await? {
        return Err(AppError::not_authorized());
    }
    Ok(c)
}

/// The label names of `cached_label_list` (acts_as_taggable_on's cache: names joined by ", ").
pub fn cached_labels(c: &Conversation) -> Vec<String> {
    c.cached_label_list
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}
