//! `/api/v1/accounts/{id}/agent_bots`.

use serde_json::json;
use testkit::{assert_keys, TestAccount, TestApp};

const BOT_KEYS: &[&str] = &[
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
];
const SYSTEM_BOT_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "thumbnail",
    "bot_type",
    "bot_config",
    "account_id",
    "system_bot",
];
const BOTS_REFUSED: &str = "Access to this endpoint is not authorized for bots";

/// What administrators see of an account bot: its keys plus the signing `secret`.
fn admin_keys() -> Vec<&'static str> {
    let mut all = BOT_KEYS.to_vec();
    all.push("secret");
    all
}

async fn create_bot(app: &TestApp, acct: &TestAccount, name: &str) -> serde_json::Value {
    let res = app
        .post(&acct.path("/agent_bots"))
        .as_user(&acct.admin)
        .json(json!({"name": name, "description": "Helps", "outgoing_url": "https://bot.example.com/hook",
                     "bot_config": {"lang": "en"}}))
        .send()
        .await;
    res.assert_status(200);
    res.json
}

#[tokio::test]
async fn members_list_account_bots_and_system_bots_but_not_other_accounts_bots() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let (own_id, own_token) = app.agent_bot(Some(acme.id)).await;
    let (system_id, system_token) = app.agent_bot(None).await;
    let (foreign_id, _) = app.agent_bot(Some(other.id)).await;

    let res = app
        .get(&acme.path("/agent_bots"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    let bots = res.json.as_array().unwrap();
    let ids: Vec<i64> = bots.iter().map(|b| b["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![own_id, system_id]);
    assert!(!ids.contains(&foreign_id));
    // Upstream shows an account bot's token to every member, never a system bot's.
    assert_keys(&bots[0], BOT_KEYS);
    assert_eq!(bots[0]["access_token"], own_token.as_str());
    assert_eq!(bots[0]["system_bot"], false);
    assert_eq!(bots[0]["bot_type"], "webhook");
    assert_eq!(bots[0]["thumbnail"], "");
    assert_keys(&bots[1], SYSTEM_BOT_KEYS);
    assert_eq!(bots[1]["system_bot"], true);
    assert!(!res.text.contains(&system_token));
}

#[tokio::test]
async fn administrators_also_see_an_account_bots_secret() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.agent_bot(Some(acme.id)).await;
    let (system_id, _) = app.agent_bot(None).await;
    let res = app
        .get(&acme.path("/agent_bots"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json[0], &admin_keys());
    assert_eq!(res.json[0]["secret"].as_str().unwrap().len(), 24);
    let system = app
        .get(&acme.path(&format!("/agent_bots/{system_id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_keys(&system.json, SYSTEM_BOT_KEYS);
}

#[tokio::test]
async fn agent_bot_routes_need_a_member_of_the_account_and_refuse_bots() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let (bot_id, bot_token) = app.agent_bot(Some(acme.id)).await;
    let show = acme.path(&format!("/agent_bots/{bot_id}"));
    app.get(&acme.path("/agent_bots"))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&show).send().await.assert_unauthenticated();
    app.post(&acme.path("/agent_bots"))
        .json(json!({"name": "x"}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/agent_bots"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.patch(&show)
        .as_user(&other.admin)
        .json(json!({"name": "hijack"}))
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    for res in [
        app.get(&acme.path("/agent_bots"))
            .token(&bot_token)
            .send()
            .await,
        app.get(&show).token(&bot_token).send().await,
        app.post(&acme.path("/agent_bots"))
            .token(&bot_token)
            .json(json!({"name": "x"}))
            .send()
            .await,
        app.post(&format!("{show}/reset_access_token"))
            .token(&bot_token)
            .send()
            .await,
        app.delete(&show).token(&bot_token).send().await,
    ] {
        res.assert_error(401, BOTS_REFUSED);
    }
    assert_eq!(app.count("agent_bots").await, 1);
}

#[tokio::test]
async fn administrator_creates_a_bot_with_its_token_and_secret() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let bot = create_bot(&app, &acme, "Triage").await;
    assert_keys(&bot, &admin_keys());
    assert_eq!(bot["name"], "Triage");
    assert_eq!(bot["description"], "Helps");
    assert_eq!(bot["outgoing_url"], "https://bot.example.com/hook");
    assert_eq!(bot["bot_config"], json!({"lang": "en"}));
    assert_eq!(bot["account_id"], acme.id);
    assert_eq!(bot["system_bot"], false);
    assert_ne!(bot["secret"], bot["access_token"]);
    // The token is a working bot token: it authenticates, and is then refused here as a bot.
    app.get(&acme.path("/agent_bots"))
        .token(bot["access_token"].as_str().unwrap())
        .send()
        .await
        .assert_error(401, BOTS_REFUSED);
    // Defaults when only a name is given, as upstream (no field is required).
    let bare = app
        .post(&acme.path("/agent_bots"))
        .as_user(&acme.admin)
        .json(json!({"bot_type": 0}))
        .send()
        .await;
    bare.assert_status(200);
    assert_eq!(bare.json["name"], json!(null));
    assert_eq!(bare.json["bot_config"], json!({}));
    assert_eq!(bare.json["bot_type"], "webhook");
}

#[tokio::test]
async fn agent_cannot_create_a_bot() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    app.post(&acme.path("/agent_bots"))
        .as_user(&agent)
        .json(json!({"name": "Nope"}))
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("agent_bots").await, 0);
}

#[tokio::test]
async fn bad_bot_input_is_a_422_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let tokens_before = app.count("access_tokens").await;
    let long_url = format!("https://example.com/{}", "a".repeat(2048));
    let cases = [
        (
            json!({"name": "B", "outgoing_url": "ftp://bot.example.com"}),
            "Outgoing url is invalid",
        ),
        (
            json!({"name": "B", "outgoing_url": "not a url"}),
            "Outgoing url is invalid",
        ),
        (
            json!({"name": "B", "outgoing_url": long_url}),
            "Outgoing url is too long (maximum is 2048 characters)",
        ),
        (
            json!({"name": "x".repeat(256)}),
            "Name is too long (maximum is 255 characters)",
        ),
        (
            json!({"name": "B", "bot_type": "rasa"}),
            "Bot type is not included in the list",
        ),
        (
            json!({"name": "B", "bot_config": "yes"}),
            "Bot config must be an object",
        ),
        (
            json!({"name": "B", "bot_config": {"blob": "x".repeat(20_000)}}),
            "Bot config is too large",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/agent_bots"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    // A wrong type is a 422 too.
    app.post(&acme.path("/agent_bots"))
        .as_user(&acme.admin)
        .json(json!({"name": {"first": "B"}}))
        .send()
        .await
        .assert_status(422);
    assert_eq!(app.count("agent_bots").await, 0);
    assert_eq!(app.count("access_tokens").await, tokens_before);
}

#[tokio::test]
async fn show_finds_own_and_system_bots_only() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let bot = create_bot(&app, &acme, "Triage").await;
    let (foreign_id, _) = app.agent_bot(Some(other.id)).await;
    let res = app
        .get(&acme.path(&format!("/agent_bots/{}", bot["id"])))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, BOT_KEYS);
    assert_eq!(res.json["access_token"], bot["access_token"]);
    for id in [foreign_id.to_string(), "999999".into(), "abc".into()] {
        app.get(&acme.path(&format!("/agent_bots/{id}")))
            .as_user(&agent)
            .send()
            .await
            .assert_not_found();
    }
}

#[tokio::test]
async fn administrator_updates_a_bot_with_patch_or_put() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let bot = create_bot(&app, &acme, "Triage").await;
    let path = acme.path(&format!("/agent_bots/{}", bot["id"]));
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"name": "Router", "description": null, "bot_config": {"lang": "de"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &admin_keys());
    assert_eq!(res.json["name"], "Router");
    assert_eq!(res.json["description"], json!(null));
    assert_eq!(res.json["outgoing_url"], "https://bot.example.com/hook");
    assert_eq!(res.json["bot_config"], json!({"lang": "de"}));
    assert_eq!(res.json["access_token"], bot["access_token"]);
    let put = app
        .put(&path)
        .as_user(&acme.admin)
        .json(json!({"outgoing_url": "http://localhost:4000/bot"}))
        .send()
        .await;
    put.assert_status(200);
    assert_eq!(put.json["outgoing_url"], "http://localhost:4000/bot");
    let again = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(again.json["name"], "Router");
}

#[tokio::test]
async fn bot_updates_are_refused_for_agents_system_bots_foreign_bots_and_bad_input() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let bot = create_bot(&app, &acme, "Triage").await;
    let (system_id, _) = app.agent_bot(None).await;
    let (foreign_id, _) = app.agent_bot(Some(other.id)).await;
    let path = acme.path(&format!("/agent_bots/{}", bot["id"]));
    app.patch(&path)
        .as_user(&agent)
        .json(json!({"name": "Agent was here"}))
        .send()
        .await
        .assert_not_authorized();
    for id in [system_id, foreign_id, 999_999] {
        app.patch(&acme.path(&format!("/agent_bots/{id}")))
            .as_user(&acme.admin)
            .json(json!({"name": "Mine now"}))
            .send()
            .await
            .assert_not_found();
    }
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"name": "Renamed", "outgoing_url": "javascript:alert(1)"}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(res.json["attributes"], json!(["outgoing_url"]));
    let after = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(after.json["name"], "Triage");
    assert_eq!(after.json["outgoing_url"], "https://bot.example.com/hook");
    let system = app
        .get(&acme.path(&format!("/agent_bots/{system_id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(system.json["name"], "Bot");
}

#[tokio::test]
async fn administrator_deletes_a_bot_and_its_token_stops_working() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let bot = create_bot(&app, &acme, "Triage").await;
    let (system_id, _) = app.agent_bot(None).await;
    let path = acme.path(&format!("/agent_bots/{}", bot["id"]));
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path(&format!("/agent_bots/{system_id}")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("agent_bots").await, 2);
    let res = app.delete(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("agent_bots").await, 1);
    app.get(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.get(&acme.path("/agent_bots"))
        .token(bot["access_token"].as_str().unwrap())
        .send()
        .await
        .assert_error(401, "Invalid Access Token");
}

#[tokio::test]
async fn deleting_the_avatar_shows_the_bot() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let bot = create_bot(&app, &acme, "Triage").await;
    let (system_id, _) = app.agent_bot(None).await;
    let path = acme.path(&format!("/agent_bots/{}/avatar", bot["id"]));
    let res = app.delete(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &admin_keys());
    assert_eq!(res.json["thumbnail"], "");
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path(&format!("/agent_bots/{system_id}/avatar")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn resetting_the_access_token_replaces_it() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let bot = create_bot(&app, &acme, "Triage").await;
    let (system_id, system_token) = app.agent_bot(None).await;
    let old = bot["access_token"].as_str().unwrap().to_string();
    let path = acme.path(&format!("/agent_bots/{}/reset_access_token", bot["id"]));
    app.post(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path(&format!("/agent_bots/{system_id}/reset_access_token")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    let res = app.post(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &admin_keys());
    let new = res.json["access_token"].as_str().unwrap();
    assert_ne!(new, old);
    assert_eq!(res.json["secret"], bot["secret"]);
    app.get(&acme.path("/agent_bots"))
        .token(&old)
        .send()
        .await
        .assert_error(401, "Invalid Access Token");
    app.get(&acme.path("/agent_bots"))
        .token(new)
        .send()
        .await
        .assert_error(401, BOTS_REFUSED);
    // The system bot's token is untouched.
    app.get(&acme.path("/agent_bots"))
        .token(&system_token)
        .send()
        .await
        .assert_error(401, BOTS_REFUSED);
}
