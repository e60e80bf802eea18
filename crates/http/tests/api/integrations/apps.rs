//! `GET /integrations/apps[/:id]` and who may reach the integration routes.

use super::*;

#[tokio::test]
async fn members_list_the_active_apps_without_their_configuration() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let res = app
        .get(&acme.path("/integrations/apps"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let ids: Vec<&str> = res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_str().unwrap())
        .collect();
    // LeadSquared needs the crm_integration feature, off by default.
    assert_eq!(
        ids,
        [
            "webhook",
            "dashboard_apps",
            "openai",
            "dialogflow",
            "google_translate",
            "dyte"
        ]
    );
    let webhook = find(&res.json, "webhook");
    assert_keys(webhook, AGENT_APP_KEYS);
    assert_eq!(webhook["name"], "Webhooks");
    assert_eq!(webhook["short_description"], json!(null));
    assert_eq!(webhook["enabled"], false);
    assert_eq!(webhook["hooks"], json!([]));
    let openai = find(&res.json, "openai");
    assert_eq!(openai["name"], "OpenAI");
    assert_eq!(
        openai["short_description"],
        "AI-powered reply suggestions, summarization, and message enhancement."
    );
    assert!(openai.get("action").is_none());
}

#[tokio::test]
async fn administrators_see_each_apps_configuration() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .get(&acme.path("/integrations/apps"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    let webhook = find(&res.json, "webhook");
    let mut keys = AGENT_APP_KEYS.to_vec();
    keys.extend([
        "logo",
        "i18n_key",
        "action",
        "button",
        "hook_type",
        "allow_multiple_hooks",
    ]);
    assert_keys(webhook, &keys);
    assert_eq!(webhook["action"], "/webhook");
    assert_eq!(webhook["button"], "/webhook");
    assert_eq!(webhook["logo"], "webhooks.png");
    assert_eq!(webhook["allow_multiple_hooks"], true);
    let dashboard = find(&res.json, "dashboard_apps");
    assert_eq!(dashboard["action"], json!(null));
    let dialogflow = find(&res.json, "dialogflow");
    assert_eq!(dialogflow["hook_type"], "inbox");
    assert_eq!(
        dialogflow["settings_json_schema"]["required"],
        json!(["project_id", "credentials"])
    );
    assert_eq!(
        dialogflow["settings_form_schema"][2]["options"][3]["value"],
        "europe-west1"
    );
    assert_eq!(
        dialogflow["visible_properties"],
        json!(["project_id", "region"])
    );
}

#[tokio::test]
async fn apps_are_enabled_by_webhooks_dashboard_apps_and_hooks() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    app.post(&acme.path("/webhooks"))
        .as_user(&acme.admin)
        .json(json!({"url": "https://example.com/hook"}))
        .send()
        .await
        .assert_status(200);
    app.post(&acme.path("/dashboard_apps"))
        .as_user(&agent)
        .json(json!({"title": "CRM", "content": [{"type": "frame", "url": "https://crm.example.com"}]}))
        .send()
        .await
        .assert_status(200);
    let hook = create_hook(&app, &acme, openai("sk-secret")).await;
    let res = app
        .get(&acme.path("/integrations/apps"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(find(&res.json, "webhook")["enabled"], true);
    assert_eq!(find(&res.json, "dashboard_apps")["enabled"], true);
    assert_eq!(find(&res.json, "dialogflow")["enabled"], false);
    let listed = find(&res.json, "openai");
    assert_eq!(listed["enabled"], true);
    // Agents never see a hook's settings (they hold API keys).
    assert_keys(&listed["hooks"][0], AGENT_HOOK_KEYS);
    assert_eq!(listed["hooks"][0]["id"], hook["id"]);
    assert!(!res.text.contains("sk-secret"));
    let admin = app
        .get(&acme.path("/integrations/apps"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_keys(&find(&admin.json, "openai")["hooks"][0], ADMIN_HOOK_KEYS);
    assert_eq!(
        find(&admin.json, "openai")["hooks"][0]["settings"]["api_key"],
        "sk-secret"
    );
}

#[tokio::test]
async fn leadsquared_is_listed_once_crm_integration_is_on() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let body = json!({"app_id": "leadsquared", "settings": {"access_key": "a", "secret_key": "b"}});
    let res = app
        .post(&acme.path("/integrations/hooks"))
        .as_user(&acme.admin)
        .json(body.clone())
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(res.json["message"], "Feature flag Feature not enabled");
    enable_feature(&app, acme.id, "crm_integration").await;
    let list = app
        .get(&acme.path("/integrations/apps"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(
        find(&list.json, "leadsquared")["feature_flag"],
        "crm_integration"
    );
    create_hook(&app, &acme, body).await;
    assert_eq!(app.count("integrations_hooks").await, 1);
}

#[tokio::test]
async fn show_describes_one_app_and_unknown_apps_are_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_hook(&app, &acme, openai("sk-secret")).await;
    let res = app
        .get(&acme.path("/integrations/apps/openai"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, AGENT_APP_KEYS);
    assert_eq!(res.json["enabled"], true);
    assert!(res.json["hooks"][0].get("settings").is_none());
    let admin = app
        .get(&acme.path("/integrations/apps/openai"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(admin.json["hooks"][0]["settings"]["api_key"], "sk-secret");
    assert_eq!(
        admin.json["settings_json_schema"]["required"],
        json!(["api_key"])
    );
    // LeadSquared is inactive here but still described.
    let lsq = app
        .get(&acme.path("/integrations/apps/leadsquared"))
        .as_user(&agent)
        .send()
        .await;
    lsq.assert_status(200);
    assert_eq!(lsq.json["name"], "LeadSquared");
    for id in ["slack", "nope"] {
        app.get(&acme.path(&format!("/integrations/apps/{id}")))
            .as_user(&agent)
            .send()
            .await
            .assert_not_found();
    }
}

#[tokio::test]
async fn integrations_need_a_member_and_refuse_bots() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let (_, bot_token) = app.agent_bot(Some(acme.id)).await;
    let hook = create_hook(&app, &acme, openai("sk")).await;
    let hook_path = acme.path(&format!("/integrations/hooks/{}", hook["id"]));
    app.get(&acme.path("/integrations/apps"))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/integrations/apps/openai"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/integrations/hooks"))
        .json(openai("x"))
        .send()
        .await
        .assert_unauthenticated();
    app.patch(&hook_path)
        .json(json!({"status": "disabled"}))
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&hook_path).send().await.assert_unauthenticated();
    for res in [
        app.get(&acme.path("/integrations/apps"))
            .as_user(&other.admin)
            .send()
            .await,
        app.post(&acme.path("/integrations/hooks"))
            .as_user(&other.admin)
            .json(openai("x"))
            .send()
            .await,
        app.patch(&hook_path)
            .as_user(&other.admin)
            .json(json!({"status": "disabled"}))
            .send()
            .await,
        app.delete(&hook_path).as_user(&other.admin).send().await,
    ] {
        res.assert_error(401, "You are not authorized to access this account");
    }
    for res in [
        app.get(&acme.path("/integrations/apps"))
            .token(&bot_token)
            .send()
            .await,
        app.get(&acme.path("/integrations/apps/openai"))
            .token(&bot_token)
            .send()
            .await,
        app.post(&acme.path("/integrations/hooks"))
            .token(&bot_token)
            .json(openai("x"))
            .send()
            .await,
        app.delete(&hook_path).token(&bot_token).send().await,
    ] {
        res.assert_error(401, "Access to this endpoint is not authorized for bots");
    }
    assert_eq!(app.count("integrations_hooks").await, 1);
}
