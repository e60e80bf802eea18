//! Agent bots may create messages (`BOT_ACCESSIBLE_ENDPOINTS`) and nothing else here.

use super::*;

#[tokio::test]
async fn account_bot_creates_messages_as_itself() {
    let f = fx().await;
    let (bot_id, token) = f.app.agent_bot(Some(f.acct.id)).await;
    let res = f
        .app
        .post(&f.path(""))
        .token(&token)
        .json(json!({"content": "Beep"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json["sender"], &["id", "name", "avatar_url", "type"]);
    assert_eq!(res.json["sender"]["type"], json!("agent_bot"));
    assert_eq!(res.json["sender"]["id"], json!(bot_id));
    // A bot reply is no human first reply.
    assert!(f.conversation().await.first_reply_created_at.is_none());
    // Other routes stay closed to bots.
    let id = res.json["id"].as_i64().unwrap();
    f.app
        .delete(&f.path(&format!("/{id}")))
        .token(&token)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}

#[tokio::test]
async fn foreign_bot_needs_an_inbox_of_the_account() {
    let f = fx().await;
    let other = f.app.account("Other").await;
    let (bot_id, token) = f.app.agent_bot(Some(other.id)).await;
    let res = f
        .app
        .post(&f.path(""))
        .token(&token)
        .json(json!({"content": "Beep"}))
        .send()
        .await;
    res.assert_error(401, "Bot is not authorized to access this account");
    assert_eq!(f.app.count("messages").await, 0);
    let tx = f.app.app.db.begin().await.unwrap();
    store::agent_bot_inboxes::upsert(&tx, f.inbox, bot_id, f.acct.id, domain::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    f.app
        .post(&f.path(""))
        .token(&token)
        .json(json!({"content": "Beep"}))
        .send()
        .await
        .assert_status(200);
}
