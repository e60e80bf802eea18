//! `devise_overrides/sessions_controller.rb`: sign in and out with email and password.

use crate::error::{ApiError, ApiResult};
use crate::extract::{DeviseSession, Params};
use crate::forms;
use crate::state::AppState;
use crate::views::user::UserView;
use app::auth::Session;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

const BAD_CREDENTIALS: &str = "Invalid login credentials. Please try again.";

/// The headers devise_token_auth sends with a new session.
pub fn session_headers(s: &Session) -> HeaderMap {
    let mut h = HeaderMap::new();
    let mut put = |name: &'static str, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(HeaderName::from_static(name), v);
        }
    };
    put("access-token", &s.access_token);
    put("token-type", "Bearer");
    put("client", &s.client);
    put("expiry", &s.expiry.to_string());
    put("uid", &s.uid);
    put(
        "authorization",
        &format!("Bearer {}", authorization_token(s)),
    );
    h
}

/// devise_token_auth's `Authorization` value: base64 of the three headers as JSON.
fn authorization_token(s: &Session) -> String {
    use base64::Engine;
    let body = json!({ "access-token": s.access_token, "token-type": "Bearer", "client": s.client, "expiry": s.expiry.to_string(), "uid": s.uid });
    base64::engine::general_purpose::STANDARD.encode(body.to_string())
}

#[derive(Deserialize)]
struct SignInForm {
    #[serde(default, deserialize_with = "forms::string_like")]
    email: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    password: Option<String>,
    #[serde(default, deserialize_with = "forms::string_like")]
    sso_auth_token: Option<String>,
}

/// `POST /auth/sign_in`.
pub async fn create(State(state): State<AppState>, params: Params) -> ApiResult<Response> {
    let form: SignInForm = params.parse_flat()?;
    let app = &state.app;
    let bad =
        || ApiError::DeviseFailure(StatusCode::UNAUTHORIZED, vec![BAD_CREDENTIALS.to_string()]);
    let email = form.email.unwrap_or_default();
    let user = store::users::find_by_email(&app.db, &email)
        .await?
        .ok_or_else(bad)?;
    let tx = app.db.begin().await?;
    let authenticated = match (&form.sso_auth_token, &form.password) {
        (Some(sso), _) if !sso.is_empty() => app::sso::consume(&tx, user.id, sso).await?,
        (_, Some(password)) => app::auth::verify_password(password, &user.encrypted_password).await,
        _ => false,
    };
    if !authenticated {
        return Err(bad());
    }
    let mut user = user;
    let session = app::auth::create_session(&tx, &mut user).await?;
    tx.commit().await?;
    let view = UserView::load(app, &user).await?;
    let mut res = Json(json!({ "data": view })).into_response();
    res.headers_mut().extend(session_headers(&session));
    Ok(res)
}

/// `DELETE /auth/sign_out`: ends the session named by the devise headers.
pub async fn destroy(
    State(state): State<AppState>,
    headers: HeaderMap,
    DeviseSession(user): DeviseSession,
) -> ApiResult<Json<serde_json::Value>> {
    let not_found = || {
        ApiError::DeviseFailure(
            StatusCode::NOT_FOUND,
            vec!["User was not found or was not logged in.".to_string()],
        )
    };
    let user = user.ok_or_else(not_found)?;
    let client = headers
        .get("client")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    if !app::auth::destroy_session(&state.app.db, &user, client).await? {
        return Err(not_found());
    }
    Ok(Json(json!({ "success": true })))
}
