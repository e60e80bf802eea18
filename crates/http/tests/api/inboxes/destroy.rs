//! `DELETE /inboxes/:id`.

use super::*;

#[tokio::test]
async fn admin_deletes_inbox_with_everything_hanging_off_it() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let keep = widget(&app, &acme, "Keep").await;
    let web = widget(&app, &acme, "Site").await;
    let hook = api(&app, &acme, "API").await;
    member(&app, &acme, id(&web)).await;
    member(&app, &acme, id(&keep)).await;
    let (bot_id, _) = app.agent_bot(Some(acme.id)).await;
    app.post(&acme.path(&format!("/inboxes/{}/set_agent_bot", id(&web))))
        .as_user(&acme.admin)
        .json(json!({"agent_bot": bot_id}))
        .send()
        .await
        .assert_status(200);
    reset_cache_keys(&app, &acme).await;
    for inbox in [&web, &hook] {
        let res = app
            .delete(&acme.path(&format!("/inboxes/{}", id(inbox))))
            .as_user(&acme.admin)
            .send()
            .await;
        res.assert_status(200);
        assert_eq!(
            res.json,
            json!({"message": "Your inbox deletion request will be processed in some time."})
        );
    }
    assert_eq!(app.count("inboxes").await, 1);
    assert_eq!(app.count("channel_web_widgets").await, 1);
    assert_eq!(app.count("channel_api").await, 0);
    assert_eq!(app.count("working_hours").await, 7);
    assert_eq!(app.count("inbox_members").await, 1);
    assert_eq!(app.count("agent_bot_inboxes").await, 0);
    assert_eq!(app.count("agent_bots").await, 1);
    assert_ne!(inbox_cache_key(&app, &acme).await, "0000000000");
    app.get(&acme.path(&format!("/inboxes/{}", id(&web))))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn agent_cannot_delete_inbox() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    let insider = member(&app, &acme, id(&v)).await;
    let outsider = app.agent(&acme).await;
    let path = acme.path(&format!("/inboxes/{}", id(&v)));
    for agent in [&insider, &outsider] {
        app.delete(&path)
            .as_user(agent)
            .send()
            .await
            .assert_not_authorized();
    }
    app.delete(&path).send().await.assert_unauthenticated();
    assert_eq!(app.count("inboxes").await, 1);
}

#[tokio::test]
async fn deleting_another_accounts_inbox_is_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let theirs = widget(&app, &other, "Theirs").await;
    app.delete(&acme.path(&format!("/inboxes/{}", id(&theirs))))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.delete(&other.path(&format!("/inboxes/{}", id(&theirs))))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.delete(&acme.path("/inboxes/999999"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("inboxes").await, 1);
}
