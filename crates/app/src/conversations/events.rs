//! The events a saved conversation change causes, as upstream's model callbacks decide them
//! (app/models/conversation.rb `execute_after_update_commit_callbacks` with
//! `notify_status_change` and `notify_conversation_updation`, and
//! app/models/concerns/assignment_handler.rb `notify_assignment_change`). A pure function of
//! the row before and after the save, so every use case that saves a conversation gets the
//! same events.

use super::Viewer;
use crate::events::{push_change, Changes, ConversationRef, Event, EventKind, Performer};
use domain::enums::{ConversationPriority, ConversationStatus};
use domain::events::is_conversation_update;
use domain::time::iso;
use serde_json::{json, Value};
use store::conversations::Conversation;

pub fn reference(c: &Conversation) -> ConversationRef {
    ConversationRef {
        id: c.id,
        display_id: c.display_id,
        inbox_id: c.inbox_id,
    }
}

pub fn performer(viewer: Viewer) -> Performer {
    match viewer {
        Viewer::User { id, .. } => Performer::User(id),
        Viewer::Bot { id } => Performer::AgentBot(id),
    }
}

fn status_name(s: i32) -> Value {
    json!(ConversationStatus::from_i32(s).map(|s| s.as_str()))
}

fn priority_name(p: Option<i32>) -> Value {
    json!(p
        .and_then(ConversationPriority::from_i32)
        .map(|p| p.as_str()))
}

fn time(t: Option<chrono::NaiveDateTime>) -> Value {
    json!(t.map(iso))
}

fn object(v: &Option<store::Json<Value>>) -> Value {
    v.as_ref().map(|j| j.0.clone()).unwrap_or(json!({}))
}

/// The label names of the list a save changed (`label_list`), when it did.
pub type Labels<'a> = Option<(&'a [String], &'a [String])>;

/// `previous_changes` of the save, as Rails renders them in JSON (enums by name, times in ISO).
/// `last_activity_at` and the last-seen times are written with `update_column(s)` upstream, so
/// they never show; `muted_until` is Switchboard's (upstream keeps it in Redis).
pub fn changes(before: &Conversation, after: &Conversation, labels: Labels) -> Changes {
    let mut out = Changes::new();
    let c = &mut out;
    push_change(
        c,
        "status",
        status_name(before.status),
        status_name(after.status),
    );
    push_change(
        c,
        "assignee_id",
        json!(before.assignee_id),
        json!(after.assignee_id),
    );
    push_change(
        c,
        "contact_id",
        json!(before.contact_id),
        json!(after.contact_id),
    );
    push_change(
        c,
        "contact_last_seen_at",
        time(before.contact_last_seen_at),
        time(after.contact_last_seen_at),
    );
    push_change(
        c,
        "additional_attributes",
        object(&before.additional_attributes),
        object(&after.additional_attributes),
    );
    push_change(c, "team_id", json!(before.team_id), json!(after.team_id));
    push_change(
        c,
        "campaign_id",
        json!(before.campaign_id),
        json!(after.campaign_id),
    );
    push_change(
        c,
        "snoozed_until",
        time(before.snoozed_until),
        time(after.snoozed_until),
    );
    push_change(
        c,
        "custom_attributes",
        object(&before.custom_attributes),
        object(&after.custom_attributes),
    );
    push_change(
        c,
        "first_reply_created_at",
        time(before.first_reply_created_at),
        time(after.first_reply_created_at),
    );
    push_change(
        c,
        "priority",
        priority_name(before.priority),
        priority_name(after.priority),
    );
    push_change(
        c,
        "sla_policy_id",
        json!(before.sla_policy_id),
        json!(after.sla_policy_id),
    );
    push_change(
        c,
        "waiting_since",
        time(before.waiting_since),
        time(after.waiting_since),
    );
    push_change(
        c,
        "cached_label_list",
        json!(before.cached_label_list),
        json!(after.cached_label_list),
    );
    push_change(
        c,
        "assignee_agent_bot_id",
        json!(before.assignee_agent_bot_id),
        json!(after.assignee_agent_bot_id),
    );
    if let Some((old, new)) = labels {
        push_change(c, "label_list", json!(old), json!(new));
    }
    // Rails stamps `updated_at` only when something else changed.
    if !out.is_empty() {
        push_change(
            &mut out,
            "updated_at",
            json!(iso(before.updated_at)),
            json!(iso(after.updated_at)),
        );
    }
    out
}

fn language(v: &Value) -> Option<&Value> {
    v.get("conversation_language")
}

/// `allowed_keys?`: a `list_of_keys` attribute changed, or `additional_attributes` changed and
/// names a `conversation_language` afterwards.
fn is_update(changes: &Changes) -> bool {
    changes.iter().any(|(name, _, after)| {
        is_conversation_update(name)
            || (name == "additional_attributes" && language(after).is_some())
    })
}

/// The events of one save of `c` from `before` to `after`, in upstream's callback order:
/// status events, `conversation.updated`, then the assignment events.
pub fn diff(before: &Conversation, after: &Conversation, labels: Labels) -> Vec<EventKind> {
    let conversation = reference(after);
    let changes = changes(before, after, labels);
    let changed = |name: &str| changes.iter().any(|(n, _, _)| n == name);
    let mut out = Vec::new();
    if changed("status") {
        if after.status == ConversationStatus::Open.as_i32() {
            out.push(EventKind::ConversationOpened { conversation });
        }
        if after.status == ConversationStatus::Resolved.as_i32() {
            out.push(EventKind::ConversationResolved { conversation });
        }
        // Upstream passes `status_change`, which is nil once the save is done: receivers get
        // `changed_attributes: null`.
        out.push(EventKind::ConversationStatusChanged {
            conversation,
            changes: Changes::new(),
        });
    }
    if changed("contact_last_seen_at") {
        out.push(EventKind::ConversationRead { conversation });
    }
    if changed("contact_id") {
        out.push(EventKind::ConversationContactChanged { conversation });
    }
    if is_update(&changes) {
        out.push(EventKind::ConversationUpdated {
            conversation,
            changes: changes.clone(),
        });
    }
    if changed("assignee_id") {
        out.push(EventKind::AssigneeChanged { conversation });
    }
    if changed("team_id") {
        out.push(EventKind::TeamChanged { conversation });
    }
    out
}

/// `diff` as events of the account, caused by `viewer`.
pub fn events(
    viewer: Option<Viewer>,
    before: &Conversation,
    after: &Conversation,
    labels: Labels,
) -> Vec<Event> {
    let performer = viewer.map(performer);
    diff(before, after, labels)
        .into_iter()
        .map(|kind| Event::new(after.account_id, performer, kind))
        .collect()
}

/// `message.created` for each message (activity messages included), in the order written.
pub fn messages_created(c: &Conversation, viewer: Option<Viewer>, ids: &[i64]) -> Vec<Event> {
    let performer = viewer.map(performer);
    ids.iter()
        .map(|&message_id| {
            Event::new(
                c.account_id,
                performer,
                EventKind::MessageCreated {
                    message_id,
                    conversation: reference(c),
                },
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDateTime;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").unwrap()
    }

    fn row() -> Conversation {
        Conversation {
            id: 7,
            account_id: 1,
            inbox_id: 2,
            status: 0,
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
            waiting_since: None,
            cached_label_list: None,
            assignee_agent_bot_id: None,
            muted_until: None,
            created_at: t("2025-01-01 00:00:00"),
            updated_at: t("2025-01-01 00:00:00"),
        }
    }

    fn saved(mut c: Conversation) -> Conversation {
        c.updated_at = t("2025-01-02 00:00:00");
        c
    }

    fn names(kinds: &[EventKind]) -> Vec<&'static str> {
        kinds
            .iter()
            .map(|k| Event::new(1, None, k.clone()).name())
            .collect()
    }

    #[test]
    fn resolving_emits_resolved_status_changed_and_updated() {
        let before = row();
        let after = saved(Conversation { status: 1, ..row() });
        let kinds = diff(&before, &after, None);
        assert_eq!(
            names(&kinds),
            [
                "conversation.resolved",
                "conversation.status_changed",
                "conversation.updated"
            ]
        );
        let EventKind::ConversationUpdated { changes, .. } = &kinds[2] else {
            panic!()
        };
        assert_eq!(
            changes,
            &vec![
                ("status".to_string(), json!("open"), json!("resolved")),
                (
                    "updated_at".to_string(),
                    json!("2025-01-01T00:00:00.000Z"),
                    json!("2025-01-02T00:00:00.000Z")
                ),
            ]
        );
        let EventKind::ConversationStatusChanged { changes, .. } = &kinds[1] else {
            panic!()
        };
        assert!(changes.is_empty());
    }

    #[test]
    fn reopening_emits_opened() {
        let before = Conversation { status: 2, ..row() };
        let kinds = diff(&before, &saved(row()), None);
        assert_eq!(names(&kinds)[0], "conversation.opened");
    }

    #[test]
    fn assignment_emits_updated_then_assignee_and_team_changed() {
        let after = saved(Conversation {
            assignee_id: Some(9),
            team_id: Some(4),
            ..row()
        });
        assert_eq!(
            names(&diff(&row(), &after, None)),
            ["conversation.updated", "assignee.changed", "team.changed"]
        );
    }

    #[test]
    fn priority_custom_attributes_and_labels_are_updates() {
        let after = saved(Conversation {
            priority: Some(3),
            ..row()
        });
        let kinds = diff(&row(), &after, None);
        let EventKind::ConversationUpdated { changes, .. } = &kinds[0] else {
            panic!()
        };
        assert_eq!(changes[0], ("priority".into(), json!(null), json!("high")));
        let after = saved(Conversation {
            custom_attributes: Some(store::Json(json!({"a": 1}))),
            ..row()
        });
        assert_eq!(names(&diff(&row(), &after, None)), ["conversation.updated"]);
        let after = saved(Conversation {
            cached_label_list: Some("vip".into()),
            ..row()
        });
        let old: Vec<String> = vec![];
        let new = vec!["vip".to_string()];
        let kinds = diff(&row(), &after, Some((&old, &new)));
        let EventKind::ConversationUpdated { changes, .. } = &kinds[0] else {
            panic!()
        };
        let keys: Vec<&str> = changes.iter().map(|(k, _, _)| k.as_str()).collect();
        assert_eq!(keys, ["cached_label_list", "label_list", "updated_at"]);
    }

    #[test]
    fn bookkeeping_changes_are_no_update() {
        let after = saved(Conversation {
            agent_last_seen_at: Some(t("2025-01-03 00:00:00")),
            last_activity_at: t("2025-01-03 00:00:00"),
            muted_until: Some(t("2026-01-03 00:00:00")),
            ..row()
        });
        assert!(diff(&row(), &after, None).is_empty());
        assert!(changes(&row(), &after, None).is_empty());
    }

    #[test]
    fn contact_seen_is_read_and_language_is_an_update() {
        let after = saved(Conversation {
            contact_last_seen_at: Some(t("2025-01-03 00:00:00")),
            ..row()
        });
        assert_eq!(names(&diff(&row(), &after, None)), ["conversation.read"]);
        let after = saved(Conversation {
            additional_attributes: Some(store::Json(json!({"conversation_language": "fr"}))),
            ..row()
        });
        assert_eq!(names(&diff(&row(), &after, None)), ["conversation.updated"]);
        let after = saved(Conversation {
            additional_attributes: Some(store::Json(json!({"browser": "x"}))),
            ..row()
        });
        assert!(diff(&row(), &after, None).is_empty());
    }
}
