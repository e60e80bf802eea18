//! `api/v1/models/_dashboard_app.json.jbuilder`.

use serde::Serialize;
use serde_json::Value;
use store::dashboard_apps::DashboardApp;

#[derive(Serialize)]
pub struct DashboardAppView {
    pub id: i64,
    pub title: String,
    pub content: Value,
    /// The raw attribute, so ISO-8601.
    pub created_at: String,
}

impl DashboardAppView {
    pub fn new(a: &DashboardApp) -> Self {
        DashboardAppView {
            id: a.id,
            title: a.title.clone(),
            content: a
                .content
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or_else(|| Value::Array(Vec::new())),
            created_at: domain::time::iso(a.created_at),
        }
    }
}
