use crate::seam::fresh;
use serde_json::json;
use store::seed::Plan;
use store::{Exec, Sql};

async fn indexes(tx: &store::Tx) -> Vec<(String, String)> {
    let q = Sql::new(tx.backend().index_definitions("$1")).bind("messages");
    tx.fetch_all(q).await.unwrap()
}

/// The benchmark's generated rows are consistent: every conversation points at a contact and
/// contact inbox of the account, display ids run 1..=n, and messages spread evenly.
#[tokio::test]
async fn seeding_generates_the_planned_rows() {
    let (db, _g) = fresh().await;
    let now = domain::time::now();
    let tx = db.begin().await.unwrap();
    let new = store::accounts::NewAccount {
        name: "Bench".into(),
        locale: 0,
        domain: None,
        support_email: None,
        feature_flags: 0,
        status: 0,
        limits: json!({}),
        custom_attributes: json!({}),
        settings: json!({}),
    };
    let account = store::accounts::insert(&tx, &new, now).await.unwrap();
    let channel: i64 = tx
        .scalar(Sql::new("INSERT INTO channel_api (account_id, created_at, updated_at) VALUES ($1, $2, $2) RETURNING id").bind(account.id).bind(now))
        .await
        .unwrap();
    let inbox: i64 = tx
        .scalar(
            Sql::new("INSERT INTO inboxes (channel_id, account_id, name, channel_type, created_at, updated_at) VALUES ($1, $2, 'Api', 'Channel::Api', $3, $3) RETURNING id")
                .bind(channel)
                .bind(account.id)
                .bind(now),
        )
        .await
        .unwrap();
    let user: i64 = tx
        .scalar(Sql::new("INSERT INTO users (name, email, uid, created_at, updated_at) VALUES ('A', 'a@b.c', 'a@b.c', $1, $1) RETURNING id").bind(now))
        .await
        .unwrap();
    let plan = Plan {
        account_id: account.id,
        inbox_id: inbox,
        agent_id: user,
        contacts: 7,
        conversations: 50,
        messages_per_conversation: 4,
    };
    let before = indexes(&tx).await;
    assert!(before.len() >= 4, "{before:?}");
    store::seed::contacts(&tx, &plan).await.unwrap();
    store::seed::conversations(&tx, &plan, user).await.unwrap();
    store::seed::messages(&tx, &plan).await.unwrap();
    // The message indexes dropped for the bulk insert are back, as they were.
    assert_eq!(indexes(&tx).await, before);
    tx.commit().await.unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move { db.scalar::<i64>(Sql::new(sql)).await.unwrap() }
    };
    assert_eq!(count("SELECT COUNT(*) FROM contacts").await, 7);
    assert_eq!(count("SELECT COUNT(*) FROM contact_inboxes").await, 7);
    assert_eq!(count("SELECT COUNT(*) FROM conversations").await, 50);
    assert_eq!(
        count("SELECT CAST(MAX(display_id) AS BIGINT) FROM conversations").await,
        50
    );
    assert_eq!(count("SELECT COUNT(*) FROM conversations c JOIN contacts k ON k.id = c.contact_id JOIN contact_inboxes ci ON ci.id = c.contact_inbox_id AND ci.contact_id = k.id").await, 50);
    assert_eq!(count("SELECT COUNT(*) FROM messages").await, 200);
    assert_eq!(count("SELECT COUNT(*) FROM (SELECT conversation_id FROM messages GROUP BY conversation_id HAVING COUNT(*) = 4) x").await, 50);
    assert_eq!(count("SELECT COUNT(*) FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.sender_type = 'Contact' AND m.sender_id = c.contact_id").await, 100);
    assert_eq!(
        count("SELECT CAST(value AS BIGINT) FROM account_counters").await,
        50
    );
}
