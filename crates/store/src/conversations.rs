//! `conversations`, the per-account display-id counter (`account_counters`) and the batch reads
//! the conversation JSON needs. Lists are one query for the page, on the
//! `(account_id, status, last_activity_at, id)` and assignee indexes (schema 0006), and one for
//! the four counts: from the maintained counters (`conversation_counts`, schema 0009) when
//! they cover the conditions, else a scan.

use crate::filter_sql::{self, Target};
use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use domain::filters::Filter;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Conversation {
    pub id: i64,
    pub account_id: i64,
    pub inbox_id: i64,
    pub status: i32,
    pub assignee_id: Option<i64>,
    pub contact_id: Option<i64>,
    pub display_id: i64,
    pub contact_last_seen_at: Option<NaiveDateTime>,
    pub agent_last_seen_at: Option<NaiveDateTime>,
    pub additional_attributes: Option<Json<JsonValue>>,
    pub contact_inbox_id: Option<i64>,
    pub uuid: String,
    pub identifier: Option<String>,
    pub last_activity_at: NaiveDateTime,
    pub team_id: Option<i64>,
    pub campaign_id: Option<i64>,
    pub snoozed_until: Option<NaiveDateTime>,
    pub custom_attributes: Option<Json<JsonValue>>,
    pub assignee_last_seen_at: Option<NaiveDateTime>,
    pub first_reply_created_at: Option<NaiveDateTime>,
    pub priority: Option<i32>,
    pub sla_policy_id: Option<i64>,
    pub waiting_since: Option<NaiveDateTime>,
    pub cached_label_list: Option<String>,
    pub assignee_agent_bot_id: Option<i64>,
    pub muted_until: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

pub const TARGET: Target = Target {
    table: "conversations",
    taggable_type: "Conversation",
};

const PLAIN: &str = "id, account_id, inbox_id, status, assignee_id, contact_id, display_id, \
     contact_last_seen_at, agent_last_seen_at, additional_attributes, contact_inbox_id, uuid, \
     identifier, last_activity_at, team_id, campaign_id, snoozed_until, custom_attributes, \
     assignee_last_seen_at, first_reply_created_at, priority, sla_policy_id, waiting_since, \
     cached_label_list, assignee_agent_bot_id, muted_until, created_at, updated_at";

/// The columns, qualified by the table name (lists filter on subqueries of it).
pub(crate) fn columns() -> String {
    PLAIN
        .split(", ")
        .map(|c| format!("conversations.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The next display id of the account: an upsert in the caller's transaction, so two creators
/// serialise on the counter row and ids never repeat.
pub async fn next_display_id(e: &impl Exec, account_id: i64) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO account_counters (account_id, name, value) VALUES ($1, 'conversation_display_id', 1) \
         ON CONFLICT (account_id, name) DO UPDATE SET value = account_counters.value + 1 RETURNING value",
    )
    .bind(account_id);
    e.scalar::<i64>(q).await
}

/// Inserts `c` as given (its id is ignored); returns the stored row.
pub async fn insert(e: &impl Exec, c: &Conversation) -> Result<Conversation> {
    let q = Sql::new(format!(
        "INSERT INTO conversations (account_id, inbox_id, status, assignee_id, contact_id, display_id, \
         additional_attributes, contact_inbox_id, uuid, last_activity_at, team_id, snoozed_until, \
         custom_attributes, priority, waiting_since, cached_label_list, assignee_agent_bot_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
         RETURNING {PLAIN}"
    ))
    .bind(c.account_id)
    .bind(c.inbox_id)
    .bind(c.status)
    .bind(c.assignee_id)
    .bind(c.contact_id)
    .bind(c.display_id)
    .bind(c.additional_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.contact_inbox_id)
    .bind(c.uuid.clone())
    .bind(c.last_activity_at)
    .bind(c.team_id)
    .bind(c.snoozed_until)
    .bind(c.custom_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.priority)
    .bind(c.waiting_since)
    .bind(c.cached_label_list.clone())
    .bind(c.assignee_agent_bot_id)
    .bind(c.created_at)
    .bind(c.updated_at);
    e.fetch_one(q).await
}

/// Writes every mutable column of `c` (`save!`).
pub async fn save(e: &impl Exec, c: &Conversation) -> Result<Conversation> {
    let q = Sql::new(format!(
        "UPDATE conversations SET status = $2, assignee_id = $3, team_id = $4, snoozed_until = $5, \
         priority = $6, custom_attributes = $7, additional_attributes = $8, muted_until = $9, \
         agent_last_seen_at = $10, assignee_last_seen_at = $11, waiting_since = $12, cached_label_list = $13, \
         assignee_agent_bot_id = $14, last_activity_at = $15, updated_at = $16 WHERE id = $1 RETURNING {PLAIN}"
    ))
    .bind(c.id)
    .bind(c.status)
    .bind(c.assignee_id)
    .bind(c.team_id)
    .bind(c.snoozed_until)
    .bind(c.priority)
    .bind(c.custom_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.additional_attributes.as_ref().map(|j| j.0.clone()))
    .bind(c.muted_until)
    .bind(c.agent_last_seen_at)
    .bind(c.assignee_last_seen_at)
    .bind(c.waiting_since)
    .bind(c.cached_label_list.clone())
    .bind(c.assignee_agent_bot_id)
    .bind(c.last_activity_at)
    .bind(c.updated_at);
    e.fetch_one(q).await
}

/// A conversation by its row id (event listeners know conversations by it).
pub async fn find(e: &impl Exec, id: i64) -> Result<Option<Conversation>> {
    let q = Sql::new(format!(
        "SELECT {} FROM conversations WHERE id = $1",
        columns()
    ))
    .bind(id);
    e.fetch_optional(q).await
}

/// `update_column(:waiting_since, nil)`: no `updated_at`.
pub async fn clear_waiting_since(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("UPDATE conversations SET waiting_since = NULL WHERE id = $1").bind(id))
        .await
}

/// `Current.account.conversations.find_by!(display_id:)`.
pub async fn find_by_display_id(
    e: &impl Exec,
    account_id: i64,
    display_id: i64,
) -> Result<Option<Conversation>> {
    let q = Sql::new(format!(
        "SELECT {} FROM conversations WHERE account_id = $1 AND display_id = $2",
        columns()
    ))
    .bind(account_id)
    .bind(display_id);
    e.fetch_optional(q).await
}

/// The newest conversation of a contact inbox (`lock_to_single_conversation`).
pub async fn last_for_contact_inbox(
    e: &impl Exec,
    contact_inbox_id: i64,
) -> Result<Option<Conversation>> {
    let q = Sql::new(format!(
        "SELECT {} FROM conversations WHERE contact_inbox_id = $1 ORDER BY id DESC LIMIT 1",
        columns()
    ))
    .bind(contact_inbox_id);
    e.fetch_optional(q).await
}

/// Who a list is for: `Some(user)` restricts to the inboxes the user is a member of
/// (`Conversations::PermissionFilterService` for agents), `None` sees the whole account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Assignee {
    All,
    Me,
    Unassigned,
    Assigned,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Conversations the user is mentioned in.
    Mention,
    /// Conversations the user participates in.
    Participating,
    /// No first reply yet, or waiting for one (`unattended` scope).
    Unattended,
}

#[derive(Debug, Clone)]
pub struct ListQuery {
    pub account_id: i64,
    pub user_id: i64,
    /// Agents see conversations of their inboxes only.
    pub member_only: bool,
    pub inbox_id: Option<i64>,
    pub team_id: Option<i64>,
    pub status: Option<i32>,
    pub labels: Vec<String>,
    /// Message text (`q`): incoming and outgoing messages containing it, ignoring case.
    pub text: Option<String>,
    pub filter: Option<Filter>,
    /// `conversation_type`: mention, participating or unattended.
    pub kind: Option<Kind>,
    /// The contact inbox's `source_id`.
    pub source_id: Option<String>,
    pub assignee: Assignee,
    /// A fixed ORDER BY clause chosen from a closed list (never input).
    pub order: &'static str,
    pub page: i64,
    pub per_page: i64,
}

/// The default order (`last_activity_at_desc`) and its reverse: the list indexes' order.
pub const BY_LAST_ACTIVITY: &str = "conversations.last_activity_at DESC, conversations.id DESC";
pub const BY_LAST_ACTIVITY_ASC: &str = "conversations.last_activity_at ASC, conversations.id ASC";

/// Conditions shared by the page and the counts (everything but the assignee tab).
pub(crate) fn base_where(e: &impl Exec, q: &mut Sql, l: &ListQuery) {
    let account = q.arg(l.account_id);
    q.push(&format!(" WHERE conversations.account_id = {account}"));
    if l.member_only {
        let user = q.arg(l.user_id);
        q.push(&format!(
            " AND conversations.inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = {user})"
        ));
    }
    if let Some(inbox) = l.inbox_id {
        let p = q.arg(inbox);
        q.push(&format!(" AND conversations.inbox_id = {p}"));
    }
    if let Some(team) = l.team_id {
        let p = q.arg(team);
        q.push(&format!(" AND conversations.team_id = {p}"));
    }
    if let Some(status) = l.status {
        let p = q.arg(status);
        q.push(&format!(" AND conversations.status = {p}"));
    }
    if !l.labels.is_empty() {
        let cond =
            crate::taggings::tagged_with_any(q, "conversations.id", "Conversation", &l.labels);
        q.push(&format!(" AND {cond}"));
    }
    if let Some(text) = &l.text {
        let pattern = q.arg(format!("%{}%", crate::dialect::like_escape(text)));
        let account = q.arg(l.account_id);
        q.push(&format!(
            " AND conversations.id IN (SELECT m.conversation_id FROM messages m WHERE m.account_id = {account} \
             AND m.message_type IN (0, 1) AND m.content {} {pattern} ESCAPE '\\')",
            e.backend().ilike()
        ));
    }
    if let Some(filter) = &l.filter {
        filter_sql::push_where(q, e.backend(), &TARGET, filter);
    }
    match l.kind {
        None => {}
        Some(Kind::Mention) => {
            let user = q.arg(l.user_id);
            q.push(&format!(
                " AND conversations.id IN (SELECT conversation_id FROM mentions WHERE user_id = {user})"
            ));
        }
        Some(Kind::Participating) => {
            let user = q.arg(l.user_id);
            q.push(&format!(
                " AND conversations.id IN (SELECT conversation_id FROM conversation_participants WHERE user_id = {user})"
            ));
        }
        Some(Kind::Unattended) => q.push(
            " AND (conversations.first_reply_created_at IS NULL OR conversations.waiting_since IS NOT NULL)",
        ),
    }
    if let Some(source) = &l.source_id {
        let p = q.arg(source.as_str());
        q.push(&format!(
            " AND conversations.contact_inbox_id IN (SELECT id FROM contact_inboxes WHERE source_id = {p})"
        ));
    }
}

pub(crate) fn assignee_where(q: &mut Sql, l: &ListQuery) {
    match l.assignee {
        Assignee::All => {}
        Assignee::Me => {
            let user = q.arg(l.user_id);
            q.push(&format!(" AND conversations.assignee_id = {user}"));
        }
        Assignee::Unassigned => q.push(" AND conversations.assignee_id IS NULL"),
        Assignee::Assigned => q.push(" AND conversations.assignee_id IS NOT NULL"),
    }
}

/// A page of the list (see `conversation_page`).
pub async fn page(e: &impl Exec, l: &ListQuery) -> Result<Vec<Conversation>> {
    crate::conversation_page::page(e, l).await
}

/// `mine_count`, `unassigned_count` and `all_count`, ignoring the assignee tab: from the
/// maintained counters when they cover the conditions, else one scan.
pub async fn counts(e: &impl Exec, l: &ListQuery) -> Result<(i64, i64, i64)> {
    if crate::conversation_counts::covers(l) {
        crate::conversation_counts::counts(e, l).await
    } else {
        counts_by_scan(e, l).await
    }
}

/// The counts by a scan of the matching conversations (any conditions).
pub async fn counts_by_scan(e: &impl Exec, l: &ListQuery) -> Result<(i64, i64, i64)> {
    let mut q = Sql::new("");
    let user = q.arg(l.user_id);
    q.push(&format!(
        "SELECT CAST(COALESCE(SUM(CASE WHEN conversations.assignee_id = {user} THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COALESCE(SUM(CASE WHEN conversations.assignee_id IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT), \
         CAST(COUNT(*) AS BIGINT) FROM conversations"
    ));
    base_where(e, &mut q, l);
    e.fetch_one(q).await
}

/// The created time of the newest incoming message (`unread`), if any.
pub async fn last_incoming_at(e: &impl Exec, id: i64) -> Result<Option<NaiveDateTime>> {
    let q = Sql::new(
        "SELECT created_at FROM messages WHERE conversation_id = $1 AND message_type = 0 \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(id);
    Ok(e.fetch_optional::<(NaiveDateTime,)>(q).await?.map(|(t,)| t))
}

/// A contact inbox of the account's inboxes holding `source_id` (the legacy create lookup).
pub async fn contact_inbox_by_source(
    e: &impl Exec,
    account_id: i64,
    source_id: &str,
) -> Result<Option<crate::contact_inboxes::ContactInbox>> {
    let q = Sql::new(
        "SELECT ci.id, ci.contact_id, ci.inbox_id, ci.source_id, ci.created_at, ci.updated_at, \
         ci.hmac_verified, ci.pubsub_token FROM contact_inboxes ci JOIN inboxes i ON i.id = ci.inbox_id \
         WHERE i.account_id = $1 AND ci.source_id = $2 ORDER BY ci.id LIMIT 1",
    )
    .bind(account_id)
    .bind(source_id);
    e.fetch_optional(q).await
}

/// Removes a conversation (its messages, participants and mentions go by cascade).
pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM conversations WHERE id = $1").bind(id))
        .await
}

/// Reporting events of a conversation go with it (upstream `dependent: :destroy_async`).
pub async fn delete_reporting_events(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM reporting_events WHERE conversation_id = $1").bind(id))
        .await
}

/// The contact's 20 most recently active conversations (`contacts/conversations#index`),
/// limited to the inboxes of `member_of` when given (agents).
pub async fn for_contact(
    e: &impl Exec,
    account_id: i64,
    contact_id: i64,
    member_of: Option<i64>,
) -> Result<Vec<Conversation>> {
    let mut q = Sql::new(format!("SELECT {} FROM conversations", columns()));
    let account = q.arg(account_id);
    let contact = q.arg(contact_id);
    q.push(&format!(
        " WHERE conversations.account_id = {account} AND conversations.contact_id = {contact}"
    ));
    if let Some(user) = member_of {
        let user = q.arg(user);
        q.push(&format!(
            " AND conversations.inbox_id IN (SELECT inbox_id FROM inbox_members WHERE user_id = {user})"
        ));
    }
    q.push(" ORDER BY conversations.last_activity_at DESC, conversations.id DESC LIMIT 20");
    e.fetch_all(q).await
}
