//! `app/controllers/api/v1/accounts/dashboard_apps_controller.rb`: no policy, so every member
//! of the account may list, create, change and delete its dashboard apps.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::dashboard_app::DashboardAppView;
use app::dashboard_apps::DashboardAppParams;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::Value;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/dashboard_apps", get(index).post(create))
        .route(
            "/dashboard_apps/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

/// `params.require(:dashboard_app).permit(:title, content: [:url, :type])`.
#[derive(Deserialize)]
struct DashboardAppForm {
    #[serde(default, deserialize_with = "forms::nullable_string")]
    title: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    content: Option<Option<Value>>,
}

fn form(params: &Params) -> ApiResult<DashboardAppParams> {
    let f: DashboardAppForm = crate::extract::params::parse_map(params.require("dashboard_app")?)?;
    Ok(DashboardAppParams {
        title: f.title,
        content: f.content.map(|v| v.unwrap_or(Value::Null)),
    })
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
) -> ApiResult<Json<Vec<DashboardAppView>>> {
    let apps = store::dashboard_apps::list(&state.app.db, scope.account_id()).await?;
    Ok(Json(apps.iter().map(DashboardAppView::new).collect()))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<DashboardAppView>> {
    let app = store::dashboard_apps::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(DashboardAppView::new(&app)))
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    params: Params,
) -> ApiResult<Json<DashboardAppView>> {
    let p = form(&params)?;
    let app =
        app::dashboard_apps::create(&state.app.db, scope.account_id(), scope.user.id, p).await?;
    Ok(Json(DashboardAppView::new(&app)))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<DashboardAppView>> {
    // `fetch_dashboard_app` runs before `params.require`.
    store::dashboard_apps::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let p = form(&params)?;
    let app = app::dashboard_apps::update(&state.app.db, scope.account_id(), id, p).await?;
    Ok(Json(DashboardAppView::new(&app)))
}

/// `head :no_content`.
pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::dashboard_apps::destroy(&state.app.db, scope.account_id(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
