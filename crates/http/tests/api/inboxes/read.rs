//! `GET /inboxes`, `GET /inboxes/:id`, `GET /inboxes/:id/assignable_agents`.

use super::*;
use testkit::assert_keys;

#[tokio::test]
async fn admin_lists_every_inbox_by_name_and_agent_only_their_own() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let web = widget(&app, &acme, "website").await;
    let api_inbox = api(&app, &acme, "Api").await;
    let agent = member(&app, &acme, id(&api_inbox)).await;

    let res = app
        .get(&acme.path("/inboxes"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let payload = res.json["payload"].as_array().unwrap();
    // `order_by_name` is case-insensitive.
    let names: Vec<&str> = payload
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, vec!["Api", "website"]);
    assert_keys(&payload[0], &api_keys(true));
    assert_keys(&payload[1], &widget_keys(true));
    assert_eq!(payload[1]["id"], web["id"]);

    let res = app.get(&acme.path("/inboxes")).as_user(&agent).send().await;
    res.assert_status(200);
    let payload = res.json["payload"].as_array().unwrap();
    assert_eq!(payload.len(), 1);
    // Agents never see the channel secrets.
    assert_keys(&payload[0], &api_keys(false));
}

#[tokio::test]
async fn inbox_list_needs_a_member_of_the_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    widget(&app, &acme, "Site").await;
    app.get(&acme.path("/inboxes"))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/inboxes"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    let (_, bot) = app.agent_bot(Some(acme.id)).await;
    app.get(&acme.path("/inboxes"))
        .token(&bot)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}

#[tokio::test]
async fn show_is_for_members_and_administrators() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    let path = acme.path(&format!("/inboxes/{}", id(&v)));

    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json, v);

    let outsider = app.agent(&acme).await;
    app.get(&path)
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();

    let insider = member(&app, &acme, id(&v)).await;
    let res = app.get(&path).as_user(&insider).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &widget_keys(false));
    assert!(res.json.get("hmac_token").is_none());

    app.get(&path).send().await.assert_unauthenticated();
}

#[tokio::test]
async fn another_accounts_inbox_is_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let theirs = widget(&app, &other, "Theirs").await;
    for rest in ["", "/assignable_agents", "/agent_bot"] {
        app.get(&acme.path(&format!("/inboxes/{}{rest}", id(&theirs))))
            .as_user(&acme.admin)
            .send()
            .await
            .assert_not_found();
    }
    app.get(&acme.path("/inboxes/abc"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.get(&acme.path(&format!("/inboxes/{}", id(&theirs))))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
}

#[tokio::test]
async fn assignable_agents_are_inbox_members_and_administrators() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    let insider = member(&app, &acme, id(&v)).await;
    let _outsider = app.agent(&acme).await;
    let path = acme.path(&format!("/inboxes/{}/assignable_agents", id(&v)));

    let res = app.get(&path).as_user(&insider).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let payload = res.json["payload"].as_array().unwrap();
    let ids: Vec<i64> = payload.iter().map(|a| a["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, vec![insider.id, acme.admin.id]);
    assert_keys(&payload[0], &AGENT_KEYS);
    assert_eq!(payload[0]["role"], "agent");
    assert_eq!(payload[0]["account_id"], acme.id);
    assert_eq!(payload[0]["email"], insider.email);
    assert_eq!(payload[0]["confirmed"], true);
    assert_eq!(payload[0]["availability_status"], "offline");
    assert_eq!(payload[1]["role"], "administrator");

    let outsider = app.agent(&acme).await;
    app.get(&path)
        .as_user(&outsider)
        .send()
        .await
        .assert_not_authorized();
    app.get(&path).send().await.assert_unauthenticated();
}
