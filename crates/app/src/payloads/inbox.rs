//! `Inbox#webhook_data`, `Account#webhook_data` and `Inbox::EventDataPresenter#push_data` (the
//! body of inbox_created / inbox_updated webhooks).

use super::json_or_empty;
use crate::Result;
use domain::enums::SenderNameType;
use domain::time::iso;
use serde_json::{json, Value};
use store::Exec;

/// `Account#webhook_data`: `{id, name}`.
pub async fn account(e: &impl Exec, account_id: i64) -> Result<Value> {
    let name = store::accounts::find(e, account_id).await?.map(|a| a.name);
    Ok(json!({ "id": account_id, "name": name }))
}

/// `Inbox#webhook_data`: `{id, name}`.
pub async fn webhook(e: &impl Exec, account_id: i64, inbox_id: i64) -> Result<Value> {
    let name = store::inboxes::find(e, account_id, inbox_id)
        .await?
        .map(|i| i.name);
    Ok(json!({ "id": inbox_id, "name": name }))
}

/// `Inbox::EventDataPresenter#push_data`: the inbox's configuration and its channel record.
/// The channel's signing `secret` is left out: it is shown to administrators only.
pub async fn push_data(e: &impl Exec, account_id: i64, inbox_id: i64) -> Result<Option<Value>> {
    let Some(i) = store::inboxes::find(e, account_id, inbox_id).await? else {
        return Ok(None);
    };
    let working_hours: Vec<Value> = store::working_hours::list_for_inbox(e, inbox_id)
        .await?
        .iter()
        .map(|w| {
            json!({
                "day_of_week": w.day_of_week,
                "closed_all_day": w.closed_all_day,
                "open_hour": w.open_hour,
                "open_minutes": w.open_minutes,
                "close_hour": w.close_hour,
                "close_minutes": w.close_minutes,
                "open_all_day": w.open_all_day,
            })
        })
        .collect();
    Ok(Some(json!({
        "allow_messages_after_resolved": i.allow_messages_after_resolved,
        "lock_to_single_conversation": i.lock_to_single_conversation,
        "auto_assignment_config": json_or_empty(&i.auto_assignment_config),
        "enable_auto_assignment": i.enable_auto_assignment,
        "enable_email_collect": i.enable_email_collect,
        "greeting_enabled": i.greeting_enabled,
        "greeting_message": i.greeting_message,
        "csat_survey_enabled": i.csat_survey_enabled,
        "business_name": i.business_name,
        "sender_name_type": SenderNameType::from_i32(i.sender_name_type)
            .unwrap_or(SenderNameType::Friendly)
            .as_str(),
        "timezone": i.timezone,
        "out_of_office_message": i.out_of_office_message,
        "working_hours_enabled": i.working_hours_enabled,
        "working_hours": working_hours,
        "created_at": iso(i.created_at),
        "updated_at": iso(i.updated_at),
        "channel": channel(e, &i).await?,
    })))
}

async fn channel(e: &impl Exec, i: &store::inboxes::Inbox) -> Result<Value> {
    Ok(match i.channel_type.as_deref() {
        Some("Channel::Api") => match store::channel_api::find(e, i.channel_id).await? {
            Some(c) => json!({
                "id": c.id,
                "account_id": c.account_id,
                "webhook_url": c.webhook_url,
                "identifier": c.identifier,
                "hmac_token": c.hmac_token,
                "hmac_mandatory": c.hmac_mandatory,
                "additional_attributes": json_or_empty(&c.additional_attributes),
                "created_at": iso(c.created_at),
                "updated_at": iso(c.updated_at),
            }),
            None => Value::Null,
        },
        Some("Channel::WebWidget") => {
            match store::channel_web_widgets::find(e, i.channel_id).await? {
                Some(w) => json!({
                    "id": w.id,
                    "account_id": w.account_id,
                    "website_url": w.website_url,
                    "website_token": w.website_token,
                    "widget_color": w.widget_color,
                    "welcome_title": w.welcome_title,
                    "welcome_tagline": w.welcome_tagline,
                    "feature_flags": w.feature_flags,
                    "reply_time": w.reply_time,
                    "hmac_token": w.hmac_token,
                    "pre_chat_form_enabled": w.pre_chat_form_enabled,
                    "pre_chat_form_options": json_or_empty(&w.pre_chat_form_options),
                    "hmac_mandatory": w.hmac_mandatory,
                    "continuity_via_email": w.continuity_via_email,
                    "allowed_domains": w.allowed_domains,
                    "created_at": iso(w.created_at),
                    "updated_at": iso(w.updated_at),
                }),
                None => Value::Null,
            }
        }
        _ => Value::Null,
    })
}
