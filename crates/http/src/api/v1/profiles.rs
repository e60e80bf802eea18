//! `app/controllers/api/v1/profiles_controller.rb`: the signed-in user's own profile.

use crate::error::{ApiError, ApiResult};
use crate::extract::{CurrentUser, Params};
use crate::forms;
use crate::state::AppState;
use crate::views::user::UserView;
use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use domain::enums::Availability;
use domain::{validate, ValidationErrors};
use serde::Deserialize;
use serde_json::Value;
use store::Json as DbJson;

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> ApiResult<Json<UserView>> {
    Ok(Json(UserView::load(&state.app, &user).await?))
}

#[derive(Deserialize)]
struct ProfileForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    name: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    display_name: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    email: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    message_signature: Option<Option<String>>,
    #[serde(default)]
    ui_settings: Option<serde_json::Map<String, Value>>,
    #[serde(default, deserialize_with = "forms::string_like")]
    phone_number: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    current_password: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    password: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    password_confirmation: Option<String>,
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Params,
) -> ApiResult<Json<UserView>> {
    let form: ProfileForm = crate::extract::params::parse_map(params.require("profile")?)?;
    let app = &state.app;
    let tx = app.db.begin().await?;
    let mut user = store::users::find(&tx, user.id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let mut errors = ValidationErrors::new();
    if let Some(password) = form.password.filter(|p| !p.is_empty()) {
        let current = form.current_password.unwrap_or_default();
        if !app::auth::verify_password(&current, &user.encrypted_password).await {
            return Err(ApiError::unprocessable("Invalid current password"));
        }
        validate::password(&mut errors, &password);
        if form
            .password_confirmation
            .as_ref()
            .is_some_and(|c| *c != password)
        {
            errors.add("password_confirmation", "doesn't match Password");
        }
        if errors.is_empty() {
            user.encrypted_password =
                app::auth::hash_password(&password, app.config.bcrypt_cost).await?;
        }
    }
    if let Some(name) = form.name {
        validate::presence(&mut errors, "name", Some(&name));
        validate::max_length(&mut errors, "name", Some(&name), 255);
        user.name = name;
    }
    if let Some(display_name) = form.display_name {
        validate::max_length(&mut errors, "display_name", display_name.as_deref(), 255);
        user.display_name = display_name;
    }
    if let Some(email) = form.email {
        let email = email.trim().to_lowercase();
        if email.is_empty() {
            errors.add("email", "can't be blank");
        } else if !validate::is_email(&email) {
            errors.add("email", "is invalid");
        } else if store::users::email_taken(&tx, &email, Some(user.id)).await? {
            errors.add("email", "has already been taken");
        }
        user.email = Some(email.clone());
        user.uid = email;
    }
    if let Some(signature) = form.message_signature {
        validate::max_length(
            &mut errors,
            "message_signature",
            signature.as_deref(),
            100_000,
        );
        user.message_signature = signature;
    }
    if let Some(ui) = form.ui_settings {
        user.ui_settings = Some(DbJson(Value::Object(ui)));
    }
    if let Some(phone) = form.phone_number {
        let mut custom = app::accounts::object(user.custom_attributes.take());
        custom.insert("phone_number".into(), Value::String(phone));
        user.custom_attributes = Some(DbJson(Value::Object(custom)));
    }
    errors.into_result()?;
    let user = store::users::update(&tx, &user, domain::time::now()).await?;
    tx.commit().await?;
    Ok(Json(UserView::load(app, &user).await?))
}

#[derive(Deserialize)]
struct AvailabilityForm {
    #[serde(default, deserialize_with = "forms::int_like")]
    account_id: Option<i64>,
    #[serde(default, deserialize_with = "forms::string_like")]
    availability: Option<String>,
    #[serde(default, deserialize_with = "forms::bool_like")]
    auto_offline: Option<bool>,
}

/// The caller's membership of `account_id` (`account_users.find_by!`: 404 when none).
async fn membership(
    tx: &store::Tx,
    user_id: i64,
    account_id: Option<i64>,
) -> ApiResult<store::account_users::AccountUser> {
    let id = account_id.ok_or_else(ApiError::not_found)?;
    store::account_users::find(tx, id, user_id)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// `POST /api/v1/profile/availability` with `profile{account_id, availability}`.
pub async fn availability(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Params,
) -> ApiResult<Json<UserView>> {
    let form: AvailabilityForm = crate::extract::params::parse_map(params.require("profile")?)?;
    let tx = state.app.db.begin().await?;
    let mut au = membership(&tx, user.id, form.account_id).await?;
    let availability = form
        .availability
        .as_deref()
        .and_then(Availability::parse)
        .ok_or_else(|| ApiError::invalid("availability", "is not included in the list"))?;
    au.availability = availability.as_i32();
    store::account_users::update(&tx, &au, domain::time::now()).await?;
    tx.commit().await?;
    Ok(Json(UserView::load(&state.app, &user).await?))
}

/// `POST /api/v1/profile/auto_offline` with `profile{account_id, auto_offline}`.
pub async fn auto_offline(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Params,
) -> ApiResult<Json<UserView>> {
    let form: AvailabilityForm = crate::extract::params::parse_map(params.require("profile")?)?;
    let tx = state.app.db.begin().await?;
    let mut au = membership(&tx, user.id, form.account_id).await?;
    au.auto_offline = form.auto_offline.unwrap_or(false);
    store::account_users::update(&tx, &au, domain::time::now()).await?;
    tx.commit().await?;
    Ok(Json(UserView::load(&state.app, &user).await?))
}

/// `PUT /api/v1/profile/set_active_account` with `profile{account_id}`.
pub async fn set_active_account(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    params: Params,
) -> ApiResult<StatusCode> {
    let form: AvailabilityForm = crate::extract::params::parse_map(params.require("profile")?)?;
    let tx = state.app.db.begin().await?;
    let account_id = form.account_id.ok_or_else(ApiError::not_found)?;
    app::accounts::touch_active_at(&tx, account_id, user.id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}

/// `POST /api/v1/profile/reset_access_token`.
pub async fn reset_access_token(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> ApiResult<Json<UserView>> {
    let tx = state.app.db.begin().await?;
    let token = app::tokens::secure_token();
    let now = domain::time::now();
    let owner = store::access_tokens::OWNER_USER;
    if store::access_tokens::replace(&tx, owner, user.id, &token, now).await? == 0 {
        store::access_tokens::insert(&tx, owner, user.id, &token, now).await?;
    }
    tx.commit().await?;
    Ok(Json(UserView::load(&state.app, &user).await?))
}
