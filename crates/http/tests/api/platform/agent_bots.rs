//! `Platform::Api::V1::AgentBotsController`.

use super::{assert_non_permissible, assert_rails_not_found, grant, p, platform};
use serde_json::json;
use testkit::{assert_keys, TestApp};

const BOT_KEYS: [&str; 6] = [
    "id",
    "name",
    "description",
    "outgoing_url",
    "account_id",
    "access_token",
];

#[tokio::test]
async fn create_makes_a_bot_with_token_secret_and_grant() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let res = app
        .post(&p("/agent_bots"))
        .token(&token)
        .json(json!({"name": "Helper", "description": "Answers", "outgoing_url": "https://bot.example/hook",
                     "avatar_url": "https://img.example/a.png"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &BOT_KEYS);
    assert_eq!(res.json["name"], "Helper");
    assert_eq!(res.json["description"], "Answers");
    // Upstream's partial renders the name as `outgoing_url`.
    assert_eq!(res.json["outgoing_url"], "Helper");
    assert_eq!(res.json["account_id"], json!(null));
    let id = res.json["id"].as_i64().unwrap();
    let bot = store::agent_bots::find(&app.app.db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        bot.outgoing_url.as_deref(),
        Some("https://bot.example/hook")
    );
    assert!(bot.secret.is_some_and(|s| s.len() >= 24));
    let granted = store::platform_apps::permitted_ids(&app.app.db, app_id, "AgentBot")
        .await
        .unwrap();
    assert_eq!(granted, vec![id]);
    // The token is the bot's: the account API treats it as a bot.
    let bot_token = res.json["access_token"].as_str().unwrap();
    app.get("/api/v1/profile")
        .token(bot_token)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}

#[tokio::test]
async fn create_may_place_the_bot_in_an_account() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&p("/agent_bots"))
        .token(&token)
        .json(json!({"name": "Helper", "account_id": acme.id.to_string()}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["account_id"], acme.id);
}

#[tokio::test]
async fn create_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    for (body, message) in [
        (
            json!({"name": "B", "account_id": 999999}),
            "Account must exist",
        ),
        (
            json!({"name": "x".repeat(256)}),
            "Name is too long (maximum is 255 characters)",
        ),
        (
            json!({"name": "B", "description": "d".repeat(1025)}),
            "Description is too long (maximum is 1024 characters)",
        ),
        (
            json!({"name": "B", "outgoing_url": format!("https://x.io/{}", "u".repeat(2048))}),
            "Outgoing url is too long (maximum is 2048 characters)",
        ),
    ] {
        let res = app
            .post(&p("/agent_bots"))
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        json!({"name": 5}),
        json!({"name": "B", "account_id": "abc"}),
        json!({"outgoing_url": {"a": 1}}),
    ] {
        let res = app
            .post(&p("/agent_bots"))
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
    }
    app.post(&p("/agent_bots"))
        .token(&token)
        .raw("application/json", "{not json")
        .send()
        .await
        .assert_status(400);
    assert_eq!(app.count("agent_bots").await, 0);
    assert_eq!(app.count("access_tokens").await, 1);
    assert_eq!(app.count("platform_app_permissibles").await, 0);
}

#[tokio::test]
async fn index_lists_only_the_apps_bots() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let (granted, _) = app.agent_bot(Some(acme.id)).await;
    app.agent_bot(None).await;
    let res = app.get(&p("/agent_bots")).token(&token).send().await;
    assert_eq!(res.json, json!([]));
    grant(&app, app_id, "AgentBot", granted).await;
    app.post(&p("/agent_bots"))
        .token(&token)
        .json(json!({"name": "Own"}))
        .send()
        .await
        .assert_status(200);
    let res = app.get(&p("/agent_bots")).token(&token).send().await;
    res.assert_status(200);
    let bots = res.json.as_array().unwrap();
    assert_eq!(bots.len(), 2);
    assert_eq!(bots[0]["id"], granted);
    assert_eq!(bots[1]["name"], "Own");
    assert_keys(&bots[0], &BOT_KEYS);
    assert!(bots[0]["access_token"].as_str().is_some());
}

#[tokio::test]
async fn show_update_and_avatar_work_on_the_apps_bot() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let created = app
        .post(&p("/agent_bots"))
        .token(&token)
        .json(json!({"name": "Helper", "description": "Answers"}))
        .send()
        .await;
    let id = created.json["id"].as_i64().unwrap();
    let path = p(&format!("/agent_bots/{id}"));
    let res = app.get(&path).token(&token).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &BOT_KEYS);
    assert_eq!(res.json["access_token"], created.json["access_token"]);
    let res = app
        .patch(&path)
        .token(&token)
        .json(json!({"name": "Helper 2", "description": null, "outgoing_url": "https://new.example", "account_id": acme.id}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Helper 2");
    assert_eq!(res.json["description"], json!(null));
    assert_eq!(res.json["account_id"], acme.id);
    let res = app
        .put(&path)
        .token(&token)
        .json(json!({"account_id": null}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["account_id"], json!(null));
    assert_eq!(res.json["name"], "Helper 2");
    let bot = store::agent_bots::find(&app.app.db, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bot.outgoing_url.as_deref(), Some("https://new.example"));
    let res = app
        .delete(&format!("{path}/avatar"))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &BOT_KEYS);
}

#[tokio::test]
async fn update_refuses_bad_input_and_changes_nothing() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let created = app
        .post(&p("/agent_bots"))
        .token(&token)
        .json(json!({"name": "Helper"}))
        .send()
        .await;
    let path = p(&format!("/agent_bots/{}", created.json["id"]));
    for body in [
        json!({"name": "Renamed", "account_id": 999999}),
        json!({"name": "x".repeat(256)}),
        json!({"name": ["Renamed"]}),
        json!({"name": "Renamed", "account_id": true}),
    ] {
        app.patch(&path)
            .token(&token)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    let res = app.get(&path).token(&token).send().await;
    assert_eq!(res.json["name"], "Helper");
}

#[tokio::test]
async fn destroy_removes_the_bot_its_token_and_grant() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let created = app
        .post(&p("/agent_bots"))
        .token(&token)
        .json(json!({"name": "Helper"}))
        .send()
        .await;
    let bot_token = created.json["access_token"].as_str().unwrap().to_string();
    let path = p(&format!("/agent_bots/{}", created.json["id"]));
    let res = app.delete(&path).token(&token).send().await;
    res.assert_status(200);
    assert_eq!(app.count("agent_bots").await, 0);
    assert_eq!(app.count("platform_app_permissibles").await, 0);
    app.get("/api/v1/profile")
        .token(&bot_token)
        .send()
        .await
        .assert_error(401, "Invalid Access Token");
    assert_rails_not_found(&app.get(&path).token(&token).send().await);
}

#[tokio::test]
async fn foreign_bots_are_refused_and_unknown_ones_not_found() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let (bot_id, _) = app.agent_bot(Some(acme.id)).await;
    let path = p(&format!("/agent_bots/{bot_id}"));
    assert_non_permissible(&app.get(&path).token(&token).send().await);
    assert_non_permissible(
        &app.patch(&path)
            .token(&token)
            .json(json!({"name": "Mine"}))
            .send()
            .await,
    );
    assert_non_permissible(&app.delete(&path).token(&token).send().await);
    assert_non_permissible(
        &app.delete(&format!("{path}/avatar"))
            .token(&token)
            .send()
            .await,
    );
    let bot = store::agent_bots::find(&app.app.db, bot_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bot.name.as_deref(), Some("Bot"));
    for id in ["999999", "abc"] {
        assert_rails_not_found(
            &app.get(&p(&format!("/agent_bots/{id}")))
                .token(&token)
                .send()
                .await,
        );
        assert_rails_not_found(
            &app.delete(&p(&format!("/agent_bots/{id}")))
                .token(&token)
                .send()
                .await,
        );
    }
}
