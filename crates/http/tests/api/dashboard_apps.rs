//! `/api/v1/accounts/{id}/dashboard_apps`: any member may manage them (no policy upstream).

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp, TestUser};

const APP_KEYS: &[&str] = &["id", "title", "content", "created_at"];

fn frame(url: &str) -> Value {
    json!([{"type": "frame", "url": url}])
}

async fn create(app: &TestApp, acct: &TestAccount, user: &TestUser, title: &str) -> Value {
    let res = app
        .post(&acct.path("/dashboard_apps"))
        .as_user(user)
        .json(json!({"dashboard_app": {"title": title, "content": frame("https://crm.example.com/panel")}}))
        .send()
        .await;
    res.assert_status(200);
    res.json
}

#[tokio::test]
async fn an_agent_creates_a_dashboard_app() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let created = create(&app, &acme, &agent, "CRM").await;
    assert_keys(&created, APP_KEYS);
    assert_eq!(created["title"], "CRM");
    assert_eq!(created["content"], frame("https://crm.example.com/panel"));
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));
    // Plain http is allowed, and unknown keys inside a frame are dropped (strong params).
    let res = app
        .post(&acme.path("/dashboard_apps"))
        .as_user(&agent)
        .json(json!({"title": "Orders", "content": [{"type": "frame", "url": "http://orders.local:8080/x", "height": 4}]}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["content"], frame("http://orders.local:8080/x"));
    assert_eq!(app.count("dashboard_apps").await, 2);
}

#[tokio::test]
async fn members_list_and_show_the_accounts_dashboard_apps() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let first = create(&app, &acme, &acme.admin, "CRM").await;
    let second = create(&app, &acme, &agent, "Billing").await;
    let foreign = create(&app, &other, &other.admin, "Theirs").await;
    let res = app
        .get(&acme.path("/dashboard_apps"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json, json!([first, second]));
    let show = app
        .get(&acme.path(&format!("/dashboard_apps/{}", first["id"])))
        .as_user(&agent)
        .send()
        .await;
    show.assert_status(200);
    assert_keys(&show.json, APP_KEYS);
    assert_eq!(show.json, first);
    for id in [foreign["id"].to_string(), "999999".into(), "abc".into()] {
        app.get(&acme.path(&format!("/dashboard_apps/{id}")))
            .as_user(&agent)
            .send()
            .await
            .assert_not_found();
    }
}

#[tokio::test]
async fn dashboard_apps_need_a_member_of_the_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let (_, bot_token) = app.agent_bot(Some(acme.id)).await;
    let created = create(&app, &acme, &acme.admin, "CRM").await;
    let path = acme.path(&format!("/dashboard_apps/{}", created["id"]));
    let body = json!({"title": "Mine", "content": frame("https://x.example.com")});
    app.get(&acme.path("/dashboard_apps"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/dashboard_apps"))
        .json(body.clone())
        .send()
        .await
        .assert_unauthenticated();
    app.get(&path).send().await.assert_unauthenticated();
    app.patch(&path)
        .json(body.clone())
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&path).send().await.assert_unauthenticated();
    for res in [
        app.get(&acme.path("/dashboard_apps"))
            .as_user(&other.admin)
            .send()
            .await,
        app.post(&acme.path("/dashboard_apps"))
            .as_user(&other.admin)
            .json(body.clone())
            .send()
            .await,
        app.put(&path)
            .as_user(&other.admin)
            .json(body.clone())
            .send()
            .await,
        app.delete(&path).as_user(&other.admin).send().await,
    ] {
        res.assert_error(401, "You are not authorized to access this account");
    }
    for res in [
        app.get(&acme.path("/dashboard_apps"))
            .token(&bot_token)
            .send()
            .await,
        app.post(&acme.path("/dashboard_apps"))
            .token(&bot_token)
            .json(body.clone())
            .send()
            .await,
    ] {
        res.assert_error(401, "Access to this endpoint is not authorized for bots");
    }
    assert_eq!(app.count("dashboard_apps").await, 1);
    let after = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(after.json["title"], "CRM");
}

#[tokio::test]
async fn bad_dashboard_app_input_is_a_422_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let many: Vec<Value> = (0..21)
        .map(|i| json!({"type": "frame", "url": format!("https://x.example.com/{i}")}))
        .collect();
    let long_url = format!("https://x.example.com/{}", "a".repeat(2048));
    let cases = [
        (
            json!({"title": "CRM", "content": frame("com")}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "CRM", "content": frame("ftp://wontwork.example.com/x")}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "CRM", "content": [{"type": "dda", "url": "https://x.example.com"}]}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "CRM", "content": [{"type": "frame"}]}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "CRM", "content": []}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "CRM", "content": "https://x.example.com"}),
            "Content : Invalid data",
        ),
        (json!({"title": "CRM"}), "Content : Invalid data"),
        (
            json!({"title": "CRM", "content": many}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "CRM", "content": frame(&long_url)}),
            "Content : Invalid data",
        ),
        (
            json!({"title": "", "content": frame("https://x.example.com")}),
            "Title can't be blank",
        ),
        (
            json!({"content": frame("https://x.example.com")}),
            "Title can't be blank",
        ),
        (
            json!({"title": "t".repeat(256), "content": frame("https://x.example.com")}),
            "Title is too long (maximum is 255 characters)",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/dashboard_apps"))
            .as_user(&agent)
            .json(json!({"dashboard_app": body}))
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    app.post(&acme.path("/dashboard_apps"))
        .as_user(&agent)
        .json(
            json!({"dashboard_app": {"title": ["CRM"], "content": frame("https://x.example.com")}}),
        )
        .send()
        .await
        .assert_status(422);
    app.post(&acme.path("/dashboard_apps"))
        .as_user(&agent)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: dashboard_app");
    assert_eq!(app.count("dashboard_apps").await, 0);
}

#[tokio::test]
async fn a_member_updates_a_dashboard_app_with_patch_or_put() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let created = create(&app, &acme, &acme.admin, "CRM").await;
    let path = acme.path(&format!("/dashboard_apps/{}", created["id"]));
    let res = app
        .patch(&path)
        .as_user(&agent)
        .json(json!({"dashboard_app": {"title": "CRM v2"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, APP_KEYS);
    assert_eq!(res.json["title"], "CRM v2");
    assert_eq!(res.json["content"], created["content"]);
    let put = app
        .put(&path)
        .as_user(&agent)
        .json(json!({"content": frame("https://crm.example.com/v2")}))
        .send()
        .await;
    put.assert_status(200);
    assert_eq!(put.json["title"], "CRM v2");
    assert_eq!(put.json["content"], frame("https://crm.example.com/v2"));
}

#[tokio::test]
async fn dashboard_app_updates_reject_bad_input_and_foreign_ids() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let created = create(&app, &acme, &acme.admin, "CRM").await;
    let foreign = create(&app, &other, &other.admin, "Theirs").await;
    let path = acme.path(&format!("/dashboard_apps/{}", created["id"]));
    for (body, message) in [
        (json!({"title": null}), "Title can't be blank"),
        (
            json!({"title": "ok", "content": frame("javascript:alert(1)")}),
            "Content : Invalid data",
        ),
        (json!({"content": null}), "Content : Invalid data"),
    ] {
        let res = app
            .patch(&path)
            .as_user(&acme.admin)
            .json(json!({"dashboard_app": body}))
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    for id in [foreign["id"].to_string(), "999999".into()] {
        app.patch(&acme.path(&format!("/dashboard_apps/{id}")))
            .as_user(&acme.admin)
            .json(json!({"title": "Mine"}))
            .send()
            .await
            .assert_not_found();
    }
    let after = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(after.json, created);
    let theirs = app
        .get(&other.path(&format!("/dashboard_apps/{}", foreign["id"])))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(theirs.json["title"], "Theirs");
}

#[tokio::test]
async fn a_member_deletes_a_dashboard_app_with_no_content() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    let created = create(&app, &acme, &acme.admin, "CRM").await;
    let foreign = create(&app, &other, &other.admin, "Theirs").await;
    app.delete(&acme.path(&format!("/dashboard_apps/{}", foreign["id"])))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
    let res = app
        .delete(&acme.path(&format!("/dashboard_apps/{}", created["id"])))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(204);
    assert_eq!(app.count("dashboard_apps").await, 1);
    app.get(&acme.path(&format!("/dashboard_apps/{}", created["id"])))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}
