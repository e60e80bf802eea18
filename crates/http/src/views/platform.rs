//! `app/views/platform/api/v1/models/_{account,agent_bot,user}.json.jbuilder`, `users/token`,
//! and the raw `as_json` of an `AccountUser` that `account_users#index/create` render.

use crate::views::user::available_name;
use domain::enums::{enabled_features, locale_code, AccountStatus, Availability, Role};
use domain::time::{iso, iso_opt};
use serde::Serialize;
use serde_json::{Map, Value};
use store::account_users::{AccountUserRecord, Membership};
use store::accounts::Account;
use store::agent_bots::AgentBot;
use store::users::User;

fn json_column(v: &Option<store::Json<Value>>) -> Value {
    v.as_ref().map(|j| j.0.clone()).unwrap_or(Value::Null)
}

fn role_name(role: i32) -> &'static str {
    Role::from_i32(role).unwrap_or(Role::Agent).as_str()
}

#[derive(Serialize)]
pub struct AccountView {
    pub id: i64,
    pub name: String,
    pub locale: &'static str,
    pub domain: Option<String>,
    pub support_email: Option<String>,
    pub features: Map<String, Value>,
    pub custom_attributes: Value,
    pub limits: Value,
    pub status: &'static str,
}

impl AccountView {
    pub fn new(a: &Account) -> Self {
        AccountView {
            id: a.id,
            name: a.name.clone(),
            locale: locale_code(a.locale.unwrap_or(0)),
            domain: a.domain.clone(),
            support_email: a.support_email.clone(),
            features: enabled_features(a.feature_flags)
                .into_iter()
                .map(|f| (f.to_string(), Value::Bool(true)))
                .collect(),
            custom_attributes: json_column(&a.custom_attributes),
            limits: json_column(&a.limits),
            status: AccountStatus::from_i32(a.status.unwrap_or(0))
                .unwrap_or(AccountStatus::Active)
                .as_str(),
        }
    }
}

/// Every column in `db/schema.rb` order, enums by name, times as ActiveSupport encodes them.
#[derive(Serialize)]
pub struct AccountUserJson {
    pub id: i64,
    pub account_id: i64,
    pub user_id: i64,
    pub role: &'static str,
    pub inviter_id: Option<i64>,
    pub created_at: String,
    pub updated_at: String,
    pub active_at: Option<String>,
    pub availability: &'static str,
    pub auto_offline: bool,
    pub custom_role_id: Option<i64>,
    pub agent_capacity_policy_id: Option<i64>,
}

impl AccountUserJson {
    pub fn new(r: &AccountUserRecord) -> Self {
        let au = &r.account_user;
        AccountUserJson {
            id: au.id,
            account_id: au.account_id,
            user_id: au.user_id,
            role: role_name(au.role),
            inviter_id: au.inviter_id,
            created_at: iso(au.created_at),
            updated_at: iso(au.updated_at),
            active_at: iso_opt(au.active_at),
            availability: Availability::from_i32(au.availability)
                .unwrap_or(Availability::Online)
                .as_str(),
            auto_offline: au.auto_offline,
            custom_role_id: r.custom_role_id,
            agent_capacity_policy_id: r.agent_capacity_policy_id,
        }
    }
}

#[derive(Serialize)]
pub struct AgentBotView {
    pub id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    /// Upstream's partial writes `json.outgoing_url resource.name`; clients of the Platform API
    /// read the bot's name here, so Switchboard does too.
    pub outgoing_url: Option<String>,
    pub account_id: Option<i64>,
    pub access_token: Option<String>,
}

impl AgentBotView {
    pub fn new(bot: &AgentBot, access_token: Option<String>) -> Self {
        AgentBotView {
            id: bot.id,
            name: bot.name.clone(),
            description: bot.description.clone(),
            outgoing_url: bot.name.clone(),
            account_id: bot.account_id,
            access_token,
        }
    }
}

#[derive(Serialize)]
pub struct UserView {
    pub access_token: Option<String>,
    pub account_id: Option<i64>,
    pub available_name: String,
    pub avatar_url: String,
    pub confirmed: bool,
    pub display_name: Option<String>,
    pub message_signature: Option<String>,
    pub email: Option<String>,
    pub id: i64,
    pub name: String,
    pub provider: String,
    pub pubsub_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Value>,
    pub role: Option<&'static str>,
    pub ui_settings: Value,
    pub uid: String,
    pub accounts: Vec<UserAccountView>,
}

#[derive(Serialize)]
pub struct UserAccountView {
    pub id: i64,
    pub name: String,
    pub active_at: Option<String>,
    pub role: &'static str,
}

/// `active_account_user`: `ORDER BY active_at DESC NULLS LAST`, the first membership on ties.
fn active_membership(memberships: &[Membership]) -> Option<&Membership> {
    memberships
        .iter()
        .enumerate()
        .max_by(|(ia, a), (ib, b)| {
            a.active_at
                .is_some()
                .cmp(&b.active_at.is_some())
                .then(a.active_at.cmp(&b.active_at))
                .then(ib.cmp(ia))
        })
        .map(|(_, m)| m)
}

impl UserView {
    pub fn new(u: &User, access_token: Option<String>, memberships: &[Membership]) -> Self {
        let active = active_membership(memberships);
        UserView {
            access_token,
            account_id: active.map(|m| m.account_id),
            available_name: available_name(u),
            avatar_url: String::new(),
            confirmed: u.confirmed_at.is_some(),
            display_name: u.display_name.clone(),
            message_signature: u.message_signature.clone(),
            email: u.email.clone(),
            id: u.id,
            name: u.name.clone(),
            provider: u.provider.clone(),
            pubsub_token: u.pubsub_token.clone(),
            // `if resource.custom_attributes.present?`
            custom_attributes: u
                .custom_attributes
                .as_ref()
                .map(|j| j.0.clone())
                .filter(|v| v.as_object().is_some_and(|o| !o.is_empty())),
            role: active.map(|m| role_name(m.role)),
            ui_settings: json_column(&u.ui_settings),
            uid: u.uid.clone(),
            accounts: memberships
                .iter()
                .map(|m| UserAccountView {
                    id: m.account_id,
                    name: m.account_name.clone(),
                    active_at: iso_opt(m.active_at),
                    role: role_name(m.role),
                })
                .collect(),
        }
    }

    pub async fn load(db: &store::Db, u: &User) -> Result<Self, crate::error::ApiError> {
        let token =
            store::access_tokens::token_for(db, store::access_tokens::OWNER_USER, u.id).await?;
        let memberships = store::account_users::memberships(db, u.id).await?;
        Ok(UserView::new(u, token, &memberships))
    }
}

/// `users/token.json.jbuilder`.
#[derive(Serialize)]
pub struct TokenView {
    pub access_token: String,
    /// Always null upstream: access tokens do not expire.
    pub expiry: Option<i64>,
    pub user: TokenUserView,
}

#[derive(Serialize)]
pub struct TokenUserView {
    pub id: i64,
    pub name: String,
    pub display_name: Option<String>,
    pub email: Option<String>,
    pub pubsub_token: Option<String>,
}

impl TokenView {
    pub fn new(u: &User, access_token: String) -> Self {
        TokenView {
            access_token,
            expiry: None,
            user: TokenUserView {
                id: u.id,
                name: u.name.clone(),
                display_name: u.display_name.clone(),
                email: u.email.clone(),
                pubsub_token: u.pubsub_token.clone(),
            },
        }
    }
}
