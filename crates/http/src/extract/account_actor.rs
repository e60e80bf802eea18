//! `AccountActor`: a member of the path's account, or an agent bot that may act in it, for the
//! few endpoints `AccessTokenAuthHelper::BOT_ACCESSIBLE_ENDPOINTS` opens to bot tokens. A bot
//! reaches an account it belongs to, or one where it is connected to an inbox
//! (`EnsureCurrentAccountHelper#account_accessible_for_bot?`).

use crate::error::ApiError;
use crate::extract::auth::path_account;
use crate::extract::{AccountScope, Caller};
use crate::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use store::accounts::Account;
use store::agent_bots::AgentBot;

#[derive(Debug, Clone)]
pub enum AccountActor {
    Member(Box<AccountScope>),
    Bot {
        account: Box<Account>,
        bot: Box<AgentBot>,
    },
}

impl AccountActor {
    pub fn account_id(&self) -> i64 {
        match self {
            AccountActor::Member(s) => s.account.id,
            AccountActor::Bot { account, .. } => account.id,
        }
    }
}

impl FromRequestParts<AppState> for AccountActor {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bot = match Caller::from_request_parts(parts, state).await? {
            Caller::AgentBot(bot) => bot,
            // Users (and platform apps, which AccountScope refuses) take the member ladder.
            _ => {
                let scope = AccountScope::from_request_parts(parts, state).await?;
                return Ok(AccountActor::Member(Box::new(scope)));
            }
        };
        let account = path_account(parts, state).await?;
        let own = bot.account_id == Some(account.id);
        if !own && !store::agent_bots::serves_account(&state.app.db, bot.id, account.id).await? {
            return Err(ApiError::unauthorized(
                "Bot is not authorized to access this account",
            ));
        }
        Ok(AccountActor::Bot {
            account: Box::new(account),
            bot,
        })
    }
}
