//! `/api/v1/accounts/{id}/integrations/apps` and `/integrations/hooks`: shared helpers here,
//! the tests in `apps.rs` and `hooks.rs`.

mod apps;
mod hooks;

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

const AGENT_APP_KEYS: &[&str] = &[
    "id",
    "name",
    "description",
    "short_description",
    "enabled",
    "hooks",
];
const ADMIN_HOOK_KEYS: &[&str] = &[
    "id",
    "app_id",
    "status",
    "inbox",
    "account_id",
    "hook_type",
    "settings",
    "reference_id",
];
const AGENT_HOOK_KEYS: &[&str] = &["id", "app_id", "status", "inbox", "account_id", "hook_type"];

fn openai(api_key: &str) -> Value {
    json!({"app_id": "openai", "settings": {"api_key": api_key, "label_suggestion": true}})
}

fn dialogflow(inbox: i64) -> Value {
    json!({"hook": {"app_id": "dialogflow", "inbox_id": inbox,
                    "settings": {"project_id": "xx", "credentials": {"type": "service_account"}, "region": "europe-west1"}}})
}

async fn create_hook(app: &TestApp, acct: &TestAccount, body: Value) -> Value {
    let res = app
        .post(&acct.path("/integrations/hooks"))
        .as_user(&acct.admin)
        .json(body)
        .send()
        .await;
    res.assert_status(200);
    res.json
}

fn find<'a>(payload: &'a Value, id: &str) -> &'a Value {
    payload["payload"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["id"] == id)
        .unwrap_or_else(|| panic!("{id} not listed"))
}

async fn enable_feature(app: &TestApp, account_id: i64, feature: &str) {
    let mut account = store::accounts::find(&app.app.db, account_id)
        .await
        .unwrap()
        .unwrap();
    account.feature_flags |= domain::enums::feature_bit(feature).unwrap();
    // Writes go through a transaction (SQLite's read pool is read-only).
    let tx = app.app.db.begin().await.unwrap();
    store::accounts::update(&tx, &account, domain::time::now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
}
