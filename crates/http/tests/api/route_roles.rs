//! The route-by-role table: for every route, the status each kind of caller gets. Each row runs
//! on a fresh app seeded with one object of each kind, callers in the order anonymous, agent bot,
//! platform app, another account's administrator, agent, administrator (last, since its request
//! may change or delete the object).

use serde_json::{json, Value};
use std::collections::HashMap;
use testkit::{TestAccount, TestApp};

/// Expected statuses: anonymous, bot, platform app, other account's admin, agent, admin.
type Expect = [u16; 6];

/// The usual answer of a nested account route open to every member.
#[allow(dead_code)] // rows arrive with the organization routes
const MEMBERS: Expect = [401, 401, 401, 401, 200, 200];
/// Administrator-only nested account route.
const ADMINS: Expect = [401, 401, 401, 401, 401, 200];

struct Row {
    method: &'static str,
    path: &'static str,
    body: Value,
    expect: Expect,
}

fn row(method: &'static str, path: &'static str, body: Value, expect: Expect) -> Row {
    Row {
        method,
        path,
        body,
        expect,
    }
}

/// Every route, with a body that is valid for an administrator.
fn table() -> Vec<Row> {
    vec![
        row("GET", "/api", json!(null), [200, 200, 200, 200, 200, 200]),
        // Accounts: a stranger's account is 404 (current_user.accounts.find).
        row(
            "GET",
            "/api/v1/accounts/{account}",
            json!(null),
            [401, 401, 401, 404, 200, 200],
        ),
        row(
            "PATCH",
            "/api/v1/accounts/{account}",
            json!({"name": "Renamed"}),
            [401, 401, 401, 404, 401, 200],
        ),
        row(
            "POST",
            "/api/v1/accounts/{account}/update_active_at",
            json!(null),
            [401, 401, 401, 404, 200, 200],
        ),
        row(
            "GET",
            "/api/v1/accounts/{account}/cache_keys",
            json!(null),
            [401, 401, 401, 404, 200, 200],
        ),
        row(
            "GET",
            "/api/v1/profile",
            json!(null),
            [401, 401, 401, 200, 200, 200],
        ),
        row(
            "PUT",
            "/api/v1/profile",
            json!({"profile": {"name": "Me"}}),
            [401, 401, 401, 200, 200, 200],
        ),
        row(
            "POST",
            "/api/v1/profile/availability",
            json!({"profile": {"account_id": "{account}", "availability": "busy"}}),
            [401, 401, 401, 404, 200, 200],
        ),
        row(
            "GET",
            "/api/v1/accounts/{account}/audit_logs",
            json!(null),
            ADMINS,
        ),
        // Inboxes: the seeded inbox has no agent member, so `show?` refuses the agent.
        row(
            "GET",
            "/api/v1/accounts/{account}/inboxes",
            json!(null),
            MEMBERS,
        ),
        row(
            "POST",
            "/api/v1/accounts/{account}/inboxes",
            json!({"name": "New", "channel": {"type": "api"}}),
            ADMINS,
        ),
        row(
            "GET",
            "/api/v1/accounts/{account}/inboxes/{inbox}",
            json!(null),
            ADMINS,
        ),
        row(
            "PATCH",
            "/api/v1/accounts/{account}/inboxes/{inbox}",
            json!({"name": "Renamed"}),
            ADMINS,
        ),
        row(
            "PUT",
            "/api/v1/accounts/{account}/inboxes/{inbox}",
            json!({"name": "Renamed"}),
            ADMINS,
        ),
        row(
            "GET",
            "/api/v1/accounts/{account}/inboxes/{inbox}/assignable_agents",
            json!(null),
            ADMINS,
        ),
        row(
            "GET",
            "/api/v1/accounts/{account}/inboxes/{inbox}/agent_bot",
            json!(null),
            ADMINS,
        ),
        row(
            "POST",
            "/api/v1/accounts/{account}/inboxes/{inbox}/set_agent_bot",
            json!({"agent_bot": null}),
            ADMINS,
        ),
        row(
            "DELETE",
            "/api/v1/accounts/{account}/inboxes/{inbox}",
            json!(null),
            ADMINS,
        ),
        row(
            "GET",
            "/api/v1/accounts/{account}/inbox_members/{inbox}",
            json!(null),
            ADMINS,
        ),
        row(
            "POST",
            "/api/v1/accounts/{account}/inbox_members",
            json!({"inbox_id": "{inbox}", "user_ids": []}),
            ADMINS,
        ),
        row(
            "PATCH",
            "/api/v1/accounts/{account}/inbox_members",
            json!({"inbox_id": "{inbox}", "user_ids": []}),
            ADMINS,
        ),
        row(
            "DELETE",
            "/api/v1/accounts/{account}/inbox_members",
            json!({"inbox_id": "{inbox}", "user_ids": []}),
            ADMINS,
        ),
    ]
}

/// The objects every row may name, created through the API as the administrator.
async fn seed(_app: &TestApp, acme: &TestAccount) -> HashMap<&'static str, String> {
    let mut ids = HashMap::new();
    ids.insert("account", acme.id.to_string());
    ids.insert("inbox", _app.inbox(acme.id, "Seeded").await.to_string());
    ids
}

fn fill(template: &str, ids: &HashMap<&'static str, String>) -> String {
    let mut out = template.to_string();
    for (k, v) in ids {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

/// Replaces `"{name}"` strings in a body, turning numeric ids back into numbers.
fn fill_body(body: &Value, ids: &HashMap<&'static str, String>) -> Value {
    match body {
        Value::String(s) if s.starts_with('{') && s.ends_with('}') => {
            let v = fill(s, ids);
            v.parse::<i64>()
                .map(Value::from)
                .unwrap_or(Value::String(v))
        }
        Value::String(s) => Value::String(fill(s, ids)),
        Value::Array(a) => Value::Array(a.iter().map(|v| fill_body(v, ids)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, v)| (k.clone(), fill_body(v, ids)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[tokio::test]
async fn every_route_answers_each_role_as_the_table_says() {
    let mut failures = Vec::new();
    for r in table() {
        let app = TestApp::new().await;
        let acme = app.account("Acme").await;
        let other = app.account("Other").await;
        let agent = app.agent(&acme).await;
        let (_, bot) = app.agent_bot(Some(acme.id)).await;
        let (_, platform) = app.platform_app("Platform").await;
        let ids = seed(&app, &acme).await;
        let path = fill(r.path, &ids);
        let body = fill_body(&r.body, &ids);
        let callers: [Option<&str>; 6] = [
            None,
            Some(&bot),
            Some(&platform),
            Some(&other.admin.token),
            Some(&agent.token),
            Some(&acme.admin.token),
        ];
        for (i, caller) in callers.iter().enumerate() {
            let method = axum::http::Method::from_bytes(r.method.as_bytes()).unwrap();
            let mut req = app.request(method, &path);
            if let Some(t) = caller {
                req = req.token(t);
            }
            if !body.is_null() {
                req = req.json(body.clone());
            }
            let res = req.send().await;
            if res.status.as_u16() != r.expect[i] {
                let who = [
                    "anonymous",
                    "bot",
                    "platform",
                    "other admin",
                    "agent",
                    "admin",
                ][i];
                failures.push(format!(
                    "{} {} as {who}: expected {}, got {} ({})",
                    r.method, r.path, r.expect[i], res.status, res.text
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
