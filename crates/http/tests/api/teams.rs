//! Teams and team members.

use serde_json::json;
use testkit::{assert_keys, TestAccount, TestApp};

const TEAM_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "allow_auto_assign",
    "account_id",
    "is_member",
];

async fn team(app: &TestApp, acct: &TestAccount, name: &str) -> i64 {
    let res = app
        .post(&acct.path("/teams"))
        .as_user(&acct.admin)
        .json(json!({"name": name}))
        .send()
        .await;
    res.assert_status(200);
    res.json["id"].as_i64().unwrap()
}

#[tokio::test]
async fn administrator_creates_a_team_stored_lower_case() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"team": {"name": "Sales EMEA", "description": "Europe", "allow_auto_assign": false}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, TEAM_KEYS);
    assert_eq!(res.json["name"], "sales emea");
    assert_eq!(res.json["description"], "Europe");
    assert_eq!(res.json["allow_auto_assign"], false);
    assert_eq!(res.json["account_id"], acme.id);
    assert_eq!(res.json["is_member"], false);
    // Flat bodies work too, and auto-assign defaults on.
    let res = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "support"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["allow_auto_assign"], true);
    assert_eq!(res.json["description"], json!(null));
}

#[tokio::test]
async fn any_member_lists_and_shows_teams() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = team(&app, &acme, "support").await;
    let res = app.get(&acme.path("/teams")).as_user(&agent).send().await;
    res.assert_status(200);
    assert_eq!(res.json.as_array().unwrap().len(), 1);
    assert_keys(&res.json[0], TEAM_KEYS);
    let res = app
        .get(&acme.path(&format!("/teams/{id}")))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["id"], id);
    assert_eq!(res.json["name"], "support");
}

#[tokio::test]
async fn team_routes_need_credentials_and_membership() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let id = team(&app, &acme, "support").await;
    app.get(&acme.path("/teams"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/teams"))
        .json(json!({"name": "x"}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/teams"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.delete(&acme.path(&format!("/teams/{id}")))
        .as_user(&other.admin)
        .send()
        .await
        .assert_status(401);
    // Another account's team is not found inside one's own account.
    app.get(&other.path(&format!("/teams/{id}")))
        .as_user(&other.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("teams").await, 1);
}

#[tokio::test]
async fn agent_cannot_write_teams() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let id = team(&app, &acme, "support").await;
    app.post(&acme.path("/teams"))
        .as_user(&agent)
        .json(json!({"name": "mine"}))
        .send()
        .await
        .assert_not_authorized();
    app.patch(&acme.path(&format!("/teams/{id}")))
        .as_user(&agent)
        .json(json!({"name": "renamed"}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path(&format!("/teams/{id}")))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    // An unknown team is a 404 before the policy runs, as upstream fetches first.
    app.patch(&acme.path("/teams/999999"))
        .as_user(&agent)
        .json(json!({"name": "x"}))
        .send()
        .await
        .assert_not_found();
    let res = app
        .get(&acme.path(&format!("/teams/{id}")))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["name"], "support");
    assert_eq!(app.count("teams").await, 1);
}

#[tokio::test]
async fn administrator_updates_and_deletes_a_team() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let id = team(&app, &acme, "support").await;
    let res = app
        .put(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .json(json!({"name": "New-Team", "description": null, "allow_auto_assign": "false"}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, TEAM_KEYS);
    assert_eq!(res.json["name"], "new-team");
    assert_eq!(res.json["allow_auto_assign"], false);
    let res = app
        .delete(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("teams").await, 0);
    app.delete(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn team_names_are_unique_per_account_ignoring_case() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    team(&app, &acme, "support").await;
    let res = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": "SUPPORT"}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "Name has already been taken", "attributes": ["name"]})
    );
    // Another account may use the name.
    team(&app, &other, "support").await;
    assert_eq!(app.count("teams").await, 2);
}

#[tokio::test]
async fn invalid_team_input_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let id = team(&app, &acme, "support").await;
    let bad = [
        json!({"name": ""}),
        json!({"name": "   "}),
        json!({"description": "only"}),
        json!({"name": "x".repeat(256)}),
        json!({"name": "ok", "description": "d".repeat(10_001)}),
        json!({"name": ["list"]}),
        json!({"name": "ok", "allow_auto_assign": "maybe"}),
    ];
    for body in bad {
        let res = app
            .post(&acme.path("/teams"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        assert_eq!(res.status, 422, "{body} -> {}", res.text);
    }
    let res = app
        .post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .json(json!({"name": ""}))
        .send()
        .await;
    assert_eq!(
        res.json,
        json!({"message": "Name must not be blank", "attributes": ["name"]})
    );
    app.post(&acme.path("/teams"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(422, "param is missing or the value is empty: team");
    let res = app
        .patch(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .json(json!({"name": ""}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(app.count("teams").await, 1);
    let res = app
        .get(&acme.path(&format!("/teams/{id}")))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["name"], "support");
    app.get(&acme.path("/teams/abc"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn team_changes_bump_the_team_cache_key() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let keys = || async {
        app.get(&acme.path("/cache_keys"))
            .as_user(&acme.admin)
            .send()
            .await
            .json["cache_keys"]
            .clone()
    };
    let before = keys().await;
    assert_eq!(before["team"], "0000000000");
    team(&app, &acme, "support").await;
    let after = keys().await;
    assert_ne!(after["team"], before["team"]);
    assert_eq!(after["label"], before["label"]);
}

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
