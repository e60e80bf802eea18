//! Inboxes API (`inboxes_controller.rb`): shared helpers; the behaviour lives in the modules.

mod agent_bot;
mod create;
mod destroy;
mod forms;
mod read;
mod update;

use serde_json::{json, Value};
use testkit::{TestAccount, TestApp, TestUser};

/// The inbox keys every channel shows.
pub const COMMON_KEYS: [&str; 24] = [
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
    "messaging_service_sid",
    "phone_number",
    "provider",
];

/// The web-widget keys (`channel.try(...)`, null for other channels).
pub const WIDGET_KEYS: [&str; 10] = [
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
];

/// Every key of a web-widget inbox; administrators also see `hmac_token`.
pub fn widget_keys(admin: bool) -> Vec<&'static str> {
    let mut k: Vec<&str> = COMMON_KEYS
        .iter()
        .chain(WIDGET_KEYS.iter())
        .copied()
        .collect();
    k.extend([
        "pre_chat_form_enabled",
        "pre_chat_form_options",
        "continuity_via_email",
    ]);
    if admin {
        k.push("hmac_token");
    }
    k
}

/// Every key of an API inbox; administrators also see `hmac_token` and `secret`.
pub fn api_keys(admin: bool) -> Vec<&'static str> {
    let mut k: Vec<&str> = COMMON_KEYS
        .iter()
        .chain(WIDGET_KEYS.iter())
        .copied()
        .collect();
    k.extend(["webhook_url", "inbox_identifier", "additional_attributes"]);
    if admin {
        k.extend(["hmac_token", "secret"]);
    }
    k
}

/// The agent JSON (`_agent.json.jbuilder`) keys.
pub const AGENT_KEYS: [&str; 11] = [
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
];

/// Creates an inbox through the API as the account's administrator.
pub async fn create(app: &TestApp, acct: &TestAccount, body: Value) -> Value {
    let res = app
        .post(&acct.path("/inboxes"))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await;
    res.assert_status(200);
    res.json.clone()
}

pub async fn widget(app: &TestApp, acct: &TestAccount, name: &str) -> Value {
    create(
        app,
        acct,
        json!({"name": name, "channel": {"type": "web_widget", "website_url": "https://acme.test"}}),
    )
    .await
}

pub async fn api(app: &TestApp, acct: &TestAccount, name: &str) -> Value {
    create(
        app,
        acct,
        json!({"name": name, "channel": {"type": "api", "webhook_url": "https://hooks.acme.test/in"}}),
    )
    .await
}

pub fn id(v: &Value) -> i64 {
    v["id"].as_i64().expect("an id")
}

/// Reads the inbox back as the administrator.
pub async fn reread(app: &TestApp, acct: &TestAccount, inbox_id: i64) -> Value {
    let res = app
        .get(&acct.path(&format!("/inboxes/{inbox_id}")))
        .as_user(&acct.admin)
        .send()
        .await;
    res.assert_status(200);
    res.json.clone()
}

/// Forgets the dashboard's cache keys, so a later change shows as a new inbox key.
pub async fn reset_cache_keys(app: &TestApp, acct: &TestAccount) {
    use store::Exec;
    let q = store::Sql::new("UPDATE accounts SET internal_attributes = $2 WHERE id = $1")
        .bind(acct.id)
        .bind(json!({}));
    app.app.db.execute(q).await.unwrap();
    assert_eq!(inbox_cache_key(app, acct).await, "0000000000");
}

/// The dashboard's cache key for inboxes.
pub async fn inbox_cache_key(app: &TestApp, acct: &TestAccount) -> Value {
    let res = app
        .get(&format!("/api/v1/accounts/{}/cache_keys", acct.id))
        .as_user(&acct.admin)
        .send()
        .await;
    res.json["cache_keys"]["inbox"].clone()
}

/// A help-center portal of the account (the portals API is another area's).
pub async fn portal(app: &TestApp, account_id: i64, slug: &str) -> i64 {
    use store::Exec;
    let q = store::Sql::new(
        "INSERT INTO portals (account_id, name, slug, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(account_id)
    .bind(format!("Portal {slug}"))
    .bind(slug)
    .bind(domain::time::now());
    let tx = app.app.db.begin().await.unwrap();
    let id = tx.scalar::<i64>(q).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// One number from SQL written by the test.
pub async fn scalar(app: &TestApp, sql: &'static str, arg: i64) -> i64 {
    use store::Exec;
    app.app
        .db
        .scalar::<i64>(store::Sql::new(sql).bind(arg))
        .await
        .unwrap()
}

/// A member agent of the inbox.
pub async fn member(app: &TestApp, acct: &TestAccount, inbox_id: i64) -> TestUser {
    let agent = app.agent(acct).await;
    app.add_inbox_member(inbox_id, &agent).await;
    agent
}
