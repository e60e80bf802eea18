//! Custom attribute definitions (`CustomAttributeDefinition` model). Any member may write them:
//! upstream has no policy.

use crate::{AppError, Result};
use domain::enums::{AttributeDisplayType, AttributeModel};
use domain::{validate, ValidationErrors};
use serde_json::Value;
use store::custom_attribute_definitions::CustomAttributeDefinition;
use store::{Db, Exec, Json};

const TEXT_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 10_000;
const VALUES_MAX: usize = 1_000;

/// `STANDARD_ATTRIBUTES`: keys a definition may not take, as they name built-in fields.
const CONVERSATION_STANDARD: &[&str] = &[
    "status",
    "priority",
    "assignee_id",
    "inbox_id",
    "team_id",
    "display_id",
    "campaign_id",
    "labels",
    "browser_language",
    "country_code",
    "referer",
    "created_at",
    "last_activity_at",
];
const CONTACT_STANDARD: &[&str] = &[
    "name",
    "email",
    "phone_number",
    "identifier",
    "country_code",
    "city",
    "created_at",
    "last_activity_at",
    "referer",
    "blocked",
];

/// The permitted params. `None` leaves a field as it is; for the enums, `Some(None)` is an
/// explicit null or blank, and the text is a name or its number.
#[derive(Debug, Default)]
pub struct DefinitionChanges {
    pub attribute_display_name: Option<String>,
    pub attribute_key: Option<String>,
    pub attribute_display_type: Option<Option<String>>,
    pub attribute_model: Option<Option<String>>,
    pub attribute_description: Option<Option<String>>,
    pub regex_pattern: Option<Option<String>>,
    pub regex_cue: Option<Option<String>>,
    pub attribute_values: Option<Vec<Value>>,
}

/// Reads an enum param. Upstream raises ArgumentError (a 500) on an unknown name; Switchboard
/// answers Rails' `validate: true` message instead.
fn enum_value(
    errors: &mut ValidationErrors,
    attribute: &str,
    input: Option<String>,
    parse: fn(&str) -> Option<i32>,
) -> Option<i32> {
    let text = input.filter(|t| !t.trim().is_empty())?;
    let value = parse(text.trim());
    if value.is_none() {
        errors.add(attribute, "is not included in the list");
    }
    value
}

fn apply(def: &mut CustomAttributeDefinition, c: DefinitionChanges, errors: &mut ValidationErrors) {
    if let Some(name) = c.attribute_display_name {
        def.attribute_display_name = Some(name);
    }
    if let Some(key) = c.attribute_key {
        def.attribute_key = Some(key);
    }
    if let Some(t) = c.attribute_display_type {
        def.attribute_display_type = enum_value(errors, "attribute_display_type", t, |s| {
            AttributeDisplayType::parse(s).map(AttributeDisplayType::as_i32)
        });
    }
    if let Some(m) = c.attribute_model {
        def.attribute_model = enum_value(errors, "attribute_model", m, |s| {
            AttributeModel::parse(s).map(AttributeModel::as_i32)
        });
    }
    if let Some(d) = c.attribute_description {
        def.attribute_description = d;
    }
    if let Some(p) = c.regex_pattern {
        def.regex_pattern = p;
    }
    if let Some(cue) = c.regex_cue {
        def.regex_cue = cue;
    }
    if let Some(values) = c.attribute_values {
        values_errors(errors, &values);
        def.attribute_values = Some(Json(Value::Array(values)));
    }
}

/// `attribute_values: []` permits an array of scalars (the list type's options).
fn values_errors(errors: &mut ValidationErrors, values: &[Value]) {
    if values.len() > VALUES_MAX {
        errors.add(
            "attribute_values",
            &format!("is too long (maximum is {VALUES_MAX} values)"),
        );
    }
    if values.iter().any(|v| v.is_array() || v.is_object()) {
        errors.add("attribute_values", "is invalid");
    }
    if values
        .iter()
        .any(|v| v.as_str().is_some_and(|s| s.chars().count() > TEXT_MAX))
    {
        errors.add(
            "attribute_values",
            &format!("is too long (maximum is {TEXT_MAX} characters)"),
        );
    }
}

/// The model's validations in declaration order; the key conflict check runs on create only.
async fn validate(
    e: &impl Exec,
    def: &CustomAttributeDefinition,
    account_id: i64,
    creating: bool,
    mut errors: ValidationErrors,
) -> Result<()> {
    validate::presence(
        &mut errors,
        "attribute_display_name",
        def.attribute_display_name.as_deref(),
    );
    let key = def
        .attribute_key
        .as_deref()
        .filter(|k| !k.trim().is_empty());
    match (key, def.attribute_model) {
        (None, _) => errors.add("attribute_key", "can't be blank"),
        (Some(key), Some(model)) if key.chars().count() <= TEXT_MAX => {
            let taken = store::custom_attribute_definitions::key_taken(
                e,
                account_id,
                model,
                key,
                Some(def.id),
            )
            .await?;
            if taken {
                errors.add("attribute_key", "has already been taken");
            }
        }
        _ => {}
    }
    // An unknown enum name was already reported by `apply`; only a missing value is blank.
    for (attribute, value) in [
        ("attribute_display_type", def.attribute_display_type),
        ("attribute_model", def.attribute_model),
    ] {
        let reported = errors.errors().iter().any(|e| e.attribute == attribute);
        if value.is_none() && !reported {
            errors.add(attribute, "can't be blank");
        }
    }
    if creating {
        let standard = match AttributeModel::from_i32(def.attribute_model.unwrap_or(-1)) {
            Some(AttributeModel::ConversationAttribute) => CONVERSATION_STANDARD,
            Some(AttributeModel::ContactAttribute) => CONTACT_STANDARD,
            None => &[],
        };
        if key.is_some_and(|k| standard.contains(&k)) {
            errors.add(
                "attribute_key",
                "The provided key is not allowed as it might conflict with default attributes.",
            );
        }
    }
    for (attribute, value) in [
        ("attribute_display_name", &def.attribute_display_name),
        ("attribute_key", &def.attribute_key),
        ("regex_pattern", &def.regex_pattern),
        ("regex_cue", &def.regex_cue),
    ] {
        validate::max_length(&mut errors, attribute, value.as_deref(), TEXT_MAX);
    }
    validate::max_length(
        &mut errors,
        "attribute_description",
        def.attribute_description.as_deref(),
        DESCRIPTION_MAX,
    );
    Ok(errors.into_result()?)
}

pub async fn create(
    db: &Db,
    account_id: i64,
    c: DefinitionChanges,
) -> Result<CustomAttributeDefinition> {
    let now = domain::time::now();
    // Column defaults: text, conversation_attribute, no values.
    let mut def = CustomAttributeDefinition {
        id: 0,
        attribute_display_name: None,
        attribute_key: None,
        attribute_display_type: Some(AttributeDisplayType::Text.as_i32()),
        default_value: None,
        attribute_model: Some(AttributeModel::ConversationAttribute.as_i32()),
        account_id: Some(account_id),
        created_at: now,
        updated_at: now,
        attribute_description: None,
        attribute_values: Some(Json(Value::Array(Vec::new()))),
        regex_pattern: None,
        regex_cue: None,
    };
    let mut errors = ValidationErrors::new();
    apply(&mut def, c, &mut errors);
    let tx = db.begin().await?;
    validate(&tx, &def, account_id, true, errors).await?;
    let def = store::custom_attribute_definitions::insert(&tx, &def, now).await?;
    tx.commit().await?;
    Ok(def)
}

/// Upstream also refreshes web widgets' pre-chat fields after an update or delete
/// (`Inboxes::UpdateWidgetPreChatCustomFieldsJob`); that belongs with the inboxes.
pub async fn update(
    db: &Db,
    account_id: i64,
    id: i64,
    c: DefinitionChanges,
) -> Result<CustomAttributeDefinition> {
    let tx = db.begin().await?;
    let mut def = store::custom_attribute_definitions::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let mut errors = ValidationErrors::new();
    apply(&mut def, c, &mut errors);
    validate(&tx, &def, account_id, false, errors).await?;
    let def = store::custom_attribute_definitions::update(&tx, &def, domain::time::now()).await?;
    tx.commit().await?;
    Ok(def)
}

pub async fn destroy(db: &Db, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let def = store::custom_attribute_definitions::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::custom_attribute_definitions::delete(&tx, def.id).await?;
    tx.commit().await?;
    Ok(())
}
