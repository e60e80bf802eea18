//! The auth ladder (Api::BaseController, AccessTokenAuthHelper, EnsureCurrentAccountHelper):
//! `Caller` (who is asking) -> `CurrentUser` (a person, not a bot) -> `AccountScope` (a member of
//! the path's account) -> `AdminScope` (an administrator there). `PlatformAuth` guards
//! `/platform/api/v1`.

use crate::error::ApiError;
use crate::extract::path::raw_id;
use crate::state::AppState;
use app::auth::{self, TokenOwner};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use domain::enums::{AccountStatus, Role};
use store::account_users::AccountUser;
use store::accounts::Account;
use store::agent_bots::AgentBot;
use store::platform_apps::PlatformApp;
use store::users::User;

const BOTS_NOT_ALLOWED: &str = "Access to this endpoint is not authorized for bots";

/// Whoever the credentials name, as `Api::BaseController` resolves them.
#[derive(Debug, Clone)]
pub enum Caller {
    User(Box<User>),
    AgentBot(Box<AgentBot>),
    /// A platform-app token used outside `/platform`: Chatwoot sets no current user, so every
    /// endpoint refuses it as it refuses a bot.
    PlatformApp(PlatformApp),
}

fn header<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(caller) = parts.extensions.get::<Caller>() {
            return Ok(caller.clone());
        }
        let caller = if let Some(token) =
            header(parts, "api_access_token").or_else(|| header(parts, "api-access-token"))
        {
            match auth::token_owner(&state.app.db, token).await? {
                Some(TokenOwner::User(u)) => Caller::User(u),
                Some(TokenOwner::AgentBot(b)) => Caller::AgentBot(b),
                Some(TokenOwner::PlatformApp(p)) => Caller::PlatformApp(p),
                None => return Err(ApiError::unauthorized("Invalid Access Token")),
            }
        } else {
            let (Some(token), Some(client), Some(uid)) = (
                header(parts, "access-token"),
                header(parts, "client"),
                header(parts, "uid"),
            ) else {
                return Err(ApiError::unauthenticated());
            };
            match auth::session_user(&state.app.db, uid, client, token).await? {
                Some(u) => Caller::User(Box::new(u)),
                None => return Err(ApiError::unauthenticated()),
            }
        };
        parts.extensions.insert(caller.clone());
        Ok(caller)
    }
}

/// A devise_token_auth session from the `access-token`/`client`/`uid` headers only. The devise
/// controllers (`/auth/validate_token`, `/auth/sign_out`) are not `Api::BaseController`s, so
/// upstream never looks at `api_access_token` there; `None` when there is no valid session.
#[derive(Debug, Clone)]
pub struct DeviseSession(pub Option<User>);

impl FromRequestParts<AppState> for DeviseSession {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (Some(token), Some(client), Some(uid)) = (
            header(parts, "access-token"),
            header(parts, "client"),
            header(parts, "uid"),
        ) else {
            return Ok(DeviseSession(None));
        };
        Ok(DeviseSession(
            auth::session_user(&state.app.db, uid, client, token).await?,
        ))
    }
}

/// A signed-in person. Bots and platform apps are refused as upstream refuses bots.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match Caller::from_request_parts(parts, state).await? {
            Caller::User(u) => Ok(CurrentUser(*u)),
            Caller::AgentBot(_) | Caller::PlatformApp(_) => {
                Err(ApiError::unauthorized(BOTS_NOT_ALLOWED))
            }
        }
    }
}

/// The account named by the path's `account_id` and the caller's membership in it.
#[derive(Debug, Clone)]
pub struct AccountScope {
    pub account: Account,
    pub user: User,
    pub account_user: AccountUser,
}

impl AccountScope {
    pub fn role(&self) -> Role {
        Role::from_i32(self.account_user.role).unwrap_or(Role::Agent)
    }

    pub fn is_admin(&self) -> bool {
        self.role() == Role::Administrator
    }

    /// Pundit `authorize` for administrator-only actions.
    pub fn require_admin(&self) -> Result<(), ApiError> {
        domain::policy::require_admin(self.role()).map_err(ApiError::from)
    }

    pub fn account_id(&self) -> i64 {
        self.account.id
    }
}

/// Loads the path's account: 404 when missing, 401 when suspended.
pub(crate) async fn path_account(parts: &mut Parts, state: &AppState) -> Result<Account, ApiError> {
    let id = match raw_id(parts, state, "account_id").await {
        Some(id) => id?,
        None => return Err(ApiError::not_found()),
    };
    let account = store::accounts::find(&state.app.db, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    if account.status == Some(AccountStatus::Suspended.as_i32()) {
        return Err(ApiError::unauthorized("Account is suspended"));
    }
    Ok(account)
}

impl FromRequestParts<AppState> for AccountScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if let Some(scope) = parts.extensions.get::<AccountScope>() {
            return Ok(scope.clone());
        }
        let CurrentUser(user) = CurrentUser::from_request_parts(parts, state).await?;
        let account = path_account(parts, state).await?;
        let account_user = store::account_users::find(&state.app.db, account.id, user.id)
            .await?
            .ok_or_else(|| {
                ApiError::unauthorized("You are not authorized to access this account")
            })?;
        let scope = AccountScope {
            account,
            user,
            account_user,
        };
        parts.extensions.insert(scope.clone());
        Ok(scope)
    }
}

/// An `AccountScope` whose member is an administrator; agents get Pundit's 401.
#[derive(Debug, Clone)]
pub struct AdminScope(pub AccountScope);

impl FromRequestParts<AppState> for AdminScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let scope = AccountScope::from_request_parts(parts, state).await?;
        scope.require_admin()?;
        Ok(AdminScope(scope))
    }
}

/// A platform app (`PlatformController`): only its own token type opens `/platform/api/v1`.
#[derive(Debug, Clone)]
pub struct PlatformAuth(pub PlatformApp);

impl FromRequestParts<AppState> for PlatformAuth {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = header(parts, "api_access_token").or_else(|| header(parts, "api-access-token"));
        match token {
            Some(token) => match auth::token_owner(&state.app.db, token).await? {
                Some(TokenOwner::PlatformApp(p)) => Ok(PlatformAuth(p)),
                _ => Err(ApiError::unauthorized("Invalid access_token")),
            },
            None => Err(ApiError::unauthorized("Invalid access_token")),
        }
    }
}

/// The audit trail's view of the request: who (from `AccountScope`/`Caller`) and from where.
#[derive(Debug, Clone)]
pub struct Audit(pub app::audit::Actor);

impl FromRequestParts<AppState> for Audit {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (user_id, user_type, username) = match Caller::from_request_parts(parts, state).await? {
            Caller::User(u) => (Some(u.id), Some("User"), u.email.clone()),
            Caller::AgentBot(b) => (Some(b.id), Some("AgentBot"), None),
            Caller::PlatformApp(p) => (Some(p.id), Some("PlatformApp"), None),
        };
        let remote_address = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip().to_string());
        let request_uuid = header(parts, "x-request-id").map(str::to_string);
        Ok(Audit(app::audit::Actor {
            user_id,
            user_type,
            username,
            remote_address,
            request_uuid,
        }))
    }
}
