//! The member actions of ConversationsController and the assignments, labels and
//! participants controllers.

use crate::conversations::{world, CONVERSATION_KEYS};
use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp, TestResponse, TestUser};

async fn post(
    app: &TestApp,
    acct: &TestAccount,
    u: &TestUser,
    rest: &str,
    body: Value,
) -> TestResponse {
    app.post(&acct.path(rest))
        .as_user(u)
        .json(body)
        .send()
        .await
}

async fn show(app: &TestApp, acct: &TestAccount, id: i64) -> Value {
    let res = app
        .get(&acct.path(&format!("/conversations/{id}")))
        .as_user(&acct.admin)
        .send()
        .await;
    res.assert_status(200);
    res.json
}

#[tokio::test]
async fn toggle_status_sets_or_flips_and_assigns_an_agent_who_opens() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    let path = format!("/conversations/{id}/toggle_status");
    let res = post(&app, &acme, &acme.admin, &path, json!({})).await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_keys(
        &res.json["payload"],
        &[
            "success",
            "conversation_id",
            "current_status",
            "snoozed_until",
        ],
    );
    assert_eq!(res.json["payload"]["current_status"], "resolved");
    assert_eq!(res.json["payload"]["conversation_id"], id);
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"status": "snoozed", "snoozed_until": 4102444800_i64}),
    )
    .await;
    assert_eq!(res.json["payload"]["current_status"], "snoozed");
    assert_eq!(
        res.json["payload"]["snoozed_until"],
        "2100-01-01T00:00:00.000Z"
    );
    // An administrator who reopens is not assigned; an agent is.
    post(&app, &acme, &acme.admin, &path, json!({"status": "open"})).await;
    assert_eq!(show(&app, &acme, id).await["meta"].get("assignee"), None);
    assert_eq!(show(&app, &acme, id).await["snoozed_until"], Value::Null);
    let agent = app.agent(&acme).await;
    app.add_inbox_member(inbox, &agent).await;
    post(&app, &acme, &agent, &path, json!({"status": "open"}))
        .await
        .assert_status(200);
    assert_eq!(
        show(&app, &acme, id).await["meta"]["assignee"]["id"],
        agent.id
    );
    // Bad status and bad times are 422s that change nothing.
    for bad in [
        json!({"status": "bogus"}),
        json!({"status": "snoozed", "snoozed_until": "later"}),
        json!({"status": {"a": 1}}),
    ] {
        let res = post(&app, &acme, &acme.admin, &path, bad.clone()).await;
        assert_eq!(res.status, 422, "{bad}");
    }
    assert_eq!(show(&app, &acme, id).await["status"], "open");
    // Outsiders.
    let outsider = app.agent(&acme).await;
    post(&app, &acme, &outsider, &path, json!({}))
        .await
        .assert_not_authorized();
    app.post(&acme.path(&path))
        .send()
        .await
        .assert_unauthenticated();
    post(
        &app,
        &acme,
        &acme.admin,
        "/conversations/999/toggle_status",
        json!({}),
    )
    .await
    .assert_not_found();
}

#[tokio::test]
async fn priority_custom_attributes_and_update() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/toggle_priority"),
        json!({"priority": "urgent"}),
    )
    .await
    .assert_status(200);
    assert_eq!(show(&app, &acme, id).await["priority"], "urgent");
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/toggle_priority"),
        json!({"priority": "extreme"}),
    )
    .await
    .assert_status(422);
    assert_eq!(show(&app, &acme, id).await["priority"], "urgent");
    let res = app
        .patch(&acme.path(&format!("/conversations/{id}")))
        .as_user(&acme.admin)
        .json(json!({"priority": "low", "status": "resolved"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, CONVERSATION_KEYS);
    assert_eq!(res.json["priority"], "low");
    assert_eq!(res.json["status"], "open", "only priority is permitted");
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/custom_attributes"),
        json!({"custom_attributes": {"plan": "pro"}}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.json, json!({"custom_attributes": {"plan": "pro"}}));
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/custom_attributes"),
        json!({"custom_attributes": [1]}),
    )
    .await
    .assert_status(422);
    assert_eq!(
        show(&app, &acme, id).await["custom_attributes"],
        json!({"plan": "pro"})
    );
}

#[tokio::test]
async fn mute_unread_last_seen_and_typing() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/mute"),
        json!({}),
    )
    .await
    .assert_status(200);
    let c = show(&app, &acme, id).await;
    assert_eq!(c["muted"], true);
    assert_eq!(c["status"], "resolved");
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/unmute"),
        json!({}),
    )
    .await
    .assert_status(200);
    assert_eq!(show(&app, &acme, id).await["muted"], false);
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/update_last_seen"),
        json!({}),
    )
    .await;
    res.assert_status(200);
    assert_keys(&res.json, CONVERSATION_KEYS);
    assert!(res.json["agent_last_seen_at"].as_i64().unwrap() > 0);
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/unread"),
        json!({}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(
        res.json["agent_last_seen_at"], 0,
        "no incoming message: unseen"
    );
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/toggle_typing_status"),
        json!({"typing_status": "on"}),
    )
    .await
    .assert_status(200);
    let outsider = app.agent(&acme).await;
    for action in [
        "mute",
        "unmute",
        "unread",
        "update_last_seen",
        "toggle_typing_status",
    ] {
        post(
            &app,
            &acme,
            &outsider,
            &format!("/conversations/{id}/{action}"),
            json!({}),
        )
        .await
        .assert_not_authorized();
    }
}

#[tokio::test]
async fn assignments_set_agent_bot_or_team() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    let path = format!("/conversations/{id}/assignments");
    let agent = app.agent(&acme).await;
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"assignee_id": agent.id}),
    )
    .await;
    res.assert_status(200);
    assert_keys(
        &res.json,
        &[
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
        ],
    );
    assert_eq!(res.json["id"], agent.id);
    let (bot_id, _) = app.agent_bot(Some(acme.id)).await;
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"assignee_id": bot_id, "assignee_type": "AgentBot"}),
    )
    .await;
    assert_keys(
        &res.json,
        &[
            "id",
            "name",
            "description",
            "thumbnail",
            "outgoing_url",
            "bot_type",
        ],
    );
    let c = show(&app, &acme, id).await;
    assert_eq!(c["meta"]["assignee_type"], "AgentBot");
    let team = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "sales"}))
        .send()
        .await;
    let team_id = team.json["id"].as_i64().unwrap();
    let res = post(&app, &acme, &acme.admin, &path, json!({"team_id": team_id})).await;
    assert_eq!(res.json["id"], team_id);
    assert_eq!(show(&app, &acme, id).await["meta"]["team"]["id"], team_id);
    // Ids naming nothing of the account unassign (upstream's `find_by`).
    let (other, _, _) = world(&app).await;
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"assignee_id": other.admin.id}),
    )
    .await;
    assert_eq!(res.json, Value::Null);
    assert_eq!(show(&app, &acme, id).await["meta"].get("assignee"), None);
    post(&app, &acme, &acme.admin, &path, json!({"assignee_id": "x"}))
        .await
        .assert_status(422);
    let res = post(&app, &acme, &acme.admin, &path, json!({})).await;
    assert_eq!(res.json, Value::Null);
    post(&app, &acme, &agent, &path, json!({"team_id": team_id}))
        .await
        .assert_not_authorized();
}

#[tokio::test]
async fn labels_replace_the_set_and_the_cache() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    let path = format!("/conversations/{id}/labels");
    let res = post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"labels": ["billing", "vip, urgent"]}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.json, json!({"payload": ["billing", "vip", "urgent"]}));
    assert_eq!(
        show(&app, &acme, id).await["labels"],
        json!(["billing", "vip", "urgent"])
    );
    post(&app, &acme, &acme.admin, &path, json!({"labels": ["vip"]}))
        .await
        .assert_status(200);
    let res = app.get(&acme.path(&path)).as_user(&acme.admin).send().await;
    assert_eq!(res.json, json!({"payload": ["vip"]}));
    assert_eq!(show(&app, &acme, id).await["labels"], json!(["vip"]));
    post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"labels": [{"a": 1}]}),
    )
    .await
    .assert_status(422);
    post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"labels": ["x".repeat(300)]}),
    )
    .await
    .assert_status(422);
    assert_eq!(show(&app, &acme, id).await["labels"], json!(["vip"]));
    let outsider = app.agent(&acme).await;
    app.get(&acme.path(&path))
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
}

#[tokio::test]
async fn participants_are_added_replaced_and_removed() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    let path = format!("/conversations/{id}/participants");
    let a = app.agent(&acme).await;
    let b = app.agent(&acme).await;
    let res = post(&app, &acme, &acme.admin, &path, json!({"user_ids": [a.id]})).await;
    res.assert_status(200);
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_eq!(res.json[0]["id"], a.id);
    let res = app
        .patch(&acme.path(&path))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [b.id]}))
        .send()
        .await;
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_eq!(res.json[0]["id"], b.id);
    let res = app.get(&acme.path(&path)).as_user(&acme.admin).send().await;
    assert_eq!(res.json[0]["id"], b.id);
    let (other, _, _) = world(&app).await;
    let before = app.count("conversation_participants").await;
    post(
        &app,
        &acme,
        &acme.admin,
        &path,
        json!({"user_ids": [other.admin.id]}),
    )
    .await
    .assert_not_found();
    post(&app, &acme, &acme.admin, &path, json!({"user_ids": ["x"]}))
        .await
        .assert_status(422);
    post(&app, &acme, &acme.admin, &path, json!({}))
        .await
        .assert_status(422);
    assert_eq!(app.count("conversation_participants").await, before);
    app.delete(&acme.path(&path))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [b.id]}))
        .send()
        .await
        .assert_status(200);
    assert_eq!(app.count("conversation_participants").await, 0);
    app.get(&acme.path(&path))
        .as_user(&a)
        .send()
        .await
        .assert_not_authorized();
}

#[tokio::test]
async fn changes_leave_activity_messages() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    let last = |c: &Value| {
        c["messages"][0]["content"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/toggle_status"),
        json!({"status": "resolved"}),
    )
    .await;
    let c = show(&app, &acme, id).await;
    assert_eq!(last(&c), "Conversation was marked resolved by Acme Admin");
    assert_eq!(c["messages"][0]["message_type"], 2);
    assert_eq!(c["last_non_activity_message"], Value::Null);
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/toggle_priority"),
        json!({"priority": "high"}),
    )
    .await;
    assert_eq!(
        last(&show(&app, &acme, id).await),
        "Acme Admin set the priority to high"
    );
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/labels"),
        json!({"labels": ["vip", "billing"]}),
    )
    .await;
    assert_eq!(
        last(&show(&app, &acme, id).await),
        "Acme Admin added vip, billing"
    );
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/assignments"),
        json!({"assignee_id": acme.admin.id}),
    )
    .await;
    assert_eq!(
        last(&show(&app, &acme, id).await),
        "Acme Admin self-assigned this conversation"
    );
    // Nothing changed, nothing said.
    let before = app.count("messages").await;
    post(
        &app,
        &acme,
        &acme.admin,
        &format!("/conversations/{id}/toggle_priority"),
        json!({"priority": "high"}),
    )
    .await;
    assert_eq!(app.count("messages").await, before);
}
