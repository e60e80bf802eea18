//! `channel_web_widgets`: the website live-chat channel (`Channel::WebWidget`).

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WebWidget {
    pub id: i64,
    pub account_id: Option<i64>,
    pub website_url: Option<String>,
    pub website_token: Option<String>,
    pub widget_color: Option<String>,
    pub welcome_title: Option<String>,
    pub welcome_tagline: Option<String>,
    pub feature_flags: i32,
    pub reply_time: Option<i32>,
    pub hmac_token: Option<String>,
    pub pre_chat_form_enabled: Option<bool>,
    pub pre_chat_form_options: Option<Json<JsonValue>>,
    pub hmac_mandatory: Option<bool>,
    pub continuity_via_email: bool,
    pub allowed_domains: Option<String>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

const COLUMNS: &str = "id, account_id, website_url, website_token, widget_color, welcome_title, welcome_tagline, \
     feature_flags, reply_time, hmac_token, pre_chat_form_enabled, pre_chat_form_options, hmac_mandatory, \
     continuity_via_email, allowed_domains, created_at, updated_at";

/// Inserts `w` as given (its `id` and timestamps are ignored) and returns the stored row.
pub async fn insert(e: &impl Exec, w: &WebWidget, now: NaiveDateTime) -> Result<WebWidget> {
    let q = Sql::new(format!(
        "INSERT INTO channel_web_widgets (account_id, website_url, website_token, widget_color, welcome_title, \
         welcome_tagline, feature_flags, reply_time, hmac_token, pre_chat_form_enabled, pre_chat_form_options, \
         hmac_mandatory, continuity_via_email, allowed_domains, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $15) RETURNING {COLUMNS}"
    ))
    .bind(w.account_id)
    .bind(w.website_url.clone())
    .bind(w.website_token.clone())
    .bind(w.widget_color.clone())
    .bind(w.welcome_title.clone())
    .bind(w.welcome_tagline.clone())
    .bind(w.feature_flags)
    .bind(w.reply_time)
    .bind(w.hmac_token.clone())
    .bind(w.pre_chat_form_enabled)
    .bind(w.pre_chat_form_options.as_ref().map(|j| j.0.clone()))
    .bind(w.hmac_mandatory)
    .bind(w.continuity_via_email)
    .bind(w.allowed_domains.clone())
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, id: i64) -> Result<Option<WebWidget>> {
    e.fetch_optional(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM channel_web_widgets WHERE id = $1"
        ))
        .bind(id),
    )
    .await
}

/// The widget a website embeds by its token (the widget API's `website_token`).
pub async fn find_by_website_token(e: &impl Exec, token: &str) -> Result<Option<WebWidget>> {
    e.fetch_optional(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM channel_web_widgets WHERE website_token = $1"
        ))
        .bind(token),
    )
    .await
}

pub async fn list_by_ids(e: &impl Exec, ids: &[i64]) -> Result<Vec<WebWidget>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM channel_web_widgets WHERE id IN ("
    ));
    let list = q.arg_list(ids);
    q.push(&list);
    q.push(")");
    e.fetch_all(q).await
}

/// Writes the editable columns (tokens never change).
pub async fn update(e: &impl Exec, w: &WebWidget, now: NaiveDateTime) -> Result<u64> {
    let q = Sql::new(
        "UPDATE channel_web_widgets SET website_url = $2, widget_color = $3, welcome_title = $4, \
         welcome_tagline = $5, feature_flags = $6, reply_time = $7, pre_chat_form_enabled = $8, \
         pre_chat_form_options = $9, hmac_mandatory = $10, continuity_via_email = $11, allowed_domains = $12, \
         updated_at = $13 WHERE id = $1",
    )
    .bind(w.id)
    .bind(w.website_url.clone())
    .bind(w.widget_color.clone())
    .bind(w.welcome_title.clone())
    .bind(w.welcome_tagline.clone())
    .bind(w.feature_flags)
    .bind(w.reply_time)
    .bind(w.pre_chat_form_enabled)
    .bind(w.pre_chat_form_options.as_ref().map(|j| j.0.clone()))
    .bind(w.hmac_mandatory)
    .bind(w.continuity_via_email)
    .bind(w.allowed_domains.clone())
    .bind(now);
    e.execute(q).await
}

/// Deletes the widget and unlinks the portals that pointed at it
/// (`has_many :portals, dependent: :nullify`).
pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(
        Sql::new(
            "UPDATE portals SET channel_web_widget_id = NULL WHERE channel_web_widget_id = $1",
        )
        .bind(id),
    )
    .await?;
    e.execute(Sql::new("DELETE FROM channel_web_widgets WHERE id = $1").bind(id))
        .await
}
