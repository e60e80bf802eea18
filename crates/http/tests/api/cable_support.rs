//! A real server on 127.0.0.1 and a real WebSocket client speaking ActionCable, for the cable
//! tests.

use app::App;
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use std::net::SocketAddr;
use std::time::Duration;
use store::{Exec, Sql};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// How long a frame that should come may take.
pub const WAIT: Duration = Duration::from_secs(5);
/// How long to listen for a frame that should not come, once the same broadcast reached a
/// client that should hear it (the hub hands a broadcast to every recipient at once).
pub const QUIET: Duration = Duration::from_millis(300);

/// Serves `app`'s router on a loopback port.
pub async fn serve(app: &App) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let router = http::router(app.clone());
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    addr
}

pub async fn user_token(app: &App, user_id: i64) -> String {
    app.db
        .scalar(Sql::new("SELECT pubsub_token FROM users WHERE id = $1").bind(user_id))
        .await
        .unwrap()
}

/// The conversation's contact id and contact inbox pubsub token, by display id.
pub async fn contact_of(app: &App, account_id: i64, display_id: i64) -> (i64, String) {
    app.db
        .fetch_one::<(i64, String)>(
            Sql::new(
                "SELECT cv.contact_id, ci.pubsub_token FROM conversations cv \
                 JOIN contact_inboxes ci ON ci.id = cv.contact_inbox_id \
                 WHERE cv.account_id = $1 AND cv.display_id = $2",
            )
            .bind(account_id)
            .bind(display_id),
        )
        .await
        .unwrap()
}

/// The dashboard's identifier, in the key order its client sends.
pub fn agent_identifier(token: &str, account_id: i64, user_id: i64) -> String {
    format!(
        r#"{{"channel":"RoomChannel","pubsub_token":"{token}","account_id":{account_id},"user_id":{user_id}}}"#
    )
}

/// The widget's identifier: no user id.
pub fn contact_identifier(token: &str) -> String {
    format!(r#"{{"channel":"RoomChannel","pubsub_token":"{token}"}}"#)
}

pub struct Cable {
    ws: WebSocketStream<MaybeTlsStream<TcpStream>>,
    /// The `Sec-WebSocket-Protocol` the server answered with.
    pub protocol: Option<String>,
    /// Frames read while looking for another one, handed out first.
    pending: Vec<Value>,
}

impl Cable {
    /// Connects offering the Rails client's subprotocols; asserts the welcome.
    pub async fn connect(addr: SocketAddr) -> Cable {
        let mut cable =
            Cable::open(addr, Some("actioncable-v1-json, actioncable-unsupported")).await;
        assert_eq!(cable.next().await, json!({"type": "welcome"}));
        cable
    }

    pub async fn open(addr: SocketAddr, protocols: Option<&str>) -> Cable {
        let mut req = format!("ws://{addr}/cable").into_client_request().unwrap();
        if let Some(p) = protocols {
            req.headers_mut()
                .insert("Sec-WebSocket-Protocol", p.parse().unwrap());
        }
        let (ws, res) = tokio_tungstenite::connect_async(req).await.unwrap();
        let protocol = res
            .headers()
            .get("sec-websocket-protocol")
            .map(|v| v.to_str().unwrap().to_string());
        Cable {
            ws,
            protocol,
            pending: Vec::new(),
        }
    }

    /// The next frame, pings included.
    pub async fn next_any(&mut self, wait: Duration) -> Option<Value> {
        loop {
            let msg = tokio::time::timeout(wait, self.ws.next())
                .await
                .ok()??
                .ok()?;
            match msg {
                Message::Text(t) => return Some(serde_json::from_str(t.as_str()).unwrap()),
                Message::Close(_) => return None,
                _ => continue,
            }
        }
    }

    /// The next frame that is not a ping; panics after `WAIT`.
    pub async fn next(&mut self) -> Value {
        if !self.pending.is_empty() {
            return self.pending.remove(0);
        }
        loop {
            let v = self.next_any(WAIT).await.expect("a frame");
            if v["type"] != "ping" {
                return v;
            }
        }
    }

    pub async fn send(&mut self, v: Value) {
        self.ws
            .send(Message::Text(v.to_string().into()))
            .await
            .unwrap();
    }

    /// Subscribes; returns the confirm or reject frame.
    pub async fn subscribe(&mut self, identifier: &str) -> Value {
        self.send(json!({"command": "subscribe", "identifier": identifier}))
            .await;
        self.next().await
    }

    /// Subscribes, asserts the confirmation and reads the presence update that follows.
    pub async fn join(&mut self, identifier: &str) -> Value {
        let confirm = self.subscribe(identifier).await;
        assert_eq!(
            confirm,
            json!({"identifier": identifier, "type": "confirm_subscription"})
        );
        let presence = self.next().await;
        assert_eq!(presence["message"]["event"], "presence.update");
        presence
    }

    /// The next broadcast named `event` (others are kept for later); returns its `message`.
    pub async fn event(&mut self, event: &str) -> Value {
        let deadline = tokio::time::Instant::now() + WAIT;
        let mut skipped = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            let v = match self.pending.is_empty() {
                false => self.pending.remove(0),
                true => match self.next_any(left).await {
                    Some(v) if v["type"] == "ping" => continue,
                    Some(v) => v,
                    None => panic!("no {event} frame; saw {skipped:?}"),
                },
            };
            if v["message"]["event"] == event {
                self.pending.splice(0..0, skipped);
                return v["message"].clone();
            }
            skipped.push(v);
        }
    }

    /// Broadcast events that arrive within `QUIET`, presence updates aside.
    pub async fn events_now(&mut self) -> Vec<String> {
        let mut seen: Vec<Value> = std::mem::take(&mut self.pending);
        while let Some(v) = self.next_any(QUIET).await {
            seen.push(v);
        }
        seen.iter()
            .filter_map(|v| v["message"]["event"].as_str())
            .filter(|e| *e != "presence.update")
            .map(str::to_string)
            .collect()
    }
}
