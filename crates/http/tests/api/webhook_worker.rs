//! Deliveries end to end: changes made through the API, the real job worker sending them to a
//! receiver on 127.0.0.1 that fails, times out and throttles before it recovers. Every event
//! arrives, in order per conversation, signed, with one `X-Chatwoot-Delivery` across retries;
//! API inboxes and agent bots get theirs, and a failed message delivery does what upstream's
//! trigger does.

use crate::conversations::world;
use crate::receiver::{settle, worker, Hit, Receiver};
use crate::webhook_events::queued;
use domain::webhook_events::ALLOWED_WEBHOOK_EVENTS;
use serde_json::{json, Value};
use std::collections::HashMap;
use store::webhook_deliveries::{Target, DELIVERED};
use testkit::{TestAccount, TestApp, TestResponse};

async fn post(app: &TestApp, acct: &TestAccount, path: &str, body: Value) -> TestResponse {
    let res = app
        .post(&acct.path(path))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await;
    res.assert_status(200);
    res
}

/// The conversation (display id) a body is about, if any.
fn conversation_of(body: &Value) -> Option<i64> {
    let event = body["event"].as_str().unwrap_or_default();
    if event.starts_with("message_") || event.starts_with("conversation_typing") {
        body["conversation"]["id"].as_i64()
    } else if event.starts_with("conversation_") {
        body["id"].as_i64()
    } else {
        None
    }
}

#[tokio::test]
async fn every_event_arrives_in_order_and_signed_through_failures() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let (receiver, url) =
        Receiver::start(&["500", "timeout", "429:2", "500", "503", "timeout", "429:1"]).await;
    let res = post(
        &app,
        &acme,
        "/webhooks",
        json!({"webhook": {"url": format!("{url}/hooks"), "subscriptions": ALLOWED_WEBHOOK_EVENTS}}),
    )
    .await;
    let hook = res.json["payload"]["webhook"]["id"].as_i64().unwrap();
    let secret = res.json["payload"]["webhook"]["secret"]
        .as_str()
        .unwrap()
        .to_string();
    let w = worker(&app);

    // Three conversations, their changes interleaved while deliveries are under way.
    let mut ids = Vec::new();
    for _ in 0..3 {
        ids.push(app.conversation(&acme, inbox).await);
    }
    for round in 0..3 {
        for id in &ids {
            let path = format!("/conversations/{id}/messages");
            post(&app, &acme, &path, json!({"content": format!("m{round}")})).await;
        }
    }
    for id in &ids {
        post(
            &app,
            &acme,
            &format!("/conversations/{id}/toggle_status"),
            json!({}),
        )
        .await;
        post(
            &app,
            &acme,
            &format!("/conversations/{id}/toggle_priority"),
            json!({"priority": "urgent"}),
        )
        .await;
    }
    settle(&app).await;
    w.stop().await;

    let list = queued(&app, acme.id, Target::Webhook(hook)).await;
    // Per conversation: contact and conversation created, three messages and the first
    // reply's update, status changed and updated on resolving, the priority's update.
    assert_eq!(list.len(), 3 * (2 + 3 + 1 + 2 + 1));
    let hits = receiver.hits();
    assert_eq!(
        hits.len(),
        list.len() + 7,
        "one request per attempt, 7 failed"
    );
    assert!(hits.iter().all(|h| h.path == "/hooks"));
    assert!(
        hits.iter().all(|h| h.signed_with(&secret)),
        "unsigned request"
    );

    let mut by_delivery: HashMap<&str, Vec<&Hit>> = HashMap::new();
    for h in &hits {
        by_delivery.entry(&h.delivery).or_default().push(h);
    }
    for d in &list {
        assert_eq!(d.status, DELIVERED, "{d:?}");
        let tries = &by_delivery[d.uuid.as_str()];
        assert_eq!(tries.len() as i32, d.attempts);
        assert!(tries.last().unwrap().ok());
        assert!(tries[..tries.len() - 1].iter().all(|h| !h.ok()));
        // One body and one delivery id across retries; only the timestamp is fresh.
        assert!(tries.iter().all(|h| h.raw == tries[0].raw));
        assert_eq!(tries[0].body, d.payload.0);
        assert_eq!(tries[0].body["event"], json!(d.event_name));
    }
    assert_eq!(by_delivery.len(), list.len());

    // Per conversation, no request of a later event comes before the earlier one arrived.
    let position: HashMap<&str, usize> = list
        .iter()
        .enumerate()
        .map(|(i, d)| (d.uuid.as_str(), i))
        .collect();
    for id in &ids {
        let seen: Vec<usize> = hits
            .iter()
            .filter(|h| conversation_of(&h.body) == Some(*id))
            .map(|h| position[h.delivery.as_str()])
            .collect();
        assert!(seen.len() >= 8, "{id}: {seen:?}");
        assert!(
            seen.windows(2).all(|w| w[0] <= w[1]),
            "{id} out of order: {seen:?}"
        );
    }
}

#[tokio::test]
async fn the_api_inbox_webhook_url_receives_message_created_signed_with_its_secret() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start(&["500"]).await;
    let res = post(
        &app,
        &acme,
        "/inboxes",
        json!({"name": "Bridge", "channel": {"type": "api", "webhook_url": format!("{url}/api")}}),
    )
    .await;
    let inbox = res.json["id"].as_i64().unwrap();
    let secret = res.json["secret"]
        .as_str()
        .expect("the channel secret")
        .to_string();
    let w = worker(&app);
    let id = app.conversation(&acme, inbox).await;
    let m = post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "from the customer", "message_type": "incoming"}),
    )
    .await;
    settle(&app).await;
    w.stop().await;

    let got = receiver.delivered("/api");
    let names: Vec<&str> = got
        .iter()
        .map(|h| h.body["event"].as_str().unwrap())
        .collect();
    // Contact events go to account webhooks only.
    assert_eq!(names, ["conversation_created", "message_created"]);
    assert!(receiver.hits().iter().all(|h| h.signed_with(&secret)));
    let body = &got[1].body;
    assert_eq!(body["id"], m.json["id"]);
    assert_eq!(body["message_type"], "incoming");
    // The contact as `Contact#webhook_data` has it (no `type` key there).
    assert_eq!(body["sender"]["name"], "Conversation contact");
    assert_eq!(body["conversation"]["id"], id);
    let list = queued(&app, acme.id, Target::ApiInbox(inbox)).await;
    assert!(list.iter().all(|d| d.status == DELIVERED));
}

/// An agent bot with an outgoing URL connected to a new website inbox: (inbox, bot, secret).
async fn bot_inbox(app: &TestApp, acme: &TestAccount, url: &str) -> (i64, i64, String) {
    let inbox = app.inbox(acme.id, "Bot desk").await;
    let res = post(
        app,
        acme,
        "/agent_bots",
        json!({"name": "Triage", "outgoing_url": url}),
    )
    .await;
    let bot = res.json["id"].as_i64().unwrap();
    let secret = res.json["secret"].as_str().unwrap().to_string();
    post(
        app,
        acme,
        &format!("/inboxes/{inbox}/set_agent_bot"),
        json!({ "agent_bot": bot }),
    )
    .await;
    (inbox, bot, secret)
}

#[tokio::test]
async fn an_agent_bot_receives_message_created_and_conversation_resolved() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start(&["503"]).await;
    let (inbox, bot, secret) = bot_inbox(&app, &acme, &format!("{url}/bot")).await;
    let w = worker(&app);
    let id = app.conversation(&acme, inbox).await;
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "A human here"}),
    )
    .await;
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/toggle_status"),
        json!({"status": "resolved"}),
    )
    .await;
    settle(&app).await;
    w.stop().await;

    let got = receiver.delivered("/bot");
    let names: Vec<&str> = got
        .iter()
        .map(|h| h.body["event"].as_str().unwrap())
        .collect();
    // The conversation starts pending for the bot, so there is no `conversation_opened`.
    assert_eq!(names, ["message_created", "conversation_resolved"]);
    assert!(receiver.hits().iter().all(|h| h.signed_with(&secret)));
    assert_eq!(got[0].body["content"], "A human here");
    assert_eq!(got[0].body["message_type"], "outgoing");
    assert_eq!(got[1].body["id"], id);
    assert_eq!(got[1].body["status"], "resolved");
    let list = queued(&app, acme.id, Target::AgentBot(bot)).await;
    assert_eq!(list.len(), 2);
    assert!(list.iter().all(|d| d.status == DELIVERED));
}

#[tokio::test]
async fn a_message_the_api_inbox_refuses_is_marked_failed() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start(&[]).await;
    receiver.refuse("message_created");
    let res = post(
        &app,
        &acme,
        "/inboxes",
        json!({"name": "Bridge", "channel": {"type": "api", "webhook_url": format!("{url}/api")}}),
    )
    .await;
    let inbox = res.json["id"].as_i64().unwrap();
    let w = worker(&app);
    let id = app.conversation(&acme, inbox).await;
    let m = post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "never arrives"}),
    )
    .await;
    let message_id = m.json["id"].as_i64().unwrap();
    settle(&app).await;
    w.stop().await;

    let res = app
        .get(&acme.path(&format!("/conversations/{id}/messages")))
        .as_user(&acme.admin)
        .send()
        .await;
    let shown = res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == message_id)
        .unwrap()
        .clone();
    assert_eq!(shown["status"], "failed");
    assert_eq!(shown["content_attributes"]["external_error"], "HTTP 404");
    // The change was itself a `message_updated`, delivered to the inbox like any other.
    let updated: Vec<Hit> = receiver
        .delivered("/api")
        .into_iter()
        .filter(|h| h.body["event"] == "message_updated")
        .collect();
    assert_eq!(updated.len(), 1);
    assert_eq!(updated[0].body["id"], message_id);
}

#[tokio::test]
async fn a_pending_conversation_opens_for_humans_when_its_bot_fails() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (receiver, url) = Receiver::start(&[]).await;
    receiver.refuse("message_created");
    let (inbox, _, _) = bot_inbox(&app, &acme, &format!("{url}/bot")).await;
    let w = worker(&app);
    let id = app.conversation(&acme, inbox).await;
    let show = format!("/conversations/{id}");
    let status = |res: TestResponse| res.json["status"].clone();
    let get = app.get(&acme.path(&show)).as_user(&acme.admin).send().await;
    assert_eq!(status(get), "pending");
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "for the bot"}),
    )
    .await;
    settle(&app).await;
    w.stop().await;

    let get = app.get(&acme.path(&show)).as_user(&acme.admin).send().await;
    assert_eq!(status(get), "open");
    let res = app
        .get(&acme.path(&format!("/conversations/{id}/messages")))
        .as_user(&acme.admin)
        .send()
        .await;
    let activity: Vec<&Value> = res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["message_type"] == 2)
        .collect();
    assert_eq!(
        activity.last().unwrap()["content"],
        app::delivery_failures::BOT_ERROR_MOVED_TO_OPEN
    );
    // Opening it is news for the bot too.
    assert!(receiver
        .delivered("/bot")
        .iter()
        .any(|h| h.body["event"] == "conversation_opened"));
}
