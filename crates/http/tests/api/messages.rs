//! Messages API (`conversations/messages_controller.rb`, `Messages::MessageBuilder`, the Message
//! model's callbacks): list, create, status update, soft delete, attachments, bot access.

use serde_json::{json, Value};
use store::{Exec, Sql};
use testkit::{assert_keys, TestAccount, TestApp, TestResponse, TestUser};

const MESSAGE_KEYS: [&str; 13] = [
    "id",
    "content",
    "inbox_id",
    "conversation_id",
    "message_type",
    "content_type",
    "status",
    "content_attributes",
    "created_at",
    "private",
    "source_id",
    "sender",
    "echo_id",
];

struct Fx {
    app: TestApp,
    acct: TestAccount,
    inbox: i64,
    conv: i64,
    display: i64,
}

async fn fx() -> Fx {
    let app = TestApp::new().await;
    let acct = app.account("Acme").await;
    let inbox = app.inbox_row(acct.id, "API").await;
    let (conv, display) = app.conversation_row(acct.id, inbox).await;
    Fx {
        app,
        acct,
        inbox,
        conv,
        display,
    }
}

impl Fx {
    fn path(&self, rest: &str) -> String {
        self.acct
            .path(&format!("/conversations/{}/messages{rest}", self.display))
    }

    async fn post(&self, user: &TestUser, body: Value) -> TestResponse {
        self.app
            .post(&self.path(""))
            .as_user(user)
            .json(body)
            .send()
            .await
    }

    async fn conversation(&self) -> store::message_conversations::MessageConversation {
        store::message_conversations::by_display_id(&self.app.app.db, self.acct.id, self.display)
            .await
            .unwrap()
            .unwrap()
    }

    /// An agent of the account who is a member of the conversation's inbox.
    async fn member(&self) -> TestUser {
        let agent = self.app.agent(&self.acct).await;
        self.app.add_inbox_member(self.inbox, &agent).await;
        agent
    }
}

fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----switchboard-test-boundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").bytes());
    }
    for (name, content_type, bytes) in files {
        body.extend(format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments[]\"; filename=\"{name}\"\r\nContent-Type: {content_type}\r\n\r\n").bytes());
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{boundary}--\r\n").bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// The path part of an absolute URL.
fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/')
        .map_or(String::new(), |i| rest[i..].to_string())
}

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

/// Writes `n` messages straight to the store; their ids, oldest first.
async fn seed_messages(f: &Fx, n: usize) -> Vec<i64> {
    let tx = f.app.app.db.begin().await.unwrap();
    let mut ids = Vec::new();
    for i in 0..n {
        let m = store::messages::NewMessage {
            account_id: f.acct.id,
            inbox_id: f.inbox,
            conversation_id: f.conv,
            content: Some(format!("m{i}")),
            message_type: 1,
            sender_type: Some("User".into()),
            sender_id: Some(f.acct.admin.id),
            content_attributes: json!({}),
            additional_attributes: json!({}),
            ..Default::default()
        };
        ids.push(
            store::messages::insert(&tx, &m, domain::time::now())
                .await
                .unwrap()
                .id,
        );
    }
    tx.commit().await.unwrap();
    ids
}

fn payload_ids(res: &TestResponse) -> Vec<i64> {
    res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn index_lists_the_latest_page_with_meta() {
    let f = fx().await;
    let ids = seed_messages(&f, 25).await;
    let res = f.app.get(&f.path("")).as_user(&f.acct.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_keys(
        &res.json["meta"],
        &[
            "labels",
            "additional_attributes",
            "contact",
            "agent_last_seen_at",
            "assignee_last_seen_at",
        ],
    );
    assert_eq!(res.json["meta"]["contact"]["type"], json!("contact"));
    assert_eq!(payload_ids(&res), ids[5..].to_vec());
    assert_eq!(res.json["payload"][0]["sender"]["type"], json!("user"));
}

#[tokio::test]
async fn index_meta_shows_the_assignee() {
    let f = fx().await;
    f.sql_assignee().await;
    let res = f.app.get(&f.path("")).as_user(&f.acct.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["meta"]["assignee"]["id"], json!(f.acct.admin.id));
    assert_eq!(res.json["meta"]["assignee"]["type"], json!("user"));
}

impl Fx {
    async fn sql_assignee(&self) {
        let tx = self.app.app.db.begin().await.unwrap();
        tx.execute(
            Sql::new("UPDATE conversations SET assignee_id = $1 WHERE id = $2")
                .bind(self.acct.admin.id)
                .bind(self.conv),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
    }
}

#[tokio::test]
async fn index_pages_before_and_after() {
    let f = fx().await;
    let ids = seed_messages(&f, 130).await;
    let get = |q: String| {
        let path = format!("{}?{q}", f.path(""));
        let app = &f.app;
        let admin = &f.acct.admin;
        async move { app.get(&path).as_user(admin).send().await }
    };
    let res = get(format!("before={}", ids[50])).await;
    assert_eq!(payload_ids(&res), ids[30..50].to_vec());
    let res = get(format!("after={}", ids[0])).await;
    assert_eq!(payload_ids(&res), ids[1..101].to_vec());
    let res = get(format!("after={}&before={}", ids[10], ids[15])).await;
    assert_eq!(payload_ids(&res), ids[10..15].to_vec());
    // Before the first message: nothing older.
    let res = get(format!("before={}", ids[0])).await;
    assert!(payload_ids(&res).is_empty());
    // Rails' `to_i`: a non-numeric cursor reads as 0.
    let res = get("before=abc".to_string()).await;
    res.assert_status(200);
    assert!(payload_ids(&res).is_empty());
    let res = get("after=abc".to_string()).await;
    assert_eq!(payload_ids(&res).len(), 100);
}

#[tokio::test]
async fn index_access_follows_the_conversation_policy() {
    let f = fx().await;
    f.app.get(&f.path("")).send().await.assert_unauthenticated();
    let other = f.app.account("Other").await;
    f.app
        .get(&f.path(""))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    let outsider = f.app.agent(&f.acct).await;
    f.app
        .get(&f.path(""))
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    let member = f.member().await;
    f.app
        .get(&f.path(""))
        .as_user(&member)
        .send()
        .await
        .assert_status(200);
    // Bots may only create.
    let (_, bot) = f.app.agent_bot(Some(f.acct.id)).await;
    f.app
        .get(&f.path(""))
        .token(&bot)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}

#[tokio::test]
async fn status_update_in_api_inbox() {
    let f = fx().await;
    let id = f.post(&f.acct.admin, json!({"content": "x"})).await.json["id"]
        .as_i64()
        .unwrap();
    let path = f.path(&format!("/{id}"));
    let res = f
        .app
        .patch(&path)
        .as_user(&f.acct.admin)
        .json(json!({"status": "read"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &MESSAGE_KEYS[..12]);
    assert_eq!(res.json["status"], json!("read"));
    // read -> delivered and unknown statuses change nothing.
    for status in ["delivered", "exploded"] {
        let res = f
            .app
            .patch(&path)
            .as_user(&f.acct.admin)
            .json(json!({"status": status}))
            .send()
            .await;
        res.assert_status(200);
        assert_eq!(res.json["status"], json!("read"));
    }
    let res = f
        .app
        .put(&path)
        .as_user(&f.acct.admin)
        .json(json!({"status": "failed", "external_error": "Timeout"}))
        .send()
        .await;
    assert_eq!(res.json["status"], json!("failed"));
    assert_eq!(
        res.json["content_attributes"]["external_error"],
        json!("Timeout")
    );
    f.app
        .patch(&path)
        .json(json!({"status": "sent"}))
        .send()
        .await
        .assert_unauthenticated();
    let outsider = f.app.agent(&f.acct).await;
    f.app
        .patch(&path)
        .as_user(&outsider)
        .json(json!({"status": "sent"}))
        .send()
        .await
        .assert_not_authorized();
    let missing = f.path("/999999");
    f.app
        .patch(&missing)
        .as_user(&f.acct.admin)
        .json(json!({"status": "sent"}))
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn status_update_is_forbidden_outside_api_inboxes() {
    let app = TestApp::new().await;
    let acct = app.account("Acme").await;
    let inbox = app.inbox(acct.id, "Website").await;
    let (_, display) = app.conversation_row(acct.id, inbox).await;
    let base = acct.path(&format!("/conversations/{display}/messages"));
    let created = app
        .post(&base)
        .as_user(&acct.admin)
        .json(json!({"content": "x"}))
        .send()
        .await;
    let id = created.json["id"].as_i64().unwrap();
    let res = app
        .patch(&format!("{base}/{id}"))
        .as_user(&acct.admin)
        .json(json!({"status": "read"}))
        .send()
        .await;
    res.assert_error(403, "Message status update is only allowed for API inboxes");
}

#[tokio::test]
async fn delete_blanks_the_message_and_removes_attachments() {
    let f = fx().await;
    let (ct, body) = multipart(
        &[("content", "See file")],
        &[("a.txt", "text/plain", b"hello")],
    );
    let created = f
        .app
        .post(&f.path(""))
        .as_user(&f.acct.admin)
        .raw(&ct, body)
        .send()
        .await;
    created.assert_status(200);
    let id = created.json["id"].as_i64().unwrap();
    let url = created.json["attachments"][0]["data_url"]
        .as_str()
        .unwrap()
        .to_string();
    let outsider = f.app.agent(&f.acct).await;
    let path = f.path(&format!("/{id}"));
    f.app
        .delete(&path)
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    f.app.delete(&path).send().await.assert_unauthenticated();
    assert_eq!(f.app.count("attachments").await, 1);
    let res = f.app.delete(&path).as_user(&f.acct.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["content"], json!("This message was deleted"));
    assert_eq!(res.json["content_attributes"], json!({"deleted": true}));
    assert!(res.json.get("attachments").is_none());
    assert_eq!(f.app.count("attachments").await, 0);
    assert_eq!(f.app.count("messages").await, 1);
    f.app.get(&url_path(&url)).send().await.assert_status(404);
    f.app
        .delete(&f.path("/999999"))
        .as_user(&f.acct.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn attachments_are_stored_and_served() {
    let f = fx().await;
    let png: &[u8] = b"\x89PNG\r\n\x1a\nfake";
    let (ct, body) = multipart(
        &[
            ("content", "Files"),
            ("echo_id", "up-1"),
            ("private", "false"),
        ],
        &[
            ("photo.png", "image/png", png),
            ("notes.pdf", "application/pdf", b"%PDF-1.4"),
        ],
    );
    let res = f
        .app
        .post(&f.path(""))
        .as_user(&f.acct.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["echo_id"], json!("up-1"));
    let list = res.json["attachments"].as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_keys(
        &list[0],
        &[
            "id",
            "message_id",
            "file_type",
            "account_id",
            "extension",
            "data_url",
            "thumb_url",
            "file_size",
            "width",
            "height",
        ],
    );
    assert_eq!(list[0]["file_type"], json!("image"));
    assert_eq!(list[0]["extension"], json!("png"));
    assert_eq!(list[0]["file_size"], json!(png.len()));
    assert_eq!(list[1]["file_type"], json!("file"));
    assert_eq!(list[1]["thumb_url"], json!(""));
    let served = f
        .app
        .get(&url_path(list[0]["data_url"].as_str().unwrap()))
        .send()
        .await;
    served.assert_status(200);
    assert_eq!(served.header("content-type"), Some("image/png"));
    assert_eq!(
        served.header("content-length"),
        Some(png.len().to_string().as_str())
    );
    let pdf = f
        .app
        .get(&url_path(list[1]["data_url"].as_str().unwrap()))
        .send()
        .await;
    pdf.assert_status(200);
    assert_eq!(pdf.text, "%PDF-1.4");
    // Index renders them too.
    let index = f.app.get(&f.path("")).as_user(&f.acct.admin).send().await;
    assert_eq!(
        index.json["payload"][0]["attachments"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    // An unknown key is a plain 404.
    f.app
        .get("/rails/active_storage/blobs/redirect/AAAAAAAAAAAAAAAAAAAAAAAA/photo.png")
        .send()
        .await
        .assert_status(404);
}

#[tokio::test]
async fn more_than_fifteen_attachments_are_refused() {
    let f = fx().await;
    let files: Vec<(&str, &str, &[u8])> = (0..16)
        .map(|_| ("a.txt", "text/plain", &b"x"[..]))
        .collect();
    let (ct, body) = multipart(&[("content", "Many")], &files);
    let res = f
        .app
        .post(&f.path(""))
        .as_user(&f.acct.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_error(
        422,
        "Validation failed: Attachments exceeded maximum allowed",
    );
    assert_eq!(f.app.count("messages").await, 0);
    assert_eq!(f.app.count("attachments").await, 0);
}

#[tokio::test]
async fn account_bot_creates_messages_as_itself() {
    let f = fx().await;
    let (bot_id, token) = f.app.agent_bot(Some(f.acct.id)).await;
    let res = f
        .app
        .post(&f.path(""))
        .token(&token)
        .json(json!({"content": "Beep"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json["sender"], &["id", "name", "avatar_url", "type"]);
    assert_eq!(res.json["sender"]["type"], json!("agent_bot"));
    assert_eq!(res.json["sender"]["id"], json!(bot_id));
    // A bot reply is no human first reply.
    assert!(f.conversation().await.first_reply_created_at.is_none());
    // Other routes stay closed to bots.
    let id = res.json["id"].as_i64().unwrap();
    f.app
        .delete(&f.path(&format!("/{id}")))
        .token(&token)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}

#[tokio::test]
async fn foreign_bot_needs_an_inbox_of_the_account() {
    let f = fx().await;
    let other = f.app.account("Other").await;
    let (bot_id, token) = f.app.agent_bot(Some(other.id)).await;
    let res = f
        .app
        .post(&f.path(""))
        .token(&token)
        .json(json!({"content": "Beep"}))
        .send()
        .await;
    res.assert_error(401, "Bot is not authorized to access this account");
    assert_eq!(f.app.count("messages").await, 0);
    let tx = f.app.app.db.begin().await.unwrap();
    store::agent_bot_inboxes::upsert(&tx, f.inbox, bot_id, f.acct.id, domain::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    f.app
        .post(&f.path(""))
        .token(&token)
        .json(json!({"content": "Beep"}))
        .send()
        .await
        .assert_status(200);
}

async fn set_status(f: &Fx, status: i32, muted: bool) {
    let tx = f.app.app.db.begin().await.unwrap();
    let muted_until = muted.then(|| domain::time::now() + chrono::Duration::days(1));
    tx.execute(
        Sql::new("UPDATE conversations SET status = $1, muted_until = $2 WHERE id = $3")
            .bind(status)
            .bind(muted_until)
            .bind(f.conv),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
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
