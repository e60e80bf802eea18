use serde_json::json;
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn account_changes_appear_in_the_audit_log() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.patch(&acme.path(""))
        .as_user(&acme.admin)
        .header("x-request-id", "req-1")
        .json(json!({"name": "Acme 2"}))
        .send()
        .await
        .assert_status(200);
    // An update that changes nothing leaves no entry.
    app.patch(&acme.path(""))
        .as_user(&acme.admin)
        .json(json!({"name": "Acme 2"}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .get(&acme.path("/audit_logs"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(
        &res.json,
        &["per_page", "total_entries", "current_page", "audit_logs"],
    );
    assert_eq!(res.json["total_entries"], 1);
    assert_eq!(res.json["current_page"], 1);
    let log = &res.json["audit_logs"][0];
    assert_keys(
        log,
        &[
            "id",
            "auditable_id",
            "auditable_type",
            "auditable",
            "associated_id",
            "associated_type",
            "user_id",
            "user_type",
            "username",
            "action",
            "audited_changes",
            "version",
            "comment",
            "request_uuid",
            "created_at",
            "remote_address",
        ],
    );
    assert_eq!(log["auditable_type"], "Account");
    assert_eq!(log["action"], "update");
    assert_eq!(log["audited_changes"], json!({"name": ["Acme", "Acme 2"]}));
    assert_eq!(log["user_id"], acme.admin.id);
    assert_eq!(log["username"], acme.admin.email.as_str());
    assert_eq!(log["request_uuid"], "req-1");
    assert!(log["created_at"].is_i64());
}

#[tokio::test]
async fn audit_logs_are_for_administrators_of_the_account() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let agent = app.agent(&acme).await;
    app.get(&acme.path("/audit_logs"))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/audit_logs"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.get(&acme.path("/audit_logs"))
        .as_user(&other.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    let (_, bot) = app.agent_bot(Some(acme.id)).await;
    app.get(&acme.path("/audit_logs"))
        .token(&bot)
        .send()
        .await
        .assert_error(401, "Access to this endpoint is not authorized for bots");
}

#[tokio::test]
async fn audit_log_pages_are_bounded_and_forgiving() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    for i in 0..17 {
        app.patch(&acme.path(""))
            .as_user(&acme.admin)
            .json(json!({"name": format!("Acme {i}")}))
            .send()
            .await
            .assert_status(200);
    }
    let first = app
        .get(&acme.path("/audit_logs"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(first.json["audit_logs"].as_array().unwrap().len(), 15);
    assert_eq!(first.json["total_entries"], 17);
    assert_eq!(
        first.json["audit_logs"][0]["audited_changes"]["name"][1],
        "Acme 16"
    );
    let second = app
        .get(&acme.path("/audit_logs?page=2"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(second.json["audit_logs"].as_array().unwrap().len(), 2);
    for page in ["abc", "-1", "99999999999999999999"] {
        let res = app
            .get(&acme.path(&format!("/audit_logs?page={page}")))
            .as_user(&acme.admin)
            .send()
            .await;
        res.assert_status(200);
    }
}
