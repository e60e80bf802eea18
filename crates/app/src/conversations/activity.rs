//! `ActivityMessageHandler` and its concerns (priority, team, labels): the activity messages a
//! change leaves in the conversation, with upstream's texts (`conversations.activity.*` in
//! config/locales/en.yml). Upstream writes them from a job after the commit; here they are
//! written in the change's own transaction.

use super::Viewer;
use crate::Result;
use domain::enums::{ConversationPriority, ConversationStatus};
use domain::messages::MessageType;
use store::conversations::Conversation;
use store::messages::NewMessage;
use store::Exec;

/// `Current.user&.name`: the acting user's or bot's name.
pub async fn actor_name(e: &impl Exec, viewer: Viewer) -> Result<Option<String>> {
    Ok(match viewer {
        Viewer::User { id, .. } => store::users::find(e, id).await?.map(|u| u.name),
        Viewer::Bot { id } => store::agent_bots::find(e, id).await?.and_then(|b| b.name),
    })
}

/// Writes one activity message and returns its id (its `message.created` is the caller's to
/// emit, after the change's own events as upstream's `ActivityMessageJob` runs after them).
pub async fn write(e: &impl Exec, c: &Conversation, content: String) -> Result<i64> {
    let m = NewMessage {
        account_id: c.account_id,
        inbox_id: c.inbox_id,
        conversation_id: c.id,
        content: Some(content),
        message_type: MessageType::Activity.as_i32(),
        content_attributes: serde_json::json!({}),
        additional_attributes: serde_json::json!({}),
        ..NewMessage::default()
    };
    Ok(store::messages::insert(e, &m, domain::time::now())
        .await?
        .id)
}

fn status_text(status: i32, user: &str) -> String {
    match ConversationStatus::from_i32(status).unwrap_or(ConversationStatus::Open) {
        ConversationStatus::Resolved => format!("Conversation was marked resolved by {user}"),
        ConversationStatus::Open => format!("Conversation was reopened by {user}"),
        ConversationStatus::Pending => format!("Conversation was marked as pending by {user}"),
        ConversationStatus::Snoozed => format!("Conversation was snoozed by {user}"),
    }
}

fn priority_name(p: Option<i32>) -> Option<&'static str> {
    p.and_then(ConversationPriority::from_i32)
        .map(|p| p.as_str())
}

async fn user_name(e: &impl Exec, id: Option<i64>) -> Result<String> {
    Ok(match id {
        Some(id) => store::users::find(e, id)
            .await?
            .map(|u| u.name)
            .unwrap_or_default(),
        None => String::new(),
    })
}

async fn team_name(e: &impl Exec, account_id: i64, id: Option<i64>) -> Result<Option<String>> {
    Ok(match id {
        Some(id) => store::teams::find(e, account_id, id).await?.map(|t| t.name),
        None => None,
    })
}

/// The activities of the change from `before` to `after` (status, priority, assignee, team);
/// returns the ids of the messages written.
pub async fn changed(
    e: &impl Exec,
    viewer: Viewer,
    before: &Conversation,
    after: &Conversation,
) -> Result<Vec<i64>> {
    let status = before.status != after.status;
    let priority = before.priority != after.priority;
    let assignee = before.assignee_id != after.assignee_id;
    let team = before.team_id != after.team_id;
    let mut ids = Vec::new();
    if !(status || priority || assignee || team) {
        return Ok(ids);
    }
    let Some(user) = actor_name(e, viewer).await? else {
        return Ok(ids);
    };
    if status {
        ids.push(write(e, after, status_text(after.status, &user)).await?);
    }
    if priority {
        let text = match (
            priority_name(before.priority),
            priority_name(after.priority),
        ) {
            (Some(old), Some(new)) => {
                Some(format!("{user} changed the priority from {old} to {new}"))
            }
            (None, Some(new)) => Some(format!("{user} set the priority to {new}")),
            (Some(_), None) => Some(format!("{user} removed the priority")),
            (None, None) => None,
        };
        if let Some(text) = text {
            ids.push(write(e, after, text).await?);
        }
    }
    if assignee && !team {
        let text = match after.assignee_id {
            Some(id) if viewer.user_id() == Some(id) => {
                format!("{user} self-assigned this conversation")
            }
            Some(id) => format!("Assigned to {} by {user}", user_name(e, Some(id)).await?),
            None => format!("Conversation unassigned by {user}"),
        };
        ids.push(write(e, after, text).await?);
    }
    if team {
        let text = match team_name(e, after.account_id, after.team_id).await? {
            Some(name) if assignee && after.assignee_id.is_some() => format!(
                "Assigned to {} via {name} by {user}",
                user_name(e, after.assignee_id).await?
            ),
            Some(name) => format!("Assigned to {name} by {user}"),
            None => {
                let old = team_name(e, after.account_id, before.team_id)
                    .await?
                    .unwrap_or_default();
                format!("Unassigned from {old} by {user}")
            }
        };
        ids.push(write(e, after, text).await?);
    }
    Ok(ids)
}

/// `create_label_change`: "added" and "removed" activities for the difference.
pub async fn labels_changed(
    e: &impl Exec,
    viewer: Viewer,
    c: &Conversation,
    before: &[String],
    after: &[String],
) -> Result<Vec<i64>> {
    let mut ids = Vec::new();
    let Some(user) = actor_name(e, viewer).await? else {
        return Ok(ids);
    };
    let added: Vec<&str> = after
        .iter()
        .filter(|l| !before.contains(l))
        .map(String::as_str)
        .collect();
    let removed: Vec<&str> = before
        .iter()
        .filter(|l| !after.contains(l))
        .map(String::as_str)
        .collect();
    if !added.is_empty() {
        ids.push(write(e, c, format!("{user} added {}", added.join(", "))).await?);
    }
    if !removed.is_empty() {
        ids.push(write(e, c, format!("{user} removed {}", removed.join(", "))).await?);
    }
    Ok(ids)
}

/// `create_mute_change_activity` (users only).
pub async fn mute_changed(
    e: &impl Exec,
    viewer: Viewer,
    c: &Conversation,
    muted: bool,
) -> Result<Vec<i64>> {
    if viewer.user_id().is_none() {
        return Ok(Vec::new());
    }
    let Some(user) = actor_name(e, viewer).await? else {
        return Ok(Vec::new());
    };
    let verb = if muted { "muted" } else { "unmuted" };
    Ok(vec![
        write(e, c, format!("{user} has {verb} the conversation")).await?,
    ])
}
