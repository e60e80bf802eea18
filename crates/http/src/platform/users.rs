//! `app/controllers/platform/api/v1/users_controller.rb`.

use crate::state::AppState;
use axum::Router;

/// Routes under `/platform/api/v1`.
pub fn routes() -> Router<AppState> {
    Router::new()
}
