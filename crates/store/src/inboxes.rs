//! `inboxes`. An inbox points at its channel row (`channel_type` + `channel_id`, a Rails
//! polymorphic pair); the channel tables have modules of their own (`channel_web_widgets`,
//! `channel_api`). Reads join the help-center portal's name and slug, which the inbox JSON shows.

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Inbox {
    pub id: i64,
    pub channel_id: i64,
    pub account_id: i64,
    pub name: String,
    pub channel_type: Option<String>,
    pub enable_auto_assignment: Option<bool>,
    pub greeting_enabled: Option<bool>,
    pub greeting_message: Option<String>,
    pub email_address: Option<String>,
    pub working_hours_enabled: Option<bool>,
    pub out_of_office_message: Option<String>,
    pub timezone: Option<String>,
    pub enable_email_collect: Option<bool>,
    pub csat_survey_enabled: Option<bool>,
    pub allow_messages_after_resolved: Option<bool>,
    pub auto_assignment_config: Option<Json<JsonValue>>,
    pub lock_to_single_conversation: bool,
    pub portal_id: Option<i64>,
    pub sender_name_type: i32,
    pub business_name: Option<String>,
    pub csat_config: Option<Json<JsonValue>>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    /// `portals.name` / `portals.slug` of `portal_id` (read-only, from a join).
    pub portal_name: Option<String>,
    pub portal_slug: Option<String>,
}

const SELECT: &str = "SELECT i.id, i.channel_id, i.account_id, i.name, i.channel_type, i.enable_auto_assignment, \
     i.greeting_enabled, i.greeting_message, i.email_address, i.working_hours_enabled, i.out_of_office_message, \
     i.timezone, i.enable_email_collect, i.csat_survey_enabled, i.allow_messages_after_resolved, \
     i.auto_assignment_config, i.lock_to_single_conversation, i.portal_id, i.sender_name_type, i.business_name, \
     i.csat_config, i.created_at, i.updated_at, p.name AS portal_name, p.slug AS portal_slug \
     FROM inboxes i LEFT JOIN portals p ON p.id = i.portal_id";

/// Upstream `order_by_name`: `lower(name)`, then id so ties are stable.
const ORDER: &str = " ORDER BY LOWER(i.name), i.id";

/// Inserts `new` as given (its `id`, timestamps and portal fields are ignored); returns the id.
pub async fn insert(e: &impl Exec, new: &Inbox, now: NaiveDateTime) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO inboxes (account_id, channel_id, channel_type, name, enable_auto_assignment, greeting_enabled, \
         greeting_message, working_hours_enabled, out_of_office_message, timezone, enable_email_collect, \
         csat_survey_enabled, allow_messages_after_resolved, auto_assignment_config, lock_to_single_conversation, \
         portal_id, sender_name_type, business_name, csat_config, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20) \
         RETURNING id",
    )
    .bind(new.account_id)
    .bind(new.channel_id)
    .bind(new.channel_type.clone())
    .bind(&new.name)
    .bind(new.enable_auto_assignment)
    .bind(new.greeting_enabled)
    .bind(new.greeting_message.clone())
    .bind(new.working_hours_enabled)
    .bind(new.out_of_office_message.clone())
    .bind(new.timezone.clone())
    .bind(new.enable_email_collect)
    .bind(new.csat_survey_enabled)
    .bind(new.allow_messages_after_resolved)
    .bind(new.auto_assignment_config.as_ref().map(|j| j.0.clone()))
    .bind(new.lock_to_single_conversation)
    .bind(new.portal_id)
    .bind(new.sender_name_type)
    .bind(new.business_name.clone())
    .bind(new.csat_config.as_ref().map(|j| j.0.clone()))
    .bind(now);
    e.scalar(q).await
}

/// The inbox `id` of the account (`Current.account.inboxes.find`).
pub async fn find(e: &impl Exec, account_id: i64, id: i64) -> Result<Option<Inbox>> {
    let q = Sql::new(format!("{SELECT} WHERE i.id = $1 AND i.account_id = $2"))
        .bind(id)
        .bind(account_id);
    e.fetch_optional(q).await
}

/// The account's inbox of web-widget channel `channel_id` (`Channel::WebWidget#inbox`).
pub async fn find_by_widget(
    e: &impl Exec,
    account_id: i64,
    channel_id: i64,
) -> Result<Option<Inbox>> {
    let q = Sql::new(format!(
        "{SELECT} WHERE i.account_id = $1 AND i.channel_type = 'Channel::WebWidget' AND i.channel_id = $2 ORDER BY i.id LIMIT 1"
    ))
    .bind(account_id)
    .bind(channel_id);
    e.fetch_optional(q).await
}

/// Every inbox of the account, by name.
pub async fn list_for_account(e: &impl Exec, account_id: i64) -> Result<Vec<Inbox>> {
    let q = Sql::new(format!("{SELECT} WHERE i.account_id = $1{ORDER}")).bind(account_id);
    e.fetch_all(q).await
}

/// The account's inboxes `user_id` is a member of, by name (`User#assigned_inboxes` for agents).
pub async fn list_for_member(e: &impl Exec, account_id: i64, user_id: i64) -> Result<Vec<Inbox>> {
    let q = Sql::new(format!(
        "{SELECT} WHERE i.account_id = $1 AND EXISTS \
         (SELECT 1 FROM inbox_members m WHERE m.inbox_id = i.id AND m.user_id = $2){ORDER}"
    ))
    .bind(account_id)
    .bind(user_id);
    e.fetch_all(q).await
}

pub async fn count_for_account(e: &impl Exec, account_id: i64) -> Result<i64> {
    e.scalar(Sql::new("SELECT COUNT(*) FROM inboxes WHERE account_id = $1").bind(account_id))
        .await
}

/// Writes every editable column of `inbox` (the Rails `save` of a loaded, changed record).
pub async fn update(e: &impl Exec, inbox: &Inbox, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE inboxes SET name = $2, enable_auto_assignment = $3, greeting_enabled = $4, greeting_message = $5, \
         working_hours_enabled = $6, out_of_office_message = $7, timezone = $8, enable_email_collect = $9, \
         csat_survey_enabled = $10, allow_messages_after_resolved = $11, auto_assignment_config = $12, \
         lock_to_single_conversation = $13, portal_id = $14, sender_name_type = $15, business_name = $16, \
         csat_config = $17, updated_at = $18 WHERE id = $1",
    )
    .bind(inbox.id)
    .bind(&inbox.name)
    .bind(inbox.enable_auto_assignment)
    .bind(inbox.greeting_enabled)
    .bind(inbox.greeting_message.clone())
    .bind(inbox.working_hours_enabled)
    .bind(inbox.out_of_office_message.clone())
    .bind(inbox.timezone.clone())
    .bind(inbox.enable_email_collect)
    .bind(inbox.csat_survey_enabled)
    .bind(inbox.allow_messages_after_resolved)
    .bind(inbox.auto_assignment_config.as_ref().map(|j| j.0.clone()))
    .bind(inbox.lock_to_single_conversation)
    .bind(inbox.portal_id)
    .bind(inbox.sender_name_type)
    .bind(inbox.business_name.clone())
    .bind(inbox.csat_config.as_ref().map(|j| j.0.clone()))
    .bind(now);
    e.execute(q).await
}

/// Bumps `updated_at` (a channel change touches its inbox, `has_one :inbox, touch: true`).
pub async fn touch(e: &impl Exec, id: i64, now: NaiveDateTime) -> Result<u64> {
    e.execute(
        Sql::new("UPDATE inboxes SET updated_at = $2 WHERE id = $1")
            .bind(id)
            .bind(now),
    )
    .await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM inboxes WHERE id = $1").bind(id))
        .await
}

/// True when `portal_id` is a help-center portal of the account.
pub async fn portal_in_account(e: &impl Exec, account_id: i64, portal_id: i64) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM portals WHERE id = $1 AND account_id = $2")
        .bind(portal_id)
        .bind(account_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}
