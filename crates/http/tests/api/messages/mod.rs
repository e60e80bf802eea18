//! Messages API (`conversations/messages_controller.rb`, `Messages::MessageBuilder`, the Message
//! model's callbacks): list, create, status update, soft delete, attachments, bot access.

pub use serde_json::{json, Value};
pub use store::{Exec, Sql};
pub use testkit::{assert_keys, TestAccount, TestApp, TestResponse, TestUser};

mod bots;
mod changes;
mod create;
mod index;

pub const MESSAGE_KEYS: [&str; 13] = [
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

pub struct Fx {
    pub app: TestApp,
    pub acct: TestAccount,
    pub inbox: i64,
    pub conv: i64,
    pub display: i64,
}

pub async fn fx() -> Fx {
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
    pub fn path(&self, rest: &str) -> String {
        self.acct
            .path(&format!("/conversations/{}/messages{rest}", self.display))
    }

    pub async fn post(&self, user: &TestUser, body: Value) -> TestResponse {
        self.app
            .post(&self.path(""))
            .as_user(user)
            .json(body)
            .send()
            .await
    }

    pub async fn conversation(&self) -> store::message_conversations::MessageConversation {
        store::message_conversations::by_display_id(&self.app.app.db, self.acct.id, self.display)
            .await
            .unwrap()
            .unwrap()
    }

    /// An agent of the account who is a member of the conversation's inbox.
    pub async fn member(&self) -> TestUser {
        let agent = self.app.agent(&self.acct).await;
        self.app.add_inbox_member(self.inbox, &agent).await;
        agent
    }
}

pub fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
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
pub fn url_path(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.find('/')
        .map_or(String::new(), |i| rest[i..].to_string())
}

/// Writes `n` messages straight to the store; their ids, oldest first.
pub async fn seed_messages(f: &Fx, n: usize) -> Vec<i64> {
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

pub fn payload_ids(res: &TestResponse) -> Vec<i64> {
    res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_i64().unwrap())
        .collect()
}

impl Fx {
    pub async fn sql_assignee(&self) {
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

pub async fn set_status(f: &Fx, status: i32, muted: bool) {
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
