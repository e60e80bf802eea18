//! The inbox changes: create, update, destroy, and connecting an agent bot. Creates and updates
//! are audited as Enterprise's `Audit::Inbox` does (`on: [:create, :update]`); destroys too, a
//! Switchboard extension so that a removed inbox does not vanish from the trail.

use super::{channel_rules as channels, load_channel, rules, week};
use super::{details, Channel, ChannelParams, InboxDetails, InboxParams, WorkingHourParams};
use crate::audit::{self, Action, Actor};
use crate::events::{push_change, Changes, Event, EventKind};
use crate::tokens::secure_token;
use crate::{App, AppError, Result};
use domain::enums::{ChannelKind, SenderNameType};
use domain::ValidationErrors;
use serde_json::{json, Value};
use store::inboxes::Inbox;
use store::{Db, Exec, Json};

/// A new inbox before any parameter is applied: the column defaults of `inboxes`.
fn draft_inbox(account_id: i64, kind: ChannelKind) -> Inbox {
    let now = domain::time::now();
    Inbox {
        id: 0,
        channel_id: 0,
        account_id,
        name: String::new(),
        channel_type: Some(kind.class_name().to_string()),
        enable_auto_assignment: Some(true),
        greeting_enabled: Some(false),
        greeting_message: None,
        email_address: None,
        working_hours_enabled: Some(false),
        out_of_office_message: None,
        timezone: Some("UTC".into()),
        enable_email_collect: Some(true),
        csat_survey_enabled: Some(false),
        allow_messages_after_resolved: Some(true),
        auto_assignment_config: Some(Json(json!({}))),
        lock_to_single_conversation: false,
        portal_id: None,
        sender_name_type: 0,
        business_name: None,
        csat_config: Some(Json(json!({}))),
        created_at: now,
        updated_at: now,
        portal_name: None,
        portal_slug: None,
    }
}

/// The audited attributes of an inbox: every column but the id and the timestamps (enums as
/// their stored integers, as the `audited` gem keeps them).
fn audit_json(i: &Inbox) -> Value {
    json!({
        "channel_id": i.channel_id,
        "account_id": i.account_id,
        "name": i.name,
        "channel_type": i.channel_type,
        "enable_auto_assignment": i.enable_auto_assignment,
        "greeting_enabled": i.greeting_enabled,
        "greeting_message": i.greeting_message,
        "email_address": i.email_address,
        "working_hours_enabled": i.working_hours_enabled,
        "out_of_office_message": i.out_of_office_message,
        "timezone": i.timezone,
        "enable_email_collect": i.enable_email_collect,
        "csat_survey_enabled": i.csat_survey_enabled,
        "allow_messages_after_resolved": i.allow_messages_after_resolved,
        "auto_assignment_config": i.auto_assignment_config.as_ref().map(|j| &j.0),
        "lock_to_single_conversation": i.lock_to_single_conversation,
        "portal_id": i.portal_id,
        "sender_name_type": i.sender_name_type,
        "business_name": i.business_name,
        "csat_config": i.csat_config.as_ref().map(|j| &j.0),
    })
}

/// `belongs_to :portal`: the portal must be one of the account's.
async fn check_portal(
    e: &impl Exec,
    errors: &mut ValidationErrors,
    account_id: i64,
    portal_id: Option<Option<i64>>,
) -> Result<()> {
    if let Some(Some(id)) = portal_id {
        if !store::inboxes::portal_in_account(e, account_id, id).await? {
            errors.add("portal", "must exist");
        }
    }
    Ok(())
}

/// `POST /inboxes`: the channel, the inbox and its default week (Mon–Fri 09:00–17:00).
pub async fn create(
    app: &App,
    actor: &Actor,
    account_id: i64,
    params: InboxParams,
    channel_params: ChannelParams,
) -> Result<InboxDetails> {
    // Upstream creates the channel first, so its errors are the ones reported.
    let mut errors = ValidationErrors::new();
    let (kind, channel) = match &channel_params {
        ChannelParams::WebWidget(p) => {
            let mut w = channels::draft_widget(account_id, secure_token(), secure_token());
            channels::apply_widget(&mut w, p, &mut errors);
            channels::validate_widget(&mut errors, &w);
            (ChannelKind::WebWidget, Channel::WebWidget(w))
        }
        ChannelParams::Api(p) => {
            let mut c =
                channels::draft_api(account_id, secure_token(), secure_token(), secure_token());
            channels::apply_api(&mut c, p, &mut errors);
            channels::validate_api(&mut errors, &c);
            (ChannelKind::Api, Channel::Api(c))
        }
    };
    errors.into_result()?;
    let tx = app.db.begin().await?;
    let now = domain::time::now();
    let mut inbox = draft_inbox(account_id, kind);
    let mut errors = ValidationErrors::new();
    rules::apply_inbox(&mut inbox, &params, false, &mut errors);
    rules::validate_inbox(&mut errors, &inbox);
    check_portal(&tx, &mut errors, account_id, params.portal_id).await?;
    errors.into_result()?;
    inbox.channel_id = match &channel {
        Channel::WebWidget(w) => store::channel_web_widgets::insert(&tx, w, now).await?.id,
        Channel::Api(c) => store::channel_api::insert(&tx, c, now).await?.id,
        Channel::Other => unreachable!("create builds a known channel"),
    };
    let id = store::inboxes::insert(&tx, &inbox, now).await?;
    for hour in week::default_week(id, account_id) {
        store::working_hours::insert(&tx, &hour, now).await?;
    }
    let inbox = store::inboxes::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let changes = audit::changes(Action::Create, None, Some(&audit_json(&inbox)));
    audit::record(&tx, actor, account_id, "Inbox", id, Action::Create, changes).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    let mut events = Vec::new();
    if app.config.enable_inbox_events {
        events.push(Event::new(
            account_id,
            None,
            EventKind::InboxCreated { inbox_id: id },
        ));
    }
    let out = details(&tx, inbox).await?;
    crate::events::commit(app, tx, events).await?;
    Ok(out)
}

/// `previous_changes` of the inbox save (its own columns; the channel is another record),
/// enums by name as Rails renders them.
fn inbox_changes(before: &Inbox, after: &Inbox) -> Changes {
    let (old, new) = (audit_json(before), audit_json(after));
    let mut out = Changes::new();
    if let (Value::Object(old), Value::Object(new)) = (old, new) {
        for (k, b) in old {
            let a = new.get(&k).cloned().unwrap_or(Value::Null);
            let name = |v: &Value| {
                json!(v
                    .as_i64()
                    .and_then(|n| SenderNameType::from_i32(n as i32))
                    .map(|t| t.as_str()))
            };
            if k == "sender_name_type" {
                push_change(&mut out, &k, name(&b), name(&a));
            } else {
                push_change(&mut out, &k, b, a);
            }
        }
    }
    if !out.is_empty() {
        let t = |i: &Inbox| json!(domain::time::iso(i.updated_at));
        push_change(&mut out, "updated_at", t(before), t(after));
    }
    out
}

/// `PATCH /inboxes/:id`: inbox attributes, `working_hours[]`, channel attributes.
pub async fn update(
    app: &App,
    actor: &Actor,
    account_id: i64,
    inbox_id: i64,
    params: InboxParams,
    channel_params: Option<ChannelParams>,
    hours: Option<Vec<WorkingHourParams>>,
) -> Result<InboxDetails> {
    let tx = app.db.begin().await?;
    let now = domain::time::now();
    let mut inbox = store::inboxes::find(&tx, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let old = inbox.clone();
    let before = audit_json(&inbox);
    // Upstream saves the inbox first, so its errors are reported before the channel's.
    let mut errors = ValidationErrors::new();
    rules::apply_inbox(&mut inbox, &params, true, &mut errors);
    rules::validate_inbox(&mut errors, &inbox);
    check_portal(&tx, &mut errors, account_id, params.portal_id).await?;
    let mut days = store::working_hours::list_for_inbox(&tx, inbox.id).await?;
    let days_before = days.clone();
    if let Some(hours) = &hours {
        week::apply_working_hours(&mut days, hours, &mut errors);
    }
    errors.into_result()?;
    let mut channel = load_channel(&tx, &inbox).await?;
    let mut errors = ValidationErrors::new();
    match (&mut channel, &channel_params) {
        (Channel::WebWidget(w), Some(ChannelParams::WebWidget(p))) => {
            channels::apply_widget(w, p, &mut errors);
            channels::validate_widget(&mut errors, w);
            errors.into_result()?;
            store::channel_web_widgets::update(&tx, w, now).await?;
        }
        (Channel::Api(c), Some(ChannelParams::Api(p))) => {
            channels::apply_api(c, p, &mut errors);
            channels::validate_api(&mut errors, c);
            errors.into_result()?;
            store::channel_api::update(&tx, c, now).await?;
        }
        _ => {}
    }
    store::inboxes::update(&tx, &inbox, now).await?;
    for (day, was) in days.iter().zip(&days_before) {
        if day != was {
            store::working_hours::update(&tx, day, now).await?;
        }
    }
    let inbox = store::inboxes::find(&tx, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let changes = audit::changes(Action::Update, Some(&before), Some(&audit_json(&inbox)));
    audit::record(
        &tx,
        actor,
        account_id,
        "Inbox",
        inbox.id,
        Action::Update,
        changes,
    )
    .await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    let mut events = Vec::new();
    if app.config.enable_inbox_events {
        let changes = inbox_changes(&old, &inbox);
        let kind = EventKind::InboxUpdated { inbox_id, changes };
        events.push(Event::new(account_id, None, kind));
    }
    let out = details(&tx, inbox).await?;
    crate::events::commit(app, tx, events).await?;
    Ok(out)
}

/// `DELETE /inboxes/:id`. Upstream hands the inbox to `DeleteObjectJob`; here it goes at once,
/// with its members, working hours, bot connection and channel. The members leave no entries of
/// their own: upstream removes them with `destroy_async`, when the inbox is gone and
/// `Audit::InboxMember` skips a member whose inbox is blank.
pub async fn destroy(db: &Db, actor: &Actor, account_id: i64, inbox_id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = store::inboxes::find(&tx, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::agent_bot_inboxes::delete_for_inbox(&tx, inbox.id).await?;
    store::inbox_members::delete_for_inbox(&tx, inbox.id).await?;
    store::working_hours::delete_for_inbox(&tx, inbox.id).await?;
    store::inboxes::delete(&tx, inbox.id).await?;
    match &inbox
        .channel_type
        .as_deref()
        .and_then(ChannelKind::from_class_name)
    {
        Some(ChannelKind::WebWidget) => {
            store::channel_web_widgets::delete(&tx, inbox.channel_id).await?
        }
        Some(ChannelKind::Api) => store::channel_api::delete(&tx, inbox.channel_id).await?,
        None => 0,
    };
    let changes = audit::changes(Action::Destroy, Some(&audit_json(&inbox)), None);
    audit::record(
        &tx,
        actor,
        account_id,
        "Inbox",
        inbox.id,
        Action::Destroy,
        changes,
    )
    .await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}

/// `POST /inboxes/:id/set_agent_bot`: connects the bot, or with `None` disconnects any. The bot
/// must be the account's own or a system bot (upstream would take any bot id).
pub async fn set_agent_bot(
    db: &Db,
    account_id: i64,
    inbox_id: i64,
    bot_id: Option<i64>,
) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = store::inboxes::find(&tx, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    match bot_id {
        Some(bot_id) => {
            let bot = store::agent_bots::find(&tx, bot_id)
                .await?
                .ok_or(AppError::NotFound)?;
            if bot.account_id.is_some_and(|a| a != account_id) {
                return Err(AppError::NotFound);
            }
            let now = domain::time::now();
            store::agent_bot_inboxes::upsert(&tx, inbox.id, bot.id, account_id, now).await?;
        }
        None => {
            store::agent_bot_inboxes::delete_for_inbox(&tx, inbox.id).await?;
        }
    }
    tx.commit().await?;
    Ok(())
}
