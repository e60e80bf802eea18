//! `api/v1/models/_account.json.jbuilder` (+ `accounts/show`'s `latest_chatwoot_version`).

use domain::enums::{enabled_features, locale_code, AccountStatus};
use domain::time::iso;
use serde::Serialize;
use serde_json::{Map, Value};
use store::accounts::Account;

#[derive(Serialize)]
pub struct AccountView {
    pub settings: Option<Value>,
    pub created_at: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Map<String, Value>>,
    pub domain: Option<String>,
    pub features: Map<String, Value>,
    pub id: i64,
    pub locale: &'static str,
    pub name: String,
    pub support_email: Option<String>,
    pub status: &'static str,
    pub cache_keys: Map<String, Value>,
    /// Upstream reads it from Redis, where a version check job puts it; there is no such job here.
    pub latest_chatwoot_version: Option<String>,
}

/// The keys upstream copies out of `custom_attributes`, always present when any is set.
const ALWAYS: [&str; 4] = [
    "plan_name",
    "subscribed_quantity",
    "subscription_status",
    "subscription_ends_on",
];
const WHEN_PRESENT: [&str; 7] = [
    "industry",
    "company_size",
    "timezone",
    "logo",
    "onboarding_step",
    "marked_for_deletion_at",
    "marked_for_deletion_reason",
];

fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

impl AccountView {
    pub fn new(a: &Account, cache_keys: Map<String, Value>) -> Self {
        let custom = app::accounts::object(a.custom_attributes.clone());
        let custom_attributes = (!custom.is_empty()).then(|| {
            let mut out = Map::new();
            for key in ALWAYS {
                out.insert(
                    key.to_string(),
                    custom.get(key).cloned().unwrap_or(Value::Null),
                );
            }
            for key in WHEN_PRESENT {
                if let Some(v) = custom.get(key).filter(|v| present(v)) {
                    out.insert(key.to_string(), v.clone());
                }
            }
            out
        });
        AccountView {
            settings: a.settings.as_ref().map(|j| j.0.clone()),
            created_at: iso(a.created_at),
            custom_attributes,
            domain: a.domain.clone(),
            features: enabled_features(a.feature_flags)
                .into_iter()
                .map(|f| (f.to_string(), Value::Bool(true)))
                .collect(),
            id: a.id,
            locale: locale_code(a.locale.unwrap_or(0)),
            name: a.name.clone(),
            support_email: a.support_email.clone(),
            status: AccountStatus::from_i32(a.status.unwrap_or(0))
                .unwrap_or(AccountStatus::Active)
                .as_str(),
            cache_keys,
            latest_chatwoot_version: None,
        }
    }
}
