//! The deliveries of API inboxes (`/inboxes/{id}/webhook_deliveries`) and agent bots
//! (`/agent_bots/{id}/deliveries`), a Switchboard extension beside the webhooks' own.

use crate::webhook_deliveries::DELIVERY_KEYS;
use crate::webhook_events::queued;
use serde_json::{json, Value};
use store::webhook_deliveries::{self as deliveries, Target, FAILED};
use testkit::{assert_keys, TestAccount, TestApp};

/// An API inbox whose webhook URL nobody answers, with one conversation: (inbox, display id).
async fn api_inbox(app: &TestApp, acme: &TestAccount) -> (i64, i64) {
    let res = app
        .post(&acme.path("/inboxes"))
        .as_user(&acme.admin)
        .json(json!({"name": "Bridge", "channel": {"type": "api", "webhook_url": "http://127.0.0.1:9/api"}}))
        .send()
        .await;
    res.assert_status(200);
    let inbox = res.json["id"].as_i64().unwrap();
    (inbox, app.conversation(acme, inbox).await)
}

/// An agent bot of the account connected to a new website inbox, with one conversation.
async fn bot(app: &TestApp, acme: &TestAccount) -> i64 {
    let res = app
        .post(&acme.path("/agent_bots"))
        .as_user(&acme.admin)
        .json(json!({"name": "Triage", "outgoing_url": "http://127.0.0.1:9/bot"}))
        .send()
        .await;
    res.assert_status(200);
    let bot = res.json["id"].as_i64().unwrap();
    let inbox = app.inbox(acme.id, "Bot desk").await;
    app.post(&acme.path(&format!("/inboxes/{inbox}/set_agent_bot")))
        .as_user(&acme.admin)
        .json(json!({ "agent_bot": bot }))
        .send()
        .await
        .assert_status(200);
    let id = app.conversation(acme, inbox).await;
    app.post(&acme.path(&format!("/conversations/{id}/messages")))
        .as_user(&acme.admin)
        .json(json!({"content": "for the bot"}))
        .send()
        .await
        .assert_status(200);
    bot
}

async fn fail(app: &TestApp, delivery_id: i64) {
    deliveries::record_attempt(
        &app.app.db,
        delivery_id,
        FAILED,
        Some(500),
        Some("HTTP 500"),
        domain::time::now(),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn administrators_see_an_api_inboxs_deliveries() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (inbox, id) = api_inbox(&app, &acme).await;
    let path = acme.path(&format!("/inboxes/{inbox}/webhook_deliveries"));
    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["meta"], json!({"page": 1, "per_page": 25}));
    let list = res.json["payload"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_keys(&list[0], DELIVERY_KEYS);
    assert_eq!(list[0]["webhook_type"], "api_inbox_webhook");
    assert_eq!(list[0]["inbox_id"], inbox);
    assert_eq!(list[0]["webhook_id"], Value::Null);
    assert_eq!(list[0]["event"], "conversation_created");
    assert_eq!(list[0]["payload"]["id"], id);

    let agent = app.agent(&acme).await;
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.get(&path).send().await.assert_unauthenticated();
    // A website inbox has no webhook URL, so no deliveries to list.
    let site = app.inbox(acme.id, "Site").await;
    app.get(&acme.path(&format!("/inboxes/{site}/webhook_deliveries")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    // Another account's inbox is out of reach.
    let globex = app.account("Globex").await;
    app.get(&globex.path(&format!("/inboxes/{inbox}/webhook_deliveries")))
        .as_user(&globex.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn an_api_inbox_delivery_that_failed_can_be_resent() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (inbox, _) = api_inbox(&app, &acme).await;
    let d = queued(&app, acme.id, Target::ApiInbox(inbox))
        .await
        .remove(0);
    let path = acme.path(&format!(
        "/inboxes/{inbox}/webhook_deliveries/{}/resend",
        d.id
    ));
    app.post(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "Delivery is still pending");
    fail(&app, d.id).await;
    let jobs = app.count("jobs").await;
    let res = app.post(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["status"], "pending");
    assert_eq!(res.json["payload"]["delivery_uuid"], json!(d.uuid));
    assert_eq!(app.count("jobs").await, jobs + 1);
}

#[tokio::test]
async fn administrators_see_and_resend_an_agent_bots_deliveries() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let bot = bot(&app, &acme).await;
    let path = acme.path(&format!("/agent_bots/{bot}/deliveries"));
    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    let list = res.json["payload"].as_array().unwrap();
    assert_eq!(list.len(), 1);
    assert_keys(&list[0], DELIVERY_KEYS);
    assert_eq!(list[0]["webhook_type"], "agent_bot_webhook");
    assert_eq!(list[0]["agent_bot_id"], bot);
    assert_eq!(list[0]["event"], "message_created");
    assert_eq!(list[0]["payload"]["content"], "for the bot");
    let id = list[0]["id"].as_i64().unwrap();
    fail(&app, id).await;
    let res = app
        .post(&format!("{path}/{id}/resend"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["status"], "pending");

    let agent = app.agent(&acme).await;
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&format!("{path}/{id}/resend"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    let globex = app.account("Globex").await;
    app.get(&globex.path(&format!("/agent_bots/{bot}/deliveries")))
        .as_user(&globex.admin)
        .send()
        .await
        .assert_not_found();
    // Another receiver's delivery id is not this bot's.
    app.post(&acme.path(&format!(
        "/agent_bots/{bot}/deliveries/{}/resend",
        id + 1000
    )))
    .as_user(&acme.admin)
    .send()
    .await
    .assert_not_found();
}
