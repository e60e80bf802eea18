//! The contact lists: index (resolved contacts, `labels[]`, sort, page), search and active.

use crate::contacts::{contact, exec, id, CONTACT_KEYS};
use serde_json::{json, Value};
use store::Sql;
use testkit::{assert_keys, TestAccount, TestApp};

fn emails(res: &testkit::TestResponse) -> Vec<String> {
    res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["email"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn get(app: &TestApp, acct: &TestAccount, path: &str) -> testkit::TestResponse {
    let res = app.get(&acct.path(path)).as_user(&acct.admin).send().await;
    res.assert_status(200);
    res
}

#[tokio::test]
async fn index_lists_resolved_contacts_fifteen_a_page() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    for i in 0..17 {
        contact(
            &app,
            &acme,
            json!({"name": format!("C{i:02}"), "email": format!("c{i:02}@x.io")}),
        )
        .await;
    }
    contact(
        &app,
        &acme,
        json!({"name": "Phone only", "phone_number": "+14155550000"}),
    )
    .await;
    contact(
        &app,
        &acme,
        json!({"name": "Identifier only", "identifier": "abc"}),
    )
    .await;
    contact(&app, &acme, json!({"name": "Anonymous visitor"})).await;
    let res = app
        .get(&acme.path("/contacts"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_eq!(res.json["meta"], json!({"count": 19, "current_page": 1}));
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 15);
    assert_keys(&res.json["payload"][0], CONTACT_KEYS);
    // `current_page` echoes the parameter as given, as upstream's `params[:page] || 1` does.
    let res = get(&app, &acme, "/contacts?page=2&sort=name").await;
    assert_eq!(res.json["meta"], json!({"count": 19, "current_page": "2"}));
    let names: Vec<&str> = res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["C15", "C16", "Identifier only", "Phone only"]);
    for page in ["0", "-3", "abc", ""] {
        let res = get(&app, &acme, &format!("/contacts?page={page}&sort=name")).await;
        assert_eq!(res.json["payload"][0]["name"], "C00", "page={page}");
    }
    let res = get(&app, &acme, "/contacts?page=99").await;
    assert_eq!(res.json["payload"], json!([]));
}

#[tokio::test]
async fn include_contact_inboxes_false_leaves_them_out() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    contact(&app, &acme, json!({"email": "a@x.io"})).await;
    let res = get(&app, &acme, "/contacts?include_contact_inboxes=false").await;
    assert!(res.json["payload"][0].get("contact_inboxes").is_none());
    let res = get(&app, &acme, "/contacts?include_contact_inboxes=true").await;
    assert_eq!(res.json["payload"][0]["contact_inboxes"], json!([]));
}

#[tokio::test]
async fn sorts_follow_upstreams_keys_and_null_placement() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let a = contact(&app, &acme, json!({"name": "bob", "email": "b@x.io", "additional_attributes": {"company_name": "Test Company 1", "country": "Canada", "city": "Oslo"}})).await;
    let b = contact(&app, &acme, json!({"name": "Alice", "email": "a@x.io", "additional_attributes": {"company_name": "Marvel Company", "country": "Albania"}})).await;
    let c = contact(
        &app,
        &acme,
        json!({"name": "carl", "email": "c@x.io", "additional_attributes": {}}),
    )
    .await;
    exec(
        &app,
        Sql::new("UPDATE contacts SET last_activity_at = $1 WHERE id = $2")
            .bind(domain::time::now())
            .bind(id(&b)),
    )
    .await;
    let order = |res: &testkit::TestResponse| -> Vec<i64> {
        res.json["payload"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect()
    };
    let (a, b, c) = (id(&a), id(&b), id(&c));
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=name").await),
        vec![b, a, c]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=-name").await),
        vec![c, a, b]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=email").await),
        vec![b, a, c]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=-company").await),
        vec![a, b, c]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=company").await),
        vec![b, a, c]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=country").await),
        vec![b, a, c]
    );
    // Ties break by id, in the direction of the sort.
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=-city").await),
        vec![a, c, b]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=-last_activity_at").await),
        vec![b, c, a]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=last_activity_at").await),
        vec![b, a, c]
    );
    assert_eq!(
        order(&get(&app, &acme, "/contacts?sort=-created_at").await),
        vec![c, b, a]
    );
    // Unknown keys, and anything shaped like SQL, are ignored rather than spliced in.
    for sort in [
        "unknown",
        "name;DROP%20TABLE%20contacts",
        "-id",
        "email)%20--",
        "",
    ] {
        let res = get(&app, &acme, &format!("/contacts?sort={sort}")).await;
        assert_eq!(order(&res), vec![a, b, c], "sort={sort}");
    }
    assert_eq!(app.count("contacts").await, 3);
}

#[tokio::test]
async fn labels_filter_the_list_with_rails_bracket_params() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let one = contact(&app, &acme, json!({"email": "one@x.io"})).await;
    let two = contact(&app, &acme, json!({"email": "two@x.io"})).await;
    contact(&app, &acme, json!({"email": "none@x.io"})).await;
    for (c, labels) in [
        (&one, json!(["label1"])),
        (&two, json!(["Label2", "other"])),
    ] {
        app.post(&acme.path(&format!("/contacts/{}/labels", id(c))))
            .as_user(&acme.admin)
            .json(json!({"labels": labels}))
            .send()
            .await
            .assert_status(200);
    }
    let res = get(
        &app,
        &acme,
        "/contacts?labels[]=label1&labels[]=label2&sort=email",
    )
    .await;
    assert_eq!(res.json["meta"]["count"], 2);
    assert_eq!(emails(&res), vec!["one@x.io", "two@x.io"]);
    let res = get(&app, &acme, "/contacts?labels%5B%5D=other").await;
    assert_eq!(emails(&res), vec!["two@x.io"]);
    let res = get(&app, &acme, "/contacts?labels=label1").await;
    assert_eq!(emails(&res), vec!["one@x.io"]);
    let res = get(&app, &acme, "/contacts?labels[]=nobody").await;
    assert_eq!(res.json["meta"]["count"], 0);
    // Another account's contacts with the same label stay out.
    let other = app.account("Other").await;
    let theirs = contact(&app, &other, json!({"email": "theirs@x.io"})).await;
    app.post(&other.path(&format!("/contacts/{}/labels", id(&theirs))))
        .as_user(&other.admin)
        .json(json!({"labels": ["label1"]}))
        .send()
        .await
        .assert_status(200);
    let res = get(&app, &acme, "/contacts?labels[]=label1").await;
    assert_eq!(emails(&res), vec!["one@x.io"]);
}

#[tokio::test]
async fn search_matches_name_email_phone_identifier_and_company() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    contact(
        &app,
        &acme,
        json!({"name": "testcontact", "email": "test@test.com"}),
    )
    .await;
    contact(&app, &acme, json!({"name": "Other", "email": "other@x.io", "phone_number": "+14155552671", "additional_attributes": {"company_name": "acme.inc"}})).await;
    contact(
        &app,
        &acme,
        json!({"name": "testcontact", "identifier": "testidentifer"}),
    )
    .await;
    contact(
        &app,
        &acme,
        json!({"name": "testcontact", "identifier": "TestIdentifier"}),
    )
    .await;
    let find = |q: &'static str| {
        let app = &app;
        let acme = &acme;
        async move {
            let res = get(app, acme, &format!("/contacts/search?q={q}&sort=email")).await;
            res.json["payload"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| {
                    c["email"]
                        .as_str()
                        .or(c["identifier"].as_str())
                        .unwrap_or("")
                        .to_string()
                })
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("Test@Test.com").await, vec!["test@test.com"]);
    assert_eq!(find("acme.inc").await, vec!["other@x.io"]);
    assert_eq!(find("5552671").await, vec!["other@x.io"]);
    assert_eq!(find("TestIdentifier").await, vec!["TestIdentifier"]);
    assert_eq!(find("%20TestContact%20").await.len(), 3);
    let res = get(&app, &acme, "/contacts/search?q=test").await;
    assert_keys(&res.json, &["meta", "payload"]);
    assert_eq!(res.json["meta"]["current_page"], 1);
}

#[tokio::test]
async fn search_wildcards_match_literally() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    contact(
        &app,
        &acme,
        json!({"name": "50% off", "email": "sale@x.io"}),
    )
    .await;
    contact(
        &app,
        &acme,
        json!({"name": "500 off", "email": "plain@x.io"}),
    )
    .await;
    contact(&app, &acme, json!({"name": "a_b", "email": "under@x.io"})).await;
    contact(&app, &acme, json!({"name": "axb", "email": "axb@x.io"})).await;
    let res = get(&app, &acme, "/contacts/search?q=50%25").await;
    assert_eq!(emails(&res), vec!["sale@x.io"]);
    let res = get(&app, &acme, "/contacts/search?q=a_b").await;
    assert_eq!(emails(&res), vec!["under@x.io"]);
    let res = get(&app, &acme, "/contacts/search?q=%27%20OR%201%3D1%20--").await;
    assert_eq!(res.json["meta"]["count"], 0);
}

#[tokio::test]
async fn search_needs_a_query() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    for path in [
        "/contacts/search",
        "/contacts/search?q=",
        "/contacts/search?q=%20%20",
    ] {
        app.get(&acme.path(path))
            .as_user(&acme.admin)
            .send()
            .await
            .assert_error(422, "Specify search string with parameter q");
    }
}

#[tokio::test]
async fn active_lists_the_online_contacts_of_the_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let online = contact(&app, &acme, json!({"name": "Online Ann"})).await;
    contact(
        &app,
        &acme,
        json!({"name": "Offline Olaf", "email": "o@x.io"}),
    )
    .await;
    let res = app
        .get(&acme.path("/contacts/active"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["meta"]["count"], 0);
    app.app
        .presence
        .touch(acme.id, app::presence::PresenceKind::Contact, id(&online));
    // The same id online in another account does not count here.
    app.app.presence.touch(
        acme.id + 1000,
        app::presence::PresenceKind::Contact,
        id(&online) + 1,
    );
    let res = app
        .get(&acme.path("/contacts/active"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["meta"]["count"], 1);
    let c = &res.json["payload"][0];
    assert_eq!(
        (c["name"].clone(), c["availability_status"].clone()),
        (json!("Online Ann"), json!("online"))
    );
}

#[tokio::test]
async fn bad_query_shapes_are_422_not_500() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    contact(&app, &acme, json!({"email": "a@x.io"})).await;
    let res = app
        .get(&acme.path("/contacts?page[x]=1"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(422);
    let res = app
        .get(&acme.path("/contacts?labels[a][b]=1"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.status.as_u16() / 100, 4, "{}", res.text);
    let _: Value = res.json;
}
