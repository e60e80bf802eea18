//! `app/controllers/api/v1/accounts/integrations/hooks_controller.rb`. `fetch_hook` runs
//! before `HookPolicy`, so an agent gets a 404 for an unknown hook and a 401 for a real one.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, AdminScope, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::integration::HookView;
use app::integrations::HookParams;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{patch, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/integrations/hooks", post(create))
        .route(
            "/integrations/hooks/{id}",
            patch(update).put(update).delete(destroy),
        )
}

/// `params.require(:hook).permit(:app_id, :inbox_id, :status, settings: {})`.
#[derive(Deserialize)]
struct HookForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    app_id: Option<String>,
    #[serde(default, deserialize_with = "forms::int_like")]
    inbox_id: Option<i64>,
    #[serde(default)]
    status: Option<Value>,
    #[serde(default, deserialize_with = "forms::nullable")]
    settings: Option<Option<Value>>,
}

fn hook_params(params: &Params) -> ApiResult<HookParams> {
    let f: HookForm = crate::extract::params::parse_map(params.require("hook")?)?;
    Ok(HookParams {
        app_id: f.app_id,
        inbox_id: f.inbox_id,
        status: f.status,
        settings: f.settings.map(|v| v.unwrap_or(Value::Null)),
    })
}

/// `fetch_hook` then `authorize(:hook)`.
async fn hook_then_admin(state: &AppState, scope: &AccountScope, id: i64) -> ApiResult<()> {
    store::integrations_hooks::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    scope.require_admin()
}

pub async fn create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    params: Params,
) -> ApiResult<Json<HookView>> {
    let p = hook_params(&params)?;
    let hook = app::integrations::create_hook(&state.app.db, &scope.account, p).await?;
    Ok(Json(HookView::new(&hook, true)))
}

/// Only `status` and `settings` change (`permitted_params.slice(:status, :settings)`).
pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<HookView>> {
    hook_then_admin(&state, &scope, id).await?;
    let p = hook_params(&params)?;
    let changes = HookParams {
        status: p.status,
        settings: p.settings,
        ..Default::default()
    };
    let hook = app::integrations::update_hook(&state.app.db, &scope.account, id, changes).await?;
    Ok(Json(HookView::new(&hook, true)))
}

/// `head :ok`.
pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    hook_then_admin(&state, &scope, id).await?;
    app::integrations::destroy_hook(&state.app.db, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}
