//! Team members: `user_ids[]` in, agents out.

use super::teams::team;
use serde_json::json;
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn administrator_adds_replaces_and_removes_team_members() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let a1 = app.agent(&acme).await;
    let a2 = app.agent(&acme).await;
    let a3 = app.agent(&acme).await;
    let id = team(&app, &acme, "support").await;
    let path = acme.path(&format!("/teams/{id}/team_members"));
    let res = app
        .post(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [a1.id, a2.id.to_string()]}))
        .send()
        .await;
    res.assert_status(200);
    let added = res.json.as_array().unwrap();
    assert_eq!(added.len(), 2);
    assert_keys(
        &added[0],
        &[
            "id",
            "account_id",
            "availability_status",
            "auto_offline",
            "confirmed",
            "email",
            "provider",
            "available_name",
            "name",
            "role",
            "thumbnail",
        ],
    );
    assert_eq!(added[0]["id"], a1.id);
    assert_eq!(added[0]["role"], "agent");
    // Only newly added members come back.
    let res = app
        .post(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [a1.id, a3.id]}))
        .send()
        .await;
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_eq!(res.json[0]["id"], a3.id);
    assert_eq!(app.count("team_members").await, 3);
    // PATCH makes the set exactly the given ids and answers all members.
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [a2.id, acme.admin.id]}))
        .send()
        .await;
    res.assert_status(200);
    let ids: Vec<i64> = res
        .json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["id"].as_i64().unwrap())
        .collect();
    assert_eq!(ids, vec![a2.id, acme.admin.id]);
    // The team now counts the admin as a member.
    let res = app
        .get(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["is_member"], true);
    let res = app
        .delete(&path)
        .as_user(&acme.admin)
        .json(json!({"user_ids": [a2.id]}))
        .send()
        .await;
    res.assert_status(200);
    let res = app.get(&path).as_user(&a1).send().await;
    res.assert_status(200);
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_eq!(res.json[0]["id"], acme.admin.id);
    assert_eq!(res.json[0]["role"], "administrator");
}

#[tokio::test]
async fn agent_cannot_change_team_members() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = team(&app, &acme, "support").await;
    let path = acme.path(&format!("/teams/{id}/team_members"));
    for res in [
        app.post(&path)
            .as_user(&agent)
            .json(json!({"user_ids": [agent.id]}))
            .send()
            .await,
        app.patch(&path)
            .as_user(&agent)
            .json(json!({"user_ids": [agent.id]}))
            .send()
            .await,
        app.delete(&path)
            .as_user(&agent)
            .json(json!({"user_ids": [agent.id]}))
            .send()
            .await,
    ] {
        res.assert_not_authorized();
    }
    assert_eq!(app.count("team_members").await, 0);
    app.get(&path).send().await.assert_unauthenticated();
    app.get(&acme.path("/teams/999999/team_members"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn team_members_must_belong_to_the_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let mine = app.agent(&acme).await;
    let id = team(&app, &acme, "support").await;
    let path = acme.path(&format!("/teams/{id}/team_members"));
    for ids in [
        json!([other.admin.id]),
        json!([mine.id, other.admin.id]),
        json!([999999]),
        json!(["abc"]),
    ] {
        app.patch(&path)
            .as_user(&acme.admin)
            .json(json!({"user_ids": ids}))
            .send()
            .await
            .assert_error(401, "Invalid User IDs");
    }
    for body in [
        json!({}),
        json!({"user_ids": 5}),
        json!({"user_id": mine.id}),
    ] {
        let res = app
            .post(&path)
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    assert_eq!(app.count("team_members").await, 0);
    // A team of another account is not found.
    let theirs = team(&app, &other, "sales").await;
    app.post(&acme.path(&format!("/teams/{theirs}/team_members")))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [mine.id]}))
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("team_members").await, 0);
}

#[tokio::test]
async fn deleting_a_team_removes_its_members() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = team(&app, &acme, "support").await;
    app.post(&acme.path(&format!("/teams/{id}/team_members")))
        .as_user(&acme.admin)
        .json(json!({"user_ids": [agent.id]}))
        .send()
        .await
        .assert_status(200);
    app.delete(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    assert_eq!(app.count("team_members").await, 0);
}
