//! The integration apps an account can turn on (`Integrations::App`, config/integration/apps.yml
//! with the English names of config/locales/en.yml) and the rules for their hooks
//! (`Integrations::Hook`).
//!
//! Switchboard lists the apps that need no instance-wide OAuth client: webhooks, dashboard apps,
//! OpenAI, Dialogflow, Google Translate, Dyte and LeadSquared. Slack, Linear, Notion and Shopify
//! are only active upstream once their client credentials are configured, and are left out
//! until their OAuth flows exist.

use serde_json::{json, Map, Value};
use std::sync::OnceLock;

/// `integrations_hooks.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookStatus {
    Disabled = 0,
    Enabled = 1,
}

impl HookStatus {
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    /// Rails enum assignment: the name, or the integer as a number or a string.
    pub fn parse(value: &Value) -> Option<Self> {
        let text = match value {
            Value::String(s) => s.trim().to_string(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        match text.as_str() {
            "disabled" | "0" => Some(HookStatus::Disabled),
            "enabled" | "1" => Some(HookStatus::Enabled),
            _ => None,
        }
    }
}

/// `integrations_hooks.hook_type`, taken from the app (`ensure_hook_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HookType {
    Account = 0,
    Inbox = 1,
}

impl HookType {
    pub fn as_i32(self) -> i32 {
        self as i32
    }

    pub fn from_i32(v: i32) -> Self {
        if v == 1 {
            HookType::Inbox
        } else {
            HookType::Account
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            HookType::Account => "account",
            HookType::Inbox => "inbox",
        }
    }
}

/// One app: its apps.yml entry (`params`) and its English texts.
#[derive(Debug)]
pub struct IntegrationApp {
    pub params: Map<String, Value>,
    pub name: &'static str,
    pub description: &'static str,
    /// Webhooks and dashboard apps have none (see en.yml).
    pub short_description: Option<&'static str>,
}

impl IntegrationApp {
    pub fn id(&self) -> &str {
        self.params["id"].as_str().unwrap_or_default()
    }

    /// `Integrations::App#action` (only Slack and Linear compute theirs).
    pub fn action(&self) -> Option<&str> {
        self.params.get("action").and_then(Value::as_str)
    }

    pub fn hook_type(&self) -> HookType {
        match self.params.get("hook_type").and_then(Value::as_str) {
            Some("inbox") => HookType::Inbox,
            _ => HookType::Account,
        }
    }

    pub fn allow_multiple_hooks(&self) -> bool {
        self.params.get("allow_multiple_hooks") == Some(&Value::Bool(true))
    }

    /// The account feature the app needs (`feature_flag`), if any.
    pub fn feature_flag(&self) -> Option<&str> {
        self.params.get("feature_flag").and_then(Value::as_str)
    }

    /// `active?(account)`: listed in the index. LeadSquared needs `crm_integration`.
    pub fn active(&self, enabled_features: &[&str]) -> bool {
        self.feature_flag()
            .is_none_or(|f| enabled_features.contains(&f))
    }

    /// `validate_settings_json_schema`: settings must match the app's schema when it has one.
    pub fn settings_valid(&self, settings: &Value) -> bool {
        match self.params.get("settings_json_schema") {
            Some(schema) => schema_valid(schema, settings),
            None => true,
        }
    }
}

/// Every app in apps.yml order.
pub fn all() -> &'static [IntegrationApp] {
    static APPS: OnceLock<Vec<IntegrationApp>> = OnceLock::new();
    APPS.get_or_init(catalog)
}

pub fn find(id: &str) -> Option<&'static IntegrationApp> {
    all().iter().find(|a| a.id() == id)
}

fn app(
    params: Value,
    name: &'static str,
    description: &'static str,
    short_description: Option<&'static str>,
) -> IntegrationApp {
    let Value::Object(params) = params else {
        unreachable!("catalog entries are objects")
    };
    IntegrationApp {
        params,
        name,
        description,
        short_description,
    }
}

/// A required text field of a settings form (`settings_form_schema`).
fn text_field(label: &str, name: &str) -> Value {
    json!({"label": label, "type": "text", "name": name, "validation": "required"})
}

/// A Google service-account key field (Dialogflow, Google Translate).
fn credentials_field(label: &str) -> Value {
    json!({
        "label": label, "type": "textarea", "name": "credentials",
        "validation": "required|JSON", "validationName": "Credentials",
        "validation-messages": {"JSON": "Invalid JSON", "required": "Credentials is required"}
    })
}

fn project_id_field(label: &str) -> Value {
    json!({"label": label, "type": "text", "name": "project_id", "validation": "required", "validationName": "Project Id"})
}

fn catalog() -> Vec<IntegrationApp> {
    vec![
        app(
            json!({"id": "webhook", "logo": "webhooks.png", "i18n_key": "webhooks", "action": "/webhook",
                   "hook_type": "account", "allow_multiple_hooks": true}),
            "Webhooks",
            "Webhook events provide real-time updates about activities in your Chatwoot account. You can subscribe to your preferred events, and Chatwoot will send you HTTP callbacks with the updates.",
            None,
        ),
        app(
            json!({"id": "dashboard_apps", "logo": "dashboard_apps.png", "i18n_key": "dashboard_apps",
                   "hook_type": "account", "allow_multiple_hooks": true}),
            "Dashboard Apps",
            "Dashboard Apps allow you to create and embed applications that display user information, orders, or payment history, providing more context to your customer support agents.",
            None,
        ),
        app(
            json!({"id": "openai", "logo": "openai.png", "i18n_key": "openai", "action": "/openai",
                   "hook_type": "account", "allow_multiple_hooks": false,
                   "settings_json_schema": {
                       "type": "object",
                       "properties": {"api_key": {"type": "string"}, "label_suggestion": {"type": "boolean"}},
                       "required": ["api_key"], "additionalProperties": false},
                   "settings_form_schema": [
                       text_field("API Key", "api_key"),
                       {"label": "Show label suggestions", "type": "checkbox", "name": "label_suggestion", "validation": ""}],
                   "visible_properties": ["api_key", "label_suggestion"]}),
            "OpenAI",
            "Leverage the power of large language models from OpenAI with the features such as reply suggestions, summarization, message rephrasing, spell-checking, and label classification.",
            Some("AI-powered reply suggestions, summarization, and message enhancement."),
        ),
        app(
            json!({"id": "dialogflow", "logo": "dialogflow.png", "i18n_key": "dialogflow", "action": "/dialogflow",
                   "hook_type": "inbox", "allow_multiple_hooks": true,
                   "settings_json_schema": {
                       "type": "object",
                       "properties": {"project_id": {"type": "string"}, "credentials": {"type": "object"}, "region": {"type": "string"}},
                       "required": ["project_id", "credentials"], "additionalProperties": false},
                   "settings_form_schema": [
                       project_id_field("Dialogflow Project ID"),
                       credentials_field("Dialogflow Project Key File"),
                       {"label": "Dialogflow Region", "type": "select", "name": "region", "default": "global",
                        "options": [
                            {"label": "Global - Default", "value": "global"},
                            {"label": "AS-NE1 - Tokyo, Japan", "value": "asia-northeast1"},
                            {"label": "AU-SE1 - Sydney, Australia", "value": "australia-southeast1"},
                            {"label": "EU-W1 - St. Ghislain, Belgium", "value": "europe-west1"},
                            {"label": "EU-W2 - London, England", "value": "europe-west2"}]}],
                   "visible_properties": ["project_id", "region"]}),
            "Dialogflow",
            "Build chatbots with Dialogflow and easily integrate them into your inbox. These bots can handle initial queries before transferring them to a customer service agent.",
            Some("Build chatbots to handle initial queries before transferring to agents."),
        ),
        app(
            json!({"id": "google_translate", "logo": "google-translate.png", "i18n_key": "google_translate",
                   "action": "/google_translate", "hook_type": "account", "allow_multiple_hooks": false,
                   "settings_json_schema": {
                       "type": "object",
                       "properties": {"project_id": {"type": "string"}, "credentials": {"type": "object"}},
                       "required": ["project_id", "credentials"], "additionalProperties": false},
                   "settings_form_schema": [
                       project_id_field("Google Cloud Project ID"),
                       credentials_field("Google Cloud Project Key File")],
                   "visible_properties": ["project_id"]}),
            "Google Translate",
            "Integrate Google Translate to help agents easily translate customer messages. This integration automatically detects the language and converts it to the agent's or admin's preferred language.",
            Some("Automatically translate customer messages for agents."),
        ),
        app(
            json!({"id": "dyte", "logo": "dyte.png", "i18n_key": "dyte", "action": "/dyte",
                   "hook_type": "account", "allow_multiple_hooks": false,
                   "settings_json_schema": {
                       "type": "object",
                       "properties": {"api_key": {"type": "string"}, "organization_id": {"type": "string"}},
                       "required": ["api_key", "organization_id"], "additionalProperties": false},
                   "settings_form_schema": [
                       text_field("Organization ID", "organization_id"),
                       text_field("API Key", "api_key")],
                   "visible_properties": ["organization_id"]}),
            "Dyte",
            "Dyte is a product that integrates audio and video functionalities into your application. With this integration, your agents can start video/voice calls with your customers directly from Chatwoot.",
            Some("Start video/voice calls with customers directly from Chatwoot."),
        ),
        leadsquared(),
    ]
}

fn leadsquared() -> IntegrationApp {
    let help =
        |what: &str| format!("Enable this option to push an activity when a {what} is created");
    let score = |what: &str| format!("Score to assign to the {what} activity, default is 0");
    app(
        json!({"id": "leadsquared", "feature_flag": "crm_integration", "logo": "leadsquared.png",
               "i18n_key": "leadsquared", "action": "/leadsquared", "hook_type": "account",
               "allow_multiple_hooks": false,
               "settings_json_schema": {
                   "type": "object",
                   "properties": {
                       "access_key": {"type": "string"}, "secret_key": {"type": "string"},
                       "endpoint_url": {"type": "string"}, "app_url": {"type": "string"},
                       "timezone": {"type": "string"},
                       "enable_conversation_activity": {"type": "boolean"},
                       "enable_transcript_activity": {"type": "boolean"},
                       "conversation_activity_score": {"type": "string"},
                       "transcript_activity_score": {"type": "string"},
                       "conversation_activity_code": {"type": "integer"},
                       "transcript_activity_code": {"type": "integer"}},
                   "required": ["access_key", "secret_key"], "additionalProperties": false},
               "settings_form_schema": [
                   text_field("Access Key", "access_key"),
                   text_field("Secret Key", "secret_key"),
                   {"label": "Push Conversation Activity", "type": "checkbox", "name": "enable_conversation_activity",
                    "help": help("conversation")},
                   {"label": "Conversation Activity Score", "type": "number", "name": "conversation_activity_score",
                    "help": score("conversation created")},
                   {"label": "Push Transcript Activity", "type": "checkbox", "name": "enable_transcript_activity",
                    "help": help("transcript")},
                   {"label": "Transcript Activity Score", "type": "number", "name": "transcript_activity_score",
                    "help": score("conversation transcript")}],
               "visible_properties": ["access_key", "endpoint_url", "enable_conversation_activity",
                                      "enable_transcript_activity", "conversation_activity_score",
                                      "transcript_activity_score"]}),
        "LeadSquared",
        "Sync your contacts and conversations with LeadSquared CRM. This integration automatically creates leads in LeadSquared when new contacts are added, and logs conversation activity to provide your sales team with complete context.",
        Some("Sync your contacts and conversations with LeadSquared CRM."),
    )
}

/// The part of JSON Schema apps.yml uses: `type`, `properties`, `required` and
/// `additionalProperties: false`.
pub fn schema_valid(schema: &Value, data: &Value) -> bool {
    let type_ok = match schema.get("type").and_then(Value::as_str) {
        None => true,
        Some("object") => data.is_object(),
        Some("array") => data.is_array(),
        Some("string") => data.is_string(),
        Some("boolean") => data.is_boolean(),
        Some("number") => data.is_number(),
        Some("integer") => data.as_f64().is_some_and(|f| f.fract() == 0.0),
        Some("null") => data.is_null(),
        Some(_) => false,
    };
    if !type_ok {
        return false;
    }
    let Value::Object(object) = data else {
        return true;
    };
    let properties = schema.get("properties").and_then(Value::as_object);
    let required = schema.get("required").and_then(Value::as_array);
    if required.is_some_and(|r| {
        r.iter()
            .any(|k| k.as_str().is_none_or(|k| !object.contains_key(k)))
    }) {
        return false;
    }
    let closed = schema.get("additionalProperties") == Some(&Value::Bool(false));
    object
        .iter()
        .all(|(key, value)| match properties.and_then(|p| p.get(key)) {
            Some(sub) => schema_valid(sub, value),
            None => !closed,
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalog_follows_apps_yml() {
        let ids: Vec<&str> = all().iter().map(|a| a.id()).collect();
        assert_eq!(
            ids,
            [
                "webhook",
                "dashboard_apps",
                "openai",
                "dialogflow",
                "google_translate",
                "dyte",
                "leadsquared"
            ]
        );
        let dialogflow = find("dialogflow").unwrap();
        assert_eq!(dialogflow.hook_type(), HookType::Inbox);
        assert!(dialogflow.allow_multiple_hooks());
        assert!(!find("openai").unwrap().allow_multiple_hooks());
        assert!(find("slack").is_none());
    }

    #[test]
    fn leadsquared_is_active_only_with_crm_integration() {
        let lsq = find("leadsquared").unwrap();
        assert!(!lsq.active(&["help_center"]));
        assert!(lsq.active(&["crm_integration"]));
        assert!(find("openai").unwrap().active(&[]));
    }

    #[test]
    fn settings_follow_the_apps_schema() {
        let openai = find("openai").unwrap();
        assert!(openai.settings_valid(&json!({"api_key": "sk", "label_suggestion": true})));
        assert!(!openai.settings_valid(&json!({})));
        assert!(!openai.settings_valid(&json!({"api_key": 5})));
        assert!(!openai.settings_valid(&json!({"api_key": "sk", "extra": 1})));
        let lsq = find("leadsquared").unwrap();
        assert!(lsq.settings_valid(
            &json!({"access_key": "a", "secret_key": "b", "conversation_activity_code": 3})
        ));
        assert!(!lsq.settings_valid(
            &json!({"access_key": "a", "secret_key": "b", "conversation_activity_code": 3.5})
        ));
        assert!(find("webhook")
            .unwrap()
            .settings_valid(&json!({"anything": 1})));
    }

    #[test]
    fn hook_status_parses_names_and_numbers() {
        assert_eq!(
            HookStatus::parse(&json!("enabled")),
            Some(HookStatus::Enabled)
        );
        assert_eq!(HookStatus::parse(&json!(0)), Some(HookStatus::Disabled));
        assert_eq!(HookStatus::parse(&json!("1")), Some(HookStatus::Enabled));
        assert_eq!(HookStatus::parse(&json!("on")), None);
        assert_eq!(HookStatus::parse(&json!(true)), None);
    }
}
