//! Conversation lists: index and meta (ConversationFinder), search, filter
//! (Conversations::FilterService), and the first message of create.

use crate::conversations::{create, world, CONVERSATION_KEYS};
use serde_json::json;
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn index_lists_open_conversations_with_counts() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let agent = app.agent(&acme).await;
    app.add_inbox_member(inbox, &agent).await;
    for body in [
        json!({"contact_id": contact_id, "inbox_id": inbox}),
        json!({"contact_id": contact_id, "inbox_id": inbox, "assignee_id": agent.id}),
        json!({"contact_id": contact_id, "inbox_id": inbox, "status": "resolved"}),
    ] {
        create(&app, &acme, body).await.assert_status(200);
    }
    let res = app
        .get(&acme.path("/conversations"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["data"]);
    assert_keys(&res.json["data"], &["meta", "payload"]);
    assert_eq!(
        res.json["data"]["meta"],
        json!({"mine_count": 1, "assigned_count": 1, "unassigned_count": 1, "all_count": 2})
    );
    let payload = res.json["data"]["payload"].as_array().unwrap();
    assert_eq!(payload.len(), 2);
    assert_keys(&payload[0], CONVERSATION_KEYS);
    // Newest activity first.
    assert_eq!(payload[0]["id"], 2);

    let mine = app
        .get(&acme.path("/conversations?assignee_type=me"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(mine.json["data"]["payload"].as_array().unwrap().len(), 1);
    let all = app
        .get(&acme.path("/conversations?status=all"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(all.json["data"]["meta"]["all_count"], 3);
    let resolved = app
        .get(&acme.path("/conversations?status=resolved"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(resolved.json["data"]["payload"][0]["id"], 3);
    let meta = app
        .get(&acme.path("/conversations/meta"))
        .as_user(&agent)
        .send()
        .await;
    meta.assert_status(200);
    assert_eq!(meta.json["meta"]["all_count"], 2);
}

#[tokio::test]
async fn agents_list_only_their_inboxes() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let other_inbox = app.inbox(acme.id, "Other").await;
    app.conversation(&acme, inbox).await;
    app.conversation(&acme, other_inbox).await;
    let agent = app.agent(&acme).await;
    app.add_inbox_member(inbox, &agent).await;
    let res = app
        .get(&acme.path("/conversations"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["data"]["meta"]["all_count"], 1);
    assert_eq!(res.json["data"]["payload"][0]["inbox_id"], inbox);
    let admin = app
        .get(&acme.path("/conversations"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(admin.json["data"]["meta"]["all_count"], 2);
    let by_inbox = app
        .get(&acme.path(&format!("/conversations?inbox_id={other_inbox}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(by_inbox.json["data"]["meta"]["all_count"], 1);
    app.get(&acme.path("/conversations"))
        .send()
        .await
        .assert_unauthenticated();
    let (other, _, _) = world(&app).await;
    app.get(&acme.path("/conversations"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_status(401);
}

#[tokio::test]
async fn list_params_are_checked_not_spliced() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    app.conversation(&acme, inbox).await;
    for q in [
        "sort_by=id;DROP%20TABLE%20conversations",
        "sort_by=created_at_asc",
        "sort_by=priority_desc",
        "sort_by=waiting_since_asc",
        "page=99999999999999",
        "page=-3",
        "inbox_id=1%20OR%201=1",
        "labels[]=x%27--",
        "q=%25",
    ] {
        let res = app
            .get(&acme.path(&format!("/conversations?{q}")))
            .as_user(&acme.admin)
            .send()
            .await;
        res.assert_status(200);
        assert!(res.json["data"]["payload"].is_array(), "{q}");
    }
    app.get(&acme.path("/conversations?status=bogus"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(422);
    app.get(&acme.path("/conversations?team_id=abc"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("conversations").await, 1);
}

#[tokio::test]
async fn pages_hold_twenty_five() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    for _ in 0..27 {
        create(
            &app,
            &acme,
            json!({"contact_id": contact_id, "inbox_id": inbox}),
        )
        .await
        .assert_status(200);
    }
    let first = app
        .get(&acme.path("/conversations"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(first.json["data"]["payload"].as_array().unwrap().len(), 25);
    let second = app
        .get(&acme.path("/conversations?page=2"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(second.json["data"]["payload"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn labels_filter_the_list() {
    let app = TestApp::new().await;
    let (acme, inbox, _) = world(&app).await;
    let a = app.conversation(&acme, inbox).await;
    app.conversation(&acme, inbox).await;
    app.post(&acme.path(&format!("/conversations/{a}/labels")))
        .as_user(&acme.admin)
        .json(json!({"labels": ["vip"]}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .get(&acme.path("/conversations?labels[]=VIP"))
        .as_user(&acme.admin)
        .send()
        .await;
    let payload = res.json["data"]["payload"].as_array().unwrap();
    assert_eq!(payload.len(), 1);
    assert_eq!(payload[0]["labels"], json!(["vip"]));
}

#[tokio::test]
async fn create_with_a_message_and_search_by_its_text() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let res = create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox, "message": {"content": "Hello there"}}),
    )
    .await;
    res.assert_status(200);
    assert_eq!(res.json["messages"][0]["content"], "Hello there");
    assert_eq!(
        res.json["last_non_activity_message"]["content"],
        "Hello there"
    );
    assert_keys(
        &res.json["messages"][0]["conversation"],
        &[
            "assignee_id",
            "unread_count",
            "last_activity_at",
            "contact_inbox",
        ],
    );
    app.conversation(&acme, inbox).await;
    let found = app
        .get(&acme.path("/conversations/search?q=hello"))
        .as_user(&acme.admin)
        .send()
        .await;
    found.assert_status(200);
    assert_keys(&found.json, &["meta", "payload"]);
    assert_eq!(found.json["payload"].as_array().unwrap().len(), 1);
    assert_eq!(found.json["meta"]["all_count"], 1);
    // A message that cannot be written leaves no conversation behind.
    let before = app.count("conversations").await;
    create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox, "message": {"content": "x", "message_type": "bogus"}}),
    )
    .await
    .assert_status(422);
    create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox, "message": "text"}),
    )
    .await
    .assert_status(422);
    assert_eq!(app.count("conversations").await, before);
}

#[tokio::test]
async fn filter_runs_the_payload() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox}),
    )
    .await
    .assert_status(200);
    create(
        &app,
        &acme,
        json!({"contact_id": contact_id, "inbox_id": inbox, "status": "resolved"}),
    )
    .await
    .assert_status(200);
    let path = acme.path("/conversations/filter");
    let res = app
        .post(&path)
        .as_user(&acme.admin)
        .json(json!({"payload": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["resolved"], "query_operator": null}]}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 1);
    assert_eq!(res.json["payload"][0]["status"], "resolved");
    let res = app
        .post(&path)
        .as_user(&acme.admin)
        .json(json!({"payload": [{"attribute_key": "inbox_id", "filter_operator": "equal_to", "values": [inbox], "query_operator": null}]}))
        .send()
        .await;
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 2);
    for bad in [
        json!({"payload": [{"attribute_key": "name; DROP", "filter_operator": "equal_to", "values": ["x"]}]}),
        json!({"payload": [{"attribute_key": "status", "filter_operator": "contains", "values": ["x"]}]}),
        json!({"payload": [{"attribute_key": "status", "filter_operator": "equal_to", "values": ["bogus"]}]}),
        json!({"payload": "x"}),
    ] {
        let res = app
            .post(&path)
            .as_user(&acme.admin)
            .json(bad.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{bad}: {}", res.text);
    }
    app.post(&path)
        .json(json!({"payload": []}))
        .send()
        .await
        .assert_unauthenticated();
}

#[tokio::test]
async fn a_contacts_conversations_are_listed_for_who_may_see_them() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let other_inbox = app.inbox(acme.id, "Other").await;
    for i in [inbox, other_inbox] {
        create(
            &app,
            &acme,
            json!({"contact_id": contact_id, "inbox_id": i}),
        )
        .await
        .assert_status(200);
    }
    app.conversation(&acme, inbox).await;
    let path = acme.path(&format!("/contacts/{contact_id}/conversations"));
    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let payload = res.json["payload"].as_array().unwrap();
    assert_eq!(payload.len(), 2);
    assert_keys(&payload[0], CONVERSATION_KEYS);
    let agent = app.agent(&acme).await;
    app.add_inbox_member(inbox, &agent).await;
    let res = app.get(&path).as_user(&agent).send().await;
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 1);
    app.get(&acme.path("/contacts/999999/conversations"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    let (other, _, _) = world(&app).await;
    app.get(&other.path(&format!("/contacts/{contact_id}/conversations")))
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    app.get(&path).send().await.assert_unauthenticated();
}

#[tokio::test]
async fn conversation_type_and_source_id_narrow_the_list() {
    let app = TestApp::new().await;
    let (acme, inbox, contact_id) = world(&app).await;
    let a = app.conversation(&acme, inbox).await;
    app.conversation(&acme, inbox).await;
    app.post(&acme.path(&format!("/conversations/{a}/participants")))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [acme.admin.id]}))
        .send()
        .await
        .assert_status(200);
    let list = |q: &'static str| {
        let app = &app;
        let acme = &acme;
        async move {
            let res = app
                .get(&acme.path(&format!("/conversations?{q}")))
                .as_user(&acme.admin)
                .send()
                .await;
            res.assert_status(200);
            res.json["data"]["payload"]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c["id"].as_i64().unwrap())
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(list("conversation_type=participating").await, vec![a]);
    assert_eq!(list("conversation_type=mention").await, Vec::<i64>::new());
    assert_eq!(list("conversation_type=unattended").await.len(), 2);
    assert_eq!(list("conversation_type=bogus").await.len(), 2);
    let ci = app
        .post(&acme.path(&format!("/contacts/{contact_id}/contact_inboxes")))
        .as_user(&acme.admin)
        .json(json!({"inbox_id": inbox, "source_id": "src-9"}))
        .send()
        .await;
    ci.assert_status(200);
    let c = create(
        &app,
        &acme,
        json!({"source_id": "src-9", "inbox_id": inbox, "contact_id": contact_id}),
    )
    .await;
    let id = c.json["id"].as_i64().unwrap();
    assert_eq!(list("source_id=src-9").await, vec![id]);
}
