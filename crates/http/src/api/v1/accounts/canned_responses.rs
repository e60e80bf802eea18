//! `app/controllers/api/v1/accounts/canned_responses_controller.rb`. No policy: any member may
//! read and write. Responses are the records' raw `as_json`.

use crate::error::ApiResult;
use crate::extract::{AccountScope, Params, Path, Query};
use crate::forms;
use crate::state::AppState;
use crate::views::canned_response::CannedResponseView;
use app::canned_responses::CannedResponseChanges;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch};
use axum::{Json, Router};
use serde::Deserialize;

/// Routes under `/api/v1/accounts/{account_id}` (upstream has no show).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/canned_responses", get(index).post(create))
        .route(
            "/canned_responses/{id}",
            patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    #[serde(default)]
    search: Option<String>,
}

/// Every response, or with `?search=` those matching it, best matches first.
pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Vec<CannedResponseView>>> {
    let db = &state.app.db;
    let rows = match q.search {
        Some(term) => store::canned_responses::search(db, scope.account_id(), &term).await?,
        None => store::canned_responses::list(db, scope.account_id()).await?,
    };
    Ok(Json(rows.iter().map(CannedResponseView::from).collect()))
}

#[derive(Deserialize)]
struct CannedResponseForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    short_code: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    content: Option<String>,
}

fn changes(params: &Params) -> ApiResult<CannedResponseChanges> {
    let f: CannedResponseForm =
        crate::extract::params::parse_map(params.require("canned_response")?)?;
    Ok(CannedResponseChanges {
        short_code: f.short_code,
        content: f.content,
    })
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    params: Params,
) -> ApiResult<Json<CannedResponseView>> {
    let cr =
        app::canned_responses::create(&state.app.db, scope.account_id(), changes(&params)?).await?;
    Ok(Json(CannedResponseView::from(&cr)))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<CannedResponseView>> {
    let db = &state.app.db;
    // `fetch_canned_response` runs before the params are read.
    store::canned_responses::find(db, scope.account_id(), id)
        .await?
        .ok_or_else(crate::error::ApiError::not_found)?;
    let cr = app::canned_responses::update(db, scope.account_id(), id, changes(&params)?).await?;
    Ok(Json(CannedResponseView::from(&cr)))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    app::canned_responses::destroy(&state.app.db, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}
