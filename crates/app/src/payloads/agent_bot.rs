//! `AgentBot#push_event_data` and `AgentBot#webhook_data` (app/models/agent_bot.rb).

use serde_json::{json, Value};
use store::agent_bots::AgentBot;

/// Switchboard stores no avatars, so `avatar_url` is empty (upstream falls back to the
/// inbox's avatar, which is empty too without uploads).
pub fn push(b: &AgentBot) -> Value {
    json!({ "id": b.id, "name": b.name, "avatar_url": "", "type": "agent_bot" })
}

pub fn webhook(b: &AgentBot) -> Value {
    json!({ "id": b.id, "name": b.name, "type": "agent_bot" })
}
