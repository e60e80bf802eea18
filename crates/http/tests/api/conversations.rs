//! Conversations: create and show (ConversationsController#create/show, ConversationBuilder,
//! the `_conversation` partial, ConversationPolicy).

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

pub const CONVERSATION_KEYS: &[&str] = &[
    "meta",
    "id",
    "messages",
    "account_id",
    "uuid",
    "additional_attributes",
    "agent_last_seen_at",
    "assignee_last_seen_at",
    "can_reply",
    "contact_last_seen_at",
    "custom_attributes",
    "inbox_id",
    "labels",
    "muted",
    "snoozed_until",
    "status",
    "created_at",
    "updated_at",
    "timestamp",
    "first_reply_created_at",
    "unread_count",
    "last_non_activity_message",
    "last_activity_at",
    "priority",
    "waiting_since",
    "sla_policy_id",
];

/// A contact of the account: its id.
pub async fn contact(app: &TestApp, acct: &TestAccount, name: &str) -> i64 {
    let res = app
        .post(&acct.path("/contacts"))
        .as_user(&acct.admin)
        .json(json!({ "name": name }))
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"]["contact"]["id"].as_i64().unwrap()
}

/// An account with an inbox and a contact.
pub async fn world(app: &TestApp) -> (TestAccount, i64, i64) {
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let contact_id = contact(app, &acme, "Jane").await;
    (acme, inbox, contact_id)
}

pub async fn create(app: &TestApp, acct: &TestAccount, body: Value) -> testkit::TestResponse {
    app.post(&acct.path("/conversations"))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await
}

#[tokio::test]
async fn admin_creates_a_conversation_with_the_partial_shape() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let agent = app.agent(&acme).await;
    let team = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "support"}))
        .send()
        .await;
    let team_id = team.json["id"].as_i64().unwrap();
    let res = create(
        &app,
        &acme,
        json!({
            "contact_id": contact_id, "inbox_id": inbox, "assignee_id": agent.id, "team_id": team_id,
            "additional_attributes": {"browser": "x"}, "custom_attributes": {"tier": "gold"}
        }),
    )
    .await;
    res.assert_status(200);
    assert_keys(&res.json, CONVERSATION_KEYS);
    assert_keys(
        &res.json["meta"],
        &[
            "sender",
            "channel",
            "assignee",
            "assignee_type",
            "team",
            "hmac_verified",
        ],
    );
    assert_eq!(res.json["id"], 1);
    assert_eq!(res.json["status"], "open");
    assert_eq!(res.json["messages"], json!([]));
    assert_eq!(res.json["meta"]["channel"], "Channel::WebWidget");
    assert_eq!(res.json["meta"]["assignee"]["id"], agent.id);
    assert_eq!(res.json["meta"]["assignee_type"], "User");
    assert_eq!(res.json["meta"]["team"]["id"], team_id);
    assert_eq!(res.json["meta"]["sender"]["id"], contact_id);
    assert_eq!(res.json["custom_attributes"], json!({"tier": "gold"}));
    assert_eq!(res.json["additional_attributes"], json!({"browser": "x"}));
    assert_eq!(res.json["labels"], json!([]));
    assert_eq!(res.json["muted"], false);
    assert!(res.json["updated_at"].is_f64());
    assert_eq!(res.json["waiting_since"], res.json["created_at"]);
    assert_eq!(res.json["uuid"].as_str().unwrap().len(), 36);

    let show = app
        .get(&acme.path("/conversations/1"))
        .as_user(&acme.admin)
        .send()
        .await;
    show.assert_status(200);
    assert_keys(&show.json, CONVERSATION_KEYS);
    assert_eq!(show.json["uuid"], res.json["uuid"]);
}

#[tokio::test]
async fn display_ids_count_per_account_and_never_repeat() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let (other, other_inbox, other_contact) = world(&app).await;
    for expected in 1..=3 {
        let res = create(
            &app,
            &acme,
            json!({"contact_id": contact_id, "inbox_id": inbox}),
        )
        .await;
        assert_eq!(res.json["id"], expected);
    }
    let res = create(
        &app,
        &other,
        json!({"contact_id": other_contact, "inbox_id": other_inbox}),
    )
    .await;
    assert_eq!(res.json["id"], 1, "each account counts from 1");
    // A failed create does not use up a number.
    create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox, "status": "bogus"}),
    )
    .await
    .assert_status(422);
    let res = create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox}),
    )
    .await;
    assert_eq!(res.json["id"], 4);
}

#[tokio::test]
async fn create_by_source_id_and_status_rules() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let ci = app
        .post(&acme.path(&format!("/contacts/{contact_id}/contact_inboxes")))
        .as_user(&acme.admin)
        .json(json!({"inbox_id": inbox, "source_id": "src-1"}))
        .send()
        .await;
    ci.assert_status(200);
    let res = create(
        &app,
        &acme,
        json!({"source_id": "src-1", "status": "pending"}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.json["status"], "pending");
    assert_eq!(res.json["meta"]["sender"]["id"], contact_id);
    // A source id of another account's inbox is not found.
    let (other, _, _) = world(&app).await;
    let before = app.count("conversations").await;
    create(&app, &other, json!({"source_id": "src-1"}))
        .await
        .assert_not_found();
    assert_eq!(app.count("conversations").await, before);
}

#[tokio::test]
async fn a_conversation_starts_pending_when_the_inbox_has_an_active_bot() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let (bot_id, _) = app.agent_bot(Some(acme.id)).await;
    app.post(&acme.path(&format!("/inboxes/{inbox}/set_agent_bot")))
        .as_user(&acme.admin)
        .json(json!({"agent_bot": bot_id}))
        .send()
        .await
        .assert_status(200);
    let res = create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox, "status": "open"}),
    )
    .await;
    assert_eq!(res.json["status"], "pending");
}

#[tokio::test]
async fn bad_create_input_is_refused_and_writes_nothing() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let (other, other_inbox, other_contact) = world(&app).await;
    let before = app.count("conversations").await;
    let cases: Vec<(Value, u16)> = vec![
        (json!({"contact_id": 999999, "inbox_id": inbox}), 404),
        (json!({"contact_id": contact_id, "inbox_id": 999999}), 404),
        (json!({"contact_id": other_contact, "inbox_id": inbox}), 404),
        (
            json!({"contact_id": contact_id, "inbox_id": other_inbox}),
            404,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "assignee_id": 999999}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "assignee_id": other.admin.id}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "team_id": 999999}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "assignee_id": "abc"}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "status": "bogus"}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "status": ["open"]}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "custom_attributes": "x"}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "additional_attributes": [1]}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "snoozed_until": "soon"}),
            422,
        ),
        (
            json!({"contact_id": contact_id, "inbox_id": inbox, "source_id": "x".repeat(300)}),
            422,
        ),
        (json!({}), 404),
    ];
    for (body, status) in cases {
        let res = create(&app, &acme, body.clone()).await;
        assert_eq!(res.status, status, "{body}: {}", res.text);
        assert!(res.json.is_object(), "{body}");
    }
    assert_eq!(app.count("conversations").await, before);
    assert_eq!(app.count("account_counters").await, 0);
}

#[tokio::test]
async fn access_follows_the_conversation_policy() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    let path = acme.path(&format!("/conversations/{id}"));
    app.get(&path).send().await.assert_unauthenticated();
    // An agent outside the inbox may neither see it nor start one there.
    let agent = app.agent(&acme).await;
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    let before = app.count("conversations").await;
    app.post(&acme.path("/conversations"))
        .as_user(&agent)
        .json(json!({"contact_id": contact_id, "inbox_id": inbox}))
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("conversations").await, before);
    // An inbox member may.
    app.add_inbox_member(inbox, &agent).await;
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_status(200);
    app.post(&acme.path("/conversations"))
        .as_user(&agent)
        .json(json!({"contact_id": contact_id, "inbox_id": inbox}))
        .send()
        .await
        .assert_status(200);
    // Another account's administrator is no member here; inside their own account the
    // display id names nothing.
    let (other, _, _) = world(&app).await;
    app.get(&path)
        .as_user(&other.admin)
        .send()
        .await
        .assert_status(401);
    app.get(&other.path(&format!("/conversations/{id}")))
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    app.get(&acme.path("/conversations/abc"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn a_team_member_sees_the_team_conversation() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let agent = app.agent(&acme).await;
    let id = app.conversation(&acme, inbox).await;
    let team = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "billing"}))
        .send()
        .await;
    let team_id = team.json["id"].as_i64().unwrap();
    app.post(&acme.path(&format!("/teams/{team_id}/team_members")))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [agent.id]}))
        .send()
        .await
        .assert_status(200);
    let path = acme.path(&format!("/conversations/{id}"));
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path(&format!("/conversations/{id}/assignments")))
        .as_user(&acme.admin)
        .json(json!({"team_id": team_id}))
        .send()
        .await
        .assert_status(200);
    let res = app.get(&path).as_user(&agent).send().await;
    res.assert_status(200);
    assert_eq!(res.json["meta"]["team"]["is_member"], true);
}

#[tokio::test]
async fn an_agent_bot_of_the_account_may_create_and_toggle() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let (bot_id, token) = app.agent_bot(Some(acme.id)).await;
    app.post(&acme.path(&format!("/inboxes/{inbox}/set_agent_bot")))
        .as_user(&acme.admin)
        .json(json!({"agent_bot": bot_id}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .post(&acme.path("/conversations"))
        .token(&token)
        .json(json!({"contact_id": contact_id, "inbox_id": inbox}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["status"], "pending");
    let res = app
        .post(&acme.path("/conversations/1/toggle_status"))
        .token(&token)
        .json(json!({"status": "open"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["current_status"], "open");
    // Bots may not use the other endpoints, nor another account.
    app.get(&acme.path("/conversations/1"))
        .token(&token)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
    let (other, other_inbox, other_contact) = world(&app).await;
    app.post(&other.path("/conversations"))
        .token(&token)
        .json(json!({"contact_id": other_contact, "inbox_id": other_inbox}))
        .send()
        .await
        .assert_status(401);
}
