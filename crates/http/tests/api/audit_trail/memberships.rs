//! AccountUser entries (`audited only: [availability, role, account_id, inviter_id, user_id]`),
//! and the team and inbox seats an agent's removal ends.

use super::{assert_by, of_type, only, trail};
use crate::platform::{grant, p, platform};
use serde_json::json;
use testkit::TestApp;

#[tokio::test]
async fn adding_and_changing_an_agent_audits_the_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"agent": {"name": "Nia", "email": "nia@example.com", "role": "agent"}}))
        .send()
        .await;
    res.assert_status(200);
    let user_id = res.json["id"].as_i64().unwrap();
    app.patch(&acme.path(&format!("/agents/{user_id}")))
        .as_user(&acme.admin)
        .json(json!({"role": "administrator", "availability": "busy"}))
        .send()
        .await
        .assert_status(200);
    // Neither the user's name nor auto_offline is audited: no entry.
    app.patch(&acme.path(&format!("/agents/{user_id}")))
        .as_user(&acme.admin)
        .json(json!({"name": "Nia B", "auto_offline": false}))
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    assert_eq!(of_type(&logs, "AccountUser").len(), 2);
    let created = only(&logs, "AccountUser", "create");
    let au_id = created["auditable_id"].as_i64().unwrap();
    assert_eq!(
        created["audited_changes"],
        json!({"availability": 0, "role": 0, "account_id": acme.id, "inviter_id": acme.admin.id, "user_id": user_id})
    );
    assert_eq!(created["associated_id"], acme.id);
    assert_eq!(created["associated_type"], "Account");
    assert_eq!(created["version"], 1);
    assert_by(created, &acme.admin);
    // The auditable is the membership's push data, as it is now.
    assert_eq!(
        created["auditable"],
        json!({"id": au_id, "availability": "busy", "role": "administrator", "user_id": user_id})
    );
    let updated = only(&logs, "AccountUser", "update");
    assert_eq!(updated["auditable_id"], au_id);
    assert_eq!(
        updated["audited_changes"],
        json!({"role": [0, 1], "availability": [0, 2]})
    );
    assert_eq!(updated["version"], 2);
    assert_by(updated, &acme.admin);
}

#[tokio::test]
async fn refused_agent_changes_leave_no_entry() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let path = acme.path(&format!("/agents/{}", agent.id));
    app.patch(&path)
        .as_user(&acme.admin)
        .json(json!({"role": "owner"}))
        .send()
        .await
        .assert_status(422);
    app.patch(&path)
        .as_user(&agent)
        .json(json!({"role": "administrator"}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&path)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/agents"))
        .as_user(&agent)
        .json(json!({"name": "X", "email": "x@example.com"}))
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/agents"))
        .as_user(&acme.admin)
        .json(json!({"name": "Again", "email": agent.email}))
        .send()
        .await
        .assert_status(422);
    assert_eq!(app.count("audits").await, 0);
}

#[tokio::test]
async fn bulk_created_agents_are_audited_and_onboarding_ends_as_an_account_update() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    {
        let tx = app.app.db.begin().await.unwrap();
        let mut account = store::accounts::find(&tx, acme.id).await.unwrap().unwrap();
        account.custom_attributes = Some(store::Json(json!({"onboarding_step": "invite_team"})));
        store::accounts::update(&tx, &account, domain::time::now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    app.post(&acme.path("/agents/bulk_create"))
        .as_user(&acme.admin)
        .json(json!({"emails": ["one@example.com", "not an email", "two@example.com"]}))
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    let created = of_type(&logs, "AccountUser");
    assert_eq!(created.len(), 2);
    for log in &created {
        assert_eq!(log["action"], "create");
        // AgentBuilder's defaults: an offline agent.
        assert_eq!(log["audited_changes"]["availability"], 1);
        assert_eq!(log["audited_changes"]["role"], 0);
        assert_eq!(log["audited_changes"]["inviter_id"], acme.admin.id);
        assert_by(log, &acme.admin);
    }
    let account = only(&logs, "Account", "update");
    assert_eq!(
        account["audited_changes"],
        json!({"custom_attributes": [{"onboarding_step": "invite_team"}, {}]})
    );
    // Once onboarding is over, a second bulk create changes no account attribute.
    app.post(&acme.path("/agents/bulk_create"))
        .as_user(&acme.admin)
        .json(json!({"emails": ["three@example.com"]}))
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    assert_eq!(of_type(&logs, "Account").len(), 1);
    assert_eq!(of_type(&logs, "AccountUser").len(), 3);
}

#[tokio::test]
async fn removing_an_agent_audits_the_membership_and_its_seats() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let inbox = app.inbox(acme.id, "Site").await;
    app.add_inbox_member(inbox, &agent).await;
    let team = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "sales"}))
        .send()
        .await;
    let team_id = team.json["id"].as_i64().unwrap();
    app.post(&acme.path(&format!("/teams/{team_id}/team_members")))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [agent.id]}))
        .send()
        .await
        .assert_status(200);
    let au = store::account_users::find(&app.app.db, acme.id, agent.id)
        .await
        .unwrap()
        .unwrap();
    app.delete(&acme.path(&format!("/agents/{}", agent.id)))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    // A Switchboard extension: upstream audits memberships on create and update only.
    let destroyed = only(&logs, "AccountUser", "destroy");
    assert_eq!(destroyed["auditable_id"], au.id);
    assert_eq!(
        destroyed["audited_changes"],
        json!({"availability": 0, "role": 0, "account_id": acme.id, "inviter_id": null, "user_id": agent.id})
    );
    assert_eq!(destroyed["auditable"], json!(null));
    assert_by(destroyed, &acme.admin);
    let seat = only(&logs, "TeamMember", "destroy");
    let created_seat = only(&logs, "TeamMember", "create");
    assert_eq!(seat["auditable_id"], created_seat["auditable_id"]);
    assert_eq!(
        seat["audited_changes"],
        json!({"id": seat["auditable_id"], "team_id": team_id, "user_id": agent.id})
    );
    let inbox_seat = only(&logs, "InboxMember", "destroy");
    assert_eq!(inbox_seat["audited_changes"]["inbox_id"], inbox);
    assert_eq!(inbox_seat["audited_changes"]["user_id"], agent.id);
    assert_by(inbox_seat, &acme.admin);
}

#[tokio::test]
async fn platform_membership_changes_are_audited_with_the_platform_app() {
    let app = TestApp::new().await;
    let (app_id, token) = platform(&app).await;
    let acme = app.account("Acme").await;
    grant(&app, app_id, "Account", acme.id).await;
    let user = app.user("Outsider", "outsider@example.com").await;
    let path = p(&format!("/accounts/{}/account_users", acme.id));
    for body in [
        json!({"user_id": user.id}),
        json!({"user_id": user.id, "role": "administrator"}),
        // The same role again: nothing changes, nothing is recorded.
        json!({"user_id": user.id, "role": "administrator"}),
    ] {
        app.post(&path)
            .token(&token)
            .json(body)
            .send()
            .await
            .assert_status(200);
    }
    // Refused: an unknown user, a bad role.
    for body in [
        json!({"user_id": 999_999}),
        json!({"user_id": user.id, "role": "owner"}),
    ] {
        app.post(&path)
            .token(&token)
            .json(body)
            .send()
            .await
            .assert_status(422);
    }
    app.delete(&path)
        .token(&token)
        .json(json!({"user_id": user.id}))
        .send()
        .await
        .assert_status(200);
    app.patch(&p(&format!("/accounts/{}", acme.id)))
        .token(&token)
        .json(json!({"name": "Acme Platform"}))
        .send()
        .await
        .assert_status(200);
    let logs = trail(&app, &acme).await;
    assert_eq!(logs.len(), 4);
    let created = only(&logs, "AccountUser", "create");
    assert_eq!(
        created["audited_changes"],
        json!({"availability": 0, "role": 0, "account_id": acme.id, "inviter_id": null, "user_id": user.id})
    );
    let updated = only(&logs, "AccountUser", "update");
    assert_eq!(updated["audited_changes"], json!({"role": [0, 1]}));
    let destroyed = only(&logs, "AccountUser", "destroy");
    assert_eq!(destroyed["audited_changes"]["role"], 1);
    let account = only(&logs, "Account", "update");
    assert_eq!(
        account["audited_changes"],
        json!({"name": ["Acme", "Acme Platform"]})
    );
    for log in &logs {
        assert_eq!(log["user_id"], app_id);
        assert_eq!(log["user_type"], "PlatformApp");
        assert_eq!(log["username"], json!(null));
    }
}
