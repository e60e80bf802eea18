//! Articles of a portal (upstream `ArticlesController` and `Article`).

use super::{parameterize, presence, require_text, LOCALE_MAX, NAME_MAX, TEXT_MAX};
use crate::{AppError, Result};
use domain::enums::ArticleStatus;
use domain::{validate, ValidationErrors};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use store::articles::{Article, ArticleFields};
use store::portals::Portal;
use store::{Db, Exec};

/// Articles are long documents, but not unbounded ones.
pub const CONTENT_MAX: usize = 200_000;

/// `article_params`. `None` leaves a field alone; `Some(None)` is an explicit null.
#[derive(Debug, Clone, Default)]
pub struct ArticleParams {
    pub title: Option<Option<String>>,
    pub slug: Option<Option<String>>,
    pub position: Option<Option<i32>>,
    pub content: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub category_id: Option<Option<i64>>,
    pub author_id: Option<Option<i64>>,
    pub associated_article_id: Option<Option<i64>>,
    /// The name or the number, as Rails enums accept either.
    pub status: Option<Option<String>>,
    pub locale: Option<Option<String>>,
    /// `meta: [:title, :description, { tags: [] }]`, already reduced to those keys.
    pub meta: Option<Value>,
}

fn default_locale(portal: &Portal) -> String {
    portal
        .config
        .as_ref()
        .and_then(|c| c.0.get("default_locale"))
        .and_then(Value::as_str)
        .unwrap_or("en")
        .to_string()
}

/// Applies `p` and runs Article's callbacks and validations (`ensure_article_slug`,
/// `ensure_locale_in_article`, presence of author, title and content).
async fn apply(
    e: &impl Exec,
    portal: &Portal,
    fields: &mut ArticleFields,
    p: ArticleParams,
    except_id: Option<i64>,
) -> Result<ValidationErrors> {
    let mut errors = ValidationErrors::new();
    if let Some(v) = p.title {
        fields.title = v;
    }
    if let Some(v) = p.slug {
        fields.slug = v.unwrap_or_default();
    }
    if let Some(v) = p.position {
        fields.position = v;
    }
    if let Some(v) = p.content {
        fields.content = v;
    }
    if let Some(v) = p.description {
        fields.description = v;
    }
    if let Some(v) = p.category_id {
        fields.category_id = v;
    }
    if let Some(v) = p.author_id {
        fields.author_id = v;
    }
    if let Some(v) = p.associated_article_id {
        fields.associated_article_id = v;
    }
    if let Some(v) = p.meta {
        fields.meta = v;
    }
    if let Some(status) = p.status {
        match status.as_deref().and_then(ArticleStatus::parse) {
            Some(s) => fields.status = s.as_i32(),
            None => errors.add("status", "is not included in the list"),
        }
    }
    let requested_locale = presence(match p.locale {
        Some(v) => v,
        None => Some(fields.locale.clone()),
    });
    let category = match fields.category_id {
        Some(id) => {
            let found = store::categories::find(e, portal.id, id).await?;
            if found.is_none() {
                errors.add("category", "must exist");
            }
            found
        }
        None => None,
    };
    // `ensure_locale_in_article`: a category decides the locale.
    fields.locale = match &category {
        Some(c) => c.locale.clone().unwrap_or_default(),
        None => requested_locale.unwrap_or_else(|| default_locale(portal)),
    };
    // `ensure_article_slug` (Switchboard also fills a blank slug, which upstream would store).
    if fields.slug.trim().is_empty() {
        if let Some(title) = fields.title.as_deref().filter(|t| !t.trim().is_empty()) {
            let now = domain::time::unix(domain::time::now());
            fields.slug = format!("{now}-{}", parameterize(title));
        }
    }
    match fields.author_id {
        None => errors.add("author", "must exist"),
        // Upstream accepts any user; an author here must belong to the account.
        Some(id) => {
            if store::account_users::find(e, portal.account_id, id)
                .await?
                .is_none()
            {
                errors.add("author", "must exist");
            }
        }
    }
    require_text(&mut errors, "title", fields.title.as_deref());
    require_text(&mut errors, "content", fields.content.as_deref());
    require_text(&mut errors, "slug", Some(&fields.slug));
    validate::max_length(&mut errors, "title", fields.title.as_deref(), NAME_MAX);
    validate::max_length(&mut errors, "slug", Some(&fields.slug), NAME_MAX);
    validate::max_length(&mut errors, "locale", Some(&fields.locale), LOCALE_MAX);
    validate::max_length(
        &mut errors,
        "description",
        fields.description.as_deref(),
        TEXT_MAX,
    );
    validate::max_length(
        &mut errors,
        "content",
        fields.content.as_deref(),
        CONTENT_MAX,
    );
    // No model validation upstream: the unique index raised there; here it is a message.
    if !fields.slug.is_empty() && store::articles::slug_taken(e, &fields.slug, except_id).await? {
        errors.add("slug", "has already been taken");
    }
    Ok(errors)
}

/// Resolves `associated_article_id` to its root (`Article#associate_root_article`): the
/// article named must be one of the portal's, and its own root wins.
async fn root_article_id(e: &impl Exec, portal: &Portal, id: i64) -> Result<Option<i64>> {
    Ok(store::articles::find(e, portal.id, id)
        .await?
        .map(|a| a.associated_article_id.unwrap_or(a.id)))
}

/// `@portal.articles.create!(params)` with status defaulting to draft, then the root link.
pub async fn create(
    db: &Db,
    portal: &Portal,
    current_user_id: i64,
    mut p: ArticleParams,
) -> Result<Article> {
    let mut fields = ArticleFields {
        category_id: None,
        title: None,
        description: None,
        content: None,
        status: ArticleStatus::Draft.as_i32(),
        // Switchboard: the author defaults to the caller (upstream requires author_id).
        author_id: Some(current_user_id),
        associated_article_id: None,
        meta: json!({}),
        slug: String::new(),
        position: None,
        locale: String::new(),
    };
    // `params[:status] ||= :draft`; a blank status is no status either.
    if p.status
        .as_ref()
        .is_some_and(|s| s.as_deref().is_none_or(|s| s.trim().is_empty()))
    {
        p.status = None;
    }
    let tx = db.begin().await?;
    let associated = p.associated_article_id.take().flatten();
    apply(&tx, portal, &mut fields, p, None)
        .await?
        .into_result()?;
    if let Some(id) = associated {
        // Upstream `portal.articles.find` raises RecordNotFound here: a 404.
        fields.associated_article_id = Some(
            root_article_id(&tx, portal, id)
                .await?
                .ok_or(AppError::NotFound)?,
        );
    }
    // `add_position_to_article`: after the last of its category, in steps of 10.
    if fields.position.is_none() {
        let max = store::articles::max_position(&tx, portal.account_id, fields.category_id).await?;
        fields.position = Some(max.map_or(10, |m| m.saturating_add(10)));
    }
    let article = store::articles::insert(
        &tx,
        portal.account_id,
        portal.id,
        &fields,
        domain::time::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(article)
}

pub async fn update(
    db: &Db,
    portal: &Portal,
    article: &Article,
    p: ArticleParams,
) -> Result<Article> {
    let mut fields = ArticleFields::from(article);
    let tx = db.begin().await?;
    let mut errors = apply(&tx, portal, &mut fields, p, Some(article.id)).await?;
    if let Some(id) = fields.associated_article_id {
        if id != article.associated_article_id.unwrap_or(0)
            && (id == article.id || store::articles::find(&tx, portal.id, id).await?.is_none())
        {
            errors.add("associated_article", "must exist");
        }
    }
    errors.into_result()?;
    let mut updated =
        store::articles::update(&tx, article.id, &fields, domain::time::now()).await?;
    // `category_id_changed_action`: a moved article goes after the last of its new category
    // (the maximum already counts the article itself, as upstream's after_save does).
    if updated.category_id != article.category_id {
        let max =
            store::articles::max_position(&tx, portal.account_id, updated.category_id).await?;
        let position = max.map_or(10, |m| m.saturating_add(10));
        store::articles::set_position(&tx, updated.id, position).await?;
        updated.position = Some(position);
    }
    tx.commit().await?;
    Ok(updated)
}

pub async fn destroy(db: &Db, article: &Article) -> Result<()> {
    let tx = db.begin().await?;
    store::articles::delete(&tx, article.id).await?;
    tx.commit().await?;
    Ok(())
}

/// `Article.update_positions(positions_hash)`: all or nothing, and only the portal's articles
/// (upstream finds any article of the installation).
pub async fn reorder(db: &Db, portal: &Portal, positions: &BTreeMap<i64, i32>) -> Result<()> {
    let tx = db.begin().await?;
    let now = domain::time::now();
    for (id, position) in positions {
        let article = store::articles::find(&tx, portal.id, *id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut fields = ArticleFields::from(&article);
        fields.position = Some(*position);
        store::articles::update(&tx, article.id, &fields, now).await?;
    }
    tx.commit().await?;
    Ok(())
}
