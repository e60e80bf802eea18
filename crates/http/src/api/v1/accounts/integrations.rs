//! `app/controllers/api/v1/accounts/integrations/ (apps_controller.rb, hooks_controller.rb)`.

use crate::state::AppState;
use axum::Router;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
}
