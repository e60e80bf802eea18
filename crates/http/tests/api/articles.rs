//! Help Center articles: `/api/v1/accounts/{id}/portals/{slug}/articles[/{id}]`.

use crate::categories::create_category;
use crate::portals::{create_portal, PORTAL_KEYS};
use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

pub(crate) const ARTICLE_KEYS: [&str; 13] = [
    "id",
    "slug",
    "title",
    "content",
    "description",
    "status",
    "position",
    "account_id",
    "updated_at",
    "meta",
    "category",
    "views",
    "author",
];

const AUTHOR_KEYS: [&str; 11] = [
    "id",
    "account_id",
    "availability_status",
    "auto_offline",
    "confirmed",
    "email",
    "provider",
    "available_name",
    "name",
    "role",
    "thumbnail",
];

/// Creates an article in `portal` as the administrator; returns its payload.
pub(crate) async fn create_article(
    app: &TestApp,
    acct: &TestAccount,
    portal: &str,
    body: Value,
) -> Value {
    let res = app
        .post(&acct.path(&format!("/portals/{portal}/articles")))
        .as_user(&acct.admin)
        .json(json!({ "article": body }))
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"].clone()
}

#[tokio::test]
async fn admin_creates_article_in_chatwoot_shape() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en", "es"]).await;
    let cat = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Basics", "slug": "basics", "locale": "es"}),
    )
    .await;
    let res = app
        .post(&acme.path("/portals/docs/articles"))
        .as_user(&acme.admin)
        .json(
            json!({"article": {"category_id": cat["id"], "description": "Desc", "title": "MyTitle",
                                 "slug": "my-title", "content": "Body", "status": "published",
                                 "author_id": agent.id, "position": 3, "locale": "en",
                                 "meta": {"title": "T", "tags": ["a", "b"], "extra": 1}}}),
        )
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let a = &res.json["payload"];
    assert_keys(a, &ARTICLE_KEYS);
    assert_eq!(a["title"], "MyTitle");
    assert_eq!(a["slug"], "my-title");
    assert_eq!(a["status"], "published");
    assert_eq!(a["position"], 3);
    assert_eq!(a["account_id"], acme.id);
    assert_eq!(a["views"], Value::Null);
    assert!(a["updated_at"].as_i64().unwrap() > 1_600_000_000);
    assert_eq!(a["meta"], json!({"title": "T", "tags": ["a", "b"]}));
    assert_eq!(
        a["category"],
        json!({"id": cat["id"], "name": "Basics", "slug": "basics", "locale": "es"})
    );
    assert_keys(&a["author"], &AUTHOR_KEYS);
    assert_eq!(a["author"]["id"], agent.id);
    assert_eq!(a["author"]["role"], "agent");
    assert_eq!(a["author"]["account_id"], acme.id);
    assert_eq!(a["author"]["thumbnail"], "");
    // The category decides the locale (`ensure_locale_in_article`).
    let res = app
        .get(&acme.path("/portals/docs/articles?locale=es"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"][0]["id"], a["id"]);
}

#[tokio::test]
async fn article_defaults_follow_upstream() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["de", "en"]).await;
    let first = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "MyTitle Guide!", "content": "Body"}),
    )
    .await;
    assert_eq!(first["status"], "draft");
    assert_eq!(first["author"]["id"], acme.admin.id);
    assert_eq!(first["position"], 10);
    assert_eq!(
        first["category"],
        json!({"id": null, "name": null, "slug": null, "locale": null})
    );
    let slug = first["slug"].as_str().unwrap();
    let (stamp, rest) = slug.split_once('-').unwrap();
    assert!(stamp.parse::<i64>().is_ok(), "{slug}");
    assert_eq!(rest, "my_title-guide");
    let second = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Two", "content": "Body", "status": 1}),
    )
    .await;
    assert_eq!(second["position"], 20);
    assert_eq!(second["status"], "published");
    // Without a category the portal's default locale applies.
    let res = app
        .get(&acme.path("/portals/docs/articles?locale=de"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["meta"]["articles_count"], 2);
}

#[tokio::test]
async fn new_article_links_to_the_root_of_its_association() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let root = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Root", "content": "C"}),
    )
    .await;
    let child = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Child", "content": "C", "associated_article_id": root["id"]}),
    )
    .await;
    let grandchild = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Grandchild", "content": "C", "associated_article_id": child["id"]}),
    )
    .await;
    assert!(child.get("associated_articles").is_none());
    let res = app
        .get(&acme.path(&format!("/portals/docs/articles/{}", root["id"])))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    let linked = res.json["payload"]["associated_articles"]
        .as_array()
        .unwrap();
    let ids: Vec<&Value> = linked.iter().map(|a| &a["id"]).collect();
    assert_eq!(ids, vec![&child["id"], &grandchild["id"]]);
    assert_keys(
        &linked[0],
        &[
            "id",
            "category_id",
            "title",
            "content",
            "description",
            "status",
            "account_id",
            "portal",
            "views",
            "author",
        ],
    );
    assert_keys(&linked[0]["portal"], &PORTAL_KEYS);
    assert_eq!(linked[0]["portal"]["slug"], "docs");
    // The edit route renders the same.
    let res = app
        .get(&acme.path(&format!("/portals/docs/articles/{}/edit", root["id"])))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"]["id"], root["id"]);
}

#[tokio::test]
async fn members_list_articles_with_filters_and_counts() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let cat = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Basics", "slug": "basics"}),
    )
    .await;
    let a1 = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Alpha", "content": "some funny content",
        "category_id": cat["id"], "position": 5, "status": "published", "author_id": agent.id}),
    )
    .await;
    let a2 = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Beta", "content": "serious",
        "category_id": cat["id"], "position": 1}),
    )
    .await;
    let a3 = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Gamma", "content": "other", "status": "archived"}),
    )
    .await;
    let res = app
        .get(&acme.path("/portals/docs/articles"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload", "meta"]);
    assert_eq!(
        res.json["meta"],
        json!({"all_articles_count": 3, "archived_articles_count": 1, "articles_count": 3, "current_page": 1,
               "draft_articles_count": 1, "mine_articles_count": 1, "published_count": 1})
    );
    // Newest change first without a category; by position within one.
    let ids = |v: &Value| {
        v["payload"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].clone())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        ids(&res.json),
        vec![a3["id"].clone(), a2["id"].clone(), a1["id"].clone()]
    );
    let res = app
        .get(&acme.path("/portals/docs/articles?category_slug=basics"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(ids(&res.json), vec![a2["id"].clone(), a1["id"].clone()]);
    assert_eq!(res.json["meta"]["articles_count"], 2);
    let res = app
        .get(&acme.path("/portals/docs/articles?status=published"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(ids(&res.json), vec![a1["id"].clone()]);
    assert_eq!(res.json["meta"]["articles_count"], 3);
    let path = acme.path(&format!("/portals/docs/articles?author_id={}", agent.id));
    let res = app.get(&path).as_user(&agent).send().await;
    assert_eq!(ids(&res.json), vec![a1["id"].clone()]);
    let res = app
        .get(&acme.path("/portals/docs/articles?query=FUNNY"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(ids(&res.json), vec![a1["id"].clone()]);
    assert_eq!(res.json["meta"]["all_articles_count"], 3);
    assert_eq!(res.json["meta"]["articles_count"], 1);
    let res = app
        .get(&acme.path("/portals/docs/articles?query=100%25_"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["payload"], json!([]));
    for odd in ["status=unknown", "author_id=abc"] {
        let res = app
            .get(&acme.path(&format!("/portals/docs/articles?{odd}")))
            .as_user(&agent)
            .send()
            .await;
        res.assert_status(200);
        assert_eq!(res.json["payload"], json!([]));
        assert_eq!(res.json["meta"]["articles_count"], 3);
    }
}

#[tokio::test]
async fn articles_come_in_pages_of_25() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    for i in 0..26 {
        create_article(
            &app,
            &acme,
            "docs",
            json!({"title": format!("A{i}"), "content": "C", "slug": format!("a{i}")}),
        )
        .await;
    }
    let res = app
        .get(&acme.path("/portals/docs/articles"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 25);
    let res = app
        .get(&acme.path("/portals/docs/articles?page=2"))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"].as_array().unwrap().len(), 1);
    assert_eq!(res.json["meta"]["current_page"], "2");
    assert_eq!(res.json["meta"]["articles_count"], 26);
}
