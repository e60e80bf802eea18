//! Deliveries (a Switchboard extension: Chatwoot keeps no record of what it sent), for each
//! kind of receiver: an account webhook, an API inbox's webhook URL, an agent bot's outgoing
//! URL. Administrators only, like the webhooks themselves (`WebhookPolicy`): the index shows
//! each delivery's state, newest first, and `resend` queues a finished one again.

use crate::error::ApiResult;
use crate::extract::{AdminScope, Path, Query};
use crate::state::AppState;
use app::deliveries::Target;
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
        .route("/inboxes/{id}/webhook_deliveries", get(inbox_index))
        .route(
            "/inboxes/{id}/webhook_deliveries/{delivery_id}/resend",
            post(inbox_resend),
        )
        .route("/agent_bots/{id}/deliveries", get(bot_index))
        .route(
            "/agent_bots/{id}/deliveries/{delivery_id}/resend",
            post(bot_resend),
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
        "webhook_type": d.webhook_type,
        "webhook_id": d.webhook_id,
        "inbox_id": d.inbox_id,
        "agent_bot_id": d.agent_bot_id,
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

async fn list(
    state: &AppState,
    account_id: i64,
    target: Target,
    q: PageQuery,
) -> ApiResult<Json<Value>> {
    // Kaminari-like: a missing or non-numeric page is page 1.
    let page = q
        .page
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(1_000_000);
    let list = app::deliveries::list(&state.app.db, account_id, target, page).await?;
    Ok(Json(json!({
        "payload": list.iter().map(view).collect::<Vec<_>>(),
        "meta": { "page": page, "per_page": app::deliveries::PER_PAGE },
    })))
}

async fn send_again(
    state: &AppState,
    account_id: i64,
    target: Target,
    delivery_id: i64,
) -> ApiResult<Json<Value>> {
    let d = app::deliveries::resend(&state.app, account_id, target, delivery_id).await?;
    Ok(Json(json!({ "payload": view(&d) })))
}

async fn index(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Value>> {
    list(&state, scope.account_id(), Target::Webhook(id), q).await
}

async fn resend(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id, delivery_id)): Path<(i64, i64, i64)>,
) -> ApiResult<Json<Value>> {
    send_again(&state, scope.account_id(), Target::Webhook(id), delivery_id).await
}

/// An API inbox's deliveries to its channel's webhook URL.
async fn inbox_index(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Value>> {
    list(&state, scope.account_id(), Target::ApiInbox(id), q).await
}

async fn inbox_resend(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id, delivery_id)): Path<(i64, i64, i64)>,
) -> ApiResult<Json<Value>> {
    send_again(
        &state,
        scope.account_id(),
        Target::ApiInbox(id),
        delivery_id,
    )
    .await
}

/// An agent bot's deliveries to its outgoing URL, for this account's conversations.
async fn bot_index(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Value>> {
    list(&state, scope.account_id(), Target::AgentBot(id), q).await
}

async fn bot_resend(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Path((_account_id, id, delivery_id)): Path<(i64, i64, i64)>,
) -> ApiResult<Json<Value>> {
    send_again(
        &state,
        scope.account_id(),
        Target::AgentBot(id),
        delivery_id,
    )
    .await
}
