//! `api/v1/models/_user.json.jbuilder`: the signed-in user (profile, sign-in, validate_token).

use app::presence::{user_availability_status, Presence};
use domain::enums::{AccountStatus, Availability, Role};
use domain::time::iso_opt;
use serde::Serialize;
use serde_json::Value;
use store::account_users::Membership;
use store::users::User;

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
    pub inviter_id: Option<i64>,
    pub name: String,
    pub provider: String,
    pub pubsub_token: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Value>,
    pub role: Option<&'static str>,
    pub ui_settings: Value,
    pub uid: String,
    #[serde(rename = "type")]
    pub user_type: Option<String>,
    pub accounts: Vec<MembershipView>,
}

#[derive(Serialize)]
pub struct MembershipView {
    pub id: i64,
    pub name: String,
    pub status: &'static str,
    pub active_at: Option<String>,
    pub role: &'static str,
    pub permissions: Vec<&'static str>,
    pub availability: &'static str,
    pub availability_status: &'static str,
    pub auto_offline: bool,
}

pub use app::payloads::user::available_name;

fn role_name(role: i32) -> &'static str {
    Role::from_i32(role).unwrap_or(Role::Agent).as_str()
}

impl UserView {
    pub fn new(
        u: &User,
        access_token: Option<String>,
        memberships: &[Membership],
        presence: &Presence,
    ) -> Self {
        // `active_account_user`: the most recently active membership (NULLS LAST), first by id on ties.
        let active = memberships.iter().enumerate().max_by(|(ia, a), (ib, b)| {
            a.active_at
                .is_some()
                .cmp(&b.active_at.is_some())
                .then(a.active_at.cmp(&b.active_at))
                .then(ib.cmp(ia))
        });
        let active = active.map(|(_, m)| m);
        let custom = u
            .custom_attributes
            .as_ref()
            .map(|j| j.0.clone())
            .filter(|v| v.as_object().is_some_and(|o| !o.is_empty()));
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
            inviter_id: active.and_then(|m| m.inviter_id),
            name: u.name.clone(),
            provider: u.provider.clone(),
            pubsub_token: u.pubsub_token.clone(),
            custom_attributes: custom,
            role: active.map(|m| role_name(m.role)),
            ui_settings: u
                .ui_settings
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or_else(|| Value::Object(Default::default())),
            uid: u.uid.clone(),
            user_type: u.user_type.clone(),
            accounts: memberships
                .iter()
                .map(|m| MembershipView {
                    id: m.account_id,
                    name: m.account_name.clone(),
                    status: AccountStatus::from_i32(m.account_status.unwrap_or(0))
                        .unwrap_or(AccountStatus::Active)
                        .as_str(),
                    active_at: iso_opt(m.active_at),
                    role: role_name(m.role),
                    permissions: vec![role_name(m.role)],
                    availability: Availability::from_i32(m.availability)
                        .unwrap_or(Availability::Online)
                        .as_str(),
                    availability_status: user_availability_status(
                        presence,
                        m.account_id,
                        u.id,
                        m.availability,
                        m.auto_offline,
                    ),
                    auto_offline: m.auto_offline,
                })
                .collect(),
        }
    }

    /// Loads what the view needs for `user`.
    pub async fn load(app: &app::App, u: &User) -> Result<Self, crate::error::ApiError> {
        let token =
            store::access_tokens::token_for(&app.db, store::access_tokens::OWNER_USER, u.id)
                .await?;
        let memberships = store::account_users::memberships(&app.db, u.id).await?;
        Ok(UserView::new(u, token, &memberships, &app.presence))
    }
}
