//! Creating messages: shapes, senders, side effects on the conversation, idempotency, access, bad input.

use super::*;

#[tokio::test]
async fn admin_creates_an_outgoing_message() {
    let f = fx().await;
    let res = f
        .post(&f.acct.admin, json!({"content": "Hello", "echo_id": "e-1"}))
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &MESSAGE_KEYS);
    assert_eq!(res.json["conversation_id"], json!(f.display));
    assert_eq!(res.json["message_type"], json!(1));
    assert_eq!(res.json["content_type"], json!("text"));
    assert_eq!(res.json["status"], json!("sent"));
    assert_eq!(res.json["echo_id"], json!("e-1"));
    assert_eq!(res.json["private"], json!(false));
    assert_keys(
        &res.json["sender"],
        &[
            "id",
            "name",
            "available_name",
            "avatar_url",
            "type",
            "availability_status",
            "thumbnail",
        ],
    );
    assert_eq!(res.json["sender"]["type"], json!("user"));
    assert_eq!(res.json["sender"]["id"], json!(f.acct.admin.id));
    let conv = f.conversation().await;
    assert!(
        conv.first_reply_created_at.is_some(),
        "first human reply recorded"
    );
    assert!(conv.waiting_since.is_none());
}

#[tokio::test]
async fn message_without_echo_id_omits_it() {
    let f = fx().await;
    let res = f.post(&f.acct.admin, json!({"content": "Hi"})).await;
    res.assert_status(200);
    assert!(res.json.get("echo_id").is_none());
    assert!(res.json.get("attachments").is_none());
}

#[tokio::test]
async fn incoming_message_in_api_inbox_is_the_contacts_and_sets_waiting_since() {
    let f = fx().await;
    let res = f
        .post(
            &f.acct.admin,
            json!({"content": "Help", "message_type": "incoming"}),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.json["message_type"], json!(0));
    assert_eq!(res.json["sender"]["type"], json!("contact"));
    assert_keys(
        &res.json["sender"],
        &[
            "additional_attributes",
            "custom_attributes",
            "email",
            "id",
            "identifier",
            "name",
            "phone_number",
            "thumbnail",
            "blocked",
            "type",
        ],
    );
    let conv = f.conversation().await;
    assert!(conv.waiting_since.is_some());
    let contact = store::contacts::find(&f.app.app.db, f.acct.id, conv.contact_id.unwrap())
        .await
        .unwrap()
        .unwrap();
    assert!(contact.last_activity_at.is_some());
    // A human reply then clears the wait and is the first reply.
    f.post(&f.acct.admin, json!({"content": "On it"}))
        .await
        .assert_status(200);
    let conv = f.conversation().await;
    assert!(conv.waiting_since.is_none());
    assert!(conv.first_reply_created_at.is_some());
}

#[tokio::test]
async fn incoming_message_is_refused_outside_api_inboxes() {
    let app = TestApp::new().await;
    let acct = app.account("Acme").await;
    let inbox = app.inbox(acct.id, "Website").await;
    let (_, display) = app.conversation_row(acct.id, inbox).await;
    let res = app
        .post(&acct.path(&format!("/conversations/{display}/messages")))
        .as_user(&acct.admin)
        .json(json!({"content": "Help", "message_type": "incoming"}))
        .send()
        .await;
    res.assert_error(422, "Incoming messages are only allowed in Api inboxes");
    assert_eq!(app.count("messages").await, 0);
}

#[tokio::test]
async fn private_note_is_no_first_reply() {
    let f = fx().await;
    let res = f
        .post(
            &f.acct.admin,
            json!({"content": "Internal", "private": true}),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.json["private"], json!(true));
    assert!(f.conversation().await.first_reply_created_at.is_none());
}

#[tokio::test]
async fn repeated_echo_id_returns_the_first_message_and_writes_nothing() {
    let f = fx().await;
    let first = f
        .post(
            &f.acct.admin,
            json!({"content": "Once", "echo_id": "tmp-1"}),
        )
        .await;
    first.assert_status(200);
    let again = f
        .post(
            &f.acct.admin,
            json!({"content": "Twice", "echo_id": "tmp-1"}),
        )
        .await;
    again.assert_status(200);
    assert_eq!(again.json["id"], first.json["id"]);
    assert_eq!(again.json["content"], json!("Once"));
    assert_eq!(f.app.count("messages").await, 1);
    // Another echo id is another message.
    f.post(&f.acct.admin, json!({"content": "New", "echo_id": "tmp-2"}))
        .await
        .assert_status(200);
    assert_eq!(f.app.count("messages").await, 2);
}

#[tokio::test]
async fn repeated_source_id_in_the_inbox_returns_the_first_message() {
    let f = fx().await;
    let first = f
        .post(
            &f.acct.admin,
            json!({"content": "A", "message_type": "incoming", "source_id": "wamid.1"}),
        )
        .await;
    first.assert_status(200);
    assert_eq!(first.json["source_id"], json!("wamid.1"));
    // Same inbox, another conversation: still the same message.
    let (_, display2) = f.app.conversation_row(f.acct.id, f.inbox).await;
    let again = f
        .app
        .post(&f.acct.path(&format!("/conversations/{display2}/messages")))
        .as_user(&f.acct.admin)
        .json(json!({"content": "B", "message_type": "incoming", "source_id": "wamid.1"}))
        .send()
        .await;
    again.assert_status(200);
    assert_eq!(again.json["id"], first.json["id"]);
    assert_eq!(f.app.count("messages").await, 1);
}

#[tokio::test]
async fn create_requires_credentials_and_membership() {
    let f = fx().await;
    f.app
        .post(&f.path(""))
        .json(json!({"content": "x"}))
        .send()
        .await
        .assert_unauthenticated();
    let other = f.app.account("Other").await;
    f.post(&other.admin, json!({"content": "x"}))
        .await
        .assert_error(401, "You are not authorized to access this account");
    let outsider = f.app.agent(&f.acct).await;
    f.post(&outsider, json!({"content": "x"}))
        .await
        .assert_not_authorized();
    assert_eq!(f.app.count("messages").await, 0);
    let member = f.member().await;
    f.post(&member, json!({"content": "x"}))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn agent_of_the_conversations_team_may_reach_it() {
    let f = fx().await;
    let agent = f.app.agent(&f.acct).await;
    let team = f
        .app
        .post(&f.acct.path("/teams"))
        .as_user(&f.acct.admin)
        .json(json!({"name": "tier2"}))
        .send()
        .await;
    team.assert_status(200);
    let team_id = team.json["id"].as_i64().unwrap();
    f.app
        .post(&f.acct.path(&format!("/teams/{team_id}/team_members")))
        .as_user(&f.acct.admin)
        .json(json!({"user_ids": [agent.id]}))
        .send()
        .await
        .assert_status(200);
    f.app
        .get(&f.path(""))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    let tx = f.app.app.db.begin().await.unwrap();
    tx.execute(
        Sql::new("UPDATE conversations SET team_id = $1 WHERE id = $2")
            .bind(team_id)
            .bind(f.conv),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    f.app
        .get(&f.path(""))
        .as_user(&agent)
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn unknown_or_foreign_conversation_is_not_found() {
    let f = fx().await;
    let path = f.acct.path("/conversations/999999/messages");
    f.app
        .get(&path)
        .as_user(&f.acct.admin)
        .send()
        .await
        .assert_not_found();
    f.app
        .post(&path)
        .as_user(&f.acct.admin)
        .json(json!({"content": "x"}))
        .send()
        .await
        .assert_not_found();
    // A conversation of another account is not found in this one.
    let other = f.app.account("Other").await;
    let other_inbox = f.app.inbox_row(other.id, "API").await;
    f.app.conversation_row(other.id, other_inbox).await;
    f.app.conversation_row(other.id, other_inbox).await;
    let (_, foreign) = f.app.conversation_row(other.id, other_inbox).await;
    assert!(foreign > f.display);
    let path = f.acct.path(&format!("/conversations/{foreign}/messages"));
    f.app
        .get(&path)
        .as_user(&f.acct.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(f.app.count("messages").await, 0);
}

#[tokio::test]
async fn bad_input_is_a_422_and_writes_nothing() {
    let f = fx().await;
    let long = "a".repeat(150_001);
    let cases = [
        (
            json!({"content": long}),
            "Validation failed: Content is too long (maximum is 150000 characters)",
        ),
        (
            json!({"content": "x", "message_type": "sideways"}),
            "'sideways' is not a valid message_type",
        ),
        (
            json!({"content": "x", "content_type": "hologram"}),
            "'hologram' is not a valid content_type",
        ),
        (
            json!({"content": "x", "template_params": {"category": "x"}}),
            "Validation failed: Name is required",
        ),
        (
            json!({"content": "x", "template_params": {"name": 5}}),
            "Validation failed: Name must be of type string",
        ),
        (
            json!({"content": "x", "template_params": "hello"}),
            "Validation failed: Template params must be of type hash",
        ),
    ];
    for (body, error) in cases {
        f.post(&f.acct.admin, body).await.assert_error(422, error);
    }
    // Wrong JSON types are a 422 too.
    for body in [
        json!({"content": {"a": 1}}),
        json!({"private": "maybe"}),
        json!({"sender_id": "x"}),
    ] {
        f.post(&f.acct.admin, body).await.assert_status(422);
    }
    let max = "a".repeat(150_000);
    assert_eq!(f.app.count("messages").await, 0);
    f.post(&f.acct.admin, json!({"content": max}))
        .await
        .assert_status(200);
}

#[tokio::test]
async fn content_attributes_keep_what_the_builder_keeps() {
    let f = fx().await;
    let res = f
        .post(
            &f.acct.admin,
            json!({"content": "Pick", "content_type": "input_select",
                   "content_attributes": {"items": [{"title": "A", "value": "a"}], "evil": true}}),
        )
        .await;
    res.assert_status(200);
    assert_eq!(res.json["content_type"], json!("input_select"));
    assert_eq!(
        res.json["content_attributes"],
        json!({"items": [{"title": "A", "value": "a"}]})
    );
}

#[tokio::test]
async fn incoming_message_reopens_resolved_and_snoozed_but_not_muted() {
    let f = fx().await;
    let incoming = json!({"content": "Back", "message_type": "incoming"});
    for status in [1, 3] {
        set_status(&f, status, false).await;
        f.post(&f.acct.admin, incoming.clone())
            .await
            .assert_status(200);
        assert_eq!(f.conversation().await.status, 0, "from status {status}");
    }
    set_status(&f, 1, true).await;
    f.post(&f.acct.admin, incoming.clone())
        .await
        .assert_status(200);
    assert_eq!(f.conversation().await.status, 1);
    // Outgoing messages never reopen.
    set_status(&f, 1, false).await;
    f.post(&f.acct.admin, json!({"content": "Bye"}))
        .await
        .assert_status(200);
    assert_eq!(f.conversation().await.status, 1);
}
