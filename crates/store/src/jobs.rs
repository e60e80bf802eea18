//! `jobs`: the durable job queue. Enqueue inside the caller's transaction so a change and the
//! work it causes commit together; workers claim, then complete, retry or give up.
//!
//! A claim takes the oldest due job that is not locked (or whose lock expired, so a crashed
//! node's job runs again elsewhere) and that no earlier unfinished job with the same
//! `ordering_key` precedes. PostgreSQL nodes claim with `FOR UPDATE SKIP LOCKED`, so two never
//! take one job; on SQLite the single writer makes the `UPDATE ... RETURNING` atomic.

use crate::{Db, Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

/// Attempts a job gets unless its producer says otherwise: with the worker's default backoff
/// (full jitter, doubling from a minute, capped at 12 h) they span about a day.
pub const DEFAULT_MAX_ATTEMPTS: i32 = 13;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Job {
    pub id: i64,
    pub queue: String,
    pub kind: String,
    pub payload: Option<Json<JsonValue>>,
    pub ordering_key: Option<String>,
    pub run_at: NaiveDateTime,
    /// Attempts started so far, this one included once claimed.
    pub attempts: i32,
    pub max_attempts: i32,
    pub locked_by: Option<String>,
    pub locked_until: Option<NaiveDateTime>,
    pub last_error: Option<String>,
    pub last_status: Option<i32>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub finished_at: Option<NaiveDateTime>,
    pub failed_at: Option<NaiveDateTime>,
}

#[derive(Debug, Clone)]
pub struct NewJob {
    pub queue: String,
    pub kind: String,
    pub payload: JsonValue,
    pub ordering_key: Option<String>,
    pub run_at: NaiveDateTime,
    pub max_attempts: i32,
}

const COLUMNS: &str = "id, queue, kind, payload, ordering_key, run_at, attempts, max_attempts, \
     locked_by, locked_until, last_error, last_status, created_at, updated_at, finished_at, failed_at";

/// Adds a job; pass the caller's transaction so it commits (or rolls back) with the change.
pub async fn enqueue(e: &impl Exec, new: &NewJob, now: NaiveDateTime) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO jobs (queue, kind, payload, ordering_key, run_at, attempts, max_attempts, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, 0, $6, $7, $7) RETURNING id",
    )
    .bind(&new.queue)
    .bind(&new.kind)
    .bind(&new.payload)
    .bind(new.ordering_key.clone())
    .bind(new.run_at)
    .bind(new.max_attempts)
    .bind(now);
    e.scalar(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<Job>> {
    e.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM jobs WHERE id = $1")).bind(id))
        .await
}

/// Claims the next due job of `queues` for `worker` until `locked_until`, counting the attempt.
/// Runs in a transaction of its own (on SQLite the writer; reads alone could not claim).
pub async fn claim(
    db: &Db,
    queues: &[String],
    worker: &str,
    locked_until: NaiveDateTime,
    now: NaiveDateTime,
) -> Result<Option<Job>> {
    let tx = db.begin().await?;
    let mut q = Sql::new("");
    let worker = q.arg(worker);
    let until = q.arg(locked_until);
    let now_p = q.arg(now);
    let queue_list = queues
        .iter()
        .map(|name| q.arg(name.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    q.push(&format!(
        "UPDATE jobs SET locked_by = {worker}, locked_until = {until}, attempts = attempts + 1, \
         updated_at = {now_p} WHERE id = (SELECT j.id FROM jobs j \
         WHERE j.queue IN ({queue_list}) AND j.finished_at IS NULL AND j.failed_at IS NULL \
         AND j.run_at <= {now_p} AND (j.locked_until IS NULL OR j.locked_until < {now_p}) \
         AND (j.ordering_key IS NULL OR NOT EXISTS (SELECT 1 FROM jobs p \
           WHERE p.ordering_key = j.ordering_key AND p.id < j.id \
           AND p.finished_at IS NULL AND p.failed_at IS NULL)) \
         ORDER BY j.run_at, j.id LIMIT 1{}) RETURNING {COLUMNS}",
        tx.backend().skip_locked("j")
    ));
    let job = tx.fetch_optional::<Job>(q).await?;
    tx.commit().await?;
    Ok(job)
}

/// Marks a job done. False when `worker` no longer holds it (its lock expired and another
/// worker claimed it).
pub async fn complete(
    e: &impl Exec,
    id: i64,
    worker: &str,
    last_status: Option<i32>,
    now: NaiveDateTime,
) -> Result<bool> {
    let q = Sql::new(
        "UPDATE jobs SET finished_at = $1, updated_at = $1, locked_by = NULL, locked_until = NULL, \
         last_status = $2, last_error = NULL WHERE id = $3 AND locked_by = $4 AND finished_at IS NULL",
    )
    .bind(now)
    .bind(last_status)
    .bind(id)
    .bind(worker);
    Ok(e.execute(q).await? > 0)
}

/// Records a failed attempt and schedules the next at `run_at`.
pub async fn retry(
    e: &impl Exec,
    id: i64,
    worker: &str,
    run_at: NaiveDateTime,
    error: &str,
    last_status: Option<i32>,
    now: NaiveDateTime,
) -> Result<bool> {
    let q = Sql::new(
        "UPDATE jobs SET run_at = $1, last_error = $2, last_status = $3, updated_at = $4, \
         locked_by = NULL, locked_until = NULL WHERE id = $5 AND locked_by = $6 AND finished_at IS NULL",
    )
    .bind(run_at)
    .bind(error)
    .bind(last_status)
    .bind(now)
    .bind(id)
    .bind(worker);
    Ok(e.execute(q).await? > 0)
}

/// Records the last failed attempt; the job stays for inspection and no longer blocks its key.
pub async fn give_up(
    e: &impl Exec,
    id: i64,
    worker: &str,
    error: &str,
    last_status: Option<i32>,
    now: NaiveDateTime,
) -> Result<bool> {
    let q = Sql::new(
        "UPDATE jobs SET failed_at = $1, updated_at = $1, last_error = $2, last_status = $3, \
         locked_by = NULL, locked_until = NULL WHERE id = $4 AND locked_by = $5 AND finished_at IS NULL",
    )
    .bind(now)
    .bind(error)
    .bind(last_status)
    .bind(id)
    .bind(worker);
    Ok(e.execute(q).await? > 0)
}

/// Clears locks that expired (their node crashed or stalled), so what `jobs` shows is current.
/// Claims do not depend on it: an expired lock is claimable either way.
pub async fn release_expired(e: &impl Exec, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE jobs SET locked_by = NULL, locked_until = NULL, updated_at = $1 \
         WHERE locked_until < $1 AND finished_at IS NULL AND failed_at IS NULL",
    )
    .bind(now);
    e.execute(q).await
}

/// Clears every lock. Only for a node that knows it is the only one: an embedded SQLite
/// database is served by one process, so at start-up any lock was left by its own earlier run
/// (a crash), and the job can run again at once instead of when the lock would expire.
pub async fn release_all(e: &impl Exec, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE jobs SET locked_by = NULL, locked_until = NULL, updated_at = $1 \
         WHERE locked_by IS NOT NULL AND finished_at IS NULL AND failed_at IS NULL",
    )
    .bind(now);
    e.execute(q).await
}

/// Extends `worker`'s lock on a job it is still running (the worker's heartbeat). False when
/// the lock was lost.
pub async fn extend_lock(
    e: &impl Exec,
    id: i64,
    worker: &str,
    locked_until: NaiveDateTime,
) -> Result<bool> {
    let q = Sql::new(
        "UPDATE jobs SET locked_until = $1 WHERE id = $2 AND locked_by = $3 \
         AND finished_at IS NULL AND failed_at IS NULL",
    )
    .bind(locked_until)
    .bind(id)
    .bind(worker);
    Ok(e.execute(q).await? > 0)
}
