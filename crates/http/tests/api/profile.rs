use serde_json::json;
use testkit::{assert_keys, TestApp, TestUser};

const USER_KEYS: &[&str] = &[
    "access_token",
    "account_id",
    "available_name",
    "avatar_url",
    "confirmed",
    "display_name",
    "message_signature",
    "email",
    "id",
    "inviter_id",
    "name",
    "provider",
    "pubsub_token",
    "role",
    "ui_settings",
    "uid",
    "type",
    "accounts",
];

#[tokio::test]
async fn profile_shows_the_user_in_chatwoot_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app.get("/api/v1/profile").as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, USER_KEYS);
    assert_eq!(res.json["access_token"], acme.admin.token.as_str());
    assert_eq!(res.json["account_id"], acme.id);
    assert_eq!(res.json["role"], "administrator");
    assert_keys(
        &res.json["accounts"][0],
        &[
            "id",
            "name",
            "status",
            "active_at",
            "role",
            "permissions",
            "availability",
            "availability_status",
            "auto_offline",
        ],
    );
    assert_eq!(
        res.json["accounts"][0]["permissions"],
        json!(["administrator"])
    );
    assert_eq!(res.json["accounts"][0]["availability_status"], "offline");
}

#[tokio::test]
async fn profile_needs_a_user_not_a_bot() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.get("/api/v1/profile")
        .send()
        .await
        .assert_unauthenticated();
    let (_, bot_token) = app.agent_bot(Some(acme.id)).await;
    app.get("/api/v1/profile")
        .token(&bot_token)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
    let (_, platform_token) = app.platform_app("P").await;
    app.get("/api/v1/profile")
        .token(&platform_token)
        .send()
        .await
        .assert_status(401);
}

#[tokio::test]
async fn profile_update_changes_fields_wrapped_or_flat() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .put("/api/v1/profile")
        .as_user(&acme.admin)
        .json(json!({"profile": {"name": "New Name", "display_name": "Newbie", "message_signature": "-- N", "ui_settings": {"theme": "dark"}, "phone_number": "+100"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "New Name");
    assert_eq!(res.json["available_name"], "Newbie");
    assert_eq!(res.json["message_signature"], "-- N");
    assert_eq!(res.json["ui_settings"], json!({"theme": "dark"}));
    assert_eq!(res.json["custom_attributes"]["phone_number"], "+100");
    let flat = app
        .patch("/api/v1/profile")
        .as_user(&acme.admin)
        .json(json!({"name": "Flat"}))
        .send()
        .await;
    flat.assert_status(200);
    assert_eq!(flat.json["name"], "Flat");
}

#[tokio::test]
async fn profile_password_change_needs_the_current_password() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .put("/api/v1/profile")
        .as_user(&acme.admin)
        .json(json!({"profile": {"current_password": "wrong", "password": "Newpass1!", "password_confirmation": "Newpass1!"}}))
        .send()
        .await;
    res.assert_error(422, "Invalid current password");
    let weak = app
        .put("/api/v1/profile")
        .as_user(&acme.admin)
        .json(json!({"profile": {"current_password": TestUser::PASSWORD, "password": "short"}}))
        .send()
        .await;
    weak.assert_status(422);
    assert_eq!(weak.json["attributes"], json!(["password"]));
    let ok = app
        .put("/api/v1/profile")
        .as_user(&acme.admin)
        .json(json!({"profile": {"current_password": TestUser::PASSWORD, "password": "Newpass1!", "password_confirmation": "Newpass1!"}}))
        .send()
        .await;
    ok.assert_status(200);
    let signin = app
        .post("/auth/sign_in")
        .json(json!({"email": acme.admin.email, "password": "Newpass1!"}))
        .send()
        .await;
    signin.assert_status(200);
}

#[tokio::test]
async fn profile_update_rejects_bad_input_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.user("Other", "taken@example.com").await;
    let _ = other;
    let admin = &acme.admin;
    for body in [
        json!({}),
        json!({"profile": {"email": "taken@example.com", "name": "Changed"}}),
        json!({"profile": {"email": "nope", "name": "Changed"}}),
        json!({"profile": {"name": "", "display_name": "Changed"}}),
        json!({"profile": {"name": "x".repeat(300)}}),
        json!({"profile": {"ui_settings": "not an object", "name": "Changed"}}),
    ] {
        let res = app
            .put("/api/v1/profile")
            .as_user(admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    let res = app.get("/api/v1/profile").as_user(admin).send().await;
    assert_eq!(res.json["name"], "Acme Admin");
    assert_eq!(res.json["display_name"], json!(null));
    let missing = app
        .put("/api/v1/profile")
        .as_user(admin)
        .json(json!({}))
        .send()
        .await;
    missing.assert_error(422, "param is missing or the value is empty: profile");
    let broken = app
        .put("/api/v1/profile")
        .as_user(admin)
        .raw("application/json", "{not json")
        .send()
        .await;
    broken.assert_status(400);
}

#[tokio::test]
async fn availability_is_set_per_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post("/api/v1/profile/availability")
        .as_user(&acme.admin)
        .json(json!({"profile": {"account_id": acme.id, "availability": "busy"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["accounts"][0]["availability"], "busy");
    let other = app.account("Other").await;
    app.post("/api/v1/profile/availability")
        .as_user(&acme.admin)
        .json(json!({"profile": {"account_id": other.id, "availability": "busy"}}))
        .send()
        .await
        .assert_not_found();
    let bad = app
        .post("/api/v1/profile/availability")
        .as_user(&acme.admin)
        .json(json!({"profile": {"account_id": acme.id, "availability": "sleeping"}}))
        .send()
        .await;
    bad.assert_status(422);
    app.post("/api/v1/profile/availability")
        .json(json!({}))
        .send()
        .await
        .assert_unauthenticated();
}

#[tokio::test]
async fn reset_access_token_replaces_the_old_one() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post("/api/v1/profile/reset_access_token")
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    let new_token = res.json["access_token"].as_str().unwrap().to_string();
    assert_ne!(new_token, acme.admin.token);
    app.get("/api/v1/profile")
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(401);
    app.get("/api/v1/profile")
        .token(&new_token)
        .send()
        .await
        .assert_status(200);
}
