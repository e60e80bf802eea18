//! Chatwoot's integer-backed Rails enums. The database stores the integer, JSON shows the name
//! (except where a view emits `*_before_type_cast`). Values match `db/schema.rb` and the models.

/// Declares an enum stored as an integer and shown by name, with lossless conversions both ways.
macro_rules! int_enum {
    ($(#[$meta:meta])* $name:ident { $($variant:ident = $value:literal => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_i32(self) -> i32 {
                match self { $($name::$variant => $value),+ }
            }

            pub fn from_i32(value: i32) -> Option<Self> {
                match value { $($value => Some($name::$variant),)+ _ => None }
            }

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }

            /// Rails enums accept the name or the integer (as a number or a string).
            pub fn parse(text: &str) -> Option<Self> {
                match text { $($text => Some($name::$variant),)+ other => other.parse::<i32>().ok().and_then(Self::from_i32) }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

/// Other modules (messages.rs) declare their enums with the same macro.
pub(crate) use int_enum;

int_enum!(
    /// `account_users.role`.
    Role { Agent = 0 => "agent", Administrator = 1 => "administrator" }
);

int_enum!(
    /// `account_users.availability` and `users.availability`.
    Availability { Online = 0 => "online", Offline = 1 => "offline", Busy = 2 => "busy" }
);

int_enum!(
    /// `custom_attribute_definitions.attribute_model`.
    AttributeModel { ConversationAttribute = 0 => "conversation_attribute", ContactAttribute = 1 => "contact_attribute" }
);

int_enum!(
    /// `custom_attribute_definitions.attribute_display_type`.
    AttributeDisplayType {
        Text = 0 => "text", Number = 1 => "number", Currency = 2 => "currency", Percent = 3 => "percent",
        Link = 4 => "link", Date = 5 => "date", List = 6 => "list", Checkbox = 7 => "checkbox",
    }
);

int_enum!(
    /// `custom_filters.filter_type`.
    FilterType { Conversation = 0 => "conversation", Contact = 1 => "contact", Report = 2 => "report" }
);

int_enum!(
    /// `accounts.status`.
    AccountStatus { Active = 0 => "active", Suspended = 1 => "suspended" }
);

int_enum!(
    /// `inboxes.sender_name_type`.
    SenderNameType { Friendly = 0 => "friendly", Professional = 1 => "professional" }
);

int_enum!(
    /// `channel_web_widgets.reply_time`.
    ReplyTime { InAFewMinutes = 0 => "in_a_few_minutes", InAFewHours = 1 => "in_a_few_hours", InADay = 2 => "in_a_day" }
);

int_enum!(
    /// `articles.status`.
    ArticleStatus { Draft = 0 => "draft", Published = 1 => "published", Archived = 2 => "archived" }
);

int_enum!(
    /// `agent_bot_inboxes.status`.
    AgentBotInboxStatus { Active = 0 => "active", Inactive = 1 => "inactive" }
);

int_enum!(
    /// `agent_bots.bot_type`.
    BotType { Webhook = 0 => "webhook" }
);

/// The inbox channels Switchboard implements, as `inboxes.channel_type` stores them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    WebWidget,
    Api,
}

impl ChannelKind {
    /// The Rails class name kept in `inboxes.channel_type`.
    pub fn class_name(self) -> &'static str {
        match self {
            ChannelKind::WebWidget => "Channel::WebWidget",
            ChannelKind::Api => "Channel::Api",
        }
    }

    pub fn from_class_name(name: &str) -> Option<Self> {
        match name {
            "Channel::WebWidget" => Some(ChannelKind::WebWidget),
            "Channel::Api" => Some(ChannelKind::Api),
            _ => None,
        }
    }

    /// The `channel.type` value a create-inbox request names.
    pub fn from_param(name: &str) -> Option<Self> {
        match name {
            "web_widget" => Some(ChannelKind::WebWidget),
            "api" => Some(ChannelKind::Api),
            _ => None,
        }
    }
}

/// `LANGUAGES_CONFIG` (config/initializers/languages.rb): `accounts.locale` stores the index;
/// disabled languages (hi 5, zh 11) are not valid locales.
pub const LOCALES: &[(i32, &str)] = &[
    (0, "en"),
    (1, "ar"),
    (2, "nl"),
    (3, "fr"),
    (4, "de"),
    (6, "it"),
    (7, "ja"),
    (8, "ko"),
    (9, "pt"),
    (10, "ru"),
    (12, "es"),
    (13, "ml"),
    (14, "ca"),
    (15, "el"),
    (16, "pt_BR"),
    (17, "ro"),
    (18, "ta"),
    (19, "fa"),
    (20, "zh_TW"),
    (21, "vi"),
    (22, "da"),
    (23, "tr"),
    (24, "cs"),
    (25, "fi"),
    (26, "id"),
    (27, "sv"),
    (28, "hu"),
    (29, "no"),
    (30, "zh_CN"),
    (31, "pl"),
    (32, "sk"),
    (33, "uk"),
    (34, "th"),
    (35, "lv"),
    (36, "is"),
    (37, "he"),
    (38, "lt"),
    (39, "sr"),
    (40, "bg"),
];

pub fn locale_code(index: i32) -> &'static str {
    LOCALES
        .iter()
        .find(|(i, _)| *i == index)
        .map(|(_, c)| *c)
        .unwrap_or("en")
}

pub fn locale_index(code: &str) -> Option<i32> {
    LOCALES.iter().find(|(_, c)| *c == code).map(|(i, _)| *i)
}

/// `config/features.yml` in order: bit `n` of `accounts.feature_flags` is feature `n + 1`
/// (FlagShihTzu numbers flags from 1), with the flag new accounts get. One deliberate change:
/// `audit_logs` (an Enterprise premium feature upstream) is on, since Switchboard keeps the trail.
pub const FEATURES: &[(&str, bool)] = &[
    ("inbound_emails", true),
    ("channel_email", true),
    ("channel_facebook", true),
    ("channel_twitter", true),
    ("ip_lookup", false),
    ("disable_branding", false),
    ("email_continuity_on_api_channel", false),
    ("help_center", true),
    ("agent_bots", true),
    ("macros", true),
    ("agent_management", true),
    ("team_management", true),
    ("inbox_management", true),
    ("labels", true),
    ("custom_attributes", true),
    ("automations", true),
    ("canned_responses", true),
    ("integrations", true),
    ("voice_recorder", true),
    ("mobile_v2", false),
    ("channel_website", true),
    ("campaigns", true),
    ("reports", true),
    ("crm", true),
    ("auto_resolve_conversations", true),
    ("custom_reply_email", false),
    ("custom_reply_domain", false),
    ("audit_logs", true),
    ("response_bot", false),
    ("message_reply_to", false),
    ("insert_article_in_reply", false),
    ("inbox_view", false),
    ("sla", false),
    ("help_center_embedding_search", false),
    ("linear_integration", false),
    ("captain_integration", false),
    ("custom_roles", false),
    ("chatwoot_v4", true),
    ("report_v4", true),
    ("contact_chatwoot_support_team", true),
    ("shopify_integration", false),
    ("search_with_gin", false),
    ("channel_instagram", true),
    ("crm_integration", false),
    ("channel_voice", false),
    ("notion_integration", false),
    ("captain_integration_v2", false),
    ("whatsapp_embedded_signup", false),
    ("whatsapp_campaign", false),
    ("crm_v2", false),
    ("assignment_v2", false),
    ("twilio_content_templates", false),
    ("advanced_search", false),
    ("saml", false),
    ("advanced_search_indexing", false),
    ("reply_mailer_migration", false),
    ("quoted_email_reply", false),
    ("companies", false),
];

/// The flags a new account starts with (`enable_default_features`).
pub fn default_feature_flags() -> i64 {
    FEATURES
        .iter()
        .enumerate()
        .filter(|(_, (_, on))| *on)
        .fold(0, |acc, (i, _)| acc | (1i64 << i))
}

/// Names of the features set in `flags`, in features.yml order.
pub fn enabled_features(flags: i64) -> Vec<&'static str> {
    FEATURES
        .iter()
        .enumerate()
        .filter(|(i, _)| flags & (1i64 << i) != 0)
        .map(|(_, (n, _))| *n)
        .collect()
}

pub fn feature_bit(name: &str) -> Option<i64> {
    FEATURES
        .iter()
        .position(|(n, _)| *n == name)
        .map(|i| 1i64 << i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enums_round_trip_by_name_and_number() {
        assert_eq!(Role::parse("administrator"), Some(Role::Administrator));
        assert_eq!(Role::parse("1"), Some(Role::Administrator));
        assert_eq!(Role::parse("owner"), None);
        assert_eq!(Availability::from_i32(2).map(|a| a.as_str()), Some("busy"));
    }

    #[test]
    fn default_features_include_help_center_but_not_sla() {
        let names = enabled_features(default_feature_flags());
        assert!(names.contains(&"help_center"));
        assert!(!names.contains(&"sla"));
        assert_eq!(FEATURES.len(), 58);
    }

    #[test]
    fn locales_map_both_ways() {
        assert_eq!(locale_code(16), "pt_BR");
        assert_eq!(locale_index("de"), Some(4));
        assert_eq!(locale_index("hi"), None);
    }
}
