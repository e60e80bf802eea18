//! `reporting_events`: the measured moments of a conversation's life (first response, reply
//! time, resolution, reopening, bot handoff), written by the reporting listener.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportingEvent {
    pub id: i64,
    pub name: Option<String>,
    pub value: Option<f64>,
    pub account_id: Option<i64>,
    pub inbox_id: Option<i64>,
    pub user_id: Option<i64>,
    pub conversation_id: Option<i64>,
    pub value_in_business_hours: Option<f64>,
    pub event_start_time: Option<NaiveDateTime>,
    pub event_end_time: Option<NaiveDateTime>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str = "id, name, value, account_id, inbox_id, user_id, conversation_id, \
     value_in_business_hours, event_start_time, event_end_time, created_at, updated_at";

#[derive(Debug, Clone)]
pub struct NewReportingEvent {
    pub name: &'static str,
    pub value: f64,
    pub value_in_business_hours: f64,
    pub account_id: i64,
    pub inbox_id: i64,
    pub user_id: Option<i64>,
    pub conversation_id: i64,
    pub event_start_time: NaiveDateTime,
    pub event_end_time: NaiveDateTime,
}

pub async fn insert(e: &impl Exec, r: &NewReportingEvent, now: NaiveDateTime) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO reporting_events (name, value, value_in_business_hours, account_id, inbox_id, user_id, \
         conversation_id, event_start_time, event_end_time, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id",
    )
    .bind(r.name)
    .bind(r.value)
    .bind(r.value_in_business_hours)
    .bind(r.account_id)
    .bind(r.inbox_id)
    .bind(r.user_id)
    .bind(r.conversation_id)
    .bind(r.event_start_time)
    .bind(r.event_end_time)
    .bind(now);
    e.scalar(q).await
}

/// The conversation's events, oldest first (`reporting_events.order(created_at: :asc)`).
pub async fn for_conversation(e: &impl Exec, conversation_id: i64) -> Result<Vec<ReportingEvent>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM reporting_events WHERE conversation_id = $1 ORDER BY created_at, id"
    ))
    .bind(conversation_id);
    e.fetch_all(q).await
}

/// The `event_end_time` of the conversation's latest event named one of `names`.
pub async fn latest_end(
    e: &impl Exec,
    conversation_id: i64,
    names: &[&str],
) -> Result<Option<NaiveDateTime>> {
    let mut q = Sql::new("SELECT event_end_time FROM reporting_events WHERE conversation_id = ");
    let c = q.arg(conversation_id);
    q.push(&format!("{c} AND event_end_time IS NOT NULL AND name IN ("));
    for (i, n) in names.iter().enumerate() {
        let p = q.arg(*n);
        q.push(&if i == 0 { p } else { format!(", {p}") });
    }
    q.push(") ORDER BY event_end_time DESC LIMIT 1");
    Ok(e.fetch_optional::<(NaiveDateTime,)>(q).await?.map(|(t,)| t))
}

pub async fn exists(e: &impl Exec, conversation_id: i64, name: &str) -> Result<bool> {
    let q =
        Sql::new("SELECT COUNT(*) FROM reporting_events WHERE conversation_id = $1 AND name = $2")
            .bind(conversation_id)
            .bind(name);
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// The filters of `ReportingEventsController#index`.
#[derive(Debug, Clone, Default)]
pub struct AccountFilter {
    pub since: Option<NaiveDateTime>,
    pub until: Option<NaiveDateTime>,
    pub inbox_id: Option<i64>,
    pub user_id: Option<i64>,
    pub name: Option<String>,
}

fn account_where(q: &mut Sql, account_id: i64, f: &AccountFilter) {
    let a = q.arg(account_id);
    q.push(&format!(" WHERE account_id = {a}"));
    if let (Some(since), Some(until)) = (f.since, f.until) {
        let s = q.arg(since);
        let u = q.arg(until);
        q.push(&format!(" AND created_at BETWEEN {s} AND {u}"));
    }
    if let Some(i) = f.inbox_id {
        let p = q.arg(i);
        q.push(&format!(" AND inbox_id = {p}"));
    }
    if let Some(u) = f.user_id {
        let p = q.arg(u);
        q.push(&format!(" AND user_id = {p}"));
    }
    if let Some(n) = &f.name {
        let p = q.arg(n.as_str());
        q.push(&format!(" AND name = {p}"));
    }
}

/// A page of the account's events, newest first, and how many match.
pub async fn page_for_account(
    e: &impl Exec,
    account_id: i64,
    f: &AccountFilter,
    limit: i64,
    offset: i64,
) -> Result<(Vec<ReportingEvent>, i64)> {
    let mut q = Sql::new(format!("SELECT {COLUMNS} FROM reporting_events"));
    account_where(&mut q, account_id, f);
    let l = q.arg(limit);
    let o = q.arg(offset);
    q.push(&format!(
        " ORDER BY created_at DESC, id DESC LIMIT {l} OFFSET {o}"
    ));
    let rows = e.fetch_all(q).await?;
    let mut c = Sql::new("SELECT CAST(COUNT(*) AS BIGINT) FROM reporting_events");
    account_where(&mut c, account_id, f);
    Ok((rows, e.scalar(c).await?))
}
