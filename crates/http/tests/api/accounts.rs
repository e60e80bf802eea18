use serde_json::json;
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn api_index_reports_version_and_services() {
    let app = TestApp::new().await;
    let res = app.get("/api").send().await;
    res.assert_status(200);
    assert_keys(
        &res.json,
        &["version", "timestamp", "queue_services", "data_services"],
    );
    assert_eq!(res.json["version"], "4.8.0");
    assert_eq!(res.json["data_services"], "ok");
}

#[tokio::test]
async fn member_sees_account_in_chatwoot_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app.get(&acme.path("")).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(
        &res.json,
        &[
            "settings",
            "created_at",
            "domain",
            "features",
            "id",
            "locale",
            "name",
            "support_email",
            "status",
            "cache_keys",
            "latest_chatwoot_version",
        ],
    );
    assert_eq!(res.json["name"], "Acme");
    assert_eq!(res.json["locale"], "en");
    assert_eq!(res.json["status"], "active");
    assert_eq!(res.json["features"]["help_center"], true);
    assert!(res.json["features"].get("sla").is_none());
    assert_eq!(
        res.json["cache_keys"],
        json!({"label": "0000000000", "inbox": "0000000000", "team": "0000000000"})
    );
    assert!(res.json["created_at"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn account_show_needs_credentials() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.get(&acme.path(""))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path(""))
        .token("nope")
        .send()
        .await
        .assert_error(401, "Invalid Access Token");
}

#[tokio::test]
async fn another_accounts_show_is_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    app.get(&other.path(""))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.get("/api/v1/accounts/abc")
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn administrator_updates_account_fields_settings_and_custom_attributes() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .patch(&acme.path(""))
        .as_user(&acme.admin)
        .json(json!({
            "name": "Acme Inc", "locale": "de", "domain": "acme.test", "support_email": "help@acme.test",
            "industry": "Retail", "company_size": "1-10", "timezone": "Europe/Berlin",
            "auto_resolve_after": 60, "auto_resolve_message": "Closing", "auto_resolve_ignore_waiting": true,
            "audio_transcriptions": false, "auto_resolve_label": "auto"
        }))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Acme Inc");
    assert_eq!(res.json["locale"], "de");
    assert_eq!(res.json["domain"], "acme.test");
    assert_eq!(res.json["support_email"], "help@acme.test");
    assert_eq!(res.json["custom_attributes"]["industry"], "Retail");
    assert_eq!(res.json["custom_attributes"]["timezone"], "Europe/Berlin");
    assert_eq!(res.json["custom_attributes"]["plan_name"], json!(null));
    assert_eq!(res.json["settings"]["auto_resolve_after"], 60);
    assert_eq!(res.json["settings"]["auto_resolve_ignore_waiting"], true);
    assert_eq!(res.json["settings"]["auto_resolve_label"], "auto");
    // It stays written.
    let again = app.get(&acme.path("")).as_user(&acme.admin).send().await;
    assert_eq!(again.json["settings"]["auto_resolve_message"], "Closing");
}

#[tokio::test]
async fn wrapped_account_body_works_like_a_flat_one() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .put(&acme.path(""))
        .as_user(&acme.admin)
        .json(json!({"account": {"name": "Wrapped"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Wrapped");
}

#[tokio::test]
async fn agent_cannot_update_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    app.patch(&acme.path(""))
        .as_user(&agent)
        .json(json!({"name": "Hijack"}))
        .send()
        .await
        .assert_not_authorized();
    let res = app.get(&acme.path("")).as_user(&agent).send().await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Acme");
}

#[tokio::test]
async fn invalid_account_updates_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let admin = &acme.admin;
    let bad = [
        json!({"name": "", "domain": "x"}),
        json!({"domain": "d".repeat(101)}),
        json!({"auto_resolve_after": 5}),
        json!({"auto_resolve_after": "soon"}),
        json!({"locale": "xx"}),
        json!({"name": 12.5, "auto_resolve_message": 7}),
        json!({"name": ["list"]}),
    ];
    for body in bad {
        let res = app
            .patch(&acme.path(""))
            .as_user(admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    let res = app.get(&acme.path("")).as_user(admin).send().await;
    assert_eq!(res.json["name"], "Acme");
    assert_eq!(res.json["domain"], json!(null));
    assert_eq!(res.json["settings"], json!({}));
    let res = app
        .patch(&acme.path(""))
        .as_user(admin)
        .json(json!({"name": ""}))
        .send()
        .await;
    assert_eq!(
        res.json,
        json!({"message": "Name can't be blank", "attributes": ["name"]})
    );
}

#[tokio::test]
async fn suspended_account_refuses_its_members() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    use store::Exec;
    app.app
        .db
        .execute(store::Sql::new("UPDATE accounts SET status = 1 WHERE id = $1").bind(acme.id))
        .await
        .unwrap();
    // Nested account routes say so; unknown nested routes still answer 404.
    let res = app
        .get(&acme.path("/nothing-here"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(404);
}

#[tokio::test]
async fn update_active_at_and_cache_keys() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.post(&acme.path("/update_active_at"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    let profile = app.get("/api/v1/profile").as_user(&acme.admin).send().await;
    assert!(profile.json["accounts"][0]["active_at"].is_string());
    let res = app
        .get(&acme.path("/cache_keys"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json["cache_keys"], &["label", "inbox", "team"]);
    let other = app.account("Other").await;
    app.post(&other.path("/update_active_at"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.get(&acme.path("/cache_keys"))
        .send()
        .await
        .assert_unauthenticated();
}

#[tokio::test]
async fn signup_creates_account_user_and_session() {
    let app = TestApp::new().await;
    let res = app
        .post("/api/v1/accounts")
        .json(json!({"account_name": "Startup", "user_full_name": "Jane Doe", "email": "Jane@Example.com", "password": "Password1!"}))
        .send()
        .await;
    res.assert_status(200);
    let data = &res.json["data"];
    assert_eq!(data["email"], "jane@example.com");
    assert_eq!(data["role"], "administrator");
    assert_eq!(data["accounts"][0]["name"], "Startup");
    assert_eq!(data["accounts"][0]["locale"], "en");
    assert!(res.header("access-token").is_some());
    assert_eq!(res.header("uid"), Some("jane@example.com"));
    let token = data["access_token"].as_str().unwrap();
    let account_id = data["account_id"].as_i64().unwrap();
    app.get(&format!("/api/v1/accounts/{account_id}"))
        .token(token)
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn signup_rejects_bad_input_without_writing() {
    let app = TestApp::new().await;
    let existing = app.user("Old", "old@example.com").await;
    let _ = existing;
    let before = (app.count("accounts").await, app.count("users").await);
    let cases = [
        (
            json!({"email": "x@example.com", "password": "Password1!"}),
            "Invalid, please check the signup paramters and try again",
        ),
        (
            json!({"account_name": "A", "email": "not-an-email", "password": "Password1!"}),
            "You have entered an invalid email",
        ),
        (
            json!({"account_name": "A", "email": "old@example.com", "password": "Password1!"}),
            "You have already signed up for an account with old@example.com",
        ),
    ];
    for (body, message) in cases {
        let res = app.post("/api/v1/accounts").json(body).send().await;
        res.assert_status(403);
        assert_eq!(res.json, json!({"message": message}));
    }
    let weak = app.post("/api/v1/accounts").json(json!({"account_name": "A", "user_full_name": "B", "email": "new@example.com", "password": "weak"})).send().await;
    weak.assert_status(403);
    assert!(weak.json["message"]
        .as_str()
        .unwrap()
        .starts_with("Password is too short"));
    assert_eq!(
        (app.count("accounts").await, app.count("users").await),
        before
    );
}

#[tokio::test]
async fn signup_is_not_found_when_disabled() {
    let app = TestApp::with_config(|c| c.enable_account_signup = false).await;
    let res = app
        .post("/api/v1/accounts")
        .json(json!({"account_name": "A", "email": "a@b.c", "password": "Password1!"}))
        .send()
        .await;
    res.assert_status(404);
    assert_eq!(app.count("accounts").await, 0);
}

#[tokio::test]
async fn signed_in_user_adds_an_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post("/api/v1/accounts")
        .as_user(&acme.admin)
        .json(json!({"account_name": "Second"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["data"]["accounts"].as_array().unwrap().len(), 2);
}
