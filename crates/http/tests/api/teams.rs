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

pub(crate) async fn team(app: &TestApp, acct: &TestAccount, name: &str) -> i64 {
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
