//! Canned responses: no policy, raw `as_json` shapes, ranked search.

use serde_json::json;
use testkit::{assert_keys, TestAccount, TestApp, TestUser};

const KEYS: &[&str] = &[
    "id",
    "account_id",
    "short_code",
    "content",
    "created_at",
    "updated_at",
];

async fn canned(
    app: &TestApp,
    acct: &TestAccount,
    user: &TestUser,
    code: &str,
    content: &str,
) -> i64 {
    let res = app
        .post(&acct.path("/canned_responses"))
        .as_user(user)
        .json(json!({"short_code": code, "content": content}))
        .send()
        .await;
    res.assert_status(200);
    res.json["id"].as_i64().unwrap()
}

#[tokio::test]
async fn agent_creates_lists_updates_and_deletes_canned_responses() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let res = app
        .post(&acme.path("/canned_responses"))
        .as_user(&agent)
        .json(json!({"canned_response": {"short_code": "hi", "content": "Hello {{contact.name}}"}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, KEYS);
    assert_eq!(res.json["account_id"], acme.id);
    assert_eq!(res.json["short_code"], "hi");
    assert!(res.json["created_at"].as_str().unwrap().ends_with('Z'));
    let id = res.json["id"].as_i64().unwrap();
    let res = app
        .get(&acme.path("/canned_responses"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_keys(&res.json[0], KEYS);
    let res = app
        .put(&acme.path(&format!("/canned_responses/{id}")))
        .as_user(&agent)
        .json(json!({"short_code": "B"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["short_code"], "B");
    assert_eq!(res.json["content"], "Hello {{contact.name}}");
    let res = app
        .delete(&acme.path(&format!("/canned_responses/{id}")))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(app.count("canned_responses").await, 0);
}

#[tokio::test]
async fn search_ranks_short_code_prefix_then_short_code_then_content() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let admin = acme.admin.clone();
    let cr1 = canned(
        &app,
        &acme,
        &admin,
        "name-short-code",
        "Hey, Thanks for reaching out",
    )
    .await;
    canned(&app, &acme, &admin, "short-code", "Great! Looking forward").await;
    let cr2 = canned(
        &app,
        &acme,
        &admin,
        "content-with-thanks",
        "Thanks for reaching out",
    )
    .await;
    let cr3 = canned(&app, &acme, &admin, "Thanks", "Thanks for reaching out").await;
    let res = app
        .get(&acme.path("/canned_responses?search=THANKS"))
        .as_user(&admin)
        .send()
        .await;
    res.assert_status(200);
    let ids: Vec<i64> = res
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![cr3, cr2, cr1]);
    // Wildcards in the term are matched literally.
    let res = app
        .get(&acme.path("/canned_responses?search=%25"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(res.json, json!([]));
}

#[tokio::test]
async fn canned_responses_need_credentials_and_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let id = canned(&app, &acme, &acme.admin.clone(), "hi", "Hello").await;
    app.get(&acme.path("/canned_responses"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/canned_responses"))
        .json(json!({"short_code": "x", "content": "y"}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/canned_responses"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.patch(&other.path(&format!("/canned_responses/{id}")))
        .as_user(&other.admin)
        .json(json!({"content": "stolen"}))
        .send()
        .await
        .assert_not_found();
    app.delete(&other.path(&format!("/canned_responses/{id}")))
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    let res = app
        .get(&other.path("/canned_responses"))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(res.json, json!([]));
    assert_eq!(app.count("canned_responses").await, 1);
}

#[tokio::test]
async fn invalid_canned_responses_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let admin = acme.admin.clone();
    let id = canned(&app, &acme, &admin, "hi", "Hello").await;
    let cases = [
        (
            json!({"short_code": "hi", "content": "again"}),
            "Short code has already been taken",
        ),
        (json!({"short_code": "x"}), "Content can't be blank"),
        (
            json!({"short_code": "", "content": ""}),
            "Content can't be blank, Short code can't be blank",
        ),
        (
            json!({"short_code": "s".repeat(256), "content": "x"}),
            "Short code is too long (maximum is 255 characters)",
        ),
        (
            json!({"short_code": "big", "content": "c".repeat(100_001)}),
            "Content is too long (maximum is 100000 characters)",
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/canned_responses"))
            .as_user(&admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    let res = app
        .post(&acme.path("/canned_responses"))
        .as_user(&admin)
        .json(json!({"short_code": {"a": 1}, "content": "x"}))
        .send()
        .await;
    res.assert_status(422);
    app.post(&acme.path("/canned_responses"))
        .as_user(&admin)
        .send()
        .await
        .assert_error(
            422,
            "param is missing or the value is empty: canned_response",
        );
    // Update: a blank content or a taken code is refused; the row is unchanged.
    canned(&app, &acme, &admin, "bye", "Goodbye").await;
    for body in [json!({"content": "  "}), json!({"short_code": "bye"})] {
        app.patch(&acme.path(&format!("/canned_responses/{id}")))
            .as_user(&admin)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    app.patch(&acme.path("/canned_responses/999999"))
        .as_user(&admin)
        .json(json!({"content": "x"}))
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("canned_responses").await, 2);
    let res = app
        .get(&acme.path("/canned_responses"))
        .as_user(&admin)
        .send()
        .await;
    assert_eq!(res.json[0]["short_code"], "hi");
    assert_eq!(res.json[0]["content"], "Hello");
}
