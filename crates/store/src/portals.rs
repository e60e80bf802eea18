//! `portals`: an account's help centers. Slugs and custom domains are unique across the whole
//! installation (`index_portals_on_slug`, `index_portals_on_custom_domain`).

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Portal {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub slug: String,
    pub custom_domain: Option<String>,
    pub color: Option<String>,
    pub homepage_link: Option<String>,
    pub page_title: Option<String>,
    pub header_text: Option<String>,
    pub config: Option<Json<JsonValue>>,
    pub archived: Option<bool>,
    pub channel_web_widget_id: Option<i64>,
    pub ssl_settings: Json<JsonValue>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// Every column a create or an update writes.
#[derive(Debug, Clone)]
pub struct PortalFields {
    pub name: String,
    pub slug: String,
    pub custom_domain: Option<String>,
    pub color: Option<String>,
    pub homepage_link: Option<String>,
    pub page_title: Option<String>,
    pub header_text: Option<String>,
    pub config: JsonValue,
    pub archived: bool,
    pub channel_web_widget_id: Option<i64>,
}

impl From<&Portal> for PortalFields {
    fn from(p: &Portal) -> Self {
        PortalFields {
            name: p.name.clone(),
            slug: p.slug.clone(),
            custom_domain: p.custom_domain.clone(),
            color: p.color.clone(),
            homepage_link: p.homepage_link.clone(),
            page_title: p.page_title.clone(),
            header_text: p.header_text.clone(),
            config: p
                .config
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or(JsonValue::Null),
            archived: p.archived.unwrap_or(false),
            channel_web_widget_id: p.channel_web_widget_id,
        }
    }
}

const COLUMNS: &str = "id, account_id, name, slug, custom_domain, color, homepage_link, page_title, header_text, \
                       config, archived, channel_web_widget_id, ssl_settings, created_at, updated_at";

pub async fn insert(
    e: &impl Exec,
    account_id: i64,
    f: &PortalFields,
    now: NaiveDateTime,
) -> Result<Portal> {
    let q = Sql::new(format!(
        "INSERT INTO portals (account_id, name, slug, custom_domain, color, homepage_link, page_title, header_text, \
         config, archived, channel_web_widget_id, ssl_settings, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING {COLUMNS}"
    ))
    .bind(account_id)
    .bind(&f.name)
    .bind(&f.slug)
    .bind(f.custom_domain.clone())
    .bind(f.color.clone())
    .bind(f.homepage_link.clone())
    .bind(f.page_title.clone())
    .bind(f.header_text.clone())
    .bind(&f.config)
    .bind(f.archived)
    .bind(f.channel_web_widget_id)
    .bind(serde_json::json!({}))
    .bind(now);
    e.fetch_one(q).await
}

pub async fn update(
    e: &impl Exec,
    id: i64,
    f: &PortalFields,
    now: NaiveDateTime,
) -> Result<Portal> {
    let q = Sql::new(format!(
        "UPDATE portals SET name = $2, slug = $3, custom_domain = $4, color = $5, homepage_link = $6, page_title = $7, \
         header_text = $8, config = $9, archived = $10, channel_web_widget_id = $11, updated_at = $12 \
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(id)
    .bind(&f.name)
    .bind(&f.slug)
    .bind(f.custom_domain.clone())
    .bind(f.color.clone())
    .bind(f.homepage_link.clone())
    .bind(f.page_title.clone())
    .bind(f.header_text.clone())
    .bind(&f.config)
    .bind(f.archived)
    .bind(f.channel_web_widget_id)
    .bind(now);
    e.fetch_one(q).await
}

/// `Current.account.portals.find_by(slug:)`: the path names portals by slug, within the account.
pub async fn find_by_slug(e: &impl Exec, account_id: i64, slug: &str) -> Result<Option<Portal>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM portals WHERE account_id = $1 AND slug = $2"
    ))
    .bind(account_id)
    .bind(slug);
    e.fetch_optional(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<Portal>> {
    e.fetch_optional(Sql::new(format!("SELECT {COLUMNS} FROM portals WHERE id = $1")).bind(id))
        .await
}

/// The account's portals, oldest first.
pub async fn list(e: &impl Exec, account_id: i64) -> Result<Vec<Portal>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM portals WHERE account_id = $1 ORDER BY id"
    ))
    .bind(account_id);
    e.fetch_all(q).await
}

/// Deletes the portal; its categories, articles and their pairs go with it (foreign keys), and
/// inboxes pointing at it are detached (`has_many :inboxes, dependent: :nullify`).
pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM portals WHERE id = $1").bind(id))
        .await
}

pub async fn set_archived(
    e: &impl Exec,
    id: i64,
    archived: bool,
    now: NaiveDateTime,
) -> Result<u64> {
    let q = Sql::new("UPDATE portals SET archived = $2, updated_at = $3 WHERE id = $1")
        .bind(id)
        .bind(archived)
        .bind(now);
    e.execute(q).await
}

/// True when another portal (anywhere) uses `slug`.
pub async fn slug_taken(e: &impl Exec, slug: &str, except_id: Option<i64>) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM portals WHERE slug = $1 AND id <> $2")
        .bind(slug)
        .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// True when another portal (anywhere) uses `domain`.
pub async fn custom_domain_taken(
    e: &impl Exec,
    domain: &str,
    except_id: Option<i64>,
) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM portals WHERE custom_domain = $1 AND id <> $2")
        .bind(domain)
        .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// An inbox of the account and its channel, as the portal's live-chat widget picker needs it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InboxChannel {
    pub inbox_id: i64,
    pub channel_type: Option<String>,
    pub channel_id: i64,
}

pub async fn find_inbox_channel(
    e: &impl Exec,
    account_id: i64,
    inbox_id: i64,
) -> Result<Option<InboxChannel>> {
    let q = Sql::new(
        "SELECT id AS inbox_id, channel_type, channel_id FROM inboxes WHERE account_id = $1 AND id = $2",
    )
    .bind(account_id)
    .bind(inbox_id);
    e.fetch_optional(q).await
}
