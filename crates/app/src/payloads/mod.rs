//! The data Chatwoot's models put on the wire for events: `push_event_data` (realtime frames and
//! the embedded blocks of API views) and `webhook_data` (webhook bodies). Every builder reads
//! through `e: &impl Exec`, so inside a transaction it renders the uncommitted change; each
//! returns `Ok(None)` when the row is gone.

pub mod agent_bot;
pub mod attachment;
pub mod contact;
pub mod conversation;
pub mod inbox;
pub mod message;
pub mod user;

use domain::events::Changes;
use serde_json::{json, Map, Value};
use store::Json;

/// Webhook `changed_attributes` (`BaseListener#extract_changed_attributes`):
/// `[{"status": {"previous_value": "open", "current_value": "resolved"}}, ...]`.
pub fn changes(c: &Changes) -> Value {
    Value::Array(
        c.iter()
            .map(|(k, before, after)| {
                json!({ k: { "previous_value": before, "current_value": after } })
            })
            .collect(),
    )
}

/// ActiveModel's `previous_changes`: `{"status": ["open", "resolved"], ...}`.
pub fn previous_changes(c: &Changes) -> Value {
    Value::Object(
        c.iter()
            .map(|(k, before, after)| (k.clone(), json!([before, after])))
            .collect::<Map<String, Value>>(),
    )
}

/// A jsonb column as Rails renders it: the hash, or `{}` when NULL.
pub(crate) fn json_or_empty(v: &Option<Json<Value>>) -> Value {
    v.as_ref()
        .map(|j| j.0.clone())
        .unwrap_or_else(|| Value::Object(Map::new()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_take_both_wire_shapes() {
        let c: Changes = vec![("status".into(), json!("open"), json!("resolved"))];
        assert_eq!(
            changes(&c),
            json!([{"status": {"previous_value": "open", "current_value": "resolved"}}])
        );
        assert_eq!(
            previous_changes(&c),
            json!({"status": ["open", "resolved"]})
        );
    }
}
