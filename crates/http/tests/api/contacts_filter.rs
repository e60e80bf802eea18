//! `POST /contacts/filter`: every contact attribute and operator of filter_keys.yml, custom
//! attributes by display type, AND/OR precedence, upstream's error messages, and payloads
//! shaped like SQL injection.

use crate::contacts::{contact, exec, id};
use serde_json::{json, Value};
use store::Sql;
use testkit::{assert_keys, TestAccount, TestApp};

struct Fixture {
    app: TestApp,
    acme: TestAccount,
    /// en: uk, labels random_label+support; el: gr; cs: cz with a phone, label support.
    en: i64,
    el: i64,
    cs: i64,
}

/// A custom attribute definition for contacts (`attribute_model` 1).
async fn definition(app: &TestApp, account_id: i64, key: &str, display_type: i32) {
    exec(
        app,
        Sql::new(
            "INSERT INTO custom_attribute_definitions (attribute_display_name, attribute_key, attribute_display_type, \
             attribute_model, account_id, created_at, updated_at) VALUES ($1, $1, $2, 1, $3, $4, $4)",
        )
        .bind(key)
        .bind(display_type)
        .bind(account_id)
        .bind(domain::time::now()),
    )
    .await;
}

/// Upstream's filter_service_spec fixture, give or take.
async fn fixture() -> Fixture {
    let app = TestApp::new().await;
    let acme = app.account("Acme").await;
    definition(&app, acme.id, "contact_additional_information", 0).await;
    definition(&app, acme.id, "customer_type", 6).await;
    definition(&app, acme.id, "signed_in_at", 5).await;
    definition(&app, acme.id, "seats", 1).await;
    definition(&app, acme.id, "vip", 7).await;
    let en = contact(&app, &acme, json!({"name": "English", "email": "en@x.io", "additional_attributes": {"country_code": "uk", "city": "London", "company": "Big Co"},
        "custom_attributes": {"contact_additional_information": "test custom data", "seats": 5, "vip": true}})).await;
    let el = contact(&app, &acme, json!({"name": "Greek", "email": "el@x.io", "additional_attributes": {"country_code": "gr", "city": "Athens"},
        "custom_attributes": {"contact_additional_information": "test custom data", "customer_type": "platinum", "seats": "12"}})).await;
    let cs = contact(&app, &acme, json!({"name": "Czech", "email": "cs@x.io", "phone_number": "+420123456789", "additional_attributes": {"country_code": "cz"},
        "custom_attributes": {"customer_type": "platinum", "signed_in_at": "2022-01-19", "vip": false}})).await;
    // Not resolved, so never listed.
    contact(&app, &acme, json!({"name": "English visitor"})).await;
    for (c, labels) in [
        (&en, json!(["random_label", "support"])),
        (&cs, json!(["support"])),
    ] {
        app.post(&acme.path(&format!("/contacts/{}/labels", id(c))))
            .as_user(&acme.admin)
            .json(json!({"labels": labels}))
            .send()
            .await
            .assert_status(200);
    }
    Fixture {
        en: id(&en),
        el: id(&el),
        cs: id(&cs),
        app,
        acme,
    }
}

impl Fixture {
    async fn post(&self, payload: Value) -> testkit::TestResponse {
        self.app
            .post(&self.acme.path("/contacts/filter?sort=email"))
            .as_user(&self.acme.admin)
            .json(json!({ "payload": payload }))
            .send()
            .await
    }

    /// The ids one condition finds.
    async fn ids(&self, payload: Value) -> Vec<i64> {
        let res = self.post(payload).await;
        res.assert_status(200);
        let mut ids: Vec<i64> = res.json["payload"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .collect();
        ids.sort();
        assert_eq!(
            res.json["meta"]["count"],
            ids.len(),
            "count matches the page"
        );
        ids
    }

    async fn one(&self, key: &str, op: &str, values: Value) -> Vec<i64> {
        self.ids(json!([{"attribute_key": key, "filter_operator": op, "values": values, "query_operator": null}]))
            .await
    }
}

#[tokio::test]
async fn standard_attributes_and_their_operators() {
    let f = fixture().await;
    let (en, el, cs) = (f.en, f.el, f.cs);
    assert_eq!(
        f.one("name", "equal_to", json!(["ENGLISH"])).await,
        vec![en]
    );
    assert_eq!(
        f.one("name", "not_equal_to", json!(["english"])).await,
        vec![el, cs]
    );
    assert_eq!(
        f.one("name", "contains", json!(["gre", "zec"])).await,
        vec![el, cs]
    );
    assert_eq!(
        f.one("name", "does_not_contain", json!(["ee", "zz"])).await,
        vec![en, cs]
    );
    assert_eq!(f.one("email", "contains", json!("EN@")).await, vec![en]);
    assert_eq!(
        f.one("phone_number", "equal_to", json!(["+420123456789"]))
            .await,
        vec![cs]
    );
    assert_eq!(
        f.one("phone_number", "equal_to", json!(["420123456789"]))
            .await,
        vec![cs]
    );
    assert_eq!(
        f.one("phone_number", "starts_with", json!(["420"])).await,
        vec![cs]
    );
    assert_eq!(
        f.one("phone_number", "contains", json!(["3456"])).await,
        vec![cs]
    );
    assert_eq!(
        f.one("identifier", "equal_to", json!(["nobody"])).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        f.one("country_code", "equal_to", json!(["UK"])).await,
        vec![en]
    );
    assert_eq!(
        f.one("country_code", "not_equal_to", json!(["uk"])).await,
        vec![el, cs]
    );
    assert_eq!(f.one("city", "contains", json!(["ATH"])).await, vec![el]);
    assert_eq!(
        f.one("company", "equal_to", json!(["big co"])).await,
        vec![en]
    );
    assert_eq!(
        f.one("blocked", "equal_to", json!([false])).await,
        vec![en, el, cs]
    );
    assert_eq!(
        f.one("blocked", "equal_to", json!(["true"])).await,
        Vec::<i64>::new()
    );
}

#[tokio::test]
async fn labels_equal_not_equal_present_and_absent() {
    let f = fixture().await;
    assert_eq!(
        f.one("labels", "equal_to", json!(["support"])).await,
        vec![f.en, f.cs]
    );
    assert_eq!(
        f.one("labels", "not_equal_to", json!(["support"])).await,
        vec![f.el]
    );
    assert_eq!(
        f.one("labels", "is_present", json!([])).await,
        vec![f.en, f.cs]
    );
    assert_eq!(
        f.one("labels", "is_not_present", json!([])).await,
        vec![f.el]
    );
}

#[tokio::test]
async fn dates_compare_by_day_and_days_before_counts_back_from_today() {
    let f = fixture().await;
    let today = domain::time::now().date();
    let days_ago = |n: u64| {
        (today - chrono::Days::new(n))
            .and_hms_opt(12, 0, 0)
            .unwrap()
    };
    for (c, n) in [(f.el, 4), (f.cs, 5), (f.en, 2)] {
        exec(
            &f.app,
            Sql::new("UPDATE contacts SET last_activity_at = $1 WHERE id = $2")
                .bind(days_ago(n))
                .bind(c),
        )
        .await;
    }
    assert_eq!(
        f.one("last_activity_at", "days_before", json!([3])).await,
        vec![f.el, f.cs]
    );
    assert_eq!(
        f.one("last_activity_at", "days_before", json!(["2"])).await,
        vec![f.el, f.cs]
    );
    let day = |n: u64| {
        (today - chrono::Days::new(n))
            .format("%Y-%m-%d")
            .to_string()
    };
    assert_eq!(
        f.one("last_activity_at", "is_greater_than", json!([day(3)]))
            .await,
        vec![f.en]
    );
    assert_eq!(
        f.one("last_activity_at", "is_less_than", json!([day(4)]))
            .await,
        vec![f.cs]
    );
    let tomorrow = (today + chrono::Days::new(1))
        .format("%Y-%m-%d")
        .to_string();
    assert_eq!(
        f.one("created_at", "is_less_than", json!([tomorrow])).await,
        vec![f.en, f.el, f.cs]
    );
    assert_eq!(
        f.one("created_at", "is_greater_than", json!([day(0)]))
            .await,
        Vec::<i64>::new()
    );
}

#[tokio::test]
async fn custom_attributes_compare_by_display_type() {
    let f = fixture().await;
    let (en, el, cs) = (f.en, f.el, f.cs);
    assert_eq!(
        f.one(
            "contact_additional_information",
            "equal_to",
            json!(["Test Custom Data"])
        )
        .await,
        vec![en, el]
    );
    assert_eq!(
        f.one(
            "contact_additional_information",
            "contains",
            json!(["custom"])
        )
        .await,
        vec![en, el]
    );
    // not_equal_to also finds contacts without the attribute (upstream's IS NULL branch).
    assert_eq!(
        f.one("customer_type", "not_equal_to", json!(["platinum"]))
            .await,
        vec![en]
    );
    assert_eq!(
        f.one("customer_type", "is_present", json!([])).await,
        vec![el, cs]
    );
    assert_eq!(
        f.one("customer_type", "is_not_present", json!([])).await,
        vec![en]
    );
    assert_eq!(
        f.one("seats", "is_greater_than", json!(["6"])).await,
        vec![el]
    );
    assert_eq!(f.one("seats", "is_less_than", json!([6])).await, vec![en]);
    assert_eq!(f.one("seats", "equal_to", json!(["5"])).await, vec![en]);
    assert_eq!(
        f.one("signed_in_at", "is_less_than", json!(["2022-01-20"]))
            .await,
        vec![cs]
    );
    assert_eq!(
        f.one("signed_in_at", "is_greater_than", json!(["2022-01-19"]))
            .await,
        Vec::<i64>::new()
    );
    assert_eq!(
        f.one("signed_in_at", "days_before", json!([0])).await,
        vec![cs]
    );
    assert_eq!(f.one("vip", "equal_to", json!([true])).await, vec![en]);
    assert_eq!(f.one("vip", "equal_to", json!(["false"])).await, vec![cs]);
}

#[tokio::test]
async fn and_binds_tighter_than_or() {
    let f = fixture().await;
    let c = |key: &str, value: &str, op: Value| json!({"attribute_key": key, "filter_operator": "equal_to", "values": [value], "query_operator": op});
    // uk AND gr (nobody) OR cz  ->  cs
    let ids = f
        .ids(json!([
            c("country_code", "uk", json!("AND")),
            c("country_code", "gr", json!("OR")),
            c("country_code", "cz", Value::Null)
        ]))
        .await;
    assert_eq!(ids, vec![f.cs]);
    // uk OR gr AND platinum  ->  en, el
    let ids = f
        .ids(json!([
            c("country_code", "uk", json!("or")),
            c("country_code", "gr", json!("and")),
            c("customer_type", "platinum", Value::Null)
        ]))
        .await;
    assert_eq!(ids, vec![f.en, f.el]);
    // Upstream's spec: platinum AND support AND signed in before 2022-01-20.
    let ids = f
        .ids(json!([
            c("customer_type", "platinum", json!("AND")),
            c("labels", "support", json!("AND")),
            {"attribute_key": "signed_in_at", "filter_operator": "is_less_than", "values": ["2022-01-20"], "query_operator": null}
        ]))
        .await;
    assert_eq!(ids, vec![f.cs]);
}

#[tokio::test]
async fn the_answer_is_a_page_with_meta() {
    let f = fixture().await;
    let res = f
        .app
        .post(&f.acme.path("/contacts/filter?page=1&include_contact_inboxes=false"))
        .as_user(&f.acme.admin)
        .json(json!({"payload": [{"attribute_key": "country_code", "filter_operator": "equal_to", "values": ["cz"]}]}))
        .send()
        .await;
    res.assert_status(200);
    assert_keys(&res.json, &["meta", "payload"]);
    assert_eq!(res.json["meta"], json!({"count": 1, "current_page": "1"}));
    assert!(res.json["payload"][0].get("contact_inboxes").is_none());
    // An empty payload filters nothing (upstream's empty WHERE string).
    assert_eq!(f.ids(json!([])).await, vec![f.en, f.el, f.cs]);
    // Agents filter too.
    let agent = f.app.agent(&f.acme).await;
    f.app
        .post(&f.acme.path("/contacts/filter"))
        .as_user(&agent)
        .json(json!({"payload": []}))
        .send()
        .await
        .assert_status(200);
}

#[tokio::test]
async fn invalid_payloads_answer_upstreams_messages() {
    let f = fixture().await;
    let cases = [
        (
            json!([{"attribute_key": "country_code", "filter_operator": "eq", "values": ["US"]}]),
            "Invalid operator. The allowed operators for country_code are [equal_to,not_equal_to].",
        ),
        (
            json!([{"attribute_key": "country_code", "filter_operator": "equal_to", "values": []}]),
            "Invalid value. The values provided for country_code are invalid",
        ),
        (
            json!([{"attribute_key": "shoe_size", "filter_operator": "equal_to", "values": ["42"]}]),
            "Invalid attribute key - [shoe_size]. The key should be one of [name,phone_number,email,identifier,country_code,city,company,labels,created_at,last_activity_at,blocked] or a custom attribute defined in the account.",
        ),
        (
            json!([{"attribute_key": "labels", "filter_operator": "is_not_present", "values": [], "query_operator": "INVALID"}]),
            "Query operator must be either \"AND\" or \"OR\".",
        ),
        (
            json!([{"attribute_key": "created_at", "filter_operator": "is_less_than", "values": ["soon"]}]),
            "Invalid value. The values provided for created_at are invalid",
        ),
        (
            json!([{"attribute_key": "seats", "filter_operator": "is_greater_than", "values": ["many"]}]),
            "Invalid value. The values provided for seats are invalid",
        ),
    ];
    for (payload, message) in cases {
        f.post(payload).await.assert_error(422, message);
    }
    // A payload that is missing or not a list.
    for body in [
        json!({}),
        json!({"payload": {"attribute_key": "name"}}),
        json!({"payload": "name"}),
    ] {
        let res = f
            .app
            .post(&f.acme.path("/contacts/filter"))
            .as_user(&f.acme.admin)
            .json(body)
            .send()
            .await;
        res.assert_status(422);
    }
}

#[tokio::test]
async fn injection_shaped_values_and_keys_are_literal_or_refused() {
    let f = fixture().await;
    for value in [
        "' OR '1'='1",
        "x') OR 1=1 --",
        "%",
        "_",
        "english'; DROP TABLE contacts; --",
    ] {
        assert_eq!(
            f.one("name", "equal_to", json!([value])).await,
            Vec::<i64>::new(),
            "{value}"
        );
    }
    // LIKE wildcards in contains are literal characters.
    assert_eq!(
        f.one("name", "contains", json!(["%"])).await,
        Vec::<i64>::new()
    );
    assert_eq!(
        f.one("email", "contains", json!(["_"])).await,
        Vec::<i64>::new()
    );
    for key in [
        "name = name OR 1=1 --",
        "additional_attributes",
        "id",
        "contacts.name",
        "custom_attributes ->> 'x'",
    ] {
        let res = f
            .post(json!([{"attribute_key": key, "filter_operator": "equal_to", "values": ["x"]}]))
            .await;
        res.assert_status(422);
        assert!(
            res.json["error"]
                .as_str()
                .unwrap()
                .starts_with("Invalid attribute key"),
            "{key}"
        );
    }
    let res = f
        .post(json!([{"attribute_key": "name", "filter_operator": "equal_to) OR (1=1", "values": ["x"]}]))
        .await;
    res.assert_status(422);
    // A custom attribute key with quotes is bound, never spliced.
    definition(&f.app, f.acme.id, "it's \"quoted\"", 0).await;
    exec(
        &f.app,
        Sql::new("UPDATE contacts SET custom_attributes = $1 WHERE id = $2")
            .bind(json!({"it's \"quoted\"": "Yes"}))
            .bind(f.el),
    )
    .await;
    assert_eq!(
        f.one("it's \"quoted\"", "equal_to", json!(["yes"])).await,
        vec![f.el]
    );
    assert_eq!(f.app.count("contacts").await, 4);
}
