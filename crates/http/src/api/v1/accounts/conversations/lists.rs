//! `ConversationFinder` behind index, meta and search, and `Conversations::FilterService`
//! behind filter: 25 a page, with the mine/assigned/unassigned/all counts.

use super::viewer;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Query};
use crate::state::AppState;
use crate::views::conversation as view;
use app::conversations::finder::{self, Counts, ListParams};
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// One label or several (`labels=a` or `labels[]=a&labels[]=b`).
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
pub struct ListQuery {
    assignee_type: Option<String>,
    status: Option<String>,
    inbox_id: Option<String>,
    team_id: Option<String>,
    labels: Option<OneOrMany>,
    q: Option<String>,
    sort_by: Option<String>,
    page: Option<String>,
    conversation_type: Option<String>,
    source_id: Option<String>,
}

/// Kaminari's `to_i` on the page: leading digits, else the first page.
fn page_number(text: Option<&str>) -> i64 {
    let lead: String = text
        .unwrap_or("")
        .trim()
        .chars()
        .take_while(char::is_ascii_digit)
        .take(9)
        .collect();
    lead.parse::<i64>().unwrap_or(1).max(1)
}

impl ListQuery {
    fn params(self) -> ApiResult<ListParams> {
        let labels = match self.labels {
            None => Vec::new(),
            Some(OneOrMany::One(s)) => vec![s],
            Some(OneOrMany::Many(v)) => v,
        };
        if labels.len() > 100 || self.q.as_ref().is_some_and(|q| q.len() > 1000) {
            return Err(ApiError::unprocessable("Invalid query parameters"));
        }
        // `assigned_inboxes.where(id: 'x')` casts a non-number to nothing: no conversations.
        let inbox_id = self
            .inbox_id
            .filter(|s| !s.is_empty())
            .map(|s| s.trim().parse::<i64>().unwrap_or(0));
        // `teams.find('x')` is a 404.
        let team_id = match self.team_id.filter(|s| !s.is_empty()) {
            Some(s) => Some(s.trim().parse::<i64>().map_err(|_| ApiError::not_found())?),
            None => None,
        };
        Ok(ListParams {
            assignee_type: self.assignee_type,
            status: self.status,
            inbox_id,
            team_id,
            labels,
            q: self.q.filter(|q| !q.is_empty()),
            sort_by: self.sort_by,
            page: Some(page_number(self.page.as_deref())),
            conversation_type: self.conversation_type,
            source_id: self.source_id,
        })
    }
}

fn counts(c: &Counts, with_assigned: bool) -> Value {
    let mut v = json!({
        "mine_count": c.mine,
        "unassigned_count": c.unassigned,
        "all_count": c.all,
    });
    if with_assigned {
        v["assigned_count"] = json!(c.assigned);
    }
    v
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let p = q.params()?;
    let (rows, c) = finder::list(
        &state.app.db,
        scope.account_id(),
        viewer(&scope),
        &p,
        None,
        true,
    )
    .await?;
    let payload = view::conversations(&state.app, Some(scope.user.id), &rows).await?;
    Ok(Json(json!({
        "data": { "meta": counts(&c, true), "payload": payload }
    })))
}

pub async fn meta(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let p = q.params()?;
    let (_, c) = finder::list(
        &state.app.db,
        scope.account_id(),
        viewer(&scope),
        &p,
        None,
        false,
    )
    .await?;
    Ok(Json(json!({ "meta": counts(&c, true) })))
}

/// `search`: conversations whose incoming or outgoing messages contain `q`, any status.
/// Upstream renders `api/v1/models/_conversation` here; the list partial is its superset.
pub async fn search(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<ListQuery>,
) -> ApiResult<Json<Value>> {
    let mut p = q.params()?;
    if p.q.is_none() {
        p.q = Some(String::new());
    }
    let (rows, c) = finder::list(
        &state.app.db,
        scope.account_id(),
        viewer(&scope),
        &p,
        None,
        true,
    )
    .await?;
    let payload = view::conversations(&state.app, Some(scope.user.id), &rows).await?;
    Ok(Json(
        json!({ "meta": counts(&c, false), "payload": payload }),
    ))
}

/// `POST /conversations/filter` with `{"payload": [conditions], "page": n}`.
pub async fn filter(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<ListQuery>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let payload = match params.get("payload") {
        Some(Value::Array(a)) => a.clone(),
        None | Some(Value::Null) => Vec::new(),
        Some(_) => return Err(ApiError::unprocessable("Invalid payload")),
    };
    let filter = finder::conversation_filter(&state.app.db, scope.account_id(), &payload).await?;
    let page_text = match params.get("page") {
        Some(Value::Number(n)) => Some(n.to_string()),
        Some(Value::String(s)) => Some(s.clone()),
        _ => q.page.clone(),
    };
    let p = ListParams {
        status: Some("all".into()),
        page: Some(page_number(page_text.as_deref())),
        ..ListParams::default()
    };
    let (rows, c) = finder::list(
        &state.app.db,
        scope.account_id(),
        viewer(&scope),
        &p,
        Some(filter),
        true,
    )
    .await?;
    let payload = view::conversations(&state.app, Some(scope.user.id), &rows).await?;
    Ok(Json(
        json!({ "meta": counts(&c, false), "payload": payload }),
    ))
}
