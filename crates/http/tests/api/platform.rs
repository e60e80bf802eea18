//! The Platform API (`/platform/api/v1`): who may call it, and what every controller shares.

mod account_users;
mod accounts;
mod agent_bots;
mod users;

use serde_json::json;
use testkit::{TestApp, TestResponse};

/// `/platform/api/v1` + `rest`.
pub fn p(rest: &str) -> String {
    format!("/platform/api/v1{rest}")
}

/// A platform app: (id, token).
pub async fn platform(app: &TestApp) -> (i64, String) {
    app.platform_app("Provisioner").await
}

/// Grants the platform app an object it did not create (`platform_app_permissibles`).
pub async fn grant(app: &TestApp, platform_app_id: i64, kind: &str, id: i64) {
    let tx = app.app.db.begin().await.unwrap();
    store::platform_apps::permit(&tx, platform_app_id, kind, id, domain::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[track_caller]
pub fn assert_invalid_token(res: &TestResponse) {
    res.assert_error(401, "Invalid access_token");
}

#[track_caller]
pub fn assert_non_permissible(res: &TestResponse) {
    res.assert_error(401, "Non permissible resource");
}

#[track_caller]
pub fn assert_rails_not_found(res: &TestResponse) {
    res.assert_status(404);
    assert_eq!(res.json, json!({"status": 404, "error": "Not Found"}));
}

/// One request per route, with `token` (or none).
async fn call_every_route(app: &TestApp, token: Option<&str>) -> Vec<(String, TestResponse)> {
    let routes = [
        ("GET", "/accounts"),
        ("POST", "/accounts"),
        ("GET", "/accounts/1"),
        ("PATCH", "/accounts/1"),
        ("PUT", "/accounts/1"),
        ("DELETE", "/accounts/1"),
        ("GET", "/accounts/1/account_users"),
        ("POST", "/accounts/1/account_users"),
        ("DELETE", "/accounts/1/account_users"),
        ("GET", "/agent_bots"),
        ("POST", "/agent_bots"),
        ("GET", "/agent_bots/1"),
        ("PATCH", "/agent_bots/1"),
        ("DELETE", "/agent_bots/1"),
        ("DELETE", "/agent_bots/1/avatar"),
        ("POST", "/users"),
        ("GET", "/users/1"),
        ("PATCH", "/users/1"),
        ("DELETE", "/users/1"),
        ("GET", "/users/1/login"),
        ("POST", "/users/1/token"),
    ];
    let mut out = Vec::new();
    for (method, path) in routes {
        let mut req = app
            .request(method.parse().unwrap(), &p(path))
            .json(json!({"name": "x", "user_id": 1}));
        if let Some(t) = token {
            req = req.token(t);
        }
        out.push((format!("{method} {path}"), req.send().await));
    }
    out
}

#[tokio::test]
async fn every_platform_route_needs_a_platform_token() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (_, bot_token) = app.agent_bot(Some(acme.id)).await;
    let accounts_before = app.count("accounts").await;
    let users_before = app.count("users").await;
    for token in [
        None,
        Some("invalid"),
        Some(acme.admin.token.as_str()),
        Some(bot_token.as_str()),
    ] {
        for (route, res) in call_every_route(&app, token).await {
            assert_eq!(
                res.status.as_u16(),
                401,
                "{route} with {token:?}: {}",
                res.text
            );
            assert_eq!(
                res.json,
                json!({"error": "Invalid access_token"}),
                "{route}"
            );
        }
    }
    assert_eq!(app.count("accounts").await, accounts_before);
    assert_eq!(app.count("users").await, users_before);
    assert_eq!(app.count("agent_bots").await, 1);
}

#[tokio::test]
async fn the_token_header_may_use_dashes() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    app.get(&p("/accounts"))
        .header("api-access-token", &token)
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn platform_tokens_do_not_open_the_account_api() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "Account", acme.id).await;
    // Upstream sets no current user for a platform app, so `validate_bot_access_token!` refuses it.
    const REFUSED: &str = "Access to this endpoint is not authorized for bots";
    for path in [acme.path(""), "/api/v1/profile".to_string()] {
        let res = app.get(&path).token(&token).send().await;
        res.assert_error(401, REFUSED);
    }
    let res = app
        .patch(&acme.path(""))
        .token(&token)
        .json(json!({"name": "Hijacked"}))
        .send()
        .await;
    res.assert_error(401, REFUSED);
    let account = store::accounts::find(&app.app.db, acme.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(account.name, "Acme");
}

#[tokio::test]
async fn unknown_platform_paths_are_rails_not_found() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let res = app.get(&p("/nothing_here")).token(&token).send().await;
    assert_rails_not_found(&res);
}
