//! Help Center portals: `/api/v1/accounts/{id}/portals[/{slug}]`.

use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

pub(crate) const PORTAL_KEYS: [&str; 12] = [
    "id",
    "color",
    "custom_domain",
    "header_text",
    "homepage_link",
    "name",
    "page_title",
    "slug",
    "archived",
    "account_id",
    "config",
    "meta",
];

/// Creates a portal through the API as the account's administrator.
pub(crate) async fn create_portal(
    app: &TestApp,
    acct: &TestAccount,
    slug: &str,
    locales: &[&str],
) -> Value {
    let res = app
        .post(&acct.path("/portals"))
        .as_user(&acct.admin)
        .json(json!({"portal": {"name": format!("Portal {slug}"), "slug": slug,
                                "config": {"allowed_locales": locales, "default_locale": locales[0]}}}))
        .send()
        .await;
    res.assert_status(200);
    res.json
}

/// A web-widget inbox (or an API one) of the account: (inbox id, channel id).
pub(crate) async fn insert_inbox(app: &TestApp, account_id: i64, web_widget: bool) -> (i64, i64) {
    use store::{Exec, Sql};
    let now = domain::time::now();
    let tx = app.app.db.begin().await.unwrap();
    let db = &tx;
    let token = uuid_like();
    let (table, kind) = if web_widget {
        ("channel_web_widgets", "Channel::WebWidget")
    } else {
        ("channel_api", "Channel::Api")
    };
    let channel_id: i64 = if web_widget {
        db.scalar(
            Sql::new(format!(
                "INSERT INTO {table} (account_id, website_url, website_token, hmac_token, created_at, updated_at) \
                 VALUES ($1, 'https://example.com', $2, $3, $4, $4) RETURNING id"
            ))
            .bind(account_id)
            .bind(token.clone())
            .bind(format!("h{token}"))
            .bind(now),
        )
        .await
        .unwrap()
    } else {
        db.scalar(
            Sql::new(format!(
                "INSERT INTO {table} (account_id, identifier, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id"
            ))
            .bind(account_id)
            .bind(token)
            .bind(now),
        )
        .await
        .unwrap()
    };
    let inbox_id: i64 = db
        .scalar(
            Sql::new(
                "INSERT INTO inboxes (channel_id, account_id, name, channel_type, created_at, updated_at) \
                 VALUES ($1, $2, 'Website', $3, $4, $4) RETURNING id",
            )
            .bind(channel_id)
            .bind(account_id)
            .bind(kind)
            .bind(now),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    (inbox_id, channel_id)
}

fn uuid_like() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    format!(
        "tok{}{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

#[tokio::test]
async fn admin_creates_portal_in_chatwoot_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let res = app
        .post(&acme.path("/portals"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"name": "Handbook", "slug": "handbook",
                                "custom_domain": "https://support.chatwoot.dev", "color": "#1F93FF",
                                "header_text": "Hello", "page_title": "Docs", "homepage_link": ""}}))
        .send()
        .await;
    res.assert_status(200);
    let p = &res.json;
    assert_keys(p, &PORTAL_KEYS);
    assert_eq!(p["name"], "Handbook");
    assert_eq!(p["slug"], "handbook");
    assert_eq!(p["custom_domain"], "support.chatwoot.dev");
    assert_eq!(p["homepage_link"], Value::Null);
    assert_eq!(p["archived"], false);
    assert_eq!(p["account_id"], acme.id);
    assert_eq!(
        p["config"],
        json!({"allowed_locales": [{"code": "en", "articles_count": 0, "categories_count": 0}]})
    );
    assert_keys(
        &p["meta"],
        &[
            "all_articles_count",
            "archived_articles_count",
            "published_count",
            "draft_articles_count",
            "categories_count",
            "default_locale",
        ],
    );
    assert_eq!(
        p["meta"],
        json!({"all_articles_count": 0, "archived_articles_count": null, "published_count": null,
               "draft_articles_count": null, "categories_count": 0, "default_locale": "en"})
    );
}

#[tokio::test]
async fn members_list_portals_with_meta() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    let first = create_portal(&app, &acme, "first", &["en"]).await;
    create_portal(&app, &acme, "second", &["en", "es"]).await;
    let other = app.account("Other").await;
    create_portal(&app, &other, "theirs", &["en"]).await;
    let res = app.get(&acme.path("/portals")).as_user(&agent).send().await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload", "meta"]);
    assert_eq!(
        res.json["meta"],
        json!({"current_page": 1, "portals_count": 2})
    );
    let payload = res.json["payload"].as_array().unwrap();
    assert_eq!(payload.len(), 2);
    assert_eq!(payload[0]["id"], first["id"]);
    assert_keys(&payload[1], &PORTAL_KEYS);
    assert_eq!(payload[1]["config"]["allowed_locales"][1]["code"], "es");
    let res = app
        .get(&acme.path("/portals?page=2"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["meta"]["current_page"], "2");
}

#[tokio::test]
async fn agent_sees_one_portal_by_slug() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en", "es"]).await;
    let res = app
        .get(&acme.path("/portals/docs"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &PORTAL_KEYS);
    assert_eq!(
        res.json["meta"],
        json!({"all_articles_count": 0, "archived_articles_count": 0, "published_count": 0,
               "draft_articles_count": 0, "categories_count": 0, "default_locale": "en"})
    );
    app.get(&acme.path("/portals/nope"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn show_counts_articles_of_the_requested_locale() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en", "es"]).await;
    for (title, locale, author) in [
        ("One", "en", agent.id),
        ("Two", "en", acme.admin.id),
        ("Tres", "es", agent.id),
    ] {
        app.post(&acme.path("/portals/docs/articles"))
            .as_user(&acme.admin)
            .json(json!({"article": {"title": title, "content": "Body", "locale": locale, "author_id": author,
                                     "status": "published"}}))
            .send()
            .await
            .assert_status(200);
    }
    let res = app
        .get(&acme.path("/portals/docs?locale=en"))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    let meta = &res.json["meta"];
    assert_eq!(meta["all_articles_count"], 2);
    assert_eq!(meta["published_count"], 2);
    assert_eq!(meta["mine_articles_count"], 1);
    assert_eq!(
        res.json["config"]["allowed_locales"],
        json!([{"code": "en", "articles_count": 2, "categories_count": 0},
               {"code": "es", "articles_count": 1, "categories_count": 0}])
    );
    let res = app
        .get(&acme.path("/portals/docs?locale=fr"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["meta"]["all_articles_count"], 0);
    assert!(res.json["meta"].get("mine_articles_count").is_none());
}

#[tokio::test]
async fn portal_routes_need_credentials() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    app.get(&acme.path("/portals"))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&acme.path("/portals/docs"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/portals"))
        .json(json!({"portal": {"name": "x", "slug": "x"}}))
        .send()
        .await
        .assert_unauthenticated();
    app.patch(&acme.path("/portals/docs"))
        .json(json!({"name": "x"}))
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&acme.path("/portals/docs"))
        .send()
        .await
        .assert_unauthenticated();
    app.patch(&acme.path("/portals/docs/archive"))
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&acme.path("/portals/docs/logo"))
        .send()
        .await
        .assert_unauthenticated();
    assert_eq!(app.count("portals").await, 1);
}

#[tokio::test]
async fn another_accounts_portals_are_out_of_reach() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    create_portal(&app, &other, "theirs", &["en"]).await;
    // Their account: not a member.
    app.get(&other.path("/portals"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    // Their slug inside our account: unknown here.
    app.get(&acme.path("/portals/theirs"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    app.patch(&acme.path("/portals/theirs"))
        .as_user(&acme.admin)
        .json(json!({"portal": {"name": "Hijacked"}}))
        .send()
        .await
        .assert_not_found();
    app.delete(&acme.path("/portals/theirs"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    let res = app
        .get(&other.path("/portals/theirs"))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(res.json["name"], "Portal theirs");
}

#[tokio::test]
async fn agents_cannot_change_portals() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    app.post(&acme.path("/portals"))
        .as_user(&agent)
        .json(json!({"portal": {"name": "Mine", "slug": "mine"}}))
        .send()
        .await
        .assert_not_authorized();
    app.patch(&acme.path("/portals/docs"))
        .as_user(&agent)
        .json(json!({"portal": {"name": "Renamed"}}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path("/portals/docs"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.patch(&acme.path("/portals/docs/archive"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.delete(&acme.path("/portals/docs/logo"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    // Authorization comes before the lookup, as upstream's `check_authorization` does.
    app.delete(&acme.path("/portals/nope"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("portals").await, 1);
    let res = app
        .get(&acme.path("/portals/docs"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["name"], "Portal docs");
    assert_eq!(res.json["archived"], false);
}
