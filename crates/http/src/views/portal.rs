//! `api/v1/accounts/portals/_portal.json.jbuilder` with `api/v1/models/_portal_config`.

use crate::error::ApiResult;
use serde::Serialize;
use serde_json::{json, Value};
use store::articles::{ArticleCounts, ArticleSearch};
use store::portals::Portal;

#[derive(Serialize)]
pub struct PortalView {
    pub id: i64,
    pub color: Option<String>,
    pub custom_domain: Option<String>,
    pub header_text: Option<String>,
    pub homepage_link: Option<String>,
    pub name: String,
    pub page_title: Option<String>,
    pub slug: String,
    pub archived: Option<bool>,
    pub account_id: i64,
    pub config: ConfigView,
    /// The live-chat widget's inbox (`portal.channel_web_widget.inbox`), when one is linked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox: Option<Value>,
    // `logo` is rendered only for an attached logo; Switchboard has no portal uploads yet.
    pub meta: MetaView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ssl_settings: Option<SslView>,
}

#[derive(Serialize)]
pub struct ConfigView {
    pub allowed_locales: Vec<LocaleView>,
}

#[derive(Serialize)]
pub struct LocaleView {
    pub code: Value,
    pub articles_count: i64,
    pub categories_count: i64,
}

/// The view's `articles` local: `[]` everywhere but `show`, where the status counts are real
/// (`[].try(:archived)` is nil, hence the nulls) and `mine_articles_count` appears once any
/// article matches.
#[derive(Serialize)]
pub struct MetaView {
    pub all_articles_count: i64,
    pub archived_articles_count: Option<i64>,
    pub published_count: Option<i64>,
    pub draft_articles_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mine_articles_count: Option<i64>,
    pub categories_count: i64,
    pub default_locale: Value,
}

#[derive(Serialize)]
pub struct SslView {
    pub status: Value,
    pub verification_errors: Value,
}

/// `portal.default_locale`: `config['default_locale'] || 'en'`.
pub fn default_locale(portal: &Portal) -> Value {
    portal
        .config
        .as_ref()
        .and_then(|c| c.0.get("default_locale"))
        .filter(|v| !v.is_null() && **v != Value::Bool(false))
        .cloned()
        .unwrap_or_else(|| json!("en"))
}

/// What the view counts articles over: nothing (`articles: []`) or a search for a user.
pub enum Articles<'a> {
    None,
    Search {
        search: &'a ArticleSearch,
        user_id: i64,
    },
}

impl PortalView {
    /// Loads what the view shows; `is_admin` decides whether the widget inbox shows its HMAC token.
    pub async fn load(
        app: &app::App,
        portal: &Portal,
        articles: Articles<'_>,
        is_admin: bool,
    ) -> ApiResult<PortalView> {
        let e = &app.db;
        let article_locales = store::articles::count_by_locale(e, portal.id).await?;
        let category_locales = store::categories::count_by_locale(e, portal.id).await?;
        let allowed = portal
            .config
            .as_ref()
            .and_then(|c| c.0.get("allowed_locales"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        let allowed_locales = allowed
            .into_iter()
            .map(|code| {
                let text = code.as_str();
                LocaleView {
                    articles_count: article_locales
                        .iter()
                        .find(|(l, _)| Some(l.as_str()) == text)
                        .map_or(0, |(_, n)| *n),
                    categories_count: category_locales
                        .iter()
                        .find(|(l, _)| l.as_deref() == text && text.is_some())
                        .map_or(0, |(_, n)| *n),
                    code,
                }
            })
            .collect();
        let categories_count = store::categories::count_for_portal(e, portal.id).await?;
        let meta = match articles {
            Articles::None => MetaView {
                all_articles_count: 0,
                archived_articles_count: None,
                published_count: None,
                draft_articles_count: None,
                mine_articles_count: None,
                categories_count,
                default_locale: default_locale(portal),
            },
            Articles::Search { search, user_id } => {
                let c: ArticleCounts =
                    store::articles::counts(e, portal.id, search, user_id).await?;
                MetaView {
                    all_articles_count: c.total,
                    archived_articles_count: Some(c.archived),
                    published_count: Some(c.published),
                    draft_articles_count: Some(c.draft),
                    mine_articles_count: (c.total > 0).then_some(c.mine),
                    categories_count,
                    default_locale: default_locale(portal),
                }
            }
        };
        let ssl = &portal.ssl_settings.0;
        let ssl_settings = ssl.as_object().filter(|o| !o.is_empty()).map(|o| SslView {
            status: o.get("cf_status").cloned().unwrap_or(Value::Null),
            verification_errors: o
                .get("cf_verification_errors")
                .cloned()
                .unwrap_or(Value::Null),
        });
        let inbox = match portal.channel_web_widget_id {
            Some(widget_id) => widget_inbox(app, portal.account_id, widget_id, is_admin).await?,
            None => None,
        };
        Ok(PortalView {
            id: portal.id,
            color: portal.color.clone(),
            custom_domain: portal.custom_domain.clone(),
            header_text: portal.header_text.clone(),
            homepage_link: portal.homepage_link.clone(),
            name: portal.name.clone(),
            page_title: portal.page_title.clone(),
            slug: portal.slug.clone(),
            archived: portal.archived,
            account_id: portal.account_id,
            config: ConfigView { allowed_locales },
            inbox,
            meta,
            ssl_settings,
        })
    }
}

/// The web-widget inbox a portal links to (the only channel a portal can link), rendered by the
/// inbox partial as upstream does; nothing when the inbox is gone.
async fn widget_inbox(
    app: &app::App,
    account_id: i64,
    widget_id: i64,
    is_admin: bool,
) -> ApiResult<Option<Value>> {
    let Some(inbox) = store::inboxes::find_by_widget(&app.db, account_id, widget_id).await? else {
        return Ok(None);
    };
    let details = app::inboxes::details(&app.db, inbox).await?;
    let view = crate::views::inbox::InboxView::new(&details, is_admin, &app.config.frontend_url);
    Ok(Some(serde_json::to_value(view).map_err(|e| {
        crate::error::ApiError::Internal(e.to_string())
    })?))
}
