//! `api/v1/accounts/articles/_article.json.jbuilder`, `_associated_article`, and the author as
//! `api/v1/models/_agent.json.jbuilder` renders a user.

use crate::error::ApiResult;
use crate::views::portal::{Articles, PortalView};
use crate::views::user::available_name;
use app::presence::user_availability_status;
use domain::enums::{ArticleStatus, Role};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use store::articles::Article;
use store::categories::Category;

/// `_agent`: the author as a member of the current account (role and availability are nil when
/// the author has left it).
#[derive(Serialize, Clone)]
pub struct AuthorView {
    pub id: i64,
    pub account_id: i64,
    pub availability_status: Option<&'static str>,
    pub auto_offline: Option<bool>,
    pub confirmed: bool,
    pub email: Option<String>,
    pub provider: String,
    pub available_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub custom_attributes: Option<Value>,
    pub name: String,
    pub role: Option<&'static str>,
    pub thumbnail: String,
}

#[derive(Serialize)]
pub struct ArticleCategoryView {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub slug: Option<String>,
    pub locale: Option<String>,
}

#[derive(Serialize)]
pub struct ArticleView {
    pub id: i64,
    pub slug: String,
    pub title: Option<String>,
    pub content: Option<String>,
    pub description: Option<String>,
    pub status: Option<&'static str>,
    pub position: Option<i32>,
    pub account_id: i64,
    pub updated_at: i64,
    pub meta: Option<Value>,
    pub category: ArticleCategoryView,
    pub views: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<AuthorView>,
    /// Absent when empty: jbuilder drops a key whose block renders nothing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub associated_articles: Vec<AssociatedArticleView>,
}

#[derive(Serialize)]
pub struct AssociatedArticleView {
    pub id: i64,
    pub category_id: Option<i64>,
    pub title: Option<String>,
    pub content: Option<String>,
    pub description: Option<String>,
    pub status: Option<&'static str>,
    pub account_id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portal: Option<PortalView>,
    pub views: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub author: Option<AuthorView>,
}

fn status_name(status: Option<i32>) -> Option<&'static str> {
    status
        .and_then(ArticleStatus::from_i32)
        .map(ArticleStatus::as_str)
}

/// Loads authors, categories and portals once per request, however many articles share them.
pub struct ArticleRenderer<'a> {
    app: &'a app::App,
    account_id: i64,
    is_admin: bool,
    authors: HashMap<i64, Option<AuthorView>>,
    categories: HashMap<i64, Option<Category>>,
}

impl<'a> ArticleRenderer<'a> {
    pub fn new(app: &'a app::App, account_id: i64, is_admin: bool) -> Self {
        ArticleRenderer {
            app,
            account_id,
            is_admin,
            authors: HashMap::new(),
            categories: HashMap::new(),
        }
    }

    async fn author(&mut self, id: Option<i64>) -> ApiResult<Option<AuthorView>> {
        let Some(id) = id else { return Ok(None) };
        if let Some(cached) = self.authors.get(&id) {
            return Ok(cached.clone());
        }
        let db = &self.app.db;
        let view = match store::users::find(db, id).await? {
            None => None,
            Some(u) => {
                let member = store::account_users::find(db, self.account_id, u.id).await?;
                Some(AuthorView {
                    id: u.id,
                    account_id: self.account_id,
                    availability_status: member.as_ref().map(|m| {
                        user_availability_status(
                            &self.app.presence,
                            self.account_id,
                            u.id,
                            m.availability,
                            m.auto_offline,
                        )
                    }),
                    auto_offline: member.as_ref().map(|m| m.auto_offline),
                    confirmed: u.confirmed_at.is_some(),
                    email: u.email.clone(),
                    provider: u.provider.clone(),
                    available_name: available_name(&u),
                    custom_attributes: u
                        .custom_attributes
                        .as_ref()
                        .map(|j| j.0.clone())
                        .filter(|v| v.as_object().is_some_and(|o| !o.is_empty())),
                    name: u.name.clone(),
                    role: member
                        .as_ref()
                        .map(|m| Role::from_i32(m.role).unwrap_or(Role::Agent).as_str()),
                    // No avatar uploads yet: `avatar_url` is '' without one.
                    thumbnail: String::new(),
                })
            }
        };
        self.authors.insert(id, view.clone());
        Ok(view)
    }

    async fn category(&mut self, article: &Article) -> ApiResult<ArticleCategoryView> {
        let found = match article.category_id {
            None => None,
            Some(id) => {
                if !self.categories.contains_key(&id) {
                    let c = store::categories::find(&self.app.db, article.portal_id, id).await?;
                    self.categories.insert(id, c);
                }
                self.categories.get(&id).cloned().flatten()
            }
        };
        Ok(ArticleCategoryView {
            id: article.category_id,
            name: found.as_ref().and_then(|c| c.name.clone()),
            slug: found.as_ref().map(|c| c.slug.clone()),
            locale: found.as_ref().and_then(|c| c.locale.clone()),
        })
    }

    async fn associated(&mut self, article: &Article) -> ApiResult<AssociatedArticleView> {
        let portal = match store::portals::find(&self.app.db, article.portal_id).await? {
            Some(p) => Some(PortalView::load(self.app, &p, Articles::None, self.is_admin).await?),
            None => None,
        };
        Ok(AssociatedArticleView {
            id: article.id,
            category_id: article.category_id,
            title: article.title.clone(),
            content: article.content.clone(),
            description: article.description.clone(),
            status: status_name(article.status),
            account_id: article.account_id,
            portal,
            views: article.views,
            author: self.author(article.author_id).await?,
        })
    }

    pub async fn render(&mut self, article: &Article) -> ApiResult<ArticleView> {
        let mut associated = Vec::new();
        for a in store::articles::associated(&self.app.db, article.id).await? {
            associated.push(self.associated(&a).await?);
        }
        Ok(ArticleView {
            id: article.id,
            slug: article.slug.clone(),
            title: article.title.clone(),
            content: article.content.clone(),
            description: article.description.clone(),
            status: status_name(article.status),
            position: article.position,
            account_id: article.account_id,
            updated_at: domain::time::unix(article.updated_at),
            meta: article.meta.as_ref().map(|j| j.0.clone()),
            category: self.category(article).await?,
            views: article.views,
            author: self.author(article.author_id).await?,
            associated_articles: associated,
        })
    }
}
