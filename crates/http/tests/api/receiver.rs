//! A webhook receiver on 127.0.0.1 for delivery tests, and the job worker as the server runs
//! it (short backoff, so tests never wait for real delays; no test asserts timings). The
//! receiver answers each request with the next entry of its plan ("500", "timeout", "429:2"
//! for a 429 with `Retry-After: 2`, "200"), then 200 once the plan is used up.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::Router;
use hmac::{Hmac, Mac};
use jobs::{RetryPolicy, WorkerConfig, WorkerHandle};
use serde_json::Value;
use sha2::Sha256;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use testkit::TestApp;

#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub delivery: String,
    pub timestamp: String,
    pub signature: Option<String>,
    pub raw: Vec<u8>,
    pub body: Value,
    pub answer: String,
}

impl Hit {
    pub fn ok(&self) -> bool {
        self.answer == "200"
    }

    /// `sha256=HMAC-SHA256(secret, "<timestamp>.<raw body>")`, as a receiver checks it.
    pub fn signed_with(&self, secret: &str) -> bool {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).unwrap();
        mac.update(format!("{}.", self.timestamp).as_bytes());
        mac.update(&self.raw);
        let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
        self.signature.as_deref() == Some(expected.as_str())
    }
}

#[derive(Clone, Default)]
pub struct Receiver {
    hits: Arc<Mutex<Vec<Hit>>>,
    plan: Arc<Mutex<VecDeque<String>>>,
    /// Bodies of this event are always answered 404.
    refuse: Arc<Mutex<Option<String>>>,
}

impl Receiver {
    /// Listens on a free port; returns the receiver and its base URL (any path is accepted).
    pub async fn start(plan: &[&str]) -> (Receiver, String) {
        let r = Receiver::default();
        r.plan
            .lock()
            .unwrap()
            .extend(plan.iter().map(|s| s.to_string()));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/{*path}", post(hook))
            .with_state(r.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (r, url)
    }

    /// Answers every body of `event` with 404 from now on.
    pub fn refuse(&self, event: &str) {
        *self.refuse.lock().unwrap() = Some(event.to_string());
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }

    /// The requests answered 200 at `path`.
    pub fn delivered(&self, path: &str) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|h| h.ok() && h.path == path)
            .collect()
    }
}

async fn hook(
    State(r): State<Receiver>,
    uri: axum::http::Uri,
    headers: HeaderMap,
    raw: Bytes,
) -> (StatusCode, HeaderMap) {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    let refused = r.refuse.lock().unwrap().clone();
    let answer = if refused.is_some() && body["event"].as_str() == refused.as_deref() {
        "404".to_string()
    } else {
        r.plan
            .lock()
            .unwrap()
            .pop_front()
            .unwrap_or_else(|| "200".to_string())
    };
    r.hits.lock().unwrap().push(Hit {
        path: uri.path().to_string(),
        delivery: header("x-chatwoot-delivery").unwrap_or_default(),
        timestamp: header("x-chatwoot-timestamp").unwrap_or_default(),
        signature: header("x-chatwoot-signature"),
        body,
        raw: raw.to_vec(),
        answer: answer.clone(),
    });
    if answer == "timeout" {
        // Longer than the sender's timeout: the attempt fails on its side.
        tokio::time::sleep(Duration::from_secs(2)).await;
        return (StatusCode::OK, HeaderMap::new());
    }
    let (code, retry_after) = answer.split_once(':').unwrap_or((&answer, ""));
    let mut out = HeaderMap::new();
    if !retry_after.is_empty() {
        out.insert("retry-after", retry_after.parse().unwrap());
    }
    (StatusCode::from_u16(code.parse().unwrap()).unwrap(), out)
}

/// The delivery worker the server runs, with test-sized delays: retries after at most a few
/// hundred milliseconds, one `Retry-After` second counting 50 ms, 300 ms per attempt.
pub fn worker(app: &TestApp) -> WorkerHandle {
    let config = WorkerConfig {
        name: format!("test-{}", uuid::Uuid::new_v4().simple()),
        poll_interval: Duration::from_millis(20),
        lock_for: Duration::from_secs(10),
        concurrency: 3,
        retry: RetryPolicy {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(200),
            retry_after_unit: Duration::from_millis(50),
        },
        ..Default::default()
    };
    app::delivery_failures::worker(&app.app, config, Duration::from_millis(300)).spawn()
}

/// Waits until no delivery is pending (a hang guard, not a timing check).
pub async fn settle(app: &TestApp) {
    let start = Instant::now();
    loop {
        let pending: i64 = store::Exec::scalar(
            &app.app.db,
            store::Sql::new("SELECT COUNT(*) FROM webhook_deliveries WHERE status = 'pending'"),
        )
        .await
        .unwrap();
        if pending == 0 {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "{pending} deliveries still pending"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}
