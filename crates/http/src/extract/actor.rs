//! A member of the path's account or an agent bot serving it: the callers of the endpoints
//! upstream opens to bots (`Api::V1::Accounts::BaseController#bot_accessible?` lists
//! conversation create/update/toggle_status/toggle_priority/custom_attributes, assignments
//! and messages create). A bot must be connected to an inbox of the account.

use crate::error::ApiError;
use crate::extract::auth::{path_account, AccountScope, Caller};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use store::accounts::Account;
use store::agent_bots::AgentBot;

#[derive(Debug, Clone)]
pub enum Actor {
    User(AccountScope),
    Bot { account: Account, bot: AgentBot },
}

impl Actor {
    pub fn account_id(&self) -> i64 {
        match self {
            Actor::User(scope) => scope.account_id(),
            Actor::Bot { account, .. } => account.id,
        }
    }

    pub fn viewer(&self) -> app::conversations::Viewer {
        match self {
            Actor::User(scope) => app::conversations::Viewer::User {
                id: scope.user.id,
                admin: scope.is_admin(),
            },
            Actor::Bot { bot, .. } => app::conversations::Viewer::Bot { id: bot.id },
        }
    }

    pub fn user_id(&self) -> Option<i64> {
        match self {
            Actor::User(scope) => Some(scope.user.id),
            Actor::Bot { .. } => None,
        }
    }

    pub fn role(&self) -> Option<domain::enums::Role> {
        match self {
            Actor::User(scope) => Some(scope.role()),
            Actor::Bot { .. } => None,
        }
    }
}

impl FromRequestParts<AppState> for Actor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match Caller::from_request_parts(parts, state).await? {
            Caller::AgentBot(bot) => {
                let account = path_account(parts, state).await?;
                let serves = bot.account_id == Some(account.id)
                    || store::agent_bots::serves_account(&state.app.db, bot.id, account.id).await?;
                if !serves {
                    return Err(ApiError::unauthorized(
                        "You are not authorized to access this account",
                    ));
                }
                Ok(Actor::Bot { account, bot: *bot })
            }
            _ => Ok(Actor::User(
                AccountScope::from_request_parts(parts, state).await?,
            )),
        }
    }
}
