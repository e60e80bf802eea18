//! `app/controllers/api/v1/accounts/portals_controller.rb`. Portals are named by slug in the
//! path (`Current.account.portals.find_by(slug: params[:id])`). Upstream authorizes before it
//! looks at the record, so an agent's write is a 401 even for a slug that does not exist.

use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path, Query};
use crate::state::AppState;
use crate::views::portal::{Articles, PortalView};
use app::help_center::portals::{ConfigParams, PortalParams};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, patch};
use axum::{Json, Router};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Map, Value};
use store::articles::ArticleSearch;
use store::portals::Portal;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portals", get(index).post(create))
        .route(
            "/portals/{portal_slug}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/portals/{portal_slug}/archive", patch(archive))
        .route("/portals/{portal_slug}/logo", delete(logo))
}

/// A text field as Rails params carry it: absent (`None`), null (`Some(None)`), or text (numbers
/// and booleans read as text). Arrays and objects are refused.
pub(super) fn opt_text<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<String>>, D::Error> {
    crate::forms::string_like(d).map(Some)
}

/// An integer field: absent, null or blank (`Some(None)`), or a number given as such or as text.
pub(super) fn opt_int<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    crate::forms::int_like(d).map(Some)
}

/// An `integer` column: like [`opt_int`], within PostgreSQL's INTEGER range.
pub(super) fn opt_i32<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Option<i32>>, D::Error> {
    use serde::de::Error;
    match crate::forms::int_like(d)? {
        None => Ok(Some(None)),
        Some(n) => i32::try_from(n)
            .map(|n| Some(Some(n)))
            .map_err(|_| D::Error::custom(format!("integer `{n}` is out of range"))),
    }
}

/// The portal named in the path, among the account's.
pub(super) async fn find_portal(
    state: &AppState,
    account_id: i64,
    slug: &str,
) -> ApiResult<Portal> {
    store::portals::find_by_slug(&state.app.db, account_id, slug)
        .await?
        .ok_or_else(ApiError::not_found)
}

/// `params[:page] || 1`, echoed as given.
pub(super) fn current_page(page: &Option<String>) -> Value {
    page.as_ref().map_or(json!(1), |p| json!(p))
}

async fn render(
    state: &AppState,
    scope: &AccountScope,
    portal: &Portal,
    articles: Articles<'_>,
) -> ApiResult<Json<Value>> {
    let view = PortalView::load(&state.app, portal, articles, scope.is_admin()).await?;
    Ok(Json(
        serde_json::to_value(view).map_err(|e| ApiError::Internal(e.to_string()))?,
    ))
}

#[derive(Deserialize, Default)]
pub struct PageQuery {
    page: Option<String>,
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Query(q): Query<PageQuery>,
) -> ApiResult<Json<Value>> {
    let portals = store::portals::list(&state.app.db, scope.account_id()).await?;
    let mut payload = Vec::with_capacity(portals.len());
    for portal in &portals {
        let view = PortalView::load(&state.app, portal, Articles::None, scope.is_admin()).await?;
        payload.push(serde_json::to_value(view).map_err(|e| ApiError::Internal(e.to_string()))?);
    }
    Ok(Json(json!({
        "payload": payload,
        "meta": { "current_page": current_page(&q.page), "portals_count": portals.len() },
    })))
}

#[derive(Deserialize, Default)]
pub struct ShowQuery {
    locale: Option<String>,
}

/// `show`: the meta counts cover the portal's articles in `?locale=` (all without it).
pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    Query(q): Query<ShowQuery>,
) -> ApiResult<Json<Value>> {
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    let search = ArticleSearch {
        locale: app::help_center::presence(q.locale),
        ..ArticleSearch::default()
    };
    let articles = Articles::Search {
        search: &search,
        user_id: scope.user.id,
    };
    render(&state, &scope, &portal, articles).await
}

#[derive(Deserialize, Default)]
struct ConfigForm {
    #[serde(default)]
    allowed_locales: Option<Vec<String>>,
    #[serde(default, deserialize_with = "crate::forms::string_like")]
    default_locale: Option<String>,
}

#[derive(Deserialize, Default)]
struct PortalForm {
    #[serde(default, deserialize_with = "opt_text")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    custom_domain: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    color: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    header_text: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    homepage_link: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    page_title: Option<Option<String>>,
    #[serde(default, deserialize_with = "crate::forms::bool_like")]
    archived: Option<bool>,
    #[serde(default)]
    config: Option<ConfigForm>,
}

/// The keys `portal_params` permits; Rails wraps only model attributes, so a flat body counts
/// as portal params when it carries one of these.
const PORTAL_KEYS: [&str; 9] = [
    "name",
    "slug",
    "custom_domain",
    "color",
    "header_text",
    "homepage_link",
    "page_title",
    "archived",
    "config",
];

fn portal_map(params: &Params) -> Map<String, Value> {
    match params.get("portal") {
        Some(Value::Object(inner)) => inner.clone(),
        _ => params
            .0
            .iter()
            .filter(|(k, _)| PORTAL_KEYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

/// `live_chat_widget_params`: the top-level `inbox_id` (`Inbox.find` makes a bad id a 404).
fn inbox_param(params: &Params) -> ApiResult<Option<Option<i64>>> {
    match params.get("inbox_id") {
        None => Ok(None),
        Some(Value::Null) => Ok(Some(None)),
        Some(Value::String(s)) if s.trim().is_empty() => Ok(Some(None)),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map(|id| Some(Some(id)))
            .map_err(|_| ApiError::not_found()),
        Some(Value::Number(n)) => n
            .as_i64()
            .map(|id| Some(Some(id)))
            .ok_or_else(ApiError::not_found),
        Some(_) => Err(ApiError::not_found()),
    }
}

fn portal_params(map: Map<String, Value>, params: &Params) -> ApiResult<PortalParams> {
    let form: PortalForm = crate::extract::params::parse_map(map)?;
    Ok(PortalParams {
        name: form.name,
        slug: form.slug,
        custom_domain: form.custom_domain,
        color: form.color,
        header_text: form.header_text,
        homepage_link: form.homepage_link,
        page_title: form.page_title,
        archived: form.archived,
        config: form.config.map(|c| ConfigParams {
            allowed_locales: c.allowed_locales,
            default_locale: c.default_locale,
        }),
        inbox_id: inbox_param(params)?,
    })
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    params: Params,
) -> ApiResult<Json<Value>> {
    scope.require_admin()?;
    let map = portal_map(&params);
    if map.is_empty() {
        return Err(ApiError::param_missing("portal"));
    }
    let p = portal_params(map, &params)?;
    let portal = app::help_center::portals::create(&state.app.db, scope.account_id(), p).await?;
    render(&state, &scope, &portal, Articles::None).await
}

/// `update`: without portal params nothing changes (`if params[:portal].present?`).
pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    scope.require_admin()?;
    let mut portal = find_portal(&state, scope.account_id(), &slug).await?;
    let map = portal_map(&params);
    if !map.is_empty() {
        let p = portal_params(map, &params)?;
        portal = app::help_center::portals::update(&state.app.db, &portal, p).await?;
    }
    render(&state, &scope, &portal, Articles::None).await
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
) -> ApiResult<StatusCode> {
    scope.require_admin()?;
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    app::help_center::portals::destroy(&state.app.db, &portal).await?;
    Ok(StatusCode::OK)
}

/// Upstream's `archive` cannot succeed (no `archive?` policy, and `update(archive: true)` names
/// no attribute); here it does what it says, for administrators.
pub async fn archive(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
) -> ApiResult<StatusCode> {
    scope.require_admin()?;
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    app::help_center::portals::archive(&state.app.db, &portal).await?;
    Ok(StatusCode::OK)
}

/// `logo`: purges an attached logo. Portals have no uploads yet, so there is never one to purge.
pub async fn logo(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
) -> ApiResult<StatusCode> {
    scope.require_admin()?;
    find_portal(&state, scope.account_id(), &slug).await?;
    Ok(StatusCode::OK)
}
