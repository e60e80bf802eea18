//! `enterprise/app/controllers/api/v1/accounts/reporting_events_controller.rb`: the account's
//! reporting events for administrators, newest first, 25 a page, filtered by `since`/`until`
//! (Unix seconds, both or neither), `inbox_id`, `user_id` and `name`.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AdminScope, Query};
use crate::state::AppState;
use crate::views::reporting_event::reporting_event;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::{json, Value};
use store::reporting_events::AccountFilter;

pub fn routes() -> Router<AppState> {
    Router::new().route("/reporting_events", get(index))
}

#[derive(Deserialize, Default)]
struct IndexQuery {
    page: Option<String>,
    since: Option<String>,
    until: Option<String>,
    inbox_id: Option<String>,
    user_id: Option<String>,
    name: Option<String>,
}

/// `DateTime.strptime(value, '%s')`: Unix seconds.
fn unix_time(field: &str, v: &str) -> Result<chrono::NaiveDateTime, ApiError> {
    v.trim()
        .parse::<i64>()
        .ok()
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .map(|t| t.naive_utc())
        .ok_or_else(|| ApiError::invalid(field, "is invalid"))
}

/// A blank filter is no filter; anything else must be an id.
fn id(field: &str, v: Option<&str>) -> Result<Option<i64>, ApiError> {
    match v.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse::<i64>()
            .map(Some)
            .map_err(|_| ApiError::invalid(field, "is invalid")),
    }
}

async fn index(
    State(state): State<AppState>,
    AdminScope(scope): AdminScope,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Value>> {
    let page = q
        .page
        .as_deref()
        .and_then(|p| p.trim().parse::<i64>().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1)
        .min(1_000_000);
    let present = |v: &Option<String>| {
        v.as_deref()
            .filter(|s| !s.trim().is_empty())
            .map(str::to_string)
    };
    let (since, until) = match (present(&q.since), present(&q.until)) {
        (Some(s), Some(u)) => (Some(unix_time("since", &s)?), Some(unix_time("until", &u)?)),
        _ => (None, None),
    };
    let filter = AccountFilter {
        since,
        until,
        inbox_id: id("inbox_id", q.inbox_id.as_deref())?,
        user_id: id("user_id", q.user_id.as_deref())?,
        name: present(&q.name),
    };
    let (rows, total) =
        app::reporting_events::page(&state.app.db, scope.account.id, &filter, page).await?;
    let per_page = app::reporting_events::PER_PAGE;
    Ok(Json(json!({
        "payload": rows.iter().map(reporting_event).collect::<Vec<_>>(),
        "meta": {
            "count": total,
            "current_page": page,
            "total_pages": (total + per_page - 1) / per_page,
        },
    })))
}
