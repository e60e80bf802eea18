//! `POST /actions/contact_merge`: upstream `ContactMergeAction`. The mergee's contact inboxes
//! and notes move to the base contact, the mergee is destroyed (its labels with it, as the
//! taggings go with the record upstream too), and the base takes the mergee's attributes where
//! its own are blank.

use crate::contacts::{find, save, TAGGABLE};
use crate::Result;
use domain::contact::is_blank;
use serde_json::{Map, Value};
use store::contacts::Contact;
use store::{Db, Json, Tx};

/// Conversations (and their messages) arrive with the conversations API; once they exist this
/// moves the mergee's conversations and its messages as sender to the base contact, as
/// upstream's `merge_conversations` and `merge_messages` do.
async fn move_conversations_and_messages(_tx: &Tx, _from: i64, _to: i64) -> Result<()> {
    Ok(())
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
pub async fn merge(db: &Db, account_id: i64, base_id: i64, mergee_id: i64) -> Result<Contact> {
    let tx = db.begin().await?;
    let base = find(&tx, account_id, base_id).await?;
    let mergee = find(&tx, account_id, mergee_id).await?;
    // An agent and the contact may set the same email at once; merging a contact into itself
    // changes nothing.
    if base.id == mergee.id {
        return Ok(base);
    }
    let now = domain::time::now();
    move_conversations_and_messages(&tx, mergee.id, base.id).await?;
    store::contact_inboxes::move_to_contact(&tx, mergee.id, base.id, now).await?;
    store::notes::move_to_contact(&tx, mergee.id, base.id, now).await?;
    let merged = deep_merge(mergeable(&mergee), mergeable(&base));
    store::taggings::delete_all(&tx, TAGGABLE, mergee.id).await?;
    store::contacts::delete(&tx, mergee.id).await?;
    let mut base = base;
    assign(&mut base, merged);
    // Upstream `update!`: invalid merged attributes roll the whole merge back (422).
    let base = save(&tx, base).await?;
    tx.commit().await?;
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
