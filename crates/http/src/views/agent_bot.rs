//! `api/v1/models/_agent_bot.json.jbuilder`.

use serde::Serialize;
use serde_json::Value;
use store::agent_bots::AgentBot;

#[derive(Serialize)]
pub struct AgentBotView {
    pub id: i64,
    pub name: Option<String>,
    pub description: Option<String>,
    pub thumbnail: String,
    /// Hidden for system bots (no account).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub outgoing_url: Option<Option<String>>,
    pub bot_type: &'static str,
    pub bot_config: Value,
    pub account_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    pub system_bot: bool,
    /// Switchboard: the key that signs deliveries to `outgoing_url`; administrators only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret: Option<String>,
}

impl AgentBotView {
    /// `access_token` is shown when given (upstream shows it whenever present; callers pass
    /// it where upstream's views would have it); `secret` only for administrators.
    pub fn new(bot: &AgentBot, access_token: Option<String>, show_secret: bool) -> Self {
        let system_bot = bot.account_id.is_none();
        AgentBotView {
            id: bot.id,
            name: bot.name.clone(),
            description: bot.description.clone(),
            thumbnail: String::new(),
            outgoing_url: (!system_bot).then(|| bot.outgoing_url.clone()),
            bot_type: domain::enums::BotType::from_i32(bot.bot_type.unwrap_or(0))
                .unwrap_or(domain::enums::BotType::Webhook)
                .as_str(),
            bot_config: bot
                .bot_config
                .as_ref()
                .map(|j| j.0.clone())
                .unwrap_or_else(|| Value::Object(Default::default())),
            account_id: bot.account_id,
            access_token,
            system_bot,
            secret: if show_secret && !system_bot {
                bot.secret.clone()
            } else {
                None
            },
        }
    }
}
