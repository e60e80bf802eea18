//! The event payloads (`app::payloads`): the keys and values Chatwoot's `push_event_data` and
//! `webhook_data` put on the wire, read inside a transaction as the listeners do.

use serde_json::{json, Value};
use testkit::{assert_keys, TestApp};

struct Seeded {
    t: TestApp,
    conversation_id: i64,
    message_id: i64,
    note_id: i64,
    contact_id: i64,
    inbox_id: i64,
    account_id: i64,
    admin_id: i64,
}

async fn seeded() -> Seeded {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let inbox_id = t.inbox(account.id, "Website").await;
    let display_id = t.conversation(&account, inbox_id).await;
    let path = account.path(&format!("/conversations/{display_id}/messages"));
    let reply = t
        .post(&path)
        .as_user(&account.admin)
        .json(json!({ "content": "Hello there", "echo_id": "e-1" }))
        .send()
        .await;
    reply.assert_status(200);
    let note = t
        .post(&path)
        .as_user(&account.admin)
        .json(json!({ "content": "internal", "private": true }))
        .send()
        .await;
    note.assert_status(200);
    let conv = store::conversations::find_by_display_id(&t.app.db, account.id, display_id)
        .await
        .unwrap()
        .unwrap();
    Seeded {
        conversation_id: conv.id,
        message_id: reply.json["id"].as_i64().unwrap(),
        note_id: note.json["id"].as_i64().unwrap(),
        contact_id: conv.contact_id.unwrap(),
        inbox_id,
        account_id: account.id,
        admin_id: account.admin.id,
        t,
    }
}

#[tokio::test]
async fn conversation_push_data_has_upstream_keys_and_last_public_message() {
    let s = seeded().await;
    let tx = s.t.app.db.begin().await.unwrap();
    let v = app::payloads::conversation::push_data(&s.t.app, &tx, s.conversation_id)
        .await
        .unwrap()
        .unwrap();
    assert_keys(
        &v,
        &[
            "additional_attributes",
            "agent_last_seen_at",
            "can_reply",
            "channel",
            "contact_inbox",
            "contact_last_seen_at",
            "created_at",
            "custom_attributes",
            "first_reply_created_at",
            "id",
            "inbox_id",
            "labels",
            "last_activity_at",
            "messages",
            "meta",
            "priority",
            "snoozed_until",
            "status",
            "timestamp",
            "unread_count",
            "updated_at",
            "waiting_since",
        ],
    );
    assert_keys(
        &v["meta"],
        &[
            "assignee",
            "assignee_type",
            "hmac_verified",
            "sender",
            "team",
        ],
    );
    assert_eq!(v["channel"], "Channel::WebWidget");
    assert_eq!(v["inbox_id"], s.inbox_id);
    assert_eq!(v["status"], "open");
    assert_eq!(v["meta"]["sender"]["type"], "contact");
    assert_eq!(v["meta"]["sender"]["id"], s.contact_id);
    // `messages.chat.last`: the private note is newer but not chat.
    assert_eq!(v["messages"].as_array().unwrap().len(), 1);
    assert_eq!(v["messages"][0]["id"], s.message_id);
    // The first human reply is recorded and rendered as a time.
    assert!(v["first_reply_created_at"].as_str().unwrap().ends_with('Z'));
    assert!(v["updated_at"].is_f64());
    assert_keys(
        &v["contact_inbox"],
        &[
            "contact_id",
            "created_at",
            "hmac_verified",
            "id",
            "inbox_id",
            "pubsub_token",
            "source_id",
            "updated_at",
        ],
    );
    assert!(
        app::payloads::conversation::push_data(&s.t.app, &tx, 999_999)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn message_push_data_is_attributes_with_integer_type_and_display_id() {
    let s = seeded().await;
    let v: Value = app::payloads::message::push_data(&s.t.app, &s.t.app.db, s.message_id)
        .await
        .unwrap()
        .unwrap();
    assert_keys(
        &v,
        &[
            "account_id",
            "additional_attributes",
            "content",
            "content_attributes",
            "content_type",
            "conversation",
            "conversation_id",
            "created_at",
            "echo_id",
            "external_source_ids",
            "id",
            "inbox_id",
            "message_type",
            "private",
            "processed_message_content",
            "sender",
            "sender_id",
            "sender_type",
            "sentiment",
            "source_id",
            "status",
            "updated_at",
        ],
    );
    assert_eq!(v["message_type"], 1);
    assert_eq!(v["status"], "sent");
    assert_eq!(v["content_type"], "text");
    assert_eq!(v["echo_id"], "e-1");
    assert_eq!(v["sender"]["type"], "user");
    assert_eq!(v["sender"]["id"], s.admin_id);
    assert_keys(
        &v["conversation"],
        &[
            "assignee_id",
            "contact_inbox",
            "last_activity_at",
            "unread_count",
        ],
    );
    let display: i64 = v["conversation_id"].as_i64().unwrap();
    assert_ne!(display, 0);
}

#[tokio::test]
async fn message_webhook_data_names_the_type_and_nests_conversation_account_and_inbox() {
    let s = seeded().await;
    let v = app::payloads::message::webhook_data(&s.t.app, &s.t.app.db, s.note_id)
        .await
        .unwrap()
        .unwrap();
    assert_keys(
        &v,
        &[
            "account",
            "additional_attributes",
            "content",
            "content_attributes",
            "content_type",
            "conversation",
            "created_at",
            "id",
            "inbox",
            "message_type",
            "private",
            "sender",
            "source_id",
        ],
    );
    assert_eq!(v["message_type"], "outgoing");
    assert_eq!(v["private"], true);
    assert_eq!(v["account"], json!({ "id": s.account_id, "name": "Acme" }));
    assert_eq!(v["inbox"], json!({ "id": s.inbox_id, "name": "Website" }));
    assert_keys(&v["sender"], &["email", "id", "name", "type"]);
    assert!(v["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(v["conversation"]["inbox_id"], s.inbox_id);
    assert!(app::payloads::message::is_webhook_sendable(1));
    assert!(!app::payloads::message::is_webhook_sendable(2));
}

#[tokio::test]
async fn contact_and_inbox_webhook_data() {
    let s = seeded().await;
    let c = app::payloads::contact::webhook_data(&s.t.app.db, s.contact_id)
        .await
        .unwrap()
        .unwrap();
    assert_keys(
        &c,
        &[
            "account",
            "additional_attributes",
            "avatar",
            "blocked",
            "custom_attributes",
            "email",
            "id",
            "identifier",
            "name",
            "phone_number",
            "thumbnail",
        ],
    );
    let push = app::payloads::contact::push_data(&s.t.app.db, s.contact_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(push["type"], "contact");
    let i = app::payloads::inbox::push_data(&s.t.app.db, s.account_id, s.inbox_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(i["channel"]["website_url"], "https://example.com");
    assert_eq!(i["working_hours"].as_array().unwrap().len(), 7);
    assert!(i["channel"].get("secret").is_none());
    assert!(
        app::payloads::inbox::push_data(&s.t.app.db, s.account_id + 1, s.inbox_id)
            .await
            .unwrap()
            .is_none()
    );
}
