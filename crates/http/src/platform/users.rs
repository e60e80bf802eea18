//! `app/controllers/platform/api/v1/users_controller.rb`.

use super::support::{authorize, platform_error, record_id};
use crate::error::{ApiError, ApiResult};
use crate::extract::{Params, PlatformAuth};
use crate::forms;
use crate::state::AppState;
use crate::views::platform::{TokenView, UserView};
use app::platform::users::UserInput;
use app::platform::USER;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Map, Value};
use store::platform_apps::PlatformApp;
use store::users::User;

/// Routes under `/platform/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/users", post(create))
        .route(
            "/users/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/users/{id}/login", get(login))
        .route("/users/{id}/token", post(token))
}

/// `params.permit(:name, :display_name, :email, :password, custom_attributes: {})`.
#[derive(Deserialize)]
struct UserForm {
    #[serde(default, deserialize_with = "forms::nullable")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    display_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    email: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    password: Option<Option<String>>,
    #[serde(default)]
    custom_attributes: Option<Map<String, Value>>,
}

fn input(params: &Params) -> ApiResult<UserInput> {
    let form: UserForm = params.parse_flat()?;
    // An explicit null is a blank value, which validation then refuses.
    let blank = |v: Option<Option<String>>| v.map(Option::unwrap_or_default);
    Ok(UserInput {
        name: blank(form.name),
        display_name: form.display_name,
        email: blank(form.email),
        password: blank(form.password),
        custom_attributes: form.custom_attributes,
    })
}

/// `set_resource` + `validate_platform_app_permissible`.
async fn permitted_user(state: &AppState, app: &PlatformApp, raw_id: &str) -> ApiResult<User> {
    let id = record_id(raw_id)?;
    let user = store::users::find(&state.app.db, id)
        .await?
        .ok_or(ApiError::RoutingNotFound)?;
    authorize(state, app, USER, id).await?;
    Ok(user)
}

/// A new, confirmed user; or the existing user with that email, now granted to the app.
pub async fn create(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    params: Params,
) -> ApiResult<Json<UserView>> {
    let user =
        app::platform::users::create(&state.app.db, &state.app.config, app.id, input(&params)?)
            .await
            .map_err(platform_error)?;
    Ok(Json(UserView::load(&state.app.db, &user).await?))
}

pub async fn show(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<UserView>> {
    let user = permitted_user(&state, &app, &id).await?;
    Ok(Json(UserView::load(&state.app.db, &user).await?))
}

pub async fn update(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
    params: Params,
) -> ApiResult<Json<UserView>> {
    let user = permitted_user(&state, &app, &id).await?;
    let user =
        app::platform::users::update(&state.app.db, &state.app.config, user.id, input(&params)?)
            .await
            .map_err(platform_error)?;
    Ok(Json(UserView::load(&state.app.db, &user).await?))
}

pub async fn destroy(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<StatusCode> {
    let user = permitted_user(&state, &app, &id).await?;
    app::platform::users::destroy(&state.app.db, user.id)
        .await
        .map_err(platform_error)?;
    Ok(StatusCode::OK)
}

/// `{"url": generate_sso_link}`: a one-time sign-in link to the dashboard.
pub async fn login(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<Value>> {
    let user = permitted_user(&state, &app, &id).await?;
    let url = app::platform::users::login_url(&state.app.db, &state.app.config, &user)
        .await
        .map_err(platform_error)?;
    Ok(Json(json!({ "url": url })))
}

/// The user's `api_access_token`, to act as the user on `/api/v1`.
pub async fn token(
    State(state): State<AppState>,
    PlatformAuth(app): PlatformAuth,
    Path(id): Path<String>,
) -> ApiResult<Json<TokenView>> {
    let user = permitted_user(&state, &app, &id).await?;
    let token = app::platform::users::access_token(&state.app.db, user.id)
        .await
        .map_err(platform_error)?;
    Ok(Json(TokenView::new(&user, token)))
}
