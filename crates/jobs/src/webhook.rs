//! Delivers `webhook_deliveries` rows to their receivers (account webhooks, API inboxes'
//! webhook_url, agent bots' outgoing_url), signed as upstream Chatwoot does since v4.11.2
//! (`lib/webhooks/trigger.rb#request_headers`): `X-Chatwoot-Timestamp` (fresh per attempt),
//! `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256("<timestamp>.<body>")>` keyed with the
//! receiver's secret, and `X-Chatwoot-Delivery`, one UUID across retries. The URL and secret
//! are read at send time, so an edited receiver takes effect on the next attempt.
//!
//! 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retried; any other answer
//! gives up. Loopback and private addresses are allowed: receivers often live beside us. A
//! delivery that fails for good is handed to the [`OnFailure`] hook, which does what upstream's
//! `Webhooks::Trigger#handle_error` does (the app crate implements it).

use crate::{is_last_attempt, retry::parse_retry_after, BoxFuture, Handler, Job, Outcome};
use domain::time::now;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::sync::Arc;
use std::time::Duration;
use store::webhook_deliveries::{self as deliveries, Target, WebhookDelivery};
use store::webhook_deliveries::{DELIVERED, FAILED, PENDING};
use store::Db;

pub use store::webhook_deliveries::{JOB_KIND as KIND, JOB_QUEUE as QUEUE};

/// The signature header's value for `body` sent at `timestamp`.
pub fn signature(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

/// What happens when a delivery has failed for good.
pub trait OnFailure: Send + Sync + 'static {
    fn failed<'a>(&'a self, delivery: &'a WebhookDelivery, error: &'a str) -> BoxFuture<'a, ()>;
}

pub struct WebhookSender {
    db: Db,
    client: reqwest::Client,
    on_failure: Option<Arc<dyn OnFailure>>,
}

/// Where a delivery goes: its receiver's URL and signing secret, read now.
struct Receiver {
    url: Option<String>,
    secret: Option<String>,
}

impl WebhookSender {
    /// `timeout` bounds each attempt (Chatwoot's `WEBHOOK_TIMEOUT`, 5 s by default).
    pub fn new(db: Db, timeout: Duration) -> Self {
        let client = reqwest::Client::builder()
            .timeout(timeout)
            // Rails' RestClient does not follow redirects for a POST either.
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("Switchboard/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("an HTTP client with rustls");
        WebhookSender {
            db,
            client,
            on_failure: None,
        }
    }

    /// Calls `hook` for every delivery that fails for good.
    pub fn on_failure(mut self, hook: impl OnFailure) -> Self {
        self.on_failure = Some(Arc::new(hook));
        self
    }

    /// The receiver's URL and secret; `Ok(None)` when it is gone.
    async fn receiver(&self, d: &WebhookDelivery) -> store::Result<Option<Receiver>> {
        Ok(match d.target() {
            Some(Target::Webhook(id)) => store::webhooks::find(&self.db, d.account_id, id)
                .await?
                .map(|w| Receiver {
                    url: w.url,
                    secret: w.secret,
                }),
            Some(Target::ApiInbox(id)) => {
                match store::inboxes::find(&self.db, d.account_id, id).await? {
                    Some(i) if i.channel_type.as_deref() == Some("Channel::Api") => {
                        store::channel_api::find(&self.db, i.channel_id)
                            .await?
                            .map(|c| Receiver {
                                url: c.webhook_url,
                                secret: c.secret,
                            })
                    }
                    _ => None,
                }
            }
            Some(Target::AgentBot(id)) => {
                store::agent_bots::find(&self.db, id)
                    .await?
                    .map(|b| Receiver {
                        url: b.outgoing_url,
                        secret: b.secret,
                    })
            }
            None => None,
        })
    }

    async fn deliver(&self, job: &Job) -> Outcome {
        let Some(id) = job
            .payload
            .as_ref()
            .and_then(|p| p.0.get("delivery_id"))
            .and_then(|v| v.as_i64())
        else {
            return give_up("job payload has no delivery_id");
        };
        let delivery = match deliveries::find(&self.db, id).await {
            Ok(Some(d)) => d,
            Ok(None) => return give_up("delivery no longer exists"),
            Err(e) => return db_error(e),
        };
        let receiver = match self.receiver(&delivery).await {
            Ok(r) => r,
            Err(e) => return db_error(e),
        };
        let outcome = match receiver
            .as_ref()
            .and_then(|r| r.url.as_deref().filter(|u| !u.trim().is_empty()))
        {
            None => give_up(gone(&delivery)),
            Some(url) => {
                let secret = receiver.as_ref().and_then(|r| r.secret.as_deref());
                self.post(url, secret, &delivery.uuid, &delivery.payload.0)
                    .await
            }
        };
        let state = match &outcome {
            Outcome::Done { .. } => DELIVERED,
            Outcome::Retry { .. } if !is_last_attempt(job) => PENDING,
            _ => FAILED,
        };
        let (status, error) = match &outcome {
            Outcome::Done { status } => (*status, None),
            Outcome::Retry { status, error, .. } | Outcome::GiveUp { status, error } => {
                (*status, Some(error.as_str()))
            }
        };
        // The hook runs first, so a delivery shows as failed only once what its failure does
        // is done (and whatever that queued is already pending).
        if let (FAILED, Some(hook)) = (state, &self.on_failure) {
            hook.failed(&delivery, error.unwrap_or_default()).await;
        }
        if let Err(e) = deliveries::record_attempt(&self.db, id, state, status, error, now()).await
        {
            tracing::error!(delivery = id, error = %e, "recording a webhook attempt failed");
        }
        outcome
    }

    async fn post(
        &self,
        url: &str,
        secret: Option<&str>,
        uuid: &str,
        payload: &serde_json::Value,
    ) -> Outcome {
        let body = serde_json::to_vec(payload).unwrap_or_default();
        let timestamp = chrono::Utc::now().timestamp();
        let mut req = self
            .client
            .post(url)
            .header("Content-Type", "application/json")
            .header("X-Chatwoot-Timestamp", timestamp.to_string())
            .header("X-Chatwoot-Delivery", uuid);
        if let Some(secret) = secret.filter(|s| !s.is_empty()) {
            req = req.header("X-Chatwoot-Signature", signature(secret, timestamp, &body));
        }
        let resp = match req.body(body).send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => return retry(None, "timed out".into(), None),
            Err(e) if e.is_connect() => return retry(None, "connection failed".into(), None),
            Err(e) => {
                tracing::debug!(error = %e, "webhook request failed");
                return retry(None, "request failed".into(), None);
            }
        };
        let code = resp.status().as_u16();
        let status = Some(i32::from(code));
        if resp.status().is_success() {
            return Outcome::Done { status };
        }
        let error = format!("HTTP {code}");
        if code == 408 || code == 429 || resp.status().is_server_error() {
            let after = resp
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| parse_retry_after(v, chrono::Utc::now()));
            return retry(status, error, after);
        }
        Outcome::GiveUp { status, error }
    }
}

impl Handler for WebhookSender {
    fn run<'a>(&'a self, job: &'a Job) -> BoxFuture<'a, Outcome> {
        Box::pin(self.deliver(job))
    }
}

/// Why a delivery cannot be sent: its receiver is gone or has no URL any more.
fn gone(d: &WebhookDelivery) -> &'static str {
    match d.target() {
        Some(Target::Webhook(_)) => "webhook was deleted",
        Some(Target::ApiInbox(_)) => "inbox has no webhook URL",
        Some(Target::AgentBot(_)) => "agent bot has no outgoing URL",
        None => "delivery has no receiver",
    }
}

fn give_up(error: &str) -> Outcome {
    Outcome::GiveUp {
        status: None,
        error: error.to_string(),
    }
}

fn retry(status: Option<i32>, error: String, retry_after: Option<u64>) -> Outcome {
    Outcome::Retry {
        status,
        error,
        retry_after,
    }
}

/// Retried; the database's text stays in the log, never in what administrators are shown.
fn db_error(e: store::StoreError) -> Outcome {
    tracing::warn!(error = %e, "webhook delivery could not read the database");
    retry(None, "database unavailable".into(), None)
}
