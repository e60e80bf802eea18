use serde_json::json;
use testkit::{assert_keys, TestApp, TestUser};

async fn sign_in(app: &TestApp, email: &str, password: &str) -> testkit::TestResponse {
    app.post("/auth/sign_in")
        .json(json!({"email": email, "password": password}))
        .send()
        .await
}

#[tokio::test]
async fn sign_in_returns_user_and_devise_headers() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = sign_in(&app, &acme.admin.email.to_uppercase(), TestUser::PASSWORD).await;
    res.assert_status(200);
    for h in ["access-token", "client", "uid", "token-type", "expiry"] {
        assert!(res.header(h).is_some(), "missing header {h}");
    }
    assert_eq!(res.header("token-type"), Some("Bearer"));
    assert_eq!(res.json["data"]["access_token"], acme.admin.token.as_str());
    assert_eq!(res.json["data"]["email"], acme.admin.email.as_str());
}

#[tokio::test]
async fn bad_credentials_are_401_in_devise_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    for (email, password) in [
        (acme.admin.email.as_str(), "wrong"),
        ("nobody@example.com", TestUser::PASSWORD),
        ("", ""),
    ] {
        let res = sign_in(&app, email, password).await;
        res.assert_status(401);
        assert_eq!(
            res.json,
            json!({"success": false, "errors": ["Invalid login credentials. Please try again."]})
        );
    }
}

#[tokio::test]
async fn devise_headers_authenticate_later_requests_until_sign_out() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = sign_in(&app, &acme.admin.email, TestUser::PASSWORD).await;
    let (client, uid) = (
        res.header("client").unwrap().to_string(),
        res.header("uid").unwrap().to_string(),
    );

    let profile = app.get("/api/v1/profile").session(&res).send().await;
    profile.assert_status(200);
    let account = app.get(&acme.path("")).session(&res).send().await;
    account.assert_status(200);

    let validated = app.get("/auth/validate_token").session(&res).send().await;
    validated.assert_status(200);
    assert_eq!(validated.json["payload"]["success"], true);
    assert!(validated.json["payload"]["data"]["created_at"].is_string());
    assert_eq!(validated.json["payload"]["data"]["id"], acme.admin.id);

    // A forged token for the same client is refused.
    let forged = app
        .get("/api/v1/profile")
        .header("access-token", "forged")
        .header("client", &client)
        .header("uid", &uid)
        .send()
        .await;
    forged.assert_unauthenticated();

    app.delete("/auth/sign_out")
        .session(&res)
        .send()
        .await
        .assert_status(200);
    app.get("/api/v1/profile")
        .session(&res)
        .send()
        .await
        .assert_unauthenticated();
    let again = app.delete("/auth/sign_out").session(&res).send().await;
    again.assert_status(404);
}

#[tokio::test]
async fn validate_token_without_session_is_401() {
    let app = TestApp::new().await;
    let res = app.get("/auth/validate_token").send().await;
    res.assert_status(401);
    assert_eq!(res.json["success"], false);
}

#[tokio::test]
async fn two_sessions_are_independent() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let a = sign_in(&app, &acme.admin.email, TestUser::PASSWORD).await;
    let b = sign_in(&app, &acme.admin.email, TestUser::PASSWORD).await;
    assert_ne!(a.header("client"), b.header("client"));
    app.delete("/auth/sign_out")
        .session(&a)
        .send()
        .await
        .assert_status(200);
    let still = app.get("/api/v1/profile").session(&b).send().await;
    still.assert_status(200);
    assert_keys(
        &still.json["accounts"][0],
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
}
