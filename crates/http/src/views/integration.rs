//! `api/v1/models/_app.json.jbuilder` and `api/v1/models/_hook.json.jbuilder`.

use app::integrations::AppEntry;
use domain::integration_apps::HookType;
use serde::Serialize;
use serde_json::{Map, Value};
use store::integrations_hooks::Hook;

#[derive(Serialize)]
pub struct HookInbox {
    pub id: i64,
    pub name: Option<String>,
}

#[derive(Serialize)]
pub struct HookView {
    pub id: i64,
    pub app_id: Option<String>,
    /// `enabled?`.
    pub status: bool,
    /// `inbox&.slice(:id, :name)`: null for account hooks.
    pub inbox: Option<HookInbox>,
    pub account_id: Option<i64>,
    pub hook_type: &'static str,
    /// Administrators only (they may hold API keys).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub settings: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reference_id: Option<Option<String>>,
}

impl HookView {
    pub fn new(h: &Hook, is_admin: bool) -> Self {
        HookView {
            id: h.id,
            app_id: h.app_id.clone(),
            status: h.status == Some(1),
            inbox: h.inbox_id.map(|id| HookInbox {
                id,
                name: h.inbox_name.clone(),
            }),
            account_id: h.account_id,
            hook_type: HookType::from_i32(h.hook_type.unwrap_or(0)).as_str(),
            settings: is_admin.then(|| {
                h.settings
                    .as_ref()
                    .map(|j| j.0.clone())
                    .unwrap_or(Value::Null)
            }),
            reference_id: is_admin.then(|| h.reference_id.clone()),
        }
    }
}

/// An app: its texts and `enabled` for everyone; administrators also get every apps.yml key,
/// `action` and `button`.
pub fn app_view(entry: &AppEntry, is_admin: bool) -> Value {
    let app = entry.app;
    let mut m = Map::new();
    m.insert("id".into(), Value::from(app.id()));
    m.insert("name".into(), Value::from(app.name));
    m.insert("description".into(), Value::from(app.description));
    // Upstream renders `short_description.presence`; webhooks and dashboard apps have none.
    m.insert(
        "short_description".into(),
        app.short_description
            .map(Value::from)
            .unwrap_or(Value::Null),
    );
    m.insert("enabled".into(), Value::Bool(entry.enabled));
    if is_admin {
        for (k, v) in &app.params {
            m.insert(k.clone(), v.clone());
        }
        let action = app.action().map(Value::from).unwrap_or(Value::Null);
        m.insert("action".into(), action.clone());
        m.insert("button".into(), action);
    }
    let hooks = entry
        .hooks
        .iter()
        .map(|h| serde_json::to_value(HookView::new(h, is_admin)).unwrap_or(Value::Null))
        .collect();
    m.insert("hooks".into(), Value::Array(hooks));
    Value::Object(m)
}
