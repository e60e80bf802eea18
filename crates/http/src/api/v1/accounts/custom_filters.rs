//! `app/controllers/api/v1/accounts/custom_filters_controller.rb`: each member's own saved
//! filters; another user's filter is a 404.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path, Query};
use crate::forms;
use crate::state::AppState;
use crate::views::custom_filter::CustomFilterView as View;
use app::custom_filters::FilterChanges;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use domain::enums::FilterType;
use serde::Deserialize;
use serde_json::Value;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/custom_filters", get(index).post(create))
        .route(
            "/custom_filters/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    filter_type: Option<String>,
}

/// The caller's filters of `?filter_type=` (default conversation); an unknown type matches none.
pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Vec<View>>> {
    let filter_type = match q.filter_type.as_deref().map(str::trim) {
        None => FilterType::Conversation,
        Some(text) => match FilterType::parse(text) {
            Some(t) => t,
            None => return Ok(Json(Vec::new())),
        },
    };
    let filters = store::custom_filters::list(
        &state.app.db,
        scope.account_id(),
        scope.user.id,
        filter_type.as_i32(),
    )
    .await?;
    Ok(Json(filters.iter().map(View::from).collect()))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<View>> {
    let f = store::custom_filters::find(&state.app.db, scope.account_id(), scope.user.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok(Json(View::from(&f)))
}

#[derive(Deserialize)]
struct FilterForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    name: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    filter_type: Option<String>,
    #[serde(default)]
    query: Option<Value>,
}

fn changes(params: &Params) -> ApiResult<FilterChanges> {
    let f: FilterForm = crate::extract::params::parse_map(params.require("custom_filter")?)?;
    Ok(FilterChanges {
        name: f.name,
        filter_type: f.filter_type,
        query: f.query,
    })
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    params: Params,
) -> ApiResult<Json<View>> {
    let f = app::custom_filters::create(
        &state.app.db,
        scope.account_id(),
        scope.user.id,
        changes(&params)?,
    )
    .await?;
    Ok(Json(View::from(&f)))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<View>> {
    let db = &state.app.db;
    store::custom_filters::find(db, scope.account_id(), scope.user.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let f =
        app::custom_filters::update(db, scope.account_id(), scope.user.id, id, changes(&params)?)
            .await?;
    Ok(Json(View::from(&f)))
}

/// 204 No Content.
pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::custom_filters::destroy(&state.app.db, scope.account_id(), scope.user.id, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
