//! Listing messages: meta, pages before/after, access.

use super::*;

#[tokio::test]
async fn index_lists_the_latest_page_with_meta() {
    let f = fx().await;
    let ids = seed_messages(&f, 25).await;
    let res = f.app.get(&f.path("")).as_user(&f.acct.admin).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_keys(
        &res.json["meta"],
        &[
            "labels",
            "additional_attributes",
            "contact",
            "agent_last_seen_at",
            "assignee_last_seen_at",
        ],
    );
    assert_eq!(res.json["meta"]["contact"]["type"], json!("contact"));
    assert_eq!(payload_ids(&res), ids[5..].to_vec());
    assert_eq!(res.json["payload"][0]["sender"]["type"], json!("user"));
}

#[tokio::test]
async fn index_meta_shows_the_assignee() {
    let f = fx().await;
    f.sql_assignee().await;
    let res = f.app.get(&f.path("")).as_user(&f.acct.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["meta"]["assignee"]["id"], json!(f.acct.admin.id));
    assert_eq!(res.json["meta"]["assignee"]["type"], json!("user"));
}

#[tokio::test]
async fn index_pages_before_and_after() {
    let f = fx().await;
    let ids = seed_messages(&f, 130).await;
    let get = |q: String| {
        let path = format!("{}?{q}", f.path(""));
        let app = &f.app;
        let admin = &f.acct.admin;
        async move { app.get(&path).as_user(admin).send().await }
    };
    let res = get(format!("before={}", ids[50])).await;
    assert_eq!(payload_ids(&res), ids[30..50].to_vec());
    let res = get(format!("after={}", ids[0])).await;
    assert_eq!(payload_ids(&res), ids[1..101].to_vec());
    let res = get(format!("after={}&before={}", ids[10], ids[15])).await;
    assert_eq!(payload_ids(&res), ids[10..15].to_vec());
    // Before the first message: nothing older.
    let res = get(format!("before={}", ids[0])).await;
    assert!(payload_ids(&res).is_empty());
    // Rails' `to_i`: a non-numeric cursor reads as 0.
    let res = get("before=abc".to_string()).await;
    res.assert_status(200);
    assert!(payload_ids(&res).is_empty());
    let res = get("after=abc".to_string()).await;
    assert_eq!(payload_ids(&res).len(), 100);
}

#[tokio::test]
async fn index_access_follows_the_conversation_policy() {
    let f = fx().await;
    f.app.get(&f.path("")).send().await.assert_unauthenticated();
    let other = f.app.account("Other").await;
    f.app
        .get(&f.path(""))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    let outsider = f.app.agent(&f.acct).await;
    f.app
        .get(&f.path(""))
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    let member = f.member().await;
    f.app
        .get(&f.path(""))
        .as_user(&member)
        .send()
        .await
        .assert_status(200);
    // Bots may only create.
    let (_, bot) = f.app.agent_bot(Some(f.acct.id)).await;
    f.app
        .get(&f.path(""))
        .token(&bot)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}
