//! Which deliveries a change queues (upstream's model callbacks through `WebhookListener`),
//! read from the deliveries table in the order they were queued: the event names, their
//! bodies (`{"event": ..., ...}`, `changed_attributes`). Who hears what: webhook_audiences.rs.

use crate::conversations::world;
use domain::webhook_events::ALLOWED_WEBHOOK_EVENTS;
use serde_json::{json, Value};
use store::webhook_deliveries::{self as deliveries, Target, WebhookDelivery};
use testkit::{TestAccount, TestApp};

/// A webhook of the account (through the API) subscribed to `events`: its id.
pub async fn hook(app: &TestApp, acct: &TestAccount, url: &str, events: &[&str]) -> i64 {
    let res = app
        .post(&acct.path("/webhooks"))
        .as_user(&acct.admin)
        .json(json!({"webhook": {"url": url, "subscriptions": events}}))
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"]["webhook"]["id"].as_i64().unwrap()
}

/// A webhook hearing every event.
pub async fn all_events(app: &TestApp, acct: &TestAccount) -> i64 {
    let url = format!("http://127.0.0.1:9/all-{}", uuid::Uuid::new_v4().simple());
    hook(app, acct, &url, &ALLOWED_WEBHOOK_EVENTS).await
}

/// The receiver's deliveries, oldest first.
pub async fn queued(app: &TestApp, account_id: i64, target: Target) -> Vec<WebhookDelivery> {
    let mut list = deliveries::list(&app.app.db, account_id, target, 10_000, 0)
        .await
        .unwrap();
    list.reverse();
    list
}

/// Deliveries queued after the first `skip`.
pub async fn names_after(
    app: &TestApp,
    account_id: i64,
    target: Target,
    skip: usize,
) -> Vec<String> {
    queued(app, account_id, target)
        .await
        .into_iter()
        .skip(skip)
        .map(|d| d.event_name)
        .collect()
}

pub fn changed_keys(body: &Value) -> Vec<String> {
    body["changed_attributes"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c.as_object().unwrap().keys().cloned())
        .collect()
}

async fn post(app: &TestApp, acct: &TestAccount, path: &str, body: Value) -> testkit::TestResponse {
    app.post(&acct.path(path))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await
}

#[tokio::test]
async fn a_reply_queues_message_created_then_the_first_reply_update() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let hook = all_events(&app, &acme).await;
    let id = app.conversation(&acme, inbox).await;
    let target = Target::Webhook(hook);
    let before = queued(&app, acme.id, target).await;
    let names: Vec<&str> = before.iter().map(|d| d.event_name.as_str()).collect();
    assert_eq!(names, ["contact_created", "conversation_created"]);
    assert_eq!(before[1].payload.0["event"], "conversation_created");
    assert_eq!(before[1].payload.0["id"], id);
    assert_eq!(before[1].payload.0["status"], "open");

    let res = post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "Hi"}),
    )
    .await;
    res.assert_status(200);
    let list = queued(&app, acme.id, target).await;
    let names: Vec<&str> = list[2..].iter().map(|d| d.event_name.as_str()).collect();
    assert_eq!(names, ["message_created", "conversation_updated"]);
    let m = &list[2].payload.0;
    assert_eq!(m["event"], "message_created");
    assert_eq!(m["id"], res.json["id"]);
    assert_eq!(m["content"], "Hi");
    assert_eq!(m["message_type"], "outgoing");
    assert_eq!(m["private"], false);
    assert_eq!(m["sender"]["type"], "user");
    assert_eq!(m["sender"]["id"], acme.admin.id);
    assert_eq!(m["conversation"]["id"], id);
    assert_eq!(m["inbox"]["id"], inbox);
    assert_eq!(m["account"]["id"], acme.id);
    assert!(m["created_at"].as_str().unwrap().ends_with('Z'));
    let u = &list[3].payload.0;
    assert_eq!(
        changed_keys(u),
        ["first_reply_created_at", "waiting_since", "updated_at"]
    );
    assert_eq!(
        u["changed_attributes"][1]["waiting_since"]["current_value"],
        Value::Null
    );
    // Every delivery of the conversation shares its ordering key.
    for d in &list[1..] {
        let job = store::jobs::find(&app.app.db, d.job_id.unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            job.ordering_key.as_deref(),
            Some(
                format!(
                    "webhook_id:{hook}:conversation:{}",
                    id_of(&app, acme.id, id).await
                )
                .as_str()
            )
        );
    }
}

async fn id_of(app: &TestApp, account_id: i64, display_id: i64) -> i64 {
    store::conversations::find_by_display_id(&app.app.db, account_id, display_id)
        .await
        .unwrap()
        .unwrap()
        .id
}

#[tokio::test]
async fn resolving_queues_status_changed_without_changes_and_updated_with_them() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let hook = all_events(&app, &acme).await;
    let id = app.conversation(&acme, inbox).await;
    let target = Target::Webhook(hook);
    let skip = queued(&app, acme.id, target).await.len();
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/toggle_status"),
        json!({"status": "resolved"}),
    )
    .await
    .assert_status(200);
    let list = queued(&app, acme.id, target).await;
    // The activity message ("...marked resolved by...") is no webhook event upstream.
    let names: Vec<&str> = list[skip..].iter().map(|d| d.event_name.as_str()).collect();
    assert_eq!(
        names,
        ["conversation_status_changed", "conversation_updated"]
    );
    let changed = &list[skip].payload.0;
    assert_eq!(changed["status"], "resolved");
    assert!(changed
        .as_object()
        .unwrap()
        .contains_key("changed_attributes"));
    assert_eq!(changed["changed_attributes"], Value::Null);
    let updated = &list[skip + 1].payload.0;
    assert_eq!(
        updated["changed_attributes"][0],
        json!({"status": {"previous_value": "open", "current_value": "resolved"}})
    );
    assert_eq!(changed_keys(updated), ["status", "updated_at"]);
}

#[tokio::test]
async fn priority_attributes_labels_and_assignment_are_conversation_updates() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let agent = app.agent(&acme).await;
    app.add_inbox_member(inbox, &agent).await;
    let hook = all_events(&app, &acme).await;
    let id = app.conversation(&acme, inbox).await;
    let target = Target::Webhook(hook);
    let c = |rest: &str| format!("/conversations/{id}{rest}");
    let steps: Vec<(String, Value, &str)> = vec![
        (
            c("/toggle_priority"),
            json!({"priority": "high"}),
            "priority",
        ),
        (
            c("/custom_attributes"),
            json!({"custom_attributes": {"plan": "gold"}}),
            "custom_attributes",
        ),
        (
            c("/labels"),
            json!({"labels": ["vip"]}),
            "cached_label_list",
        ),
        (
            c("/assignments"),
            json!({"assignee_id": agent.id}),
            "assignee_id",
        ),
    ];
    for (path, body, key) in steps {
        let skip = queued(&app, acme.id, target).await.len();
        post(&app, &acme, &path, body).await.assert_status(200);
        let list = queued(&app, acme.id, target).await;
        let names: Vec<&str> = list[skip..].iter().map(|d| d.event_name.as_str()).collect();
        assert_eq!(names, ["conversation_updated"], "{path}");
        let keys = changed_keys(&list[skip].payload.0);
        assert_eq!(keys[0], key, "{path}");
        assert_eq!(keys.last().unwrap(), "updated_at");
    }
    let list = queued(&app, acme.id, target).await;
    let labels = &list[list.len() - 2].payload.0["changed_attributes"];
    assert_eq!(
        labels[1],
        json!({"label_list": {"previous_value": [], "current_value": ["vip"]}})
    );
    // The same labels again save nothing upstream, so nothing is sent.
    let skip = list.len();
    post(&app, &acme, &c("/labels"), json!({"labels": ["vip"]}))
        .await
        .assert_status(200);
    assert_eq!(
        names_after(&app, acme.id, target, skip).await,
        Vec::<String>::new()
    );
}

#[tokio::test]
async fn last_seen_queues_nothing_and_typing_queues_typing_events() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let hook = all_events(&app, &acme).await;
    let id = app.conversation(&acme, inbox).await;
    let target = Target::Webhook(hook);
    let skip = queued(&app, acme.id, target).await.len();
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/update_last_seen"),
        json!({}),
    )
    .await
    .assert_status(200);
    assert!(names_after(&app, acme.id, target, skip).await.is_empty());

    let path = format!("/conversations/{id}/toggle_typing_status");
    post(
        &app,
        &acme,
        &path,
        json!({"typing_status": "on", "is_private": true}),
    )
    .await
    .assert_status(200);
    post(&app, &acme, &path, json!({"typing_status": "off"}))
        .await
        .assert_status(200);
    post(&app, &acme, &path, json!({"typing_status": "recording"}))
        .await
        .assert_status(200);
    let list = queued(&app, acme.id, target).await;
    let names: Vec<&str> = list[skip..].iter().map(|d| d.event_name.as_str()).collect();
    assert_eq!(names, ["conversation_typing_on", "conversation_typing_off"]);
    let on = &list[skip].payload.0;
    testkit::assert_keys(on, &["event", "user", "conversation", "is_private"]);
    assert_eq!(on["is_private"], true);
    assert_eq!(on["user"]["id"], acme.admin.id);
    assert_eq!(on["user"]["type"], "user");
    assert_eq!(on["conversation"]["id"], id);
    assert_eq!(list[skip + 1].payload.0["is_private"], false);
}

#[tokio::test]
async fn a_refused_change_queues_nothing() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    all_events(&app, &acme).await;
    let id = app.conversation(&acme, inbox).await;
    let (jobs, rows) = (
        app.count("jobs").await,
        app.count("webhook_deliveries").await,
    );
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/toggle_priority"),
        json!({"priority": "huge"}),
    )
    .await
    .assert_status(422);
    // A first message the builder refuses takes its conversation with it.
    let res = post(
        &app,
        &acme,
        "/conversations",
        json!({"inbox_id": inbox, "contact_id": contact_id,
               "message": {"content": "x", "message_type": "incoming"}}),
    )
    .await;
    res.assert_status(422);
    assert_eq!(app.count("jobs").await, jobs);
    assert_eq!(app.count("webhook_deliveries").await, rows);
}

#[tokio::test]
async fn a_conversation_created_with_a_message_sends_both_in_order() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let hook = all_events(&app, &acme).await;
    let skip = queued(&app, acme.id, Target::Webhook(hook)).await.len();
    let res = post(
        &app,
        &acme,
        "/conversations",
        json!({"inbox_id": inbox, "contact_id": contact_id, "message": {"content": "Welcome"}}),
    )
    .await;
    res.assert_status(200);
    let list = queued(&app, acme.id, Target::Webhook(hook)).await;
    let names: Vec<&str> = list[skip..].iter().map(|d| d.event_name.as_str()).collect();
    assert_eq!(
        names,
        [
            "conversation_created",
            "message_created",
            "conversation_updated"
        ]
    );
    assert_eq!(list[skip + 1].payload.0["content"], "Welcome");
    assert_eq!(
        list[skip + 1].payload.0["conversation"]["id"],
        res.json["id"]
    );
}
