//! The audit trail (Chatwoot Enterprise's `audited` models). Use cases that change an
//! account-level object call [`record`] inside their transaction, so the entry and the change
//! commit together.

use crate::Result;
use serde_json::{Map, Value};
use store::audits::NewAudit;
use store::Exec;

/// Who is acting, and from where; built by the http layer for each request.
#[derive(Debug, Clone, Default)]
pub struct Actor {
    pub user_id: Option<i64>,
    /// "User" or "AgentBot" (the polymorphic `user_type`).
    pub user_type: Option<&'static str>,
    /// The user's email (the gem's `username`).
    pub username: Option<String>,
    pub remote_address: Option<String>,
    /// The request id (`request_uuid`).
    pub request_uuid: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Create,
    Update,
    Destroy,
}

impl Action {
    fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Destroy => "destroy",
        }
    }
}

/// The gem's `audited_changes`: on update `{attr: [old, new]}` for attributes that changed; on
/// create and destroy the attributes themselves. Timestamps are left out, as upstream excludes
/// `updated_at`.
pub fn changes(action: Action, before: Option<&Value>, after: Option<&Value>) -> Value {
    let strip = |v: Option<&Value>| -> Map<String, Value> {
        let mut m = v.and_then(Value::as_object).cloned().unwrap_or_default();
        m.remove("created_at");
        m.remove("updated_at");
        m
    };
    match action {
        Action::Create => Value::Object(strip(after)),
        Action::Destroy => Value::Object(strip(before)),
        Action::Update => {
            let (old, new) = (strip(before), strip(after));
            let mut diff = Map::new();
            for (k, v) in &new {
                let prev = old.get(k).cloned().unwrap_or(Value::Null);
                if &prev != v {
                    diff.insert(k.clone(), Value::Array(vec![prev, v.clone()]));
                }
            }
            Value::Object(diff)
        }
    }
}

/// Writes one entry unless an update changed nothing.
pub async fn record(
    e: &impl Exec,
    actor: &Actor,
    account_id: i64,
    auditable_type: &str,
    auditable_id: i64,
    action: Action,
    audited_changes: Value,
) -> Result<()> {
    if action == Action::Update && audited_changes.as_object().is_some_and(Map::is_empty) {
        return Ok(());
    }
    let entry = NewAudit {
        auditable_type: auditable_type.to_string(),
        auditable_id,
        account_id,
        user_id: actor.user_id,
        user_type: actor.user_type.map(str::to_string),
        username: actor.username.clone(),
        action: action.as_str().to_string(),
        audited_changes,
        remote_address: actor.remote_address.clone(),
        request_uuid: actor.request_uuid.clone(),
    };
    store::audits::insert(e, &entry, domain::time::now()).await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn update_changes_list_old_and_new_values_of_changed_attributes() {
        let before = json!({"name": "a", "color": "#fff", "updated_at": 1});
        let after = json!({"name": "b", "color": "#fff", "updated_at": 2});
        assert_eq!(
            changes(Action::Update, Some(&before), Some(&after)),
            json!({"name": ["a", "b"]})
        );
        assert_eq!(
            changes(Action::Create, None, Some(&after)),
            json!({"name": "b", "color": "#fff"})
        );
    }
}
