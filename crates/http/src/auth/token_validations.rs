//! `devise_overrides/token_validations_controller.rb`: `GET /auth/validate_token`.

use crate::error::{ApiError, ApiResult};
use crate::extract::DeviseSession;
use crate::state::AppState;
use crate::views::user::UserView;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use serde_json::{json, Value};

pub async fn validate_token(
    State(state): State<AppState>,
    DeviseSession(user): DeviseSession,
) -> ApiResult<Json<Value>> {
    let user = user.ok_or_else(|| {
        ApiError::DeviseFailure(
            StatusCode::UNAUTHORIZED,
            vec!["Invalid login credentials".to_string()],
        )
    })?;
    let mut data = serde_json::to_value(UserView::load(&state.app, &user).await?)
        .map_err(|e| ApiError::Internal(e.to_string()))?;
    // devise/token.json.jbuilder adds created_at to the same `data` object.
    data["created_at"] = json!(domain::time::iso(user.created_at));
    Ok(Json(
        json!({ "payload": { "success": true, "data": data } }),
    ))
}
