//! `Contact#push_event_data` and `Contact#webhook_data` (app/models/contact.rb).

use super::json_or_empty;
use crate::Result;
use serde_json::{json, Value};
use store::contacts::Contact;
use store::Exec;

pub fn push(c: &Contact) -> Value {
    json!({
        "additional_attributes": json_or_empty(&c.additional_attributes),
        "custom_attributes": json_or_empty(&c.custom_attributes),
        "email": c.email,
        "id": c.id,
        "identifier": c.identifier,
        "name": c.name,
        "phone_number": c.phone_number,
        "thumbnail": "",
        "blocked": c.blocked,
        "type": "contact",
    })
}

/// `webhook_data`: `account` is the account's `webhook_data`.
pub fn webhook(c: &Contact, account: &Value) -> Value {
    json!({
        "account": account,
        "additional_attributes": json_or_empty(&c.additional_attributes),
        "avatar": "",
        "custom_attributes": json_or_empty(&c.custom_attributes),
        "email": c.email,
        "id": c.id,
        "identifier": c.identifier,
        "name": c.name,
        "phone_number": c.phone_number,
        "thumbnail": "",
        "blocked": c.blocked,
    })
}

async fn find(e: &impl Exec, contact_id: i64) -> Result<Option<Contact>> {
    Ok(store::messages::sender_contacts(e, &[contact_id])
        .await?
        .into_iter()
        .next())
}

pub async fn push_data(e: &impl Exec, contact_id: i64) -> Result<Option<Value>> {
    Ok(find(e, contact_id).await?.map(|c| push(&c)))
}

pub async fn webhook_data(e: &impl Exec, contact_id: i64) -> Result<Option<Value>> {
    let Some(c) = find(e, contact_id).await? else {
        return Ok(None);
    };
    let account = super::inbox::account(e, c.account_id).await?;
    Ok(Some(webhook(&c, &account)))
}
