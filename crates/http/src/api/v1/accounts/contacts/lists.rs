//! The contact lists of `ContactsController`: index, search, filter and active. Each is 15 a
//! page (`page`, Kaminari), sorted by `sort` (Sift: `[-]key,...`; unknown keys are ignored),
//! and answers `{"meta": {"count", "current_page"}, "payload": [contact]}`.

use super::IncludeInboxes;
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Query};
use crate::state::AppState;
use crate::views::contact as view;
use app::presence::PresenceKind;
use axum::extract::State;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use store::contacts::{ListQuery, Scope, SortBy, SortKey};

const RESULTS_PER_PAGE: i64 = 15;

/// One label or several (`labels=a` or `labels[]=a&labels[]=b`).
#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    page: Option<String>,
    sort: Option<String>,
    labels: Option<OneOrMany>,
    q: Option<String>,
    include_contact_inboxes: Option<String>,
}

impl ListParams {
    /// Kaminari reads the page with `to_i` (leading digits, else 0); pages below 1 are the first.
    fn page_number(&self) -> i64 {
        let text = self.page.as_deref().unwrap_or("").trim_start();
        let (sign, digits) = match text.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, text.strip_prefix('+').unwrap_or(text)),
        };
        let lead: String = digits
            .chars()
            .take_while(char::is_ascii_digit)
            .take(9)
            .collect();
        (sign * lead.parse::<i64>().unwrap_or(0)).max(1)
    }

    /// `@current_page = params[:page] || 1`: the page as given (query text), else 1.
    fn current_page(&self) -> Value {
        match &self.page {
            Some(p) => json!(p),
            None => json!(1),
        }
    }

    fn include_inboxes(&self) -> bool {
        IncludeInboxes {
            include_contact_inboxes: self.include_contact_inboxes.clone(),
        }
        .on()
    }

    /// Sift's sorts: each known key once (the last mention wins), in the controller's
    /// `sort_on` order.
    fn sorts(&self) -> Vec<SortBy> {
        let mut by_key = BTreeMap::new();
        for part in self.sort.as_deref().unwrap_or("").split(',') {
            let (desc, name) = match part.strip_prefix('-') {
                Some(name) => (true, name),
                None => (false, part),
            };
            if let Some(key) = SortKey::parse(name) {
                by_key.insert(key, desc);
            }
        }
        by_key
            .into_iter()
            .map(|(key, desc)| SortBy { key, desc })
            .collect()
    }

    fn labels(&self) -> Vec<String> {
        let items = match &self.labels {
            None => return Vec::new(),
            Some(OneOrMany::One(s)) => vec![s.clone()],
            Some(OneOrMany::Many(v)) => v.clone(),
        };
        app::contacts::parse_labels(&items)
    }
}

async fn render(
    state: &AppState,
    query: &ListQuery<'_>,
    p: &ListParams,
    current_page: Value,
) -> ApiResult<Json<Value>> {
    let db = &state.app.db;
    let offset = (p.page_number() - 1).saturating_mul(RESULTS_PER_PAGE);
    let contacts = store::contacts::page(db, query, &p.sorts(), RESULTS_PER_PAGE, offset).await?;
    let count = store::contacts::count(db, query).await?;
    let payload = view::contacts(&state.app, &contacts, p.include_inboxes()).await?;
    Ok(Json(json!({
        "meta": { "count": count, "current_page": current_page },
        "payload": payload,
    })))
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let labels = p.labels();
    let mut query = ListQuery::new(
        scope.account_id(),
        app::contacts::resolved_scope(&scope.account),
    );
    query.labels = &labels;
    render(&state, &query, &p, p.current_page()).await
}

pub async fn search(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let Some(term) = p.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) else {
        return Err(ApiError::unprocessable(
            "Specify search string with parameter q",
        ));
    };
    let labels = p.labels();
    let mut query = ListQuery::new(
        scope.account_id(),
        app::contacts::resolved_scope(&scope.account),
    );
    query.labels = &labels;
    query.search = Some(term);
    render(&state, &query, &p, p.current_page()).await
}

pub async fn filter(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(p): Query<ListParams>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let payload = match params.get("payload") {
        None | Some(Value::Null) => return Err(ApiError::param_missing("payload")),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(ApiError::unprocessable(
                "Invalid parameters: payload must be a list of conditions",
            ))
        }
    };
    let filter = app::contacts::contact_filter(&state.app.db, scope.account_id(), payload).await?;
    let mut query = ListQuery::new(
        scope.account_id(),
        app::contacts::resolved_scope(&scope.account),
    );
    query.filter = Some(&filter);
    // The body may carry the page too (Rails merges body and query parameters).
    let mut p = p;
    let mut current_page = p.current_page();
    if let (None, Some(page)) = (&p.page, params.get("page").filter(|v| !v.is_null())) {
        current_page = page.clone();
        p.page = Some(match page {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        });
    }
    render(&state, &query, &p, current_page).await
}

pub async fn active(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(p): Query<ListParams>,
) -> ApiResult<Json<Value>> {
    let ids = state
        .app
        .presence
        .online(scope.account_id(), PresenceKind::Contact);
    let mut query = ListQuery::new(scope.account_id(), Scope::All);
    query.ids = Some(&ids);
    render(&state, &query, &p, p.current_page()).await
}
