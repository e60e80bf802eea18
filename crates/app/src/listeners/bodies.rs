//! The webhook bodies listeners send (`webhook_data` and the conversation's push data), built
//! once per commit however many receivers and events need them, through the change's
//! transaction so they show what is being committed.

use crate::payloads;
use crate::{App, Result};
use serde_json::{json, Map, Value};
use std::collections::HashMap;
use store::Tx;

pub struct Bodies<'a> {
    app: &'a App,
    tx: &'a Tx,
    conversations: HashMap<i64, Option<Value>>,
    messages: HashMap<i64, Option<Value>>,
}

/// `payload.merge(event:)` (and `changed_attributes:` where given).
pub fn with_event(data: &Value, event: &str, changed: Option<Value>) -> Value {
    let mut out = match data {
        Value::Object(m) => m.clone(),
        _ => Map::new(),
    };
    out.insert("event".into(), json!(event));
    if let Some(c) = changed {
        out.insert("changed_attributes".into(), c);
    }
    Value::Object(out)
}

/// `extract_changed_attributes`: the list, or null when nothing changed.
pub fn changed_attributes(c: &domain::events::Changes) -> Value {
    if c.is_empty() {
        Value::Null
    } else {
        payloads::changes(c)
    }
}

impl<'a> Bodies<'a> {
    pub fn new(app: &'a App, tx: &'a Tx) -> Self {
        Bodies {
            app,
            tx,
            conversations: HashMap::new(),
            messages: HashMap::new(),
        }
    }

    pub fn tx(&self) -> &'a Tx {
        self.tx
    }

    /// `Conversation#webhook_data` (the event data presenter's push data).
    pub async fn conversation(&mut self, id: i64) -> Result<Option<Value>> {
        if let Some(v) = self.conversations.get(&id) {
            return Ok(v.clone());
        }
        let v = payloads::conversation::push_data(self.app, self.tx, id).await?;
        self.conversations.insert(id, v.clone());
        Ok(v)
    }

    /// `Message#webhook_data`, or `None` for a message that is not `webhook_sendable?`
    /// (activities) or is gone.
    pub async fn message(&mut self, id: i64) -> Result<Option<Value>> {
        if let Some(v) = self.messages.get(&id) {
            return Ok(v.clone());
        }
        let v = payloads::message::webhook_data(self.app, self.tx, id)
            .await?
            .filter(|m| {
                matches!(
                    m["message_type"].as_str(),
                    Some("incoming" | "outgoing" | "template")
                )
            });
        self.messages.insert(id, v.clone());
        Ok(v)
    }
}
