//! `Platform::Api::V1::AgentBotsController`. A bot without `account_id` is a system bot, which
//! is how platform apps usually create them.

use super::AGENT_BOT;
use crate::tokens::secure_token;
use crate::{AppError, Result};
use domain::{validate, ValidationErrors};
use serde_json::json;
use store::access_tokens::OWNER_AGENT_BOT;
use store::agent_bots::{AgentBot, NewAgentBot};
use store::{Db, Exec};

/// The permitted params (`name, description, account_id, outgoing_url`; `avatar` and
/// `avatar_url` are accepted and ignored: Switchboard stores no avatars). `None`: key absent.
#[derive(Debug, Default)]
pub struct BotInput {
    pub name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub outgoing_url: Option<Option<String>>,
    pub account_id: Option<Option<i64>>,
}

/// `Limits::URL_LENGTH_LIMIT`.
const URL_MAX: usize = 2048;
const NAME_MAX: usize = 255;
const DESCRIPTION_MAX: usize = 1024;

/// Applies `input` to `bot`, collecting what upstream's validations (and our column caps) refuse.
async fn assign(e: &impl Exec, bot: &mut AgentBot, input: BotInput) -> Result<()> {
    let mut errors = ValidationErrors::new();
    if let Some(name) = input.name {
        validate::max_length(&mut errors, "name", name.as_deref(), NAME_MAX);
        bot.name = name;
    }
    if let Some(description) = input.description {
        validate::max_length(
            &mut errors,
            "description",
            description.as_deref(),
            DESCRIPTION_MAX,
        );
        bot.description = description;
    }
    if let Some(url) = input.outgoing_url {
        validate::max_length(&mut errors, "outgoing_url", url.as_deref(), URL_MAX);
        bot.outgoing_url = url;
    }
    if let Some(account_id) = input.account_id {
        // Upstream's `belongs_to :account, optional: true` saves any id; the foreign key here
        // needs a real account.
        if let Some(id) = account_id {
            if store::accounts::find(e, id).await?.is_none() {
                errors.add("account", "must exist");
            }
        }
        bot.account_id = account_id;
    }
    Ok(errors.into_result()?)
}

/// `POST /platform/api/v1/agent_bots`: the bot, its access token and the app's grant on it.
pub async fn create(db: &Db, app_id: i64, input: BotInput) -> Result<(AgentBot, String)> {
    let tx = db.begin().await?;
    let now = domain::time::now();
    let mut draft = AgentBot {
        id: 0,
        name: None,
        description: None,
        outgoing_url: None,
        account_id: None,
        bot_type: Some(0),
        bot_config: None,
        secret: None,
        created_at: now,
        updated_at: now,
    };
    assign(&tx, &mut draft, input).await?;
    let new = NewAgentBot {
        name: draft.name,
        description: draft.description,
        outgoing_url: draft.outgoing_url,
        account_id: draft.account_id,
        bot_config: json!({}),
        secret: secure_token(),
    };
    let bot = store::agent_bots::insert(&tx, &new, now).await?;
    let token = secure_token();
    store::access_tokens::insert(&tx, OWNER_AGENT_BOT, bot.id, &token, now).await?;
    store::platform_apps::permit(&tx, app_id, AGENT_BOT, bot.id, now).await?;
    tx.commit().await?;
    Ok((bot, token))
}

pub async fn update(db: &Db, id: i64, input: BotInput) -> Result<AgentBot> {
    let tx = db.begin().await?;
    let mut bot = store::agent_bots::find(&tx, id)
        .await?
        .ok_or(AppError::NotFound)?;
    assign(&tx, &mut bot, input).await?;
    let bot = store::platform_agent_bots::update(&tx, &bot, domain::time::now()).await?;
    tx.commit().await?;
    Ok(bot)
}

/// `destroy!`: the bot, its token and every grant on it (its inbox links cascade).
pub async fn destroy(db: &Db, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    store::access_tokens::delete_for(&tx, OWNER_AGENT_BOT, id).await?;
    store::platform_apps::forget(&tx, AGENT_BOT, id).await?;
    if store::platform_agent_bots::delete(&tx, id).await? == 0 {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}
