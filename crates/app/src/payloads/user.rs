//! `User#push_event_data` and `User#webhook_data` (app/models/user.rb).

use crate::presence::user_availability_status;
use crate::{App, Result};
use serde_json::{json, Value};
use store::inbox_members::AccountAgent;
use store::Exec;

/// `available_name`: the display name unless blank, else the name.
pub fn available_name(u: &store::users::User) -> String {
    u.display_name
        .clone()
        .filter(|d| !d.trim().is_empty())
        .unwrap_or_else(|| u.name.clone())
}

/// `push_event_data` of a user as a member of `account_id` (availability is per account).
pub fn push(app: &App, a: &AccountAgent, account_id: i64) -> Value {
    let u = &a.user;
    json!({
        "id": u.id,
        "name": u.name,
        "available_name": available_name(u),
        "avatar_url": "",
        "type": "user",
        "availability_status": user_availability_status(
            &app.presence, account_id, u.id, a.member_availability, a.member_auto_offline),
        "thumbnail": "",
    })
}

pub async fn push_data(
    app: &App,
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
) -> Result<Option<Value>> {
    let users = store::messages::sender_users(e, account_id, &[user_id]).await?;
    Ok(users.first().map(|a| push(app, a, account_id)))
}

pub fn webhook(u: &store::users::User) -> Value {
    json!({ "id": u.id, "name": u.name, "email": u.email, "type": "user" })
}
