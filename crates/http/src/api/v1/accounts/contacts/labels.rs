//! `app/controllers/api/v1/accounts/contacts/labels_controller.rb` (`LabelConcern`): a
//! contact's labels as `{"payload": [title, ...]}`; POST replaces the whole set.

use super::string_list;
use crate::error::ApiResult;
use crate::extract::{AccountScope, Params, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new().route("/contacts/{contact_id}/labels", get(index).post(create))
}

async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let labels = app::contacts::labels(&state.app.db, scope.account_id(), contact_id).await?;
    Ok(Json(json!({ "payload": labels })))
}

/// `params.permit(labels: [])`: a missing list clears the labels, as upstream's
/// `update_labels(nil)` does. A single string counts as a list of one.
async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, contact_id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let items = string_list(params.get("labels"), "labels")?;
    let labels =
        app::contacts::set_labels(&state.app, scope.account_id(), contact_id, &items).await?;
    Ok(Json(json!({ "payload": labels })))
}
