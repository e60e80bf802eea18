//! Every route, in the order of Chatwoot's `config/routes.rb`, and the middleware around them.

use crate::api::{self, v1};
use crate::auth;
use crate::error::ApiError;
use crate::state::AppState;
use app::App;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, Method, Request};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{Any, CorsLayer};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Largest request body; uploads get their own limit on their routes.
const BODY_LIMIT: usize = 1024 * 1024;

pub fn router(app: App) -> Router {
    let state = AppState { app };

    let api = Router::new()
        .route("/api", get(api::index))
        .route("/api/v1/accounts", post(v1::accounts::create))
        .route(
            "/api/v1/accounts/{id}",
            get(v1::accounts::show)
                .patch(v1::accounts::update)
                .put(v1::accounts::update),
        )
        .route(
            "/api/v1/accounts/{id}/update_active_at",
            post(v1::accounts::update_active_at),
        )
        .route(
            "/api/v1/accounts/{id}/cache_keys",
            get(v1::accounts::cache_keys),
        )
        .nest(
            "/api/v1/accounts/{account_id}",
            v1::accounts::nested_routes(),
        )
        .nest("/platform/api/v1", crate::platform::routes())
        .merge(v1::accounts::messages::file_routes())
        .route(
            "/api/v1/profile",
            get(v1::profiles::show)
                .patch(v1::profiles::update)
                .put(v1::profiles::update),
        )
        .route(
            "/api/v1/profile/availability",
            post(v1::profiles::availability),
        )
        .route(
            "/api/v1/profile/auto_offline",
            post(v1::profiles::auto_offline),
        )
        .route(
            "/api/v1/profile/set_active_account",
            axum::routing::put(v1::profiles::set_active_account),
        )
        .route(
            "/api/v1/profile/reset_access_token",
            post(v1::profiles::reset_access_token),
        )
        .route("/auth/sign_in", post(auth::sessions::create))
        .route(
            "/auth/sign_out",
            axum::routing::delete(auth::sessions::destroy),
        )
        .route(
            "/auth/validate_token",
            get(auth::token_validations::validate_token),
        )
        .route("/cable", get(crate::cable::cable));

    let mut root = api.fallback(not_found);
    // rack-cors as upstream: public APIs for any origin; `/api` only when ENABLE_API_CORS is set.
    if state.app.config.enable_api_cors {
        root = root.layer(cors());
    }
    let public = Router::new().layer(cors());
    with_middleware(root.merge(public).with_state(state))
}

/// The layers around every route: body limit, panic capture (a panicking handler answers 500
/// and the server goes on), tracing with the request id, and the request id itself.
pub fn with_middleware(router: Router) -> Router {
    router
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
                let id = req.headers().get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or("-");
                tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
            }),
        )
        .layer(PropagateRequestIdLayer::new(HeaderName::from_static("x-request-id")))
        .layer(SetRequestIdLayer::new(HeaderName::from_static("x-request-id"), MakeRequestUuid))
}

fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(Any)
        .allow_headers(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::PATCH,
            Method::DELETE,
            Method::OPTIONS,
        ])
        .expose_headers([
            HeaderName::from_static("access-token"),
            HeaderName::from_static("client"),
            HeaderName::from_static("uid"),
            HeaderName::from_static("expiry"),
        ])
        .max_age(Duration::from_secs(3600))
}

async fn not_found() -> Response {
    ApiError::RoutingNotFound.into_response()
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    ApiError::Internal("handler panicked".to_string()).into_response()
}
