//! Custom attribute definitions: no policy, every display type, key rules.

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

const KEYS: &[&str] = &[
    "id",
    "attribute_display_name",
    "attribute_display_type",
    "attribute_description",
    "attribute_key",
    "regex_pattern",
    "regex_cue",
    "attribute_values",
    "attribute_model",
    "default_value",
    "created_at",
    "updated_at",
];

async fn define(app: &TestApp, acct: &TestAccount, body: Value) -> Value {
    let res = app
        .post(&acct.path("/custom_attribute_definitions"))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await;
    res.assert_status(200);
    res.json
}

#[tokio::test]
async fn agent_defines_an_attribute_in_chatwoot_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let res = app
        .post(&acme.path("/custom_attribute_definitions"))
        .as_user(&agent)
        .json(json!({"custom_attribute_definition": {
            "attribute_display_name": "Developer ID", "attribute_key": "developer_id",
            "attribute_model": "contact_attribute", "attribute_display_type": "text",
            "attribute_description": "Their id", "regex_pattern": "^[0-9]+$", "regex_cue": "Digits only",
            "default_value": "ignored"
        }}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, KEYS);
    assert_eq!(res.json["attribute_key"], "developer_id");
    assert_eq!(res.json["attribute_model"], "contact_attribute");
    assert_eq!(res.json["attribute_display_type"], "text");
    assert_eq!(res.json["regex_pattern"], "^[0-9]+$");
    assert_eq!(res.json["regex_cue"], "Digits only");
    assert_eq!(res.json["attribute_values"], json!([]));
    assert_eq!(res.json["default_value"], json!(null));
    assert!(res.json["created_at"].as_str().unwrap().ends_with('Z'));
    let id = res.json["id"].as_i64().unwrap();
    let res = app
        .get(&acme.path(&format!("/custom_attribute_definitions/{id}")))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, KEYS);
    assert_eq!(res.json["attribute_description"], "Their id");
}

#[tokio::test]
async fn every_display_type_is_accepted_by_name_or_number() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let types = [
        "text", "number", "currency", "percent", "link", "date", "list", "checkbox",
    ];
    for (i, t) in types.iter().enumerate() {
        let by_name = define(
            &app,
            &acme,
            json!({"attribute_display_name": t, "attribute_key": format!("{t}_by_name"), "attribute_display_type": t}),
        )
        .await;
        assert_eq!(by_name["attribute_display_type"], *t);
        let by_number = define(
            &app,
            &acme,
            json!({"attribute_display_name": t, "attribute_key": format!("{t}_by_number"), "attribute_display_type": i, "attribute_model": 1}),
        )
        .await;
        assert_eq!(by_number["attribute_display_type"], *t);
        assert_eq!(by_number["attribute_model"], "contact_attribute");
    }
    let list = define(
        &app,
        &acme,
        json!({"attribute_display_name": "Plan", "attribute_key": "plan", "attribute_display_type": "list",
               "attribute_values": ["free", "pro", "enterprise"]}),
    )
    .await;
    assert_eq!(
        list["attribute_values"],
        json!(["free", "pro", "enterprise"])
    );
    assert_eq!(list["attribute_model"], "conversation_attribute");
}

#[tokio::test]
async fn index_filters_by_attribute_model() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    define(
        &app,
        &acme,
        json!({"attribute_display_name": "A", "attribute_key": "a_key"}),
    )
    .await;
    define(
        &app,
        &acme,
        json!({"attribute_display_name": "B", "attribute_key": "b_key", "attribute_model": "contact_attribute"}),
    )
    .await;
    let keys = |res: &testkit::TestResponse| -> Vec<String> {
        res.json
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["attribute_key"].as_str().unwrap().to_string())
            .collect()
    };
    let path = acme.path("/custom_attribute_definitions");
    let res = app.get(&path).as_user(&agent).send().await;
    res.assert_status(200);
    assert_eq!(keys(&res), vec!["a_key", "b_key"]);
    assert_keys(&res.json[0], KEYS);
    for (q, expected) in [
        ("?attribute_model=0", vec!["a_key"]),
        ("?attribute_model=conversation_attribute", vec!["a_key"]),
        ("?attribute_model=1", vec!["b_key"]),
        ("?attribute_model=contact_attribute", vec!["b_key"]),
        ("?attribute_model=", vec!["a_key", "b_key"]),
        ("?attribute_model=nonsense", vec![]),
    ] {
        let res = app.get(&format!("{path}{q}")).as_user(&agent).send().await;
        res.assert_status(200);
        assert_eq!(keys(&res), expected, "{q}");
    }
}

#[tokio::test]
async fn update_changes_fields_and_delete_answers_no_content() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let def = define(
        &app,
        &acme,
        json!({"attribute_display_name": "Old", "attribute_key": "old_key"}),
    )
    .await;
    let id = def["id"].as_i64().unwrap();
    let path = acme.path(&format!("/custom_attribute_definitions/{id}"));
    let res = app
        .patch(&path)
        .as_user(&agent)
        .json(json!({"custom_attribute_definition": {"attribute_display_name": "Developer ID", "attribute_key": "developer_id",
                     "attribute_display_type": "list", "attribute_values": ["a", "b"], "regex_cue": null}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, KEYS);
    assert_eq!(res.json["attribute_display_name"], "Developer ID");
    assert_eq!(res.json["attribute_key"], "developer_id");
    assert_eq!(res.json["attribute_model"], "conversation_attribute");
    assert_eq!(res.json["attribute_values"], json!(["a", "b"]));
    let res = app.delete(&path).as_user(&agent).send().await;
    res.assert_status(204);
    assert_eq!(res.text, "");
    assert_eq!(app.count("custom_attribute_definitions").await, 0);
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn definitions_need_credentials_and_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let def = define(
        &app,
        &acme,
        json!({"attribute_display_name": "A", "attribute_key": "a_key"}),
    )
    .await;
    let id = def["id"].as_i64().unwrap();
    app.get(&acme.path("/custom_attribute_definitions"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/custom_attribute_definitions"))
        .json(json!({"attribute_display_name": "B", "attribute_key": "b_key"}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/custom_attribute_definitions"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    let theirs = other.path(&format!("/custom_attribute_definitions/{id}"));
    app.get(&theirs)
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    app.patch(&theirs)
        .as_user(&other.admin)
        .json(json!({"attribute_key": "stolen"}))
        .send()
        .await
        .assert_not_found();
    app.delete(&theirs)
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    // The same key is free in another account.
    define(
        &app,
        &other,
        json!({"attribute_display_name": "A", "attribute_key": "a_key"}),
    )
    .await;
    assert_eq!(app.count("custom_attribute_definitions").await, 2);
}

#[tokio::test]
async fn invalid_definitions_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    define(
        &app,
        &acme,
        json!({"attribute_display_name": "A", "attribute_key": "taken"}),
    )
    .await;
    let conflict = "Attribute key The provided key is not allowed as it might conflict with default attributes.";
    let cases = [
        (
            json!({"attribute_display_name": "Dup", "attribute_key": "taken"}),
            "Attribute key has already been taken".to_string(),
        ),
        (
            json!({"attribute_display_name": "S", "attribute_key": "status"}),
            conflict.to_string(),
        ),
        (
            json!({"attribute_display_name": "E", "attribute_key": "email", "attribute_model": "contact_attribute"}),
            conflict.to_string(),
        ),
        (
            json!({"attribute_key": "no_name"}),
            "Attribute display name can't be blank".to_string(),
        ),
        (
            json!({"attribute_display_name": "No key"}),
            "Attribute key can't be blank".to_string(),
        ),
        (
            json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_display_type": "colour"}),
            "Attribute display type is not included in the list".to_string(),
        ),
        (
            json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_display_type": 9}),
            "Attribute display type is not included in the list".to_string(),
        ),
        (
            json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_display_type": ""}),
            "Attribute display type can't be blank".to_string(),
        ),
        (
            json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_model": "user_attribute"}),
            "Attribute model is not included in the list".to_string(),
        ),
        (
            json!({"attribute_display_name": "T", "attribute_key": "k".repeat(256)}),
            "Attribute key is too long (maximum is 255 characters)".to_string(),
        ),
        (
            json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_values": [{"a": 1}]}),
            "Attribute values is invalid".to_string(),
        ),
    ];
    for (body, message) in cases {
        let res = app
            .post(&acme.path("/custom_attribute_definitions"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "{body}");
    }
    for body in [
        json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_values": "a,b"}),
        json!({"attribute_display_name": "T", "attribute_key": "t", "attribute_display_type": true}),
        json!({"attribute_display_name": ["T"], "attribute_key": "t"}),
    ] {
        let res = app
            .post(&acme.path("/custom_attribute_definitions"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    app.post(&acme.path("/custom_attribute_definitions"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(
            422,
            "param is missing or the value is empty: custom_attribute_definition",
        );
    assert_eq!(app.count("custom_attribute_definitions").await, 1);
}

#[tokio::test]
async fn updates_keep_keys_unique_but_allow_standard_names() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    define(
        &app,
        &acme,
        json!({"attribute_display_name": "A", "attribute_key": "a_key"}),
    )
    .await;
    let b = define(
        &app,
        &acme,
        json!({"attribute_display_name": "B", "attribute_key": "b_key"}),
    )
    .await;
    let path = acme.path(&format!("/custom_attribute_definitions/{}", b["id"]));
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"attribute_key": "a_key", "attribute_display_name": "Changed"}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(res.json["attributes"], json!(["attribute_key"]));
    // Moving it to the other model frees the key.
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"attribute_key": "a_key", "attribute_model": "contact_attribute"}))
        .send()
        .await;
    res.assert_status(200);
    // Upstream checks for standard names on create only.
    app.patch(&path)
        .as_user(&acme.admin)
        .json(json!({"attribute_key": "email"}))
        .send()
        .await
        .assert_status(200);
    let res = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(res.json["attribute_display_name"], "B");
    assert_eq!(res.json["attribute_key"], "email");
}
