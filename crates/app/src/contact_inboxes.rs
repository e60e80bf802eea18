//! Contact inboxes: upstream `ContactInboxBuilder` (a contact's identity in an inbox, with a
//! source id generated per channel when none is given), `Contacts::ContactInboxesController`
//! and `Contacts::ContactableInboxesService`.

use crate::{AppError, Result};
use domain::contact::MAX_TEXT;
use domain::{validate, ValidationErrors};
use store::contact_inboxes::{ContactInbox, NewContactInbox};
use store::contacts::Contact;
use store::inboxes::Inbox;
use store::{Db, Exec, Tx};

/// `ActionController::ParameterMissing`, which upstream answers with 422 `{"error": ...}`.
fn param_missing(what: &str) -> AppError {
    AppError::Unprocessable(format!("param is missing or the value is empty: {what}"))
}

fn phone_of(c: &Contact) -> Result<&str> {
    c.phone_number
        .as_deref()
        .ok_or_else(|| param_missing("contact phone number"))
}

/// `generate_source_id`. Twilio inboxes need their channel's medium (sms or whatsapp), whose
/// table the contacts API cannot read yet; they are refused as unsupported channels are.
fn generate_source_id(c: &Contact, inbox: &Inbox) -> Result<String> {
    let channel = inbox.channel_type.as_deref().unwrap_or_default();
    match channel {
        "Channel::Whatsapp" => Ok(phone_of(c)?.replace('+', "")),
        "Channel::Email" => c
            .email
            .clone()
            .ok_or_else(|| param_missing("contact email")),
        "Channel::Sms" => Ok(phone_of(c)?.to_string()),
        "Channel::Api" | "Channel::WebWidget" => Ok(crate::tokens::uuid()),
        other => Err(AppError::Unprocessable(format!(
            "Unsupported operation for this channel: {other}"
        ))),
    }
}

/// `ContactInbox` validations: a source id, at most a text column's length, and for WhatsApp
/// inboxes 1 to 15 digits (`WHATSAPP_CHANNEL_REGEX`).
fn check_source_id(inbox: &Inbox, source_id: &str) -> Result<()> {
    let mut errors = ValidationErrors::new();
    validate::presence(&mut errors, "source_id", Some(source_id));
    validate::max_length(&mut errors, "source_id", Some(source_id), MAX_TEXT);
    let whatsapp_ok =
        (1..=15).contains(&source_id.len()) && source_id.bytes().all(|b| b.is_ascii_digit());
    if inbox.channel_type.as_deref() == Some("Channel::Whatsapp") && !whatsapp_ok {
        errors.add(
            "source_id",
            "invalid source id for whatsapp inbox. valid Regex (?-mix:^\\d{1,15}\\z)",
        );
    }
    Ok(errors.into_result()?)
}

/// Channels where a source id already used by another contact is moved aside
/// (`allowed_channels?`); elsewhere that is a conflict.
fn moves_old_source(channel: &str) -> bool {
    matches!(
        channel,
        "Channel::Email" | "Channel::Sms" | "Channel::TwilioSms" | "Channel::Whatsapp"
    )
}

/// `ContactInboxBuilder#perform`: the contact's contact inbox with this source id, made if
/// missing. A blank `source_id` counts as none (upstream would then make nothing and fail
/// rendering).
pub async fn build(
    tx: &Tx,
    contact: &Contact,
    inbox: &Inbox,
    source_id: Option<String>,
    hmac_verified: bool,
) -> Result<ContactInbox> {
    let source_id = match source_id.filter(|s| !s.is_empty()) {
        Some(s) => s,
        None => generate_source_id(contact, inbox)?,
    };
    check_source_id(inbox, &source_id)?;
    let now = domain::time::now();
    if let Some(existing) = store::contact_inboxes::find_by_source(tx, inbox.id, &source_id).await?
    {
        if existing.contact_id == Some(contact.id) {
            return Ok(existing);
        }
        // `update_old_contact_inbox`: the other contact's session gets a scrambled source id.
        let channel = inbox.channel_type.as_deref().unwrap_or_default();
        if !moves_old_source(channel) {
            return Err(ValidationErrors::single("source_id", "has already been taken").into());
        }
        let salt = rand::random::<u8>();
        let moved = if channel == "Channel::Email" {
            format!("{}{source_id}", salt % 10)
        } else {
            format!("whatsapp:{source_id}{}", salt % 100)
        };
        store::contact_inboxes::update_source_id(tx, existing.id, &moved, now).await?;
    }
    let new = NewContactInbox {
        contact_id: contact.id,
        inbox_id: inbox.id,
        source_id: &source_id,
        hmac_verified,
        pubsub_token: &crate::tokens::secure_token(),
    };
    Ok(store::contact_inboxes::insert(tx, &new, now).await?)
}

/// `InboxPolicy#show?` for the caller: administrators see every inbox, agents their own.
pub async fn visible_inbox_ids(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
    is_admin: bool,
) -> Result<Option<Vec<i64>>> {
    if is_admin {
        return Ok(None);
    }
    let mine = store::inboxes::list_for_member(e, account_id, user_id).await?;
    Ok(Some(mine.into_iter().map(|i| i.id).collect()))
}

/// `POST /contacts/:contact_id/contact_inboxes`: the inbox must be the account's (404) and
/// visible to the caller (401).
pub async fn create(
    db: &Db,
    account_id: i64,
    contact_id: i64,
    (user_id, is_admin): (i64, bool),
    inbox_id: i64,
    source_id: Option<String>,
    hmac_verified: bool,
) -> Result<(ContactInbox, Inbox)> {
    let tx = db.begin().await?;
    let contact = crate::contacts::find(&tx, account_id, contact_id).await?;
    let inbox = store::inboxes::find(&tx, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let visible = visible_inbox_ids(&tx, account_id, user_id, is_admin).await?;
    if visible.is_some_and(|ids| !ids.contains(&inbox.id)) {
        return Err(AppError::not_authorized());
    }
    let ci = build(&tx, &contact, &inbox, source_id, hmac_verified).await?;
    tx.commit().await?;
    Ok((ci, inbox))
}

/// Conversations arrive with the conversations API; until then no contact inbox has any.
/// Upstream hides a web widget inbox whose latest contact inbox has conversations.
async fn contact_inbox_has_conversations(_e: &impl Exec, _contact_inbox_id: i64) -> Result<bool> {
    Ok(false)
}

/// `ContactableInboxesService#get`, limited to the inboxes the caller may see: the inboxes a
/// new conversation with the contact could start in, with the source id it would use.
pub async fn contactable(
    db: &Db,
    account_id: i64,
    contact: &Contact,
    visible: Option<Vec<i64>>,
) -> Result<Vec<(Inbox, String)>> {
    let mut out = Vec::new();
    for inbox in store::inboxes::list_for_account(db, account_id).await? {
        if visible.as_ref().is_some_and(|ids| !ids.contains(&inbox.id)) {
            continue;
        }
        let phone = contact
            .phone_number
            .clone()
            .filter(|p| !p.trim().is_empty());
        let source = match inbox.channel_type.as_deref().unwrap_or_default() {
            "Channel::Whatsapp" => phone.map(|p| p.replace('+', "")),
            "Channel::Sms" => phone,
            "Channel::Email" => contact.email.clone().filter(|e| !e.trim().is_empty()),
            "Channel::Api" => Some(
                match store::contact_inboxes::latest(db, contact.id, inbox.id).await? {
                    Some(ci) => ci.source_id,
                    None => crate::tokens::uuid(),
                },
            ),
            "Channel::WebWidget" => {
                match store::contact_inboxes::latest(db, contact.id, inbox.id).await? {
                    Some(ci) if !contact_inbox_has_conversations(db, ci.id).await? => {
                        Some(ci.source_id)
                    }
                    _ => None,
                }
            }
            // Twilio needs the channel's medium (see `generate_source_id`); other channels
            // cannot start conversations from the dashboard.
            _ => None,
        };
        if let Some(source) = source {
            out.push((inbox, source));
        }
    }
    Ok(out)
}
