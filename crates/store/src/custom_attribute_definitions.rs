//! `custom_attribute_definitions`: the custom fields an account defines for conversations
//! (`attribute_model` 0) or contacts (1).

use crate::{Exec, Json, Result, Sql};
use chrono::NaiveDateTime;
use serde_json::Value as JsonValue;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomAttributeDefinition {
    pub id: i64,
    pub attribute_display_name: Option<String>,
    pub attribute_key: Option<String>,
    pub attribute_display_type: Option<i32>,
    pub default_value: Option<i32>,
    pub attribute_model: Option<i32>,
    pub account_id: Option<i64>,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
    pub attribute_description: Option<String>,
    pub attribute_values: Option<Json<JsonValue>>,
    pub regex_pattern: Option<String>,
    pub regex_cue: Option<String>,
}

const COLUMNS: &str =
    "id, attribute_display_name, attribute_key, attribute_display_type, default_value, \
                       attribute_model, account_id, created_at, updated_at, attribute_description, \
                       attribute_values, regex_pattern, regex_cue";

/// Inserts `def` as given (its id and timestamps are ignored).
pub async fn insert(
    e: &impl Exec,
    def: &CustomAttributeDefinition,
    now: NaiveDateTime,
) -> Result<CustomAttributeDefinition> {
    let q = Sql::new(format!(
        "INSERT INTO custom_attribute_definitions (attribute_display_name, attribute_key, attribute_display_type, \
         default_value, attribute_model, account_id, attribute_description, attribute_values, regex_pattern, \
         regex_cue, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) \
         RETURNING {COLUMNS}"
    ))
    .bind(def.attribute_display_name.clone())
    .bind(def.attribute_key.clone())
    .bind(def.attribute_display_type)
    .bind(def.default_value)
    .bind(def.attribute_model)
    .bind(def.account_id)
    .bind(def.attribute_description.clone())
    .bind(def.attribute_values.as_ref().map(|j| j.0.clone()))
    .bind(def.regex_pattern.clone())
    .bind(def.regex_cue.clone())
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(
    e: &impl Exec,
    account_id: i64,
    id: i64,
) -> Result<Option<CustomAttributeDefinition>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM custom_attribute_definitions WHERE account_id = $1 AND id = $2"
    ))
    .bind(account_id)
    .bind(id);
    e.fetch_optional(q).await
}

/// The account's definitions, all of them or those of one model.
pub async fn list(
    e: &impl Exec,
    account_id: i64,
    attribute_model: Option<i32>,
) -> Result<Vec<CustomAttributeDefinition>> {
    let mut q = Sql::new(format!(
        "SELECT {COLUMNS} FROM custom_attribute_definitions WHERE account_id = "
    ));
    let account = q.arg(account_id);
    q.push(&account);
    if let Some(model) = attribute_model {
        let m = q.arg(model);
        q.push(&format!(" AND attribute_model = {m}"));
    }
    q.push(" ORDER BY id");
    e.fetch_all(q).await
}

pub async fn update(
    e: &impl Exec,
    def: &CustomAttributeDefinition,
    now: NaiveDateTime,
) -> Result<CustomAttributeDefinition> {
    let q = Sql::new(format!(
        "UPDATE custom_attribute_definitions SET attribute_display_name = $2, attribute_key = $3, \
         attribute_display_type = $4, attribute_model = $5, attribute_description = $6, attribute_values = $7, \
         regex_pattern = $8, regex_cue = $9, updated_at = $10 WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(def.id)
    .bind(def.attribute_display_name.clone())
    .bind(def.attribute_key.clone())
    .bind(def.attribute_display_type)
    .bind(def.attribute_model)
    .bind(def.attribute_description.clone())
    .bind(def.attribute_values.as_ref().map(|j| j.0.clone()))
    .bind(def.regex_pattern.clone())
    .bind(def.regex_cue.clone())
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM custom_attribute_definitions WHERE id = $1").bind(id))
        .await
}

/// Uniqueness of `attribute_key` scoped to the account and the model.
pub async fn key_taken(
    e: &impl Exec,
    account_id: i64,
    attribute_model: i32,
    key: &str,
    except_id: Option<i64>,
) -> Result<bool> {
    let q = Sql::new(
        "SELECT COUNT(*) FROM custom_attribute_definitions WHERE account_id = $1 AND attribute_model = $2 \
         AND attribute_key = $3 AND id <> $4",
    )
    .bind(account_id)
    .bind(attribute_model)
    .bind(key)
    .bind(except_id.unwrap_or(0));
    Ok(e.scalar::<i64>(q).await? > 0)
}
