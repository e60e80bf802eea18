//! Categories of a portal (upstream `CategoriesController` and `Category`).

use super::{require_text, LOCALE_MAX, NAME_MAX, TEXT_MAX};
use crate::Result;
use domain::{validate, ValidationErrors};
use serde_json::Value;
use store::categories::{Category, CategoryFields};
use store::portals::Portal;
use store::{Db, Exec};

/// `category_params` plus `related_category_ids`. `None` leaves a field alone; `Some(None)` is
/// an explicit null.
#[derive(Debug, Clone, Default)]
pub struct CategoryParams {
    pub name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub position: Option<Option<i32>>,
    pub slug: Option<Option<String>>,
    pub locale: Option<Option<String>>,
    pub icon: Option<Option<String>>,
    pub parent_category_id: Option<Option<i64>>,
    pub associated_category_id: Option<Option<i64>>,
    pub related_category_ids: Option<Vec<i64>>,
}

/// The portal's `config['allowed_locales']` as Ruby prints an array of strings.
fn ruby_list(locales: &[Value]) -> String {
    let items: Vec<String> = locales
        .iter()
        .map(|v| match v {
            Value::String(s) => format!("{s:?}"),
            Value::Null => "nil".to_string(),
            other => other.to_string(),
        })
        .collect();
    format!("[{}]", items.join(", "))
}

fn allowed_locales(portal: &Portal) -> Vec<Value> {
    portal
        .config
        .as_ref()
        .and_then(|c| c.0.get("allowed_locales"))
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// Applies `p`, then runs Category's validations in upstream's order.
async fn apply(
    e: &impl Exec,
    portal: &Portal,
    fields: &mut CategoryFields,
    p: &CategoryParams,
    except_id: Option<i64>,
) -> Result<ValidationErrors> {
    if let Some(v) = &p.name {
        fields.name = v.clone();
    }
    if let Some(v) = &p.description {
        fields.description = v.clone();
    }
    if let Some(v) = p.position {
        fields.position = v;
    }
    if let Some(v) = &p.slug {
        fields.slug = v.clone().unwrap_or_default();
    }
    if let Some(v) = &p.locale {
        fields.locale = v.clone();
    }
    if let Some(v) = &p.icon {
        fields.icon = v.clone();
    }
    if let Some(v) = p.parent_category_id {
        fields.parent_category_id = v;
    }
    if let Some(v) = p.associated_category_id {
        fields.associated_category_id = v;
    }
    let mut errors = ValidationErrors::new();
    require_text(&mut errors, "slug", Some(&fields.slug));
    require_text(&mut errors, "name", fields.name.as_deref());
    let locale = fields.locale.clone().unwrap_or_default();
    let allowed = allowed_locales(portal);
    if !allowed.iter().any(|l| l.as_str() == Some(locale.as_str())) {
        errors.add(
            "locale",
            &format!(
                "{locale} of category is not part of portal's {}.",
                ruby_list(&allowed)
            ),
        );
    }
    if !fields.slug.is_empty()
        && store::categories::slug_taken(
            e,
            portal.id,
            &fields.slug,
            fields.locale.as_deref(),
            except_id,
        )
        .await?
    {
        errors.add("locale", "should be unique in the category and portal");
    }
    // Upstream's `belongs_to ... optional: true` accepts any id; links stay inside the portal here.
    for (attribute, id) in [
        ("parent_category", fields.parent_category_id),
        ("root_category", fields.associated_category_id),
    ] {
        if let Some(id) = id {
            if store::categories::find(e, portal.id, id).await?.is_none() {
                errors.add(attribute, "must exist");
            }
        }
    }
    validate::max_length(&mut errors, "name", fields.name.as_deref(), NAME_MAX);
    validate::max_length(&mut errors, "slug", Some(&fields.slug), NAME_MAX);
    validate::max_length(&mut errors, "icon", fields.icon.as_deref(), NAME_MAX);
    validate::max_length(&mut errors, "locale", fields.locale.as_deref(), LOCALE_MAX);
    validate::max_length(
        &mut errors,
        "description",
        fields.description.as_deref(),
        TEXT_MAX,
    );
    Ok(errors)
}

/// `@portal.categories.create!(category_params)` then `related_categories << records`.
pub async fn create(db: &Db, portal: &Portal, p: CategoryParams) -> Result<Category> {
    let mut fields = CategoryFields {
        // Column defaults: `locale` 'en', `icon` ''.
        locale: Some("en".to_string()),
        icon: Some(String::new()),
        ..CategoryFields::default()
    };
    let tx = db.begin().await?;
    apply(&tx, portal, &mut fields, &p, None)
        .await?
        .into_result()?;
    let now = domain::time::now();
    let category =
        store::categories::insert(&tx, portal.account_id, portal.id, &fields, now).await?;
    if let Some(ids) = &p.related_category_ids {
        // `@portal.categories.where(id:)`: ids outside the portal are dropped silently.
        let ids = store::categories::ids_in_portal(&tx, portal.id, ids).await?;
        store::categories::add_related(&tx, category.id, &ids, now).await?;
    }
    tx.commit().await?;
    Ok(category)
}

/// `@category.update!(category_params)`; the related set is replaced only by a non-empty match.
pub async fn update(
    db: &Db,
    portal: &Portal,
    category: &Category,
    p: CategoryParams,
) -> Result<Category> {
    let mut fields = CategoryFields::from(category);
    let tx = db.begin().await?;
    apply(&tx, portal, &mut fields, &p, Some(category.id))
        .await?
        .into_result()?;
    let now = domain::time::now();
    let updated = store::categories::update(&tx, category.id, &fields, now).await?;
    if let Some(ids) = &p.related_category_ids {
        let ids = store::categories::ids_in_portal(&tx, portal.id, ids).await?;
        if !ids.is_empty() {
            store::categories::set_related(&tx, category.id, &ids, now).await?;
        }
    }
    tx.commit().await?;
    Ok(updated)
}

pub async fn destroy(db: &Db, category: &Category) -> Result<()> {
    let tx = db.begin().await?;
    store::categories::delete(&tx, category.id).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn allowed_locales_print_as_a_ruby_array() {
        assert_eq!(ruby_list(&[json!("en")]), "[\"en\"]");
        assert_eq!(ruby_list(&[json!("en"), json!("es")]), "[\"en\", \"es\"]");
    }
}
