//! `/platform/api/v1` (PlatformController): provisioning by platform apps.

use crate::state::AppState;
use axum::Router;

pub mod account_users;
pub mod accounts;
pub mod agent_bots;
mod support;
pub mod users;

pub fn routes() -> Router<AppState> {
    Router::new()
        .merge(account_users::routes())
        .merge(accounts::routes())
        .merge(agent_bots::routes())
        .merge(users::routes())
}
