//! Help Center articles: update, destroy, reorder, who may, and what is refused.

use crate::articles::{create_article, ARTICLE_KEYS};
use crate::categories::create_category;
use crate::portals::create_portal;
use serde_json::{json, Value};
use testkit::{assert_keys, TestApp};

#[tokio::test]
async fn admin_updates_an_article() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let cat = create_category(
        &app,
        &acme,
        "docs",
        json!({"name": "Basics", "slug": "basics"}),
    )
    .await;
    let other = create_category(&app, &acme, "docs", json!({"name": "More", "slug": "more"})).await;
    create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Resident", "content": "C", "category_id": other["id"], "position": 30}),
    )
    .await;
    let a = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Old", "content": "C", "category_id": cat["id"]}),
    )
    .await;
    let path = acme.path(&format!("/portals/docs/articles/{}", a["id"]));
    let res = app
        .put(&path)
        .as_user(&acme.admin)
        .json(json!({"article": {"title": "MyTitle2", "status": "published", "description": "D", "position": 5}}))
        .send()
        .await;
    res.assert_status(200);
    let p = &res.json["payload"];
    assert_keys(p, &ARTICLE_KEYS);
    assert_eq!(p["title"], "MyTitle2");
    assert_eq!(p["status"], "published");
    assert_eq!(p["position"], 5);
    assert_eq!(p["slug"], a["slug"]);
    // Moving to another category puts it after that category's last article.
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({"category_id": other["id"]}))
        .send()
        .await;
    assert_eq!(res.json["payload"]["category"]["id"], other["id"]);
    assert_eq!(res.json["payload"]["position"], 40);
    // Without article params nothing changes.
    let res = app
        .patch(&path)
        .as_user(&acme.admin)
        .json(json!({}))
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.json["payload"]["title"], "MyTitle2");
}

#[tokio::test]
async fn admin_deletes_an_article_and_detaches_its_associates() {
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
    let res = app
        .delete(&acme.path(&format!("/portals/docs/articles/{}", root["id"])))
        .as_user(&acme.admin)
        .send()
        .await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    assert_eq!(app.count("articles").await, 1);
    // The child no longer points at a deleted root: a new article linked to it becomes its associate.
    create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "New", "content": "C", "associated_article_id": child["id"]}),
    )
    .await;
    let res = app
        .get(&acme.path(&format!("/portals/docs/articles/{}", child["id"])))
        .as_user(&acme.admin)
        .send()
        .await;
    assert_eq!(
        res.json["payload"]["associated_articles"][0]["title"],
        "New"
    );
}

#[tokio::test]
async fn admin_reorders_articles_of_the_portal() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    create_portal(&app, &acme, "guides", &["en"]).await;
    let a = create_article(&app, &acme, "docs", json!({"title": "A", "content": "C"})).await;
    let b = create_article(&app, &acme, "docs", json!({"title": "B", "content": "C"})).await;
    let g = create_article(&app, &acme, "guides", json!({"title": "G", "content": "C"})).await;
    let reorder = |body: Value| {
        app.post(&acme.path("/portals/docs/articles/reorder"))
            .as_user(&acme.admin)
            .json(body)
            .send()
    };
    let mut hash = serde_json::Map::new();
    hash.insert(a["id"].to_string(), json!(2));
    hash.insert(b["id"].to_string(), json!("1"));
    let res = reorder(json!({"positions_hash": hash})).await;
    res.assert_status(200);
    assert_eq!(res.text, "");
    let show = |id: &Value| {
        app.get(&acme.path(&format!("/portals/docs/articles/{id}")))
            .as_user(&acme.admin)
            .send()
    };
    assert_eq!(show(&a["id"]).await.json["payload"]["position"], 2);
    assert_eq!(show(&b["id"]).await.json["payload"]["position"], 1);
    // Another portal's article makes the whole request a 404, and nothing moves.
    let mut hash = serde_json::Map::new();
    hash.insert(a["id"].to_string(), json!(50));
    hash.insert(g["id"].to_string(), json!(60));
    reorder(json!({"positions_hash": hash}))
        .await
        .assert_not_found();
    assert_eq!(show(&a["id"]).await.json["payload"]["position"], 2);
    reorder(json!({})).await.assert_error(
        422,
        "param is missing or the value is empty: positions_hash",
    );
    reorder(json!({"positions_hash": [1, 2]}))
        .await
        .assert_status(422);
    reorder(json!({"positions_hash": {"abc": 1}}))
        .await
        .assert_status(422);
    let mut hash = serde_json::Map::new();
    hash.insert(a["id"].to_string(), json!("x"));
    reorder(json!({"positions_hash": hash}))
        .await
        .assert_status(422);
    let agent = app.agent(&acme).await;
    app.post(&acme.path("/portals/docs/articles/reorder"))
        .as_user(&agent)
        .json(json!({"positions_hash": {}}))
        .send()
        .await
        .assert_not_authorized();
}

#[tokio::test]
async fn article_routes_need_credentials() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let a = create_article(&app, &acme, "docs", json!({"title": "A", "content": "C"})).await;
    let one = acme.path(&format!("/portals/docs/articles/{}", a["id"]));
    app.get(&acme.path("/portals/docs/articles"))
        .send()
        .await
        .assert_unauthenticated();
    app.post(&acme.path("/portals/docs/articles"))
        .json(json!({"article": {"title": "B", "content": "C"}}))
        .send()
        .await
        .assert_unauthenticated();
    app.get(&one).send().await.assert_unauthenticated();
    app.patch(&one)
        .json(json!({"title": "X"}))
        .send()
        .await
        .assert_unauthenticated();
    app.delete(&one).send().await.assert_unauthenticated();
    app.post(&acme.path("/portals/docs/articles/reorder"))
        .json(json!({"positions_hash": {}}))
        .send()
        .await
        .assert_unauthenticated();
    assert_eq!(app.count("articles").await, 1);
}

#[tokio::test]
async fn agents_only_list_articles() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let agent = app.agent(&acme).await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    let a = create_article(&app, &acme, "docs", json!({"title": "A", "content": "C"})).await;
    let one = acme.path(&format!("/portals/docs/articles/{}", a["id"]));
    app.get(&acme.path("/portals/docs/articles"))
        .as_user(&agent)
        .send()
        .await
        .assert_status(200);
    app.get(&one)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.get(&format!("{one}/edit"))
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    app.post(&acme.path("/portals/docs/articles"))
        .as_user(&agent)
        .json(json!({"article": {"title": "B", "content": "C"}}))
        .send()
        .await
        .assert_not_authorized();
    app.patch(&one)
        .as_user(&agent)
        .json(json!({"article": {"title": "X"}}))
        .send()
        .await
        .assert_not_authorized();
    app.delete(&one)
        .as_user(&agent)
        .send()
        .await
        .assert_not_authorized();
    // The portal is looked up first (`find_by!`), so an unknown slug is a 404 even for agents.
    app.post(&acme.path("/portals/nope/articles"))
        .as_user(&agent)
        .json(json!({"article": {"title": "B", "content": "C"}}))
        .send()
        .await
        .assert_not_found();
    assert_eq!(app.count("articles").await, 1);
    let res = app.get(&one).as_user(&acme.admin).send().await;
    assert_eq!(res.json["payload"]["title"], "A");
}

#[tokio::test]
async fn articles_of_other_portals_and_accounts_are_out_of_reach() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    create_portal(&app, &acme, "guides", &["en"]).await;
    create_portal(&app, &other, "theirs", &["en"]).await;
    let guide = create_article(&app, &acme, "guides", json!({"title": "G", "content": "C"})).await;
    let theirs = create_article(
        &app,
        &other,
        "theirs",
        json!({"title": "T", "content": "C"}),
    )
    .await;
    app.get(&other.path("/portals/theirs/articles"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_error(401, "You are not authorized to access this account");
    app.get(&acme.path("/portals/theirs/articles"))
        .as_user(&acme.admin)
        .send()
        .await
        .assert_not_found();
    for id in [&guide["id"], &theirs["id"]] {
        let path = acme.path(&format!("/portals/docs/articles/{id}"));
        app.get(&path)
            .as_user(&acme.admin)
            .send()
            .await
            .assert_not_found();
        app.patch(&path)
            .as_user(&acme.admin)
            .json(json!({"title": "Stolen"}))
            .send()
            .await
            .assert_not_found();
        app.delete(&path)
            .as_user(&acme.admin)
            .send()
            .await
            .assert_not_found();
    }
    let res = app
        .get(&other.path(&format!("/portals/theirs/articles/{}", theirs["id"])))
        .as_user(&other.admin)
        .send()
        .await;
    assert_eq!(res.json["payload"]["title"], "T");
    assert_eq!(app.count("articles").await, 2);
}

#[tokio::test]
async fn article_writes_reject_bad_input_and_write_nothing() {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    let other = app.account("Other").await;
    create_portal(&app, &acme, "docs", &["en"]).await;
    create_portal(&app, &acme, "guides", &["en"]).await;
    let elsewhere = create_category(&app, &acme, "guides", json!({"name": "G", "slug": "g"})).await;
    let guide = create_article(
        &app,
        &acme,
        "guides",
        json!({"title": "G", "content": "C", "slug": "taken"}),
    )
    .await;
    let post = |body: Value| {
        app.post(&acme.path("/portals/docs/articles"))
            .as_user(&acme.admin)
            .json(body)
            .send()
    };
    post(json!({}))
        .await
        .assert_error(422, "param is missing or the value is empty: article");
    let res = post(json!({"article": {"content": "C"}})).await;
    res.assert_status(422);
    assert_eq!(
        res.json,
        json!({"message": "Title can't be blank, Slug can't be blank", "attributes": ["title", "slug"]})
    );
    let res = post(json!({"article": {"title": "T"}})).await;
    assert_eq!(res.json["message"], "Content can't be blank");
    let res = post(json!({"article": {"title": "T", "content": "C", "slug": "taken"}})).await;
    assert_eq!(
        res.json,
        json!({"message": "Slug has already been taken", "attributes": ["slug"]})
    );
    let res =
        post(json!({"article": {"title": "T".repeat(256), "content": "C", "slug": "long"}})).await;
    assert_eq!(
        res.json["message"],
        "Title is too long (maximum is 255 characters)"
    );
    let res =
        post(json!({"article": {"title": "T", "content": "C", "category_id": elsewhere["id"]}}))
            .await;
    assert_eq!(res.json["message"], "Category must exist");
    let res =
        post(json!({"article": {"title": "T", "content": "C", "author_id": other.admin.id}})).await;
    assert_eq!(res.json["message"], "Author must exist");
    let res = post(json!({"article": {"title": "T", "content": "C", "status": "deleted"}})).await;
    assert_eq!(res.json["message"], "Status is not included in the list");
    for bad in [
        json!({"article": {"title": "T", "content": "C", "position": "abc"}}),
        json!({"article": {"title": "T", "content": "C", "category_id": "abc"}}),
        json!({"article": {"title": "T", "content": "C", "meta": "x"}}),
        json!({"article": {"title": ["T"], "content": "C"}}),
    ] {
        let res = post(bad.clone()).await;
        assert_eq!(res.status.as_u16(), 422, "{bad}: {}", res.text);
    }
    // Linking to another portal's article: upstream's `portal.articles.find` is a 404.
    post(json!({"article": {"title": "T", "content": "C", "associated_article_id": guide["id"]}}))
        .await
        .assert_not_found();
    assert_eq!(app.count("articles").await, 1);
    // Updates follow the same rules and leave the article alone.
    let a = create_article(
        &app,
        &acme,
        "docs",
        json!({"title": "Mine", "content": "C"}),
    )
    .await;
    let path = acme.path(&format!("/portals/docs/articles/{}", a["id"]));
    let patch = |body: Value| app.patch(&path).as_user(&acme.admin).json(body).send();
    let res = patch(json!({"article": {"title": "", "status": "gone"}})).await;
    assert_eq!(res.json["attributes"], json!(["status", "title"]));
    let res = patch(json!({"article": {"associated_article_id": guide["id"]}})).await;
    assert_eq!(res.json["message"], "Associated article must exist");
    let res = patch(json!({"article": {"slug": "taken"}})).await;
    assert_eq!(res.json["message"], "Slug has already been taken");
    let res = patch(json!({"article": {"content": "x".repeat(200_001)}})).await;
    assert_eq!(
        res.json["message"],
        "Content is too long (maximum is 200000 characters)"
    );
    let res = app.get(&path).as_user(&acme.admin).send().await;
    assert_eq!(res.json["payload"]["title"], "Mine");
    assert_eq!(res.json["payload"]["slug"], a["slug"]);
}
