//! `app/controllers/platform/api/v1/accounts_controller.rb`.

use super::support::{authorize, platform_error, record_id};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Audit, Params, PlatformAuth};
use crate::forms;
use crate::state::AppState;
use crate::views::platform::AccountView;
use app::platform::accounts::AccountInput;
use app::platform::ACCOUNT;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{Map, Value};
use store::accounts::Account;

/// Routes under `/platform/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/accounts", get(index).post(create))
        .route(
            "/accounts/{account_id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

/// `params.permit(:name, :locale, :domain, :support_email, :status, features: {}, limits: {},
/// custom_attributes: {})`, read from the top level as upstream does.
#[derive(Deserialize)]
struct AccountForm {
    #[serde(default, deserialize_with = "forms::nullable")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    locale: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    domain: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    support_email: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    status: Option<String>,
    #[serde(default)]
    features: Option<Map<String, Value>>,
    #[serde(default)]
    limits: Option<Map<String, Value>>,
    #[serde(default)]
    custom_attributes: Option<Map<String, Value>>,
}

fn input(params: &Params) -> ApiResult<AccountInput> {
    let form: AccountForm = params.parse_flat()?;
    Ok(AccountInput {
        // An explicit null name is a blank one.
        name: form.name.map(Option::unwrap_or_default),
        locale: form.locale,
        domain: form.domain,
        support_email: form.support_email,
        status: form.status,
        features: form.features,
        limits: form.limits,
        custom_attributes: form.custom_attributes,
    })
}

/// `set_resource` + `validate_platform_app_permissible`.
async fn permitted_account(
    state: &AppState,
    app: &store::platform_apps::PlatformApp,
    raw_id: &str,
) -> ApiResult<Account> {
    let id = record_id(raw_id)?;
    let account = store::accounts::find(&state.app.db, id)
        .await?
        .ok_or(ApiError::RoutingNotFound)?;
    authorize(state, app, ACCOUNT, id).await?;
    Ok(account)
}

pub async fn index(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
) -> ApiResult<Json<Vec<AccountView>>> {
    let ids = store::platform_apps::permitted_ids(&state.app.db, app.id, ACCOUNT).await?;
    let accounts = store::accounts::list_by_ids(&state.app.db, &ids).await?;
    Ok(Json(accounts.iter().map(AccountView::new).collect()))
}

pub async fn create(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<AccountView>> {
    let account = app::platform::accounts::create(&state.app.db, &actor, app.id, input(&params)?)
        .await
        .map_err(platform_error)?;
    Ok(Json(AccountView::new(&account)))
}

pub async fn show(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<AccountView>> {
    let account = permitted_account(&state, &app, &id).await?;
    Ok(Json(AccountView::new(&account)))
}

pub async fn update(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Audit(actor): Audit,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<Json<AccountView>> {
    let account = permitted_account(&state, &app, &id).await?;
    let account =
        app::platform::accounts::update(&state.app.db, &actor, account.id, input(&params)?)
            .await
            .map_err(platform_error)?;
    Ok(Json(AccountView::new(&account)))
}

pub async fn destroy(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let account = permitted_account(&state, &app, &id).await?;
    app::platform::accounts::destroy(&state.app.db, account.id)
        .await
        .map_err(platform_error)?;
    Ok(StatusCode::OK)
}
