//! The dashboard's cache keys (upstream `CacheKeys`, kept in Redis there): one timestamp per
//! cached collection (labels, inboxes, teams), bumped whenever that collection changes so the
//! dashboard refetches it. Kept in `accounts.internal_attributes.cache_keys`.

use crate::Result;
use serde_json::{json, Map, Value};
use store::Exec;

/// The collections the dashboard caches.
pub const MODELS: [&str; 3] = ["label", "inbox", "team"];

/// Upstream's value before anything changed: zero epoch time.
const NEVER: &str = "0000000000";

pub async fn get(e: &impl Exec, account_id: i64) -> Result<Map<String, Value>> {
    let internal = store::accounts::internal_attributes(e, account_id)
        .await?
        .unwrap_or(Value::Null);
    let stored = internal.get("cache_keys").cloned().unwrap_or(Value::Null);
    Ok(MODELS
        .iter()
        .map(|m| {
            (
                m.to_string(),
                stored.get(m).cloned().unwrap_or_else(|| json!(NEVER)),
            )
        })
        .collect())
}

/// Marks `model` ("label", "inbox" or "team") changed now; call inside the change's transaction.
pub async fn touch(e: &impl Exec, account_id: i64, model: &str) -> Result<()> {
    let mut internal = match store::accounts::internal_attributes(e, account_id).await? {
        Some(Value::Object(m)) => m,
        _ => Map::new(),
    };
    let keys = internal.entry("cache_keys").or_insert_with(|| json!({}));
    if let Value::Object(keys) = keys {
        keys.insert(
            model.to_string(),
            json!(chrono::Utc::now().timestamp().to_string()),
        );
    }
    store::accounts::set_internal_attributes(e, account_id, &Value::Object(internal)).await?;
    Ok(())
}
