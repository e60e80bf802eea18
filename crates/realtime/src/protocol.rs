//! ActionCable's JSON protocol (`actioncable-v1-json`, Rails' actioncable/lib/action_cable.rb
//! and connection/subscriptions.rb): the frames a server sends and the commands a client sends.
//! The dashboard, widget and mobile app run the Rails client, which closes a socket that did not
//! negotiate this subprotocol and reconnects when no ping arrived for 6 s.

use serde::Deserialize;
use serde_json::Value;

/// The subprotocol the Rails client asks for (alongside `actioncable-unsupported`).
pub const PROTOCOL: &str = "actioncable-v1-json";

/// Seconds between pings (`ActionCable::Server::Connections::BEAT_INTERVAL`).
pub const PING_SECONDS: u64 = 3;

pub fn welcome() -> String {
    r#"{"type":"welcome"}"#.to_string()
}

pub fn ping(unix_seconds: i64) -> String {
    format!(r#"{{"type":"ping","message":{unix_seconds}}}"#)
}

pub fn confirm_subscription(identifier: &str) -> String {
    format!(
        r#"{{"identifier":{},"type":"confirm_subscription"}}"#,
        quote(identifier)
    )
}

pub fn reject_subscription(identifier: &str) -> String {
    format!(
        r#"{{"identifier":{},"type":"reject_subscription"}}"#,
        quote(identifier)
    )
}

/// A broadcast to one subscription: `identifier_json` is the identifier already quoted (see
/// [`quote`]), `message_json` the serialized message, both shared by every recipient.
pub fn message(identifier_json: &str, message_json: &str) -> String {
    format!(r#"{{"identifier":{identifier_json},"message":{message_json}}}"#)
}

/// Tells the client to go away; with `reconnect` it comes back (server restart, or a client
/// that fell too far behind and must resynchronise).
pub fn disconnect(reason: &str, reconnect: bool) -> String {
    format!(
        r#"{{"type":"disconnect","reason":{},"reconnect":{reconnect}}}"#,
        quote(reason)
    )
}

/// A string as a JSON string literal.
pub fn quote(s: &str) -> String {
    Value::from(s).to_string()
}

/// A command from the client.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Subscribe {
        identifier: String,
    },
    Unsubscribe {
        identifier: String,
    },
    /// `perform(action, data)`: `data` is the decoded JSON of the frame's `data` string.
    Message {
        identifier: String,
        data: Value,
    },
}

#[derive(Deserialize)]
struct RawCommand {
    command: String,
    identifier: Option<String>,
    data: Option<String>,
}

impl Command {
    /// Reads a client frame; None for anything ActionCable would log and ignore.
    pub fn parse(text: &str) -> Option<Command> {
        let raw: RawCommand = serde_json::from_str(text).ok()?;
        let identifier = raw.identifier?;
        match raw.command.as_str() {
            "subscribe" => Some(Command::Subscribe { identifier }),
            "unsubscribe" => Some(Command::Unsubscribe { identifier }),
            "message" => {
                let data = serde_json::from_str(raw.data.as_deref()?).ok()?;
                Some(Command::Message { identifier, data })
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn frames_are_rails_json() {
        assert_eq!(welcome(), r#"{"type":"welcome"}"#);
        assert_eq!(ping(1700000000), r#"{"type":"ping","message":1700000000}"#);
        let id = r#"{"channel":"RoomChannel","pubsub_token":"t\"x"}"#;
        let confirm: Value = serde_json::from_str(&confirm_subscription(id)).unwrap();
        assert_eq!(
            confirm,
            json!({"identifier": id, "type": "confirm_subscription"})
        );
        let reject: Value = serde_json::from_str(&reject_subscription(id)).unwrap();
        assert_eq!(reject["type"], "reject_subscription");
        assert_eq!(reject["identifier"], id);
        let m: Value = serde_json::from_str(&message(&quote(id), r#"{"event":"x"}"#)).unwrap();
        assert_eq!(m, json!({"identifier": id, "message": {"event": "x"}}));
        assert_eq!(
            disconnect("server_restart", true),
            r#"{"type":"disconnect","reason":"server_restart","reconnect":true}"#
        );
    }

    #[test]
    fn commands_parse() {
        let id = r#"{"channel":"RoomChannel"}"#;
        let sub = json!({"command": "subscribe", "identifier": id}).to_string();
        assert_eq!(
            Command::parse(&sub),
            Some(Command::Subscribe {
                identifier: id.into()
            })
        );
        let msg = json!({"command": "message", "identifier": id, "data": "{\"action\":\"update_presence\"}"})
            .to_string();
        assert_eq!(
            Command::parse(&msg),
            Some(Command::Message {
                identifier: id.into(),
                data: json!({"action": "update_presence"})
            })
        );
        assert_eq!(Command::parse("not json"), None);
        assert_eq!(
            Command::parse(&json!({"command": "dance", "identifier": id}).to_string()),
            None
        );
        assert_eq!(
            Command::parse(&json!({"command": "subscribe"}).to_string()),
            None
        );
    }
}
