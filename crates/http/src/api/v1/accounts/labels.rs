//! `app/controllers/api/v1/accounts/labels_controller.rb`. Listing is open to every member;
//! show and writes are for administrators (LabelPolicy).

use crate::error::ApiResult;
use crate::extract::{AccountScope, AdminScope, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::label::LabelView;
use app::labels::LabelChanges;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/labels", get(index).post(create))
        .route(
            "/labels/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize)]
struct LabelForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    title: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    color: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    show_on_sidebar: Option<bool>,
}

fn changes(params: &Params) -> ApiResult<LabelChanges> {
    let f: LabelForm = crate::extract::params::parse_map(params.require("label")?)?;
    Ok(LabelChanges {
        title: f.title,
        description: f.description,
        color: f.color,
        show_on_sidebar: f.show_on_sidebar,
    })
}

/// `{"payload": [...]}`, ordered by title.
pub async fn index(State(state): State<AppState>, scope: AccountScope) -> ApiResult<Json<Value>> {
    let labels = store::labels::list(&state.app.db, scope.account_id()).await?;
    let payload: Vec<LabelView> = labels.iter().map(LabelView::from).collect();
    Ok(Json(json!({ "payload": payload })))
}

/// Loads the label (404) before LabelPolicy's admin check (401), as `fetch_label` runs first.
async fn fetch(state: &AppState, scope: &AccountScope, id: i64) -> ApiResult<store::labels::Label> {
    let label = store::labels::find(&state.app.db, scope.account_id(), id)
        .await?
        .ok_or_else(crate::error::ApiError::not_found)?;
    scope.require_admin()?;
    Ok(label)
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<Json<LabelView>> {
    let label = fetch(&state, &scope, id).await?;
    Ok(Json(LabelView::from(&label)))
}

pub async fn create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    params: Params,
) -> ApiResult<Json<LabelView>> {
    let label = app::labels::create(&state.app.db, scope.account_id(), changes(&params)?).await?;
    Ok(Json(LabelView::from(&label)))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<LabelView>> {
    fetch(&state, &scope, id).await?;
    let label =
        app::labels::update(&state.app.db, scope.account_id(), id, changes(&params)?).await?;
    Ok(Json(LabelView::from(&label)))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    fetch(&state, &scope, id).await?;
    app::labels::destroy(&state.app.db, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}
