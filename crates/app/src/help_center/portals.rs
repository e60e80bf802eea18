//! Portals (upstream `PortalsController` and `Portal`): create, update, archive, destroy.

use super::{is_locale_code, presence, require_text, NAME_MAX, TEXT_MAX};
use crate::{AppError, Result};
use domain::enums::ChannelKind;
use domain::{validate, ValidationErrors};
use serde_json::{json, Map, Value};
use store::portals::{Portal, PortalFields};
use store::{Db, Exec};

/// `config: [:default_locale, { allowed_locales: [] }]`, already typed.
#[derive(Debug, Clone, Default)]
pub struct ConfigParams {
    pub allowed_locales: Option<Vec<String>>,
    pub default_locale: Option<String>,
}

/// `portal_params` plus the top-level `inbox_id`. `None` leaves a field alone; `Some(None)` is
/// an explicit null.
#[derive(Debug, Clone, Default)]
pub struct PortalParams {
    pub name: Option<Option<String>>,
    pub slug: Option<Option<String>>,
    pub custom_domain: Option<Option<String>>,
    pub color: Option<Option<String>>,
    pub header_text: Option<Option<String>>,
    pub homepage_link: Option<Option<String>>,
    pub page_title: Option<Option<String>>,
    pub archived: Option<bool>,
    pub config: Option<ConfigParams>,
    /// `live_chat_widget_params`: blank clears the widget, an id picks a web-widget inbox.
    pub inbox_id: Option<Option<i64>>,
}

/// `URI.parse(domain)`: for an http(s) URL keep only the host (PortalsController
/// `parsed_custom_domain`, applied on create only).
fn parsed_custom_domain(domain: &str) -> String {
    let lower = domain.to_ascii_lowercase();
    let rest = ["https://", "http://"]
        .iter()
        .find(|p| lower.starts_with(*p))
        .map(|p| &domain[p.len()..]);
    match rest {
        Some(rest) => {
            let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
            let host = authority.rsplit('@').next().unwrap_or("");
            host.split(':').next().unwrap_or("").to_string()
        }
        None => domain.to_string(),
    }
}

/// `Portal#config_json_format` after strong params: the permitted keys replace the config, and
/// `default_locale` is filled in. Switchboard keeps the current `allowed_locales` when a config
/// comes without them, where upstream would store a config its own view cannot render.
fn merged_config(
    errors: &mut ValidationErrors,
    current: &Value,
    given: Option<ConfigParams>,
) -> Value {
    let current_locales = current
        .get("allowed_locales")
        .cloned()
        .unwrap_or_else(|| json!(["en"]));
    let Some(given) = given else {
        let mut config = current.as_object().cloned().unwrap_or_default();
        config.insert("allowed_locales".into(), current_locales);
        if !matches!(config.get("default_locale"), Some(Value::String(_))) {
            config.insert("default_locale".into(), json!("en"));
        }
        return Value::Object(config);
    };
    let mut config = Map::new();
    match given.allowed_locales {
        Some(locales) => {
            for code in &locales {
                if !is_locale_code(code) {
                    errors.add("config", &format!("locale {code:?} is not supported."));
                }
            }
            config.insert("allowed_locales".into(), json!(locales));
        }
        None => {
            config.insert("allowed_locales".into(), current_locales);
        }
    }
    let default_locale = presence(given.default_locale).unwrap_or_else(|| "en".to_string());
    if !is_locale_code(&default_locale) {
        errors.add(
            "config",
            &format!("locale {default_locale:?} is not supported."),
        );
    }
    config.insert("default_locale".into(), json!(default_locale));
    Value::Object(config)
}

/// Applies `p` to `fields` and checks the model's rules; uniqueness is checked by the caller.
async fn apply(
    e: &impl Exec,
    account_id: i64,
    fields: &mut PortalFields,
    p: PortalParams,
    errors: &mut ValidationErrors,
) -> Result<()> {
    if let Some(name) = p.name {
        fields.name = name.unwrap_or_default();
    }
    if let Some(slug) = p.slug {
        fields.slug = slug.unwrap_or_default();
    }
    // `normalize_empty_string_to_nil(%i[custom_domain homepage_link])`.
    if let Some(domain) = p.custom_domain {
        fields.custom_domain = presence(domain);
    }
    if let Some(link) = p.homepage_link {
        fields.homepage_link = presence(link);
    }
    if let Some(color) = p.color {
        fields.color = color;
    }
    if let Some(text) = p.header_text {
        fields.header_text = text;
    }
    if let Some(title) = p.page_title {
        fields.page_title = title;
    }
    if let Some(archived) = p.archived {
        fields.archived = archived;
    }
    fields.config = merged_config(errors, &fields.config, p.config);
    match p.inbox_id {
        None => {}
        Some(None) => fields.channel_web_widget_id = None,
        Some(Some(inbox_id)) => {
            // Upstream finds the inbox installation-wide; only the account's own may be linked.
            let inbox = store::portals::find_inbox_channel(e, account_id, inbox_id)
                .await?
                .ok_or(AppError::NotFound)?;
            // Any other channel leaves the widget as it was (`return {} unless inbox.web_widget?`).
            if inbox.channel_type.as_deref() == Some(ChannelKind::WebWidget.class_name()) {
                fields.channel_web_widget_id = Some(inbox.channel_id);
            }
        }
    }
    require_text(errors, "name", Some(&fields.name));
    require_text(errors, "slug", Some(&fields.slug));
    validate::max_length(errors, "name", Some(&fields.name), NAME_MAX);
    validate::max_length(errors, "slug", Some(&fields.slug), NAME_MAX);
    validate::max_length(
        errors,
        "custom_domain",
        fields.custom_domain.as_deref(),
        NAME_MAX,
    );
    validate::max_length(errors, "color", fields.color.as_deref(), NAME_MAX);
    validate::max_length(
        errors,
        "homepage_link",
        fields.homepage_link.as_deref(),
        2048,
    );
    validate::max_length(errors, "page_title", fields.page_title.as_deref(), NAME_MAX);
    validate::max_length(
        errors,
        "header_text",
        fields.header_text.as_deref(),
        TEXT_MAX,
    );
    Ok(())
}

/// `validates :slug, uniqueness: true` and `validates :custom_domain, uniqueness: true`.
async fn check_unique(
    e: &impl Exec,
    fields: &PortalFields,
    except_id: Option<i64>,
    errors: &mut ValidationErrors,
) -> Result<()> {
    if !fields.slug.trim().is_empty()
        && store::portals::slug_taken(e, &fields.slug, except_id).await?
    {
        errors.add("slug", "has already been taken");
    }
    if let Some(domain) = &fields.custom_domain {
        if store::portals::custom_domain_taken(e, domain, except_id).await? {
            errors.add("custom_domain", "has already been taken");
        }
    }
    Ok(())
}

pub async fn create(db: &Db, account_id: i64, mut p: PortalParams) -> Result<Portal> {
    p.custom_domain = p
        .custom_domain
        .map(|d| d.map(|d| parsed_custom_domain(d.trim())));
    let mut fields = PortalFields {
        name: String::new(),
        slug: String::new(),
        custom_domain: None,
        color: None,
        homepage_link: None,
        page_title: None,
        header_text: None,
        config: json!({ "allowed_locales": ["en"] }),
        archived: false,
        channel_web_widget_id: None,
    };
    let tx = db.begin().await?;
    let mut errors = ValidationErrors::new();
    apply(&tx, account_id, &mut fields, p, &mut errors).await?;
    check_unique(&tx, &fields, None, &mut errors).await?;
    errors.into_result()?;
    let portal = store::portals::insert(&tx, account_id, &fields, domain::time::now()).await?;
    tx.commit().await?;
    Ok(portal)
}

pub async fn update(db: &Db, portal: &Portal, p: PortalParams) -> Result<Portal> {
    let mut fields = PortalFields::from(portal);
    let tx = db.begin().await?;
    let mut errors = ValidationErrors::new();
    apply(&tx, portal.account_id, &mut fields, p, &mut errors).await?;
    check_unique(&tx, &fields, Some(portal.id), &mut errors).await?;
    errors.into_result()?;
    let portal = store::portals::update(&tx, portal.id, &fields, domain::time::now()).await?;
    tx.commit().await?;
    Ok(portal)
}

pub async fn archive(db: &Db, portal: &Portal) -> Result<()> {
    let tx = db.begin().await?;
    store::portals::set_archived(&tx, portal.id, true, domain::time::now()).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn destroy(db: &Db, portal: &Portal) -> Result<()> {
    let tx = db.begin().await?;
    store::portals::delete(&tx, portal.id).await?;
    tx.commit().await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_domains_keep_the_host_of_a_url() {
        assert_eq!(
            parsed_custom_domain("https://support.chatwoot.dev"),
            "support.chatwoot.dev"
        );
        assert_eq!(
            parsed_custom_domain("http://docs.example.com:8080/x?y"),
            "docs.example.com"
        );
        assert_eq!(parsed_custom_domain("docs.example.com"), "docs.example.com");
    }

    #[test]
    fn config_is_replaced_and_gets_a_default_locale() {
        let mut errors = ValidationErrors::new();
        let current = json!({"allowed_locales": ["en"], "default_locale": "en"});
        let given = ConfigParams {
            allowed_locales: Some(vec!["en".into(), "es".into()]),
            default_locale: None,
        };
        let config = merged_config(&mut errors, &current, Some(given));
        assert!(errors.is_empty());
        assert_eq!(
            config,
            json!({"allowed_locales": ["en", "es"], "default_locale": "en"})
        );
        let bad = ConfigParams {
            allowed_locales: Some(vec!["<b>".into()]),
            default_locale: None,
        };
        merged_config(&mut errors, &current, Some(bad));
        assert_eq!(
            errors.full_message(),
            "Config locale \"<b>\" is not supported."
        );
    }
}
