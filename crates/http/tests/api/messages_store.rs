//! The message store seam: pages by id, idempotency lookups, last messages, and the batch view.

use store::messages::{NewMessage, PageQuery};
use testkit::TestApp;

async fn seed(app: &TestApp, n: usize) -> (i64, i64, Vec<i64>) {
    let acct = app.account("Acme").await;
    let inbox = app.inbox_row(acct.id, "API").await;
    let (conv, _) = app.conversation_row(acct.id, inbox).await;
    let mut ids = Vec::new();
    let tx = app.app.db.begin().await.unwrap();
    for i in 0..n {
        let m = NewMessage {
            account_id: acct.id,
            inbox_id: inbox,
            conversation_id: conv,
            content: Some(format!("m{i}")),
            message_type: if i % 5 == 4 { 2 } else { 1 },
            echo_id: Some(format!("echo-{i}")),
            source_id: Some(format!("src-{i}")),
            content_attributes: serde_json::json!({}),
            additional_attributes: serde_json::json!({}),
            ..Default::default()
        };
        ids.push(
            store::messages::insert(&tx, &m, domain::time::now())
                .await
                .unwrap()
                .id,
        );
    }
    tx.commit().await.unwrap();
    (inbox, conv, ids)
}

#[tokio::test]
async fn pages_read_windows_by_id_oldest_first() {
    let app = TestApp::new().await;
    let (_, conv, ids) = seed(&app, 30).await;
    let db = &app.app.db;
    let page = |p: PageQuery| store::messages::page(db, conv, p);
    let got = |v: Vec<store::messages::Message>| v.iter().map(|m| m.id).collect::<Vec<_>>();

    assert_eq!(
        got(page(PageQuery::default()).await.unwrap()),
        ids[10..].to_vec()
    );
    let before = PageQuery {
        before: Some(ids[25]),
        ..Default::default()
    };
    assert_eq!(got(page(before).await.unwrap()), ids[5..25].to_vec());
    let after = PageQuery {
        after: Some(ids[3]),
        ..Default::default()
    };
    assert_eq!(got(page(after).await.unwrap()), ids[4..].to_vec());
    let both = PageQuery {
        after: Some(ids[3]),
        before: Some(ids[6]),
        ..Default::default()
    };
    assert_eq!(got(page(both).await.unwrap()), ids[3..6].to_vec());
    let internal = PageQuery {
        filter_internal: true,
        ..Default::default()
    };
    assert!(page(internal)
        .await
        .unwrap()
        .iter()
        .all(|m| m.message_type != 2));
}

#[tokio::test]
async fn lookups_by_echo_source_and_last() {
    let app = TestApp::new().await;
    let (inbox, conv, ids) = seed(&app, 5).await;
    let db = &app.app.db;
    let by_echo = store::messages::find_by_echo_id(db, conv, "echo-2")
        .await
        .unwrap();
    assert_eq!(by_echo.map(|m| m.id), Some(ids[2]));
    let by_source = store::messages::find_by_source_id(db, inbox, "src-3")
        .await
        .unwrap();
    assert_eq!(by_source.map(|m| m.id), Some(ids[3]));
    assert!(store::messages::find_by_echo_id(db, conv + 1, "echo-2")
        .await
        .unwrap()
        .is_none());
    assert_eq!(
        store::messages::last(db, conv).await.unwrap().map(|m| m.id),
        Some(ids[4])
    );
    let last_chat = store::messages::last_non_activity(db, conv).await.unwrap();
    assert_eq!(last_chat.map(|m| m.id), Some(ids[3]));
    assert!(store::messages::find(db, conv, ids[0])
        .await
        .unwrap()
        .is_some());
    assert!(store::messages::find(db, conv + 1, ids[0])
        .await
        .unwrap()
        .is_none());
}
