//! `PATCH /inboxes/:id` (and `PUT`).

use super::*;
use testkit::assert_keys;

#[tokio::test]
async fn admin_updates_inbox_channel_and_working_hours() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    let portal = portal(&app, acme.id, "help").await;
    reset_cache_keys(&app, &acme).await;
    let res = app
        .patch(&acme.path(&format!("/inboxes/{}", id(&v))))
        .as_user(&acme.admin)
        .json(json!({
            "name": "Renamed", "enable_auto_assignment": false, "portal_id": portal,
            "working_hours_enabled": true, "out_of_office_message": "Closed", "timezone": "Asia/Kolkata",
            "working_hours": [
                {"day_of_week": 0, "closed_all_day": false, "open_hour": 9, "open_minutes": 0, "close_hour": 17, "close_minutes": 0},
                {"day_of_week": 1, "open_all_day": true},
                {"day_of_week": 2, "closed_all_day": true, "open_hour": "", "open_minutes": "", "close_hour": "", "close_minutes": ""}
            ],
            "channel": {"widget_color": "#000000", "welcome_title": "Welcome", "reply_time": "in_a_few_hours",
                        "selected_feature_flags": [], "type": "api", "webhook_url": "ignored for widgets"}
        }))
        .send()
        .await;
    res.assert_status(200);
    let u = &res.json;
    assert_keys(u, &[widget_keys(true), vec!["help_center"]].concat());
    assert_eq!(u["name"], "Renamed");
    assert_eq!(u["enable_auto_assignment"], false);
    assert_eq!(u["help_center"]["slug"], "help");
    assert_eq!(u["working_hours_enabled"], true);
    assert_eq!(u["out_of_office_message"], "Closed");
    assert_eq!(u["timezone"], "Asia/Kolkata");
    assert_eq!(u["widget_color"], "#000000");
    assert_eq!(u["welcome_title"], "Welcome");
    assert_eq!(u["reply_time"], "in_a_few_hours");
    assert_eq!(u["selected_feature_flags"], json!([]));
    assert_eq!(u["website_token"], v["website_token"]);
    let week = u["working_hours"].as_array().unwrap();
    assert_eq!(
        week[0],
        json!({"day_of_week": 0, "closed_all_day": false, "open_hour": 9, "open_minutes": 0,
               "close_hour": 17, "close_minutes": 0, "open_all_day": false})
    );
    // `open_all_day` means 00:00-23:59.
    assert_eq!(
        week[1],
        json!({"day_of_week": 1, "closed_all_day": false, "open_hour": 0, "open_minutes": 0,
               "close_hour": 23, "close_minutes": 59, "open_all_day": true})
    );
    assert_eq!(week[2]["closed_all_day"], true);
    assert_eq!(week[2]["open_hour"], Value::Null);
    assert_eq!(week[3], v["working_hours"][3]);
    assert_eq!(&reread(&app, &acme, id(&v)).await, u);
    assert_ne!(inbox_cache_key(&app, &acme).await, "0000000000");
    let audits = "SELECT COUNT(*) FROM audits WHERE auditable_type = 'Inbox' AND auditable_id = $1 AND action = 'update'";
    assert_eq!(scalar(&app, audits, id(&v)).await, 1);
}

#[tokio::test]
async fn put_updates_an_api_inbox_and_its_webhook() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = api(&app, &acme, "API").await;
    let res = app
        .put(&acme.path(&format!("/inboxes/{}", id(&v))))
        .as_user(&acme.admin)
        .json(json!({"allow_messages_after_resolved": false, "csat_survey_enabled": true,
                     "csat_config": {"message": "How did we do?", "survey_rules": {"values": ["vip"]}},
                     "channel": {"webhook_url": "https://new.acme.test/hook", "hmac_mandatory": true,
                                 "additional_attributes": {"team": "ops"}, "selected_feature_flags": []}}))
        .send()
        .await;
    res.assert_status(200);
    let u = &res.json;
    assert_keys(u, &api_keys(true));
    assert_eq!(u["allow_messages_after_resolved"], false);
    assert_eq!(u["webhook_url"], "https://new.acme.test/hook");
    assert_eq!(u["hmac_mandatory"], true);
    assert_eq!(u["additional_attributes"], json!({"team": "ops"}));
    assert_eq!(u["secret"], v["secret"]);
    assert_eq!(u["inbox_identifier"], v["inbox_identifier"]);
    // Update fills the CSAT config's missing keys (`format_csat_config`).
    assert_eq!(
        u["csat_config"],
        json!({"display_type": "emoji", "message": "How did we do?",
               "survey_rules": {"operator": "contains", "values": ["vip"]}})
    );
}

#[tokio::test]
async fn agent_cannot_update_inbox() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = widget(&app, &acme, "Site").await;
    let insider = member(&app, &acme, id(&v)).await;
    let outsider = app.agent(&acme).await;
    let path = acme.path(&format!("/inboxes/{}", id(&v)));
    for agent in [&insider, &outsider] {
        app.patch(&path)
            .as_user(agent)
            .json(json!({"name": "Mine now"}))
            .send()
            .await
            .assert_not_authorized();
    }
    app.patch(&path)
        .json(json!({"name": "Anyone"}))
        .send()
        .await
        .assert_unauthenticated();
    assert_eq!(reread(&app, &acme, id(&v)).await, v);
}

#[tokio::test]
async fn updating_another_accounts_inbox_is_not_found() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let theirs = widget(&app, &other, "Theirs").await;
    app.patch(&acme.path(&format!("/inboxes/{}", id(&theirs))))
        .as_user(&acme.admin)
        .json(json!({"name": "Stolen"}))
        .send()
        .await
        .assert_not_found();
    assert_eq!(reread(&app, &other, id(&theirs)).await["name"], "Theirs");
}

#[tokio::test]
async fn bad_update_input_is_a_422_and_changes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let foreign_portal = portal(&app, other.id, "theirs").await;
    let web = widget(&app, &acme, "Site").await;
    let hook = api(&app, &acme, "API").await;
    let hours = |entry: Value| json!({"name": "Changed", "working_hours": [entry]});
    let invalid: Vec<(&Value, Value, &str)> = vec![
        (&web, json!({"name": ""}), "Name can't be blank"),
        (&web, json!({"name": "n".repeat(300)}), "Name is too long (maximum is 255 characters)"),
        (&web, json!({"out_of_office_message": "o".repeat(10_001)}), "Out of office message is too long (maximum is 10000 characters)"),
        (&web, json!({"portal_id": foreign_portal}), "Portal must exist"),
        (&web, json!({"timezone": "Nowhere"}), "Timezone is not included in the list"),
        (&web, hours(json!({"day_of_week": 1, "open_hour": 18})), "Close hour Closing time cannot be before opening time"),
        (&web, hours(json!({"day_of_week": 1, "open_hour": 25})), "Open hour is not included in the list"),
        (&web, hours(json!({"day_of_week": 9, "open_hour": 9})), "Day of week is not included in the list"),
        (&web, hours(json!({"day_of_week": 0, "closed_all_day": false})),
            "Open hour can't be blank, Open hour is not included in the list, Open minutes can't be blank, \
             Open minutes is not included in the list, Close hour can't be blank, Close hour is not included in the list, \
             Close minutes can't be blank, Close minutes is not included in the list"),
        (&web, hours(json!({"day_of_week": 1, "open_all_day": true, "closed_all_day": true})),
            "open_all_day and closed_all_day cannot be true at the same time"),
        (&web, json!({"name": "Changed", "channel": {"website_url": ""}}), "Website url can't be blank"),
        (&web, json!({"name": "Changed", "channel": {"welcome_title": "t".repeat(256)}}), "Welcome title is too long (maximum is 255 characters)"),
        (&hook, json!({"name": "Changed", "channel": {"webhook_url": "hooks.acme.test"}}), "Webhook url is invalid"),
        (&hook, json!({"name": "Changed", "channel": {"webhook_url": format!("https://a.test/{}", "x".repeat(2048))}}),
            "Webhook url is too long (maximum is 2048 characters)"),
    ];
    for (inbox, body, message) in invalid {
        let res = app
            .patch(&acme.path(&format!("/inboxes/{}", id(inbox))))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "body: {body}");
    }
    let wrong = [
        json!({"working_hours": {"day_of_week": 1}}),
        json!({"working_hours": [{"day_of_week": 1, "open_hour": "nine"}]}),
        json!({"enable_auto_assignment": [true]}),
        json!({"channel": {"reply_time": {"x": 1}}}),
    ];
    for body in wrong {
        let res = app
            .patch(&acme.path(&format!("/inboxes/{}", id(&web))))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert!(
            res.json["error"].is_string(),
            "body: {body} -> {}",
            res.text
        );
    }
    assert_eq!(reread(&app, &acme, id(&web)).await, web);
    assert_eq!(reread(&app, &acme, id(&hook)).await, hook);
}
