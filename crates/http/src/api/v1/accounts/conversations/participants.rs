//! `conversations/participants_controller.rb`: the agents following a conversation, as
//! `_agent` partials. `create` adds and answers the added ones, `update` makes the set exactly
//! `user_ids`, `destroy` removes.

use super::form::id_list;
use super::viewer;
use crate::error::ApiResult;
use crate::extract::{AccountScope, Params, Path};
use crate::state::AppState;
use crate::views::agent::AgentView;
use app::conversations::members::{self, ParticipantChange};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use store::account_users::AccountUser;
use store::users::User;

pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/conversations/{id}/participants",
        get(show)
            .post(create)
            .patch(update)
            .put(update)
            .delete(destroy),
    )
}

fn render(state: &AppState, list: &[(User, AccountUser)]) -> Json<Value> {
    let views: Vec<AgentView> = list
        .iter()
        .map(|(u, au)| AgentView::new(u, au, &state.app.presence))
        .collect();
    Json(serde_json::json!(views))
}

async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
) -> ApiResult<Json<Value>> {
    let list =
        members::list_participants(&state.app.db, scope.account_id(), id, viewer(&scope)).await?;
    Ok(render(&state, &list))
}

async fn change(
    state: &AppState,
    scope: &AccountScope,
    id: i64,
    params: &Params,
    how: ParticipantChange,
) -> ApiResult<Vec<(User, AccountUser)>> {
    let ids = id_list(&params.0, "user_ids")?;
    Ok(members::change_participants(
        &state.app.db,
        scope.account_id(),
        id,
        viewer(scope),
        &ids,
        how,
    )
    .await?)
}

async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let list = change(&state, &scope, id, &params, ParticipantChange::Add).await?;
    Ok(render(&state, &list))
}

async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let list = change(&state, &scope, id, &params, ParticipantChange::Replace).await?;
    Ok(render(&state, &list))
}

async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<StatusCode> {
    change(&state, &scope, id, &params, ParticipantChange::Remove).await?;
    Ok(StatusCode::OK)
}
