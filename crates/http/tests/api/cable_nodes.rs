//! Two servers on one PostgreSQL schema: what happens on one node reaches cable clients of the
//! other through LISTEN/NOTIFY (PostgreSQL only; SQLite serves from one node).

use crate::cable_support::*;
use app::presence::PresenceKind;
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn a_message_created_on_node_a_reaches_a_client_of_node_b() {
    let t = TestApp::new().await;
    let Some(node_b) = t.another_node().await else {
        return;
    };
    t.app.realtime.start().await.unwrap().unwrap();
    node_b.realtime.start().await.unwrap().unwrap();

    let account = t.account("Acme").await;
    let inbox = t.inbox(account.id, "Website").await;
    let display_id = t.conversation(&account, inbox).await;
    let (contact_id, contact_token) = contact_of(&t.app, account.id, display_id).await;
    t.app.realtime.settle().await;

    // The widget is on node A, the administrator on node B.
    let mut widget = Cable::connect(serve(&t.app).await).await;
    widget.join(&contact_identifier(&contact_token)).await;
    let mut agent = Cable::connect(serve(&node_b).await).await;
    let token = user_token(&t.app, account.admin.id).await;
    let identifier = agent_identifier(&token, account.id, account.admin.id);
    agent.join(&identifier).await;

    // Presence made on A is known on B.
    assert!(node_b
        .presence
        .is_online(account.id, PresenceKind::Contact, contact_id));
    let data = json!({"action": "update_presence"}).to_string();
    agent
        .send(json!({"command": "message", "identifier": identifier, "data": data}))
        .await;
    let presence = agent.event("presence.update").await;
    assert_eq!(
        presence["data"]["contacts"],
        json!({contact_id.to_string(): "online"})
    );

    // A message created through node A's HTTP reaches the agent on node B.
    let path = account.path(&format!("/conversations/{display_id}/messages"));
    let res = t
        .post(&path)
        .as_user(&account.admin)
        .json(json!({"content": "from node A"}))
        .send()
        .await;
    res.assert_status(200);
    let frame = agent.event("message.created").await;
    assert_eq!(frame["data"]["id"], res.json["id"]);
    assert_eq!(frame["data"]["content"], "from node A");
    assert_eq!(frame["data"]["account_id"], account.id);
    // Exactly once on each node: A delivers its own, B does not echo it back.
    assert_eq!(widget.event("message.created").await, frame);
    let again = agent.events_now().await;
    assert!(!again.contains(&"message.created".to_string()), "{again:?}");
    let again = widget.events_now().await;
    assert!(!again.contains(&"message.created".to_string()), "{again:?}");

    // A frame too large for a NOTIFY payload travels through cable_broadcasts.
    let long = "x".repeat(12_000);
    t.post(&path)
        .as_user(&account.admin)
        .json(json!({"content": long}))
        .send()
        .await
        .assert_status(200);
    let frame = agent.event("message.created").await;
    assert_eq!(frame["data"]["content"], long.as_str());
    assert!(t.count("cable_broadcasts").await >= 1);
}
