//! What the realtime layer reads: who may subscribe to a pubsub token (upstream
//! app/channels/room_channel.rb), who hears an event (the `user_tokens` and
//! `contact_inbox_tokens` of app/listeners/action_cable_listener.rb), and the availability
//! `OnlineStatusTracker.get_available_users` reports.

use crate::{Exec, Result, Sql};

/// `User.find_by(pubsub_token:, id:)`: the user's id when both match.
pub async fn find_user_id(e: &impl Exec, pubsub_token: &str, user_id: i64) -> Result<Option<i64>> {
    let q = Sql::new("SELECT id FROM users WHERE pubsub_token = $1 AND id = $2")
        .bind(pubsub_token)
        .bind(user_id);
    Ok(e.fetch_optional::<(i64,)>(q).await?.map(|r| r.0))
}

/// `ContactInbox.find_by(pubsub_token:).contact`: (contact id, its account id).
pub async fn find_contact(e: &impl Exec, pubsub_token: &str) -> Result<Option<(i64, i64)>> {
    let q = Sql::new(
        "SELECT c.id, c.account_id FROM contact_inboxes ci JOIN contacts c ON c.id = ci.contact_id \
         WHERE ci.pubsub_token = $1",
    )
    .bind(pubsub_token);
    e.fetch_optional(q).await
}

/// The pubsub tokens of the inbox's members and of the account's administrators, each once
/// (`user_tokens(account, conversation.inbox.members)`).
pub async fn inbox_user_tokens(
    e: &impl Exec,
    account_id: i64,
    inbox_id: i64,
) -> Result<Vec<String>> {
    let q = Sql::new(
        "SELECT pubsub_token FROM users WHERE pubsub_token IS NOT NULL AND (\
           id IN (SELECT user_id FROM inbox_members WHERE inbox_id = $1) \
           OR id IN (SELECT user_id FROM account_users WHERE account_id = $2 AND role = 1)) \
         ORDER BY id",
    )
    .bind(inbox_id)
    .bind(account_id);
    Ok(e.fetch_all::<(String,)>(q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}

/// `contact_inbox_tokens(conversation.contact_inbox)`: the conversation's contact inbox token; when
/// that contact inbox is HMAC-verified, the tokens of every verified contact inbox of the contact.
pub async fn contact_inbox_tokens(e: &impl Exec, conversation_id: i64) -> Result<Vec<String>> {
    let q = Sql::new(
        "SELECT other.pubsub_token FROM conversations cv \
         JOIN contact_inboxes ci ON ci.id = cv.contact_inbox_id \
         JOIN contact_inboxes other ON other.id = ci.id \
           OR (COALESCE(ci.hmac_verified, FALSE) AND other.contact_id = ci.contact_id \
               AND COALESCE(other.hmac_verified, FALSE)) \
         WHERE cv.id = $1 AND other.pubsub_token IS NOT NULL \
         ORDER BY other.id",
    )
    .bind(conversation_id);
    Ok(e.fetch_all::<(String,)>(q)
        .await?
        .into_iter()
        .map(|r| r.0)
        .collect())
}

/// The pubsub token of the conversation's own contact inbox (typing events use this one only).
pub async fn conversation_contact_token(
    e: &impl Exec,
    conversation_id: i64,
) -> Result<Option<String>> {
    let q = Sql::new(
        "SELECT ci.pubsub_token FROM conversations cv JOIN contact_inboxes ci ON ci.id = cv.contact_inbox_id \
         WHERE cv.id = $1",
    )
    .bind(conversation_id);
    Ok(e.fetch_optional::<(Option<String>,)>(q)
        .await?
        .and_then(|r| r.0))
}

/// A user's pubsub token.
pub async fn user_token(e: &impl Exec, user_id: i64) -> Result<Option<String>> {
    let q = Sql::new("SELECT pubsub_token FROM users WHERE id = $1").bind(user_id);
    Ok(e.fetch_optional::<(Option<String>,)>(q)
        .await?
        .and_then(|r| r.0))
}

/// One member's availability in an account, as presence reports it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MemberAvailability {
    pub user_id: i64,
    pub availability: i32,
    pub auto_offline: bool,
}

/// Every member of the account with their chosen availability.
pub async fn member_availability(
    e: &impl Exec,
    account_id: i64,
) -> Result<Vec<MemberAvailability>> {
    let q = Sql::new(
        "SELECT user_id, availability, auto_offline FROM account_users \
         WHERE account_id = $1 AND user_id IS NOT NULL ORDER BY user_id",
    )
    .bind(account_id);
    e.fetch_all(q).await
}
