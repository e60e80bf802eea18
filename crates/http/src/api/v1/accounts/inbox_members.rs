//! `app/controllers/api/v1/accounts/inbox_members_controller.rb`. The inbox is found first
//! (404, also for a missing `inbox_id`), then `InboxPolicy` decides: `show?` for the list,
//! administrators for changes.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Audit, Params, Path};
use crate::state::AppState;
use crate::views::agent::AgentView;
use app::inboxes::members::UserRef;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{json, Value};
use store::inboxes::Inbox;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbox_members", post(create).patch(update).delete(destroy))
        .route("/inbox_members/{inbox_id}", get(show))
}

/// An id as Rails reads one from params: a number or a numeric string.
fn id_of(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// `Current.account.inboxes.find(params[:inbox_id])`.
async fn body_inbox(state: &AppState, scope: &AccountScope, params: &Params) -> ApiResult<Inbox> {
    let id = params
        .get("inbox_id")
        .and_then(id_of)
        .ok_or_else(ApiError::not_found)?;
    store::inboxes::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// `params[:user_ids]`: entries that are no id stay as `None` ("User must exist" on add).
fn user_ids(params: &Params) -> Option<Vec<UserRef>> {
    match params.get("user_ids") {
        Some(Value::Array(items)) => Some(items.iter().map(id_of).collect()),
        _ => None,
    }
}

/// `fetch_updated_agents`: the account's users who are members, as `{"payload": [...]}`.
async fn payload(state: &AppState, scope: &AccountScope, inbox_id: i64) -> ApiResult<Json<Value>> {
    let agents =
        store::inbox_members::agents(&state.app.db, scope.account_id(), inbox_id, false).await?;
    let payload: Vec<AgentView> = agents
        .iter()
        .map(|a| AgentView::of_agent(a, scope.account_id(), &state.app.presence))
        .collect();
    Ok(Json(json!({ "payload": payload })))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, inbox_id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let inbox = app::inboxes::find_for(
        &state.app.db,
        scope.account_id(),
        inbox_id,
        scope.user.id,
        scope.role(),
    )
    .await?;
    payload(&state, &scope, inbox.id).await
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<Value>> {
    let inbox = body_inbox(&state, &scope, &params).await?;
    scope.require_admin()?;
    let ids = user_ids(&params).ok_or_else(|| ApiError::param_missing("user_ids"))?;
    app::inboxes::members::add_members(&state.app.db, &actor, scope.account_id(), inbox.id, &ids)
        .await?;
    payload(&state, &scope, inbox.id).await
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<Value>> {
    let inbox = body_inbox(&state, &scope, &params).await?;
    scope.require_admin()?;
    let ids = user_ids(&params).ok_or_else(|| ApiError::param_missing("user_ids"))?;
    app::inboxes::members::replace_members(
        &state.app.db,
        &actor,
        scope.account_id(),
        inbox.id,
        &ids,
    )
    .await?;
    payload(&state, &scope, inbox.id).await
}

/// Ids that are not members (or not ids at all) are ignored, as upstream's `where` ignores them.
pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<StatusCode> {
    let inbox = body_inbox(&state, &scope, &params).await?;
    scope.require_admin()?;
    let ids = user_ids(&params).unwrap_or_default();
    app::inboxes::members::remove_members(
        &state.app.db,
        &actor,
        scope.account_id(),
        inbox.id,
        &ids,
    )
    .await?;
    Ok(StatusCode::OK)
}
