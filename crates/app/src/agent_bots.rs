//! An account's own agent bots (`Api::V1::Accounts::AgentBotsController`): create, update,
//! delete and token reset. System bots (no account) are read-only from an account.

use crate::integrations::json_size_ok;
use crate::tokens::secure_token;
use crate::{AppError, Result};
use domain::enums::BotType;
use domain::webhook_events::URL_LENGTH_LIMIT;
use domain::{http_url, validate, ValidationErrors};
use serde_json::{json, Value};
use store::access_tokens::OWNER_AGENT_BOT;
use store::agent_bots::{AgentBot, AgentBotChanges, NewAgentBot};
use store::{Db, Exec};

/// What a request may set; `None` leaves a field alone (on create: its default).
#[derive(Debug, Default)]
pub struct AgentBotParams {
    pub name: Option<Option<String>>,
    pub description: Option<Option<String>>,
    pub outgoing_url: Option<Option<String>>,
    /// The name (`webhook`) or the integer, as Rails' enum takes it.
    pub bot_type: Option<String>,
    pub bot_config: Option<Value>,
}

/// A bot and its `api_access_token`.
pub struct BotWithToken {
    pub bot: AgentBot,
    pub access_token: Option<String>,
}

/// Upstream validates only the URL's length; Switchboard also wants an http(s) URL, since
/// conversations are posted to it. Names and descriptions are capped so input stays sane.
fn validate(p: &AgentBotParams) -> Result<AgentBotChanges, ValidationErrors> {
    let mut errors = ValidationErrors::new();
    let blank_to_none = |v: &Option<Option<String>>| {
        v.clone()
            .map(|inner| inner.filter(|s| !s.trim().is_empty()))
    };
    let name = p.name.clone();
    let description = p.description.clone();
    let outgoing_url = blank_to_none(&p.outgoing_url);
    validate::max_length(&mut errors, "name", name.clone().flatten().as_deref(), 255);
    validate::max_length(
        &mut errors,
        "description",
        description.clone().flatten().as_deref(),
        2000,
    );
    if let Some(Some(url)) = &outgoing_url {
        if url.chars().count() > URL_LENGTH_LIMIT {
            validate::max_length(&mut errors, "outgoing_url", Some(url), URL_LENGTH_LIMIT);
        } else if !http_url::is_http_url(url) {
            errors.add("outgoing_url", "is invalid");
        }
    }
    let bot_type = match p.bot_type.as_deref() {
        None => None,
        Some(t) => match BotType::parse(t.trim()) {
            Some(t) => Some(t.as_i32()),
            None => {
                errors.add("bot_type", "is not included in the list");
                None
            }
        },
    };
    let bot_config = match &p.bot_config {
        None => None,
        Some(Value::Null) => Some(json!({})),
        Some(v @ Value::Object(_)) if json_size_ok(v) => Some(v.clone()),
        Some(Value::Object(_)) => {
            errors.add("bot_config", "is too large");
            None
        }
        Some(_) => {
            errors.add("bot_config", "must be an object");
            None
        }
    };
    errors.into_result()?;
    Ok(AgentBotChanges {
        name,
        description,
        outgoing_url,
        bot_type,
        bot_config,
    })
}

/// `Current.account.agent_bots.create!`: the bot, its access token and its signing secret.
pub async fn create(db: &Db, account_id: i64, p: AgentBotParams) -> Result<BotWithToken> {
    let c = validate(&p)?;
    let tx = db.begin().await?;
    let now = domain::time::now();
    let new = NewAgentBot {
        name: c.name.clone().flatten(),
        description: c.description.clone().flatten(),
        outgoing_url: c.outgoing_url.clone().flatten(),
        account_id: Some(account_id),
        bot_config: c.bot_config.clone().unwrap_or_else(|| json!({})),
        secret: secure_token(),
    };
    // `webhook` (0) is the only bot type, and the one insert writes; a valid `bot_type` is it.
    let bot = store::agent_bots::insert(&tx, &new, now).await?;
    let token = secure_token();
    store::access_tokens::insert(&tx, OWNER_AGENT_BOT, bot.id, &token, now).await?;
    tx.commit().await?;
    Ok(BotWithToken {
        bot,
        access_token: Some(token),
    })
}

async fn own_bot(e: &impl Exec, account_id: i64, id: i64) -> Result<AgentBot> {
    store::agent_bots::find_in_account(e, account_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn update(db: &Db, account_id: i64, id: i64, p: AgentBotParams) -> Result<BotWithToken> {
    let tx = db.begin().await?;
    own_bot(&tx, account_id, id).await?;
    let changes = validate(&p)?;
    let bot = store::agent_bots::update(&tx, id, &changes, domain::time::now()).await?;
    let access_token = store::access_tokens::token_for(&tx, OWNER_AGENT_BOT, id).await?;
    tx.commit().await?;
    Ok(BotWithToken { bot, access_token })
}

/// `destroy!`: the bot, its token and its inbox connections.
pub async fn destroy(db: &Db, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    own_bot(&tx, account_id, id).await?;
    store::access_tokens::delete_for(&tx, OWNER_AGENT_BOT, id).await?;
    store::agent_bots::delete(&tx, id).await?;
    tx.commit().await?;
    Ok(())
}

/// `access_token.regenerate_token`; a bot without a token (imported data) gets one.
pub async fn reset_access_token(db: &Db, account_id: i64, id: i64) -> Result<BotWithToken> {
    let tx = db.begin().await?;
    let bot = own_bot(&tx, account_id, id).await?;
    let token = secure_token();
    let now = domain::time::now();
    if store::access_tokens::replace(&tx, OWNER_AGENT_BOT, id, &token, now).await? == 0 {
        store::access_tokens::insert(&tx, OWNER_AGENT_BOT, id, &token, now).await?;
    }
    tx.commit().await?;
    Ok(BotWithToken {
        bot,
        access_token: Some(token),
    })
}

/// One of the account's own bots with its token (`avatar` shows it).
pub async fn find_own(db: &Db, account_id: i64, id: i64) -> Result<BotWithToken> {
    let bot = own_bot(db, account_id, id).await?;
    with_token(db, account_id, bot).await
}

/// The bot as the account sees it (`AgentBot.accessible_to`), with its token when the account
/// owns it (`AgentBotPresenter#access_token`).
pub async fn show(db: &Db, account_id: i64, id: i64) -> Result<BotWithToken> {
    let bot = store::agent_bots::find_accessible(db, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    with_token(db, account_id, bot).await
}

pub async fn list(db: &Db, account_id: i64) -> Result<Vec<BotWithToken>> {
    let mut out = Vec::new();
    for bot in store::agent_bots::list_accessible(db, account_id).await? {
        out.push(with_token(db, account_id, bot).await?);
    }
    Ok(out)
}

async fn with_token(db: &Db, account_id: i64, bot: AgentBot) -> Result<BotWithToken> {
    let access_token = if bot.account_id == Some(account_id) {
        store::access_tokens::token_for(db, OWNER_AGENT_BOT, bot.id).await?
    } else {
        None
    };
    Ok(BotWithToken { bot, access_token })
}
