//! `api/v1/accounts/categories/_category.json.jbuilder` and `_associated_category`.

use crate::error::ApiResult;
use serde::Serialize;
use std::collections::HashMap;
use store::categories::Category;
use store::Exec;

/// `_associated_category`: a linked category without its own links.
#[derive(Serialize)]
pub struct AssociatedCategoryView {
    pub id: i64,
    pub name: Option<String>,
    pub slug: String,
    pub locale: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
    pub account_id: i64,
}

impl From<&Category> for AssociatedCategoryView {
    fn from(c: &Category) -> Self {
        AssociatedCategoryView {
            id: c.id,
            name: c.name.clone(),
            slug: c.slug.clone(),
            locale: c.locale.clone(),
            description: c.description.clone(),
            position: c.position,
            account_id: c.account_id,
        }
    }
}

/// jbuilder leaves out a key whose block renders nothing: `related_categories` is absent when
/// empty, as are `parent_category` and `root_category` without a link.
#[derive(Serialize)]
pub struct CategoryView {
    pub id: i64,
    pub name: Option<String>,
    pub slug: String,
    pub locale: Option<String>,
    pub description: Option<String>,
    pub position: Option<i32>,
    pub account_id: i64,
    pub icon: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub related_categories: Vec<AssociatedCategoryView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parent_category: Option<AssociatedCategoryView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub root_category: Option<AssociatedCategoryView>,
    pub meta: CategoryMetaView,
}

#[derive(Serialize)]
pub struct CategoryMetaView {
    pub articles_count: i64,
}

impl CategoryView {
    /// Renders `categories`, counting each one's articles in `locale` (index's `@current_locale`;
    /// `None` counts all).
    pub async fn load_many(
        e: &impl Exec,
        categories: &[Category],
        locale: Option<&str>,
    ) -> ApiResult<Vec<CategoryView>> {
        let ids: Vec<i64> = categories.iter().map(|c| c.id).collect();
        let counts: HashMap<i64, i64> = store::articles::count_by_category(e, &ids, locale)
            .await?
            .into_iter()
            .collect();
        let mut linked_ids: Vec<i64> = categories
            .iter()
            .flat_map(|c| [c.parent_category_id, c.associated_category_id])
            .flatten()
            .collect();
        linked_ids.sort_unstable();
        linked_ids.dedup();
        let linked: HashMap<i64, Category> = store::categories::find_many(e, &linked_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, c))
            .collect();
        let mut out = Vec::with_capacity(categories.len());
        for c in categories {
            let related = store::categories::related(e, c.id).await?;
            let link = |id: Option<i64>| {
                id.and_then(|id| linked.get(&id))
                    .map(AssociatedCategoryView::from)
            };
            out.push(CategoryView {
                id: c.id,
                name: c.name.clone(),
                slug: c.slug.clone(),
                locale: c.locale.clone(),
                description: c.description.clone(),
                position: c.position,
                account_id: c.account_id,
                icon: c.icon.clone(),
                related_categories: related.iter().map(AssociatedCategoryView::from).collect(),
                parent_category: link(c.parent_category_id),
                root_category: link(c.associated_category_id),
                meta: CategoryMetaView {
                    articles_count: counts.get(&c.id).copied().unwrap_or(0),
                },
            });
        }
        Ok(out)
    }

    pub async fn load(e: &impl Exec, category: &Category) -> ApiResult<CategoryView> {
        let mut views = Self::load_many(e, std::slice::from_ref(category), None).await?;
        Ok(views.remove(0))
    }
}
