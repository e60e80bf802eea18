//! Inboxes (`Api::V1::Accounts::InboxesController`, `Inbox`, `Channel::WebWidget`,
//! `Channel::Api`, `OutOfOffisable`): create with a channel and the default week, update with
//! channel attributes and working hours, delete with everything that hangs off the inbox, and
//! connect an agent bot. Each use case validates everything first and writes in one
//! transaction (upstream saves the inbox, the hours and the channel one after another).

mod channel_rules;
pub mod members;
mod rules;
mod week;
mod write;

use crate::{AppError, Result};
use domain::enums::{ChannelKind, Role};
use domain::ValidationErrors;
use serde_json::Value;
use store::accounts::Account;
use store::agent_bots::AgentBot;
use store::channel_api::ApiChannel;
use store::channel_web_widgets::WebWidget;
use store::inboxes::Inbox;
use store::working_hours::WorkingHour;
use store::Exec;

pub use channel_rules::{feature_flag_names, FEATURE_FLAGS};
pub use rules::is_timezone;
pub use write::{create, destroy, set_agent_bot, update};

/// The channel row behind an inbox.
#[derive(Debug, Clone)]
pub enum Channel {
    WebWidget(WebWidget),
    Api(ApiChannel),
    /// A channel type Switchboard does not implement (e.g. an imported email inbox).
    Other,
}

/// An inbox with what its JSON shows.
#[derive(Debug, Clone)]
pub struct InboxDetails {
    pub inbox: Inbox,
    pub channel: Channel,
    pub working_hours: Vec<WorkingHour>,
}

/// The inbox attributes a create or update may set (`inbox_attributes`); `None` leaves the
/// attribute as it is (or at its default), `Some(None)` clears a nullable one.
#[derive(Debug, Clone, Default)]
pub struct InboxParams {
    pub name: Option<String>,
    pub greeting_enabled: Option<bool>,
    pub greeting_message: Option<Option<String>>,
    pub enable_email_collect: Option<bool>,
    pub csat_survey_enabled: Option<bool>,
    pub csat_config: Option<Value>,
    pub enable_auto_assignment: Option<bool>,
    pub auto_assignment_config: Option<Value>,
    pub working_hours_enabled: Option<bool>,
    pub out_of_office_message: Option<Option<String>>,
    pub timezone: Option<String>,
    pub allow_messages_after_resolved: Option<bool>,
    pub lock_to_single_conversation: Option<bool>,
    pub portal_id: Option<Option<i64>>,
    pub sender_name_type: Option<String>,
    pub business_name: Option<Option<String>>,
}

/// `Channel::WebWidget::EDITABLE_ATTRS`.
#[derive(Debug, Clone, Default)]
pub struct WidgetParams {
    pub website_url: Option<Option<String>>,
    pub widget_color: Option<Option<String>>,
    pub welcome_title: Option<Option<String>>,
    pub welcome_tagline: Option<Option<String>>,
    pub reply_time: Option<String>,
    pub pre_chat_form_enabled: Option<bool>,
    pub pre_chat_form_options: Option<Value>,
    pub continuity_via_email: Option<bool>,
    pub hmac_mandatory: Option<bool>,
    pub allowed_domains: Option<Option<String>>,
    pub selected_feature_flags: Option<Vec<String>>,
}

/// `Channel::Api::EDITABLE_ATTRS`.
#[derive(Debug, Clone, Default)]
pub struct ApiParams {
    pub webhook_url: Option<Option<String>>,
    pub hmac_mandatory: Option<bool>,
    pub additional_attributes: Option<Value>,
}

#[derive(Debug, Clone)]
pub enum ChannelParams {
    WebWidget(WidgetParams),
    Api(ApiParams),
}

/// One entry of `working_hours[]` (`OFFISABLE_ATTRS`); `day_of_week` picks the row.
#[derive(Debug, Clone, Default)]
pub struct WorkingHourParams {
    pub day_of_week: Option<i64>,
    pub closed_all_day: Option<bool>,
    pub open_hour: Option<Option<i64>>,
    pub open_minutes: Option<Option<i64>>,
    pub close_hour: Option<Option<i64>>,
    pub close_minutes: Option<Option<i64>>,
    pub open_all_day: Option<bool>,
}

/// Create's `channel.type`. Upstream builds no channel for an unknown type, so the inbox fails
/// with "Channel must exist"; the types upstream has but Switchboard lacks say so instead.
pub fn channel_kind(type_param: Option<&str>) -> Result<ChannelKind> {
    const UPSTREAM_ONLY: [&str; 6] = ["email", "line", "telegram", "whatsapp", "sms", "voice"];
    match type_param {
        Some(t) => match ChannelKind::from_param(t) {
            Some(kind) => Ok(kind),
            None if UPSTREAM_ONLY.contains(&t) => Err(ValidationErrors::single(
                "channel",
                &format!("type {t} is not supported"),
            )
            .into()),
            None => Err(ValidationErrors::single("channel", "must exist").into()),
        },
        None => Err(ValidationErrors::single("channel", "must exist").into()),
    }
}

/// `InboxPolicy::Scope` (`User#assigned_inboxes`): every inbox for an administrator, the
/// inboxes they are a member of for an agent.
pub async fn visible(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
    role: Role,
) -> Result<Vec<Inbox>> {
    Ok(match role {
        Role::Administrator => store::inboxes::list_for_account(e, account_id).await?,
        Role::Agent => store::inboxes::list_for_member(e, account_id, user_id).await?,
    })
}

/// `fetch_inbox`: the account's inbox (else 404) that the caller may see (else 401).
pub async fn find_for(
    e: &impl Exec,
    account_id: i64,
    inbox_id: i64,
    user_id: i64,
    role: Role,
) -> Result<Inbox> {
    let inbox = store::inboxes::find(e, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let member =
        role == Role::Agent && store::inbox_members::is_member(e, inbox.id, user_id).await?;
    if !domain::policy::can_show_inbox(role, member) {
        return Err(AppError::not_authorized());
    }
    Ok(inbox)
}

async fn load_channel(e: &impl Exec, inbox: &Inbox) -> Result<Channel> {
    let kind = inbox
        .channel_type
        .as_deref()
        .and_then(ChannelKind::from_class_name);
    Ok(match kind {
        Some(ChannelKind::WebWidget) => store::channel_web_widgets::find(e, inbox.channel_id)
            .await?
            .map_or(Channel::Other, Channel::WebWidget),
        Some(ChannelKind::Api) => store::channel_api::find(e, inbox.channel_id)
            .await?
            .map_or(Channel::Other, Channel::Api),
        None => Channel::Other,
    })
}

pub async fn details(e: &impl Exec, inbox: Inbox) -> Result<InboxDetails> {
    let channel = load_channel(e, &inbox).await?;
    let working_hours = store::working_hours::list_for_inbox(e, inbox.id).await?;
    Ok(InboxDetails {
        inbox,
        channel,
        working_hours,
    })
}

/// `details` for a list, in a fixed number of queries.
pub async fn details_many(e: &impl Exec, inboxes: Vec<Inbox>) -> Result<Vec<InboxDetails>> {
    let ids_of = |kind: ChannelKind| -> Vec<i64> {
        inboxes
            .iter()
            .filter(|i| i.channel_type.as_deref() == Some(kind.class_name()))
            .map(|i| i.channel_id)
            .collect()
    };
    let widgets =
        store::channel_web_widgets::list_by_ids(e, &ids_of(ChannelKind::WebWidget)).await?;
    let apis = store::channel_api::list_by_ids(e, &ids_of(ChannelKind::Api)).await?;
    let inbox_ids: Vec<i64> = inboxes.iter().map(|i| i.id).collect();
    let hours = store::working_hours::list_for_inboxes(e, &inbox_ids).await?;
    Ok(inboxes
        .into_iter()
        .map(|inbox| {
            let kind = inbox
                .channel_type
                .as_deref()
                .and_then(ChannelKind::from_class_name);
            let channel = match kind {
                Some(ChannelKind::WebWidget) => widgets
                    .iter()
                    .find(|w| w.id == inbox.channel_id)
                    .cloned()
                    .map_or(Channel::Other, Channel::WebWidget),
                Some(ChannelKind::Api) => apis
                    .iter()
                    .find(|c| c.id == inbox.channel_id)
                    .cloned()
                    .map_or(Channel::Other, Channel::Api),
                None => Channel::Other,
            };
            let working_hours = hours
                .iter()
                .filter(|h| h.inbox_id == Some(inbox.id))
                .cloned()
                .collect();
            InboxDetails {
                inbox,
                channel,
                working_hours,
            }
        })
        .collect())
}

/// `validate_limit`: an account whose `limits.inboxes` is set may not exceed it.
pub async fn limit_reached(e: &impl Exec, account: &Account) -> Result<bool> {
    let limit = account
        .limits
        .as_ref()
        .and_then(|j| j.0.get("inboxes"))
        .and_then(Value::as_f64);
    match limit {
        Some(limit) => Ok(store::inboxes::count_for_account(e, account.id).await? as f64 >= limit),
        None => Ok(false),
    }
}

/// The bot connected to the inbox, if any (`inbox.agent_bot`).
pub async fn agent_bot(e: &impl Exec, inbox_id: i64) -> Result<Option<AgentBot>> {
    let Some(link) = store::agent_bot_inboxes::find_for_inbox(e, inbox_id).await? else {
        return Ok(None);
    };
    match link.agent_bot_id {
        Some(id) => Ok(store::agent_bots::find(e, id).await?),
        None => Ok(None),
    }
}
