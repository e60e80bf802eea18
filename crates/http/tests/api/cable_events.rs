//! ActionCableListener over a real socket: changes made over HTTP reach exactly upstream's
//! recipients (inbox members and administrators, the conversation's contact, `account_<id>`),
//! with upstream's event names and payload keys.

use crate::cable_support::*;
use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp, TestUser};

/// Keys of `Message#push_event_data` in a frame: the message's, plus `account_id` and the
/// `performer` upstream adds when a user made the change.
const MESSAGE_KEYS: &[&str] = &[
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
    "performer",
    "private",
    "processed_message_content",
    "sender",
    "sender_id",
    "sender_type",
    "sentiment",
    "source_id",
    "status",
    "updated_at",
];

/// Keys of `Conversations::EventDataPresenter#push_data` plus `account_id`.
const CONVERSATION_KEYS: &[&str] = &[
    "account_id",
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
];

/// One conversation in a website inbox and four connected clients: an agent of the inbox, an
/// agent of the account outside the inbox, the administrator, and the contact's widget.
struct Room {
    t: TestApp,
    account: TestAccount,
    member: TestUser,
    display_id: i64,
    contact_id: i64,
    agent: Cable,
    outsider: Cable,
    admin: Cable,
    widget: Cable,
}

impl Room {
    async fn new() -> Room {
        let t = TestApp::new().await;
        let account = t.account("Acme").await;
        let inbox = t.inbox(account.id, "Website").await;
        let member = t.agent(&account).await;
        t.add_inbox_member(inbox, &member).await;
        let outsider = t.agent(&account).await;
        let display_id = t.conversation(&account, inbox).await;
        let (contact_id, contact_token) = contact_of(&t.app, account.id, display_id).await;
        // Frames of the setup are out before anyone listens.
        t.app.realtime.settle().await;
        let addr = serve(&t.app).await;
        let mut clients = Vec::new();
        for user in [&member, &outsider, &account.admin] {
            let mut c = Cable::connect(addr).await;
            let token = user_token(&t.app, user.id).await;
            c.join(&agent_identifier(&token, account.id, user.id)).await;
            clients.push(c);
        }
        let mut widget = Cable::connect(addr).await;
        widget.join(&contact_identifier(&contact_token)).await;
        let admin = clients.pop().unwrap();
        let outsider = clients.pop().unwrap();
        let agent = clients.pop().unwrap();
        Room {
            t,
            account,
            member,
            display_id,
            contact_id,
            agent,
            outsider,
            admin,
            widget,
        }
    }

    fn path(&self, rest: &str) -> String {
        self.account
            .path(&format!("/conversations/{}{rest}", self.display_id))
    }

    async fn post_as(&self, user: &TestUser, rest: &str, body: Value) -> Value {
        let res = self
            .t
            .post(&self.path(rest))
            .as_user(user)
            .json(body)
            .send()
            .await;
        res.assert_status(200);
        res.json
    }
}

#[tokio::test]
async fn a_reply_reaches_inbox_members_administrators_and_the_contact_only() {
    let mut r = Room::new().await;
    let member = r.member.clone();
    let sent = r
        .post_as(
            &member,
            "/messages",
            json!({"content": "Hello", "echo_id": "e1"}),
        )
        .await;

    let frame = r.agent.event("message.created").await;
    assert_keys(&frame["data"], MESSAGE_KEYS);
    assert_eq!(frame["data"]["id"], sent["id"]);
    assert_eq!(frame["data"]["content"], "Hello");
    assert_eq!(frame["data"]["message_type"], 1);
    assert_eq!(frame["data"]["conversation_id"], r.display_id);
    assert_eq!(frame["data"]["account_id"], r.account.id);
    assert_eq!(frame["data"]["echo_id"], "e1");
    assert_eq!(frame["data"]["performer"]["id"], member.id);
    assert_eq!(frame["data"]["performer"]["type"], "user");
    assert_keys(
        &frame["data"]["performer"],
        &[
            "availability_status",
            "available_name",
            "avatar_url",
            "id",
            "name",
            "thumbnail",
            "type",
        ],
    );
    assert_eq!(r.admin.event("message.created").await, frame);
    assert_eq!(r.widget.event("message.created").await, frame);
    // The first human reply: the agents hear it, the contact does not.
    let first = r.agent.event("first.reply.created").await;
    assert_eq!(first["data"]["id"], sent["id"]);
    let widget_saw = r.widget.events_now().await;
    assert!(
        !widget_saw.contains(&"first.reply.created".to_string()),
        "{widget_saw:?}"
    );
    assert!(r.outsider.events_now().await.is_empty());
}

#[tokio::test]
async fn a_private_note_does_not_reach_the_contact() {
    let mut r = Room::new().await;
    let admin = r.account.admin.clone();
    let note = r
        .post_as(
            &admin,
            "/messages",
            json!({"content": "internal", "private": true}),
        )
        .await;
    let frame = r.agent.event("message.created").await;
    assert_eq!(frame["data"]["id"], note["id"]);
    assert_eq!(frame["data"]["private"], true);
    r.admin.event("message.created").await;
    assert!(r.widget.events_now().await.is_empty());
    assert!(r.outsider.events_now().await.is_empty());
}

#[tokio::test]
async fn a_status_change_reaches_agents_and_contact_with_fresh_data_and_no_performer() {
    let mut r = Room::new().await;
    let admin = r.account.admin.clone();
    r.post_as(&admin, "/toggle_status", json!({"status": "resolved"}))
        .await;
    for cable in [&mut r.agent, &mut r.admin, &mut r.widget] {
        let frame = cable.event("conversation.status_changed").await;
        assert_keys(&frame["data"], CONVERSATION_KEYS);
        assert_eq!(frame["data"]["id"], r.display_id);
        assert_eq!(frame["data"]["status"], "resolved");
        assert_eq!(frame["data"]["account_id"], r.account.id);
    }
    assert!(r.outsider.events_now().await.is_empty());
}

#[tokio::test]
async fn an_assignment_reaches_the_inbox_agents_only() {
    let mut r = Room::new().await;
    let admin = r.account.admin.clone();
    let member = r.member.clone();
    r.post_as(&admin, "/assignments", json!({"assignee_id": member.id}))
        .await;
    let frame = r.agent.event("assignee.changed").await;
    assert_keys(&frame["data"], CONVERSATION_KEYS);
    assert_eq!(frame["data"]["meta"]["assignee"]["id"], member.id);
    r.admin.event("assignee.changed").await;
    let widget_saw = r.widget.events_now().await;
    assert!(
        !widget_saw.contains(&"assignee.changed".to_string()),
        "{widget_saw:?}"
    );
    assert!(r.outsider.events_now().await.is_empty());
}

#[tokio::test]
async fn typing_reaches_everyone_in_the_room_but_the_typer() {
    let mut r = Room::new().await;
    let member = r.member.clone();
    r.post_as(
        &member,
        "/toggle_typing_status",
        json!({"typing_status": "on"}),
    )
    .await;
    for cable in [&mut r.admin, &mut r.widget] {
        let frame = cable.event("conversation.typing_on").await;
        assert_keys(
            &frame["data"],
            &[
                "account_id",
                "conversation",
                "is_private",
                "performer",
                "user",
            ],
        );
        assert_eq!(frame["data"]["user"]["id"], member.id);
        assert_eq!(frame["data"]["is_private"], false);
        assert_eq!(frame["data"]["conversation"]["id"], r.display_id);
    }
    assert!(r.agent.events_now().await.is_empty());
    assert!(r.outsider.events_now().await.is_empty());
}

#[tokio::test]
async fn contact_changes_reach_every_agent_of_the_account_but_no_widget() {
    let mut r = Room::new().await;
    let admin = r.account.admin.clone();
    let res =
        r.t.put(&r.account.path(&format!("/contacts/{}", r.contact_id)))
            .as_user(&admin)
            .json(json!({"name": "Renamed"}))
            .send()
            .await;
    res.assert_status(200);
    for cable in [&mut r.agent, &mut r.outsider, &mut r.admin] {
        let frame = cable.event("contact.updated").await;
        assert_eq!(frame["data"]["id"], r.contact_id);
        assert_eq!(frame["data"]["name"], "Renamed");
        assert_eq!(frame["data"]["type"], "contact");
        assert_eq!(frame["data"]["account_id"], r.account.id);
    }
    assert!(r.widget.events_now().await.is_empty());
}

#[tokio::test]
async fn a_deleted_message_is_updated_with_its_previous_changes() {
    let mut r = Room::new().await;
    let admin = r.account.admin.clone();
    let sent = r
        .post_as(&admin, "/messages", json!({"content": "oops"}))
        .await;
    r.widget.event("message.created").await;
    let res =
        r.t.delete(&r.path(&format!("/messages/{}", sent["id"])))
            .as_user(&admin)
            .send()
            .await;
    res.assert_status(200);
    let frame = r.widget.event("message.updated").await;
    assert_eq!(frame["data"]["id"], sent["id"]);
    assert_eq!(frame["data"]["content_attributes"]["deleted"], true);
    let previous = &frame["data"]["previous_changes"];
    assert_eq!(previous["content"][0], "oops");
    assert_eq!(r.agent.event("message.updated").await, frame);
}
