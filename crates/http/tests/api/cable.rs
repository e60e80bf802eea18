//! `GET /cable`: the ActionCable handshake, pings, RoomChannel subscriptions and presence, over a
//! real socket.

use crate::cable_support::*;
use serde_json::json;
use std::time::Duration;
use testkit::TestApp;

#[tokio::test]
async fn handshake_selects_the_actioncable_subprotocol_and_welcomes() {
    let t = TestApp::new().await;
    let addr = serve(&t.app).await;
    let cable = Cable::connect(addr).await;
    assert_eq!(cable.protocol.as_deref(), Some("actioncable-v1-json"));
    // A client that offers no subprotocol is still served, without the header.
    let mut bare = Cable::open(addr, None).await;
    assert_eq!(bare.protocol, None);
    assert_eq!(bare.next().await, json!({"type": "welcome"}));
}

#[tokio::test]
async fn pings_every_three_seconds_with_unix_time() {
    let t = TestApp::new().await;
    let mut cable = Cable::connect(serve(&t.app).await).await;
    let started = std::time::Instant::now();
    let ping = cable.next_any(Duration::from_secs(5)).await.unwrap();
    let waited = started.elapsed();
    assert_eq!(ping["type"], "ping");
    let now = chrono::Utc::now().timestamp();
    assert!(
        (ping["message"].as_i64().unwrap() - now).abs() <= 1,
        "{ping}"
    );
    assert!(waited >= Duration::from_millis(2500), "{waited:?}");
    assert_eq!(
        cable.next_any(Duration::from_secs(5)).await.unwrap()["type"],
        "ping"
    );
}

#[tokio::test]
async fn agent_subscribes_with_identifier_echoed_byte_for_byte() {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let agent = t.agent(&account).await;
    let token = user_token(&t.app, agent.id).await;
    let mut cable = Cable::connect(serve(&t.app).await).await;
    // Spacing and key order are the client's; the server must not re-encode them.
    let identifier = format!(
        r#"{{"channel": "RoomChannel",  "user_id":"{}", "account_id":{},"pubsub_token":"{token}"}}"#,
        agent.id, account.id
    );
    let presence = cable.join(&identifier).await;
    assert_eq!(presence["identifier"], identifier.as_str());
    assert_eq!(
        presence["message"],
        json!({"event": "presence.update", "data": {
            "account_id": account.id,
            "users": {agent.id.to_string(): "online"},
            "contacts": {},
        }})
    );
    assert_eq!(t.app.realtime.hub().subscribers(&token), 1);
    assert_eq!(
        t.app
            .realtime
            .hub()
            .subscribers(&format!("account_{}", account.id)),
        1
    );
    // Subscribing again with the same identifier changes nothing; unsubscribing stops both
    // streams.
    cable
        .send(json!({"command": "subscribe", "identifier": identifier}))
        .await;
    cable
        .send(json!({"command": "unsubscribe", "identifier": identifier}))
        .await;
    assert!(cable.events_now().await.is_empty());
    assert_eq!(t.app.realtime.hub().subscribers(&token), 0);
    assert_eq!(
        t.app
            .realtime
            .hub()
            .subscribers(&format!("account_{}", account.id)),
        0
    );
}

#[tokio::test]
async fn bad_tokens_users_accounts_and_channels_are_rejected() {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let other = t.account("Other").await;
    let agent = t.agent(&account).await;
    let token = user_token(&t.app, agent.id).await;
    let mut cable = Cable::connect(serve(&t.app).await).await;
    let rejected = [
        agent_identifier("no-such-token", account.id, agent.id),
        // Another user's id with this token.
        agent_identifier(&token, account.id, account.admin.id),
        // An account the agent is not a member of.
        agent_identifier(&token, other.id, agent.id),
        format!(
            r#"{{"channel":"RoomChannel","pubsub_token":"{token}","user_id":{}}}"#,
            agent.id
        ),
        // A user's token is not a contact inbox's.
        contact_identifier(&token),
        format!(r#"{{"channel":"NotificationsChannel","pubsub_token":"{token}"}}"#),
        "not json".to_string(),
    ];
    for identifier in rejected {
        assert_eq!(
            cable.subscribe(&identifier).await,
            json!({"identifier": identifier, "type": "reject_subscription"}),
        );
    }
    assert_eq!(t.app.realtime.hub().subscribers(&token), 0);
    // The connection stays usable.
    cable
        .join(&agent_identifier(&token, account.id, agent.id))
        .await;
}

#[tokio::test]
async fn contact_subscribes_with_its_contact_inbox_token() {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let inbox = t.inbox(account.id, "Website").await;
    let display_id = t.conversation(&account, inbox).await;
    let (contact_id, token) = contact_of(&t.app, account.id, display_id).await;
    let mut cable = Cable::connect(serve(&t.app).await).await;
    let identifier = contact_identifier(&token);
    let presence = cable.join(&identifier).await;
    // Contacts hear which agents are available, not which contacts are online.
    assert_eq!(
        presence["message"],
        json!({"event": "presence.update", "data": {"account_id": account.id, "users": {}}})
    );
    assert_eq!(t.app.realtime.hub().subscribers(&token), 1);
    assert_eq!(
        t.app
            .realtime
            .hub()
            .subscribers(&format!("account_{}", account.id)),
        0
    );
    assert!(t
        .app
        .presence
        .is_online(account.id, app::presence::PresenceKind::Contact, contact_id));
}

#[tokio::test]
async fn update_presence_reports_online_agents_with_their_availability_and_contacts() {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let inbox = t.inbox(account.id, "Website").await;
    let display_id = t.conversation(&account, inbox).await;
    let (contact_id, contact_token) = contact_of(&t.app, account.id, display_id).await;
    let agent = t.agent(&account).await;
    let busy = t.agent(&account).await;
    t.post("/api/v1/profile/availability")
        .as_user(&busy)
        .json(json!({"profile": {"availability": "busy", "account_id": account.id}}))
        .send()
        .await
        .assert_status(200);
    let addr = serve(&t.app).await;

    let mut busy_cable = Cable::connect(addr).await;
    let busy_id = agent_identifier(&user_token(&t.app, busy.id).await, account.id, busy.id);
    busy_cable.join(&busy_id).await;
    let mut widget = Cable::connect(addr).await;
    widget.join(&contact_identifier(&contact_token)).await;

    let mut cable = Cable::connect(addr).await;
    let identifier = agent_identifier(&user_token(&t.app, agent.id).await, account.id, agent.id);
    cable.join(&identifier).await;
    let data = json!({"action": "update_presence"}).to_string();
    cable
        .send(json!({"command": "message", "identifier": identifier, "data": data}))
        .await;
    let update = cable.event("presence.update").await;
    assert_eq!(
        update["data"],
        json!({
            "account_id": account.id,
            "users": {agent.id.to_string(): "online", busy.id.to_string(): "busy"},
            "contacts": {contact_id.to_string(): "online"},
        })
    );
    // A message for a subscription the connection does not hold does nothing.
    let stray = agent_identifier("other", account.id, agent.id);
    cable
        .send(json!({"command": "message", "identifier": stray, "data": data}))
        .await;
    assert!(cable.events_now().await.is_empty());
}

#[tokio::test]
async fn closing_the_socket_releases_its_streams() {
    let t = TestApp::new().await;
    let account = t.account("Acme").await;
    let token = user_token(&t.app, account.admin.id).await;
    let mut cable = Cable::connect(serve(&t.app).await).await;
    cable
        .join(&agent_identifier(&token, account.id, account.admin.id))
        .await;
    assert_eq!(t.app.realtime.hub().subscribers(&token), 1);
    drop(cable);
    for _ in 0..50 {
        if t.app.realtime.hub().subscribers(&token) == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("streams still held after the socket closed");
}
