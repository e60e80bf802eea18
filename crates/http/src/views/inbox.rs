//! `api/v1/models/_inbox.json.jbuilder` (web widget and API channels; other channel types show
//! their channel keys as null), and `api/v1/models/_agent.json.jbuilder`, which the inbox
//! member and assignable-agent lists render.

use app::inboxes::{feature_flag_names, Channel, InboxDetails};
use domain::enums::{ReplyTime, SenderNameType};
use serde::Serialize;
use serde_json::{json, Value};
use store::working_hours::WorkingHour;

#[derive(Serialize)]
pub struct HelpCenter {
    pub name: Option<String>,
    pub slug: Option<String>,
}

#[derive(Serialize)]
pub struct WorkingHourView {
    pub day_of_week: i32,
    pub closed_all_day: Option<bool>,
    pub open_hour: Option<i32>,
    pub open_minutes: Option<i32>,
    pub close_hour: Option<i32>,
    pub close_minutes: Option<i32>,
    pub open_all_day: Option<bool>,
}

impl From<&WorkingHour> for WorkingHourView {
    fn from(w: &WorkingHour) -> Self {
        WorkingHourView {
            day_of_week: w.day_of_week,
            closed_all_day: w.closed_all_day,
            open_hour: w.open_hour,
            open_minutes: w.open_minutes,
            close_hour: w.close_hour,
            close_minutes: w.close_minutes,
            open_all_day: w.open_all_day,
        }
    }
}

/// Keys marked `Option<Option<_>>` appear only for some channels (or only for administrators),
/// and may then be null.
#[derive(Serialize)]
pub struct InboxView {
    pub id: i64,
    pub avatar_url: String,
    pub channel_id: i64,
    pub name: String,
    pub channel_type: Option<String>,
    pub greeting_enabled: Option<bool>,
    pub greeting_message: Option<String>,
    pub working_hours_enabled: Option<bool>,
    pub enable_email_collect: Option<bool>,
    pub csat_survey_enabled: Option<bool>,
    pub csat_config: Value,
    pub enable_auto_assignment: Option<bool>,
    pub auto_assignment_config: Value,
    pub out_of_office_message: Option<String>,
    pub working_hours: Vec<WorkingHourView>,
    pub timezone: Option<String>,
    /// Only Twilio, SMS, Line and WhatsApp inboxes have one.
    pub callback_webhook_url: Option<String>,
    pub allow_messages_after_resolved: Option<bool>,
    pub lock_to_single_conversation: bool,
    pub sender_name_type: &'static str,
    pub business_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help_center: Option<HelpCenter>,
    pub allowed_domains: Option<String>,
    pub widget_color: Option<String>,
    pub website_url: Option<String>,
    pub hmac_mandatory: Option<bool>,
    pub welcome_title: Option<String>,
    pub welcome_tagline: Option<String>,
    pub web_widget_script: Option<String>,
    pub website_token: Option<String>,
    pub selected_feature_flags: Option<Vec<&'static str>>,
    pub reply_time: Option<&'static str>,
    /// Web widget and API channels, administrators only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hmac_token: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_chat_form_enabled: Option<Option<bool>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pre_chat_form_options: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub continuity_via_email: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub webhook_url: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub inbox_identifier: Option<Option<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub additional_attributes: Option<Value>,
    /// Switchboard: the key that signs deliveries to `webhook_url`; API channels, administrators.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<Option<String>>,
    pub messaging_service_sid: Option<String>,
    pub phone_number: Option<String>,
    pub provider: Option<String>,
}

/// `Channel::WebWidget#web_widget_script`, character for character.
pub fn web_widget_script(frontend_url: &str, website_token: &str) -> String {
    format!(
        "\n    <script>\n      (function(d,t) {{\n        var BASE_URL=\"{frontend_url}\";\n        \
         var g=d.createElement(t),s=d.getElementsByTagName(t)[0];\n        \
         g.src=BASE_URL+\"/packs/js/sdk.js\";\n        g.async = true;\n        \
         s.parentNode.insertBefore(g,s);\n        g.onload=function(){{\n          \
         window.chatwootSDK.run({{\n            websiteToken: '{website_token}',\n            \
         baseUrl: BASE_URL\n          }})\n        }}\n      }})(document,\"script\");\n    \
         </script>\n    "
    )
}

fn json_or_empty(v: &Option<store::Json<Value>>) -> Value {
    v.as_ref().map(|j| j.0.clone()).unwrap_or_else(|| json!({}))
}

impl InboxView {
    /// `is_admin`: `Current.account_user&.administrator?`, which reveals the channel secrets.
    pub fn new(d: &InboxDetails, is_admin: bool, frontend_url: &str) -> Self {
        let i = &d.inbox;
        let mut v = InboxView {
            id: i.id,
            avatar_url: String::new(),
            channel_id: i.channel_id,
            name: i.name.clone(),
            channel_type: i.channel_type.clone(),
            greeting_enabled: i.greeting_enabled,
            greeting_message: i.greeting_message.clone(),
            working_hours_enabled: i.working_hours_enabled,
            enable_email_collect: i.enable_email_collect,
            csat_survey_enabled: i.csat_survey_enabled,
            csat_config: json_or_empty(&i.csat_config),
            enable_auto_assignment: i.enable_auto_assignment,
            auto_assignment_config: json_or_empty(&i.auto_assignment_config),
            out_of_office_message: i.out_of_office_message.clone(),
            working_hours: d.working_hours.iter().map(WorkingHourView::from).collect(),
            timezone: i.timezone.clone(),
            callback_webhook_url: None,
            allow_messages_after_resolved: i.allow_messages_after_resolved,
            lock_to_single_conversation: i.lock_to_single_conversation,
            sender_name_type: SenderNameType::from_i32(i.sender_name_type)
                .unwrap_or(SenderNameType::Friendly)
                .as_str(),
            business_name: i.business_name.clone(),
            help_center: i.portal_id.map(|_| HelpCenter {
                name: i.portal_name.clone(),
                slug: i.portal_slug.clone(),
            }),
            allowed_domains: None,
            widget_color: None,
            website_url: None,
            hmac_mandatory: None,
            welcome_title: None,
            welcome_tagline: None,
            web_widget_script: None,
            website_token: None,
            selected_feature_flags: None,
            reply_time: None,
            hmac_token: None,
            pre_chat_form_enabled: None,
            pre_chat_form_options: None,
            continuity_via_email: None,
            webhook_url: None,
            inbox_identifier: None,
            additional_attributes: None,
            secret: None,
            messaging_service_sid: None,
            phone_number: None,
            provider: None,
        };
        match &d.channel {
            Channel::WebWidget(w) => {
                v.allowed_domains = w.allowed_domains.clone();
                v.widget_color = w.widget_color.clone();
                v.website_url = w.website_url.clone();
                v.hmac_mandatory = w.hmac_mandatory;
                v.welcome_title = w.welcome_title.clone();
                v.welcome_tagline = w.welcome_tagline.clone();
                v.web_widget_script = Some(web_widget_script(
                    frontend_url,
                    w.website_token.as_deref().unwrap_or(""),
                ));
                v.website_token = w.website_token.clone();
                v.selected_feature_flags = Some(feature_flag_names(w.feature_flags));
                v.reply_time = w
                    .reply_time
                    .and_then(ReplyTime::from_i32)
                    .map(ReplyTime::as_str);
                v.hmac_token = is_admin.then(|| w.hmac_token.clone());
                v.pre_chat_form_enabled = Some(w.pre_chat_form_enabled);
                v.pre_chat_form_options = Some(
                    w.pre_chat_form_options
                        .as_ref()
                        .map_or(Value::Null, |j| j.0.clone()),
                );
                v.continuity_via_email = Some(w.continuity_via_email);
            }
            Channel::Api(c) => {
                // `channel.try(:hmac_mandatory)` reaches the API channel's column too.
                v.hmac_mandatory = c.hmac_mandatory;
                v.hmac_token = is_admin.then(|| c.hmac_token.clone());
                v.webhook_url = Some(c.webhook_url.clone());
                v.inbox_identifier = Some(c.identifier.clone());
                v.additional_attributes = Some(
                    c.additional_attributes
                        .as_ref()
                        .map_or(Value::Null, |j| j.0.clone()),
                );
                v.secret = is_admin.then(|| c.secret.clone());
            }
            Channel::Other => {}
        }
        v
    }
}
