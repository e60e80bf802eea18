//! `categories` and `related_categories`. A slug is unique per portal and locale
//! (`index_categories_on_slug_and_locale_and_portal_id`).

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub account_id: i64,
    pub portal_id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
    pub locale: Option<String>,
    pub slug: String,
    pub parent_category_id: Option<i64>,
    pub associated_category_id: Option<i64>,
    pub icon: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every column a create or an update writes.
#[derive(Debug, Clone, Default)]
pub struct CategoryFields {
    pub name: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
    pub locale: Option<String>,
    pub slug: String,
    pub parent_category_id: Option<i64>,
    pub associated_category_id: Option<i64>,
    pub icon: Option<String>,
}

impl From<&Category> for CategoryFields {
    fn from(c: &Category) -> Self {
        CategoryFields {
            name: c.name.clone(),
            description: c.description.clone(),
            position: c.position,
            locale: c.locale.clone(),
            slug: c.slug.clone(),
            parent_category_id: c.parent_category_id,
            associated_category_id: c.associated_category_id,
            icon: c.icon.clone(),
        }
    }
}

const COLUMNS: &str =
    "id, account_id, portal_id, name, description, position, locale, slug, parent_category_id, \
                       associated_category_id, icon, created_at, updated_at";

/// Upstream orders by position (PostgreSQL puts NULLs last); the id breaks ties.
const ORDER: &str = "ORDER BY (position IS NULL), position, id";

pub async fn insert(
    e: &impl Exec,
    account_id: i64,
    portal_id: i64,
    f: &CategoryFields,
    now: NaiveDateTime,
) -> Result<Category> {
    let q = Sql::new(format!(
        "INSERT INTO categories (account_id, portal_id, name, description, position, locale, slug, parent_category_id, \
         associated_category_id, icon, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING {COLUMNS}"
    ))
    .bind(account_id)
    .bind(portal_id)
    .bind(f.name.clone())
    .bind(f.description.clone())
    .bind(f.position)
    .bind(f.locale.clone())
    .bind(&f.slug)
    .bind(f.parent_category_id)
    .bind(f.associated_category_id)
    .bind(f.icon.clone())
    .bind(now);
    e.fetch_one(q).await
}

pub async fn update(
    e: &impl Exec,
    id: i64,
    f: &CategoryFields,
    now: NaiveDateTime,
) -> Result<Category> {
    let q = Sql::new(format!(
        "UPDATE categories SET name = $2, description = $3, position = $4, locale = $5, slug = $6, \
         parent_category_id = $7, associated_category_id = $8, icon = $9, updated_at = $10 \
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(f.name.clone())
    .bind(f.description.clone())
    .bind(f.position)
    .bind(f.locale.clone())
    .bind(&f.slug)
    .bind(f.parent_category_id)
    .bind(f.associated_category_id)
    .bind(f.icon.clone())
    .bind(now);
    e.fetch_one(q).await
}

/// `portal.categories.find(id)`.
pub async fn find(e: &impl Exec, portal_id: i64, id: i64) -> Result<Option<Category>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM categories WHERE portal_id = $1 AND id = $2"
    ))
    .bind(portal_id)
    .bind(id);
    e.fetch_optional(q).await
}

/// Categories by id regardless of portal (for rendering links already stored).
pub async fn find_many(e: &impl Exec, ids: &[i64]) -> Result<Vec<Category>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!("SELECT {COLUMNS} FROM categories WHERE id IN ("));
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}

/// `Category.search`: the portal's categories, optionally of one locale, a page at a time.
pub async fn list(
    e: &impl Exec,
    portal_id: i64,
    locale: Option<&str>,
    limit: i64,
    offset: i64,
) -> Result<Vec<Category>> {
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM categories WHERE portal_id = $1"
    ))
    .bind(portal_id);
    if let Some(locale) = locale {
        let p = q.arg(locale);
        q.push(&format!(" AND locale = {p}"));
    }
    let (l, o) = (q.arg(limit), q.arg(offset));
    q.push(&format!(" {ORDER} LIMIT {l} OFFSET {o}"));
    e.fetch_all(q).await
}

/// Deletes the category and detaches what pointed at it: articles (foreign key), sub-categories
/// and associated categories (`dependent: :nullify`, an `update_all` that leaves timestamps be),
/// related pairs (foreign key).
pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    for column in ["parent_category_id", "associated_category_id"] {
        e.execute(
            Sql::new(format!(
                "UPDATE categories SET {column} = NULL WHERE {column} = $1"
            ))
            .bind(id),
        )
        .await?;
    }
    e.execute(Sql::new("DELETE FROM categories WHERE id = $1").bind(id))
        .await
}

/// True when another category of the portal has this slug in this locale.
pub async fn slug_taken(
    e: &impl Exec,
    portal_id: i64,
    slug: &str,
    locale: Option<&str>,
    except_id: Option<i64>,
) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM categories WHERE portal_id = $1 AND slug = $2 AND locale = $3 AND id <> $4",
    )
    .bind(portal_id)
    .bind(slug)
    .bind(locale)
    .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// The ids among `ids` that are categories of the portal, in the order given, without repeats.
pub async fn ids_in_portal(e: &impl Exec, portal_id: i64, ids: &[i64]) -> Result<Vec<i64>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q =
        Sql::new("SELECT id FROM categories WHERE portal_id = $1 AND id IN (").bind(portal_id);
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    let found: Vec<(i64,)> = e.fetch_all(q).await?;
    let mut out = Vec::new();
    for id in ids {
        if found.iter().any(|(f,)| f == id) && !out.contains(id) {
            out.push(*id);
        }
    }
    Ok(out)
}

/// `category.related_categories`, in the order they were linked.
pub async fn related(e: &impl Exec, category_id: i64) -> Result<Vec<Category>> {
    let q = Sql::new(format!(
        "SELECT {} FROM categories c JOIN related_categories r ON r.related_category_id = c.id \
         WHERE r.category_id = $1 ORDER BY r.id",
        prefixed("c")
    ))
    .bind(category_id);
    e.fetch_all(q).await
}

/// Links `category_id` to each of `related_ids` not linked yet (`related_categories <<`).
pub async fn add_related(
    e: &impl Exec,
    category_id: i64,
    related_ids: &[i64],
    now: NaiveDateTime,
) -> Result<()> {
    for related_id in related_ids {
        let q = Sql::new(
            "INSERT INTO related_categories (category_id, related_category_id, created_at, updated_at) \
             VALUES ($1, $2, $3, $3) ON CONFLICT DO NOTHING",
        )
        .bind(category_id)
        .bind(*related_id)
        .bind(now);
        e.execute(q).await?;
    }
    Ok(())
}

/// Replaces the category's related set (`related_categories = records`).
pub async fn set_related(
    e: &impl Exec,
    category_id: i64,
    related_ids: &[i64],
    now: NaiveDateTime,
) -> Result<()> {
    e.execute(Sql::new("DELETE FROM related_categories WHERE category_id = $1").bind(category_id))
        .await?;
    add_related(e, category_id, related_ids, now).await
}

/// Number of the portal's categories per locale.
pub async fn count_by_locale(e: &impl Exec, portal_id: i64) -> Result<Vec<(Option<String>, i64)>> {
    let q =
        Sql::new("SELECT locale, COUNT(*) FROM categories WHERE portal_id = $1 GROUP BY locale")
            .bind(portal_id);
    e.fetch_all(q).await
}

pub async fn count_for_portal(e: &impl Exec, portal_id: i64) -> Result<i64> {
    e.scalar(Sql::new("SELECT COUNT(*) FROM categories WHERE portal_id = $1").bind(portal_id))
        .await
}

/// The column list with a table alias, for joins.
pub fn prefixed(alias: &str) -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{alias}.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}
