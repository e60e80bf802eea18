//! `Platform::Api::V1::AccountUsersController`.

use super::{
    assert_invalid_token, assert_non_permissible, assert_rails_not_found, grant, p, platform,
};
use serde_json::json;
use testkit::{assert_keys, TestApp};

const RECORD_KEYS: [&str; 12] = [
    "id",
    "account_id",
    "user_id",
    "role",
    "inviter_id",
    "created_at",
    "updated_at",
    "active_at",
    "availability",
    "auto_offline",
    "custom_role_id",
    "agent_capacity_policy_id",
];

fn path(account_id: i64) -> String {
    p(&format!("/accounts/{account_id}/account_users"))
}

#[tokio::test]
async fn index_renders_the_raw_memberships() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    grant(&app, app_id, "Account", acme.id).await;
    let res = app.get(&path(acme.id)).token(&token).send().await;
    res.assert_status(200);
    let rows = res.json.as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_keys(&rows[0], &RECORD_KEYS);
    assert_eq!(rows[0]["user_id"], acme.admin.id);
    assert_eq!(rows[0]["role"], "administrator");
    assert_eq!(rows[0]["availability"], "online");
    assert_eq!(rows[0]["auto_offline"], true);
    assert_eq!(rows[0]["account_id"], acme.id);
    assert!(rows[0]["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(rows[1]["user_id"], agent.id);
    assert_eq!(rows[1]["role"], "agent");
}

#[tokio::test]
async fn create_adds_a_member_then_changes_its_role() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "Account", acme.id).await;
    // The user need not be the app's own.
    let user = app.user("Outsider", "outsider@example.com").await;
    let res = app
        .post(&path(acme.id))
        .token(&token)
        .json(json!({"user_id": user.id}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &RECORD_KEYS);
    assert_eq!(res.json["user_id"], user.id);
    assert_eq!(res.json["role"], "agent");
    let res = app
        .post(&path(acme.id))
        .token(&token)
        .json(json!({"user_id": user.id.to_string(), "role": "administrator"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["role"], "administrator");
    assert_eq!(app.count("account_users").await, 2);
    // The member now reaches the account through the account API.
    app.get(&acme.path(""))
        .as_user(&user)
        .send()
        .await
        .assert_status(200);
    let res = app
        .post(&path(acme.id))
        .token(&token)
        .json(json!({"user_id": user.id, "role": 0}))
        .send()
        .await;
    assert_eq!(res.json["role"], "agent");
}

#[tokio::test]
async fn create_refuses_bad_input_and_writes_nothing() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let user = app.user("Outsider", "outsider@example.com").await;
    grant(&app, app_id, "Account", acme.id).await;
    for (body, message) in [
        (json!({}), "User must exist"),
        (json!({"user_id": 999999}), "User must exist"),
        (
            json!({"user_id": user.id, "role": "owner"}),
            "Role is not included in the list",
        ),
        (
            json!({"user_id": user.id, "role": 5}),
            "Role is not included in the list",
        ),
    ] {
        let res = app
            .post(&path(acme.id))
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        json!({"user_id": "abc"}),
        json!({"user_id": [1]}),
        json!({"user_id": user.id, "role": ["agent"]}),
    ] {
        let res = app
            .post(&path(acme.id))
            .token(&token)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
    }
    assert_eq!(app.count("account_users").await, 1);
}

#[tokio::test]
async fn destroy_ends_the_membership_and_is_ok_without_one() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let other = app.agent(&acme).await;
    grant(&app, app_id, "Account", acme.id).await;
    let res = app
        .delete(&path(acme.id))
        .token(&token)
        .json(json!({"user_id": agent.id}))
        .send()
        .await;
    res.assert_status(200);
    assert!(store::account_users::find(&app.app.db, acme.id, agent.id)
        .await
        .unwrap()
        .is_none());
    app.get(&acme.path(""))
        .as_user(&agent)
        .send()
        .await
        .assert_status(404);
    // The id may come in the query string too.
    let res = app
        .delete(&format!("{}?user_id={}", path(acme.id), other.id))
        .token(&token)
        .send()
        .await;
    res.assert_status(200);
    assert!(store::account_users::find(&app.app.db, acme.id, other.id)
        .await
        .unwrap()
        .is_none());
    for body in [
        json!({"user_id": agent.id}),
        json!({"user_id": 999999}),
        json!({}),
    ] {
        app.delete(&path(acme.id))
            .token(&token)
            .json(body)
            .send()
            .await
            .assert_status(200);
    }
    assert_eq!(app.count("account_users").await, 1);
    // Its users are still there.
    assert!(store::users::find(&app.app.db, agent.id)
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn foreign_accounts_are_refused_and_unknown_ones_not_found() {
    let app = TestApp::new().await;
    let (_, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    let user = app.user("Outsider", "outsider@example.com").await;
    assert_non_permissible(&app.get(&path(acme.id)).token(&token).send().await);
    assert_non_permissible(
        &app.post(&path(acme.id))
            .token(&token)
            .json(json!({"user_id": user.id, "role": "administrator"}))
            .send()
            .await,
    );
    assert_non_permissible(
        &app.delete(&path(acme.id))
            .token(&token)
            .json(json!({"user_id": acme.admin.id}))
            .send()
            .await,
    );
    assert_eq!(app.count("account_users").await, 1);
    assert_rails_not_found(&app.get(&path(999999)).token(&token).send().await);
    assert_rails_not_found(
        &app.get(&p("/accounts/abc/account_users"))
            .token(&token)
            .send()
            .await,
    );
    assert_invalid_token(&app.get(&path(acme.id)).send().await);
    assert_invalid_token(&app.get(&path(acme.id)).as_user(&acme.admin).send().await);
}
