//! Bulk rows for the benchmark (`switchboard bench`): generated inside the database with one
//! INSERT ... SELECT per table, so seeding millions of rows costs no round trips. Expects a
//! fresh database, where new ids are contiguous.

use crate::{Exec, Result, Sql};

/// What to seed into one account and inbox.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub account_id: i64,
    pub inbox_id: i64,
    pub agent_id: i64,
    pub contacts: i64,
    pub conversations: i64,
    pub messages_per_conversation: i64,
}

async fn min_id(e: &impl Exec, table: &str, account_id: i64) -> Result<i64> {
    let q = Sql::new(format!(
        "SELECT CAST(COALESCE(MIN(id), 0) AS BIGINT) FROM {table} WHERE account_id = $1"
    ))
    .bind(account_id);
    e.scalar(q).await
}

/// Contacts with one contact inbox each (source ids `bench-<contact id>`).
pub async fn contacts(e: &impl Exec, p: &Plan) -> Result<()> {
    let b = e.backend();
    let q = Sql::new(format!(
        "{} INSERT INTO contacts (name, email, phone_number, account_id, created_at, updated_at, last_activity_at) \
         SELECT 'Contact ' || i, 'contact' || i || '@bench.test', '+1555' || (1000000 + i), $2, {t}, {t}, {t} FROM seq",
        b.series("$1"),
        t = b.epoch_plus("i"),
    ))
    .bind(p.contacts)
    .bind(p.account_id);
    e.execute(q).await?;
    let q = Sql::new(
        "INSERT INTO contact_inboxes (contact_id, inbox_id, source_id, created_at, updated_at, hmac_verified, pubsub_token) \
         SELECT id, $1, 'bench-' || id, created_at, created_at, FALSE, 'pubsub-' || id FROM contacts WHERE account_id = $2",
    )
    .bind(p.inbox_id)
    .bind(p.account_id);
    e.execute(q).await?;
    Ok(())
}

/// Conversations spread over the contacts: half open, the rest resolved, pending or snoozed; a
/// third unassigned, a third the agent's, a third the administrator's (`admin_id`).
pub async fn conversations(e: &impl Exec, p: &Plan, admin_id: i64) -> Result<()> {
    let b = e.backend();
    let contact0 = min_id(e, "contacts", p.account_id).await?;
    let ci0: i64 = e
        .scalar(Sql::new("SELECT CAST(COALESCE(MIN(id), 0) AS BIGINT) FROM contact_inboxes WHERE inbox_id = $1").bind(p.inbox_id))
        .await?;
    let q = Sql::new(format!(
        "{} INSERT INTO conversations (account_id, inbox_id, status, assignee_id, contact_id, display_id, contact_inbox_id, \
         uuid, last_activity_at, additional_attributes, custom_attributes, waiting_since, created_at, updated_at) \
         SELECT $2, $3, CASE WHEN i % 10 < 5 THEN 0 WHEN i % 10 < 8 THEN 1 WHEN i % 10 < 9 THEN 2 ELSE 3 END, \
         CASE i % 3 WHEN 0 THEN NULL WHEN 1 THEN $4 ELSE $5 END, $6 + ((i - 1) % $7), i, $8 + ((i - 1) % $7), \
         'bench-' || i, {t}, '{{}}', '{{}}', NULL, {t}, {t} FROM seq",
        b.series("$1"),
        t = b.epoch_plus("i * 30"),
    ))
    .bind(p.conversations)
    .bind(p.account_id)
    .bind(p.inbox_id)
    .bind(p.agent_id)
    .bind(admin_id)
    .bind(contact0)
    .bind(p.contacts)
    .bind(ci0);
    e.execute(q).await?;
    let q = Sql::new(
        "INSERT INTO account_counters (account_id, name, value) VALUES ($1, 'conversation_display_id', $2) \
         ON CONFLICT (account_id, name) DO UPDATE SET value = excluded.value",
    )
    .bind(p.account_id)
    .bind(p.conversations);
    e.execute(q).await?;
    Ok(())
}

/// The table's secondary indexes, dropped; returns their CREATE statements for
/// [`create_indexes`]. Building an index once over millions of rows is several times faster
/// than inserting the rows into it one by one.
async fn drop_indexes(e: &impl Exec, table: &str) -> Result<Vec<String>> {
    let q = Sql::new(e.backend().index_definitions("$1")).bind(table);
    let defs: Vec<(String, String)> = e.fetch_all(q).await?;
    for (name, _) in &defs {
        e.execute(Sql::new(format!("DROP INDEX {name}"))).await?;
    }
    Ok(defs.into_iter().map(|(_, sql)| sql).collect())
}

async fn create_indexes(e: &impl Exec, defs: Vec<String>) -> Result<()> {
    for sql in defs {
        e.execute(Sql::new(sql)).await?;
    }
    Ok(())
}

/// `messages_per_conversation` messages in each conversation, alternating incoming (from the
/// contact) and outgoing (from the agent); the message indexes are built afterwards.
pub async fn messages(e: &impl Exec, p: &Plan) -> Result<()> {
    let indexes = drop_indexes(e, "messages").await?;
    insert_messages(e, p).await?;
    create_indexes(e, indexes).await
}

async fn insert_messages(e: &impl Exec, p: &Plan) -> Result<()> {
    let b = e.backend();
    let conv0 = min_id(e, "conversations", p.account_id).await?;
    let per = p.messages_per_conversation;
    let q = Sql::new(format!(
        "{} INSERT INTO messages (content, account_id, inbox_id, conversation_id, message_type, private, status, content_type, \
         content_attributes, sender_type, sender_id, created_at, updated_at) \
         SELECT 'Message ' || i, $2, $3, c.id, (i % 2), FALSE, 0, 0, '{{}}', \
         CASE WHEN i % 2 = 1 THEN 'User' ELSE 'Contact' END, CASE WHEN i % 2 = 1 THEN $6 ELSE c.contact_id END, {t}, {t} \
         FROM seq JOIN conversations c ON c.id = $4 + ((i - 1) / $5)",
        b.series("$1"),
        t = b.epoch_plus("i * 3"),
    ))
    .bind(p.conversations * per)
    .bind(p.account_id)
    .bind(p.inbox_id)
    .bind(conv0)
    .bind(per)
    .bind(p.agent_id);
    e.execute(q).await?;
    Ok(())
}
