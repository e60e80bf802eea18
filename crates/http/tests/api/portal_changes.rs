//! Help Center portals: create and update rules, archive, logo, destroy, the live-chat widget.

use crate::portals::{create_portal, insert_inbox, PORTAL_KEYS};
use serde_json::{json, Value};
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn portal_create_rejects_bad_input_and_writes_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    create_portal(&app, &other, "taken", &["en"]).await;
    app.patch(&other.path("/portals/taken"))
        .as_user(&other.admin)
        .json(json!({"portal": {"custom_domain": "docs.example.com"}}))
        .send()
        .await
        .assert_status(200);
    let post = |body: Value| {
        app.post(&acme.path("/portals"))
            .as_user(&acme.admin)
            .json(body)
            .send()
    };
    post(json!({}))
        .await
        .assert_error(422, "param is missing or the value is empty: portal");
    let res = post(json!({"portal": {"slug": "x"}})).await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "Name can't be blank", "attributes": ["name"]})
    );
    let res = post(json!({"portal": {"name": "Docs"}})).await;
    assert_eq!(res.json["message"], "Slug can't be blank");
    // Slugs are unique across the installation, not per account.
    let res = post(json!({"portal": {"name": "Docs", "slug": "taken"}})).await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "Slug has already been taken", "attributes": ["slug"]})
    );
    let res = post(json!({"portal": {"name": "Docs", "slug": "x", "custom_domain": "https://docs.example.com/"}})).await;
    assert_eq!(res.json["message"], "Custom domain has already been taken");
    let res = post(json!({"portal": {"name": "N".repeat(256), "slug": "x"}})).await;
    assert_eq!(
        res.json["message"],
        "Name is too long (maximum is 255 characters)"
    );
    let res = post(json!({"portal": {"name": "Docs", "slug": "x", "config": {"allowed_locales": ["en", "<b>"]}}})).await;
    res.assert_status(422);
    assert_eq!(res.json["attributes"], json!(["config"]));
    for bad in [
        json!({"portal": {"name": {"a": 1}, "slug": "x"}}),
        json!({"portal": {"name": "Docs", "slug": "x", "archived": "maybe"}}),
        json!({"portal": {"name": "Docs", "slug": "x", "config": {"allowed_locales": "en"}}}),
        json!({"portal": {"name": "Docs", "slug": "x", "config": "en"}}),
    ] {
        let res = post(bad.clone()).await;
        assert_eq!(res.status.as_u16(), 422, "{bad}: {}", res.text);
        assert!(res.json["error"].is_string(), "{}", res.text);
    }
    // An inbox id that is not the account's is not found.
    let (foreign_inbox, _) = insert_inbox(&app, other.id, true).await;
    post(json!({"portal": {"name": "Docs", "slug": "x"}, "inbox_id": foreign_inbox}))
        .await
        .assert_not_found();
    post(json!({"portal": {"name": "Docs", "slug": "x"}, "inbox_id": "abc"}))
        .await
        .assert_not_found();
    assert_eq!(app.count("portals").await, 1);
}

#[tokio::test]
async fn flat_body_creates_a_portal_too() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/portals"))
        .as_user(&acme.admin)
        .json(json!({"name": "Flat", "slug": "flat", "archived": "true"}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["slug"], "flat");
    assert_eq!(res.json["archived"], true);
}

#[tokio::test]
async fn admin_updates_portal_and_its_locales() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let res = app
        .put(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"name": "Updated", "archived": true,
                                "config": {"allowed_locales": ["en", "es"]}}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &PORTAL_KEYS);
    assert_eq!(res.json["name"], "Updated");
    assert_eq!(res.json["archived"], true);
    assert_eq!(
        res.json["config"],
        json!({"allowed_locales": [{"code": "en", "articles_count": 0, "categories_count": 0},
                                   {"code": "es", "articles_count": 0, "categories_count": 0}]})
    );
    // A config without a default locale falls back to "en", as upstream's model fills it in.
    let res = app
        .patch(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"config": {"allowed_locales": ["es", "fr"], "default_locale": "fr"}}}))
        .send()
        .await;
    assert_eq!(res.json["meta"]["default_locale"], "fr");
    // The slug can change; the old one is gone.
    let res = app
        .patch(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"slug": "guides"}}))
        .send()
        .await;
    assert_eq!(res.json["slug"], "guides");
    app.get(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    // Without portal params nothing changes.
    let res = app
        .patch(&acme.path("/portals/guides"))
        .as_user(&acme.admin)
        .json(json!({"unrelated": 1}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["name"], "Updated");
}

#[tokio::test]
async fn portal_update_rejects_bad_input_and_keeps_the_portal() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    create_portal(&app, &acme, "other", &["en"]).await;
    let patch = |body: Value| {
        app.patch(&acme.path("/portals/docs"))
            .as_user(&acme.admin)
            .json(body)
            .send()
    };
    let res = patch(json!({"portal": {"name": ""}})).await;
    assert_eq!(
        res.json,
        json!({"message": "Name can't be blank", "attributes": ["name"]})
    );
    let res = patch(json!({"portal": {"slug": "other"}})).await;
    assert_eq!(res.json["message"], "Slug has already been taken");
    let res = patch(json!({"portal": {"header_text": "x".repeat(70_000)}})).await;
    assert_eq!(
        res.json["message"],
        "Header text is too long (maximum is 65535 characters)"
    );
    let res = patch(json!({"portal": {"config": {"allowed_locales": [1, 2]}}})).await;
    res.assert_status(422);
    let res = app
        .get(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["name"], "Portal docs");
    assert_eq!(res.json["header_text"], Value::Null);
}

/// `_inbox.json.jbuilder` for a web-widget inbox seen by an administrator.
const INBOX_KEYS: [&str; 38] = [
    "id",
    "avatar_url",
    "channel_id",
    "name",
    "channel_type",
    "greeting_enabled",
    "greeting_message",
    "working_hours_enabled",
    "enable_email_collect",
    "csat_survey_enabled",
    "csat_config",
    "enable_auto_assignment",
    "auto_assignment_config",
    "out_of_office_message",
    "working_hours",
    "timezone",
    "callback_webhook_url",
    "allow_messages_after_resolved",
    "lock_to_single_conversation",
    "sender_name_type",
    "business_name",
    "allowed_domains",
    "widget_color",
    "website_url",
    "hmac_mandatory",
    "welcome_title",
    "welcome_tagline",
    "web_widget_script",
    "website_token",
    "selected_feature_flags",
    "reply_time",
    "hmac_token",
    "pre_chat_form_enabled",
    "pre_chat_form_options",
    "continuity_via_email",
    "messaging_service_sid",
    "phone_number",
    "provider",
];

#[tokio::test]
async fn portal_links_and_unlinks_a_web_widget_inbox() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let (inbox_id, _) = insert_inbox(&app, acme.id, true).await;
    let res = app
        .patch(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"name": "Docs"}, "inbox_id": inbox_id}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["inbox"]["id"], inbox_id);
    let inbox = &res.json["inbox"];
    assert_eq!(inbox["channel_type"], "Channel::WebWidget");
    assert_keys(inbox, &INBOX_KEYS);
    assert!(inbox["web_widget_script"]
        .as_str()
        .unwrap()
        .contains(inbox["website_token"].as_str().unwrap()));
    assert_eq!(
        inbox["selected_feature_flags"],
        json!(["attachments", "emoji_picker", "end_conversation"])
    );
    // Agents see the portal and its widget inbox, without the inbox's HMAC token.
    let agent = app.agent(&acme).await;
    let res = app
        .get(&acme.path("/portals/docs"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["inbox"]["id"], inbox_id);
    assert!(res.json["inbox"].get("hmac_token").is_none());
    // An API inbox is no widget: the link stays as it was.
    let (api_inbox, _) = insert_inbox(&app, acme.id, false).await;
    let res = app
        .patch(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"name": "Docs"}, "inbox_id": api_inbox}))
        .send()
        .await;
    assert_eq!(res.json["inbox"]["id"], inbox_id);
    let res = app
        .patch(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"name": "Docs"}, "inbox_id": ""}))
        .send()
        .await;
    res.assert_status(200);
    assert!(res.json.get("inbox").is_none(), "{}", res.text);
}

#[tokio::test]
async fn admin_archives_and_deletes_a_portal_with_its_contents() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    create_portal(&app, &acme, "keep", &["en"]).await;
    let res = app
        .patch(&acme.path("/portals/docs/archive"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    let res = app
        .get(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["archived"], true);
    app.delete(&acme.path("/portals/docs/logo"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_status(200);
    app.post(&acme.path("/portals/docs/categories"))
        .as_user(&acme.admin)
        .json(json!({"category": {"name": "Basics", "slug": "basics", "locale": "en"}}))
        .send()
        .await
        .assert_status(200);
    app.post(&acme.path("/portals/docs/articles"))
        .as_user(&acme.admin)
        .json(json!({"article": {"title": "Hello", "content": "World"}}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .delete(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("portals").await, 1);
    assert_eq!(app.count("categories").await, 0);
    assert_eq!(app.count("articles").await, 0);
    app.get(&acme.path("/portals/docs"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.delete(&acme.path("/portals/docs/logo"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
}
