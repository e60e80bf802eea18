//! `app/controllers/api/v1/accounts/agents_controller.rb`: the account's users. Listing is open
//! to every member; writes are for administrators (UserPolicy).

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, AdminScope, Audit, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::agent::AgentView;
use app::agents::{AgentChanges, NewAgent};
use app::AppError;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use domain::enums::{Availability, Role};
use serde::Deserialize;
use serde_json::Value;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agents", get(index).post(create))
        .route("/agents/bulk_create", post(bulk_create))
        .route("/agents/{id}", patch(update).put(update).delete(destroy))
}

/// The agent limit is a 402 with an `{"error"}` body (`render_payment_required`).
fn api_error(e: AppError) -> ApiError {
    match e {
        AppError::Custom {
            status: 402,
            message,
        } => ApiError::Error(StatusCode::PAYMENT_REQUIRED, message),
        other => other.into(),
    }
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
) -> ApiResult<Json<Vec<AgentView>>> {
    let db = &state.app.db;
    // `order_by_full_name`: lower(name).
    let users = store::users::list_for_account(db, scope.account_id()).await?;
    let members = store::account_users::list_for_account(db, scope.account_id()).await?;
    Ok(Json(AgentView::list(&users, &members, &state.app.presence)))
}

#[derive(Deserialize)]
struct AgentForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    name: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    email: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    role: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    availability: Option<String>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    auto_offline: Option<bool>,
}

/// Upstream assigns unknown enum names and raises ArgumentError (a 500); Switchboard answers a
/// 422 in Rails' words.
fn enum_param<T>(
    value: Option<String>,
    attribute: &str,
    parse: fn(&str) -> Option<T>,
) -> ApiResult<Option<T>> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(text) => parse(text)
            .map(Some)
            .ok_or_else(|| ApiError::invalid(attribute, "is not included in the list")),
    }
}

pub async fn create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<Json<AgentView>> {
    let form: AgentForm = crate::extract::params::parse_map(params.require("agent")?)?;
    let agent = NewAgent {
        email: form.email.unwrap_or_default(),
        name: form.name.unwrap_or_default(),
        role: enum_param(form.role, "role", Role::parse)?,
        availability: enum_param(form.availability, "availability", Availability::parse)?,
        auto_offline: form.auto_offline,
    };
    let app = &state.app;
    let (user, au) = app::agents::create(
        &app.db,
        &app.config,
        &actor,
        &scope.account,
        scope.user.id,
        agent,
    )
    .await
    .map_err(api_error)?;
    Ok(Json(AgentView::new(&user, &au, &app.presence)))
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
    params: Params,
) -> ApiResult<Json<AgentView>> {
    let db = &state.app.db;
    // `fetch_agent` runs before `check_authorization`: an unknown id is a 404 for anyone.
    app::agents::find(db, scope.account_id(), id).await?;
    scope.require_admin()?;
    let form: AgentForm = crate::extract::params::parse_map(params.require("agent")?)?;
    let changes = AgentChanges {
        name: form.name,
        role: enum_param(form.role, "role", Role::parse)?,
        availability: enum_param(form.availability, "availability", Availability::parse)?,
        auto_offline: form.auto_offline,
    };
    let (user, au) = app::agents::update(db, &actor, scope.account_id(), id, changes).await?;
    Ok(Json(AgentView::new(&user, &au, &state.app.presence)))
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Audit(actor): Audit,
    Path((_account_id, id)): Path<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let db = &state.app.db;
    app::agents::find(db, scope.account_id(), id).await?;
    scope.require_admin()?;
    app::agents::destroy(db, &actor, scope.account_id(), id).await?;
    Ok(StatusCode::OK)
}

/// `POST /agents/bulk_create` with `emails[]`: 200 with an empty body.
pub async fn bulk_create(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Audit(actor): Audit,
    params: Params,
) -> ApiResult<StatusCode> {
    let emails = match params.get("emails") {
        Some(Value::Array(items)) => items
            .iter()
            .map(|v| match v {
                Value::String(s) => Ok(s.clone()),
                _ => Err(ApiError::unprocessable("emails must be a list of strings")),
            })
            .collect::<ApiResult<Vec<String>>>()?,
        _ => return Err(ApiError::param_missing("emails")),
    };
    let app = &state.app;
    app::agents::bulk_create(
        &app.db,
        &app.config,
        &actor,
        &scope.account,
        scope.user.id,
        &emails,
    )
    .await
    .map_err(api_error)?;
    Ok(StatusCode::OK)
}
