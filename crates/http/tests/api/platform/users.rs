//! `Platform::Api::V1::UsersController`, SSO links and tokens included.

use super::{assert_non_permissible, assert_rails_not_found, grant, p, platform};
use serde_json::json;
use testkit::{assert_keys, TestApp, TestUser};

const USER_KEYS: [&str; 17] = [
    "access_token",
    "account_id",
    "available_name",
    "avatar_url",
    "confirmed",
    "display_name",
    "message_signature",
    "email",
    "id",
    "name",
    "provider",
    "pubsub_token",
    "custom_attributes",
    "role",
    "ui_settings",
    "uid",
    "accounts",
];

async fn create_user(app: &TestApp, token: &str) -> serde_json::Value {
    let res = app
        .post(&p("/users"))
        .token(token)
        .json(
            json!({"name": "Test", "display_name": "Tester", "email": "Test@Example.com",
                     "password": "Password1!", "custom_attributes": {"plan": "gold"}}),
        )
        .send()
        .await;
    res.assert_status(200);
    res.json
}

#[tokio::test]
async fn create_makes_a_confirmed_user_and_grants_it() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let user = create_user(&app, &token).await;
    assert_keys(&user, &USER_KEYS);
    assert_eq!(user["name"], "Test");
    assert_eq!(user["display_name"], "Tester");
    assert_eq!(user["available_name"], "Tester");
    assert_eq!(user["email"], "test@example.com");
    assert_eq!(user["uid"], "test@example.com");
    assert_eq!(user["provider"], "email");
    assert_eq!(user["confirmed"], true);
    assert_eq!(user["custom_attributes"], json!({"plan": "gold"}));
    assert_eq!(user["accounts"], json!([]));
    assert_eq!(user["account_id"], json!(null));
    assert_eq!(user["role"], json!(null));
    let id = user["id"].as_i64().unwrap();
    let granted = store::platform_apps::permitted_ids(&app.app.db, app_id, "User")
        .await
        .unwrap();
    assert_eq!(granted, vec![id]);
    // The password works at once: no confirmation mail to wait for.
    app.post("/auth/sign_in")
        .json(json!({"email": "test@example.com", "password": "Password1!"}))
        .send()
        .await
        .assert_status(200);
    // The access token is the user's.
    let token = user["access_token"].as_str().unwrap();
    let profile = app.get("/api/v1/profile").token(token).send().await;
    assert_eq!(profile.json["id"], id);
}

#[tokio::test]
async fn create_with_a_known_email_claims_that_user_unchanged() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&p("/users"))
        .token(&token)
        .json(json!({"name": "New Name", "email": acme.admin.email.to_uppercase(), "password": "weak"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["id"], acme.admin.id);
    assert_eq!(res.json["name"], "Acme Admin");
    assert_eq!(res.json["accounts"][0]["id"], acme.id);
    assert_eq!(res.json["accounts"][0]["role"], "administrator");
    assert_keys(
        &res.json["accounts"][0],
        &["id", "name", "active_at", "role"],
    );
    assert_eq!(res.json["account_id"], acme.id);
    assert_eq!(res.json["role"], "administrator");
    assert!(res.json.get("custom_attributes").is_none());
    assert_eq!(app.count("users").await, 1);
    let granted = store::platform_apps::permitted_ids(&app.app.db, app_id, "User")
        .await
        .unwrap();
    assert_eq!(granted, vec![acme.admin.id]);
    // The password was not changed.
    app.post("/auth/sign_in")
        .json(json!({"email": acme.admin.email, "password": TestUser::PASSWORD}))
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn create_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let good = json!({"name": "T", "email": "t@example.com", "password": "Password1!"});
    let with = |k: &str, v: serde_json::Value| {
        let mut b = good.clone();
        b[k] = v;
        b
    };
    for (body, message) in [
        (with("email", json!("not-an-email")), "Email is invalid"),
        (with("email", json!("")), "Email can't be blank"),
        (json!({"name": "T", "password": "Password1!"}), "Email can't be blank"),
        (with("password", json!("password")), "Password must contain at least 1 uppercase character, Password must contain at least 1 number character, Password must contain at least 1 special character"),
        (with("password", json!("Aa1!")), "Password is too short (minimum is 6 characters)"),
        (json!({"name": "T", "email": "t@example.com"}), "Password can't be blank"),
        (with("name", json!("")), "Name can't be blank"),
        (with("name", json!("x".repeat(256))), "Name is too long (maximum is 255 characters)"),
        (with("display_name", json!("x".repeat(256))), "Display name is too long (maximum is 255 characters)"),
    ] {
        let res = app.post(&p("/users")).token(&token).json(body.clone()).send().await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        with("custom_attributes", json!("x")),
        with("email", json!(["t@example.com"])),
        with("name", json!({})),
    ] {
        app.post(&p("/users"))
            .token(&token)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    assert_eq!(app.count("users").await, 0);
    assert_eq!(app.count("platform_app_permissibles").await, 0);
}

#[tokio::test]
async fn show_renders_a_granted_user() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "User", acme.admin.id).await;
    let res = app
        .get(&p(&format!("/users/{}", acme.admin.id)))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["email"], acme.admin.email.as_str());
    assert_eq!(res.json["access_token"], acme.admin.token.as_str());
}

#[tokio::test]
async fn update_assigns_fields_and_merges_custom_attributes() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let user = create_user(&app, &token).await;
    let path = p(&format!("/users/{}", user["id"]));
    let res = app
        .patch(&path)
        .token(&token)
        .json(
            json!({"name": "Renamed", "display_name": null, "email": "New@Example.com",
                     "password": "Another1!", "custom_attributes": {"seats": 3}}),
        )
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &USER_KEYS);
    assert_eq!(res.json["name"], "Renamed");
    assert_eq!(res.json["available_name"], "Renamed");
    assert_eq!(res.json["email"], "new@example.com");
    assert_eq!(res.json["uid"], "new@example.com");
    assert_eq!(
        res.json["custom_attributes"],
        json!({"plan": "gold", "seats": 3})
    );
    app.post("/auth/sign_in")
        .json(json!({"email": "new@example.com", "password": "Another1!"}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .put(&path)
        .token(&token)
        .json(json!({"display_name": "D"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Renamed");
    assert_eq!(res.json["available_name"], "D");
}

#[tokio::test]
async fn update_refuses_bad_input_and_changes_nothing() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let user = create_user(&app, &token).await;
    let path = p(&format!("/users/{}", user["id"]));
    for (body, message) in [
        (json!({"email": "broken", "name": "X"}), "Email is invalid"),
        (json!({"email": acme.admin.email}), "Email has already been taken"),
        (json!({"password": "short"}), "Password is too short (minimum is 6 characters), Password must contain at least 1 uppercase character, Password must contain at least 1 number character, Password must contain at least 1 special character"),
        (json!({"password": ""}), "Password can't be blank"),
        (json!({"name": null}), "Name can't be blank"),
        (json!({"name": "x".repeat(256)}), "Name is too long (maximum is 255 characters)"),
    ] {
        let res = app.patch(&path).token(&token).json(body.clone()).send().await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    app.patch(&path)
        .token(&token)
        .json(json!({"custom_attributes": [1]}))
        .send()
        .await
        .assert_status(422);
    let res = app.get(&path).token(&token).send().await;
    assert_eq!(res.json["name"], "Test");
    assert_eq!(res.json["email"], "test@example.com");
    assert_eq!(res.json["custom_attributes"], json!({"plan": "gold"}));
}

#[tokio::test]
async fn destroy_removes_the_user_token_memberships_and_grant() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    grant(&app, app_id, "User", agent.id).await;
    let res = app
        .delete(&p(&format!("/users/{}", agent.id)))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert!(store::users::find(&app.app.db, agent.id)
        .await
        .unwrap()
        .is_none());
    assert_eq!(app.count("account_users").await, 1);
    assert_eq!(app.count("platform_app_permissibles").await, 0);
    app.get("/api/v1/profile")
        .as_user(&agent)
        .send()
        .await
        .assert_error(401, "Invalid Access Token");
}

#[tokio::test]
async fn login_link_signs_the_user_in_once() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let user = app.user("Dev", "dev+testing@chatwoot.com").await;
    grant(&app, app_id, "User", user.id).await;
    let res = app
        .get(&p(&format!("/users/{}/login", user.id)))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["url"]);
    let url = res.json["url"].as_str().unwrap();
    let prefix =
        "http://localhost:3000/app/login?email=dev%2Btesting%40chatwoot.com&sso_auth_token=";
    assert!(url.starts_with(prefix), "{url}");
    let sso = &url[prefix.len()..];
    assert!(!sso.is_empty());
    let sign_in = || {
        app.post("/auth/sign_in")
            .json(json!({"email": "dev+testing@chatwoot.com", "sso_auth_token": sso}))
    };
    let res = sign_in().send().await;
    res.assert_status(200);
    assert_eq!(res.json["data"]["id"], user.id);
    assert!(res.header("access-token").is_some());
    sign_in().send().await.assert_status(401);
    // A second link is a new token.
    let again = app
        .get(&p(&format!("/users/{}/login", user.id)))
        .token(&token)
        .send()
        .await;
    assert_ne!(again.json["url"], url);
}

#[tokio::test]
async fn token_returns_the_users_access_token() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "User", acme.admin.id).await;
    let res = app
        .post(&p(&format!("/users/{}/token", acme.admin.id)))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["access_token", "expiry", "user"]);
    assert_keys(
        &res.json["user"],
        &["id", "name", "display_name", "email", "pubsub_token"],
    );
    assert_eq!(res.json["access_token"], acme.admin.token.as_str());
    assert_eq!(res.json["expiry"], json!(null));
    assert_eq!(res.json["user"]["id"], acme.admin.id);
    app.get(&acme.path(""))
        .token(&acme.admin.token)
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn foreign_users_are_refused_and_unknown_ones_not_found() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let path = p(&format!("/users/{}", acme.admin.id));
    assert_non_permissible(&app.get(&path).token(&token).send().await);
    assert_non_permissible(
        &app.patch(&path)
            .token(&token)
            .json(json!({"email": "mine@example.com"}))
            .send()
            .await,
    );
    assert_non_permissible(&app.delete(&path).token(&token).send().await);
    assert_non_permissible(&app.get(&format!("{path}/login")).token(&token).send().await);
    assert_non_permissible(
        &app.post(&format!("{path}/token"))
            .token(&token)
            .send()
            .await,
    );
    assert!(store::users::find(&app.app.db, acme.admin.id)
        .await
        .unwrap()
        .is_some_and(|u| u.email.as_deref() == Some(acme.admin.email.as_str())));
    assert_eq!(app.count("user_sso_tokens").await, 0);
    for id in ["999999", "abc"] {
        assert_rails_not_found(
            &app.get(&p(&format!("/users/{id}")))
                .token(&token)
                .send()
                .await,
        );
        assert_rails_not_found(
            &app.get(&p(&format!("/users/{id}/login")))
                .token(&token)
                .send()
                .await,
        );
        assert_rails_not_found(
            &app.post(&p(&format!("/users/{id}/token")))
                .token(&token)
                .send()
                .await,
        );
    }
}
