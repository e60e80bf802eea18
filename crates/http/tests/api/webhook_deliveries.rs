//! `/api/v1/accounts/{id}/webhooks/{id}/deliveries` (a Switchboard extension).

use serde_json::{json, Value};
use store::webhook_deliveries::{self as deliveries, FAILED};
use testkit::{assert_keys, TestAccount, TestApp};

pub const DELIVERY_KEYS: &[&str] = &[
    "id",
    "webhook_type",
    "webhook_id",
    "inbox_id",
    "agent_bot_id",
    "delivery_uuid",
    "event",
    "status",
    "attempts",
    "last_status",
    "last_error",
    "payload",
    "created_at",
    "updated_at",
    "delivered_at",
    "failed_at",
];

async fn webhook(app: &TestApp, acct: &TestAccount) -> i64 {
    let url = format!("http://127.0.0.1:9/{}", app.count("webhooks").await);
    let res = app
        .post(&acct.path("/webhooks"))
        .as_user(&acct.admin)
        .json(json!({"webhook": {"url": url}}))
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"]["webhook"]["id"].as_i64().unwrap()
}

async fn enqueue(app: &TestApp, acct: &TestAccount, webhook_id: i64, n: i64) -> i64 {
    let tx = app.app.db.begin().await.unwrap();
    let body = json!({"event": "contact_created", "id": n});
    let id = app::deliveries::enqueue_webhook(
        &tx,
        acct.id,
        webhook_id,
        "contact_created",
        body,
        Some("contact:1"),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// What the worker records after a receiver gave up for good.
async fn mark_failed(app: &TestApp, delivery_id: i64) {
    let now = domain::time::now();
    deliveries::record_attempt(
        &app.app.db,
        delivery_id,
        FAILED,
        Some(410),
        Some("HTTP 410"),
        now,
    )
    .await
    .unwrap();
}

fn path(acct: &TestAccount, webhook_id: i64, rest: &str) -> String {
    acct.path(&format!("/webhooks/{webhook_id}/deliveries{rest}"))
}

#[tokio::test]
async fn administrator_sees_deliveries_newest_first() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = webhook(&app, &acme).await;
    let first = enqueue(&app, &acme, hook, 1).await;
    let second = enqueue(&app, &acme, hook, 2).await;
    assert_eq!(app.count("jobs").await, 2);

    let res = app
        .get(&path(&acme, hook, ""))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    let list = res.json["payload"].as_array().unwrap();
    let ids: Vec<i64> = list.iter().map(|d| d["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![second, first]);
    assert_keys(&list[0], DELIVERY_KEYS);
    assert_eq!(list[0]["status"], "pending");
    assert_eq!(list[0]["webhook_type"], "account_webhook");
    assert_eq!(list[0]["webhook_id"], hook);
    assert_eq!(list[0]["inbox_id"], Value::Null);
    assert_eq!(list[0]["attempts"], 0);
    assert_eq!(list[0]["event"], "contact_created");
    assert_eq!(
        list[0]["payload"],
        json!({"event": "contact_created", "id": 2})
    );
    assert_eq!(list[0]["delivery_uuid"].as_str().unwrap().len(), 36);
    assert_ne!(list[0]["delivery_uuid"], list[1]["delivery_uuid"]);

    let page2 = app
        .get(&format!("{}?page=2", path(&acme, hook, "")))
        .as_user(&acme.admin)
        .send()
        .await;
    page2.assert_status(200);
    assert_eq!(page2.json["payload"], json!([]));
    let junk = app
        .get(&format!("{}?page=abc", path(&acme, hook, "")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(junk.json["payload"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn resend_queues_a_finished_delivery_again_with_its_uuid() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = webhook(&app, &acme).await;
    let id = enqueue(&app, &acme, hook, 1).await;
    mark_failed(&app, id).await;
    let before = deliveries::find(&app.app.db, id).await.unwrap().unwrap();

    let res = app
        .post(&path(&acme, hook, &format!("/{id}/resend")))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json["payload"], DELIVERY_KEYS);
    assert_eq!(res.json["payload"]["status"], "pending");
    assert_eq!(res.json["payload"]["failed_at"], Value::Null);
    assert_eq!(res.json["payload"]["delivery_uuid"], json!(before.uuid));
    assert_eq!(app.count("jobs").await, 2);
    let after = deliveries::find(&app.app.db, id).await.unwrap().unwrap();
    assert_ne!(after.job_id, before.job_id);
}

#[tokio::test]
async fn a_pending_delivery_cannot_be_resent() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = webhook(&app, &acme).await;
    let id = enqueue(&app, &acme, hook, 1).await;
    let res = app
        .post(&path(&acme, hook, &format!("/{id}/resend")))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_error(422, "Delivery is still pending");
    assert_eq!(app.count("jobs").await, 1);
}

#[tokio::test]
async fn deliveries_need_credentials() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = webhook(&app, &acme).await;
    let id = enqueue(&app, &acme, hook, 1).await;
    app.get(&path(&acme, hook, ""))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&path(&acme, hook, &format!("/{id}/resend")))
        .send()
        .await
        .assert_unauthenticated();
}

#[tokio::test]
async fn agents_cannot_see_or_resend_deliveries() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let hook = webhook(&app, &acme).await;
    let id = enqueue(&app, &acme, hook, 1).await;
    mark_failed(&app, id).await;
    app.get(&path(&acme, hook, ""))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&path(&acme, hook, &format!("/{id}/resend")))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("jobs").await, 1);
}

#[tokio::test]
async fn another_accounts_deliveries_are_out_of_reach() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let globex = app.account("Globex").await;
    let hook = webhook(&app, &acme).await;
    let id = enqueue(&app, &acme, hook, 1).await;
    mark_failed(&app, id).await;
    // Not a member of Acme: 401.
    app.get(&path(&acme, hook, ""))
        .as_user(&globex.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    // Acme's webhook through Globex's account: not found.
    app.get(&path(&globex, hook, ""))
        .as_user(&globex.admin)
        .send()
        .await
        .assert_not_found();
    app.post(&path(&globex, hook, &format!("/{id}/resend")))
        .as_user(&globex.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("jobs").await, 1);
}

#[tokio::test]
async fn unknown_webhooks_and_deliveries_are_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = webhook(&app, &acme).await;
    let other = webhook(&app, &acme).await;
    let id = enqueue(&app, &acme, hook, 1).await;
    mark_failed(&app, id).await;
    app.get(&path(&acme, 999_999, ""))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.get(&acme.path("/webhooks/abc/deliveries"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    for bad in ["/999999/resend", "/abc/resend"] {
        app.post(&path(&acme, hook, bad))
            .as_user(&acme.admin)
            .send()
            .await
            .assert_not_found();
    }
    // A delivery of another webhook of the same account.
    app.post(&path(&acme, other, &format!("/{id}/resend")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("jobs").await, 1);
}
