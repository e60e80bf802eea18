//! A webhook receiver on 127.0.0.1 whose answers each delivery scripts in its own body:
//! `"script": ["500", "timeout", "503:2", "200"]` answers the n-th request of a delivery
//! (by `X-Chatwoot-Delivery`) with the n-th entry; past the end, 200.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::post;
use axum::Router;
use serde_json::Value;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone)]
pub struct Hit {
    pub uuid: String,
    pub timestamp: String,
    pub signature: Option<String>,
    pub content_type: String,
    pub raw: Vec<u8>,
    pub body: Value,
    pub at: Instant,
    pub answer: String,
}

#[derive(Clone, Default)]
pub struct Receiver {
    pub hits: Arc<Mutex<Vec<Hit>>>,
}

impl Receiver {
    /// Starts listening; returns the receiver and its URL.
    pub async fn start() -> (Receiver, String) {
        let receiver = Receiver::default();
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("http://{}/hook", listener.local_addr().unwrap());
        let router = Router::new()
            .route("/hook", post(hook))
            .with_state(receiver.clone());
        tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
        (receiver, url)
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.hits.lock().unwrap().clone()
    }
}

async fn hook(State(r): State<Receiver>, headers: HeaderMap, raw: Bytes) -> impl IntoResponse {
    let header = |n: &str| {
        headers
            .get(n)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let body: Value = serde_json::from_slice(&raw).unwrap_or(Value::Null);
    let uuid = header("x-chatwoot-delivery").unwrap_or_default();
    let answer = {
        let mut hits = r.hits.lock().unwrap();
        let n = hits.iter().filter(|h| h.uuid == uuid).count();
        let answer = body["script"]
            .get(n)
            .and_then(Value::as_str)
            .unwrap_or("200")
            .to_string();
        hits.push(Hit {
            uuid,
            timestamp: header("x-chatwoot-timestamp").unwrap_or_default(),
            signature: header("x-chatwoot-signature"),
            content_type: header("content-type").unwrap_or_default(),
            raw: raw.to_vec(),
            body,
            at: Instant::now(),
            answer: answer.clone(),
        });
        answer
    };
    if answer == "timeout" {
        tokio::time::sleep(Duration::from_secs(3)).await;
        return (StatusCode::OK, HeaderMap::new());
    }
    let (code, retry_after) = answer.split_once(':').unwrap_or((&answer, ""));
    let mut out = HeaderMap::new();
    if !retry_after.is_empty() {
        out.insert("retry-after", retry_after.parse().unwrap());
    }
    (StatusCode::from_u16(code.parse().unwrap()).unwrap(), out)
}
