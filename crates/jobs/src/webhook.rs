//! Delivers `webhook_deliveries` rows to account webhooks, signed as upstream Chatwoot does
//! since v4.11.2 (`lib/webhooks/trigger.rb#request_headers`): `X-Chatwoot-Timestamp` (fresh per
//! attempt), `X-Chatwoot-Signature: sha256=<hex HMAC-SHA256("<timestamp>.<body>")>` keyed with
//! the webhook's secret, and `X-Chatwoot-Delivery`, one UUID across retries. The URL and secret
//! are read at send time, so an edited webhook takes effect on the next attempt.
//!
//! 2xx is delivered; 408, 429, 5xx, timeouts and connection errors are retried; any other answer
//! gives up. Loopback and private addresses are allowed: receivers often live beside us.

use crate::{is_last_attempt, retry::parse_retry_after, BoxFuture, Handler, Job, Outcome};
use domain::time::now;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::Duration;
use store::webhook_deliveries::{self as deliveries, DELIVERED, FAILED, PENDING};
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

pub struct WebhookSender {
    db: Db,
    client: reqwest::Client,
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
        WebhookSender { db, client }
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
        let webhook =
            match store::webhooks::find(&self.db, delivery.account_id, delivery.webhook_id).await {
                Ok(w) => w,
                Err(e) => return db_error(e),
            };
        let outcome = match webhook.as_ref().and_then(|w| w.url.as_deref()) {
            None => give_up("webhook was deleted"),
            Some(url) => {
                let secret = webhook.as_ref().and_then(|w| w.secret.as_deref());
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
