//! `api/v1/models/_team.json.jbuilder`.

use serde::Serialize;
use store::teams::Team;

#[derive(Serialize)]
pub struct TeamView {
    pub id: i64,
    pub name: String,
    pub description: Option<String>,
    pub allow_auto_assign: Option<bool>,
    pub account_id: i64,
    /// Whether the caller belongs to the team.
    pub is_member: bool,
}

impl TeamView {
    pub fn new(t: &Team, is_member: bool) -> Self {
        TeamView {
            id: t.id,
            name: t.name.clone(),
            description: t.description.clone(),
            allow_auto_assign: t.allow_auto_assign,
            account_id: t.account_id,
            is_member,
        }
    }
}
