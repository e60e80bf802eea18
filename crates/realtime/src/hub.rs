//! The stream hub: stream name -> the subscriptions streaming from it (ActionCable's
//! `stream_from`), on this node. A broadcast is serialized once and handed to each recipient's
//! bounded queue without waiting: a slow client never holds up the others, and one that falls
//! `queue` frames behind is disconnected (the client reconnects and refetches, as after any
//! drop) instead of growing memory without bound.

use crate::protocol;
use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};
use tokio::sync::{mpsc, watch, Notify};

/// Frames a connection may have queued before it counts as too far behind.
pub const DEFAULT_QUEUE: usize = 256;

/// What a connection is handed.
#[derive(Debug, Clone)]
pub enum Outgoing {
    /// A complete frame for this connection only (welcome, confirm, reject).
    Frame(Arc<str>),
    /// A broadcast: the subscription's quoted identifier and the shared message.
    Broadcast {
        identifier: Arc<str>,
        message: Arc<str>,
    },
}

/// What a connection should do next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// Send this text frame.
    Text(String),
    /// Send this frame (a `disconnect`), then close.
    Close(String),
}

#[derive(Clone)]
struct Member {
    conn: u64,
    identifier: Arc<str>,
    outbox: Outbox,
}

/// The sending half of a connection's queue.
#[derive(Clone)]
pub struct Outbox {
    conn: u64,
    tx: mpsc::Sender<Outgoing>,
    behind: Arc<Notify>,
}

impl Outbox {
    pub fn conn(&self) -> u64 {
        self.conn
    }

    /// Queues without waiting; a full queue marks the connection as behind.
    pub fn push(&self, out: Outgoing) -> bool {
        match self.tx.try_send(out) {
            Ok(()) => true,
            Err(mpsc::error::TrySendError::Full(_)) => {
                self.behind.notify_one();
                false
            }
            Err(mpsc::error::TrySendError::Closed(_)) => false,
        }
    }

    pub fn frame(&self, text: String) -> bool {
        self.push(Outgoing::Frame(text.into()))
    }
}

/// The receiving half of a connection's queue.
pub struct Inbox {
    rx: mpsc::Receiver<Outgoing>,
    behind: Arc<Notify>,
    shutdown: watch::Receiver<bool>,
}

impl Inbox {
    /// The next frame to send, or the reason to close.
    pub async fn recv(&mut self) -> Delivery {
        if *self.shutdown.borrow() {
            return Delivery::Close(protocol::disconnect("server_restart", true));
        }
        tokio::select! {
            biased;
            _ = self.shutdown.changed() => Delivery::Close(protocol::disconnect("server_restart", true)),
            _ = self.behind.notified() => Delivery::Close(protocol::disconnect("too_far_behind", true)),
            out = self.rx.recv() => match out {
                Some(Outgoing::Frame(f)) => Delivery::Text(f.to_string()),
                Some(Outgoing::Broadcast { identifier, message }) => {
                    Delivery::Text(protocol::message(&identifier, &message))
                }
                // Unreachable while the session holds its outbox.
                None => Delivery::Close(protocol::disconnect("closed", false)),
            },
        }
    }
}

pub struct Hub {
    streams: RwLock<HashMap<String, Vec<Member>>>,
    next_conn: AtomicU64,
    queue: usize,
    shutdown: watch::Sender<bool>,
}

impl Default for Hub {
    fn default() -> Self {
        Hub::new(DEFAULT_QUEUE)
    }
}

impl Hub {
    pub fn new(queue: usize) -> Hub {
        Hub {
            streams: RwLock::default(),
            next_conn: AtomicU64::new(1),
            queue: queue.max(1),
            shutdown: watch::Sender::new(false),
        }
    }

    /// A new connection's queue.
    pub fn connect(&self) -> (Outbox, Inbox) {
        let (tx, rx) = mpsc::channel(self.queue);
        let behind = Arc::new(Notify::new());
        let conn = self.next_conn.fetch_add(1, Ordering::Relaxed);
        (
            Outbox {
                conn,
                tx,
                behind: behind.clone(),
            },
            Inbox {
                rx,
                behind,
                shutdown: self.shutdown.subscribe(),
            },
        )
    }

    /// The subscription `identifier` (quoted) of `outbox`'s connection streams from `stream`.
    pub fn stream_from(&self, stream: &str, identifier: &Arc<str>, outbox: &Outbox) {
        let member = Member {
            conn: outbox.conn,
            identifier: identifier.clone(),
            outbox: outbox.clone(),
        };
        let mut streams = self.streams.write().unwrap_or_else(|e| e.into_inner());
        streams.entry(stream.to_string()).or_default().push(member);
    }

    /// Undoes `stream_from`.
    pub fn stop_stream(&self, stream: &str, conn: u64, identifier: &Arc<str>) {
        let mut streams = self.streams.write().unwrap_or_else(|e| e.into_inner());
        if let Some(members) = streams.get_mut(stream) {
            members.retain(|m| !(m.conn == conn && m.identifier == *identifier));
            if members.is_empty() {
                streams.remove(stream);
            }
        }
    }

    /// Hands `message` to every subscription of `stream` here; returns how many took it.
    pub fn publish(&self, stream: &str, message: &Arc<str>) -> usize {
        let streams = self.streams.read().unwrap_or_else(|e| e.into_inner());
        let Some(members) = streams.get(stream) else {
            return 0;
        };
        members
            .iter()
            .filter(|m| {
                m.outbox.push(Outgoing::Broadcast {
                    identifier: m.identifier.clone(),
                    message: message.clone(),
                })
            })
            .count()
    }

    /// True when no connection of this node streams from anything.
    pub fn is_idle(&self) -> bool {
        self.streams
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .is_empty()
    }

    /// Subscriptions streaming from `stream` on this node.
    pub fn subscribers(&self, stream: &str) -> usize {
        let streams = self.streams.read().unwrap_or_else(|e| e.into_inner());
        streams.get(stream).map_or(0, Vec::len)
    }

    /// Tells every connection to disconnect (the client reconnects to another node).
    pub fn shutdown(&self) {
        self.shutdown.send_replace(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Arc<str> {
        protocol::quote(s).into()
    }

    #[tokio::test]
    async fn broadcasts_reach_each_subscription_with_its_identifier() {
        let hub = Hub::new(8);
        let (a, mut a_in) = hub.connect();
        let (b, mut b_in) = hub.connect();
        let (ida, idb) = (id("A"), id("B"));
        hub.stream_from("tok", &ida, &a);
        hub.stream_from("tok", &idb, &b);
        hub.stream_from("other", &idb, &b);
        assert_eq!(hub.publish("tok", &Arc::from(r#"{"event":"e"}"#)), 2);
        assert_eq!(
            a_in.recv().await,
            Delivery::Text(r#"{"identifier":"A","message":{"event":"e"}}"#.into())
        );
        assert_eq!(
            b_in.recv().await,
            Delivery::Text(r#"{"identifier":"B","message":{"event":"e"}}"#.into())
        );
        hub.stop_stream("tok", b.conn(), &idb);
        assert_eq!(hub.subscribers("tok"), 1);
        assert_eq!(hub.publish("nobody", &Arc::from("{}")), 0);
    }

    #[tokio::test]
    async fn a_client_too_far_behind_is_closed_without_slowing_others() {
        let hub = Hub::new(2);
        let (slow, mut slow_in) = hub.connect();
        let (fast, mut fast_in) = hub.connect();
        let ident = id("X");
        hub.stream_from("s", &ident, &slow);
        hub.stream_from("s", &ident, &fast);
        for i in 0..2 {
            hub.publish("s", &Arc::from(format!("{i}")));
            assert!(matches!(fast_in.recv().await, Delivery::Text(_)));
        }
        // The slow one read nothing: its queue is full, the third frame overflows it.
        assert_eq!(hub.publish("s", &Arc::from("2")), 1);
        assert!(matches!(fast_in.recv().await, Delivery::Text(_)));
        assert_eq!(
            slow_in.recv().await,
            Delivery::Close(protocol::disconnect("too_far_behind", true))
        );
    }

    #[tokio::test]
    async fn shutdown_disconnects_with_reconnect() {
        let hub = Hub::default();
        let (_out, mut inbox) = hub.connect();
        hub.shutdown();
        assert_eq!(
            inbox.recv().await,
            Delivery::Close(protocol::disconnect("server_restart", true))
        );
    }
}
