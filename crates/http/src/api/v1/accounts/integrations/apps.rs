//! `app/controllers/api/v1/accounts/integrations/apps_controller.rb`: any member may read the
//! catalogue; administrators see each app's full configuration and its hooks' settings.

use crate::error::ApiResult;
use crate::extract::{AccountScope, Path};
use crate::state::AppState;
use crate::views::integration::app_view;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/integrations/apps", get(index))
        .route("/integrations/apps/{id}", get(show))
}

pub async fn index(State(state): State<AppState>, scope: AccountScope) -> ApiResult<Json<Value>> {
    let apps = app::integrations::list_apps(&state.app.db, &scope.account).await?;
    let admin = scope.is_admin();
    let payload: Vec<Value> = apps.iter().map(|a| app_view(a, admin)).collect();
    Ok(Json(json!({ "payload": payload })))
}

/// An unknown id is a 404 (upstream renders a nil app and fails with a 500).
pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, String)>,
) -> ApiResult<Json<Value>> {
    let entry = app::integrations::find_app(&state.app.db, &scope.account, &id).await?;
    Ok(Json(app_view(&entry, scope.is_admin())))
}
