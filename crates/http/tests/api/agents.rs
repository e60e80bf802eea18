//! Agents: an account's users.

use serde_json::{json, Value};
use store::Exec;
use testkit::{assert_keys, TestAccount, TestApp};

pub(crate) const AGENT_KEYS: &[&str] = &[
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

pub(crate) async fn set_account_json(
    app: &TestApp,
    acct: &TestAccount,
    column: &str,
    value: Value,
) {
    let sql = match column {
        "limits" => "UPDATE accounts SET limits = $2 WHERE id = $1",
        _ => "UPDATE accounts SET custom_attributes = $2 WHERE id = $1",
    };
    app.app
        .db
        .execute(store::Sql::new(sql).bind(acct.id).bind(value))
        .await
        .unwrap();
}

pub(crate) async fn member_count(app: &TestApp, acct: &TestAccount) -> i64 {
    app.app
        .db
        .scalar::<i64>(
            store::Sql::new("SELECT COUNT(*) FROM account_users WHERE account_id = $1")
                .bind(acct.id),
        )
        .await
        .unwrap()
}

#[tokio::test]
async fn any_member_lists_agents_by_name() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    app.app
        .db
        .execute(
            store::Sql::new("UPDATE users SET custom_attributes = $2 WHERE id = $1")
                .bind(agent.id)
                .bind(json!({"test": "test"})),
        )
        .await
        .unwrap();
    let res = app.get(&acme.path("/agents")).as_user(&agent).send().await;
    res.assert_status(200);
    let list = res.json.as_array().unwrap();
    assert_eq!(list.len(), 2);
    // "Acme Admin" sorts before "Agent Smith".
    assert_keys(&list[0], AGENT_KEYS);
    assert_eq!(list[0]["id"], acme.admin.id);
    assert_eq!(list[0]["role"], "administrator");
    assert_eq!(list[0]["account_id"], acme.id);
    assert_eq!(list[1]["id"], agent.id);
    assert_eq!(list[1]["role"], "agent");
    assert_eq!(list[1]["custom_attributes"], json!({"test": "test"}));
    assert_eq!(list[1]["confirmed"], true);
    assert_eq!(list[1]["availability_status"], "offline");
}

#[tokio::test]
async fn administrator_invites_a_new_agent() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let users = app.count("users").await;
    let res = app
        .post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(
            json!({"agent": {"name": "NewUser", "email": "New.User@Example.com", "role": "agent"}}),
        )
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, AGENT_KEYS);
    assert_eq!(res.json["email"], "new.user@example.com");
    assert_eq!(res.json["name"], "NewUser");
    assert_eq!(res.json["role"], "agent");
    assert_eq!(res.json["confirmed"], false);
    assert_eq!(res.json["auto_offline"], true);
    assert_eq!(res.json["provider"], "email");
    assert_eq!(app.count("users").await, users + 1);
    // The new user appears among the agents, invited by the administrator.
    let res = app
        .get(&acme.path("/agents"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json.as_array().unwrap().len(), 2);
    let inviter: Option<i64> = app
        .app
        .db
        .scalar(
            store::Sql::new("SELECT inviter_id FROM account_users WHERE account_id = $1 ORDER BY id DESC LIMIT 1")
                .bind(acme.id),
        )
        .await
        .unwrap();
    assert_eq!(inviter, Some(acme.admin.id));
}

#[tokio::test]
async fn inviting_an_existing_user_adds_the_membership_only() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let users = app.count("users").await;
    let res = app
        .post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"name": "Ignored", "email": other.admin.email.to_uppercase(), "role": "administrator",
                     "availability": "busy", "auto_offline": false}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["id"], other.admin.id);
    assert_eq!(res.json["role"], "administrator");
    assert_eq!(res.json["availability_status"], "busy");
    assert_eq!(res.json["auto_offline"], false);
    assert_eq!(res.json["name"], "Other Admin");
    assert_eq!(app.count("users").await, users);
    // The user now reaches the account.
    app.get(&acme.path("/agents"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_status(200);
    // Inviting a member again is refused.
    let res = app
        .post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"name": "Again", "email": other.admin.email}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(res.json["message"], "User has already been taken");
}

#[tokio::test]
async fn agent_writes_are_for_administrators() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let other_agent = app.agent(&acme).await;
    let path = acme.path(&format!("/agents/{}", other_agent.id));
    app.post(&acme.path("/agents"))
        .as_user(&agent)
        .json(json!({"name": "X", "email": "x@example.com"}))
        .send()
        .await
        .assert_not_authorized();
    app.put(&path)
        .as_user(&agent)
        .json(json!({"role": "administrator"}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/agents/bulk_create"))
        .as_user(&agent)
        .json(json!({"emails": ["y@example.com"]}))
        .send()
        .await
        .assert_not_authorized();
    // Unknown ids are a 404 before the policy, as upstream fetches the agent first.
    app.put(&acme.path("/agents/999999"))
        .as_user(&agent)
        .json(json!({"role": "agent"}))
        .send()
        .await
        .assert_not_found();
    assert_eq!(member_count(&app, &acme).await, 3);
    let res = app.get(&acme.path("/agents")).as_user(&agent).send().await;
    assert!(res
        .json
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["id"] == acme.admin.id || a["role"] == "agent"));
}

#[tokio::test]
async fn agent_routes_need_credentials_and_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    app.get(&acme.path("/agents"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/agents"))
        .json(json!({"name": "X", "email": "x@example.com"}))
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&acme.path(&format!("/agents/{}", agent.id)))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/agents"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.post(&acme.path("/agents"))
        .as_user(&other.admin)
        .json(json!({"name": "X", "email": "x@example.com"}))
        .send()
        .await
        .assert_status(401);
    // A user of another account is not an agent here.
    app.patch(&other.path(&format!("/agents/{}", agent.id)))
        .as_user(&other.admin)
        .json(json!({"role": "administrator"}))
        .send()
        .await
        .assert_not_found();
    app.delete(&other.path(&format!("/agents/{}", agent.id)))
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(member_count(&app, &acme).await, 2);
}

#[tokio::test]
async fn invalid_invitations_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let users = app.count("users").await;
    let cases = [
        (
            json!({"name": "X", "email": "not-an-email"}),
            "Email is invalid",
        ),
        (json!({"name": "X"}), "Email can't be blank"),
        (json!({"email": "x@example.com"}), "Name can't be blank"),
        (
            json!({"name": "X", "email": "x@example.com", "role": "owner"}),
            "Role is not included in the list",
        ),
        (
            json!({"name": "X", "email": "x@example.com", "availability": "away"}),
            "Availability is not included in the list",
        ),
        (
            json!({"name": "n".repeat(256), "email": "x@example.com"}),
            "Name is too long (maximum is 255 characters)",
        ),
        (
            json!({"name": "X", "email": format!("{}@example.com", "e".repeat(250))}),
            "Email is too long (maximum is 255 characters)",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/agents"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        json!({"name": "X", "email": ["x@example.com"]}),
        json!({"name": "X", "email": "x@example.com", "auto_offline": "perhaps"}),
    ] {
        let res = app
            .post(&acme.path("/agents"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    app.post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: agent");
    assert_eq!(app.count("users").await, users);
    assert_eq!(member_count(&app, &acme).await, 1);
}

#[tokio::test]
async fn the_agent_limit_is_a_payment_required() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.agent(&acme).await;
    set_account_json(&app, &acme, "limits", json!({"agents": 2})).await;
    let users = app.count("users").await;
    let res = app
        .post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"name": "Third", "email": "third@example.com"}))
        .send()
        .await;
    res.assert_error(402, "Account limit exceeded. Please purchase more licenses");
    let res = app
        .post(&acme.path("/agents/bulk_create"))
        .as_user(&acme.admin)
        .json(json!({"emails": ["third@example.com"]}))
        .send()
        .await;
    res.assert_error(402, "Account limit exceeded. Please purchase more licenses");
    assert_eq!(app.count("users").await, users);
    // Room for one more: a single invite fits, two in bulk do not.
    set_account_json(&app, &acme, "limits", json!({"agents": 3})).await;
    app.post(&acme.path("/agents/bulk_create"))
        .as_user(&acme.admin)
        .json(json!({"emails": ["a@example.com", "b@example.com"]}))
        .send()
        .await
        .assert_status(402);
    app.post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"name": "Third", "email": "third@example.com"}))
        .send()
        .await
        .assert_status(200);
    // A subscribed quantity takes precedence over `limits`, as in the enterprise edition.
    set_account_json(
        &app,
        &acme,
        "custom_attributes",
        json!({"subscribed_quantity": 10}),
    )
    .await;
    app.post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"name": "Fourth", "email": "fourth@example.com"}))
        .send()
        .await
        .assert_status(200);
    assert_eq!(member_count(&app, &acme).await, 4);
}
