//! ConversationsController#destroy and #attachments.

use crate::conversations::world;
use serde_json::json;
use testkit::{assert_keys, TestApp};

/// Adds a message with an external-URL attachment to the conversation (display id `id`).
async fn with_attachment(app: &TestApp, acct: &testkit::TestAccount, id: i64) {
    let res = app
        .post(&acct.path(&format!("/conversations/{id}/messages")))
        .as_user(&acct.admin)
        .json(json!({"content": "See file"}))
        .send()
        .await;
    res.assert_status(200);
    let message_id = res.json["id"].as_i64().unwrap();
    let tx = app.app.db.begin().await.unwrap();
    let a = store::attachments::NewAttachment {
        message_id,
        account_id: acct.id,
        file_type: 4,
        external_url: Some("https://example.com/a.pdf".into()),
        ..Default::default()
    };
    store::attachments::insert(&tx, &a, domain::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

#[tokio::test]
async fn attachments_list_the_conversation_files() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    with_attachment(&app, &acme, id).await;
    let path = acme.path(&format!("/conversations/{id}/attachments"));
    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_eq!(res.json["meta"]["total_count"], 1);
    assert_keys(
        &res.json["payload"][0],
        &[
            "message_id",
            "thumb_url",
            "data_url",
            "file_size",
            "file_type",
            "extension",
            "width",
            "height",
            "created_at",
            "sender",
        ],
    );
    assert_eq!(res.json["payload"][0]["sender"]["id"], acme.admin.id);
    let res = app
        .get(&format!("{path}?page=2"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"], json!([]));
    let agent = app.agent(&acme).await;
    app.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.get(&path).send().await.assert_unauthenticated();
}

#[tokio::test]
async fn only_administrators_destroy_and_everything_goes() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let id = app.conversation(&acme, inbox).await;
    with_attachment(&app, &acme, id).await;
    app.post(&acme.path(&format!("/conversations/{id}/labels")))
        .as_user(&acme.admin)
        .json(json!({"labels": ["vip"]}))
        .send()
        .await
        .assert_status(200);
    let path = acme.path(&format!("/conversations/{id}"));
    let agent = app.agent(&acme).await;
    app.add_inbox_member(inbox, &agent).await;
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("conversations").await, 1);
    let (other, _, _) = world(&app).await;
    app.delete(&other.path(&format!("/conversations/{id}")))
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    app.delete(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    for table in ["conversations", "messages", "attachments", "taggings"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    app.get(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    // Display ids are never reused.
    let next = app.conversation(&acme, inbox).await;
    assert_eq!(next, id + 1);
}
