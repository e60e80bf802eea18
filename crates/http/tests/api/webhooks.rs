//! `/api/v1/accounts/{id}/webhooks`.

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

const WEBHOOK_KEYS: &[&str] = &["id", "name", "url", "account_id", "subscriptions", "secret"];
const DEFAULT_EVENTS: [&str; 8] = [
    "conversation_status_changed",
    "conversation_updated",
    "conversation_created",
    "contact_created",
    "contact_updated",
    "message_created",
    "message_updated",
    "webwidget_triggered",
];

async fn create(app: &TestApp, acct: &TestAccount, body: Value) -> Value {
    let res = app
        .post(&acct.path("/webhooks"))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"]["webhook"].clone()
}

#[tokio::test]
async fn administrator_creates_a_webhook_with_a_secret_and_default_subscriptions() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let hook = create(
        &app,
        &acme,
        json!({"url": "https://example.com/hook", "name": "CRM"}),
    )
    .await;
    assert_keys(&hook, WEBHOOK_KEYS);
    assert_eq!(hook["url"], "https://example.com/hook");
    assert_eq!(hook["name"], "CRM");
    assert_eq!(hook["account_id"], acme.id);
    assert_eq!(hook["subscriptions"], json!(DEFAULT_EVENTS));
    assert_eq!(hook["secret"].as_str().unwrap().len(), 24);
    assert_eq!(app.count("webhooks").await, 1);
}

#[tokio::test]
async fn a_wrapped_webhook_may_name_an_inbox_and_any_allowed_event() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox_row(acme.id, "Support").await;
    let events = json!([
        "conversation_created",
        "conversation_status_changed",
        "conversation_updated",
        "message_created",
        "message_updated",
        "webwidget_triggered",
        "contact_created",
        "contact_updated",
        "conversation_typing_on",
        "conversation_typing_off",
        "inbox_created",
        "inbox_updated"
    ]);
    let hook = create(
        &app,
        &acme,
        json!({"webhook": {"url": "http://localhost:9000/in", "inbox_id": inbox, "subscriptions": events}}),
    )
    .await;
    let mut keys = WEBHOOK_KEYS.to_vec();
    keys.push("inbox");
    assert_keys(&hook, &keys);
    assert_eq!(hook["inbox"], json!({"id": inbox, "name": "Support"}));
    assert_eq!(hook["subscriptions"], events);
    assert_eq!(hook["name"], json!(null));
}

#[tokio::test]
async fn index_lists_the_accounts_webhooks_in_a_payload() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let first = create(&app, &acme, json!({"url": "https://a.example.com"})).await;
    let second = create(&app, &acme, json!({"url": "https://b.example.com"})).await;
    create(&app, &other, json!({"url": "https://a.example.com"})).await;
    let res = app
        .get(&acme.path("/webhooks"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    assert_keys(&res.json["payload"], &["webhooks"]);
    let list = res.json["payload"]["webhooks"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0], first);
    assert_eq!(list[1], second);
    assert_keys(&list[0], WEBHOOK_KEYS);
}

#[tokio::test]
async fn webhooks_are_for_administrators_of_the_account_only() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let (_, bot_token) = app.agent_bot(Some(acme.id)).await;
    let hook = create(&app, &acme, json!({"url": "https://example.com/hook"})).await;
    let path = acme.path(&format!("/webhooks/{}", hook["id"]));
    let body = json!({"url": "https://evil.example.com"});

    app.get(&acme.path("/webhooks"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/webhooks"))
        .json(body.clone())
        .send()
        .await
        .assert_unauthenticated();
    app.patch(&path)
        .json(body.clone())
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&path).send().await.assert_unauthenticated();

    app.get(&acme.path("/webhooks"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/webhooks"))
        .as_user(&agent)
        .json(body.clone())
        .send()
        .await
        .assert_not_authorized();
    app.put(&path)
        .as_user(&agent)
        .json(body.clone())
        .send()
        .await
        .assert_not_authorized();
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();

    for res in [
        app.get(&acme.path("/webhooks"))
            .as_user(&other.admin)
            .send()
            .await,
        app.patch(&path)
            .as_user(&other.admin)
            .json(body.clone())
            .send()
            .await,
        app.delete(&path).as_user(&other.admin).send().await,
    ] {
        res.assert_error(401, "You are not authorized to access this account");
    }
    for res in [
        app.get(&acme.path("/webhooks"))
            .token(&bot_token)
            .send()
            .await,
        app.post(&acme.path("/webhooks"))
            .token(&bot_token)
            .json(body.clone())
            .send()
            .await,
        app.delete(&path).token(&bot_token).send().await,
    ] {
        res.assert_error(401, "Access to this endpoint is not authorized for bots");
    }
    assert_eq!(app.count("webhooks").await, 1);
    let list = app
        .get(&acme.path("/webhooks"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(
        list.json["payload"]["webhooks"][0]["url"],
        "https://example.com/hook"
    );
}

#[tokio::test]
async fn bad_webhook_input_is_a_422_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let foreign_inbox = app.inbox_row(other.id, "Theirs").await;
    create(&app, &acme, json!({"url": "https://taken.example.com"})).await;
    let long_url = format!("https://example.com/{}", "a".repeat(2048));
    let cases = [
        (json!({"url": "ftp://example.com"}), "Url is invalid"),
        (json!({"url": "example.com/hook"}), "Url is invalid"),
        (json!({"name": "No URL"}), "Url is invalid"),
        (
            json!({"url": long_url}),
            "Url is too long (maximum is 2048 characters)",
        ),
        (
            json!({"url": "https://taken.example.com"}),
            "Url has already been taken",
        ),
        (
            json!({"url": "https://x.example.com", "subscriptions": ["message_deleted"]}),
            "Subscriptions Invalid events",
        ),
        (
            json!({"url": "https://x.example.com", "subscriptions": ["message_created", "nope"]}),
            "Subscriptions Invalid events",
        ),
        (
            json!({"url": "https://x.example.com", "subscriptions": []}),
            "Subscriptions Invalid events",
        ),
        (
            json!({"url": "https://x.example.com", "subscriptions": "message_created"}),
            "Subscriptions Invalid events",
        ),
        (
            json!({"url": "https://x.example.com", "inbox_id": foreign_inbox}),
            "Inbox must exist",
        ),
        (
            json!({"url": "https://x.example.com", "inbox_id": 999_999}),
            "Inbox must exist",
        ),
        (
            json!({"url": "https://x.example.com", "name": "n".repeat(256)}),
            "Name is too long (maximum is 255 characters)",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/webhooks"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    for body in [
        json!({"url": {"href": "https://x.example.com"}}),
        json!({"url": "https://x.example.com", "inbox_id": "abc"}),
    ] {
        app.post(&acme.path("/webhooks"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    app.post(&acme.path("/webhooks"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: webhook");
    assert_eq!(app.count("webhooks").await, 1);
}

#[tokio::test]
async fn administrator_updates_a_webhook_with_patch_or_put() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox_row(acme.id, "Support").await;
    let hook = create(
        &app,
        &acme,
        json!({"url": "https://example.com/hook", "inbox_id": inbox}),
    )
    .await;
    let path = acme.path(&format!("/webhooks/{}", hook["id"]));
    // Switchboard marks a webhook tied to an inbox as `inbox_type` (1).
    assert_eq!(app.count("webhooks WHERE webhook_type = 1").await, 1);
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"webhook": {"url": "https://example.com/v2", "subscriptions": ["message_created"], "name": "v2"}}))
        .send()
        .await;
    res.assert_status(200);
    let updated = &res.json["payload"]["webhook"];
    assert_eq!(updated["url"], "https://example.com/v2");
    assert_eq!(updated["subscriptions"], json!(["message_created"]));
    assert_eq!(updated["name"], "v2");
    assert_eq!(updated["inbox"]["id"], inbox);
    assert_eq!(updated["secret"], hook["secret"]);
    // Keeping its own URL is not a duplicate; a null inbox detaches it.
    let put = app
        .put(&path)
        .as_user(&acme.admin)
        .json(json!({"url": "https://example.com/v2", "inbox_id": null}))
        .send()
        .await;
    put.assert_status(200);
    assert_keys(&put.json["payload"]["webhook"], WEBHOOK_KEYS);
    assert_eq!(
        put.json["payload"]["webhook"]["subscriptions"],
        json!(["message_created"])
    );
    assert_eq!(app.count("webhooks WHERE webhook_type = 0").await, 1);
}

#[tokio::test]
async fn webhook_updates_reject_bad_input_and_foreign_ids() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let hook = create(&app, &acme, json!({"url": "https://example.com/one"})).await;
    create(&app, &acme, json!({"url": "https://example.com/two"})).await;
    let foreign = create(&app, &other, json!({"url": "https://example.com/theirs"})).await;
    let path = acme.path(&format!("/webhooks/{}", hook["id"]));
    for (body, message) in [
        (
            json!({"url": "https://example.com/two"}),
            "Url has already been taken",
        ),
        (json!({"url": "mailto:me@example.com"}), "Url is invalid"),
        (json!({"url": null}), "Url is invalid"),
        (
            json!({"subscriptions": ["conversation_deleted"]}),
            "Subscriptions Invalid events",
        ),
        (
            json!({"subscriptions": null}),
            "Subscriptions Invalid events",
        ),
    ] {
        let res = app
            .patch(&path)
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    for id in [foreign["id"].to_string(), "999999".into(), "abc".into()] {
        app.patch(&acme.path(&format!("/webhooks/{id}")))
            .as_user(&acme.admin)
            .json(json!({"name": "x"}))
            .send()
            .await
            .assert_not_found();
    }
    let list = app
        .get(&acme.path("/webhooks"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(list.json["payload"]["webhooks"][0], hook);
    let theirs = app
        .get(&other.path("/webhooks"))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(theirs.json["payload"]["webhooks"][0]["name"], json!(null));
}

#[tokio::test]
async fn administrator_deletes_a_webhook() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let hook = create(&app, &acme, json!({"url": "https://example.com/one"})).await;
    let foreign = create(&app, &other, json!({"url": "https://example.com/one"})).await;
    app.delete(&acme.path(&format!("/webhooks/{}", foreign["id"])))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    let res = app
        .delete(&acme.path(&format!("/webhooks/{}", hook["id"])))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("webhooks").await, 1);
    app.delete(&acme.path(&format!("/webhooks/{}", hook["id"])))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}
