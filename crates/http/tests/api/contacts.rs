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

pub async fn add_inbox_member(app: &TestApp, inbox_id: i64, user_id: i64) {
    let tx = app.app.db.begin().await.unwrap();
    tx.execute(
        Sql::new("INSERT INTO inbox_members (user_id, inbox_id, created_at, updated_at) VALUES ($1, $2, $3, $3)")
            .bind(user_id)
            .bind(inbox_id)
            .bind(domain::time::now()),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
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

#[tokio::test]
async fn show_answers_the_contact_with_or_without_contact_inboxes() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(&app, &acme, json!({"name": "Ann", "email": "ann@x.io"})).await;
    let res = app
        .get(&acme.path(&format!("/contacts/{}", id(&c))))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    assert_keys(&res.json["payload"], CONTACT_KEYS);
    let res = app
        .get(&acme.path(&format!(
            "/contacts/{}?include_contact_inboxes=false",
            id(&c)
        )))
        .as_user(&agent)
        .send()
        .await;
    assert!(res.json["payload"].get("contact_inboxes").is_none());
    app.get(&acme.path("/contacts/abc"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn update_merges_the_json_attributes_and_keeps_the_rest() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(
        &app,
        &acme,
        json!({"name": "Old", "email": "old@x.io", "custom_attributes": {"test": "test", "test1": "test1"},
               "additional_attributes": {"attr1": "attr1", "attr2": "attr2"}}),
    )
    .await;
    let res = app
        .patch(&acme.path(&format!("/contacts/{}", id(&c))))
        .as_user(&agent)
        .json(
            json!({"name": "Test Blub", "custom_attributes": {"test": "new test", "test2": "test2"},
                     "additional_attributes": {"attr2": "new attr2", "attr3": "attr3"}}),
        )
        .send()
        .await;
    res.assert_status(200);
    let p = &res.json["payload"];
    assert_eq!(p["name"], "Test Blub");
    assert_eq!(p["email"], "old@x.io");
    assert_eq!(
        p["custom_attributes"],
        json!({"test": "new test", "test1": "test1", "test2": "test2"})
    );
    assert_eq!(
        p["additional_attributes"],
        json!({"attr1": "attr1", "attr2": "new attr2", "attr3": "attr3"})
    );
    let res = app
        .put(&acme.path(&format!("/contacts/{}", id(&c))))
        .as_user(&agent)
        .json(json!({"blocked": true}))
        .send()
        .await;
    assert_eq!(res.json["payload"]["blocked"], true);
    let res = app
        .patch(&acme.path(&format!("/contacts/{}", id(&c))))
        .as_user(&agent)
        .json(json!({"blocked": "false"}))
        .send()
        .await;
    assert_eq!(res.json["payload"]["blocked"], false);
}

#[tokio::test]
async fn update_refuses_another_contacts_email_or_phone_and_changes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let c = contact(&app, &acme, json!({"name": "Ann"})).await;
    contact(
        &app,
        &acme,
        json!({"email": "test1@example.com", "phone_number": "+12000000"}),
    )
    .await;
    for (body, attribute) in [
        (
            json!({"name": "New", "email": "test1@example.com"}),
            "email",
        ),
        (
            json!({"name": "New", "phone_number": "+12000000"}),
            "phone_number",
        ),
    ] {
        let res = app
            .patch(&acme.path(&format!("/contacts/{}", id(&c))))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
        assert!(res.json["attributes"]
            .as_array()
            .unwrap()
            .contains(&json!(attribute)));
    }
    let res = app
        .get(&acme.path(&format!("/contacts/{}", id(&c))))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"]["name"], "Ann");
}

#[tokio::test]
async fn another_accounts_contacts_are_404() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let theirs = contact(&app, &other, json!({"name": "Theirs", "email": "t@x.io"})).await;
    let t = id(&theirs);
    let paths = [
        ("GET", format!("/contacts/{t}")),
        ("PATCH", format!("/contacts/{t}")),
        ("DELETE", format!("/contacts/{t}")),
        ("GET", format!("/contacts/{t}/contactable_inboxes")),
        ("POST", format!("/contacts/{t}/destroy_custom_attributes")),
        ("GET", format!("/contacts/{t}/labels")),
        ("POST", format!("/contacts/{t}/labels")),
        ("GET", format!("/contacts/{t}/notes")),
        ("POST", format!("/contacts/{t}/notes")),
        ("POST", format!("/contacts/{t}/contact_inboxes")),
    ];
    for (method, path) in paths {
        let method = axum::http::Method::from_bytes(method.as_bytes()).unwrap();
        app.request(method, &acme.path(&path))
            .as_user(&acme.admin)
            .json(json!({"name": "Mine now", "labels": ["x"], "content": "hi", "inbox_id": 1}))
            .send()
            .await
            .assert_not_found();
    }
    let res = app
        .get(&other.path(&format!("/contacts/{t}")))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"]["name"], "Theirs");
    assert_eq!(app.count("notes").await, 0);
    assert_eq!(app.count("taggings").await, 0);
}

#[tokio::test]
async fn strangers_and_anonymous_callers_are_refused() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let c = contact(&app, &acme, json!({"email": "a@x.io"})).await;
    let i = id(&c);
    let paths = [
        ("GET", "/contacts".to_string()),
        ("POST", "/contacts".to_string()),
        ("GET", "/contacts/active".to_string()),
        ("GET", "/contacts/search?q=a".to_string()),
        ("POST", "/contacts/filter".to_string()),
        ("GET", "/contacts/filter".to_string()),
        ("POST", "/contacts/import".to_string()),
        ("POST", "/contacts/export".to_string()),
        ("GET", format!("/contacts/{i}")),
        ("PUT", format!("/contacts/{i}")),
        ("DELETE", format!("/contacts/{i}")),
        ("GET", format!("/contacts/{i}/contactable_inboxes")),
        ("POST", format!("/contacts/{i}/destroy_custom_attributes")),
        ("POST", format!("/contacts/{i}/contact_inboxes")),
        ("GET", format!("/contacts/{i}/labels")),
        ("POST", format!("/contacts/{i}/labels")),
        ("GET", format!("/contacts/{i}/notes")),
        ("POST", format!("/contacts/{i}/notes")),
        ("POST", "/actions/contact_merge".to_string()),
    ];
    let (_, bot) = app.agent_bot(Some(acme.id)).await;
    for (method, path) in paths {
        let m = axum::http::Method::from_bytes(method.as_bytes()).unwrap();
        app.request(m.clone(), &acme.path(&path))
            .send()
            .await
            .assert_unauthenticated();
        app.request(m.clone(), &acme.path(&path))
            .as_user(&other.admin)
            .send()
            .await
            .assert_error(401, "You are not authorized to access this account");
        app.request(m, &acme.path(&path))
            .token(&bot)
            .send()
            .await
            .assert_error(401, "Access to this endpoint is not authorized for bots");
    }
    assert_eq!(app.count("contacts").await, 1);
}

#[tokio::test]
async fn only_administrators_delete_contacts_and_what_hangs_off_them_goes_too() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let api = inbox(&app, acme.id, "Channel::Api").await;
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&agent)
        .json(json!({"name": "john doe", "inbox_id": api}))
        .send()
        .await;
    let c = res.json["payload"]["contact"].clone();
    let path = acme.path(&format!("/contacts/{}", id(&c)));
    app.post(&format!("{path}/notes"))
        .as_user(&agent)
        .json(json!({"content": "n"}))
        .send()
        .await
        .assert_status(200);
    app.post(&format!("{path}/labels"))
        .as_user(&agent)
        .json(json!({"labels": ["vip"]}))
        .send()
        .await
        .assert_status(200);
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path("/contacts/999999"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    // Online contacts are refused (upstream's message capitalises the name).
    app.app
        .presence
        .touch(acme.id, app::presence::PresenceKind::Contact, id(&c));
    let res = app.delete(&path).as_user(&acme.admin).send().await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "John doe is Online, please try again later"})
    );
    assert_eq!(app.count("contacts").await, 1);

    let app2 = TestApp::new().await;
    let acme2 = app2.account("Acme").await;
    let c2 = contact(&app2, &acme2, json!({"name": "Gone"})).await;
    let path2 = acme2.path(&format!("/contacts/{}", id(&c2)));
    app2.post(&format!("{path2}/notes"))
        .as_user(&acme2.admin)
        .json(json!({"content": "n"}))
        .send()
        .await
        .assert_status(200);
    let res = app2.delete(&path2).as_user(&acme2.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    for table in ["contacts", "notes", "contact_inboxes"] {
        assert_eq!(app2.count(table).await, 0, "{table}");
    }
    app2.delete(&path2)
        .as_user(&acme2.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn destroy_custom_attributes_drops_the_named_keys() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(
        &app,
        &acme,
        json!({"custom_attributes": {"test": "test", "test1": "test1", "x": 1}}),
    )
    .await;
    let path = acme.path(&format!("/contacts/{}/destroy_custom_attributes", id(&c)));
    let res = app
        .post(&path)
        .as_user(&agent)
        .json(json!({"custom_attributes": ["test", "missing"]}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json["payload"], CONTACT_KEYS);
    assert_eq!(
        res.json["payload"]["custom_attributes"],
        json!({"test1": "test1", "x": 1})
    );
    let res = app
        .post(&path)
        .as_user(&agent)
        .json(json!({"custom_attributes": "x"}))
        .send()
        .await;
    assert_eq!(
        res.json["payload"]["custom_attributes"],
        json!({"test1": "test1"})
    );
    app.post(&path)
        .as_user(&agent)
        .json(json!({"custom_attributes": [{"a": 1}]}))
        .send()
        .await
        .assert_status(422);
}

#[tokio::test]
async fn contactable_inboxes_are_the_ones_the_caller_can_see() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let api = inbox(&app, acme.id, "Channel::Api").await;
    let email = inbox(&app, acme.id, "Channel::Email").await;
    let whatsapp = inbox(&app, acme.id, "Channel::Whatsapp").await;
    let widget = inbox(&app, acme.id, "Channel::WebWidget").await;
    add_inbox_member(&app, email, agent.id).await;
    add_inbox_member(&app, whatsapp, agent.id).await;
    let c = contact(
        &app,
        &acme,
        json!({"email": "ann@x.io", "phone_number": "+14155552671"}),
    )
    .await;
    let path = acme.path(&format!("/contacts/{}/contactable_inboxes", id(&c)));
    let res = app.get(&path).as_user(&agent).send().await;
    res.assert_status(200);
    let payload = res.json["payload"].as_array().unwrap();
    let ids: Vec<i64> = payload
        .iter()
        .map(|p| p["inbox"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![email, whatsapp]);
    assert_keys(&payload[0], &["inbox", "source_id"]);
    assert_eq!(payload[0]["source_id"], "ann@x.io");
    assert_eq!(payload[1]["source_id"], "14155552671");
    // Administrators see every inbox; a widget inbox only with an existing session.
    let res = app.get(&path).as_user(&acme.admin).send().await;
    let ids: Vec<i64> = res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["inbox"]["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![api, email, whatsapp]);
    assert!(!ids.contains(&widget));
}
