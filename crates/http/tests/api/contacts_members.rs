//! One contact: show, update, destroy, custom attribute removal, contactable inboxes, avatar,
//! and who may do each.

use crate::contacts::{contact, id, inbox, CONTACT_KEYS};
use serde_json::json;
use testkit::{assert_keys, TestApp};

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
    app.add_inbox_member(email, &agent).await;
    app.add_inbox_member(whatsapp, &agent).await;
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

/// A multipart body as the dashboard's `buildContactFormData` sends it.
fn form_data(fields: &[(&str, &str)], avatar: Option<&[u8]>) -> (String, Vec<u8>) {
    let b = "ContactFormBoundary";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                .into_bytes(),
        );
    }
    if let Some(bytes) = avatar {
        body.extend(
            format!("--{b}\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\nContent-Type: image/png\r\n\r\n")
                .into_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend(b"\r\n");
    }
    body.extend(format!("--{b}--\r\n").into_bytes());
    (format!("multipart/form-data; boundary={b}"), body)
}

#[tokio::test]
async fn multipart_updates_with_an_avatar_save_the_fields() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let c = contact(
        &app,
        &acme,
        json!({"name": "Ann", "additional_attributes": {"keep": "me"}}),
    )
    .await;
    let avatar = vec![0u8; 3 * 1024 * 1024];
    let (ct, body) = form_data(
        &[
            ("name", "Ann Lee"),
            ("email", "ann@x.io"),
            ("additional_attributes[city]", "Oslo"),
            ("additional_attributes[social_profiles][twitter]", "ann"),
        ],
        Some(&avatar),
    );
    let res = app
        .patch(&acme.path(&format!("/contacts/{}", id(&c))))
        .as_user(&acme.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_status(200);
    let p = &res.json["payload"];
    assert_eq!(
        (p["name"].clone(), p["email"].clone()),
        (json!("Ann Lee"), json!("ann@x.io"))
    );
    assert_eq!(
        p["additional_attributes"],
        json!({"keep": "me", "city": "Oslo", "social_profiles": {"twitter": "ann"}})
    );
    let (ct, body) = form_data(&[("name", "Bo"), ("phone_number", "+14155552671")], None);
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(
        res.json["payload"]["contact"]["phone_number"],
        "+14155552671"
    );
}

#[tokio::test]
async fn json_bodies_keep_the_usual_limit() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let big = json!({"name": "Ann", "custom_attributes": {"blob": "x".repeat(1024 * 1024)}});
    app.post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .json(big)
        .send()
        .await
        .assert_status(413);
    assert_eq!(app.count("contacts").await, 0);
}

#[tokio::test]
async fn deleting_the_avatar_answers_the_contact_without_inboxes() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let c = contact(&app, &acme, json!({"name": "Ann"})).await;
    let res = app
        .delete(&acme.path(&format!("/contacts/{}/avatar", id(&c))))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    let without: Vec<&str> = CONTACT_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "contact_inboxes")
        .collect();
    assert_keys(&res.json["payload"], &without);
    app.delete(&acme.path("/contacts/999999/avatar"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn form_encoded_bodies_work_too() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&acme.admin)
        .raw(
            "application/x-www-form-urlencoded",
            "name=Ann&custom_attributes%5Bplan%5D=gold",
        )
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(
        res.json["payload"]["contact"]["custom_attributes"],
        json!({"plan": "gold"})
    );
}
