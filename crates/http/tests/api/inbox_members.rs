//! Inbox members API (`inbox_members_controller.rb`).

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp, TestResponse, TestUser};

const AGENT_KEYS: [&str; 11] = [
    "id",
    "account_id",
    "availability_status",
    "auto_offline",
    "confirmed",
    "email",
    "provider",
    "available_name",
    "name",
    "role",
    "thumbnail",
];

async fn send(
    app: &TestApp,
    method: &str,
    acct: &TestAccount,
    user: &TestUser,
    body: Value,
) -> TestResponse {
    let method = axum::http::Method::from_bytes(method.as_bytes()).unwrap();
    app.request(method, &acct.path("/inbox_members"))
        .as_user(user)
        .json(body)
        .send()
        .await
}

fn ids(res: &TestResponse) -> Vec<i64> {
    res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect()
}

async fn member_ids(app: &TestApp, inbox_id: i64) -> Vec<i64> {
    use store::Exec;
    let q =
        store::Sql::new("SELECT user_id FROM inbox_members WHERE inbox_id = $1 ORDER BY user_id")
            .bind(inbox_id);
    let rows: Vec<(i64,)> = app.app.db.fetch_all(q).await.unwrap();
    rows.into_iter().map(|r| r.0).collect()
}

#[tokio::test]
async fn members_and_admins_list_the_inbox_members() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let insider = app.agent(&acme).await;
    app.add_inbox_member(inbox, &insider).await;
    let path = acme.path(&format!("/inbox_members/{inbox}"));
    for user in [&insider, &acme.admin] {
        let res = app.get(&path).as_user(user).send().await;
        res.assert_status(200);
        assert_keys(&res.json, &["payload"]);
        assert_eq!(ids(&res), vec![insider.id]);
        assert_keys(&res.json["payload"][0], &AGENT_KEYS);
        assert_eq!(res.json["payload"][0]["role"], "agent");
    }
    let outsider = app.agent(&acme).await;
    app.get(&path)
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    app.get(&path).send().await.assert_unauthenticated();
    let other = app.account("Other").await;
    app.get(&path)
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    let theirs = app.inbox(other.id, "Theirs").await;
    app.get(&acme.path(&format!("/inbox_members/{theirs}")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn admin_adds_members_once_each() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let (a, b) = (app.agent(&acme).await, app.agent(&acme).await);
    app.add_inbox_member(inbox, &a).await;
    let res = send(
        &app,
        "POST",
        &acme,
        &acme.admin,
        json!({"inbox_id": inbox, "user_ids": [a.id, b.id, b.id]}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(ids(&res), vec![a.id, b.id]);
    assert_keys(&res.json["payload"][1], &AGENT_KEYS);
    assert_eq!(member_ids(&app, inbox).await, vec![a.id, b.id]);
    // Form-style ids (strings) work too; the admin joins as well.
    let res = send(
        &app,
        "POST",
        &acme,
        &acme.admin,
        json!({"inbox_id": inbox.to_string(), "user_ids": [acme.admin.id.to_string()]}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 3);
    let audits =
        "SELECT COUNT(*) FROM audits WHERE auditable_type = 'InboxMember' AND action = 'create'";
    use store::Exec;
    let n: i64 = app.app.db.scalar(store::Sql::new(audits)).await.unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn admin_replaces_the_member_set() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let (old, new) = (app.agent(&acme).await, app.agent(&acme).await);
    app.add_inbox_member(inbox, &old).await;
    let res = send(
        &app,
        "PATCH",
        &acme,
        &acme.admin,
        json!({"inbox_id": inbox, "user_ids": [new.id]}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(ids(&res), vec![new.id]);
    assert_eq!(member_ids(&app, inbox).await, vec![new.id]);
    let res = send(
        &app,
        "PATCH",
        &acme,
        &acme.admin,
        json!({"inbox_id": inbox, "user_ids": []}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.json, json!({"payload": []}));
    assert_eq!(app.count("inbox_members").await, 0);
}

#[tokio::test]
async fn admin_removes_members_and_ignores_strangers() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let (stay, go, never) = (
        app.agent(&acme).await,
        app.agent(&acme).await,
        app.agent(&acme).await,
    );
    app.add_inbox_member(inbox, &stay).await;
    app.add_inbox_member(inbox, &go).await;
    let res = send(
        &app,
        "DELETE",
        &acme,
        &acme.admin,
        json!({"inbox_id": inbox, "user_ids": [go.id, never.id, "invalid"]}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(member_ids(&app, inbox).await, vec![stay.id]);
}

#[tokio::test]
async fn agents_cannot_change_members() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let insider = app.agent(&acme).await;
    app.add_inbox_member(inbox, &insider).await;
    let body = json!({"inbox_id": inbox, "user_ids": [insider.id]});
    for method in ["POST", "PATCH", "DELETE"] {
        send(&app, method, &acme, &insider, body.clone())
            .await
            .assert_not_authorized();
        let m = axum::http::Method::from_bytes(method.as_bytes()).unwrap();
        app.request(m, &acme.path("/inbox_members"))
            .json(body.clone())
            .send()
            .await
            .assert_unauthenticated();
    }
    assert_eq!(member_ids(&app, inbox).await, vec![insider.id]);
}

#[tokio::test]
async fn unknown_users_or_inboxes_are_refused_and_nothing_changes() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let theirs = app.inbox(other.id, "Theirs").await;
    let agent = app.agent(&acme).await;
    let stranger = app.agent(&other).await;
    app.add_inbox_member(inbox, &agent).await;
    for method in ["POST", "PATCH"] {
        for user_ids in [
            json!([stranger.id]),
            json!(["invalid"]),
            json!([999_999]),
            json!([agent.id, other.admin.id]),
        ] {
            let res = send(
                &app,
                method,
                &acme,
                &acme.admin,
                json!({"inbox_id": inbox, "user_ids": user_ids}),
            )
            .await;
            res.assert_status(422);
            assert_eq!(
                res.json,
                json!({"message": "User must exist", "attributes": ["user"]})
            );
        }
        let res = send(&app, method, &acme, &acme.admin, json!({"inbox_id": inbox})).await;
        res.assert_error(422, "param is missing or the value is empty: user_ids");
        let res = send(
            &app,
            method,
            &acme,
            &acme.admin,
            json!({"inbox_id": inbox, "user_ids": agent.id}),
        )
        .await;
        res.assert_status(422);
    }
    for method in ["POST", "PATCH", "DELETE"] {
        for inbox_id in [json!(null), json!(theirs), json!("abc"), json!(999_999)] {
            send(
                &app,
                method,
                &acme,
                &acme.admin,
                json!({"inbox_id": inbox_id, "user_ids": [agent.id]}),
            )
            .await
            .assert_not_found();
        }
    }
    assert_eq!(member_ids(&app, inbox).await, vec![agent.id]);
    assert_eq!(app.count("inbox_members").await, 1);
}
