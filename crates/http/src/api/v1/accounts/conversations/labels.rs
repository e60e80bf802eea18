//! `conversations/labels_controller.rb` (`LabelConcern`): the conversation's labels, and
//! replacing them (`{"labels": [...]}`); both answer `{"payload": [names]}`.

use super::viewer;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path};
use crate::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::{json, Value};

pub fn routes() -> Router<AppState> {
    Router::new().route("/conversations/{id}/labels", get(index).post(create))
}

async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let labels =
        app::conversations::members::labels(&state.app.db, scope.account_id(), id, viewer(&scope))
            .await?;
    Ok(Json(json!({ "payload": labels })))
}

async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let items: Vec<String> = match params.get("labels") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(a)) if a.len() <= 100 => a
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                Value::Number(n) => Ok(n.to_string()),
                _ => Err(ApiError::invalid("labels", "is invalid")),
            })
            .collect::<Result<_, _>>()?,
        Some(Value::String(s)) => vec![s.clone()],
        Some(_) => return Err(ApiError::invalid("labels", "is invalid")),
    };
    let labels = app::conversations::members::set_labels(
        &state.app,
        scope.account_id(),
        id,
        viewer(&scope),
        &items,
    )
    .await?;
    Ok(Json(json!({ "payload": labels })))
}
