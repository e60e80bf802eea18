//! `articles`. Slugs are unique across the installation (`index_articles_on_slug`).

use crate::dialect::like_escape;
use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Article {
    pub id: i64,
    pub account_id: i64,
    pub portal_id: i64,
    pub category_id: Option<i64>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub content: Option<String>,
    pub status: Option<i32>,
    pub views: Option<i32>,
    pub author_id: Option<i64>,
    pub associated_article_id: Option<i64>,
    pub meta: Option<Json<JsonValue>>,
    pub slug: String,
    pub position: Option<i32>,
    pub locale: String,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every column a create or an update writes.
#[derive(Debug, Clone)]
pub struct ArticleFields {
    pub category_id: Option<i64>,
    pub title: Option<String>,
    pub description: Option<String>,
    pub content: Option<String>,
    pub status: i32,
    pub author_id: Option<i64>,
    pub associated_article_id: Option<i64>,
    pub meta: JsonValue,
    pub slug: String,
    pub position: Option<i32>,
    pub locale: String,
}

impl From<&Article> for ArticleFields {
    fn from(a: &Article) -> Self {
        ArticleFields {
            category_id: a.category_id,
            title: a.title.clone(),
            description: a.description.clone(),
            content: a.content.clone(),
            status: a.status.unwrap_or(0),
            author_id: a.author_id,
            associated_article_id: a.associated_article_id,
            meta: a
                .meta
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or_else(|| serde_json::json!({})),
            slug: a.slug.clone(),
            position: a.position,
            locale: a.locale.clone(),
        }
    }
}

const COLUMNS: &str = "id, account_id, portal_id, category_id, title, description, content, status, views, author_id, \
                       associated_article_id, meta, slug, position, locale, created_at, updated_at";

fn prefixed(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub async fn insert(
    e: &impl Exec,
    account_id: i64,
    portal_id: i64,
    f: &ArticleFields,
    now: NaiveDateTime,
) -> Result<Article> {
    let q = Sql::new(format!(
        "INSERT INTO articles (account_id, portal_id, category_id, title, description, content, status, author_id, \
         associated_article_id, meta, slug, position, locale, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING {COLUMNS}"
    ))
    .bind(account_id)
    .bind(portal_id)
    .bind(f.category_id)
    .bind(f.title.clone())
    .bind(f.description.clone())
    .bind(f.content.clone())
    .bind(f.status)
    .bind(f.author_id)
    .bind(f.associated_article_id)
    .bind(&f.meta)
    .bind(&f.slug)
    .bind(f.position)
    .bind(&f.locale)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn update(
    e: &impl Exec,
    id: i64,
    f: &ArticleFields,
    now: NaiveDateTime,
) -> Result<Article> {
    let q = Sql::new(format!(
        "UPDATE articles SET category_id = $2, title = $3, description = $4, content = $5, status = $6, \
         author_id = $7, associated_article_id = $8, meta = $9, slug = $10, position = $11, locale = $12, \
         updated_at = $13 WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(f.category_id)
    .bind(f.title.clone())
    .bind(f.description.clone())
    .bind(f.content.clone())
    .bind(f.status)
    .bind(f.author_id)
    .bind(f.associated_article_id)
    .bind(&f.meta)
    .bind(&f.slug)
    .bind(f.position)
    .bind(&f.locale)
    .bind(now);
    e.fetch_one(q).await
}

/// `update_column(:position, ..)`: no timestamps touched.
pub async fn set_position(e: &impl Exec, id: i64, position: i32) -> Result<u64> {
    e.execute(
        Sql::new("UPDATE articles SET position = $2 WHERE id = $1")
            .bind(id)
            .bind(position),
    )
    .await
}

/// `portal.articles.find(id)`.
pub async fn find(e: &impl Exec, portal_id: i64, id: i64) -> Result<Option<Article>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM articles WHERE portal_id = $1 AND id = $2"
    ))
    .bind(portal_id)
    .bind(id);
    e.fetch_optional(q).await
}

/// Deletes the article and detaches the ones associated to it (`dependent: :nullify`).
pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(
        Sql::new(
            "UPDATE articles SET associated_article_id = NULL WHERE associated_article_id = $1",
        )
        .bind(id),
    )
    .await?;
    e.execute(Sql::new("DELETE FROM articles WHERE id = $1").bind(id))
        .await
}

/// `article.associated_articles`.
pub async fn associated(e: &impl Exec, article_id: i64) -> Result<Vec<Article>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM articles WHERE associated_article_id = $1 ORDER BY id"
    ))
    .bind(article_id);
    e.fetch_all(q).await
}

pub async fn slug_taken(e: &impl Exec, slug: &str, except_id: Option<i64>) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM articles WHERE slug = $1 AND id <> $2")
        .bind(slug)
        .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// `Article.where(category_id:, account_id:).maximum(:position)`.
pub async fn max_position(
    e: &impl Exec,
    account_id: i64,
    category_id: Option<i64>,
) -> Result<Option<i32>> {
    let q = match category_id {
        Some(c) => Sql::new(
            "SELECT MAX(position) FROM articles WHERE account_id = $1 AND category_id = $2",
        )
        .bind(account_id)
        .bind(c),
        None => Sql::new(
            "SELECT MAX(position) FROM articles WHERE account_id = $1 AND category_id IS NULL",
        )
        .bind(account_id),
    };
    e.scalar::<Option<i32>>(q).await
}

/// `Article.search`'s filters; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct ArticleSearch {
    pub category_slug: Option<String>,
    pub locale: Option<String>,
    pub author_id: Option<i64>,
    pub status: Option<i32>,
    /// Words that must each appear in the title, description or content.
    pub query: Option<String>,
}

const FROM: &str = "FROM articles a LEFT JOIN categories c ON c.id = a.category_id";

/// Appends the search's conditions (`left_outer_joins(:category)` makes `c` available).
fn push_filters(q: &mut Sql, backend: crate::Backend, s: &ArticleSearch) {
    if let Some(slug) = &s.category_slug {
        let p = q.arg(slug.as_str());
        q.push(&format!(" AND c.slug = {p}"));
    }
    if let Some(locale) = &s.locale {
        let p = q.arg(locale.as_str());
        q.push(&format!(" AND a.locale = {p}"));
    }
    if let Some(author) = s.author_id {
        let p = q.arg(author);
        q.push(&format!(" AND a.author_id = {p}"));
    }
    if let Some(status) = s.status {
        let p = q.arg(status);
        q.push(&format!(" AND a.status = {p}"));
    }
    if let Some(query) = &s.query {
        // Upstream ranks with pg_search (tsearch, prefix); every word must match somewhere.
        let like = backend.ilike();
        for word in query.split_whitespace() {
            let p = q.arg(format!("%{}%", like_escape(word)));
            q.push(&format!(
                " AND (a.title {like} {p} ESCAPE '\\' OR a.description {like} {p} ESCAPE '\\' \
                 OR a.content {like} {p} ESCAPE '\\')"
            ));
        }
    }
}

pub enum ArticleOrder {
    /// `order_by_position`, when listing one category.
    Position,
    /// `order_by_updated_at`, newest first.
    UpdatedAt,
}

pub async fn search(
    e: &impl Exec,
    portal_id: i64,
    s: &ArticleSearch,
    order: ArticleOrder,
    limit: i64,
    offset: i64,
) -> Result<Vec<Article>> {
    let mut q = Sql::new(format!(
        "SELECT {} {FROM} WHERE a.portal_id = $1",
        prefixed("a")
    ))
    .bind(portal_id);
    push_filters(&mut q, e.backend(), s);
    let order = match order {
        ArticleOrder::Position => "(a.position IS NULL), a.position, a.id",
        ArticleOrder::UpdatedAt => "a.updated_at DESC, a.id DESC",
    };
    let (l, o) = (q.arg(limit), q.arg(offset));
    q.push(&format!(" ORDER BY {order} LIMIT {l} OFFSET {o}"));
    e.fetch_all(q).await
}

/// Counts over one search: all matches, the given author's, and each status.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, sqlx::FromRow)]
pub struct ArticleCounts {
    pub total: i64,
    pub mine: i64,
    pub draft: i64,
    pub published: i64,
    pub archived: i64,
}

pub async fn counts(
    e: &impl Exec,
    portal_id: i64,
    s: &ArticleSearch,
    user_id: i64,
) -> Result<ArticleCounts> {
    let mut q = Sql::new(format!(
        "SELECT COUNT(*) AS total, COUNT(CASE WHEN a.author_id = $2 THEN 1 END) AS mine, \
         COUNT(CASE WHEN a.status = 0 THEN 1 END) AS draft, COUNT(CASE WHEN a.status = 1 THEN 1 END) AS published, \
         COUNT(CASE WHEN a.status = 2 THEN 1 END) AS archived {FROM} WHERE a.portal_id = $1"
    ))
    .bind(portal_id)
    .bind(user_id);
    push_filters(&mut q, e.backend(), s);
    e.fetch_one(q).await
}

pub async fn count_for_portal(e: &impl Exec, portal_id: i64) -> Result<i64> {
    e.scalar(Sql::new("SELECT COUNT(*) FROM articles WHERE portal_id = $1").bind(portal_id))
        .await
}

/// Number of the portal's articles per locale (`portal.articles.search(locale:)`).
pub async fn count_by_locale(e: &impl Exec, portal_id: i64) -> Result<Vec<(String, i64)>> {
    let q = Sql::new("SELECT locale, COUNT(*) FROM articles WHERE portal_id = $1 GROUP BY locale")
        .bind(portal_id);
    e.fetch_all(q).await
}

/// Number of articles per category, optionally of one locale (`category.articles.search(locale:)`).
pub async fn count_by_category(
    e: &impl Exec,
    category_ids: &[i64],
    locale: Option<&str>,
) -> Result<Vec<(i64, i64)>> {
    if category_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new("SELECT category_id, COUNT(*) FROM articles WHERE category_id IN (");
    let list = q.arg_list(category_ids);
    q.push(&list);
    q.push(")");
    if let Some(locale) = locale {
        let p = q.arg(locale);
        q.push(&format!(" AND locale = {p}"));
    }
    q.push(" GROUP BY category_id");
    e.fetch_all(q).await
}
