//! `app/controllers/api/v1/accounts/actions/contact_merges_controller.rb`: merges
//! `mergee_contact_id` into `base_contact_id` (any member; no policy upstream) and answers the
//! base contact, bare and without contact inboxes.

use crate::api::v1::accounts::contacts::id_param;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params};
use crate::state::AppState;
use crate::views::contact::{self as view, ContactView};
use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};

pub fn routes() -> Router<AppState> {
    Router::new().route("/actions/contact_merge", post(create))
}

async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    params: Params,
) -> ApiResult<Json<ContactView>> {
    let flat = params.wrapped("contact_merge");
    let base = id_param(flat.get("base_contact_id"))?.ok_or_else(ApiError::not_found)?;
    let mergee = id_param(flat.get("mergee_contact_id"))?.ok_or_else(ApiError::not_found)?;
    let contact = app::contact_merge::merge(&state.app, scope.account_id(), base, mergee).await?;
    Ok(Json(view::contact(&state.app, &contact, false).await?))
}
