//! `api/v1/conversations/partials/_conversation.json.jbuilder`. A page of conversations is
//! rendered from a fixed number of queries: contacts, inbox channels, contact inboxes,
//! assignees (users + memberships), agent bots, teams, the caller's teams and unread counts are
//! each read once for the whole page.

use crate::error::ApiResult;
use crate::views::agent::AgentView;
use crate::views::contact::ContactView;
use crate::views::team::TeamView;
use app::App;
use domain::enums::ConversationStatus;
use domain::time::unix;
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use store::conversations::Conversation;

/// `agent_bot_slim`.
pub fn bot_slim(b: &store::agent_bots::AgentBot) -> Value {
    let mut v = json!({
        "id": b.id,
        "name": b.name,
        "description": b.description,
        "thumbnail": "",
    });
    if b.account_id.is_some() {
        v["outgoing_url"] = json!(b.outgoing_url);
    }
    v["bot_type"] = json!(domain::enums::BotType::from_i32(b.bot_type.unwrap_or(0))
        .unwrap_or(domain::enums::BotType::Webhook)
        .as_str());
    v
}

fn ids<F: Fn(&Conversation) -> Option<i64>>(list: &[Conversation], f: F) -> Vec<i64> {
    let mut out: Vec<i64> = list.iter().filter_map(f).collect();
    out.sort_unstable();
    out.dedup();
    out
}

fn json_or_empty(v: &Option<store::Json<Value>>) -> Value {
    v.as_ref()
        .map(|j| j.0.clone())
        .unwrap_or_else(|| Value::Object(Map::new()))
}

/// The conversations as JSON, for a caller who is `user_id` (for the teams' `is_member`).
pub async fn conversations(
    app: &App,
    user_id: Option<i64>,
    list: &[Conversation],
) -> ApiResult<Vec<Value>> {
    let Some(first) = list.first() else {
        return Ok(Vec::new());
    };
    let db = &app.db;
    let account_id = first.account_id;
    let conv_ids: Vec<i64> = list.iter().map(|c| c.id).collect();

    let contact_ids = ids(list, |c| c.contact_id);
    let contacts = store::conversation_reads::contacts_by_ids(db, account_id, &contact_ids).await?;
    let contact_views: HashMap<i64, ContactView> = contacts
        .iter()
        .map(|c| (c.id, ContactView::new(c, &app.presence, None)))
        .collect();
    let channels: HashMap<i64, Option<String>> =
        store::conversation_reads::inbox_channels(db, &ids(list, |c| Some(c.inbox_id)))
            .await?
            .into_iter()
            .collect();
    let contact_inboxes: HashMap<i64, (Option<bool>, String)> =
        store::conversation_reads::contact_inbox_bits(db, &ids(list, |c| c.contact_inbox_id))
            .await?
            .into_iter()
            .map(|(id, hmac, source)| (id, (hmac, source)))
            .collect();
    let assignee_ids = ids(list, |c| c.assignee_id);
    let users = store::users::list_by_ids(db, &assignee_ids).await?;
    let members = if assignee_ids.is_empty() {
        Vec::new()
    } else {
        store::account_users::list_for_account(db, account_id).await?
    };
    let bots: HashMap<i64, store::agent_bots::AgentBot> =
        store::messages::sender_bots(db, &ids(list, |c| c.assignee_agent_bot_id))
            .await?
            .into_iter()
            .map(|b| (b.id, b))
            .collect();
    let team_ids = ids(list, |c| c.team_id);
    let (teams, my_teams) = if team_ids.is_empty() {
        (Vec::new(), Vec::new())
    } else {
        let mine = match user_id {
            Some(u) => store::teams::ids_with_member(db, account_id, u).await?,
            None => Vec::new(),
        };
        (store::teams::list(db, account_id).await?, mine)
    };
    let unread: HashMap<i64, i64> = store::conversation_reads::unread_counts(db, &conv_ids)
        .await?
        .into_iter()
        .collect();
    let messages = last_messages(app, list, &unread, &contact_inboxes).await?;
    let now = domain::time::now();

    let mut out = Vec::with_capacity(list.len());
    for c in list {
        let mut meta = Map::new();
        meta.insert(
            "sender".into(),
            c.contact_id
                .and_then(|id| contact_views.get(&id))
                .map(|v| json!(v))
                .unwrap_or(Value::Null),
        );
        meta.insert(
            "channel".into(),
            json!(channels.get(&c.inbox_id).cloned().flatten()),
        );
        // `assigned_entity`: the bot when one is assigned, else the agent (if still a member).
        if let Some(bot) = c.assignee_agent_bot_id.and_then(|id| bots.get(&id)) {
            meta.insert("assignee".into(), bot_slim(bot));
            meta.insert("assignee_type".into(), json!("AgentBot"));
        } else if let Some(id) = c.assignee_id {
            let user = users.iter().find(|u| u.id == id);
            let member = members.iter().find(|m| m.user_id == id);
            if let (Some(u), Some(m)) = (user, member) {
                meta.insert(
                    "assignee".into(),
                    json!(AgentView::new(u, m, &app.presence)),
                );
                meta.insert("assignee_type".into(), json!("User"));
            }
        }
        if let Some(t) = c.team_id.and_then(|id| teams.iter().find(|t| t.id == id)) {
            meta.insert(
                "team".into(),
                json!(TeamView::new(t, my_teams.contains(&t.id))),
            );
        }
        meta.insert(
            "hmac_verified".into(),
            json!(c
                .contact_inbox_id
                .and_then(|id| contact_inboxes.get(&id))
                .and_then(|(h, _)| *h)),
        );
        let status = ConversationStatus::from_i32(c.status)
            .unwrap_or(ConversationStatus::Open)
            .as_str();
        let priority = c
            .priority
            .and_then(domain::enums::ConversationPriority::from_i32)
            .map(|p| p.as_str());
        let to_i = |t: Option<chrono::NaiveDateTime>| t.map(unix).unwrap_or(0);
        let updated = c.updated_at.and_utc();
        let updated_f =
            updated.timestamp() as f64 + f64::from(updated.timestamp_subsec_micros()) / 1_000_000.0;
        out.push(json!({
            "meta": meta,
            "id": c.display_id,
            "messages": messages.get(&(c.id, false)).map_or_else(Vec::new, |m| vec![m.clone()]),
            "account_id": c.account_id,
            "uuid": c.uuid,
            "additional_attributes": json_or_empty(&c.additional_attributes),
            "agent_last_seen_at": to_i(c.agent_last_seen_at),
            "assignee_last_seen_at": to_i(c.assignee_last_seen_at),
            // `MessageWindowService`: API and website inboxes have no reply window.
            "can_reply": true,
            "contact_last_seen_at": to_i(c.contact_last_seen_at),
            "custom_attributes": json_or_empty(&c.custom_attributes),
            "inbox_id": c.inbox_id,
            "labels": app::conversations::cached_labels(c),
            "muted": c.muted_until.is_some_and(|t| t > now),
            "snoozed_until": c.snoozed_until.map(domain::time::iso),
            "status": status,
            "created_at": unix(c.created_at),
            "updated_at": updated_f,
            "timestamp": unix(c.last_activity_at),
            "first_reply_created_at": to_i(c.first_reply_created_at),
            // `unread_incoming_messages` is `.last(10)`, so the count stops at 10.
            "unread_count": unread.get(&c.id).copied().unwrap_or(0).min(10),
            "last_non_activity_message": messages.get(&(c.id, true)).cloned().unwrap_or(Value::Null),
            "last_activity_at": unix(c.last_activity_at),
            "priority": priority,
            "waiting_since": to_i(c.waiting_since),
            "sla_policy_id": c.sla_policy_id,
        }));
    }
    Ok(out)
}

/// The last message and last non-activity message of each conversation as push event data,
/// keyed by (conversation id, non_activity). Both sets render in one `messages` call, and the
/// push `conversation` block comes from what the page already read (no query per row).
async fn last_messages(
    app: &App,
    list: &[Conversation],
    unread: &HashMap<i64, i64>,
    contact_inboxes: &HashMap<i64, (Option<bool>, String)>,
) -> ApiResult<HashMap<(i64, bool), Value>> {
    let ids: Vec<i64> = list.iter().map(|c| c.id).collect();
    let last = store::conversation_reads::last_messages(&app.db, &ids, false).await?;
    let non_activity = store::conversation_reads::last_messages(&app.db, &ids, true).await?;
    let mut rows = last.clone();
    for m in &non_activity {
        if !rows.iter().any(|r| r.id == m.id) {
            rows.push(m.clone());
        }
    }
    let views = crate::views::message::messages(app, &rows, false).await?;
    let mut by_id: HashMap<i64, Value> = HashMap::new();
    for (row, mut v) in rows.iter().zip(views) {
        if let Some(c) = list.iter().find(|c| c.id == row.conversation_id) {
            let source_id = c
                .contact_inbox_id
                .and_then(|id| contact_inboxes.get(&id))
                .map(|(_, s)| s.as_str());
            v.conversation = Some(app::payloads::message::conversation_block(
                c.assignee_id,
                c.last_activity_at,
                unread.get(&c.id).copied().unwrap_or(0),
                source_id,
            ));
        }
        by_id.insert(row.id, json!(v));
    }
    let mut out = HashMap::new();
    for (set, flag) in [(&last, false), (&non_activity, true)] {
        for m in set {
            if let Some(v) = by_id.get(&m.id) {
                out.insert((m.conversation_id, flag), v.clone());
            }
        }
    }
    Ok(out)
}

pub async fn conversation(app: &App, user_id: Option<i64>, c: &Conversation) -> ApiResult<Value> {
    let mut list = conversations(app, user_id, std::slice::from_ref(c)).await?;
    Ok(list.remove(0))
}
