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

/// The membership fields the agent view needs.
pub struct Membership {
    pub account_id: i64,
    pub role: i32,
    pub availability: i32,
    pub auto_offline: bool,
}

impl From<&AccountUser> for Membership {
    fn from(au: &AccountUser) -> Self {
        Membership {
            account_id: au.account_id,
            role: au.role,
            availability: au.availability,
            auto_offline: au.auto_offline,
        }
    }
}

impl AgentView {
    pub fn new(u: &User, au: &AccountUser, presence: &Presence) -> Self {
        Self::of(u, &Membership::from(au), presence)
    }

    /// A user joined with its membership of the account (`store::inbox_members::AccountAgent`).
    pub fn of_agent(
        a: &store::inbox_members::AccountAgent,
        account_id: i64,
        presence: &Presence,
    ) -> Self {
        let m = Membership {
            account_id,
            role: a.member_role,
            availability: a.member_availability,
            auto_offline: a.member_auto_offline,
        };
        Self::of(&a.user, &m, presence)
    }

    pub fn of(u: &User, m: &Membership, presence: &Presence) -> Self {
        AgentView {
            id: u.id,
            account_id: m.account_id,
            availability_status: user_availability_status(
                presence,
                m.account_id,
                u.id,
                m.availability,
                m.auto_offline,
            ),
            auto_offline: m.auto_offline,
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
            role: Role::from_i32(m.role).unwrap_or(Role::Agent).as_str(),
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
