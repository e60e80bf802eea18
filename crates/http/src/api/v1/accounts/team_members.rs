//! `app/controllers/api/v1/accounts/team_members_controller.rb`: `user_ids[]` in, agents out.
//! Listing is open to every member; writes are for administrators (TeamMemberPolicy).

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Audit, Params, Path};
use crate::state::AppState;
use crate::views::agent::AgentView;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde_json::Value;
use store::users::User;

/// Routes under `/api/v1/accounts/{account_id}`; upstream routes PATCH but not PUT here.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/teams/{id}/team_members",
        get(index).post(create).patch(update).delete(destroy),
    )
}

/// `params[:user_ids]`: each id a number or a numeric string; anything else stands for an id
/// no user has (Ruby's `to_i` makes it 0), which the use case refuses as upstream does.
fn user_ids(params: &Params) -> ApiResult<Vec<Option<i64>>> {
    match params.get("user_ids") {
        Some(Value::Array(items)) => Ok(items
            .iter()
            .map(|v| match v {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .collect()),
        _ => Err(ApiError::param_missing("user_ids")),
    }
}

/// Fetches the team (404), then applies TeamMemberPolicy for writes (401).
async fn authorize(
    state: &AppState,
    scope: &AccountScope,
    team_id: i64,
    write: bool,
) -> ApiResult<()> {
    app::teams::require_team(&state.app.db, scope.account_id(), team_id).await?;
    if write {
        scope.require_admin()?;
    }
    Ok(())
}

async fn agents(
    state: &AppState,
    scope: &AccountScope,
    users: &[User],
) -> ApiResult<Vec<AgentView>> {
    let members = store::account_users::list_for_account(&state.app.db, scope.account_id()).await?;
    Ok(AgentView::list(users, &members, &state.app.presence))
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, team_id)): Path<(i64, i64)>,
) -> ApiResult<Json<Vec<AgentView>>> {
    authorize(&state, &scope, team_id, false).await?;
    let users = app::teams::members(&state.app.db, scope.account_id(), team_id).await?;
    Ok(Json(agents(&state, &scope, &users).await?))
}

/// Answers only the users newly added.
pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, team_id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Vec<AgentView>>> {
    authorize(&state, &scope, team_id, true).await?;
    let ids = user_ids(&params)?;
    let users =
        app::teams::add_members(&state.app.db, &actor, scope.account_id(), team_id, &ids).await?;
    Ok(Json(agents(&state, &scope, &users).await?))
}

/// Replaces the members; answers all of them.
pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, team_id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<Vec<AgentView>>> {
    authorize(&state, &scope, team_id, true).await?;
    let ids = user_ids(&params)?;
    let users =
        app::teams::replace_members(&state.app.db, &actor, scope.account_id(), team_id, &ids)
            .await?;
    Ok(Json(agents(&state, &scope, &users).await?))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, team_id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<StatusCode> {
    authorize(&state, &scope, team_id, true).await?;
    let ids = user_ids(&params)?;
    app::teams::remove_members(&state.app.db, &actor, scope.account_id(), team_id, &ids).await?;
    Ok(StatusCode::OK)
}
