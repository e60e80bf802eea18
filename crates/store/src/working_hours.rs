//! `working_hours`: one row per weekday (0 = Sunday) and inbox (`OutOfOffisable`).

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct WorkingHour {
    pub id: i64,
    pub inbox_id: Option<i64>,
    pub account_id: Option<i64>,
    pub day_of_week: i32,
    pub closed_all_day: Option<bool>,
    pub open_hour: Option<i32>,
    pub open_minutes: Option<i32>,
    pub close_hour: Option<i32>,
    pub close_minutes: Option<i32>,
    pub open_all_day: Option<bool>,
}

const COLUMNS: &str =
    "id, inbox_id, account_id, day_of_week, closed_all_day, open_hour, open_minutes, \
     close_hour, close_minutes, open_all_day";

/// Inserts `w` for its inbox and account (its `id` is ignored).
pub async fn insert(e: &impl Exec, w: &WorkingHour, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "INSERT INTO working_hours (inbox_id, account_id, day_of_week, closed_all_day, open_hour, open_minutes, \
         close_hour, close_minutes, open_all_day, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
    )
    .bind(w.inbox_id)
    .bind(w.account_id)
    .bind(w.day_of_week)
    .bind(w.closed_all_day)
    .bind(w.open_hour)
    .bind(w.open_minutes)
    .bind(w.close_hour)
    .bind(w.close_minutes)
    .bind(w.open_all_day)
    .bind(now);
    e.execute(q).await
}

/// The inbox's week, Sunday first (`weekly_schedule`).
pub async fn list_for_inbox(e: &impl Exec, inbox_id: i64) -> Result<Vec<WorkingHour>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM working_hours WHERE inbox_id = $1 ORDER BY day_of_week, id"
        ))
        .bind(inbox_id),
    )
    .await
}

/// The weeks of several inboxes, ordered by inbox and day.
pub async fn list_for_inboxes(e: &impl Exec, inbox_ids: &[i64]) -> Result<Vec<WorkingHour>> {
    if inbox_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM working_hours WHERE inbox_id IN ("
    ));
    let list = q.arg_list(inbox_ids);
    q.push(&list);
    q.push(") ORDER BY inbox_id, day_of_week, id");
    e.fetch_all(q).await
}

/// Writes the hours of the row `w.id`.
pub async fn update(e: &impl Exec, w: &WorkingHour, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE working_hours SET closed_all_day = $2, open_hour = $3, open_minutes = $4, close_hour = $5, \
         close_minutes = $6, open_all_day = $7, updated_at = $8 WHERE id = $1",
    )
    .bind(w.id)
    .bind(w.closed_all_day)
    .bind(w.open_hour)
    .bind(w.open_minutes)
    .bind(w.close_hour)
    .bind(w.close_minutes)
    .bind(w.open_all_day)
    .bind(now);
    e.execute(q).await
}

pub async fn delete_for_inbox(e: &impl Exec, inbox_id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM working_hours WHERE inbox_id = $1").bind(inbox_id))
        .await
}
