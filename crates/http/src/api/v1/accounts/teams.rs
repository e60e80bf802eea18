//! `app/controllers/api/v1/accounts/teams_controller.rb`. Reading is open to every member;
//! writes are for administrators (TeamPolicy).

use crate::error::ApiResult;
use crate::extract::{AccountScope, AdminScope, Audit, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::team::TeamView;
use app::teams::TeamChanges;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/teams", get(index).post(create))
        .route(
            "/teams/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize)]
struct TeamForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    name: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    allow_auto_assign: Option<bool>,
}

impl From<TeamForm> for TeamChanges {
    fn from(f: TeamForm) -> Self {
        TeamChanges {
            name: f.name,
            description: f.description,
            allow_auto_assign: f.allow_auto_assign,
        }
    }
}

/// The team as the caller sees it (`is_member` is about the caller).
async fn view(
    state: &AppState,
    scope: &AccountScope,
    team: &store::teams::Team,
) -> ApiResult<TeamView> {
    let mine =
        store::teams::ids_with_member(&state.app.db, scope.account_id(), scope.user.id).await?;
    Ok(TeamView::new(team, mine.contains(&team.id)))
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
) -> ApiResult<Json<Vec<TeamView>>> {
    let db = &state.app.db;
    let teams = store::teams::list(db, scope.account_id()).await?;
    let mine = store::teams::ids_with_member(db, scope.account_id(), scope.user.id).await?;
    Ok(Json(
        teams
            .iter()
            .map(|t| TeamView::new(t, mine.contains(&t.id)))
            .collect(),
    ))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<TeamView>> {
    let team = app::teams::require_team(&state.app.db, scope.account_id(), id).await?;
    Ok(Json(view(&state, &scope, &team).await?))
}

pub async fn create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<TeamView>> {
    let form: TeamForm = crate::extract::params::parse_map(params.require("team")?)?;
    let team = app::teams::create(&state.app.db, &actor, scope.account_id(), form.into()).await?;
    Ok(Json(view(&state, &scope, &team).await?))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<TeamView>> {
    // `fetch_team` runs before `check_authorization`.
    app::teams::require_team(&state.app.db, scope.account_id(), id).await?;
    scope.require_admin()?;
    let form: TeamForm = crate::extract::params::parse_map(params.require("team")?)?;
    let team =
        app::teams::update(&state.app.db, &actor, scope.account_id(), id, form.into()).await?;
    Ok(Json(view(&state, &scope, &team).await?))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::teams::require_team(&state.app.db, scope.account_id(), id).await?;
    scope.require_admin()?;
    app::teams::destroy(&state.app.db, &actor, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}
