//! The controllers nested under a contact: labels, notes and contact inboxes.

use crate::contacts::{contact, id, inbox};
use serde_json::json;
use store::{Exec, Sql};
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn labels_are_listed_and_replaced_as_a_set() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(&app, &acme, json!({"email": "a@x.io"})).await;
    let path = acme.path(&format!("/contacts/{}/labels", id(&c)));
    let res = app.get(&path).as_user(&agent).send().await;
    res.assert_status(200);
    assert_eq!(res.json, json!({"payload": []}));
    // acts_as_taggable_on's parser: commas split, blanks and case-duplicates go.
    let res = app
        .post(&path)
        .as_user(&agent)
        .json(json!({"labels": ["label1, label2", " ", "LABEL1", "vip"]}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json, json!({"payload": ["label1", "label2", "vip"]}));
    let res = app
        .post(&path)
        .as_user(&agent)
        .json(json!({"labels": ["label3", "vip"]}))
        .send()
        .await;
    assert_eq!(res.json, json!({"payload": ["label3", "vip"]}));
    let res = app.get(&path).as_user(&agent).send().await;
    assert_eq!(
        res.json,
        json!({"payload": ["vip", "label3"]}),
        "in tagging order"
    );
    assert_eq!(app.count("taggings").await, 2);
    // Tags are shared: another account's "VIP" reuses the tag.
    let other = app.account("Other").await;
    let theirs = contact(&app, &other, json!({"email": "t@x.io"})).await;
    app.post(&other.path(&format!("/contacts/{}/labels", id(&theirs))))
        .as_user(&other.admin)
        .json(json!({"labels": ["VIP"]}))
        .send()
        .await
        .assert_status(200);
    let counts: Vec<(Option<String>, Option<i32>)> = app
        .app
        .db
        .fetch_all(Sql::new(
            "SELECT name, taggings_count FROM tags ORDER BY id",
        ))
        .await
        .unwrap();
    let vip = counts
        .iter()
        .find(|(n, _)| n.as_deref() == Some("vip"))
        .unwrap();
    assert_eq!(vip.1, Some(2));
    assert!(!counts.iter().any(|(n, _)| n.as_deref() == Some("VIP")));
    // No list clears the labels (upstream's `update_labels(nil)`).
    let res = app.post(&path).as_user(&agent).json(json!({})).send().await;
    assert_eq!(res.json, json!({"payload": []}));
}

#[tokio::test]
async fn bad_labels_are_422_and_change_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let c = contact(&app, &acme, json!({"email": "a@x.io"})).await;
    let path = acme.path(&format!("/contacts/{}/labels", id(&c)));
    for body in [
        json!({"labels": {"a": 1}}),
        json!({"labels": [["x"]]}),
        json!({"labels": ["x".repeat(256)]}),
    ] {
        app.post(&path)
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    assert_eq!(app.count("taggings").await, 0);
    assert_eq!(app.count("tags").await, 0);
}

const NOTE_KEYS: &[&str] = &[
    "id",
    "content",
    "account_id",
    "contact_id",
    "user",
    "created_at",
    "updated_at",
];
const AGENT_KEYS: &[&str] = &[
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

#[tokio::test]
async fn notes_crud_for_any_member() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(&app, &acme, json!({"name": "Ann"})).await;
    let base = acme.path(&format!("/contacts/{}/notes", id(&c)));
    let res = app
        .post(&base)
        .as_user(&agent)
        .json(json!({"content": "first"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, NOTE_KEYS);
    assert_keys(&res.json["user"], AGENT_KEYS);
    assert_eq!(res.json["content"], "first");
    // `json.account_id json.account_id` renders null upstream.
    assert_eq!(
        (
            res.json["account_id"].clone(),
            res.json["contact_id"].clone()
        ),
        (json!(null), json!(null))
    );
    assert_eq!(res.json["user"]["id"], agent.id);
    assert_eq!(res.json["user"]["account_id"], acme.id);
    assert_eq!(res.json["user"]["role"], "agent");
    let first = res.json["id"].as_i64().unwrap();
    let res = app
        .post(&base)
        .as_user(&acme.admin)
        .json(json!({"note": {"content": "second"}}))
        .send()
        .await;
    res.assert_status(200);
    let second = res.json["id"].as_i64().unwrap();
    let res = app.get(&base).as_user(&agent).send().await;
    res.assert_status(200);
    let ids: Vec<i64> = res
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![second, first], "newest first");
    let res = app
        .get(&format!("{base}/{first}"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["content"], "first");
    // Updating makes the editor the note's author (upstream merges user_id into the update).
    let res = app
        .patch(&format!("{base}/{first}"))
        .as_user(&acme.admin)
        .json(json!({"note": {"content": "edited"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(
        (res.json["content"].clone(), res.json["user"]["id"].clone()),
        (json!("edited"), json!(acme.admin.id))
    );
    // An invalid update answers 200 with the note unchanged (`@note.update` is unchecked).
    let res = app
        .put(&format!("{base}/{first}"))
        .as_user(&agent)
        .json(json!({"content": ""}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["content"], "edited");
    let res = app
        .delete(&format!("{base}/{first}"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(app.count("notes").await, 1);
    app.get(&format!("{base}/{first}"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn bad_notes_are_refused_and_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let c = contact(&app, &acme, json!({"name": "Ann"})).await;
    let d = contact(&app, &acme, json!({"name": "Bob"})).await;
    let base = acme.path(&format!("/contacts/{}/notes", id(&c)));
    app.post(&base)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: note");
    for (body, message) in [
        (json!({"content": "  "}), "Content can't be blank"),
        (
            json!({"content": "x".repeat(20_001)}),
            "Content is too long (maximum is 20000 characters)",
        ),
    ] {
        let res = app.post(&base).as_user(&acme.admin).json(body).send().await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message);
    }
    app.post(&base)
        .as_user(&acme.admin)
        .json(json!({"content": ["list"]}))
        .send()
        .await
        .assert_status(422);
    assert_eq!(app.count("notes").await, 0);
    // A note is found through its own contact only.
    let res = app
        .post(&base)
        .as_user(&acme.admin)
        .json(json!({"content": "mine"}))
        .send()
        .await;
    let note = res.json["id"].as_i64().unwrap();
    let elsewhere = acme.path(&format!("/contacts/{}/notes/{note}", id(&d)));
    app.get(&elsewhere)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.delete(&elsewhere)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("notes").await, 1);
}

#[tokio::test]
async fn a_note_keeps_rendering_when_its_author_left_the_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(&app, &acme, json!({"name": "Ann"})).await;
    let base = acme.path(&format!("/contacts/{}/notes", id(&c)));
    app.post(&base)
        .as_user(&agent)
        .json(json!({"content": "bye"}))
        .send()
        .await
        .assert_status(200);
    let tx = app.app.db.begin().await.unwrap();
    tx.execute(Sql::new("DELETE FROM account_users WHERE user_id = $1").bind(agent.id))
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let res = app.get(&base).as_user(&acme.admin).send().await;
    res.assert_status(200);
    let user = &res.json[0]["user"];
    assert_eq!(user["id"], agent.id);
    assert_eq!(
        (user["role"].clone(), user["availability_status"].clone()),
        (json!(null), json!(null))
    );
}

#[tokio::test]
async fn contact_inboxes_are_made_in_inboxes_the_caller_can_see() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let api = inbox(&app, acme.id, "Channel::Api").await;
    let email = inbox(&app, acme.id, "Channel::Email").await;
    let c = contact(&app, &acme, json!({"email": "f.o.o.b.a.r@gmail.com"})).await;
    let path = acme.path(&format!("/contacts/{}/contact_inboxes", id(&c)));
    app.post(&path)
        .as_user(&agent)
        .json(json!({"inbox_id": api}))
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("contact_inboxes").await, 0);
    app.add_inbox_member(api, &agent).await;
    let res = app
        .post(&path)
        .as_user(&agent)
        .json(json!({"inbox_id": api}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["source_id", "inbox"]);
    assert_keys(
        &res.json["inbox"],
        &[
            "id",
            "avatar_url",
            "channel_id",
            "name",
            "channel_type",
            "provider",
        ],
    );
    assert_eq!(res.json["inbox"]["channel_type"], "Channel::Api");
    let row: (Option<bool>, Option<String>) = app
        .app
        .db
        .fetch_one(Sql::new(
            "SELECT hmac_verified, pubsub_token FROM contact_inboxes",
        ))
        .await
        .unwrap();
    assert_eq!(row.0, Some(false));
    assert_eq!(row.1.map(|t| t.len()), Some(24));
    // Administrators need no membership; email inboxes use the contact's email.
    let res = app
        .post(&path)
        .as_user(&acme.admin)
        .json(json!({"inbox_id": email, "hmac_verified": true}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["source_id"], "f.o.o.b.a.r@gmail.com");
    // The same source id again returns the existing contact inbox.
    let again = app
        .post(&path)
        .as_user(&acme.admin)
        .json(json!({"inbox_id": email}))
        .send()
        .await;
    assert_eq!(again.json["source_id"], "f.o.o.b.a.r@gmail.com");
    assert_eq!(app.count("contact_inboxes").await, 2);
}

#[tokio::test]
async fn contact_inbox_errors_are_4xx_and_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let api = inbox(&app, acme.id, "Channel::Api").await;
    let whatsapp = inbox(&app, acme.id, "Channel::Whatsapp").await;
    let facebook = inbox(&app, acme.id, "Channel::FacebookPage").await;
    let theirs = inbox(&app, other.id, "Channel::Api").await;
    let c = contact(&app, &acme, json!({"name": "No phone"})).await;
    let d = contact(&app, &acme, json!({"name": "Other"})).await;
    let path = acme.path(&format!("/contacts/{}/contact_inboxes", id(&c)));
    let post = |body: serde_json::Value| app.post(&path).as_user(&acme.admin).json(body).send();
    post(json!({"inbox_id": theirs})).await.assert_not_found();
    post(json!({})).await.assert_not_found();
    post(json!({"inbox_id": "x"})).await.assert_not_found();
    post(json!({"inbox_id": whatsapp})).await.assert_error(
        422,
        "param is missing or the value is empty: contact phone number",
    );
    post(json!({"inbox_id": facebook})).await.assert_error(
        422,
        "Unsupported operation for this channel: Channel::FacebookPage",
    );
    let res = post(json!({"inbox_id": whatsapp, "source_id": "+12"})).await;
    res.assert_status(422);
    assert_eq!(res.json["attributes"], json!(["source_id"]));
    post(json!({"inbox_id": api, "source_id": "x".repeat(20_001)}))
        .await
        .assert_status(422);
    assert_eq!(app.count("contact_inboxes").await, 0);
    // A source id taken by another contact of an API inbox is a conflict.
    app.post(&acme.path(&format!("/contacts/{}/contact_inboxes", id(&d))))
        .as_user(&acme.admin)
        .json(json!({"inbox_id": api, "source_id": "shared"}))
        .send()
        .await
        .assert_status(200);
    let res = post(json!({"inbox_id": api, "source_id": "shared"})).await;
    res.assert_status(422);
    assert_eq!(res.json["message"], "Source has already been taken");
    assert_eq!(app.count("contact_inboxes").await, 1);
}
