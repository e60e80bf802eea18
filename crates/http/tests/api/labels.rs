//! Labels.

use serde_json::json;
use testkit::{assert_keys, TestAccount, TestApp};

const LABEL_KEYS: &[&str] = &["id", "title", "description", "color", "show_on_sidebar"];

async fn label(app: &TestApp, acct: &TestAccount, title: &str) -> i64 {
    let res = app
        .post(&acct.path("/labels"))
        .as_user(&acct.admin)
        .json(json!({"title": title}))
        .send()
        .await;
    res.assert_status(200);
    res.json["id"].as_i64().unwrap()
}

#[tokio::test]
async fn administrator_creates_a_label_with_defaults() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/labels"))
        .as_user(&acme.admin)
        .json(json!({"label": {"title": "Billing_2024", "description": "Money"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, LABEL_KEYS);
    assert_eq!(res.json["title"], "billing_2024");
    assert_eq!(res.json["color"], "#1f93ff");
    assert_eq!(res.json["show_on_sidebar"], json!(null));
    assert_eq!(res.json["description"], "Money");
    let res = app
        .post(&acme.path("/labels"))
        .as_user(&acme.admin)
        .json(json!({"title": "学中文_12", "color": "#ff0000", "show_on_sidebar": true}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["color"], "#ff0000");
    assert_eq!(res.json["show_on_sidebar"], true);
}

#[tokio::test]
async fn any_member_lists_labels_by_title_in_a_payload() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    label(&app, &acme, "zeta").await;
    label(&app, &acme, "alpha").await;
    let res = app.get(&acme.path("/labels")).as_user(&agent).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let payload = res.json["payload"].as_array().unwrap();
    assert_eq!(payload.len(), 2);
    assert_keys(&payload[0], LABEL_KEYS);
    assert_eq!(payload[0]["title"], "alpha");
    assert_eq!(payload[1]["title"], "zeta");
}

#[tokio::test]
async fn show_is_for_administrators() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = label(&app, &acme, "vip").await;
    let res = app
        .get(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, LABEL_KEYS);
    assert_eq!(res.json["title"], "vip");
    app.get(&acme.path(&format!("/labels/{id}")))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.get(&acme.path("/labels/999999"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn label_routes_need_credentials_and_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let id = label(&app, &acme, "vip").await;
    app.get(&acme.path("/labels"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/labels"))
        .json(json!({"title": "nope"}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/labels"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    for res in [
        app.get(&other.path(&format!("/labels/{id}")))
            .as_user(&other.admin)
            .send()
            .await,
        app.patch(&other.path(&format!("/labels/{id}")))
            .as_user(&other.admin)
            .json(json!({"title": "stolen"}))
            .send()
            .await,
        app.delete(&other.path(&format!("/labels/{id}")))
            .as_user(&other.admin)
            .send()
            .await,
    ] {
        res.assert_not_found();
    }
    let res = app
        .get(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["title"], "vip");
}

#[tokio::test]
async fn agent_cannot_write_labels() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = label(&app, &acme, "vip").await;
    app.post(&acme.path("/labels"))
        .as_user(&agent)
        .json(json!({"title": "mine"}))
        .send()
        .await
        .assert_not_authorized();
    app.put(&acme.path(&format!("/labels/{id}")))
        .as_user(&agent)
        .json(json!({"title": "renamed"}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path(&format!("/labels/{id}")))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("labels").await, 1);
}

#[tokio::test]
async fn administrator_updates_and_deletes_a_label() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let id = label(&app, &acme, "vip").await;
    let res = app
        .patch(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .json(json!({"title": "Test_2", "color": "#000000", "show_on_sidebar": "1"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, LABEL_KEYS);
    assert_eq!(res.json["title"], "test_2");
    assert_eq!(res.json["color"], "#000000");
    assert_eq!(res.json["show_on_sidebar"], true);
    let res = app
        .delete(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(app.count("labels").await, 0);
}

#[tokio::test]
async fn label_titles_follow_upstream_rules() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    label(&app, &acme, "vip").await;
    let cases = [
        (json!({"title": "VIP"}), "Title has already been taken"),
        (json!({"title": "_12"}), "Title is invalid"),
        (json!({"title": "jell;;2_12"}), "Title is invalid"),
        (json!({"title": "heeloo _12"}), "Title is invalid"),
        (json!({"title": "a"}), "Title is invalid"),
        (
            json!({"title": ""}),
            "Title must not be blank, Title is invalid",
        ),
        (
            json!({"description": "untitled"}),
            "Title must not be blank, Title is invalid",
        ),
        (
            json!({"title": "x".repeat(256)}),
            "Title is too long (maximum is 255 characters)",
        ),
        (
            json!({"title": "ok-title", "color": null}),
            "Color can't be blank",
        ),
        (
            json!({"title": "ok-title", "color": "c".repeat(256)}),
            "Color is too long (maximum is 255 characters)",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/labels"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        json!({"title": ["vip"]}),
        json!({"title": "fine", "show_on_sidebar": "sometimes"}),
        json!({"title": "fine", "description": 5}),
    ] {
        let res = app
            .post(&acme.path("/labels"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    app.post(&acme.path("/labels"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: label");
    assert_eq!(app.count("labels").await, 1);
    // The same title is fine in another account.
    label(&app, &other, "vip").await;
}

#[tokio::test]
async fn renaming_onto_a_taken_title_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    label(&app, &acme, "vip").await;
    let id = label(&app, &acme, "new").await;
    let res = app
        .patch(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .json(json!({"title": "Vip", "color": "#123456"}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(res.json["attributes"], json!(["title"]));
    let res = app
        .get(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["title"], "new");
    assert_eq!(res.json["color"], "#1f93ff");
    // Keeping its own title is not a conflict.
    app.patch(&acme.path(&format!("/labels/{id}")))
        .as_user(&acme.admin)
        .json(json!({"title": "new", "description": "same"}))
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn label_changes_bump_the_label_cache_key() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let keys = || async {
        app.get(&acme.path("/cache_keys"))
            .as_user(&acme.admin)
            .send()
            .await
            .json["cache_keys"]
            .clone()
    };
    let before = keys().await;
    label(&app, &acme, "vip").await;
    let after = keys().await;
    assert_ne!(after["label"], before["label"]);
    assert_eq!(after["team"], before["team"]);
    // A refused change leaves it alone.
    let res = app
        .post(&acme.path("/labels"))
        .as_user(&acme.admin)
        .json(json!({"title": "vip"}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(keys().await["label"], after["label"]);
}
