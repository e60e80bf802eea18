//! Help Center categories: `/api/v1/accounts/{id}/portals/{slug}/categories[/{id}]`.

use crate::portals::create_portal;
use serde_json::{json, Value};
use testkit::{assert_keys, TestAccount, TestApp};

const CATEGORY_KEYS: [&str; 9] = [
    "id",
    "name",
    "slug",
    "locale",
    "description",
    "position",
    "account_id",
    "icon",
    "meta",
];

const ASSOCIATED_KEYS: [&str; 7] = [
    "id",
    "name",
    "slug",
    "locale",
    "description",
    "position",
    "account_id",
];

/// Creates a category in `portal` as the administrator; returns its payload.
pub(crate) async fn create_category(
    app: &TestApp,
    acct: &TestAccount,
    portal: &str,
    body: Value,
) -> Value {
    let res = app
        .post(&acct.path(&format!("/portals/{portal}/categories")))
        .as_user(&acct.admin)
        .json(json!({ "category": body }))
        .send()
        .await;
    res.assert_status(200);
    res.json["payload"].clone()
}

#[tokio::test]
async fn admin_creates_category_with_its_links() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en", "es"]).await;
    let parent = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Parent", "slug": "parent", "position": 1}),
    )
    .await;
    let root = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Root", "slug": "root", "position": 2}),
    )
    .await;
    let r1 = create_category(&app, &acme, "docs", json!({"name": "R1", "slug": "r1"})).await;
    let r2 = create_category(&app, &acme, "docs", json!({"name": "R2", "slug": "r2"})).await;
    let res = app
        .post(&acme.path("/portals/docs/categories"))
        .as_user(&acme.admin)
        .json(json!({"category": {"name": "Child", "description": "About", "position": 5, "locale": "es",
                                  "slug": "child", "icon": "📚", "parent_category_id": parent["id"],
                                  "associated_category_id": root["id"],
                                  "related_category_ids": [r1["id"], r2["id"]]}}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload"]);
    let c = &res.json["payload"];
    let mut keys = CATEGORY_KEYS.to_vec();
    keys.extend(["related_categories", "parent_category", "root_category"]);
    assert_keys(c, &keys);
    assert_eq!(c["name"], "Child");
    assert_eq!(c["locale"], "es");
    assert_eq!(c["icon"], "📚");
    assert_eq!(c["position"], 5);
    assert_eq!(c["account_id"], acme.id);
    assert_eq!(c["meta"], json!({"articles_count": 0}));
    assert_eq!(c["related_categories"][0]["id"], r1["id"]);
    assert_eq!(c["related_categories"][1]["id"], r2["id"]);
    assert_keys(&c["related_categories"][0], &ASSOCIATED_KEYS);
    assert_eq!(c["parent_category"]["id"], parent["id"]);
    assert_keys(&c["parent_category"], &ASSOCIATED_KEYS);
    assert_eq!(c["root_category"]["id"], root["id"]);
}

#[tokio::test]
async fn plain_category_leaves_out_empty_links() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let c = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Basics", "slug": "basics"}),
    )
    .await;
    assert_keys(&c, &CATEGORY_KEYS);
    assert_eq!(c["locale"], "en");
    assert_eq!(c["icon"], "");
    assert_eq!(c["description"], Value::Null);
}

#[tokio::test]
async fn members_list_categories_by_position_and_locale() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en", "es"]).await;
    let b = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "B", "slug": "b", "position": 2}),
    )
    .await;
    let a = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "A", "slug": "a", "position": 1}),
    )
    .await;
    create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "C", "slug": "c", "position": 3, "locale": "es"}),
    )
    .await;
    app.post(&acme.path("/portals/docs/articles"))
        .as_user(&acme.admin)
        .json(json!({"article": {"title": "T", "content": "C", "category_id": a["id"]}}))
        .send()
        .await
        .assert_status(200);
    let res = app
        .get(&acme.path("/portals/docs/categories"))
        .as_user(&agent)
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["payload", "meta"]);
    assert_eq!(
        res.json["meta"],
        json!({"current_page": 1, "categories_count": 3})
    );
    let ids: Vec<&Value> = res.json["payload"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| &c["id"])
        .collect();
    assert_eq!(ids[0], &a["id"]);
    assert_eq!(ids[1], &b["id"]);
    assert_eq!(res.json["payload"][0]["meta"]["articles_count"], 1);
    let res = app
        .get(&acme.path("/portals/docs/categories?locale=es"))
        .as_user(&agent)
        .send()
        .await;
    assert_eq!(res.json["meta"]["categories_count"], 1);
    assert_eq!(res.json["payload"][0]["slug"], "c");
    app.get(&acme.path("/portals/nope/categories"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_found();
}

#[tokio::test]
async fn admin_shows_updates_and_deletes_a_category() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let c = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Old", "slug": "old", "position": 1}),
    )
    .await;
    let r1 = create_category(&app, &acme, "docs", json!({"name": "R1", "slug": "r1"})).await;
    let r2 = create_category(&app, &acme, "docs", json!({"name": "R2", "slug": "r2"})).await;
    let path = acme.path(&format!("/portals/docs/categories/{}", c["id"]));
    let res = app.get(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["name"], "Old");
    let res = app
        .put(&path)
        .as_user(&acme.admin)
        .json(
            json!({"category": {"name": "New", "position": 7, "related_category_ids": [r2["id"]],
                                  "parent_category_id": r1["id"]}}),
        )
        .send()
        .await;
    res.assert_status(200);
    let p = &res.json["payload"];
    assert_eq!(p["name"], "New");
    assert_eq!(p["position"], 7);
    assert_eq!(p["slug"], "old");
    assert_eq!(p["related_categories"].as_array().unwrap().len(), 1);
    assert_eq!(p["parent_category"]["id"], r1["id"]);
    // An empty list leaves the related set alone (`if related_categories_records.any?`).
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"category": {"related_category_ids": []}}))
        .send()
        .await;
    assert_eq!(res.json["payload"]["related_categories"][0]["id"], r2["id"]);
    let article = app
        .post(&acme.path("/portals/docs/articles"))
        .as_user(&acme.admin)
        .json(json!({"article": {"title": "T", "content": "C", "category_id": c["id"]}}))
        .send()
        .await;
    let res = app.delete(&path).as_user(&acme.admin).send().await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("categories").await, 2);
    assert_eq!(app.count("related_categories").await, 0);
    app.get(&path)
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    // Its article stays, without a category.
    let res = app
        .get(&acme.path(&format!(
            "/portals/docs/articles/{}",
            article.json["payload"]["id"]
        )))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"]["category"]["id"], Value::Null);
}

#[tokio::test]
async fn category_routes_need_credentials() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let c = create_category(&app, &acme, "docs", json!({"name": "A", "slug": "a"})).await;
    let one = acme.path(&format!("/portals/docs/categories/{}", c["id"]));
    app.get(&acme.path("/portals/docs/categories"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/portals/docs/categories"))
        .json(json!({"category": {"name": "B", "slug": "b"}}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&one).send().await.assert_unauthenticated();
    app.patch(&one)
        .json(json!({"category": {"name": "X"}}))
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&one).send().await.assert_unauthenticated();
    assert_eq!(app.count("categories").await, 1);
}

#[tokio::test]
async fn agents_only_list_categories() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let c = create_category(&app, &acme, "docs", json!({"name": "A", "slug": "a"})).await;
    let one = acme.path(&format!("/portals/docs/categories/{}", c["id"]));
    app.get(&one)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/portals/docs/categories"))
        .as_user(&agent)
        .json(json!({"category": {"name": "B", "slug": "b"}}))
        .send()
        .await
        .assert_not_authorized();
    app.patch(&one)
        .as_user(&agent)
        .json(json!({"category": {"name": "X"}}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&one)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    assert_eq!(app.count("categories").await, 1);
    let res = app.get(&one).as_user(&acme.admin).send().await;
    assert_eq!(res.json["payload"]["name"], "A");
}

#[tokio::test]
async fn categories_of_other_portals_and_accounts_are_out_of_reach() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    create_portal(&app, &acme, "guides", &["en"]).await;
    create_portal(&app, &other, "theirs", &["en"]).await;
    let guide = create_category(&app, &acme, "guides", json!({"name": "G", "slug": "g"})).await;
    let theirs = create_category(&app, &other, "theirs", json!({"name": "T", "slug": "t"})).await;
    app.get(&other.path("/portals/theirs/categories"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.get(&acme.path("/portals/theirs/categories"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    for id in [&guide["id"], &theirs["id"]] {
        let path = acme.path(&format!("/portals/docs/categories/{id}"));
        app.get(&path)
            .as_user(&acme.admin)
            .send()
            .await
            .assert_not_found();
        app.patch(&path)
            .as_user(&acme.admin)
            .json(json!({"category": {"name": "Stolen"}}))
            .send()
            .await
            .assert_not_found();
        app.delete(&path)
            .as_user(&acme.admin)
            .send()
            .await
            .assert_not_found();
    }
    app.get(&acme.path("/portals/docs/categories/abc"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("categories").await, 2);
}

#[tokio::test]
async fn category_writes_reject_bad_input_and_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en", "es"]).await;
    create_portal(&app, &acme, "guides", &["en"]).await;
    let elsewhere = create_category(&app, &acme, "guides", json!({"name": "G", "slug": "g"})).await;
    let existing = create_category(&app, &acme, "docs", json!({"name": "A", "slug": "a"})).await;
    let post = |body: Value| {
        app.post(&acme.path("/portals/docs/categories"))
            .as_user(&acme.admin)
            .json(body)
            .send()
    };
    post(json!({}))
        .await
        .assert_error(422, "param is missing or the value is empty: category");
    let res = post(json!({"category": {"name": "B", "locale": "es"}})).await;
    assert_eq!(
        res.json,
        json!({"message": "Slug can't be blank", "attributes": ["slug"]})
    );
    let res = post(json!({"category": {"slug": "b"}})).await;
    assert_eq!(res.json["message"], "Name can't be blank");
    let res = post(json!({"category": {"name": "Again", "slug": "a"}})).await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "Locale should be unique in the category and portal", "attributes": ["locale"]})
    );
    let res = post(json!({"category": {"name": "F", "slug": "f", "locale": "fr"}})).await;
    assert_eq!(
        res.json["message"],
        "Locale fr of category is not part of portal's [\"en\", \"es\"]."
    );
    let res = post(
        json!({"category": {"name": "P", "slug": "p", "parent_category_id": elsewhere["id"]}}),
    )
    .await;
    assert_eq!(res.json["message"], "Parent category must exist");
    let res =
        post(json!({"category": {"name": "P", "slug": "p", "associated_category_id": 999999}}))
            .await;
    assert_eq!(res.json["message"], "Root category must exist");
    let res = post(json!({"category": {"name": "N".repeat(256), "slug": "n"}})).await;
    assert_eq!(
        res.json["message"],
        "Name is too long (maximum is 255 characters)"
    );
    for bad in [
        json!({"category": {"name": "W", "slug": "w", "position": "abc"}}),
        json!({"category": {"name": "W", "slug": "w", "position": 1e12}}),
        json!({"category": {"name": "W", "slug": "w", "related_category_ids": "x"}}),
        json!({"category": {"name": {"x": 1}, "slug": "w"}}),
    ] {
        let res = post(bad.clone()).await;
        assert_eq!(res.status.as_u16(), 422, "{bad}: {}", res.text);
    }
    assert_eq!(app.count("categories").await, 2);
    // Related ids outside the portal are dropped, as `@portal.categories.where(id:)` drops them.
    let c = create_category(&app, &acme, "docs", json!({"name": "R", "slug": "r",
                                                         "related_category_ids": [elsewhere["id"]]})).await;
    assert!(c.get("related_categories").is_none());
    // Updates follow the same rules and leave the row alone.
    let path = acme.path(&format!("/portals/docs/categories/{}", existing["id"]));
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"category": {"name": "", "locale": "fr"}}))
        .send()
        .await;
    res.assert_status(422);
    assert_eq!(res.json["attributes"], json!(["name", "locale"]));
    let res = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(res.json["payload"]["name"], "A");
    assert_eq!(res.json["payload"]["locale"], "en");
}
