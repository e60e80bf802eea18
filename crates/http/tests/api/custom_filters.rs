//! Custom filters: each member's own, by type, at most 1000 per user and account.

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp, TestUser};

const KEYS: &[&str] = &[
    "id",
    "name",
    "filter_type",
    "query",
    "created_at",
    "updated_at",
];

fn query(status: &str) -> Value {
    json!({"payload": [{"values": [status], "attribute_key": "status", "query_operator": null,
                        "attribute_model": "standard", "filter_operator": "equal_to", "custom_attribute_type": ""}]})
}

async fn filter(app: &TestApp, acct: &TestAccount, user: &TestUser, name: &str, kind: &str) -> i64 {
    let res = app
        .post(&acct.path("/custom_filters"))
        .as_user(user)
        .json(json!({"custom_filter": {"name": name, "filter_type": kind, "query": query("open")}}))
        .send()
        .await;
    res.assert_status(200);
    res.json["id"].as_i64().unwrap()
}

#[tokio::test]
async fn agent_saves_and_reads_own_filters() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let res = app
        .post(&acme.path("/custom_filters"))
        .as_user(&agent)
        .json(
            json!({"name": "vip-customers", "filter_type": "conversation", "query": query("open")}),
        )
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, KEYS);
    assert_eq!(res.json["name"], "vip-customers");
    assert_eq!(res.json["filter_type"], "conversation");
    assert_eq!(res.json["query"], query("open"));
    let id = res.json["id"].as_i64().unwrap();
    let res = app
        .get(&acme.path("/custom_filters"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_keys(&res.json[0], KEYS);
    assert_eq!(res.json[0]["query"], query("open"));
    let res = app
        .get(&acme.path(&format!("/custom_filters/{id}")))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["id"], id);
}

#[tokio::test]
async fn index_lists_one_type_defaulting_to_conversation() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let admin = acme.admin.clone();
    filter(&app, &acme, &admin, "convs", "conversation").await;
    filter(&app, &acme, &admin, "people", "contact").await;
    filter(&app, &acme, &admin, "numbers", "2").await;
    for (q, expected) in [
        ("", vec!["convs"]),
        ("?filter_type=conversation", vec!["convs"]),
        ("?filter_type=contact", vec!["people"]),
        ("?filter_type=report", vec!["numbers"]),
        ("?filter_type=1", vec!["people"]),
        ("?filter_type=other", vec![]),
    ] {
        let res = app
            .get(&acme.path(&format!("/custom_filters{q}")))
            .as_user(&admin)
            .send()
            .await;
        res.assert_status(200);
        let names: Vec<&str> = res
            .json
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, expected, "{q}");
    }
}

#[tokio::test]
async fn update_and_delete_own_filter() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = filter(&app, &acme, &agent, "mine", "conversation").await;
    let path = acme.path(&format!("/custom_filters/{id}"));
    let res = app
        .patch(&path)
        .as_user(&agent)
        .json(json!({"custom_filter": {"name": "vip-customers", "filter_type": "contact", "query": query("resolved")}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, KEYS);
    assert_eq!(res.json["name"], "vip-customers");
    assert_eq!(res.json["filter_type"], "contact");
    assert_eq!(
        res.json["query"]["payload"][0]["values"],
        json!(["resolved"])
    );
    let res = app.delete(&path).as_user(&agent).send().await;
    res.assert_status(204);
    assert_eq!(app.count("custom_filters").await, 0);
}

#[tokio::test]
async fn another_users_filter_is_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let other = app.account("Other").await;
    let admins = filter(
        &app,
        &acme,
        &acme.admin.clone(),
        "admin-only",
        "conversation",
    )
    .await;
    let theirs = filter(&app, &other, &other.admin.clone(), "theirs", "conversation").await;
    for id in [admins, theirs] {
        let path = acme.path(&format!("/custom_filters/{id}"));
        app.get(&path)
            .as_user(&agent)
            .send()
            .await
            .assert_not_found();
        app.patch(&path)
            .as_user(&agent)
            .json(json!({"name": "stolen"}))
            .send()
            .await
            .assert_not_found();
        app.delete(&path)
            .as_user(&agent)
            .send()
            .await
            .assert_not_found();
    }
    let res = app
        .get(&acme.path("/custom_filters"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json, json!([]));
    assert_eq!(app.count("custom_filters").await, 2);
    let res = app
        .get(&acme.path(&format!("/custom_filters/{admins}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["name"], "admin-only");
}

#[tokio::test]
async fn filters_need_credentials_and_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    app.get(&acme.path("/custom_filters"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/custom_filters"))
        .json(json!({"name": "x", "query": {}}))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/custom_filters"))
        .as_user(&other.admin)
        .json(json!({"name": "x", "query": {}}))
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    assert_eq!(app.count("custom_filters").await, 0);
}

#[tokio::test]
async fn invalid_filters_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let admin = acme.admin.clone();
    let id = filter(&app, &acme, &admin, "keep", "conversation").await;
    let cases = [
        (json!({"name": "no query"}), "Query can't be blank"),
        (
            json!({"name": "null query", "query": null}),
            "Query can't be blank",
        ),
        (json!({"query": {}}), "Name can't be blank"),
        (json!({"name": "list", "query": ["a"]}), "Query is invalid"),
        (
            json!({"name": "kind", "query": {}, "filter_type": "inbox"}),
            "Filter type is not included in the list",
        ),
        (
            json!({"name": "n".repeat(256), "query": {}}),
            "Name is too long (maximum is 255 characters)",
        ),
        (
            json!({"name": "huge", "query": {"v": "x".repeat(100_001)}}),
            "Query is too long",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/custom_filters"))
            .as_user(&admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    app.post(&acme.path("/custom_filters"))
        .as_user(&admin)
        .json(json!({"name": {"a": 1}, "query": {}}))
        .send()
        .await
        .assert_status(422);
    app.post(&acme.path("/custom_filters"))
        .as_user(&admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: custom_filter");
    let path = acme.path(&format!("/custom_filters/{id}"));
    for body in [json!({"name": ""}), json!({"query": "status=open"})] {
        app.patch(&path)
            .as_user(&admin)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    assert_eq!(app.count("custom_filters").await, 1);
    let res = app.get(&path).as_user(&admin).send().await;
    assert_eq!(res.json["name"], "keep");
    assert_eq!(res.json["query"], query("open"));
}

#[tokio::test]
async fn a_user_may_keep_at_most_1000_filters_per_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let tx = app.app.db.begin().await.unwrap();
    let now = domain::time::now();
    for i in 0..1000 {
        let new = store::custom_filters::NewCustomFilter {
            account_id: acme.id,
            user_id: agent.id,
            name: format!("f{i}"),
            filter_type: i % 3,
            query: json!({}),
        };
        store::custom_filters::insert(&tx, &new, now).await.unwrap();
    }
    tx.commit().await.unwrap();
    let res = app
        .post(&acme.path("/custom_filters"))
        .as_user(&agent)
        .json(json!({"name": "one more", "query": query("open")}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "Account Limit reached. The maximum number of allowed custom filters for a user per account is 1000.",
               "attributes": ["account_id"]})
    );
    assert_eq!(app.count("custom_filters").await, 1000);
    // The limit is per user: the administrator still may.
    filter(&app, &acme, &acme.admin.clone(), "admin", "conversation").await;
}
