//! `api/v1/models/_agent.json.jbuilder`: a user as a member of the current account (agents,
//! team members). Community-edition shape: no `custom_role_id`.

use crate::views::user::available_name;
use app::presence::{user_availability_status, Presence};
use domain::enums::Role;
use serde::Serialize;
use serde_json::Value;
use store::account_users::AccountUser;
use store::users::User;

#[derive(Serialize)]
pub struct AgentView {
    pub id: i64,
    pub account_id: i64,
    pub availability_status: &'static str,
    pub auto_offline: bool,
    pub confirmed: bool,
    pub email: Option<String>,
    pub provider: String,
    pub available_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Value>,
    pub name: String,
    pub role: &'static str,
    pub thumbnail: String,
}

impl AgentView {
    pub fn new(u: &User, au: &AccountUser, presence: &Presence) -> Self {
        AgentView {
            id: u.id,
            account_id: au.account_id,
            availability_status: user_availability_status(
                presence,
                au.account_id,
                u.id,
                au.availability,
                au.auto_offline,
            ),
            auto_offline: au.auto_offline,
            confirmed: u.confirmed_at.is_some(),
            email: u.email.clone(),
            provider: u.provider.clone(),
            available_name: available_name(u),
            // `if resource.custom_attributes.present?`
            custom_attributes: u
                .custom_attributes
                .as_ref()
                .map(|j| j.0.clone())
                .filter(|v| v.as_object().is_some_and(|o| !o.is_empty())),
            name: u.name.clone(),
            role: Role::from_i32(au.role).unwrap_or(Role::Agent).as_str(),
            thumbnail: String::new(),
        }
    }

    /// Views of `users` as members of the account whose memberships are `members`; a user
    /// without one there is left out.
    pub fn list(users: &[User], members: &[AccountUser], presence: &Presence) -> Vec<Self> {
        users
            .iter()
            .filter_map(|u| {
                members
                    .iter()
                    .find(|au| au.user_id == u.id)
                    .map(|au| AgentView::new(u, au, presence))
            })
            .collect()
    }
}
