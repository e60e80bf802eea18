//! Batch reads for rendering conversations: everything the `_conversation` partial and the
//! attachments list need for a whole page, each in one query (ids bound as one JSON list).

use crate::{Exec, Result, Sql};

/// `(id, channel_type)` of inboxes, for `meta.channel`.
pub async fn inbox_channels(e: &impl Exec, ids: &[i64]) -> Result<Vec<(i64, Option<String>)>> {
    in_list(e, "SELECT id, channel_type FROM inboxes WHERE id IN", ids).await
}

/// `(id, hmac_verified, source_id)` of contact inboxes, for `meta.hmac_verified` and the
/// messages' push data.
pub async fn contact_inbox_bits(
    e: &impl Exec,
    ids: &[i64],
) -> Result<Vec<(i64, Option<bool>, String)>> {
    in_list(
        e,
        "SELECT id, hmac_verified, source_id FROM contact_inboxes WHERE id IN",
        ids,
    )
    .await
}

/// The newest message of each conversation (`messages.last`), or with `non_activity` the
/// newest that is not an activity (`non_activity_messages.first`): one query for a page.
pub async fn last_messages(
    e: &impl Exec,
    ids: &[i64],
    non_activity: bool,
) -> Result<Vec<crate::messages::Message>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("");
    let list = q.arg(serde_json::json!(ids));
    let kind = if non_activity {
        " AND message_type <> 2"
    } else {
        ""
    };
    q.push(&format!(
        "SELECT id, content, account_id, inbox_id, conversation_id, message_type, private, status, \
         source_id, content_type, content_attributes, sender_type, sender_id, external_source_ids, \
         additional_attributes, processed_message_content, sentiment, echo_id, created_at, updated_at \
         FROM messages WHERE id IN (SELECT MAX(id) FROM messages WHERE conversation_id IN ({}){kind} \
         GROUP BY conversation_id)",
        e.backend().json_int_list(&list)
    ));
    e.fetch_all(q).await
}

/// Unread incoming messages per conversation (`unread_incoming_messages.count`): incoming
/// messages newer than the agent's last visit.
pub async fn unread_counts(e: &impl Exec, ids: &[i64]) -> Result<Vec<(i64, i64)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("");
    let list = q.arg(serde_json::json!(ids));
    q.push(&format!(
        "SELECT m.conversation_id, CAST(COUNT(*) AS BIGINT) FROM messages m \
         JOIN conversations c ON c.id = m.conversation_id \
         WHERE m.conversation_id IN ({}) AND m.message_type = 0 AND m.account_id = c.account_id \
         AND (c.agent_last_seen_at IS NULL OR m.created_at > c.agent_last_seen_at) \
         GROUP BY m.conversation_id",
        e.backend().json_int_list(&list)
    ));
    e.fetch_all(q).await
}

/// Runs `head (<ids>)` with the ids as one bound JSON list.
async fn in_list<T: crate::Record>(e: &impl Exec, head: &str, ids: &[i64]) -> Result<Vec<T>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("");
    let list = q.arg(serde_json::json!(ids));
    q.push(&format!("{head} ({})", e.backend().json_int_list(&list)));
    e.fetch_all(q).await
}

/// The account's contacts with these ids (the conversations' senders), in one query.
pub async fn contacts_by_ids(
    e: &impl Exec,
    account_id: i64,
    ids: &[i64],
) -> Result<Vec<crate::contacts::Contact>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("");
    let account = q.arg(account_id);
    let list = q.arg(serde_json::json!(ids));
    q.push(&format!(
        "SELECT {} FROM contacts WHERE account_id = {account} AND id IN ({})",
        crate::contacts::COLUMN_NAMES.join(", "),
        e.backend().json_int_list(&list)
    ));
    e.fetch_all(q).await
}

/// The stored file keys of the conversation's attachments (removed from disk on destroy).
pub async fn attachment_file_keys(e: &impl Exec, id: i64) -> Result<Vec<String>> {
    let q = Sql::new(
        "SELECT a.file_key FROM attachments a JOIN messages m ON m.id = a.message_id \
         WHERE m.conversation_id = $1 AND a.file_key IS NOT NULL",
    )
    .bind(id);
    let rows: Vec<(String,)> = e.fetch_all(q).await?;
    Ok(rows.into_iter().map(|(k,)| k).collect())
}

/// A page of the conversation's attachments, newest first, and their total.
pub async fn attachments_page(
    e: &impl Exec,
    id: i64,
    page: i64,
    per_page: i64,
) -> Result<(Vec<crate::attachments::Attachment>, i64)> {
    let q = Sql::new(
        "SELECT a.id, a.file_type, a.external_url, a.coordinates_lat, a.coordinates_long, a.message_id, \
         a.account_id, a.fallback_title, a.extension, a.meta, a.file_key, a.file_name, a.file_content_type, \
         a.file_byte_size, a.created_at, a.updated_at FROM attachments a JOIN messages m ON m.id = a.message_id \
         WHERE m.conversation_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2 OFFSET $3",
    )
    .bind(id)
    .bind(per_page)
    .bind((page - 1).max(0) * per_page);
    let rows = e.fetch_all(q).await?;
    let count = Sql::new(
        "SELECT CAST(COUNT(*) AS BIGINT) FROM attachments a JOIN messages m ON m.id = a.message_id \
         WHERE m.conversation_id = $1",
    )
    .bind(id);
    Ok((rows, e.scalar::<i64>(count).await?))
}

/// The conversation's newest public, non-activity message (`messages.chat.last`).
pub async fn last_chat_message(
    e: &impl Exec,
    conversation_id: i64,
) -> Result<Option<crate::messages::Message>> {
    // Newest first: the scan stops at the first match however long the conversation is.
    let q = Sql::new(
        "SELECT id, content, account_id, inbox_id, conversation_id, message_type, private, status, \
         source_id, content_type, content_attributes, sender_type, sender_id, external_source_ids, \
         additional_attributes, processed_message_content, sentiment, echo_id, created_at, updated_at \
         FROM messages WHERE conversation_id = $1 AND message_type <> 2 AND private = FALSE \
         ORDER BY id DESC LIMIT 1",
    )
    .bind(conversation_id);
    e.fetch_optional(q).await
}

/// The messages with these ids (the senders of an attachments page).
pub async fn messages_by_ids(e: &impl Exec, ids: &[i64]) -> Result<Vec<crate::messages::Message>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("");
    let list = q.arg(serde_json::json!(ids));
    q.push(&format!(
        "SELECT id, content, account_id, inbox_id, conversation_id, message_type, private, status, \
         source_id, content_type, content_attributes, sender_type, sender_id, external_source_ids, \
         additional_attributes, processed_message_content, sentiment, echo_id, created_at, updated_at \
         FROM messages WHERE id IN ({})",
        e.backend().json_int_list(&list)
    ));
    e.fetch_all(q).await
}
