//! Contacts CRUD (`contacts_controller.rb`), its policy, and the helpers the other contacts
//! test files share.

use serde_json::{json, Value};
use store::{Exec, Sql};
use testkit::{assert_keys, TestAccount, TestApp};

pub const CONTACT_KEYS: &[&str] = &[
    "additional_attributes",
    "availability_status",
    "email",
    "id",
    "name",
    "phone_number",
    "blocked",
    "identifier",
    "thumbnail",
    "custom_attributes",
    "created_at",
    "contact_inboxes",
];

/// Creates a contact through the API as the account's administrator; returns its JSON.
pub async fn contact(app: &TestApp, acct: &TestAccount, body: Value) -> Value {
    let res = app
        .post(&acct.path("/contacts"))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"]["contact"].clone()
}

pub fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("an id")
}

/// An inbox of `channel_type` (a web widget or API channel row comes with it; other channel
/// types point at no channel row, which the contacts API never reads).
pub async fn inbox(app: &TestApp, account_id: i64, channel_type: &str) -> i64 {
    let db = &app.app.db;
    let now = domain::time::now();
    let tx = db.begin().await.unwrap();
    let channel_id = match channel_type {
        "Channel::Api" => tx
            .scalar::<i64>(
                Sql::new("INSERT INTO channel_api (account_id, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id")
                    .bind(account_id)
                    .bind(now),
            )
            .await
            .unwrap(),
        "Channel::WebWidget" => tx
            .scalar::<i64>(
                Sql::new("INSERT INTO channel_web_widgets (account_id, website_url, created_at, updated_at) VALUES ($1, 'https://example.com', $2, $2) RETURNING id")
                    .bind(account_id)
                    .bind(now),
            )
            .await
            .unwrap(),
        _ => 0,
    };
    let id = tx
        .scalar::<i64>(
            Sql::new("INSERT INTO inboxes (channel_id, account_id, name, channel_type, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id")
                .bind(channel_id)
                .bind(account_id)
                .bind(format!("{channel_type} inbox"))
                .bind(channel_type)
                .bind(now),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    id
}

/// Runs a statement on the test database (to set what the API cannot, e.g. last_activity_at).
pub async fn exec(app: &TestApp, q: Sql) {
    let tx = app.app.db.begin().await.unwrap();
    tx.execute(q).await.unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn creating_a_contact_returns_upstreams_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .json(json!({
            "name": "Ann Lee", "email": "Ann@Example.com", "phone_number": "+14155552671",
            "identifier": "ann-1", "avatar_url": "https://example.com/a.png",
            "additional_attributes": {"city": "Oslo", "company_name": "Acme"},
            "custom_attributes": {"test": "test", "test1": "test1"}
        }))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    assert_keys(&res.json["payload"], &["contact", "contact_inbox"]);
    assert_eq!(
        res.json["payload"]["contact_inbox"],
        json!({"inbox": null, "source_id": null})
    );
    let c = &res.json["payload"]["contact"];
    assert_keys(c, CONTACT_KEYS);
    assert_eq!(c["email"], "ann@example.com");
    assert_eq!(c["name"], "Ann Lee");
    assert_eq!(c["availability_status"], "offline");
    assert_eq!(c["thumbnail"], "");
    assert_eq!(c["blocked"], false);
    assert_eq!(
        c["custom_attributes"],
        json!({"test": "test", "test1": "test1"})
    );
    assert_eq!(c["contact_inboxes"], json!([]));
    assert!(c["created_at"].is_i64());
    // Contacts::SyncAttributes: location from the city, and a contact with an email is a lead.
    let row: (Option<String>, Option<i32>) = app
        .app
        .db
        .fetch_one(
            Sql::new("SELECT location, contact_type FROM contacts WHERE id = $1").bind(id(c)),
        )
        .await
        .unwrap();
    assert_eq!(row, (Some("Oslo".to_string()), Some(1)));
}

#[tokio::test]
async fn creating_with_an_inbox_makes_its_contact_inbox() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let api = inbox(&app, acme.id, "Channel::Api").await;
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .json(json!({"name": "Bo", "inbox_id": api}))
        .send()
        .await;
    res.assert_status(200);
    let ci = &res.json["payload"]["contact_inbox"];
    assert_eq!(ci["inbox"]["id"], api);
    assert_eq!(ci["inbox"]["sender_name_type"], "friendly");
    assert!(ci["inbox"]["created_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(
        ci["source_id"].as_str().unwrap().len(),
        36,
        "a generated uuid"
    );
    let contact = &res.json["payload"]["contact"];
    assert_eq!(contact["contact_inboxes"][0]["source_id"], ci["source_id"]);
    assert_keys(
        &contact["contact_inboxes"][0]["inbox"],
        &[
            "id",
            "avatar_url",
            "channel_id",
            "name",
            "channel_type",
            "provider",
        ],
    );
    // A chosen source id is kept.
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .json(json!({"name": "Cy", "inbox_id": api.to_string(), "source_id": "cy-1"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["contact_inbox"]["source_id"], "cy-1");
    assert_eq!(app.count("contact_inboxes").await, 2);
}

#[tokio::test]
async fn another_accounts_inbox_is_404_and_no_contact_is_made() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let theirs = inbox(&app, other.id, "Channel::Api").await;
    for inbox_id in [json!(theirs), json!(999_999), json!("abc")] {
        app.post(&acme.path("/contacts"))
            .as_user(&acme.admin)
            .json(json!({"name": "Bo", "email": "bo@x.io", "inbox_id": inbox_id}))
            .send()
            .await
            .assert_not_found();
    }
    assert_eq!(app.count("contacts").await, 0);
}

#[tokio::test]
async fn an_email_inbox_needs_the_contacts_email() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let email = inbox(&app, acme.id, "Channel::Email").await;
    app.post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .json(json!({"name": "Bo", "inbox_id": email}))
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: contact email");
    assert_eq!(app.count("contacts").await, 0);
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .json(json!({"name": "Bo", "email": "bo@x.io", "inbox_id": email}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["contact_inbox"]["source_id"], "bo@x.io");
}

#[tokio::test]
async fn validation_messages_match_upstream_and_nothing_is_written() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    contact(
        &app,
        &acme,
        json!({"email": "taken@x.io", "identifier": "id-1", "phone_number": "+14155550000"}),
    )
    .await;
    let cases = [
        (
            json!({"name": "test".repeat(999)}),
            "Name is too long (maximum is 255 characters)",
            vec!["name"],
        ),
        (
            json!({"email": "not-an-email"}),
            "Email Invalid email",
            vec!["email"],
        ),
        (
            json!({"email": "TAKEN@x.io"}),
            "Email has already been taken",
            vec!["email"],
        ),
        (
            json!({"identifier": "id-1"}),
            "Identifier has already been taken",
            vec!["identifier"],
        ),
        (
            json!({"phone_number": "14155550001"}),
            "Phone number should be in e164 format",
            vec!["phone_number"],
        ),
        (
            json!({"phone_number": "+14155550000"}),
            "Phone number has already been taken",
            vec!["phone_number"],
        ),
        (
            json!({"email": format!("{}@x.io", "a".repeat(300))}),
            "Email is too long (maximum is 255 characters)",
            vec!["email"],
        ),
    ];
    for (body, message, attributes) in cases {
        let res = app
            .post(&acme.path("/contacts"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
        assert_eq!(res.json["attributes"], json!(attributes));
    }
    assert_eq!(app.count("contacts").await, 1);
}

#[tokio::test]
async fn wrong_types_are_422_and_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    for body in [
        json!({"name": {"first": "Ann"}}),
        json!({"custom_attributes": "plain"}),
        json!({"additional_attributes": [1]}),
        json!({"blocked": "maybe"}),
    ] {
        app.post(&acme.path("/contacts"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    app.post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .raw("application/json", "{not json")
        .send()
        .await
        .assert_status(400);
    assert_eq!(app.count("contacts").await, 0);
}

#[tokio::test]
async fn blank_emails_and_identifiers_are_null_so_many_contacts_may_lack_them() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    for _ in 0..2 {
        let c = contact(
            &app,
            &acme,
            json!({"name": "Nameless", "email": "", "identifier": ""}),
        )
        .await;
        assert_eq!(
            (c["email"].clone(), c["identifier"].clone()),
            (Value::Null, Value::Null)
        );
    }
}
