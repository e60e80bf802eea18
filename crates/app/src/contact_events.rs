//! The events of the Contact model's callbacks (app/models/contact.rb: `dispatch_create_event`,
//! `dispatch_update_event` with `previous_changes`, `dispatch_destroy_event`), for the use cases
//! that save contacts. The import saves with `Contact.import` upstream, which runs no
//! callbacks, so it causes none.

use crate::events::{push_change, Changes, Event, EventKind};
use crate::Result;
use domain::contact::ContactType;
use domain::time::iso;
use serde_json::{json, Value};
use store::contacts::Contact;
use store::Exec;

fn object(v: &Option<store::Json<Value>>) -> Value {
    v.as_ref().map(|j| j.0.clone()).unwrap_or(json!({}))
}

fn kind(t: Option<i32>) -> Value {
    json!(t.and_then(ContactType::from_i32).map(|t| t.as_str()))
}

/// `previous_changes` of a contact save, as Rails renders them in JSON.
pub fn changes(before: &Contact, after: &Contact) -> Changes {
    let mut out = Changes::new();
    let c = &mut out;
    push_change(c, "name", json!(before.name), json!(after.name));
    push_change(c, "email", json!(before.email), json!(after.email));
    push_change(
        c,
        "phone_number",
        json!(before.phone_number),
        json!(after.phone_number),
    );
    push_change(
        c,
        "additional_attributes",
        object(&before.additional_attributes),
        object(&after.additional_attributes),
    );
    push_change(
        c,
        "identifier",
        json!(before.identifier),
        json!(after.identifier),
    );
    push_change(
        c,
        "custom_attributes",
        object(&before.custom_attributes),
        object(&after.custom_attributes),
    );
    push_change(
        c,
        "last_activity_at",
        json!(before.last_activity_at.map(iso)),
        json!(after.last_activity_at.map(iso)),
    );
    push_change(
        c,
        "contact_type",
        kind(before.contact_type),
        kind(after.contact_type),
    );
    push_change(
        c,
        "middle_name",
        json!(before.middle_name),
        json!(after.middle_name),
    );
    push_change(
        c,
        "last_name",
        json!(before.last_name),
        json!(after.last_name),
    );
    push_change(c, "location", json!(before.location), json!(after.location));
    push_change(
        c,
        "country_code",
        json!(before.country_code),
        json!(after.country_code),
    );
    push_change(c, "blocked", json!(before.blocked), json!(after.blocked));
    push_change(
        c,
        "company_id",
        json!(before.company_id),
        json!(after.company_id),
    );
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

pub fn created(c: &Contact) -> Event {
    Event::new(
        c.account_id,
        None,
        EventKind::ContactCreated { contact_id: c.id },
    )
}

/// `contact.updated` fires for every `update!`, changed or not (listeners that need changes,
/// like the webhook one, skip a blank list).
pub fn updated(before: &Contact, after: &Contact) -> Event {
    updated_with(after, changes(before, after))
}

pub fn updated_with(c: &Contact, changes: Changes) -> Event {
    Event::new(
        c.account_id,
        None,
        EventKind::ContactUpdated {
            contact_id: c.id,
            changes,
        },
    )
}

/// `contact.deleted`, with the push data read before the row goes.
pub async fn deleted(e: &impl Exec, c: &Contact) -> Result<Event> {
    let push_data = match crate::payloads::contact::push_data(e, c.id).await? {
        Some(Value::Object(m)) => m,
        _ => serde_json::Map::new(),
    };
    Ok(Event::new(
        c.account_id,
        None,
        EventKind::ContactDeleted {
            contact_id: c.id,
            push_data,
        },
    ))
}

pub fn merged(c: &Contact) -> Event {
    Event::new(
        c.account_id,
        None,
        EventKind::ContactMerged { contact_id: c.id },
    )
}
