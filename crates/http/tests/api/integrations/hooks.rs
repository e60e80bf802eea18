//! `POST /integrations/hooks`, `PATCH/PUT/DELETE /integrations/hooks/{id}`.

use super::*;

#[tokio::test]
async fn administrator_creates_account_and_inbox_hooks() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox_row(acme.id, "Support").await;
    let account_hook = create_hook(&app, &acme, openai("sk")).await;
    assert_keys(&account_hook, ADMIN_HOOK_KEYS);
    assert_eq!(account_hook["app_id"], "openai");
    assert_eq!(account_hook["status"], true);
    assert_eq!(account_hook["hook_type"], "account");
    assert_eq!(account_hook["inbox"], json!(null));
    assert_eq!(account_hook["account_id"], acme.id);
    assert_eq!(account_hook["reference_id"], json!(null));
    assert_eq!(
        account_hook["settings"],
        json!({"api_key": "sk", "label_suggestion": true})
    );
    let inbox_hook = create_hook(&app, &acme, dialogflow(inbox)).await;
    assert_eq!(inbox_hook["hook_type"], "inbox");
    assert_eq!(inbox_hook["inbox"], json!({"id": inbox, "name": "Support"}));
    // Dialogflow allows several hooks; a disabled one may be created.
    let mut second = dialogflow(inbox);
    second["hook"]["status"] = json!("disabled");
    let disabled = create_hook(&app, &acme, second).await;
    assert_eq!(disabled["status"], false);
    assert_eq!(app.count("integrations_hooks").await, 3);
}

#[tokio::test]
async fn agent_cannot_create_a_hook() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    app.post(&acme.path("/integrations/hooks"))
        .as_user(&agent)
        .json(openai("sk"))
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("integrations_hooks").await, 0);
}

#[tokio::test]
async fn bad_hook_input_is_a_422_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let foreign_inbox = app.inbox_row(other.id, "Theirs").await;
    create_hook(&app, &acme, openai("sk")).await;
    let creds = json!({"type": "service_account"});
    let cases = [
        (
            json!({"app_id": "slack"}),
            "App is not included in the list",
        ),
        (json!({"app_id": "", "settings": {}}), "App can't be blank"),
        (
            json!({"app_id": "dialogflow", "settings": {"project_id": "x", "credentials": creds}}),
            "Inbox can't be blank",
        ),
        (
            json!({"app_id": "dialogflow", "inbox_id": foreign_inbox, "settings": {"project_id": "x", "credentials": creds}}),
            "Inbox must exist",
        ),
        (
            json!({"app_id": "google_translate", "settings": {"project_id": "x"}}),
            "Settings : Invalid settings data",
        ),
        (
            json!({"app_id": "google_translate", "settings": "project"}),
            "Settings : Invalid settings data",
        ),
        (
            json!({"app_id": "dyte", "settings": {"api_key": 1, "organization_id": "o"}}),
            "Settings : Invalid settings data",
        ),
        (
            json!({"app_id": "openai", "settings": {"api_key": "again"}}),
            "App has already been taken",
        ),
        (
            json!({"app_id": "webhook", "status": "on"}),
            "Status is not included in the list",
        ),
        (
            json!({"app_id": "webhook", "settings": {"blob": "x".repeat(20_000)}}),
            "Settings is too large",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/integrations/hooks"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    for body in [
        json!({"app_id": {"id": "openai"}}),
        json!({"app_id": "webhook", "inbox_id": "abc"}),
    ] {
        app.post(&acme.path("/integrations/hooks"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    app.post(&acme.path("/integrations/hooks"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: hook");
    assert_eq!(app.count("integrations_hooks").await, 1);
}

#[tokio::test]
async fn administrator_updates_only_status_and_settings() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox_row(acme.id, "Support").await;
    let hook = create_hook(&app, &acme, openai("sk")).await;
    let path = acme.path(&format!("/integrations/hooks/{}", hook["id"]));
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"hook": {"status": "disabled", "settings": {"api_key": "sk-2"}, "app_id": "dyte", "inbox_id": inbox}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, ADMIN_HOOK_KEYS);
    assert_eq!(res.json["status"], false);
    assert_eq!(res.json["settings"], json!({"api_key": "sk-2"}));
    assert_eq!(res.json["app_id"], "openai");
    assert_eq!(res.json["inbox"], json!(null));
    let put = app
        .put(&path)
        .as_user(&acme.admin)
        .json(json!({"status": 1}))
        .send()
        .await;
    put.assert_status(200);
    assert_eq!(put.json["status"], true);
    assert_eq!(put.json["settings"], json!({"api_key": "sk-2"}));
}

#[tokio::test]
async fn hook_updates_are_refused_for_agents_foreign_ids_and_bad_input() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let hook = create_hook(&app, &acme, openai("sk")).await;
    let foreign = create_hook(&app, &other, openai("theirs")).await;
    let path = acme.path(&format!("/integrations/hooks/{}", hook["id"]));
    app.patch(&path)
        .as_user(&agent)
        .json(json!({"status": "disabled"}))
        .send()
        .await
        .assert_not_authorized();
    // The hook is looked up before the policy runs: unknown ids are 404s even for agents.
    for user in [&agent, &acme.admin] {
        for id in [foreign["id"].to_string(), "999999".into(), "abc".into()] {
            app.patch(&acme.path(&format!("/integrations/hooks/{id}")))
                .as_user(user)
                .json(json!({"status": "disabled"}))
                .send()
                .await
                .assert_not_found();
        }
    }
    for (body, message) in [
        (
            json!({"settings": {"label_suggestion": true}}),
            "Settings : Invalid settings data",
        ),
        (
            json!({"settings": null}),
            "Settings : Invalid settings data",
        ),
        (
            json!({"status": "paused"}),
            "Status is not included in the list",
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
    let show = app
        .get(&acme.path("/integrations/apps/openai"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(show.json["hooks"][0]["status"], true);
    assert_eq!(show.json["hooks"][0]["settings"]["api_key"], "sk");
    let theirs = app
        .get(&other.path("/integrations/apps/openai"))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(theirs.json["hooks"][0]["settings"]["api_key"], "theirs");
}

#[tokio::test]
async fn administrator_deletes_a_hook() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let hook = create_hook(&app, &acme, openai("sk")).await;
    let foreign = create_hook(&app, &other, openai("theirs")).await;
    let path = acme.path(&format!("/integrations/hooks/{}", hook["id"]));
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path(&format!("/integrations/hooks/{}", foreign["id"])))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("integrations_hooks").await, 2);
    let res = app.delete(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("integrations_hooks").await, 1);
    app.delete(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    let list = app
        .get(&acme.path("/integrations/apps"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(find(&list.json, "openai")["enabled"], false);
}
