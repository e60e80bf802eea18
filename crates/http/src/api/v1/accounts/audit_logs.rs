//! `enterprise/app/controllers/api/v1/accounts/audit_logs_controller.rb`: the account's audit
//! trail, newest first, 15 a page. Upstream serves it only with the `audit_logs` feature, an
//! Enterprise flag; Switchboard enables that flag for new accounts (domain::enums::FEATURES).

use crate::error::ApiResult;
use crate::extract::{AdminScope, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

const PER_PAGE: i64 = 15;

pub fn routes() -> Router<AppState> {
    Router::new().route("/audit_logs", get(show))
}

#[derive(Deserialize, Default)]
struct PageQuery {
    page: Option<String>,
}

async fn show(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Value>> {
    // Kaminari: a missing or non-numeric page is page 1.
    let page = q
        .page
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(1_000_000);
    let db = &state.app.db;
    let enabled = domain::enums::feature_bit("audit_logs")
        .is_some_and(|bit| scope.account.feature_flags & bit != 0);
    let (entries, total) = if enabled {
        (
            store::audits::page(db, scope.account.id, PER_PAGE, (page - 1) * PER_PAGE).await?,
            store::audits::count(db, scope.account.id).await?,
        )
    } else {
        (Vec::new(), 0)
    };
    let mut logs = Vec::with_capacity(entries.len());
    for a in entries {
        let auditable = match (a.auditable_type.as_deref(), a.auditable_id) {
            (Some(t), Some(id)) => store::audits::push_event_data(db, t, id).await?,
            _ => None,
        };
        logs.push(json!({
            "id": a.id,
            "auditable_id": a.auditable_id,
            "auditable_type": a.auditable_type,
            "auditable": auditable,
            "associated_id": a.associated_id,
            "associated_type": a.associated_type,
            "user_id": a.user_id,
            "user_type": a.user_type,
            "username": a.username,
            "action": a.action,
            "audited_changes": a.audited_changes.map(|j| j.0),
            "version": a.version,
            "comment": a.comment,
            "request_uuid": a.request_uuid,
            "created_at": a.created_at.map(domain::time::unix),
            "remote_address": a.remote_address,
        }));
    }
    Ok(Json(
        json!({ "per_page": PER_PAGE, "total_entries": total, "current_page": page, "audit_logs": logs }),
    ))
}
