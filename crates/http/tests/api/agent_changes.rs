//! Agents: changing, removing and bulk-inviting them.

use super::agents::{set_account_json, AGENT_KEYS};
use serde_json::{json, Value};
use testkit::{assert_keys, Role, TestApp};

#[tokio::test]
async fn administrator_updates_name_role_and_availability() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let path = acme.path(&format!("/agents/{}", agent.id));
    let res = app
        .put(&path)
        .as_user(&acme.admin)
        .json(json!({"name": "TestUser", "role": "administrator", "availability": "busy", "auto_offline": false}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, AGENT_KEYS);
    assert_eq!(res.json["name"], "TestUser");
    assert_eq!(res.json["role"], "administrator");
    assert_eq!(res.json["availability_status"], "busy");
    assert_eq!(res.json["auto_offline"], false);
    // The promoted agent may now write.
    app.post(&acme.path("/teams"))
        .as_user(&agent)
        .json(json!({"name": "promoted"}))
        .send()
        .await
        .assert_status(200);
    // Bad values are refused without a change.
    for body in [
        json!({"role": "owner"}),
        json!({"availability": "away"}),
        json!({"name": ""}),
        json!({"auto_offline": "maybe"}),
    ] {
        let res = app
            .patch(&path)
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    app.patch(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: agent");
    let res = app
        .get(&acme.path("/agents"))
        .as_user(&acme.admin)
        .send()
        .await;
    let me = res
        .json
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == agent.id)
        .unwrap()
        .clone();
    assert_eq!(me["name"], "TestUser");
    assert_eq!(me["role"], "administrator");
}

#[tokio::test]
async fn removing_an_agent_drops_membership_teams_and_orphaned_user() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let solo = app.agent(&acme).await;
    let shared = app.agent(&acme).await;
    app.add_member(other.id, &shared, Role::Agent).await;
    let team = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "support"}))
        .send()
        .await
        .json["id"]
        .as_i64()
        .unwrap();
    app.post(&acme.path(&format!("/teams/{team}/team_members")))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [solo.id, shared.id]}))
        .send()
        .await
        .assert_status(200);
    let users = app.count("users").await;
    let res = app
        .delete(&acme.path(&format!("/agents/{}", shared.id)))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    // Still a user, still in the other account, no longer here or in the team.
    assert_eq!(app.count("users").await, users);
    app.get(&other.path("/agents"))
        .as_user(&shared)
        .send()
        .await
        .assert_status(200);
    app.get(&acme.path("/agents"))
        .as_user(&shared)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    assert_eq!(app.count("team_members").await, 1);
    // A user left in no account is deleted, as upstream's DeleteObjectJob does.
    app.delete(&acme.path(&format!("/agents/{}", solo.id)))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    assert_eq!(app.count("users").await, users - 1);
    assert_eq!(app.count("team_members").await, 0);
    app.get("/api/v1/profile")
        .as_user(&solo)
        .send()
        .await
        .assert_status(401);
    app.delete(&acme.path(&format!("/agents/{}", solo.id)))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn bulk_create_invites_each_email_and_ends_onboarding() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let existing = app.agent(&acme).await;
    set_account_json(
        &app,
        &acme,
        "custom_attributes",
        json!({"onboarding_step": "invite_team", "industry": "Retail"}),
    )
    .await;
    let users = app.count("users").await;
    let res = app
        .post(&acme.path("/agents/bulk_create"))
        .as_user(&acme.admin)
        .json(json!({"emails": ["test1@example.com", existing.email, "not-an-email", "Test2@example.com", "test1@example.com"]}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("users").await, users + 2);
    let res = app
        .get(&acme.path("/agents"))
        .as_user(&acme.admin)
        .send()
        .await;
    let invited: Vec<Value> = res
        .json
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["email"].as_str().unwrap().starts_with("test"))
        .cloned()
        .collect();
    assert_eq!(invited.len(), 2);
    assert_eq!(invited[0]["name"], "test1");
    assert_eq!(invited[0]["role"], "agent");
    assert_eq!(invited[0]["auto_offline"], false);
    assert_eq!(invited[1]["email"], "test2@example.com");
    let account = app.get(&acme.path("")).as_user(&acme.admin).send().await;
    assert!(account.json["custom_attributes"]
        .get("onboarding_step")
        .is_none());
    assert_eq!(account.json["custom_attributes"]["industry"], "Retail");
    for body in [
        json!({}),
        json!({"emails": "a@example.com"}),
        json!({"emails": [5]}),
    ] {
        let res = app
            .post(&acme.path("/agents/bulk_create"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    assert_eq!(app.count("users").await, users + 2);
}
