//! `conversation_participants`: agents following a conversation (unique per user).

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

/// The participants' user ids, in the order they joined.
pub async fn user_ids(e: &impl Exec, conversation_id: i64) -> Result<Vec<i64>> {
    let q = Sql::new(
        "SELECT user_id FROM conversation_participants WHERE conversation_id = $1 ORDER BY id",
    )
    .bind(conversation_id);
    let rows: Vec<(i64,)> = e.fetch_all(q).await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// Adds the user unless already there.
pub async fn insert(
    e: &impl Exec,
    account_id: i64,
    conversation_id: i64,
    user_id: i64,
    now: NaiveDateTime,
) -> Result<u64> {
    let q = Sql::new(
        "INSERT INTO conversation_participants (account_id, user_id, conversation_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (user_id, conversation_id) DO NOTHING",
    )
    .bind(account_id)
    .bind(user_id)
    .bind(conversation_id)
    .bind(now);
    e.execute(q).await
}

pub async fn delete(e: &impl Exec, conversation_id: i64, user_id: i64) -> Result<u64> {
    let q = Sql::new(
        "DELETE FROM conversation_participants WHERE conversation_id = $1 AND user_id = $2",
    )
    .bind(conversation_id)
    .bind(user_id);
    e.execute(q).await
}
