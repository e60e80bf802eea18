//! What a contact merge moves from the mergee to the base contact (upstream
//! `ContactMergeAction#merge_conversations` and `#merge_messages`): its conversations and the
//! messages it sent. Each returns the rows as they were, so the caller can tell who changed.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

/// A moved conversation, by its ids.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MovedConversation {
    pub id: i64,
    pub display_id: i64,
    pub inbox_id: i64,
    pub updated_at: NaiveDateTime,
}

/// A moved message, with its conversation's ids and its `updated_at` before the move.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MovedMessage {
    pub id: i64,
    pub conversation_id: i64,
    pub display_id: i64,
    pub inbox_id: i64,
    pub updated_at: NaiveDateTime,
}

pub async fn move_conversations(
    e: &impl Exec,
    from: i64,
    to: i64,
    now: NaiveDateTime,
) -> Result<Vec<MovedConversation>> {
    let rows: Vec<MovedConversation> = e
        .fetch_all(
            Sql::new(
                "SELECT id, display_id, inbox_id, updated_at FROM conversations \
                 WHERE contact_id = $1 ORDER BY id",
            )
            .bind(from),
        )
        .await?;
    e.execute(
        Sql::new("UPDATE conversations SET contact_id = $2, updated_at = $3 WHERE contact_id = $1")
            .bind(from)
            .bind(to)
            .bind(now),
    )
    .await?;
    Ok(rows)
}

pub async fn move_messages(
    e: &impl Exec,
    from: i64,
    to: i64,
    now: NaiveDateTime,
) -> Result<Vec<MovedMessage>> {
    let rows: Vec<MovedMessage> = e
        .fetch_all(
            Sql::new(
                "SELECT m.id, m.conversation_id, c.display_id, c.inbox_id, m.updated_at \
                 FROM messages m JOIN conversations c ON c.id = m.conversation_id \
                 WHERE m.sender_type = 'Contact' AND m.sender_id = $1 ORDER BY m.id",
            )
            .bind(from),
        )
        .await?;
    e.execute(
        Sql::new(
            "UPDATE messages SET sender_id = $2, updated_at = $3 \
             WHERE sender_type = 'Contact' AND sender_id = $1",
        )
        .bind(from)
        .bind(to)
        .bind(now),
    )
    .await?;
    Ok(rows)
}
