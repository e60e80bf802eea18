//! The Platform API's use cases (`app/controllers/platform/api/v1/*`): a platform app
//! provisions accounts, users and agent bots, and reaches only those it created or was granted
//! (`platform_app_permissibles`).

pub mod accounts;
pub mod agent_bots;
pub mod users;

use crate::{AppError, Result};
use serde_json::Value;
use store::Exec;

/// `permissible_type` values: the Rails class names.
pub const ACCOUNT: &str = "Account";
pub const USER: &str = "User";
pub const AGENT_BOT: &str = "AgentBot";

/// `PlatformController#validate_platform_app_permissible`'s refusal.
pub const NON_PERMISSIBLE: &str = "Non permissible resource";

/// Refuses (401) unless the app created or was granted the object.
pub async fn authorize(e: &impl Exec, app_id: i64, kind: &str, id: i64) -> Result<()> {
    if store::platform_apps::is_permitted(e, app_id, kind, id).await? {
        Ok(())
    } else {
        Err(AppError::Unauthorized(NON_PERMISSIBLE.to_string()))
    }
}

/// Ruby's `present?` on a JSON value: nil, false, blank strings and empty collections are not.
pub fn present(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::String(s) => !s.trim().is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        Value::Number(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn present_follows_ruby() {
        assert!(present(&json!(true)));
        assert!(present(&json!("false")));
        assert!(present(&json!(0)));
        assert!(!present(&json!(false)));
        assert!(!present(&json!(" ")));
        assert!(!present(&json!(null)));
        assert!(!present(&json!({})));
    }
}
