//! `app/controllers/api/v1/accounts/canned_responses_controller.rb`.

use crate::state::AppState;
use axum::Router;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
}
