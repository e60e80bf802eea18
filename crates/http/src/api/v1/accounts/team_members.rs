//! `app/controllers/api/v1/accounts/team_members_controller.rb`.

use crate::state::AppState;
use axum::Router;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
}
