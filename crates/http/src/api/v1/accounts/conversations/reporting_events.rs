//! `ConversationsController#reporting_events` (Enterprise concern): the conversation's
//! reporting events, oldest first, as a bare array.

use super::viewer;
use crate::error::ApiResult;
use crate::extract::{AccountScope, Path};
use crate::state::AppState;
use crate::views::reporting_event::reporting_event;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;

pub fn routes() -> Router<AppState> {
    Router::new().route("/conversations/{id}/reporting_events", get(index))
}

async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let list = app::reporting_events::for_conversation(
        &state.app.db,
        scope.account_id(),
        id,
        viewer(&scope),
    )
    .await?;
    Ok(Json(Value::Array(
        list.iter().map(reporting_event).collect(),
    )))
}
