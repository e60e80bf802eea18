//! What the Platform controllers share (`PlatformController`): ids that Rails' `find` would not
//! find answer Rails' default 404 `{"status":404,"error":"Not Found"}` (the controller rescues
//! nothing), and a missing grant answers 401 `Non permissible resource`.

use crate::error::ApiError;
use crate::state::AppState;
use app::AppError;
use store::platform_apps::PlatformApp;

/// A path id; anything but an integer is a record that does not exist.
pub(super) fn record_id(raw: &str) -> Result<i64, ApiError> {
    raw.trim().parse().map_err(|_| ApiError::RoutingNotFound)
}

/// Use-case errors, with a vanished record as Rails' default 404.
pub(super) fn platform_error(e: AppError) -> ApiError {
    match e {
        AppError::NotFound => ApiError::RoutingNotFound,
        other => other.into(),
    }
}

/// `validate_platform_app_permissible`.
pub(super) async fn authorize(
    state: &AppState,
    app: &PlatformApp,
    kind: &str,
    id: i64,
) -> Result<(), ApiError> {
    app::platform::authorize(&state.app.db, app.id, kind, id)
        .await
        .map_err(platform_error)
}
