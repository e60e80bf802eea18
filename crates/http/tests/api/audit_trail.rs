//! The audit trail through HTTP: each audited change of an account-level object shows up in
//! `GET /audit_logs` (Enterprise's `Audit::*` concerns), and a refused change leaves none.

mod memberships;
mod objects;

use serde_json::Value;
use testkit::{TestAccount, TestApp, TestUser};

/// Every entry of the account, oldest first (the endpoint pages newest first, 15 a page).
pub async fn trail(app: &TestApp, acct: &TestAccount) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 1.. {
        let res = app
            .get(&acct.path(&format!("/audit_logs?page={page}")))
            .as_user(&acct.admin)
            .send()
            .await;
        res.assert_status(200);
        let logs = res.json["audit_logs"].as_array().unwrap().clone();
        if logs.is_empty() {
            break;
        }
        out.extend(logs);
    }
    out.reverse();
    out
}

/// The entries about one kind of object, oldest first.
pub fn of_type<'a>(logs: &'a [Value], auditable_type: &str) -> Vec<&'a Value> {
    logs.iter()
        .filter(|l| l["auditable_type"] == auditable_type)
        .collect()
}

/// The one entry of this type and action.
#[track_caller]
pub fn only<'a>(logs: &'a [Value], auditable_type: &str, action: &str) -> &'a Value {
    let found: Vec<&Value> = of_type(logs, auditable_type)
        .into_iter()
        .filter(|l| l["action"] == action)
        .collect();
    assert_eq!(found.len(), 1, "{auditable_type} {action} in {logs:#?}");
    found[0]
}

/// The entry names the signed-in user who made the change.
#[track_caller]
pub fn assert_by(log: &Value, user: &TestUser) {
    assert_eq!(log["user_id"], user.id);
    assert_eq!(log["user_type"], "User");
    assert_eq!(log["username"], user.email.as_str());
}
