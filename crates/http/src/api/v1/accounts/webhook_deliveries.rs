//! Webhook deliveries (a Switchboard extension: Chatwoot keeps no record of what it sent).
//! Administrators only, like the webhooks themselves (`WebhookPolicy`): the index shows each
//! delivery's state, newest first, and `resend` queues a finished one again.

use crate::error::ApiResult;
use crate::extract::{AdminScope, Path, Query};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::time::unix;
use serde::Deserialize;
use serde_json::{json, Value};
use store::webhook_deliveries::WebhookDelivery;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks/{id}/deliveries", get(index))
        .route(
            "/webhooks/{id}/deliveries/{delivery_id}/resend",
            post(resend),
        )
}

#[derive(Deserialize, Default)]
struct PageQuery {
    page: Option<String>,
}

/// Times as Unix seconds, as the webhook and inbox views render theirs.
fn view(d: &WebhookDelivery) -> Value {
    json!({
        "id": d.id,
        "webhook_id": d.webhook_id,
        "delivery_uuid": d.uuid,
        "event": d.event_name,
        "status": d.status,
        "attempts": d.attempts,
        "last_status": d.last_status,
        "last_error": d.last_error,
        "payload": d.payload.0,
        "created_at": unix(d.created_at),
        "updated_at": unix(d.updated_at),
        "delivered_at": d.delivered_at.map(unix),
        "failed_at": d.failed_at.map(unix),
    })
}

async fn index(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Value>> {
    // Kaminari-like: a missing or non-numeric page is page 1.
    let page = q
        .page
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(1_000_000);
    let list = app::deliveries::list(&state.app.db, scope.account_id(), id, page).await?;
    Ok(Json(json!({
        "payload": list.iter().map(view).collect::<Vec<_>>(),
        "meta": { "page": page, "per_page": app::deliveries::PER_PAGE },
    })))
}

async fn resend(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id, delivery_id)): Path<(i64, i64, i64)>,
) -> ApiResult<Json<Value>> {
    let d = app::deliveries::resend(&state.app.db, scope.account_id(), id, delivery_id).await?;
    Ok(Json(json!({ "payload": view(&d) })))
}
