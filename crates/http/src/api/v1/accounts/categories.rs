//! `app/controllers/api/v1/accounts/categories_controller.rb`: categories of a portal named by
//! slug. Any member lists them; `CategoryPolicy` keeps show and every write to administrators.
//! Upstream authorizes before it loads the category, so agents get 401 whatever the id.

use super::portals::{current_page, find_portal, opt_i32, opt_int, opt_text};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path, Query};
use crate::state::AppState;
use crate::views::category::CategoryView;
use app::help_center::categories::CategoryParams;
use app::help_center::page_offset;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Deserializer};
use serde_json::{json, Value};
use store::categories::Category;
use store::portals::Portal;

/// `Limits::CATEGORIES_PER_PAGE`.
const PER_PAGE: i64 = 1000;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portals/{portal_slug}/categories", get(index).post(create))
        .route(
            "/portals/{portal_slug}/categories/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    locale: Option<String>,
    page: Option<String>,
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Value>> {
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    let locale = app::help_center::presence(q.locale.clone());
    let offset = page_offset(q.page.as_deref(), PER_PAGE);
    let db = &state.app.db;
    let categories =
        store::categories::list(db, portal.id, locale.as_deref(), PER_PAGE, offset).await?;
    // The per-category counts use `@current_locale` as given, blank or not.
    let views = CategoryView::load_many(db, &categories, locale.as_deref()).await?;
    Ok(Json(json!({
        "payload": views,
        "meta": { "current_page": current_page(&q.page), "categories_count": categories.len() },
    })))
}

/// `portal` then `check_authorization` then `fetch_category`.
async fn admin_category(
    state: &AppState,
    scope: &AccountScope,
    slug: &str,
    id: i64,
) -> ApiResult<(Portal, Category)> {
    scope.require_admin()?;
    let portal = find_portal(state, scope.account_id(), slug).await?;
    let category = store::categories::find(&state.app.db, portal.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((portal, category))
}

async fn render(state: &AppState, category: &Category) -> ApiResult<Json<Value>> {
    let view = CategoryView::load(&state.app.db, category).await?;
    Ok(Json(json!({ "payload": view })))
}

pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug, id)): Path<(i64, String, i64)>,
) -> ApiResult<Json<Value>> {
    let (_, category) = admin_category(&state, &scope, &slug, id).await?;
    render(&state, &category).await
}

/// `related_category_ids`: a list of ids (numbers or numeric text).
fn opt_ids<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Vec<i64>>, D::Error> {
    use serde::de::Error;
    let values = Option::<Vec<Value>>::deserialize(d)?.unwrap_or_default();
    values
        .iter()
        .map(|v| match v {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .map(|id| id.ok_or_else(|| D::Error::custom("related_category_ids must be ids")))
        .collect::<Result<Vec<_>, _>>()
        .map(Some)
}

#[derive(Deserialize)]
struct CategoryForm {
    #[serde(default, deserialize_with = "opt_text")]
    name: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_i32")]
    position: Option<Option<i32>>,
    #[serde(default, deserialize_with = "opt_text")]
    slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    locale: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    icon: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_int")]
    parent_category_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "opt_int")]
    associated_category_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "opt_ids")]
    related_category_ids: Option<Vec<i64>>,
}

/// `params.require(:category).permit(...)`.
fn category_params(params: &Params) -> ApiResult<CategoryParams> {
    let form: CategoryForm = crate::extract::params::parse_map(params.require("category")?)?;
    Ok(CategoryParams {
        name: form.name,
        description: form.description,
        position: form.position,
        slug: form.slug,
        locale: form.locale,
        icon: form.icon,
        parent_category_id: form.parent_category_id,
        associated_category_id: form.associated_category_id,
        related_category_ids: form.related_category_ids,
    })
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    scope.require_admin()?;
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    let p = category_params(&params)?;
    let category = app::help_center::categories::create(&state.app.db, &portal, p).await?;
    render(&state, &category).await
}

pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug, id)): Path<(i64, String, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let (portal, category) = admin_category(&state, &scope, &slug, id).await?;
    let p = category_params(&params)?;
    let category =
        app::help_center::categories::update(&state.app.db, &portal, &category, p).await?;
    render(&state, &category).await
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug, id)): Path<(i64, String, i64)>,
) -> ApiResult<StatusCode> {
    let (_, category) = admin_category(&state, &scope, &slug, id).await?;
    app::help_center::categories::destroy(&state.app.db, &category).await?;
    Ok(StatusCode::OK)
}
