//! The job engine end to end: a real worker delivering signed webhooks to a real receiver on
//! 127.0.0.1, on SQLite (or PostgreSQL when TEST_DATABASE_URL is set). Delays are scaled down
//! to milliseconds through the retry policy.

extern crate switchboard_jobs as jobs;

mod receiver;

use hmac::{Hmac, Mac};
use jobs::webhook::{WebhookSender, KIND, QUEUE};
use jobs::{RetryPolicy, Worker, WorkerConfig, WorkerHandle};
use receiver::{Hit, Receiver};
use serde_json::{json, Value};
use sha2::Sha256;
use std::collections::HashMap;
use std::time::{Duration, Instant};
use store::webhook_deliveries::{self as deliveries, WebhookDelivery};
use store::webhooks::NewWebhook;
use subtle::ConstantTimeEq;
use testkit::TestApp;

const SECRET: &str = "whsec-test-secret";

fn config(name: &str, concurrency: usize) -> WorkerConfig {
    WorkerConfig {
        name: name.to_string(),
        queues: vec![QUEUE.to_string()],
        poll_interval: Duration::from_millis(20),
        lock_for: Duration::from_secs(5),
        concurrency,
        retry: RetryPolicy {
            base: Duration::from_millis(10),
            cap: Duration::from_millis(400),
            retry_after_unit: Duration::from_millis(100),
        },
    }
}

fn worker(app: &TestApp, name: &str, concurrency: usize) -> WorkerHandle {
    let sender = WebhookSender::new(app.app.db.clone(), Duration::from_millis(300));
    Worker::new(app.app.db.clone(), config(name, concurrency))
        .handle(KIND, sender)
        .spawn()
}

async fn webhook(app: &TestApp, account_id: i64, url: &str) -> i64 {
    let new = NewWebhook {
        account_id,
        inbox_id: None,
        url: url.to_string(),
        webhook_type: 0,
        subscriptions: json!(["contact_created"]),
        name: None,
        secret: SECRET.to_string(),
    };
    let tx = app.app.db.begin().await.unwrap();
    let id = store::webhooks::insert(&tx, &new, domain::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Queues one delivery per `(key, seq, script)` in a single transaction.
async fn enqueue(app: &TestApp, account_id: i64, hook: i64, items: &[(&str, i64, Value)]) {
    let tx = app.app.db.begin().await.unwrap();
    for (key, seq, script) in items {
        let body = json!({"event": "contact_created", "key": key, "seq": seq, "script": script});
        app::deliveries::enqueue_webhook(&tx, account_id, hook, "contact_created", body, Some(key))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

async fn all(app: &TestApp, account_id: i64, hook: i64) -> Vec<WebhookDelivery> {
    deliveries::list(
        &app.app.db,
        account_id,
        deliveries::Target::Webhook(hook),
        1000,
        0,
    )
    .await
    .unwrap()
}

/// Waits until no delivery of `hook` is pending.
async fn settle(app: &TestApp, account_id: i64, hook: i64) -> Vec<WebhookDelivery> {
    let start = Instant::now();
    loop {
        let list = all(app, account_id, hook).await;
        if list.iter().all(|d| d.status != deliveries::PENDING) {
            return list;
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "deliveries still pending: {list:?}"
        );
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
}

/// The receiver's check: `sha256=HMAC(secret, "<timestamp>.<raw body>")`, compared in
/// constant time.
fn assert_signed(hit: &Hit) {
    assert_eq!(hit.content_type, "application/json");
    let ts: i64 = hit.timestamp.parse().expect("a unix timestamp");
    assert!(
        (chrono::Utc::now().timestamp() - ts).abs() < 120,
        "stale {ts}"
    );
    let mut mac = Hmac::<Sha256>::new_from_slice(SECRET.as_bytes()).unwrap();
    mac.update(format!("{}.", hit.timestamp).as_bytes());
    mac.update(&hit.raw);
    let expected = format!("sha256={}", hex::encode(mac.finalize().into_bytes()));
    let got = hit.signature.as_deref().expect("a signature header");
    assert!(
        bool::from(expected.as_bytes().ct_eq(got.as_bytes())),
        "bad signature {got}"
    );
}

#[tokio::test]
async fn every_delivery_arrives_signed_and_in_order_through_failures() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    enqueue(
        &app,
        acme.id,
        hook,
        &[
            ("a", 0, json!(["500"])),
            ("b", 0, json!(["500", "502"])),
            ("a", 1, json!(["timeout"])),
            ("a", 2, json!(["503:3"])),
            ("b", 1, json!([])),
            ("a", 3, json!(["429", "500"])),
            ("b", 2, json!(["408"])),
            ("a", 4, json!([])),
        ],
    )
    .await;
    let w = worker(&app, "node-1", 3);
    let list = settle(&app, acme.id, hook).await;
    w.stop().await;

    assert_eq!(list.len(), 8);
    for d in &list {
        assert_eq!(d.status, deliveries::DELIVERED, "{d:?}");
        assert_eq!(d.last_status, Some(200));
        assert!(d.delivered_at.is_some());
        let script_len = d.payload.0["script"].as_array().unwrap().len() as i32;
        assert_eq!(d.attempts, script_len + 1, "{d:?}");
        let job = store::jobs::find(&app.app.db, d.job_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert!(job.finished_at.is_some() && job.failed_at.is_none());
    }
    let hits = receiver.hits();
    assert_eq!(hits.len(), 8 + 8, "one per attempt");
    hits.iter().for_each(assert_signed);

    // Each delivery keeps its UUID across retries; different deliveries differ.
    let mut by_uuid: HashMap<&str, Vec<&Hit>> = HashMap::new();
    for h in &hits {
        by_uuid.entry(&h.uuid).or_default().push(h);
    }
    assert_eq!(by_uuid.len(), 8);
    for (uuid, hs) in &by_uuid {
        let d = list.iter().find(|d| d.uuid == *uuid).unwrap();
        assert!(hs.iter().all(|h| h.body == d.payload.0));
    }

    // Per key, no request of a later delivery comes before the earlier one succeeded.
    for key in ["a", "b"] {
        let seqs: Vec<i64> = hits
            .iter()
            .filter(|h| h.body["key"] == key)
            .map(|h| h.body["seq"].as_i64().unwrap())
            .collect();
        let mut sorted = seqs.clone();
        sorted.sort();
        assert_eq!(seqs, sorted, "key {key} out of order");
    }

    // Retry-After: 3 (scaled to 300 ms) was honoured.
    let a2: Vec<&Hit> = hits
        .iter()
        .filter(|h| h.body["key"] == "a" && h.body["seq"] == 2)
        .collect();
    assert_eq!(a2[0].answer, "503:3");
    assert!(a2[1].at - a2[0].at >= Duration::from_millis(300));
}

#[tokio::test]
async fn a_refusal_gives_up_at_once_and_unblocks_its_key() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    enqueue(
        &app,
        acme.id,
        hook,
        &[("c", 0, json!(["404"])), ("c", 1, json!([]))],
    )
    .await;
    let w = worker(&app, "node-1", 2);
    let list = settle(&app, acme.id, hook).await;
    w.stop().await;

    let (second, first) = (&list[0], &list[1]);
    assert_eq!(first.status, deliveries::FAILED);
    assert_eq!(first.attempts, 1);
    assert_eq!(first.last_status, Some(404));
    assert_eq!(first.last_error.as_deref(), Some("HTTP 404"));
    assert!(first.failed_at.is_some());
    let job = store::jobs::find(&app.app.db, first.job_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(job.failed_at.is_some());
    assert_eq!(second.status, deliveries::DELIVERED);
    assert_eq!(receiver.hits().len(), 2);
}

#[tokio::test]
async fn retries_stop_after_the_last_attempt() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    enqueue(&app, acme.id, hook, &[("d", 0, json!(vec!["500"; 20]))]).await;
    // Fewer attempts than the default, so the test ends quickly.
    let job_id = all(&app, acme.id, hook).await[0].job_id.unwrap();
    let tx = app.app.db.begin().await.unwrap();
    store::Exec::execute(
        &tx,
        store::Sql::new("UPDATE jobs SET max_attempts = 3 WHERE id = $1").bind(job_id),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();

    let w = worker(&app, "node-1", 1);
    let list = settle(&app, acme.id, hook).await;
    w.stop().await;
    assert_eq!(list[0].status, deliveries::FAILED);
    assert_eq!(list[0].attempts, 3);
    assert_eq!(list[0].last_status, Some(500));
    assert_eq!(receiver.hits().len(), 3);
}

#[tokio::test]
async fn a_crashed_workers_job_is_delivered_by_another_after_its_lock_expires() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    enqueue(&app, acme.id, hook, &[("e", 0, json!([]))]).await;
    // A node claims the job and dies without finishing it.
    let now = domain::time::now();
    let until = now + chrono::Duration::milliseconds(600);
    let queues = vec![QUEUE.to_string()];
    let claimed = store::jobs::claim(&app.app.db, &queues, "crashed", until, now)
        .await
        .unwrap()
        .expect("a due job");

    let w = worker(&app, "node-2", 2);
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(receiver.hits().is_empty(), "the lock is still held");
    let list = settle(&app, acme.id, hook).await;
    w.stop().await;
    assert_eq!(list[0].status, deliveries::DELIVERED);
    assert_eq!(receiver.hits().len(), 1);
    let job = store::jobs::find(&app.app.db, claimed.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(job.attempts, 2, "the crashed attempt counts");
    assert!(job.finished_at.is_some());
    // The crashed node's late report does not overwrite the finished job.
    assert!(!store::jobs::complete(
        &app.app.db,
        claimed.id,
        "crashed",
        None,
        domain::time::now()
    )
    .await
    .unwrap());
}

#[tokio::test]
async fn two_workers_never_run_the_same_job() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    let tx = app.app.db.begin().await.unwrap();
    for n in 0..40 {
        let body = json!({"event": "contact_created", "seq": n});
        app::deliveries::enqueue_webhook(&tx, acme.id, hook, "contact_created", body, None)
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
    let (w1, w2) = (worker(&app, "node-1", 2), worker(&app, "node-2", 2));
    let list = settle(&app, acme.id, hook).await;
    w1.stop().await;
    w2.stop().await;

    assert!(list
        .iter()
        .all(|d| d.status == deliveries::DELIVERED && d.attempts == 1));
    let hits = receiver.hits();
    assert_eq!(hits.len(), 40, "each job ran exactly once");
    let mut uuids: Vec<&str> = hits.iter().map(|h| h.uuid.as_str()).collect();
    uuids.sort();
    uuids.dedup();
    assert_eq!(uuids.len(), 40);
}

#[tokio::test]
async fn a_deleted_webhook_gives_up_without_sending() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    enqueue(&app, acme.id, hook, &[("f", 0, json!([]))]).await;
    let tx = app.app.db.begin().await.unwrap();
    store::webhooks::delete(&tx, acme.id, hook).await.unwrap();
    tx.commit().await.unwrap();
    let w = worker(&app, "node-1", 1);
    let list = settle(&app, acme.id, hook).await;
    w.stop().await;
    assert_eq!(list[0].status, deliveries::FAILED);
    assert_eq!(list[0].last_error.as_deref(), Some("webhook was deleted"));
    assert!(receiver.hits().is_empty());
}

#[tokio::test]
async fn concurrent_claims_never_hand_out_one_job_twice() {
    let app = TestApp::new().await;
    let now = domain::time::now();
    let tx = app.app.db.begin().await.unwrap();
    for n in 0..30 {
        let job = store::jobs::NewJob {
            queue: "test".into(),
            kind: "noop".into(),
            payload: json!({ "n": n }),
            ordering_key: None,
            run_at: now,
            max_attempts: 3,
        };
        store::jobs::enqueue(&tx, &job, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let tasks: Vec<_> = (0..6)
        .map(|i| {
            let db = app.app.db.clone();
            tokio::spawn(async move {
                let queues = vec!["test".to_string()];
                let mut got = Vec::new();
                loop {
                    let now = domain::time::now();
                    let until = now + chrono::Duration::seconds(60);
                    match store::jobs::claim(&db, &queues, &format!("w{i}"), until, now)
                        .await
                        .unwrap()
                    {
                        Some(job) => got.push(job.id),
                        None => return got,
                    }
                }
            })
        })
        .collect();
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(t.await.unwrap());
    }
    ids.sort();
    let claimed = ids.len();
    ids.dedup();
    assert_eq!(claimed, 30);
    assert_eq!(ids.len(), 30);
}

#[tokio::test]
async fn a_running_job_keeps_its_lock_past_lock_for() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    // The receiver takes 3 s (its "timeout" answer); the sender waits 4 s, the lock lasts 1 s.
    enqueue(&app, acme.id, hook, &[("g", 0, json!(["timeout"]))]).await;
    let lock = WorkerConfig {
        lock_for: Duration::from_secs(1),
        ..config("node-1", 1)
    };
    let sender = WebhookSender::new(app.app.db.clone(), Duration::from_secs(4));
    let w1 = Worker::new(app.app.db.clone(), lock)
        .handle(KIND, sender)
        .spawn();
    receiver_wait(&receiver, 1).await;
    // A second node polls all along; the first one's heartbeat keeps the job from it.
    let w2 = worker(&app, "node-2", 1);
    let list = settle(&app, acme.id, hook).await;
    w1.stop().await;
    w2.stop().await;
    assert_eq!(list[0].status, deliveries::DELIVERED);
    assert_eq!(list[0].attempts, 1);
    assert_eq!(receiver.hits().len(), 1, "never taken over while it ran");
}

#[tokio::test]
async fn release_all_frees_a_crashed_runs_locks_at_once() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start().await;
    let hook = webhook(&app, acme.id, &url).await;
    enqueue(&app, acme.id, hook, &[("h", 0, json!([]))]).await;
    let now = domain::time::now();
    let until = now + chrono::Duration::hours(1);
    let queues = vec![QUEUE.to_string()];
    store::jobs::claim(&app.app.db, &queues, "crashed", until, now)
        .await
        .unwrap()
        .expect("a due job");
    let released = store::jobs::release_all(&app.app.db, domain::time::now())
        .await
        .unwrap();
    assert_eq!(released, 1);
    let w = worker(&app, "node-1", 1);
    let list = settle(&app, acme.id, hook).await;
    w.stop().await;
    assert_eq!(list[0].status, deliveries::DELIVERED);
    assert_eq!(receiver.hits().len(), 1);
}

async fn receiver_wait(r: &Receiver, n: usize) {
    let start = Instant::now();
    while r.hits().len() < n {
        assert!(start.elapsed() < Duration::from_secs(30));
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
