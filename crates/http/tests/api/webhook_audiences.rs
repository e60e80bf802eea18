//! Who hears which change: subscriptions, inbox webhooks, contact and inbox events, merges,
//! and which agent bots a conversation's events reach (deliveries as queued, oldest first).

use crate::conversations::{contact, world};
use crate::webhook_events::{all_events, changed_keys, hook, names_after, queued};
use domain::webhook_events::ALLOWED_WEBHOOK_EVENTS;
use serde_json::{json, Value};
use store::webhook_deliveries::Target;
use testkit::{TestAccount, TestApp};

async fn post(app: &TestApp, acct: &TestAccount, path: &str, body: Value) -> testkit::TestResponse {
    app.post(&acct.path(path))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await
}

#[tokio::test]
async fn a_webhook_gets_only_the_events_it_subscribed_to() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let only = hook(&app, &acme, "http://127.0.0.1:9/only", &["message_created"]).await;
    let every = all_events(&app, &acme).await;
    let id = app.conversation(&acme, inbox).await;
    let path = format!("/conversations/{id}/messages");
    post(&app, &acme, &path, json!({"content": "one"}))
        .await
        .assert_status(200);
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/toggle_status"),
        json!({}),
    )
    .await
    .assert_status(200);
    post(&app, &acme, &path, json!({"content": "two"}))
        .await
        .assert_status(200);
    assert_eq!(
        names_after(&app, acme.id, Target::Webhook(only), 0).await,
        ["message_created", "message_created"]
    );
    let all = names_after(&app, acme.id, Target::Webhook(every), 0).await;
    assert!(all.len() > 4, "{all:?}");
    // Another account's webhook hears nothing of Acme.
    let globex = app.account("Globex").await;
    let theirs = all_events(&app, &globex).await;
    post(&app, &acme, &path, json!({"content": "three"}))
        .await
        .assert_status(200);
    assert!(names_after(&app, globex.id, Target::Webhook(theirs), 0)
        .await
        .is_empty());
}

#[tokio::test]
async fn an_inbox_webhook_hears_only_its_inbox() {
    let app = TestApp::new().await;
    let (acme, site, _) = world(&app).await;
    let other = app.inbox(acme.id, "Other").await;
    let res = post(
        &app,
        &acme,
        "/webhooks",
        json!({"webhook": {"url": "http://127.0.0.1:9/site", "inbox_id": site,
                "subscriptions": ALLOWED_WEBHOOK_EVENTS}}),
    )
    .await;
    res.assert_status(200);
    let scoped = Target::Webhook(res.json["payload"]["webhook"]["id"].as_i64().unwrap());
    let mine = app.conversation(&acme, site).await;
    app.conversation(&acme, other).await;
    let list = queued(&app, acme.id, scoped).await;
    let names: Vec<&str> = list.iter().map(|d| d.event_name.as_str()).collect();
    // No contact events (they belong to no inbox), no conversation of the other inbox.
    assert_eq!(names, ["conversation_created"]);
    assert_eq!(list[0].payload.0["id"], mine);
}

#[tokio::test]
async fn contacts_queue_created_and_updated_with_their_changes() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = all_events(&app, &acme).await;
    let target = Target::Webhook(hook);
    let id = contact(&app, &acme, "Jane").await;
    let path = format!("/contacts/{id}");
    let res = app
        .put(&acme.path(&path))
        .as_user(&acme.admin)
        .json(json!({"name": "Jane Doe", "email": "jane@example.com"}))
        .send()
        .await;
    res.assert_status(200);
    // The same values again: upstream dispatches, but the webhook skips blank changes.
    app.put(&acme.path(&path))
        .as_user(&acme.admin)
        .json(json!({"name": "Jane Doe"}))
        .send()
        .await
        .assert_status(200);
    let list = queued(&app, acme.id, target).await;
    let names: Vec<&str> = list.iter().map(|d| d.event_name.as_str()).collect();
    assert_eq!(names, ["contact_created", "contact_updated"]);
    let created = &list[0].payload.0;
    assert_eq!(created["id"], id);
    assert_eq!(created["name"], "Jane");
    assert_eq!(created["account"]["id"], acme.id);
    let updated = &list[1].payload.0;
    assert_eq!(updated["name"], "Jane Doe");
    // An email makes a visitor a lead (`Contacts::SyncAttributes`), a change of its own.
    assert_eq!(
        changed_keys(updated),
        ["name", "email", "contact_type", "updated_at"]
    );
    assert_eq!(
        updated["changed_attributes"][2],
        json!({"contact_type": {"previous_value": "visitor", "current_value": "lead"}})
    );
    assert_eq!(
        updated["changed_attributes"][0],
        json!({"name": {"previous_value": "Jane", "current_value": "Jane Doe"}})
    );
    let job = store::jobs::find(&app.app.db, list[1].job_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        job.ordering_key.as_deref(),
        Some(format!("webhook_id:{hook}:contact:{id}").as_str())
    );
}

#[tokio::test]
async fn inbox_events_are_sent_only_with_enable_inbox_events() {
    for enabled in [false, true] {
        let app = TestApp::with_config(|c| c.enable_inbox_events = enabled).await;
        let acme = app.account("Acme").await;
        let hook = all_events(&app, &acme).await;
        let res = post(
            &app,
            &acme,
            "/inboxes",
            json!({"name": "Support", "channel": {"type": "api"}}),
        )
        .await;
        res.assert_status(200);
        let inbox = res.json["id"].as_i64().unwrap();
        app.patch(&acme.path(&format!("/inboxes/{inbox}")))
            .as_user(&acme.admin)
            .json(json!({"name": "Help desk"}))
            .send()
            .await
            .assert_status(200);
        let list = queued(&app, acme.id, Target::Webhook(hook)).await;
        if !enabled {
            assert!(list.is_empty());
            continue;
        }
        let names: Vec<&str> = list.iter().map(|d| d.event_name.as_str()).collect();
        assert_eq!(names, ["inbox_created", "inbox_updated"]);
        assert_eq!(list[0].payload.0["channel"]["webhook_url"], Value::Null);
        let updated = &list[1].payload.0;
        assert_eq!(
            updated["changed_attributes"][0],
            json!({"name": {"previous_value": "Support", "current_value": "Help desk"}})
        );
    }
}

#[tokio::test]
async fn a_merge_keeps_the_mergees_conversations_under_the_base_contact() {
    let app = TestApp::new().await;
    let (acme, inbox, base) = world(&app).await;
    let hook = all_events(&app, &acme).await;
    let mergee = contact(&app, &acme, "Old Jane").await;
    let res = post(
        &app,
        &acme,
        "/conversations",
        json!({"inbox_id": inbox, "contact_id": mergee, "message": {"content": "hello"}}),
    )
    .await;
    res.assert_status(200);
    let display_id = res.json["id"].as_i64().unwrap();
    let skip = queued(&app, acme.id, Target::Webhook(hook)).await.len();
    post(
        &app,
        &acme,
        "/actions/contact_merge",
        json!({"base_contact_id": base, "mergee_contact_id": mergee}),
    )
    .await
    .assert_status(200);
    let c = store::conversations::find_by_display_id(&app.app.db, acme.id, display_id)
        .await
        .unwrap()
        .expect("the conversation survives the merge");
    assert_eq!(c.contact_id, Some(base));
    // `contact.merged`, `contact.deleted` and `conversation.contact_changed` are no webhook
    // events, and the base kept its own name, so its `contact_updated` has nothing to say.
    let names = names_after(&app, acme.id, Target::Webhook(hook), skip).await;
    assert!(names.is_empty(), "{names:?}");
}

#[tokio::test]
async fn agent_bots_hear_their_conversations_only() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let bot = |name: &'static str| {
        let app = &app;
        let acme = &acme;
        async move {
            let res = post(
                app,
                acme,
                "/agent_bots",
                json!({"name": name, "outgoing_url": format!("http://127.0.0.1:9/{name}")}),
            )
            .await;
            res.assert_status(200);
            res.json["id"].as_i64().unwrap()
        }
    };
    let (assigned, idle, silent) = (
        bot("assigned").await,
        bot("idle").await,
        bot("silent").await,
    );
    // A bot without an outgoing URL gets nothing, however connected.
    app.put(&acme.path(&format!("/agent_bots/{silent}")))
        .as_user(&acme.admin)
        .json(json!({"outgoing_url": ""}))
        .send()
        .await
        .assert_status(200);
    let id = app.conversation(&acme, inbox).await;
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/assignments"),
        json!({"assignee_id": assigned, "assignee_type": "AgentBot"}),
    )
    .await
    .assert_status(200);
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "hi"}),
    )
    .await
    .assert_status(200);
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/toggle_status"),
        json!({}),
    )
    .await
    .assert_status(200);
    assert_eq!(
        names_after(&app, acme.id, Target::AgentBot(assigned), 0).await,
        ["message_created", "conversation_resolved"]
    );
    // A bot of another inbox, and a bot whose inbox link is inactive, hear nothing.
    let other = app.inbox(acme.id, "Other").await;
    post(
        &app,
        &acme,
        &format!("/inboxes/{other}/set_agent_bot"),
        json!({"agent_bot": idle}),
    )
    .await
    .assert_status(200);
    assert!(names_after(&app, acme.id, Target::AgentBot(idle), 0)
        .await
        .is_empty());
    let tx = app.app.db.begin().await.unwrap();
    store::Exec::execute(
        &tx,
        store::Sql::new("UPDATE agent_bot_inboxes SET status = 1 WHERE inbox_id = $1").bind(other),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let theirs = app.conversation(&acme, other).await;
    post(
        &app,
        &acme,
        &format!("/conversations/{theirs}/messages"),
        json!({"content": "x"}),
    )
    .await
    .assert_status(200);
    assert!(names_after(&app, acme.id, Target::AgentBot(idle), 0)
        .await
        .is_empty());
    post(
        &app,
        &acme,
        &format!("/inboxes/{inbox}/set_agent_bot"),
        json!({"agent_bot": silent}),
    )
    .await
    .assert_status(200);
    post(
        &app,
        &acme,
        &format!("/conversations/{id}/messages"),
        json!({"content": "again"}),
    )
    .await
    .assert_status(200);
    assert!(names_after(&app, acme.id, Target::AgentBot(silent), 0)
        .await
        .is_empty());
}
