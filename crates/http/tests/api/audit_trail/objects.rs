//! Team, TeamMember, Webhook and Inbox entries.

use super::{assert_by, of_type, only, trail};
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn team_changes_are_audited_with_the_team_as_auditable() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "Sales", "description": "Deals"}))
        .send()
        .await;
    res.assert_status(200);
    let id = res.json["id"].as_i64().unwrap();
    app.patch(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .json(json!({"team": {"name": "Sales EMEA", "allow_auto_assign": false}}))
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    let created = only(&logs, "Team", "create");
    assert_eq!(created["auditable_id"], id);
    assert_eq!(
        created["audited_changes"],
        json!({"name": "sales", "description": "Deals", "allow_auto_assign": true, "account_id": acme.id})
    );
    assert_eq!(
        created["auditable"],
        json!({"id": id, "name": "sales emea"})
    );
    assert_by(created, &acme.admin);
    let updated = only(&logs, "Team", "update");
    assert_eq!(
        updated["audited_changes"],
        json!({"name": ["sales", "sales emea"], "allow_auto_assign": [true, false]})
    );
    assert_by(updated, &acme.admin);
    app.delete(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    let destroyed = only(&logs, "Team", "destroy");
    assert_eq!(
        destroyed["audited_changes"],
        json!({"name": "sales emea", "description": "Deals", "allow_auto_assign": false, "account_id": acme.id})
    );
    // The team is gone, so no entry has an auditable any more (`try(:push_event_data)`).
    assert!(of_type(&logs, "Team")
        .iter()
        .all(|l| l["auditable"].is_null()));
}

#[tokio::test]
async fn team_member_changes_are_audited_row_by_row() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let (a, b) = (app.agent(&acme).await, app.agent(&acme).await);
    let team = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "support"}))
        .send()
        .await;
    let team_id = team.json["id"].as_i64().unwrap();
    let path = acme.path(&format!("/teams/{team_id}/team_members"));
    app.post(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [a.id]}))
        .send()
        .await
        .assert_status(200);
    // Replacing the set removes a and adds b.
    app.patch(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [b.id]}))
        .send()
        .await
        .assert_status(200);
    app.delete(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [b.id]}))
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    let members = of_type(&logs, "TeamMember");
    let actions: Vec<(&str, i64)> = members
        .iter()
        .map(|l| {
            let user = l["audited_changes"]["user_id"].as_i64().unwrap();
            (l["action"].as_str().unwrap(), user)
        })
        .collect();
    assert_eq!(
        actions,
        [
            ("create", a.id),
            ("create", b.id),
            ("destroy", a.id),
            ("destroy", b.id)
        ]
    );
    for log in &members {
        assert_eq!(log["audited_changes"]["team_id"], team_id);
        assert_eq!(log["audited_changes"]["id"], log["auditable_id"]);
        assert_eq!(log["auditable"], json!(null));
        assert_by(log, &acme.admin);
    }
}

#[tokio::test]
async fn refused_team_changes_leave_no_entry() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let other = app.account("Other").await;
    app.post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "sales"}))
        .send()
        .await
        .assert_status(200);
    let before = app.count("audits").await;
    let team_id = store::teams::list(&app.app.db, acme.id).await.unwrap()[0].id;
    app.post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "SALES"}))
        .send()
        .await
        .assert_status(422);
    app.post(&acme.path("/teams"))
        .as_user(&agent)
        .json(json!({"name": "mine"}))
        .send()
        .await
        .assert_not_authorized();
    app.patch(&acme.path(&format!("/teams/{team_id}")))
        .as_user(&acme.admin)
        .json(json!({"name": ""}))
        .send()
        .await
        .assert_status(422);
    let path = acme.path(&format!("/teams/{team_id}/team_members"));
    app.post(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [other.admin.id]}))
        .send()
        .await
        .assert_error(401, "Invalid User IDs");
    app.post(&path)
        .as_user(&agent)
        .json(json!({"user_ids": [agent.id]}))
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("audits").await, before);
}

#[tokio::test]
async fn webhook_changes_are_audited_without_the_secret() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/webhooks"))
        .as_user(&acme.admin)
        .json(json!({"webhook": {"url": "https://example.com/hook", "name": "CRM", "subscriptions": ["message_created"]}}))
        .send()
        .await;
    res.assert_status(200);
    let hook = &res.json["payload"]["webhook"];
    let id = hook["id"].as_i64().unwrap();
    let secret = hook["secret"].as_str().unwrap().to_string();
    let path = acme.path(&format!("/webhooks/{id}"));
    app.patch(&path)
        .as_user(&acme.admin)
        .json(json!({"webhook": {"url": "https://example.com/v2"}}))
        .send()
        .await
        .assert_status(200);
    // Refused: an invalid url, and an agent.
    app.patch(&path)
        .as_user(&acme.admin)
        .json(json!({"webhook": {"url": "ftp://example.com"}}))
        .send()
        .await
        .assert_status(422);
    let agent = app.agent(&acme).await;
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.delete(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    assert_eq!(logs.len(), 3);
    let created = only(&logs, "Webhook", "create");
    assert_eq!(created["auditable_id"], id);
    assert_eq!(
        created["audited_changes"],
        json!({
            "account_id": acme.id,
            "inbox_id": null,
            "url": "https://example.com/hook",
            "webhook_type": 0,
            "subscriptions": ["message_created"],
            "name": "CRM",
        })
    );
    assert_by(created, &acme.admin);
    let updated = only(&logs, "Webhook", "update");
    assert_eq!(
        updated["audited_changes"],
        json!({"url": ["https://example.com/hook", "https://example.com/v2"]})
    );
    let destroyed = only(&logs, "Webhook", "destroy");
    assert_eq!(
        destroyed["audited_changes"]["url"],
        "https://example.com/v2"
    );
    assert_by(destroyed, &acme.admin);
    let res = app
        .get(&acme.path("/audit_logs"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert!(!res.text.contains(&secret));
    assert!(!res.text.contains("secret"));
}

#[tokio::test]
async fn deleting_an_inbox_is_audited() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let inbox = app.inbox(acme.id, "Site").await;
    let agent = app.agent(&acme).await;
    let path = acme.path(&format!("/inboxes/{inbox}"));
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    assert!(of_type(&trail(&app, &acme).await, "Inbox")
        .iter()
        .all(|l| l["action"] != "destroy"));
    app.delete(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    // A Switchboard extension: upstream audits inboxes on create and update only.
    let destroyed = only(&logs, "Inbox", "destroy");
    assert_eq!(destroyed["auditable_id"], inbox);
    assert_eq!(destroyed["audited_changes"]["name"], "Site");
    assert_eq!(destroyed["audited_changes"]["account_id"], acme.id);
    assert_eq!(
        destroyed["audited_changes"]["channel_type"],
        "Channel::WebWidget"
    );
    assert!(destroyed["audited_changes"].get("created_at").is_none());
    assert_by(destroyed, &acme.admin);
}
