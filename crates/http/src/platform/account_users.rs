//! `app/controllers/platform/api/v1/account_users_controller.rb`: every action needs the app's
//! grant on the account; the users themselves need none.

use super::support::{authorize, platform_error, record_id};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Audit, Params, PlatformAuth, Query};
use crate::forms;
use crate::state::AppState;
use crate::views::platform::AccountUserJson;
use app::platform::ACCOUNT;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use domain::enums::Role;
use domain::ValidationErrors;
use serde::Deserialize;

/// Routes under `/platform/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new().route(
        "/accounts/{account_id}/account_users",
        get(index).post(create).delete(destroy),
    )
}

/// `params.permit(:user_id, :role)`.
#[derive(Deserialize, Default)]
pub struct AccountUserForm {
    #[serde(default, deserialize_with = "forms::int_like")]
    user_id: Option<i64>,
    #[serde(default, deserialize_with = "forms::string_like")]
    role: Option<String>,
}

/// `set_resource` (`Account.find(params[:account_id])`) + the grant check.
async fn permitted_account_id(
    state: &AppState,
    app: &store::platform_apps::PlatformApp,
    raw_id: &str,
) -> ApiResult<i64> {
    let id = record_id(raw_id)?;
    store::accounts::find(&state.app.db, id)
        .await?
        .ok_or(ApiError::RoutingNotFound)?;
    authorize(state, app, ACCOUNT, id).await?;
    Ok(id)
}

/// `render json: @resource.account_users`.
pub async fn index(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(account_id): Path<String>,
) -> ApiResult<Json<Vec<AccountUserJson>>> {
    let account_id = permitted_account_id(&state, &app, &account_id).await?;
    let records = store::account_users::list_records_for_account(&state.app.db, account_id).await?;
    Ok(Json(records.iter().map(AccountUserJson::new).collect()))
}

/// Adds the user to the account, or changes the role of a member.
pub async fn create(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Audit(actor): Audit,
    Path(account_id): Path<String>,
    params: Params,
) -> ApiResult<Json<AccountUserJson>> {
    let account_id = permitted_account_id(&state, &app, &account_id).await?;
    let form: AccountUserForm = params.parse_flat()?;
    // Upstream raises ArgumentError (a 500) for a role that is not an enum value.
    let role = match form.role.as_deref() {
        None | Some("") => None,
        Some(r) => Some(Role::parse(r).ok_or_else(|| {
            ApiError::Invalid(ValidationErrors::single(
                "role",
                "is not included in the list",
            ))
        })?),
    };
    let record = app::platform::accounts::upsert_member(
        &state.app.db,
        &actor,
        account_id,
        form.user_id,
        role,
    )
    .await
    .map_err(platform_error)?;
    Ok(Json(AccountUserJson::new(&record)))
}

/// `find_by(user_id: params[:user_id])&.destroy!; head :ok`: 200 whether or not it was a member.
/// Rails merges query and body params; so do we.
pub async fn destroy(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Audit(actor): Audit,
    Path(account_id): Path<String>,
    Query(query): Query<AccountUserForm>,
    params: Params,
) -> ApiResult<StatusCode> {
    let account_id = permitted_account_id(&state, &app, &account_id).await?;
    let form: AccountUserForm = params.parse_flat()?;
    if let Some(user_id) = form.user_id.or(query.user_id) {
        app::platform::accounts::remove_member(&state.app.db, &actor, account_id, user_id)
            .await
            .map_err(platform_error)?;
    }
    Ok(StatusCode::OK)
}
