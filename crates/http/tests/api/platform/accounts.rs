//! `Platform::Api::V1::AccountsController`.

use super::{assert_non_permissible, assert_rails_not_found, grant, p, platform};
use serde_json::json;
use testkit::{assert_keys, TestApp};

const ACCOUNT_KEYS: [&str; 9] = [
    "id",
    "name",
    "locale",
    "domain",
    "support_email",
    "features",
    "custom_attributes",
    "limits",
    "status",
];

#[tokio::test]
async fn create_returns_the_platform_shape_and_grants_the_account() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let res = app
        .post(&p("/accounts"))
        .token(&token)
        .json(json!({
            "name": "Tenant", "locale": "es", "domain": "tenant.example", "support_email": "help@tenant.example",
            "limits": {"agents": 5, "inboxes": 10}, "custom_attributes": {"plan": "gold"}
        }))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &ACCOUNT_KEYS);
    assert_eq!(res.json["name"], "Tenant");
    assert_eq!(res.json["locale"], "es");
    assert_eq!(res.json["domain"], "tenant.example");
    assert_eq!(res.json["support_email"], "help@tenant.example");
    assert_eq!(res.json["status"], "active");
    assert_eq!(res.json["limits"], json!({"agents": 5, "inboxes": 10}));
    assert_eq!(res.json["custom_attributes"], json!({"plan": "gold"}));
    assert_eq!(res.json["features"]["agent_management"], true);
    assert!(res.json["features"].get("sla").is_none());
    let id = res.json["id"].as_i64().unwrap();
    let granted = store::platform_apps::permitted_ids(&app.app.db, app_id, "Account")
        .await
        .unwrap();
    assert_eq!(granted, vec![id]);
    // The new account is visible to the app afterwards.
    let shown = app
        .get(&p(&format!("/accounts/{id}")))
        .token(&token)
        .send()
        .await;
    shown.assert_status(200);
    assert_eq!(shown.json["name"], "Tenant");
}

#[tokio::test]
async fn create_toggles_features_by_presence() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let res = app
        .post(&p("/accounts"))
        .token(&token)
        .json(json!({"name": "Tenant", "status": "suspended",
                     "features": {"ip_lookup": true, "sla": "yes", "help_center": false, "macros": ""}}))
        .send()
        .await;
    res.assert_status(200);
    let features = &res.json["features"];
    assert_eq!(features["ip_lookup"], true);
    assert_eq!(features["sla"], true);
    assert!(features.get("help_center").is_none());
    assert!(features.get("macros").is_none());
    assert_eq!(features["inbox_management"], true);
    assert_eq!(res.json["status"], "suspended");
}

#[tokio::test]
async fn create_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let cases = [
        (json!({}), "Name can't be blank"),
        (json!({"name": "  "}), "Name can't be blank"),
        (json!({"name": null}), "Name can't be blank"),
        (
            json!({"name": "x".repeat(256)}),
            "Name is too long (maximum is 255 characters)",
        ),
        (
            json!({"name": "T", "locale": "xx"}),
            "Locale is not included in the list",
        ),
        (
            json!({"name": "T", "status": "closed"}),
            "Status is not included in the list",
        ),
        (
            json!({"name": "T", "limits": {"agents": "five"}}),
            "Limits : Invalid data",
        ),
        (
            json!({"name": "T", "limits": {"seats": 3}}),
            "Limits : Invalid data",
        ),
        (
            json!({"name": "T", "features": {"teleport": true}}),
            "Features teleport is not a valid feature",
        ),
        (
            json!({"name": "T", "domain": "d".repeat(101)}),
            "Domain is too long (maximum is 100 characters)",
        ),
        (
            json!({"name": "T", "support_email": format!("{}@x.io", "s".repeat(100))}),
            "Support email is too long (maximum is 100 characters)",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&p("/accounts"))
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        json!({"name": ["T"]}),
        json!({"name": "T", "features": "all"}),
        json!({"name": "T", "limits": [1]}),
        json!({"name": "T", "custom_attributes": "x"}),
        json!({"name": "T", "domain": 5}),
    ] {
        let res = app
            .post(&p("/accounts"))
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert!(res.json["error"].as_str().is_some(), "{body}: {}", res.text);
    }
    assert_eq!(app.count("accounts").await, 0);
    assert_eq!(app.count("platform_app_permissibles").await, 0);
}

#[tokio::test]
async fn index_lists_only_the_apps_accounts() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let (_, other_token) = app.platform_app("Other").await;
    let granted = app.account("Granted").await;
    app.account("Stranger").await;
    grant(&app, app_id, "Account", granted.id).await;
    app.post(&p("/accounts"))
        .token(&token)
        .json(json!({"name": "Created"}))
        .send()
        .await
        .assert_status(200);
    let res = app.get(&p("/accounts")).token(&token).send().await;
    res.assert_status(200);
    let names: Vec<&str> = res
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Granted", "Created"]);
    assert_keys(&res.json[0], &ACCOUNT_KEYS);
    let res = app.get(&p("/accounts")).token(&other_token).send().await;
    assert_eq!(res.json, json!([]));
}

#[tokio::test]
async fn foreign_accounts_are_not_permissible() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let path = p(&format!("/accounts/{}", acme.id));
    assert_non_permissible(&app.get(&path).token(&token).send().await);
    assert_non_permissible(
        &app.patch(&path)
            .token(&token)
            .json(json!({"name": "Mine", "features": {"sla": true}}))
            .send()
            .await,
    );
    assert_non_permissible(
        &app.put(&path)
            .token(&token)
            .json(json!({"name": "Mine"}))
            .send()
            .await,
    );
    assert_non_permissible(&app.delete(&path).token(&token).send().await);
    let account = store::accounts::find(&app.app.db, acme.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.name, "Acme");
    assert_eq!(
        account.feature_flags,
        domain::enums::default_feature_flags()
    );
}

#[tokio::test]
async fn unknown_account_ids_are_rails_not_found() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    for id in ["999999", "abc"] {
        let path = p(&format!("/accounts/{id}"));
        assert_rails_not_found(&app.get(&path).token(&token).send().await);
        assert_rails_not_found(
            &app.patch(&path)
                .token(&token)
                .json(json!({"name": "X"}))
                .send()
                .await,
        );
        assert_rails_not_found(&app.delete(&path).token(&token).send().await);
    }
}

#[tokio::test]
async fn update_assigns_fields_and_toggles_features() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "Account", acme.id).await;
    let path = p(&format!("/accounts/{}", acme.id));
    let res = app
        .patch(&path)
        .token(&token)
        .json(
            json!({"name": "Acme 2", "locale": "de", "status": "suspended", "domain": null,
                     "features": {"ip_lookup": true, "channel_facebook": false},
                     "limits": {"agents": 5}, "custom_attributes": {"tier": 2}}),
        )
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &ACCOUNT_KEYS);
    assert_eq!(res.json["name"], "Acme 2");
    assert_eq!(res.json["locale"], "de");
    assert_eq!(res.json["status"], "suspended");
    assert_eq!(res.json["features"]["ip_lookup"], true);
    assert!(res.json["features"].get("channel_facebook").is_none());
    assert_eq!(res.json["features"]["inbox_management"], true);
    assert_eq!(res.json["limits"], json!({"agents": 5}));
    // JSON columns are assigned, not merged.
    let res = app
        .put(&path)
        .token(&token)
        .json(json!({"custom_attributes": {"other": true}}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["custom_attributes"], json!({"other": true}));
    assert_eq!(res.json["name"], "Acme 2");
    assert_eq!(res.json["limits"], json!({"agents": 5}));
}

#[tokio::test]
async fn update_refuses_bad_input_and_changes_nothing() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "Account", acme.id).await;
    let path = p(&format!("/accounts/{}", acme.id));
    for body in [
        json!({"name": "", "features": {"sla": true}}),
        json!({"name": null}),
        json!({"name": "x".repeat(256)}),
        json!({"locale": "klingon", "features": {"sla": true}}),
        json!({"status": 7}),
        json!({"limits": {"agents": "many"}, "name": "Changed"}),
        json!({"features": {"nope": true}, "name": "Changed"}),
        json!({"domain": "d".repeat(101)}),
        json!({"features": true}),
        json!({"custom_attributes": [1, 2]}),
    ] {
        let res = app
            .patch(&path)
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert!(res.text.len() > 2, "{body}");
    }
    let account = store::accounts::find(&app.app.db, acme.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.name, "Acme");
    assert_eq!(account.locale, Some(0));
    assert_eq!(
        account.feature_flags,
        domain::enums::default_feature_flags()
    );
}

#[tokio::test]
async fn destroy_removes_the_account_its_bots_and_grants() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    grant(&app, app_id, "Account", acme.id).await;
    let (bot_id, bot_token) = app.agent_bot(Some(acme.id)).await;
    grant(&app, app_id, "AgentBot", bot_id).await;
    let res = app
        .delete(&p(&format!("/accounts/{}", acme.id)))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert!(store::accounts::find(&app.app.db, acme.id)
        .await
        .unwrap()
        .is_none());
    assert!(store::accounts::find(&app.app.db, other.id)
        .await
        .unwrap()
        .is_some());
    assert_eq!(app.count("agent_bots").await, 0);
    assert!(store::access_tokens::find_by_token(&app.app.db, &bot_token)
        .await
        .unwrap()
        .is_none());
    assert_eq!(app.count("platform_app_permissibles").await, 0);
    // The administrator remains a user, just without the account.
    app.get("/api/v1/profile")
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    let res = app.get(&p("/accounts")).token(&token).send().await;
    assert_eq!(res.json, json!([]));
}
