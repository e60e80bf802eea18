//! `contacts/conversations_controller.rb`: a contact's 20 most recently active conversations
//! the caller may see (`Conversations::PermissionFilterService`), as `{"payload": [...]}`.

use crate::error::ApiResult;
use crate::extract::{AccountScope, Path};
use crate::state::AppState;
use crate::views::conversation as view;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new().route("/contacts/{id}/conversations", get(index))
}

async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let contact = app::contacts::find(&state.app.db, scope.account_id(), id).await?;
    let member_of = (!scope.is_admin()).then_some(scope.user.id);
    let rows =
        store::conversations::for_contact(&state.app.db, scope.account_id(), contact.id, member_of)
            .await
            .map_err(app::AppError::from)?;
    let payload = view::conversations(&state.app, Some(scope.user.id), &rows).await?;
    Ok(Json(json!({ "payload": payload })))
}
