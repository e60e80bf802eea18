//! Realtime: what Chatwoot does with ActionCable and Redis. The ActionCable protocol and
//! RoomChannel (the socket itself is served by the http crate at `/cable`), the stream hub that
//! fans frames out to this node's connections, presence, and the fan-out between nodes over
//! PostgreSQL LISTEN/NOTIFY. On SQLite there is one node and everything stays in-process.

pub mod cluster;
pub mod hub;
pub mod ordered;
pub mod presence;
pub mod protocol;
pub mod room_channel;
pub mod session;

use hub::Hub;
use ordered::Ordered;
use presence::{Presence, PresenceKind};
use serde_json::Value;
use std::future::Future;
use std::sync::{Arc, OnceLock};
use store::Db;

/// A presence touch: `kind` `id` was seen in the account at `at_ms`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Touch {
    pub account_id: i64,
    pub kind: PresenceKind,
    pub id: i64,
    pub at_ms: i64,
}

/// The handle every part of the server shares (cheap to clone).
#[derive(Clone)]
pub struct Realtime {
    inner: Arc<Inner>,
}

struct Inner {
    db: Db,
    hub: Hub,
    presence: Arc<Presence>,
    /// This process, so it can skip its own notifications.
    node: String,
    /// The NOTIFY channel, set once this node listens: from then on it also tells the others.
    channel: OnceLock<String>,
    ordered: Ordered,
}

impl Realtime {
    pub fn new(db: Db, presence: Arc<Presence>) -> Realtime {
        Realtime {
            inner: Arc::new(Inner {
                db,
                hub: Hub::default(),
                presence,
                node: uuid::Uuid::new_v4().simple().to_string(),
                channel: OnceLock::new(),
                ordered: Ordered::default(),
            }),
        }
    }

    pub fn db(&self) -> &Db {
        &self.inner.db
    }

    pub fn hub(&self) -> &Hub {
        &self.inner.hub
    }

    pub fn presence(&self) -> &Arc<Presence> {
        &self.inner.presence
    }

    /// `ActionCable.server.broadcast(stream, message)` for each stream, on every node.
    pub async fn broadcast(&self, streams: &[String], message: &Value) {
        self.publish(streams, Some(message), None).await;
    }

    /// Whether a broadcast could reach anyone: a subscription on this node, or other nodes
    /// (which this node cannot see into). When false, building frames is wasted work.
    pub fn has_audience(&self) -> bool {
        self.inner.channel.get().is_some() || !self.hub().is_idle()
    }

    /// Marks a user or contact present, on every node.
    pub async fn touch(&self, account_id: i64, kind: PresenceKind, id: i64) {
        let touch = Touch {
            account_id,
            kind,
            id,
            at_ms: presence::now_ms(),
        };
        self.publish(&[], None, Some(touch)).await;
    }

    /// Delivers here at once, then tells the other nodes (one NOTIFY) when clustered.
    async fn publish(&self, streams: &[String], message: Option<&Value>, touch: Option<Touch>) {
        if let Some(t) = touch {
            self.presence()
                .touch_at(t.account_id, t.kind, t.id, t.at_ms);
        }
        let text: Option<Arc<str>> = message.map(|m| m.to_string().into());
        if let Some(text) = &text {
            for stream in streams {
                self.hub().publish(stream, text);
            }
        }
        if let Some(channel) = self.inner.channel.get() {
            cluster::send(self, channel, streams, text.as_deref(), touch).await;
        }
    }

    /// Joins the other nodes: on PostgreSQL, LISTENs (returning once listening) and spawns the
    /// task that delivers their broadcasts here. Nothing to do on SQLite.
    pub async fn start(&self) -> store::Result<Option<tokio::task::JoinHandle<()>>> {
        cluster::start(self).await
    }

    /// Runs `task` in the background after the tasks queued before it under the same `key`
    /// (a conversation), so its frames keep their order; never waits. A backlog past the
    /// queue's bound is dropped with a warning rather than slowing the caller.
    pub fn spawn_ordered(&self, key: u64, task: impl Future<Output = ()> + Send + 'static) {
        self.inner.ordered.spawn(key, task);
    }

    /// Waits until the frames queued by `spawn_ordered` so far have been sent.
    pub async fn settle(&self) {
        self.inner.ordered.settle().await;
    }

    /// Disconnects every client of this node, asking them to reconnect (graceful shutdown).
    pub fn shutdown(&self) {
        self.hub().shutdown();
    }

    fn node(&self) -> &str {
        &self.inner.node
    }
}
