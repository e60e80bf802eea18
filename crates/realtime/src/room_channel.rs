//! `RoomChannel` (upstream app/channels/room_channel.rb). The connection is unauthenticated; the
//! pubsub token in the subscription identifier is the credential. With `user_id` it must be that
//! user's token and the account one of theirs, and the subscription streams the token and
//! `account_<id>`; without, it must be a contact inbox's token and streams that token alone.

use crate::presence::{availability_name, Presence, PresenceKind};
use serde_json::{json, Map, Value};
use store::{Db, Result};

/// The identifier's parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoomParams {
    pub pubsub_token: String,
    pub account_id: Option<i64>,
    pub user_id: Option<i64>,
    /// `user_id` was given (even unreadable): the subscriber must then be a user.
    pub as_user: bool,
}

impl RoomParams {
    /// Reads a decoded identifier; None when it names another channel or has no token.
    pub fn parse(identifier: &Value) -> Option<RoomParams> {
        if identifier.get("channel").and_then(Value::as_str) != Some("RoomChannel") {
            return None;
        }
        let pubsub_token = identifier.get("pubsub_token")?.as_str()?.to_string();
        let user = identifier.get("user_id").filter(|v| !is_blank(v));
        Some(RoomParams {
            pubsub_token,
            account_id: identifier.get("account_id").and_then(id_param),
            user_id: user.and_then(id_param),
            as_user: user.is_some(),
        })
    }
}

/// Rails' `blank?` for a parameter.
fn is_blank(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::String(s) => s.trim().is_empty(),
        _ => false,
    }
}

/// An id given as a number or a numeric string, as Rails' params allow.
fn id_param(v: &Value) -> Option<i64> {
    match v {
        Value::Number(n) => n.as_i64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// Who subscribed, in which account.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subscriber {
    User { id: i64, account_id: i64 },
    Contact { id: i64, account_id: i64 },
}

impl Subscriber {
    pub fn kind(self) -> PresenceKind {
        match self {
            Subscriber::User { .. } => PresenceKind::User,
            Subscriber::Contact { .. } => PresenceKind::Contact,
        }
    }

    pub fn id(self) -> i64 {
        match self {
            Subscriber::User { id, .. } | Subscriber::Contact { id, .. } => id,
        }
    }

    pub fn account_id(self) -> i64 {
        match self {
            Subscriber::User { account_id, .. } | Subscriber::Contact { account_id, .. } => {
                account_id
            }
        }
    }
}

/// `current_user` and `current_account`: None when upstream's `find_by!`/`find` would raise.
pub async fn authorize(db: &Db, p: &RoomParams) -> Result<Option<Subscriber>> {
    if !p.as_user {
        return Ok(store::cable::find_contact(db, &p.pubsub_token)
            .await?
            .map(|(id, account_id)| Subscriber::Contact { id, account_id }));
    }
    let (Some(user_id), Some(account_id)) = (p.user_id, p.account_id) else {
        return Ok(None);
    };
    if store::cable::find_user_id(db, &p.pubsub_token, user_id)
        .await?
        .is_none()
    {
        return Ok(None);
    }
    Ok(store::account_users::find(db, account_id, user_id)
        .await?
        .map(|_| Subscriber::User {
            id: user_id,
            account_id,
        }))
}

/// `ensure_stream`.
pub fn streams(p: &RoomParams, s: Subscriber) -> Vec<String> {
    match s {
        Subscriber::User { account_id, .. } => {
            vec![p.pubsub_token.clone(), format!("account_{account_id}")]
        }
        Subscriber::Contact { .. } => vec![p.pubsub_token.clone()],
    }
}

/// `broadcast_presence`'s message: the account's available users with their status, and (for a
/// user) its online contacts.
pub async fn presence_update(db: &Db, presence: &Presence, s: Subscriber) -> Result<Value> {
    let account_id = s.account_id();
    let online = presence.online(account_id, PresenceKind::User);
    let mut users = Map::new();
    // `get_available_user_ids`: present users, and members who never go offline by themselves;
    // each with the availability they chose.
    for m in store::cable::member_availability(db, account_id).await? {
        if !m.auto_offline || online.binary_search(&m.user_id).is_ok() {
            users.insert(
                m.user_id.to_string(),
                availability_name(m.availability).into(),
            );
        }
    }
    let mut data = json!({"account_id": account_id, "users": users});
    if let Subscriber::User { .. } = s {
        let contacts: Map<String, Value> = presence
            .online(account_id, PresenceKind::Contact)
            .into_iter()
            .map(|id| (id.to_string(), Value::from("online")))
            .collect();
        data["contacts"] = contacts.into();
    }
    Ok(json!({"event": "presence.update", "data": data}))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_parse_like_rails_params() {
        let p = RoomParams::parse(&json!({"channel": "RoomChannel", "pubsub_token": "t", "account_id": "3", "user_id": 4})).unwrap();
        assert_eq!(
            p,
            RoomParams {
                pubsub_token: "t".into(),
                account_id: Some(3),
                user_id: Some(4),
                as_user: true
            }
        );
        let c = RoomParams::parse(
            &json!({"channel": "RoomChannel", "pubsub_token": "t", "user_id": ""}),
        )
        .unwrap();
        assert!(!c.as_user);
        let bad = RoomParams::parse(
            &json!({"channel": "RoomChannel", "pubsub_token": "t", "user_id": "x"}),
        )
        .unwrap();
        assert!(bad.as_user && bad.user_id.is_none());
        assert!(RoomParams::parse(&json!({"channel": "Other", "pubsub_token": "t"})).is_none());
        assert!(RoomParams::parse(&json!({"channel": "RoomChannel"})).is_none());
    }
}
