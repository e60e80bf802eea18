//! Reporting events: written by the reporting listener in the transaction of the change that
//! caused them, listed per conversation and per account.

use domain::events::{ConversationRef, Event, EventKind};
use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

const KEYS: &[&str] = &[
    "account_id",
    "conversation_id",
    "created_at",
    "event_end_time",
    "event_start_time",
    "id",
    "inbox_id",
    "name",
    "updated_at",
    "user_id",
    "value",
    "value_in_business_hours",
];

struct Seeded {
    t: TestApp,
    account: TestAccount,
    inbox_id: i64,
    display_id: i64,
    conv: ConversationRef,
}

async fn seeded() -> Seeded {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let inbox_id = t.inbox(account.id, "Website").await;
    let display_id = t.conversation(&account, inbox_id).await;
    let c = store::conversations::find_by_display_id(&t.app.db, account.id, display_id)
        .await
        .unwrap()
        .unwrap();
    let conv = ConversationRef {
        id: c.id,
        display_id,
        inbox_id,
    };
    Seeded {
        t,
        account,
        inbox_id,
        display_id,
        conv,
    }
}

/// Runs `kind` through `events::commit`, as a use case finishing a change does.
async fn publish(s: &Seeded, kind: EventKind) {
    let tx = s.t.app.db.begin().await.unwrap();
    app::events::commit(&s.t.app, tx, vec![Event::new(s.account.id, None, kind)])
        .await
        .unwrap();
}

async fn listed(s: &Seeded) -> Vec<Value> {
    let res =
        s.t.get(
            &s.account
                .path(&format!("/conversations/{}/reporting_events", s.display_id)),
        )
        .as_user(&s.account.admin)
        .send()
        .await;
    res.assert_status(200);
    res.json.as_array().unwrap().clone()
}

#[tokio::test]
async fn resolution_is_measured_and_listed_for_the_conversation() {
    let s = seeded().await;
    publish(
        &s,
        EventKind::ConversationResolved {
            conversation: s.conv,
        },
    )
    .await;
    let list = listed(&s).await;
    assert_eq!(list.len(), 1);
    let r = &list[0];
    assert_keys(r, KEYS);
    assert_eq!(r["name"], "conversation_resolved");
    assert_eq!(r["inbox_id"], s.inbox_id);
    assert_eq!(r["account_id"], s.account.id);
    // Working hours are off for the inbox: nothing in business hours.
    assert_eq!(r["value_in_business_hours"], json!(0.0));
    assert!(r["value"].as_f64().unwrap() >= 0.0);
    assert!(r["event_end_time"].as_str().unwrap().ends_with('Z'));
}

#[tokio::test]
async fn reopening_measures_from_the_last_resolution_and_first_response_from_it() {
    let s = seeded().await;
    publish(
        &s,
        EventKind::ConversationOpened {
            conversation: s.conv,
        },
    )
    .await;
    publish(
        &s,
        EventKind::ConversationResolved {
            conversation: s.conv,
        },
    )
    .await;
    publish(
        &s,
        EventKind::ConversationOpened {
            conversation: s.conv,
        },
    )
    .await;
    let reply =
        s.t.post(
            &s.account
                .path(&format!("/conversations/{}/messages", s.display_id)),
        )
        .as_user(&s.account.admin)
        .json(json!({ "content": "On it" }))
        .send()
        .await;
    reply.assert_status(200);
    publish(
        &s,
        EventKind::FirstReplyCreated {
            message_id: reply.json["id"].as_i64().unwrap(),
            conversation: s.conv,
        },
    )
    .await;
    let list = listed(&s).await;
    let names: Vec<&str> = list.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert!(names.starts_with(&[
        "conversation_opened",
        "conversation_resolved",
        "conversation_opened"
    ]));
    // A first opening is worth 0 and starts at creation.
    assert_eq!(list[0]["value"], json!(0.0));
    // The reopening starts where the resolution ended.
    assert_eq!(list[2]["event_start_time"], list[1]["event_end_time"]);
    let first = list.iter().find(|r| r["name"] == "first_response").unwrap();
    assert_eq!(first["event_start_time"], list[2]["event_end_time"]);
    assert_eq!(first["user_id"], s.account.admin.id);
}

#[tokio::test]
async fn only_the_first_bot_handoff_counts() {
    let s = seeded().await;
    publish(
        &s,
        EventKind::ConversationBotHandoff {
            conversation: s.conv,
        },
    )
    .await;
    publish(
        &s,
        EventKind::ConversationBotHandoff {
            conversation: s.conv,
        },
    )
    .await;
    let list = listed(&s).await;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["name"], "conversation_bot_handoff");
}

#[tokio::test]
async fn conversation_listing_follows_the_conversation_policy() {
    let s = seeded().await;
    let path = s
        .account
        .path(&format!("/conversations/{}/reporting_events", s.display_id));
    s.t.get(&path).send().await.assert_unauthenticated();
    let outsider = s.t.agent(&s.account).await;
    s.t.get(&path)
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    let member = s.t.agent(&s.account).await;
    s.t.add_inbox_member(s.inbox_id, &member).await;
    s.t.get(&path)
        .as_user(&member)
        .send()
        .await
        .assert_status(200);
    s.t.get(&s.account.path("/conversations/99999/reporting_events"))
        .as_user(&s.account.admin)
        .send()
        .await
        .assert_not_found();
    let other = s.t.account("Other").await;
    // Not a member of the path's account.
    s.t.get(&path)
        .as_user(&other.admin)
        .send()
        .await
        .assert_status(401);
}

#[tokio::test]
async fn account_listing_is_for_administrators_paged_and_filtered() {
    let s = seeded().await;
    for _ in 0..3 {
        publish(
            &s,
            EventKind::ConversationResolved {
                conversation: s.conv,
            },
        )
        .await;
    }
    publish(
        &s,
        EventKind::ConversationOpened {
            conversation: s.conv,
        },
    )
    .await;
    let path = s.account.path("/reporting_events");
    let res = s.t.get(&path).as_user(&s.account.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_eq!(
        res.json["meta"],
        json!({ "count": 4, "current_page": 1, "total_pages": 1 })
    );
    // Newest first.
    assert_eq!(res.json["payload"][0]["name"], "conversation_opened");
    assert_keys(&res.json["payload"][0], KEYS);

    let named =
        s.t.get(&format!(
            "{path}?name=conversation_resolved&inbox_id={}",
            s.inbox_id
        ))
        .as_user(&s.account.admin)
        .send()
        .await;
    assert_eq!(named.json["meta"]["count"], 3);
    let none =
        s.t.get(&format!("{path}?since=0&until=1"))
            .as_user(&s.account.admin)
            .send()
            .await;
    assert_eq!(none.json["meta"]["count"], 0);
    let far =
        s.t.get(&format!("{path}?page=2"))
            .as_user(&s.account.admin)
            .send()
            .await;
    assert_eq!(far.json["payload"], json!([]));
    assert_eq!(far.json["meta"]["current_page"], 2);

    s.t.get(&path).send().await.assert_unauthenticated();
    let agent = s.t.agent(&s.account).await;
    s.t.get(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    let other = s.t.account("Other").await;
    let theirs =
        s.t.get(&other.path("/reporting_events"))
            .as_user(&other.admin)
            .send()
            .await;
    assert_eq!(theirs.json["meta"]["count"], 0);
    s.t.get(&format!("{path}?since=yesterday&until=1"))
        .as_user(&s.account.admin)
        .send()
        .await
        .assert_status(422);
    s.t.get(&format!("{path}?inbox_id=abc"))
        .as_user(&s.account.admin)
        .send()
        .await
        .assert_status(422);
}

#[tokio::test]
async fn http_changes_write_reporting_events_and_resolving_clears_waiting_since() {
    let s = seeded().await;
    let base = s.account.path(&format!("/conversations/{}", s.display_id));
    let waiting = |s: &Seeded| {
        let (db, id) = (s.t.app.db.clone(), s.conv.id);
        async move {
            store::conversations::find(&db, id)
                .await
                .unwrap()
                .unwrap()
                .waiting_since
        }
    };
    assert!(waiting(&s).await.is_some(), "a new conversation waits");
    let toggle = |status: &'static str| {
        s.t.post(&format!("{base}/toggle_status"))
            .as_user(&s.account.admin)
            .json(json!({ "status": status }))
    };
    toggle("resolved").send().await.assert_status(200);
    assert!(waiting(&s).await.is_none(), "resolving ends the wait");
    toggle("open").send().await.assert_status(200);
    s.t.post(&format!("{base}/messages"))
        .as_user(&s.account.admin)
        .json(json!({ "content": "Hello" }))
        .send()
        .await
        .assert_status(200);
    let list = listed(&s).await;
    let names: Vec<&str> = list.iter().map(|r| r["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "conversation_resolved",
            "conversation_opened",
            "first_response"
        ]
    );
    // The first response is measured from the reopening.
    assert_eq!(list[2]["event_start_time"], list[1]["event_end_time"]);
}
