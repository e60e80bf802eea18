//! `POST /actions/contact_merge`: upstream `ContactMergeAction`. The mergee's contact inboxes
//! and notes move to the base contact, the mergee is destroyed (its labels with it, as the
//! taggings go with the record upstream too), and the base takes the mergee's attributes where
//! its own are blank. Events as upstream's callbacks fire them: `conversation.contact_changed`
//! per moved conversation, `message.updated` per moved message (both are `update`s with
//! callbacks there), `contact.deleted` for the mergee, `contact.merged` and `contact.updated`
//! for the base.

use crate::contacts::{find, save, TAGGABLE};
use crate::events::{push_change, ConversationRef, Event, EventKind};
use crate::{App, Result};
use domain::contact::is_blank;
use domain::time::iso;
use serde_json::{json, Map, Value};
use store::contacts::Contact;
use store::{Json, Tx};

/// `merge_conversations` and `merge_messages`, with their events.
async fn move_conversations_and_messages(
    tx: &Tx,
    account_id: i64,
    from: i64,
    to: i64,
    now: chrono::NaiveDateTime,
) -> Result<Vec<Event>> {
    let mut out = Vec::new();
    for c in store::contact_moves::move_conversations(tx, from, to, now).await? {
        let conversation = ConversationRef {
            id: c.id,
            display_id: c.display_id,
            inbox_id: c.inbox_id,
        };
        out.push(Event::new(
            account_id,
            None,
            EventKind::ConversationContactChanged { conversation },
        ));
    }
    for m in store::contact_moves::move_messages(tx, from, to, now).await? {
        let mut changes = Vec::new();
        push_change(&mut changes, "sender_id", json!(from), json!(to));
        push_change(
            &mut changes,
            "updated_at",
            json!(iso(m.updated_at)),
            json!(iso(now)),
        );
        let conversation = ConversationRef {
            id: m.conversation_id,
            display_id: m.display_id,
            inbox_id: m.inbox_id,
        };
        out.push(Event::new(
            account_id,
            None,
            EventKind::MessageUpdated {
                message_id: m.id,
                conversation,
                changes,
            },
        ));
    }
    Ok(out)
}

/// Hash#deep_merge: `over` wins, nested objects merge.
fn deep_merge(mut base: Map<String, Value>, over: Map<String, Value>) -> Map<String, Value> {
    for (k, v) in over {
        let merged = match (base.remove(&k), v) {
            (Some(Value::Object(a)), Value::Object(b)) => Value::Object(deep_merge(a, b)),
            (_, v) => v,
        };
        base.insert(k, merged);
    }
    base
}

/// The mergeable attributes of a contact without the blank ones (`slice(...).compact_blank`).
fn mergeable(c: &Contact) -> Map<String, Value> {
    let text = |v: &Option<String>| v.clone().map(Value::String).unwrap_or(Value::Null);
    let json = |v: &Option<Json<Value>>| v.as_ref().map(|j| j.0.clone()).unwrap_or(Value::Null);
    [
        ("identifier", text(&c.identifier)),
        ("name", text(&c.name)),
        ("email", text(&c.email)),
        ("phone_number", text(&c.phone_number)),
        ("additional_attributes", json(&c.additional_attributes)),
        ("custom_attributes", json(&c.custom_attributes)),
    ]
    .into_iter()
    .filter(|(_, v)| !is_blank(v))
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn assign(c: &mut Contact, merged: Map<String, Value>) {
    let text = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    c.identifier = text(merged.get("identifier")).or(c.identifier.take());
    c.name = text(merged.get("name")).or(c.name.take());
    c.email = text(merged.get("email")).or(c.email.take());
    c.phone_number = text(merged.get("phone_number")).or(c.phone_number.take());
    for (key, slot) in [
        ("additional_attributes", &mut c.additional_attributes),
        ("custom_attributes", &mut c.custom_attributes),
    ] {
        if let Some(Value::Object(m)) = merged.get(key) {
            *slot = Some(Json(Value::Object(m.clone())));
        }
    }
}

/// Merges `mergee_id` into `base_id` (both the account's, else 404) and returns the base.
pub async fn merge(app: &App, account_id: i64, base_id: i64, mergee_id: i64) -> Result<Contact> {
    let tx = app.db.begin().await?;
    let base = find(&tx, account_id, base_id).await?;
    let mergee = find(&tx, account_id, mergee_id).await?;
    // An agent and the contact may set the same email at once; merging a contact into itself
    // changes nothing.
    if base.id == mergee.id {
        return Ok(base);
    }
    let now = domain::time::now();
    let mut events =
        move_conversations_and_messages(&tx, account_id, mergee.id, base.id, now).await?;
    store::contact_inboxes::move_to_contact(&tx, mergee.id, base.id, now).await?;
    store::notes::move_to_contact(&tx, mergee.id, base.id, now).await?;
    let merged = deep_merge(mergeable(&mergee), mergeable(&base));
    events.push(crate::contact_events::deleted(&tx, &mergee).await?);
    store::taggings::delete_all(&tx, TAGGABLE, mergee.id).await?;
    store::contacts::delete(&tx, mergee.id).await?;
    events.push(crate::contact_events::merged(&base));
    let before = base.clone();
    let mut base = base;
    assign(&mut base, merged);
    // Upstream `update!`: invalid merged attributes roll the whole merge back (422).
    let base = save(&tx, base).await?;
    events.push(crate::contact_events::updated(&before, &base));
    crate::events::commit(app, tx, events).await?;
    Ok(base)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_base_wins_and_nested_attributes_merge() {
        let mergee =
            json!({"name": "Old", "email": "m@x.io", "custom_attributes": {"a": 1, "b": {"x": 1}}});
        let base = json!({"name": "New", "custom_attributes": {"b": {"y": 2}, "c": 3}});
        let merged = deep_merge(
            mergee.as_object().unwrap().clone(),
            base.as_object().unwrap().clone(),
        );
        assert_eq!(
            Value::Object(merged),
            json!({"name": "New", "email": "m@x.io", "custom_attributes": {"a": 1, "b": {"x": 1, "y": 2}, "c": 3}})
        );
    }
}
