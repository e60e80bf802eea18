//! PostgreSQL LISTEN/NOTIFY, which carries realtime frames between nodes (Chatwoot uses Redis
//! pub/sub for this), and `cable_broadcasts`, which holds the frames too large for a NOTIFY
//! payload (PostgreSQL refuses 8000 bytes or more) so the notification carries only their id.

use crate::{Backend, Db, Exec, Result, Sql};
use chrono::NaiveDateTime;
use sqlx::postgres::PgListener;

/// Longest channel name PostgreSQL keeps (NAMEDATALEN - 1).
const CHANNEL_MAX: usize = 63;

/// The channel for `base` in this connection's schema: nodes share a channel only when they share
/// the schema, so separate deployments (or parallel test schemas) on one database stay apart.
pub async fn channel(e: &impl Exec, base: &str) -> Result<String> {
    if e.backend() == Backend::Sqlite {
        return Ok(base.to_string());
    }
    let schema: String = e
        .scalar(Sql::new("SELECT CAST(current_schema() AS VARCHAR)"))
        .await?;
    let mut name = format!("{base}_{schema}");
    while name.len() > CHANNEL_MAX {
        name.pop();
    }
    Ok(name)
}

/// `pg_notify(channel, payload)`; the payload must stay under 8000 bytes.
pub async fn notify(e: &impl Exec, channel: &str, payload: &str) -> Result<()> {
    e.execute(
        Sql::new("SELECT pg_notify($1, $2)")
            .bind(channel)
            .bind(payload),
    )
    .await?;
    Ok(())
}

/// A dedicated connection LISTENing on one channel.
pub struct Listener {
    inner: PgListener,
}

impl Db {
    /// Listens on `channel`; None on SQLite, which has one node and nothing to listen to.
    pub async fn listen(&self, channel: &str) -> Result<Option<Listener>> {
        let Some(pool) = self.pg_pool() else {
            return Ok(None);
        };
        let mut inner = PgListener::connect_with(pool).await?;
        inner.listen(channel).await?;
        Ok(Some(Listener { inner }))
    }
}

impl Listener {
    /// The next notification's payload. A lost connection is re-established (notifications sent
    /// meanwhile are lost, as with Redis pub/sub); an error means the pool was closed.
    pub async fn recv(&mut self) -> Result<String> {
        Ok(self.inner.recv().await?.payload().to_string())
    }
}

/// Stores a frame too large to NOTIFY; returns its id.
pub async fn insert_broadcast(e: &impl Exec, payload: &str, now: NaiveDateTime) -> Result<i64> {
    e.scalar(
        Sql::new("INSERT INTO cable_broadcasts (payload, created_at) VALUES ($1, $2) RETURNING id")
            .bind(payload)
            .bind(now),
    )
    .await
}

pub async fn find_broadcast(e: &impl Exec, id: i64) -> Result<Option<String>> {
    let q = Sql::new("SELECT payload FROM cable_broadcasts WHERE id = $1").bind(id);
    Ok(e.fetch_optional::<(String,)>(q).await?.map(|r| r.0))
}

/// Drops frames every node has had time to fetch.
pub async fn delete_broadcasts_before(e: &impl Exec, before: NaiveDateTime) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM cable_broadcasts WHERE created_at < $1").bind(before))
        .await
}
