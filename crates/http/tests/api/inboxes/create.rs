//! `POST /inboxes`.

use super::*;
use testkit::assert_keys;

fn expected_script(token: &str) -> String {
    format!(
        r#"
    <script>
      (function(d,t) {{
        var BASE_URL="http://localhost:3000";
        var g=d.createElement(t),s=d.getElementsByTagName(t)[0];
        g.src=BASE_URL+"/packs/js/sdk.js";
        g.async = true;
        s.parentNode.insertBefore(g,s);
        g.onload=function(){{
          window.chatwootSDK.run({{
            websiteToken: '{token}',
            baseUrl: BASE_URL
          }})
        }}
      }})(document,"script");
    </script>
    "#
    )
}

#[tokio::test]
async fn admin_creates_web_widget_inbox_in_chatwoot_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    reset_cache_keys(&app, &acme).await;
    let v = create(
        &app,
        &acme,
        json!({"name": "Website", "channel": {"type": "web_widget", "website_url": "https://acme.test",
               "welcome_title": "Hi", "welcome_tagline": "We reply fast", "widget_color": "#ff5733",
               "reply_time": "in_a_day", "hmac_mandatory": true, "continuity_via_email": false,
               "allowed_domains": "acme.test", "selected_feature_flags": ["attachments", "end_conversation"]}}),
    )
    .await;
    assert_keys(&v, &widget_keys(true));
    assert_eq!(v["name"], "Website");
    assert_eq!(v["channel_type"], "Channel::WebWidget");
    assert_eq!(v["avatar_url"], "");
    assert_eq!(v["website_url"], "https://acme.test");
    assert_eq!(v["widget_color"], "#ff5733");
    assert_eq!(v["reply_time"], "in_a_day");
    assert_eq!(v["hmac_mandatory"], true);
    assert_eq!(v["continuity_via_email"], false);
    assert_eq!(v["allowed_domains"], "acme.test");
    assert_eq!(
        v["selected_feature_flags"],
        json!(["attachments", "end_conversation"])
    );
    let token = v["website_token"].as_str().unwrap();
    assert_eq!(token.len(), 24);
    assert_eq!(v["hmac_token"].as_str().unwrap().len(), 24);
    assert_eq!(v["web_widget_script"], expected_script(token));
    // Column defaults, and the pre-chat form upstream fills in.
    assert_eq!(v["timezone"], "UTC");
    assert_eq!(v["sender_name_type"], "friendly");
    assert_eq!(v["enable_auto_assignment"], true);
    assert_eq!(v["allow_messages_after_resolved"], true);
    assert_eq!(v["lock_to_single_conversation"], false);
    assert_eq!(v["csat_config"], json!({}));
    assert_eq!(v["callback_webhook_url"], Value::Null);
    assert_eq!(v["pre_chat_form_enabled"], false);
    assert_eq!(
        v["pre_chat_form_options"]["pre_chat_message"],
        "Share your queries or comments here."
    );
    assert_eq!(
        v["pre_chat_form_options"]["pre_chat_fields"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
    // The default week: closed on weekends, 09:00-17:00 on weekdays.
    let week = v["working_hours"].as_array().unwrap();
    assert_eq!(week.len(), 7);
    assert_keys(
        &week[0],
        &[
            "day_of_week",
            "closed_all_day",
            "open_hour",
            "open_minutes",
            "close_hour",
            "close_minutes",
            "open_all_day",
        ],
    );
    assert_eq!(week[0]["day_of_week"], 0);
    assert_eq!(week[0]["closed_all_day"], true);
    assert_eq!(week[0]["open_hour"], Value::Null);
    assert_eq!(
        week[1],
        json!({"day_of_week": 1, "closed_all_day": false, "open_hour": 9, "open_minutes": 0,
               "close_hour": 17, "close_minutes": 0, "open_all_day": false})
    );
    assert_eq!(week[6]["closed_all_day"], true);
    assert_eq!(app.count("inboxes").await, 1);
    assert_eq!(app.count("channel_web_widgets").await, 1);
    assert_eq!(app.count("working_hours").await, 7);
    assert_ne!(inbox_cache_key(&app, &acme).await, "0000000000");
    let audits = "SELECT COUNT(*) FROM audits WHERE auditable_type = 'Inbox' AND auditable_id = $1 AND action = 'create'";
    assert_eq!(scalar(&app, audits, id(&v)).await, 1);
}

#[tokio::test]
async fn admin_creates_api_inbox_with_tokens_and_a_signing_secret() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let v = create(
        &app,
        &acme,
        json!({"name": "API", "channel": {"type": "api", "webhook_url": "https://hooks.acme.test/in",
               "hmac_mandatory": true, "additional_attributes": {"agent_reply_time_window": 24}}}),
    )
    .await;
    assert_keys(&v, &api_keys(true));
    assert_eq!(v["channel_type"], "Channel::Api");
    assert_eq!(v["webhook_url"], "https://hooks.acme.test/in");
    assert_eq!(v["hmac_mandatory"], true);
    assert_eq!(
        v["additional_attributes"],
        json!({"agent_reply_time_window": 24})
    );
    assert_eq!(v["inbox_identifier"].as_str().unwrap().len(), 24);
    assert_eq!(v["hmac_token"].as_str().unwrap().len(), 24);
    assert!(v["secret"].as_str().is_some_and(|s| s.len() >= 24));
    assert_eq!(v["website_token"], Value::Null);
    assert_eq!(v["web_widget_script"], Value::Null);
    assert_eq!(app.count("channel_api").await, 1);
}

#[tokio::test]
async fn create_accepts_every_inbox_attribute_of_the_document() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let portal = portal(&app, acme.id, "acme-help").await;
    let v = create(
        &app,
        &acme,
        json!({"inbox": {"name": "Support", "avatar": "ignored", "greeting_enabled": true,
               "greeting_message": "Hello", "enable_email_collect": false, "csat_survey_enabled": true,
               "csat_config": {"display_type": "star", "message": "Rate us", "junk": 1},
               "enable_auto_assignment": false, "auto_assignment_config": {"max_assignment_limit": 5},
               "working_hours_enabled": true, "out_of_office_message": "Away", "timezone": "America/New_York",
               "allow_messages_after_resolved": false, "lock_to_single_conversation": true,
               "portal_id": portal, "sender_name_type": "professional", "business_name": "Acme Inc"},
               "channel": {"type": "web_widget", "website_url": "https://acme.test"}}),
    )
    .await;
    assert_keys(&v, &[widget_keys(true), vec!["help_center"]].concat());
    assert_eq!(v["greeting_enabled"], true);
    assert_eq!(v["greeting_message"], "Hello");
    assert_eq!(v["enable_email_collect"], false);
    assert_eq!(v["csat_survey_enabled"], true);
    assert_eq!(
        v["csat_config"],
        json!({"display_type": "star", "message": "Rate us"})
    );
    assert_eq!(v["enable_auto_assignment"], false);
    assert_eq!(
        v["auto_assignment_config"],
        json!({"max_assignment_limit": 5})
    );
    assert_eq!(v["working_hours_enabled"], true);
    assert_eq!(v["out_of_office_message"], "Away");
    assert_eq!(v["timezone"], "America/New_York");
    assert_eq!(v["allow_messages_after_resolved"], false);
    assert_eq!(v["lock_to_single_conversation"], true);
    assert_eq!(v["sender_name_type"], "professional");
    assert_eq!(v["business_name"], "Acme Inc");
    assert_eq!(
        v["help_center"],
        json!({"name": "Portal acme-help", "slug": "acme-help"})
    );
}

#[tokio::test]
async fn create_needs_credentials() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    app.post(&acme.path("/inboxes"))
        .json(json!({"name": "X", "channel": {"type": "api"}}))
        .send()
        .await
        .assert_unauthenticated();
    assert_eq!(app.count("inboxes").await, 0);
}

#[tokio::test]
async fn agent_cannot_create_inbox() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    app.post(&acme.path("/inboxes"))
        .as_user(&agent)
        .json(json!({"name": "X", "channel": {"type": "api"}}))
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("inboxes").await, 0);
    assert_eq!(app.count("channel_api").await, 0);
}

#[tokio::test]
async fn another_accounts_admin_cannot_create_inbox_here() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    app.post(&acme.path("/inboxes"))
        .as_user(&other.admin)
        .json(json!({"name": "X", "channel": {"type": "api"}}))
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    assert_eq!(app.count("inboxes").await, 0);
}

#[tokio::test]
async fn bad_create_input_is_a_chatwoot_422_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    let foreign_portal = portal(&app, other.id, "other-help").await;
    let widget = |extra: Value| {
        let mut body = json!({"name": "Site", "channel": {"type": "web_widget", "website_url": "https://a.test"}});
        for (k, v) in extra.as_object().unwrap() {
            body[k] = v.clone();
        }
        body
    };
    let invalid: Vec<(Value, &str, Vec<&str>)> = vec![
        (
            json!({"name": "X", "channel": {"type": "carrier_pigeon"}}),
            "Channel must exist",
            vec!["channel"],
        ),
        (
            json!({"name": "X", "channel": {"type": "email", "email": "a@b.c"}}),
            "Channel type email is not supported",
            vec!["channel"],
        ),
        (
            json!({"name": "X", "channel": {"type": "api", "webhook_url": "not a url"}}),
            "Webhook url is invalid",
            vec!["webhook_url"],
        ),
        (
            json!({"name": "X", "channel": {"type": "api", "webhook_url": "ftp://files.test"}}),
            "Webhook url is invalid",
            vec!["webhook_url"],
        ),
        (
            json!({"name": "X", "channel": {"type": "api", "additional_attributes": {"agent_reply_time_window": 0}}}),
            "Agent reply time window agent_reply_time_window must be greater than 0",
            vec!["agent_reply_time_window"],
        ),
        (
            json!({"name": "X", "channel": {"type": "web_widget"}}),
            "Website url can't be blank",
            vec!["website_url"],
        ),
        (
            json!({"name": "X", "channel": {"type": "web_widget", "website_url": "https://a.test", "reply_time": "never"}}),
            "Reply time is not included in the list",
            vec!["reply_time"],
        ),
        (
            json!({"name": "X", "channel": {"type": "web_widget", "website_url": "https://a.test", "selected_feature_flags": ["teleport"]}}),
            "Selected feature flags is not included in the list",
            vec!["selected_feature_flags"],
        ),
        (
            widget(json!({"name": ""})),
            "Name can't be blank",
            vec!["name"],
        ),
        (
            widget(json!({"name": "n".repeat(256)})),
            "Name is too long (maximum is 255 characters)",
            vec!["name"],
        ),
        (
            widget(json!({"greeting_message": "g".repeat(10_001)})),
            "Greeting message is too long (maximum is 10000 characters)",
            vec!["greeting_message"],
        ),
        (
            widget(json!({"timezone": "Mars/Olympus"})),
            "Timezone is not included in the list",
            vec!["timezone"],
        ),
        (
            widget(json!({"sender_name_type": "royal"})),
            "Sender name type is not included in the list",
            vec!["sender_name_type"],
        ),
        (
            widget(json!({"portal_id": 999_999})),
            "Portal must exist",
            vec!["portal"],
        ),
        (
            widget(json!({"portal_id": foreign_portal})),
            "Portal must exist",
            vec!["portal"],
        ),
        (
            widget(json!({"csat_config": "yes"})),
            "Csat config is invalid",
            vec!["csat_config"],
        ),
        (
            widget(json!({"auto_assignment_config": {"max_assignment_limit": 0}})),
            "Auto assignment config max_assignment_limit must be greater than 0",
            vec!["auto_assignment_config"],
        ),
    ];
    for (body, message, attributes) in invalid {
        let res = app
            .post(&acme.path("/inboxes"))
            .as_user(&acme.admin)
            .json(body.clone())
            .send()
            .await;
        res.assert_status(422);
        assert_eq!(res.json["message"], message, "body: {body}");
        assert_eq!(res.json["attributes"], json!(attributes), "body: {body}");
    }
    // Wrong types and a missing channel are 422s with an error message.
    let wrong: Vec<Value> = vec![
        json!({"name": "X"}),
        json!({"name": "X", "channel": "api"}),
        json!({"name": {"first": "X"}, "channel": {"type": "api"}}),
        json!({"name": "X", "greeting_enabled": "maybe", "channel": {"type": "api"}}),
        json!({"name": "X", "portal_id": [1], "channel": {"type": "api"}}),
        json!({"name": "X", "channel": {"type": "web_widget", "website_url": "https://a.test", "selected_feature_flags": "all"}}),
        json!({"name": "X", "channel": {"type": "api", "hmac_mandatory": {}}}),
    ];
    for body in wrong {
        let res = app
            .post(&acme.path("/inboxes"))
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
    for table in [
        "inboxes",
        "channel_web_widgets",
        "channel_api",
        "working_hours",
    ] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
}

#[tokio::test]
async fn an_account_at_its_inbox_limit_gets_payment_required() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    {
        use store::Exec;
        let q = store::Sql::new("UPDATE accounts SET limits = $2 WHERE id = $1")
            .bind(acme.id)
            .bind(json!({"inboxes": 1}));
        app.app.db.execute(q).await.unwrap();
    }
    widget(&app, &acme, "First").await;
    let res = app
        .post(&acme.path("/inboxes"))
        .as_user(&acme.admin)
        .json(json!({"name": "Second", "channel": {"type": "api"}}))
        .send()
        .await;
    res.assert_error(402, "Account limit exceeded. Upgrade to a higher plan");
    assert_eq!(app.count("inboxes").await, 1);
}
