//! One ActionCable connection, apart from its socket (Rails' ActionCable::Connection::Base and
//! Subscriptions): the welcome, subscribe/unsubscribe and `message` commands, and the streams
//! each subscription holds in the hub. The transport feeds it client frames and sends what its
//! inbox yields.

use crate::hub::{Inbox, Outbox};
use crate::protocol::{self, Command};
use crate::room_channel::{self, RoomParams, Subscriber};
use crate::Realtime;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;

struct Subscription {
    /// The identifier as a JSON string literal, shared with the hub.
    quoted: Arc<str>,
    streams: Vec<String>,
    pubsub_token: String,
    subscriber: Subscriber,
}

pub struct Session {
    rt: Realtime,
    outbox: Outbox,
    /// By identifier exactly as the client sent it.
    subscriptions: HashMap<String, Subscription>,
}

impl Session {
    /// A new connection; its inbox starts with the welcome.
    pub fn open(rt: &Realtime) -> (Session, Inbox) {
        let (outbox, inbox) = rt.hub().connect();
        outbox.frame(protocol::welcome());
        let session = Session {
            rt: rt.clone(),
            outbox,
            subscriptions: HashMap::new(),
        };
        (session, inbox)
    }

    /// Handles one text frame from the client. Anything ActionCable would reject with a log line
    /// only (bad JSON, an unknown command, a message for no subscription) is ignored.
    pub async fn handle(&mut self, text: &str) {
        match Command::parse(text) {
            Some(Command::Subscribe { identifier }) => self.subscribe(identifier).await,
            Some(Command::Unsubscribe { identifier }) => self.unsubscribe(&identifier),
            Some(Command::Message { identifier, data }) => self.perform(&identifier, &data).await,
            None => tracing::debug!("cable: unrecognized command ignored"),
        }
    }

    /// Subscriptions this connection holds.
    pub fn subscription_count(&self) -> usize {
        self.subscriptions.len()
    }

    async fn subscribe(&mut self, identifier: String) {
        // Subscribing twice with one identifier changes nothing (Rails logs "Already subscribed").
        if self.subscriptions.contains_key(&identifier) {
            return;
        }
        let params = serde_json::from_str::<Value>(&identifier)
            .ok()
            .as_ref()
            .and_then(RoomParams::parse);
        let subscriber = match &params {
            Some(p) => match room_channel::authorize(self.rt.db(), p).await {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(error = %e, "cable: subscription check failed");
                    None
                }
            },
            None => None,
        };
        let (Some(params), Some(subscriber)) = (params, subscriber) else {
            self.outbox
                .frame(protocol::reject_subscription(&identifier));
            return;
        };
        let quoted: Arc<str> = protocol::quote(&identifier).into();
        let streams = room_channel::streams(&params, subscriber);
        for stream in &streams {
            self.rt.hub().stream_from(stream, &quoted, &self.outbox);
        }
        self.outbox
            .frame(protocol::confirm_subscription(&identifier));
        let sub = Subscription {
            quoted,
            streams,
            pubsub_token: params.pubsub_token,
            subscriber,
        };
        self.update_presence(&sub).await;
        self.subscriptions.insert(identifier, sub);
    }

    fn unsubscribe(&mut self, identifier: &str) {
        if let Some(sub) = self.subscriptions.remove(identifier) {
            self.stop_streams(&sub);
        }
    }

    /// `perform`: RoomChannel's one public action is `update_presence`.
    async fn perform(&mut self, identifier: &str, data: &Value) {
        let Some(sub) = self.subscriptions.get(identifier) else {
            return;
        };
        if data.get("action").and_then(Value::as_str) == Some("update_presence") {
            self.update_presence(sub).await;
        }
    }

    /// `update_subscription` + `broadcast_presence`: marks the subscriber present on every node
    /// and sends the account's presence to everyone streaming the subscriber's token.
    async fn update_presence(&self, sub: &Subscription) {
        let s = sub.subscriber;
        self.rt.touch(s.account_id(), s.kind(), s.id()).await;
        match room_channel::presence_update(self.rt.db(), self.rt.presence(), s).await {
            Ok(message) => {
                self.rt
                    .broadcast(std::slice::from_ref(&sub.pubsub_token), &message)
                    .await
            }
            Err(e) => tracing::warn!(error = %e, "cable: presence read failed"),
        }
    }

    fn stop_streams(&self, sub: &Subscription) {
        for stream in &sub.streams {
            self.rt
                .hub()
                .stop_stream(stream, self.outbox.conn(), &sub.quoted);
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        for sub in self.subscriptions.values() {
            self.stop_streams(sub);
        }
    }
}
