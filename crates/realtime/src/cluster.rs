//! Fan-out between nodes on PostgreSQL (Chatwoot's ActionCable uses Redis pub/sub). Every node
//! LISTENs on one channel per schema; a node delivers its own broadcasts to its clients at once
//! and NOTIFYs an envelope `{"n":node,"s":[streams],"m":message,"p":presence touch}` for the
//! others. An envelope too large for NOTIFY (8000 bytes) is written to `cable_broadcasts` and
//! only `{"n":node,"id":row}` is notified; receivers read the row. Delivery between nodes is
//! at-most-once, like Redis pub/sub: a node that loses its connection misses what was sent
//! meanwhile, and its clients catch up on reconnect as they do upstream.

use crate::presence::PresenceKind;
use crate::protocol::quote;
use crate::{Realtime, Touch};
use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use store::pubsub;

/// Channel name prefix; the schema name follows.
pub const CHANNEL_BASE: &str = "switchboard_cable";
/// Envelopes this long or longer go through `cable_broadcasts`.
pub const NOTIFY_LIMIT: usize = 7900;
/// How long an overflow row is kept for slow readers.
const OVERFLOW_KEEP: Duration = Duration::from_secs(300);

#[derive(Deserialize)]
struct Envelope {
    n: String,
    #[serde(default)]
    s: Vec<String>,
    m: Option<Value>,
    p: Option<WireTouch>,
    id: Option<i64>,
}

#[derive(Deserialize)]
struct WireTouch {
    a: i64,
    k: String,
    i: i64,
    t: i64,
}

/// The envelope text for the other nodes.
fn envelope(node: &str, streams: &[String], message: Option<&str>, touch: Option<Touch>) -> String {
    let mut out = format!(
        r#"{{"n":{},"s":{}"#,
        quote(node),
        Value::from(streams.to_vec())
    );
    if let Some(m) = message {
        out.push_str(r#","m":"#);
        out.push_str(m);
    }
    if let Some(t) = touch {
        out.push_str(&format!(
            r#","p":{{"a":{},"k":"{}","i":{},"t":{}}}"#,
            t.account_id,
            t.kind.as_str(),
            t.id,
            t.at_ms
        ));
    }
    out.push('}');
    out
}

/// Tells the other nodes; failures are logged (the change this reports is already committed).
pub(crate) async fn send(
    rt: &Realtime,
    channel: &str,
    streams: &[String],
    message: Option<&str>,
    touch: Option<Touch>,
) {
    let text = envelope(rt.node(), streams, message, touch);
    let db = rt.db();
    let result = if text.len() < NOTIFY_LIMIT {
        pubsub::notify(db, channel, &text).await
    } else {
        match pubsub::insert_broadcast(db, &text, domain::time::now()).await {
            Ok(id) => {
                let pointer = format!(r#"{{"n":{},"id":{id}}}"#, quote(rt.node()));
                pubsub::notify(db, channel, &pointer).await
            }
            Err(e) => Err(e),
        }
    };
    if let Err(e) = result {
        tracing::warn!(error = %e, "realtime: could not notify the other nodes");
    }
}

/// LISTENs, then spawns the delivery loop; None on SQLite.
pub(crate) async fn start(rt: &Realtime) -> store::Result<Option<tokio::task::JoinHandle<()>>> {
    let channel = pubsub::channel(rt.db(), CHANNEL_BASE).await?;
    let Some(mut listener) = rt.db().listen(&channel).await? else {
        return Ok(None);
    };
    // Only now: a node that notifies before it listens would also miss the others' frames.
    let _ = rt.inner.channel.set(channel);
    let rt = rt.clone();
    Ok(Some(tokio::spawn(async move {
        let mut cleanup = tokio::time::interval(Duration::from_secs(60));
        loop {
            tokio::select! {
                payload = listener.recv() => match payload {
                    Ok(payload) => deliver(&rt, &payload).await,
                    // The pool was closed: the server is stopping.
                    Err(_) => break,
                },
                _ = cleanup.tick() => {
                    let before = domain::time::now() - chrono::Duration::from_std(OVERFLOW_KEEP).unwrap_or_default();
                    if let Err(e) = pubsub::delete_broadcasts_before(rt.db(), before).await {
                        tracing::warn!(error = %e, "realtime: could not trim cable_broadcasts");
                    }
                }
            }
        }
    })))
}

/// Delivers another node's envelope to this node's clients and presence.
async fn deliver(rt: &Realtime, payload: &str) {
    let Ok(mut env) = serde_json::from_str::<Envelope>(payload) else {
        tracing::warn!("realtime: unreadable notification ignored");
        return;
    };
    if env.n == rt.node() {
        return;
    }
    if let Some(id) = env.id {
        let stored = match pubsub::find_broadcast(rt.db(), id).await {
            Ok(Some(stored)) => stored,
            Ok(None) => return,
            Err(e) => {
                tracing::warn!(error = %e, id, "realtime: could not read a large broadcast");
                return;
            }
        };
        match serde_json::from_str::<Envelope>(&stored) {
            Ok(full) => env = full,
            Err(_) => return,
        }
    }
    if let Some(t) = env.p {
        if let Some(kind) = PresenceKind::parse(&t.k) {
            rt.presence().touch_at(t.a, kind, t.i, t.t);
        }
    }
    if let Some(m) = env.m {
        let text: Arc<str> = m.to_string().into();
        for stream in &env.s {
            rt.hub().publish(stream, &text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn envelopes_carry_streams_message_and_touch() {
        let touch = Touch {
            account_id: 1,
            kind: PresenceKind::Contact,
            id: 9,
            at_ms: 123,
        };
        let text = envelope(
            "node",
            &["a".into(), "b\"".into()],
            Some(r#"{"event":"x"}"#),
            Some(touch),
        );
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            v,
            json!({"n": "node", "s": ["a", "b\""], "m": {"event": "x"}, "p": {"a": 1, "k": "Contact", "i": 9, "t": 123}})
        );
        let env: Envelope = serde_json::from_str(&text).unwrap();
        assert_eq!(env.s.len(), 2);
        assert!(env.id.is_none());
    }
}
