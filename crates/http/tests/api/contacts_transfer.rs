//! Contact merge (`actions/contact_merge`), CSV import and export.

use crate::contacts::{contact, id, inbox, CONTACT_KEYS};
use serde_json::json;
use std::path::PathBuf;
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn merging_moves_inboxes_and_notes_and_keeps_the_base_attributes() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let api = inbox(&app, acme.id, "Channel::Api").await;
    let base = contact(
        &app,
        &acme,
        json!({"name": "Base", "phone_number": "+14155550001",
        "custom_attributes": {"plan": "gold", "nested": {"a": 1}}}),
    )
    .await;
    let res = app
        .post(&acme.path("/contacts"))
        .as_user(&agent)
        .json(
            json!({"name": "Mergee", "email": "m@x.io", "identifier": "m-1", "inbox_id": api,
            "custom_attributes": {"plan": "silver", "seats": 3, "nested": {"b": 2}}}),
        )
        .send()
        .await;
    let mergee = res.json["payload"]["contact"].clone();
    app.post(&acme.path(&format!("/contacts/{}/notes", id(&mergee))))
        .as_user(&agent)
        .json(json!({"content": "about the mergee"}))
        .send()
        .await
        .assert_status(200);
    app.post(&acme.path(&format!("/contacts/{}/labels", id(&mergee))))
        .as_user(&agent)
        .json(json!({"labels": ["lost"]}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .post(&acme.path("/actions/contact_merge"))
        .as_user(&agent)
        .json(json!({"base_contact_id": id(&base), "mergee_contact_id": id(&mergee).to_string()}))
        .send()
        .await;
    res.assert_status(200);
    // The bare contact partial, without contact inboxes.
    let without: Vec<&str> = CONTACT_KEYS
        .iter()
        .copied()
        .filter(|k| *k != "contact_inboxes")
        .collect();
    assert_keys(&res.json, &without);
    assert_eq!(res.json["id"], id(&base));
    assert_eq!(res.json["name"], "Base");
    assert_eq!(res.json["email"], "m@x.io");
    assert_eq!(res.json["identifier"], "m-1");
    assert_eq!(res.json["phone_number"], "+14155550001");
    assert_eq!(
        res.json["custom_attributes"],
        json!({"plan": "gold", "seats": 3, "nested": {"a": 1, "b": 2}})
    );
    assert_eq!(app.count("contacts").await, 1);
    // The contact inbox and the note now belong to the base; the mergee's labels went with it.
    let shown = app
        .get(&acme.path(&format!("/contacts/{}", id(&base))))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(
        shown.json["payload"]["contact_inboxes"][0]["inbox"]["id"],
        api
    );
    let notes = app
        .get(&acme.path(&format!("/contacts/{}/notes", id(&base))))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(notes.json[0]["content"], "about the mergee");
    assert_eq!(app.count("taggings").await, 0);
}

#[tokio::test]
async fn merge_refuses_other_accounts_and_merging_into_itself_changes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let mine = contact(&app, &acme, json!({"name": "Mine", "email": "mine@x.io"})).await;
    let theirs = contact(&app, &other, json!({"name": "Theirs"})).await;
    for body in [
        json!({"base_contact_id": id(&mine), "mergee_contact_id": id(&theirs)}),
        json!({"base_contact_id": id(&theirs), "mergee_contact_id": id(&mine)}),
        json!({"base_contact_id": id(&mine)}),
        json!({"base_contact_id": "abc", "mergee_contact_id": id(&mine)}),
    ] {
        app.post(&acme.path("/actions/contact_merge"))
            .as_user(&acme.admin)
            .json(body)
            .send()
            .await
            .assert_not_found();
    }
    let res = app
        .post(&acme.path("/actions/contact_merge"))
        .as_user(&acme.admin)
        .json(json!({"base_contact_id": id(&mine), "mergee_contact_id": id(&mine)}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["email"], "mine@x.io");
    assert_eq!(app.count("contacts").await, 2);
}

fn multipart(field: &str, content: &str) -> (String, Vec<u8>) {
    let b = "SwitchboardBoundary";
    let body = format!(
        "--{b}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"contacts.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{content}\r\n--{b}--\r\n"
    );
    (
        format!("multipart/form-data; boundary={b}"),
        body.into_bytes(),
    )
}

async fn data_app() -> (TestApp, PathBuf) {
    let dir = std::env::temp_dir().join(format!(
        "switchboard-contacts-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let d = dir.clone();
    (TestApp::with_config(move |c| c.data_dir = d).await, dir)
}

#[tokio::test]
async fn import_adds_and_updates_contacts_and_skips_invalid_rows() {
    let (app, dir) = data_app().await;
    let acme = app.account("Acme").await;
    let existing = contact(
        &app,
        &acme,
        json!({"name": "Old name", "email": "cuzzell0@mozilla.org"}),
    )
    .await;
    let csv = "id,name,email,identifier,phone_number,company,city,ip_address\n\
               1,Clarice Uzzell,CUZZELL0@mozilla.org,bb4e,498963648018,My Company,Berlin,70.61.11.201\n\
               2,\"Creegan, Marieann\",mcreegan1@cornell.edu,e60b,+15417543010,,,\n\
               3,Broken,not-an-email,f793,,,,\n";
    let (ct, body) = multipart("import_file", csv);
    let res = app
        .post(&acme.path("/contacts/import"))
        .as_user(&acme.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(app.count("contacts").await, 2);
    let c = app
        .get(&acme.path(&format!("/contacts/{}", id(&existing))))
        .as_user(&acme.admin)
        .send()
        .await;
    let c = &c.json["payload"];
    assert_eq!(c["name"], "Clarice Uzzell");
    assert_eq!(c["identifier"], "bb4e");
    assert_eq!(c["phone_number"], "+498963648018");
    assert_eq!(
        c["additional_attributes"],
        json!({"company": "My Company", "city": "Berlin"})
    );
    assert_eq!(c["custom_attributes"]["ip_address"], "70.61.11.201");
    assert_eq!(c["custom_attributes"]["company"], "My Company");
    let found = app
        .get(&acme.path("/contacts/search?q=mcreegan1"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(found.json["payload"][0]["name"], "Creegan, Marieann");
    assert_eq!(
        found.json["payload"][0]["custom_attributes"]["company"],
        json!(null)
    );
    // The refused row is kept with its errors, as upstream's failed_records.
    let failed_dir = dir.join("contact_imports").join(acme.id.to_string());
    let file = std::fs::read_dir(&failed_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let text = std::fs::read_to_string(file).unwrap();
    assert!(
        text.starts_with("id,name,email,identifier,phone_number,company,city,ip_address,errors\n")
    );
    assert!(
        text.contains("3,Broken,not-an-email,f793,,,,,Email Invalid email"),
        "{text}"
    );
}

#[tokio::test]
async fn import_is_for_administrators_and_needs_a_well_formed_file() {
    let (app, _dir) = data_app().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let (ct, body) = multipart("import_file", "name,email\nAnn,ann@x.io\n");
    app.post(&acme.path("/contacts/import"))
        .as_user(&agent)
        .raw(&ct, body)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/contacts/import"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "File is blank");
    let (ct, body) = multipart("other_field", "name,email\nAnn,ann@x.io\n");
    app.post(&acme.path("/contacts/import"))
        .as_user(&acme.admin)
        .raw(&ct, body)
        .send()
        .await
        .assert_error(422, "File is blank");
    let (ct, body) = multipart("import_file", "name,email\nAnn,ann@x.io\nBo\"b,bob@x.io\n");
    let res = app
        .post(&acme.path("/contacts/import"))
        .as_user(&acme.admin)
        .raw(&ct, body)
        .send()
        .await;
    res.assert_status(422);
    assert!(res.json["error"]
        .as_str()
        .unwrap()
        .starts_with("Malformed CSV"));
    assert_eq!(app.count("contacts").await, 0);
}

#[tokio::test]
async fn export_writes_the_chosen_columns_of_the_chosen_contacts() {
    let (app, dir) = data_app().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let ann = contact(&app, &acme, json!({"name": "Ann, A.", "email": "ann@x.io"})).await;
    let bob = contact(&app, &acme, json!({"name": "Bob", "email": "bob@x.io"})).await;
    contact(&app, &acme, json!({"name": "Visitor"})).await;
    app.post(&acme.path(&format!("/contacts/{}/labels", id(&bob))))
        .as_user(&acme.admin)
        .json(json!({"labels": ["vip"]}))
        .send()
        .await
        .assert_status(200);
    app.post(&acme.path("/contacts/export"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    let file = dir
        .join("contacts_exports")
        .join(acme.id.to_string())
        .join(format!("Acme_{}_contacts.csv", acme.id));
    let res = app
        .post(&acme.path("/contacts/export"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(
        res.header("message"),
        Some("We will notify you once contacts export file is ready to view.")
    );
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        format!(
            "id,name,email,phone_number\n{},\"Ann, A.\",ann@x.io,\n{},Bob,bob@x.io,\n",
            id(&ann),
            id(&bob)
        )
    );
    app.post(&acme.path("/contacts/export"))
        .as_user(&acme.admin)
        .json(
            json!({"column_names": ["email", "not_a_column", "blocked", "email"], "label": "vip"}),
        )
        .send()
        .await
        .assert_status(200);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "email,blocked\nbob@x.io,false\n"
    );
    app.post(&acme.path("/contacts/export"))
        .as_user(&acme.admin)
        .json(json!({"column_names": ["name"], "payload": [{"attribute_key": "name", "filter_operator": "contains", "values": ["ann"]}]}))
        .send()
        .await
        .assert_status(200);
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        "name\n\"Ann, A.\"\n"
    );
    app.post(&acme.path("/contacts/export"))
        .as_user(&acme.admin)
        .json(json!({"payload": [{"attribute_key": "nope", "filter_operator": "equal_to", "values": ["x"]}]}))
        .send()
        .await
        .assert_status(422);
    app.post(&acme.path("/contacts/export"))
        .as_user(&acme.admin)
        .json(json!({"column_names": {"a": 1}}))
        .send()
        .await
        .assert_status(422);
}
