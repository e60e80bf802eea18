//! `GET /inboxes/:id/agent_bot`, `POST /inboxes/:id/set_agent_bot`.

use super::*;
use testkit::assert_keys;

async fn set(
    app: &TestApp,
    acct: &TestAccount,
    inbox_id: i64,
    body: Value,
) -> testkit::TestResponse {
    app.post(&acct.path(&format!("/inboxes/{inbox_id}/set_agent_bot")))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await
}

async fn linked_bot(app: &TestApp, inbox_id: i64) -> i64 {
    let sql = "SELECT COALESCE(MAX(agent_bot_id), 0) FROM agent_bot_inboxes WHERE inbox_id = $1";
    scalar(app, sql, inbox_id).await
}

#[tokio::test]
async fn admin_connects_and_disconnects_an_agent_bot() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    let insider = member(&app, &acme, id(&v)).await;
    let path = acme.path(&format!("/inboxes/{}/agent_bot", id(&v)));

    let res = app.get(&path).as_user(&insider).send().await;
    res.assert_status(200);
    assert_eq!(res.json, json!({"agent_bot": {}}));

    let (bot_id, bot_token) = app.agent_bot(Some(acme.id)).await;
    let res = set(&app, &acme, id(&v), json!({"agent_bot": bot_id})).await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(linked_bot(&app, id(&v)).await, bot_id);

    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["agent_bot"]);
    let bot = &res.json["agent_bot"];
    assert_keys(
        bot,
        &[
            "id",
            "name",
            "description",
            "thumbnail",
            "outgoing_url",
            "bot_type",
            "bot_config",
            "account_id",
            "access_token",
            "system_bot",
            "secret",
        ],
    );
    assert_eq!(bot["id"], bot_id);
    assert_eq!(bot["access_token"], bot_token);
    assert_eq!(bot["system_bot"], false);
    // A member agent sees the bot, but not its credentials.
    let res = app.get(&path).as_user(&insider).send().await;
    res.assert_status(200);
    assert!(res.json["agent_bot"].get("access_token").is_none());
    assert!(res.json["agent_bot"].get("secret").is_none());

    // A system bot replaces it; null disconnects; so does "".
    let (system_bot, _) = app.agent_bot(None).await;
    set(
        &app,
        &acme,
        id(&v),
        json!({"agent_bot": system_bot.to_string()}),
    )
    .await
    .assert_status(200);
    assert_eq!(linked_bot(&app, id(&v)).await, system_bot);
    assert_eq!(app.count("agent_bot_inboxes").await, 1);
    set(&app, &acme, id(&v), json!({"agent_bot": null}))
        .await
        .assert_status(200);
    assert_eq!(app.count("agent_bot_inboxes").await, 0);
    set(&app, &acme, id(&v), json!({"agent_bot": bot_id}))
        .await
        .assert_status(200);
    set(&app, &acme, id(&v), json!({"agent_bot": ""}))
        .await
        .assert_status(200);
    assert_eq!(app.count("agent_bot_inboxes").await, 0);
}

#[tokio::test]
async fn unknown_or_foreign_bots_are_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let v = widget(&app, &acme, "Site").await;
    let (foreign_bot, _) = app.agent_bot(Some(other.id)).await;
    for body in [
        json!({"agent_bot": 0}),
        json!({"agent_bot": foreign_bot}),
        json!({"agent_bot": "abc"}),
        json!({"agent_bot": [1]}),
    ] {
        set(&app, &acme, id(&v), body).await.assert_not_found();
    }
    assert_eq!(app.count("agent_bot_inboxes").await, 0);
}

#[tokio::test]
async fn only_administrators_set_the_agent_bot() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let v = widget(&app, &acme, "Site").await;
    let insider = member(&app, &acme, id(&v)).await;
    let outsider = app.agent(&acme).await;
    let (bot_id, _) = app.agent_bot(Some(acme.id)).await;
    let path = acme.path(&format!("/inboxes/{}/set_agent_bot", id(&v)));
    for agent in [&insider, &outsider] {
        app.post(&path)
            .as_user(agent)
            .json(json!({"agent_bot": bot_id}))
            .send()
            .await
            .assert_not_authorized();
    }
    app.post(&path)
        .json(json!({"agent_bot": bot_id}))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&path)
        .as_user(&other.admin)
        .json(json!({"agent_bot": bot_id}))
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    // Outsiders may not even look.
    app.get(&acme.path(&format!("/inboxes/{}/agent_bot", id(&v))))
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("agent_bot_inboxes").await, 0);
}
