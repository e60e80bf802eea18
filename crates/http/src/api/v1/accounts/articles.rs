//! `app/controllers/api/v1/accounts/articles_controller.rb`: articles of a portal named by slug.
//! The portal is looked up first (`find_by!`, a 404 for anyone), then `ArticlePolicy`: any
//! member lists, only administrators show, edit, write and reorder.

use super::portals::{current_page, find_portal, opt_i32, opt_int, opt_text};
use crate::error::{ApiError, ApiResult};
use crate::extract::{AccountScope, Params, Path, Query};
use crate::state::AppState;
use crate::views::article::ArticleRenderer;
use app::help_center::articles::ArticleParams;
use app::help_center::{page_offset, presence};
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use domain::enums::ArticleStatus;
use serde::Deserialize;
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use store::articles::{Article, ArticleOrder, ArticleSearch};
use store::portals::Portal;

/// Kaminari's default page size.
const PER_PAGE: i64 = 25;

/// Routes under `/api/v1/accounts/{account_id}`.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/portals/{portal_slug}/articles", get(index).post(create))
        .route("/portals/{portal_slug}/articles/reorder", post(reorder))
        .route(
            "/portals/{portal_slug}/articles/{id}",
            get(show).patch(update).put(update).delete(destroy),
        )
        .route("/portals/{portal_slug}/articles/{id}/edit", get(show))
}

#[derive(Deserialize, Default)]
pub struct IndexQuery {
    locale: Option<String>,
    query: Option<String>,
    page: Option<String>,
    category_slug: Option<String>,
    status: Option<String>,
    author_id: Option<String>,
}

pub async fn index(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    Query(q): Query<IndexQuery>,
) -> ApiResult<Json<Value>> {
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    let db = &state.app.db;
    // The counts ignore status and author (`set_article_count`); the list applies them.
    let base = ArticleSearch {
        category_slug: presence(q.category_slug.clone()),
        locale: presence(q.locale.clone()),
        query: presence(q.query.clone()),
        ..ArticleSearch::default()
    };
    let counts = store::articles::counts(db, portal.id, &base, scope.user.id).await?;
    let all = store::articles::count_for_portal(db, portal.id).await?;
    let status = presence(q.status.clone()).map(|s| ArticleStatus::parse(&s));
    let author = presence(q.author_id.clone()).map(|a| a.trim().parse::<i64>().ok());
    // A status or author that cannot match anything lists nothing.
    let articles = if matches!(status, Some(None)) || matches!(author, Some(None)) {
        Vec::new()
    } else {
        let search = ArticleSearch {
            status: status.flatten().map(ArticleStatus::as_i32),
            author_id: author.flatten(),
            ..base.clone()
        };
        let order = if base.category_slug.is_some() {
            ArticleOrder::Position
        } else {
            ArticleOrder::UpdatedAt
        };
        let offset = page_offset(q.page.as_deref(), PER_PAGE);
        store::articles::search(db, portal.id, &search, order, PER_PAGE, offset).await?
    };
    let mut renderer = ArticleRenderer::new(&state.app, scope.account_id(), scope.is_admin());
    let mut payload = Vec::with_capacity(articles.len());
    for article in &articles {
        payload.push(renderer.render(article).await?);
    }
    Ok(Json(json!({
        "payload": payload,
        "meta": {
            "all_articles_count": all,
            "archived_articles_count": counts.archived,
            "articles_count": counts.total,
            "current_page": current_page(&q.page),
            "draft_articles_count": counts.draft,
            "mine_articles_count": counts.mine,
            "published_count": counts.published,
        },
    })))
}

/// `portal` (404 first), `check_authorization`, then `fetch_article`.
async fn admin_article(
    state: &AppState,
    scope: &AccountScope,
    slug: &str,
    id: i64,
) -> ApiResult<(Portal, Article)> {
    let portal = find_portal(state, scope.account_id(), slug).await?;
    scope.require_admin()?;
    let article = store::articles::find(&state.app.db, portal.id, id)
        .await?
        .ok_or_else(ApiError::not_found)?;
    Ok((portal, article))
}

async fn render(
    state: &AppState,
    scope: &AccountScope,
    article: &Article,
) -> ApiResult<Json<Value>> {
    let view = ArticleRenderer::new(&state.app, scope.account_id(), scope.is_admin())
        .render(article)
        .await?;
    Ok(Json(json!({ "payload": view })))
}

/// `show` and `edit` render the same.
pub async fn show(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug, id)): Path<(i64, String, i64)>,
) -> ApiResult<Json<Value>> {
    let (_, article) = admin_article(&state, &scope, &slug, id).await?;
    render(&state, &scope, &article).await
}

#[derive(Deserialize)]
struct ArticleForm {
    #[serde(default, deserialize_with = "opt_text")]
    title: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    slug: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_i32")]
    position: Option<Option<i32>>,
    #[serde(default, deserialize_with = "opt_text")]
    content: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    description: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_int")]
    category_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "opt_int")]
    author_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "opt_int")]
    associated_article_id: Option<Option<i64>>,
    #[serde(default, deserialize_with = "opt_text")]
    status: Option<Option<String>>,
    #[serde(default, deserialize_with = "opt_text")]
    locale: Option<Option<String>>,
    #[serde(default)]
    meta: Option<MetaForm>,
}

/// `meta: [:title, :description, { tags: [] }]`; other keys are dropped as strong params do.
#[derive(Deserialize)]
struct MetaForm {
    #[serde(default, deserialize_with = "crate::forms::string_like")]
    title: Option<String>,
    #[serde(default, deserialize_with = "crate::forms::string_like")]
    description: Option<String>,
    #[serde(default)]
    tags: Option<Vec<String>>,
}

impl MetaForm {
    fn into_value(self) -> Value {
        let mut meta = Map::new();
        if let Some(v) = self.title {
            meta.insert("title".into(), json!(v));
        }
        if let Some(v) = self.description {
            meta.insert("description".into(), json!(v));
        }
        if let Some(v) = self.tags {
            meta.insert("tags".into(), json!(v));
        }
        Value::Object(meta)
    }
}

/// The attributes Rails' parameter wrapper moves under `article` from a flat body.
const ARTICLE_KEYS: [&str; 11] = [
    "title",
    "slug",
    "position",
    "content",
    "description",
    "category_id",
    "author_id",
    "associated_article_id",
    "status",
    "locale",
    "meta",
];

fn article_map(params: &Params) -> Map<String, Value> {
    match params.get("article") {
        Some(Value::Object(inner)) => inner.clone(),
        _ => params
            .0
            .iter()
            .filter(|(k, _)| ARTICLE_KEYS.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
    }
}

fn article_params(map: Map<String, Value>) -> ApiResult<ArticleParams> {
    let form: ArticleForm = crate::extract::params::parse_map(map)?;
    Ok(ArticleParams {
        title: form.title,
        slug: form.slug,
        position: form.position,
        content: form.content,
        description: form.description,
        category_id: form.category_id,
        author_id: form.author_id,
        associated_article_id: form.associated_article_id,
        status: form.status,
        locale: form.locale,
        meta: form.meta.map(MetaForm::into_value),
    })
}

pub async fn create(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    scope.require_admin()?;
    let map = article_map(&params);
    if map.is_empty() {
        return Err(ApiError::param_missing("article"));
    }
    let p = article_params(map)?;
    let article =
        app::help_center::articles::create(&state.app.db, &portal, scope.user.id, p).await?;
    render(&state, &scope, &article).await
}

/// `update`: without article params nothing changes (`if params[:article].present?`).
pub async fn update(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug, id)): Path<(i64, String, i64)>,
    params: Params,
) -> ApiResult<Json<Value>> {
    let (portal, mut article) = admin_article(&state, &scope, &slug, id).await?;
    let map = article_map(&params);
    if !map.is_empty() {
        let p = article_params(map)?;
        article = app::help_center::articles::update(&state.app.db, &portal, &article, p).await?;
    }
    render(&state, &scope, &article).await
}

pub async fn destroy(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug, id)): Path<(i64, String, i64)>,
) -> ApiResult<StatusCode> {
    let (_, article) = admin_article(&state, &scope, &slug, id).await?;
    app::help_center::articles::destroy(&state.app.db, &article).await?;
    Ok(StatusCode::OK)
}

/// `positions_hash`: `{ "<article id>": <position>, ... }`.
fn positions(params: &Params) -> ApiResult<BTreeMap<i64, i32>> {
    let Some(Value::Object(map)) = params.get("positions_hash") else {
        return Err(match params.get("positions_hash") {
            None | Some(Value::Null) => ApiError::param_missing("positions_hash"),
            Some(_) => ApiError::unprocessable("positions_hash must map article ids to positions"),
        });
    };
    let bad = || ApiError::unprocessable("positions_hash must map article ids to positions");
    map.iter()
        .map(|(id, position)| {
            let id: i64 = id.trim().parse().map_err(|_| bad())?;
            let position = match position {
                Value::Number(n) => n.as_i64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
            .and_then(|p| i32::try_from(p).ok())
            .ok_or_else(bad)?;
            Ok((id, position))
        })
        .collect()
}

pub async fn reorder(
    State(state): State<AppState>,
    scope: AccountScope,
    Path((_, slug)): Path<(i64, String)>,
    params: Params,
) -> ApiResult<StatusCode> {
    let portal = find_portal(&state, scope.account_id(), &slug).await?;
    scope.require_admin()?;
    let positions = positions(&params)?;
    app::help_center::articles::reorder(&state.app.db, &portal, &positions).await?;
    Ok(StatusCode::OK)
}
