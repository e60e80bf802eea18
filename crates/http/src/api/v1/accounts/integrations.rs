//! `app/controllers/api/v1/accounts/integrations/`: the apps catalogue (`apps_controller.rb`)
//! and the account's hooks into those apps (`hooks_controller.rb`).

pub mod apps;
pub mod hooks;

use crate::state::AppState;
use axum::Router;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new().merge(apps::routes()).merge(hooks::routes())
}
