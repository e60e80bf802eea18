//! `api/v1/models/_custom_attribute_definition.json.jbuilder`.

use domain::enums::{AttributeDisplayType, AttributeModel};
use domain::time::iso;
use serde::Serialize;
use serde_json::Value;
use store::custom_attribute_definitions::CustomAttributeDefinition;

#[derive(Serialize)]
pub struct CustomAttributeDefinitionView {
    pub id: i64,
    pub attribute_display_name: Option<String>,
    pub attribute_display_type: Option<&'static str>,
    pub attribute_description: Option<String>,
    pub attribute_key: Option<String>,
    pub regex_pattern: Option<String>,
    pub regex_cue: Option<String>,
    pub attribute_values: Value,
    pub attribute_model: Option<&'static str>,
    pub default_value: Option<i32>,
    pub created_at: String,
    pub updated_at: String,
}

impl From<&CustomAttributeDefinition> for CustomAttributeDefinitionView {
    fn from(d: &CustomAttributeDefinition) -> Self {
        CustomAttributeDefinitionView {
            id: d.id,
            attribute_display_name: d.attribute_display_name.clone(),
            attribute_display_type: d
                .attribute_display_type
                .and_then(AttributeDisplayType::from_i32)
                .map(AttributeDisplayType::as_str),
            attribute_description: d.attribute_description.clone(),
            attribute_key: d.attribute_key.clone(),
            regex_pattern: d.regex_pattern.clone(),
            regex_cue: d.regex_cue.clone(),
            attribute_values: d
                .attribute_values
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or(Value::Null),
            attribute_model: d
                .attribute_model
                .and_then(AttributeModel::from_i32)
                .map(AttributeModel::as_str),
            default_value: d.default_value,
            created_at: iso(d.created_at),
            updated_at: iso(d.updated_at),
        }
    }
}
