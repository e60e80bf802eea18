//! `app/controllers/api/v1/accounts_controller.rb`: signup and the account itself.
//! These routes find the account among the caller's own (`current_user.accounts.find`), so a
//! stranger's account is a 404 here, not the 401 of nested account routes.

pub mod actions;
pub mod agent_bots;
pub mod agents;
pub mod articles;
pub mod audit_logs;
pub mod canned_responses;
pub mod categories;
pub mod contacts;
pub mod conversations;
pub mod custom_attribute_definitions;
pub mod custom_filters;
pub mod dashboard_apps;
pub mod inbox_members;
pub mod inboxes;
pub mod integrations;
pub mod labels;
pub mod messages;
pub mod portals;
pub mod reporting_events;
pub mod team_members;
pub mod teams;
pub mod webhook_deliveries;
pub mod webhooks;

/// Every controller nested under `/api/v1/accounts/{account_id}`.
pub fn nested_routes() -> axum::Router<AppState> {
    axum::Router::new()
        .merge(agent_bots::routes())
        .merge(agents::routes())
        .merge(articles::routes())
        .merge(audit_logs::routes())
        .merge(canned_responses::routes())
        .merge(categories::routes())
        .merge(contacts::routes())
        .merge(conversations::routes())
        .merge(custom_attribute_definitions::routes())
        .merge(custom_filters::routes())
        .merge(dashboard_apps::routes())
        .merge(inbox_members::routes())
        .merge(inboxes::routes())
        .merge(integrations::routes())
        .merge(labels::routes())
        .merge(reporting_events::routes())
        .merge(messages::routes())
        .merge(portals::routes())
        .merge(team_members::routes())
        .merge(teams::routes())
        .merge(webhook_deliveries::routes())
        .merge(webhooks::routes())
}

use crate::auth::sessions::session_headers;
use crate::error::{ApiError, ApiResult};
use crate::extract::{Audit, Caller, CurrentUser, Params, Path};
use crate::forms;
use crate::state::AppState;
use crate::views::account::AccountView;
use app::accounts::{AccountUpdate, SignupParams};
use axum::extract::{FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use domain::enums::{locale_code, Role};
use domain::time::iso;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use store::accounts::Account;
use store::users::User;

/// Loads `id` among the caller's accounts: (account, caller's role).
async fn own_account(state: &AppState, user: &User, id: i64) -> ApiResult<(Account, Role)> {
    let au = store::account_users::find(&state.app.db, id, user.id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    let account = store::accounts::find(&state.app.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((account, Role::from_i32(au.role).unwrap_or(Role::Agent)))
}

async fn account_view(state: &AppState, account: &Account) -> ApiResult<Value> {
    let keys = app::cache_keys::get(&state.app.db, account.id).await?;
    serde_json::to_value(AccountView::new(account, keys))
        .map_err(|e| ApiError::Internal(e.to_string()))
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Json<Value>> {
    let (account, _) = own_account(&state, &user, id).await?;
    Ok(Json(account_view(&state, &account).await?))
}

#[derive(Deserialize)]
struct UpdateForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    name: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    locale: Option<String>,
    #[serde(default, deserialize_with = "forms::nullable")]
    domain: Option<Option<String>>,
    #[serde(default, deserialize_with = "forms::nullable")]
    support_email: Option<Option<String>>,
}

/// The keys `custom_attributes_params` and `settings_params` permit.
const CUSTOM_ATTRIBUTE_KEYS: [&str; 3] = ["industry", "company_size", "timezone"];
const SETTINGS_KEYS: [&str; 5] = [
    "auto_resolve_after",
    "auto_resolve_message",
    "auto_resolve_ignore_waiting",
    "audio_transcriptions",
    "auto_resolve_label",
];

fn pick(params: &Map<String, Value>, keys: &[&str]) -> Map<String, Value> {
    keys.iter()
        .filter_map(|k| params.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect()
}

pub async fn update(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Audit(actor): Audit,
    Path(id): Path<i64>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let (_, role) = own_account(&state, &user, id).await?;
    domain::policy::require_admin(role)?;
    // The controller permits top-level keys; a body wrapped in "account" works too.
    let flat = params.wrapped("account");
    let form: UpdateForm = crate::extract::params::parse_map(flat.clone())?;
    let mut settings = pick(&flat, &SETTINGS_KEYS);
    // Rails casts a numeric string for the integer setting before the schema check.
    if let Some(Value::String(s)) = settings.get("auto_resolve_after") {
        if let Ok(n) = s.trim().parse::<i64>() {
            settings.insert("auto_resolve_after".into(), json!(n));
        }
    }
    let update = AccountUpdate {
        name: form.name,
        locale: form.locale,
        domain: form.domain,
        support_email: form.support_email,
        custom_attributes: pick(&flat, &CUSTOM_ATTRIBUTE_KEYS),
        settings,
    };
    let account = app::accounts::update_account(&state.app.db, &actor, id, update).await?;
    Ok(Json(account_view(&state, &account).await?))
}

pub async fn update_active_at(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<StatusCode> {
    own_account(&state, &user, id).await?;
    let tx = state.app.db.begin().await?;
    app::accounts::touch_active_at(&tx, id, user.id).await?;
    tx.commit().await?;
    Ok(StatusCode::OK)
}

pub async fn cache_keys(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> ApiResult<Response> {
    own_account(&state, &user, id).await?;
    let keys = app::cache_keys::get(&state.app.db, id).await?;
    let mut res = Json(json!({ "cache_keys": keys })).into_response();
    res.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("max-age=10, private, stale-while-revalidate=300"),
    );
    Ok(res)
}

#[derive(Deserialize)]
struct SignupForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    account_name: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    user_full_name: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    email: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    password: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    locale: Option<String>,
}

/// `POST /api/v1/accounts`: 404 unless signup is enabled; a signed-in caller adds an account.
pub async fn create(State(state): State<AppState>, req: Request) -> ApiResult<Response> {
    if !state.app.config.enable_account_signup {
        return Err(ApiError::RoutingNotFound);
    }
    let (mut parts, body) = req.into_parts();
    // Signup needs no credentials, but honours them when present and valid.
    let current = match Caller::from_request_parts(&mut parts, &state).await {
        Ok(Caller::User(u)) => Some(*u),
        _ => None,
    };
    let params = <Params as axum::extract::FromRequest<AppState>>::from_request(
        Request::from_parts(parts, body),
        &state,
    )
    .await?;
    let form: SignupForm = params.parse_flat()?;
    let p = SignupParams {
        account_name: form.account_name,
        user_full_name: form.user_full_name,
        email: form.email,
        password: form.password,
        locale: form.locale,
    };
    let (mut user, account) =
        app::accounts::signup(&state.app.db, &state.app.config, p, current).await?;
    let tx = state.app.db.begin().await?;
    let session = app::auth::create_session(&tx, &mut user).await?;
    tx.commit().await?;
    let token =
        store::access_tokens::token_for(&state.app.db, store::access_tokens::OWNER_USER, user.id)
            .await?;
    let memberships = store::account_users::memberships(&state.app.db, user.id).await?;
    let this = memberships.iter().find(|m| m.account_id == account.id);
    let body = json!({ "data": {
        "id": user.id,
        "provider": user.provider,
        "uid": user.uid,
        "name": user.name,
        "display_name": user.display_name,
        "email": user.email,
        "account_id": account.id,
        "created_at": iso(user.created_at),
        "pubsub_token": user.pubsub_token,
        "role": this.map(|m| Role::from_i32(m.role).unwrap_or(Role::Agent).as_str()),
        "inviter_id": this.and_then(|m| m.inviter_id),
        "confirmed": user.confirmed_at.is_some(),
        "avatar_url": "",
        "access_token": token,
        "accounts": memberships.iter().map(|m| json!({
            "id": m.account_id,
            "name": m.account_name,
            "active_at": domain::time::iso_opt(m.active_at),
            "role": Role::from_i32(m.role).unwrap_or(Role::Agent).as_str(),
            "locale": locale_code(m.account_locale.unwrap_or(0)),
        })).collect::<Vec<_>>(),
    }});
    let mut res = Json(body).into_response();
    res.headers_mut().extend(session_headers(&session));
    Ok(res)
}
