//! Who is calling: the `api_access_token` owners and devise_token_auth sessions.
//!
//! Sessions differ from devise_token_auth in one deliberate way: the stored token is its SHA-256,
//! not a bcrypt hash. The token is 128 random bits, so a slow hash adds nothing but ~50 ms of CPU
//! to every request; the comparison stays constant-time.

use crate::tokens::{constant_time_eq, sha256_hex, urlsafe};
use crate::{AppError, Result};
use chrono::{Duration, Utc};
use serde_json::{json, Map, Value};
use store::access_tokens::{self, OWNER_AGENT_BOT, OWNER_PLATFORM_APP, OWNER_USER};
use store::agent_bots::AgentBot;
use store::platform_apps::PlatformApp;
use store::users::User;
use store::{Db, Exec, Json};

/// devise_token_auth: `token_lifespan` 2 months, `max_number_of_devices` 25.
const SESSION_DAYS: i64 = 60;
const MAX_SESSIONS: usize = 25;

/// The owner of an `api_access_token`.
#[derive(Debug, Clone)]
pub enum TokenOwner {
    User(Box<User>),
    AgentBot(Box<AgentBot>),
    PlatformApp(PlatformApp),
}

/// Resolves an `api_access_token`; `None` when no such token or its owner is gone.
pub async fn token_owner(db: &Db, token: &str) -> Result<Option<TokenOwner>> {
    // Users are by far the most frequent callers: one joined query settles them.
    if let Some(user) = store::users::find_by_access_token(db, token).await? {
        return Ok(Some(TokenOwner::User(Box::new(user))));
    }
    let Some(row) = access_tokens::find_by_token(db, token).await? else {
        return Ok(None);
    };
    let Some(owner_id) = row.owner_id else {
        return Ok(None);
    };
    Ok(match row.owner_type.as_deref() {
        Some(OWNER_USER) => store::users::find(db, owner_id)
            .await?
            .map(|u| TokenOwner::User(Box::new(u))),
        Some(OWNER_AGENT_BOT) => store::agent_bots::find(db, owner_id)
            .await?
            .map(|b| TokenOwner::AgentBot(Box::new(b))),
        Some(OWNER_PLATFORM_APP) => store::platform_apps::find(db, owner_id)
            .await?
            .map(TokenOwner::PlatformApp),
        _ => None,
    })
}

pub async fn hash_password(password: &str, cost: u32) -> Result<String> {
    let password = password.to_string();
    tokio::task::spawn_blocking(move || bcrypt::hash(password, cost))
        .await
        .map_err(|e| AppError::Unprocessable(e.to_string()))?
        .map_err(|e| AppError::Unprocessable(e.to_string()))
}

/// Checks a password against a Devise (bcrypt) hash, off the async threads.
pub async fn verify_password(password: &str, hash: &str) -> bool {
    if hash.is_empty() {
        return false;
    }
    let (password, hash) = (password.to_string(), hash.to_string());
    tokio::task::spawn_blocking(move || bcrypt::verify(password, &hash).unwrap_or(false))
        .await
        .unwrap_or(false)
}

/// The headers a signed-in client sends back on each request.
#[derive(Debug, Clone)]
pub struct Session {
    pub access_token: String,
    pub client: String,
    pub uid: String,
    pub expiry: i64,
}

/// Adds a devise_token_auth session to `user.tokens` (dropping the oldest past 25) and saves it.
pub async fn create_session(e: &impl Exec, user: &mut User) -> Result<Session> {
    let token = urlsafe(16);
    let client = urlsafe(16);
    let expiry = (Utc::now() + Duration::days(SESSION_DAYS)).timestamp();
    let mut tokens = session_map(user);
    tokens.insert(
        client.clone(),
        json!({ "token": sha256_hex(&token), "expiry": expiry }),
    );
    while tokens.len() > MAX_SESSIONS {
        let oldest = tokens
            .iter()
            .min_by_key(|(_, v)| v.get("expiry").and_then(Value::as_i64).unwrap_or(0))
            .map(|(k, _)| k.clone());
        match oldest {
            Some(k) => tokens.remove(&k),
            None => break,
        };
    }
    user.tokens = Some(Json(Value::Object(tokens)));
    *user = store::users::update(e, user, domain::time::now()).await?;
    Ok(Session {
        access_token: token,
        client,
        uid: user.uid.clone(),
        expiry,
    })
}

/// The user whose session matches the devise headers, if it has not expired.
pub async fn session_user(db: &Db, uid: &str, client: &str, token: &str) -> Result<Option<User>> {
    let Some(user) = store::users::find_by_uid(db, uid).await? else {
        return Ok(None);
    };
    let tokens = session_map(&user);
    let Some(entry) = tokens.get(client) else {
        return Ok(None);
    };
    let stored = entry
        .get("token")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let expiry = entry.get("expiry").and_then(Value::as_i64).unwrap_or(0);
    if expiry < Utc::now().timestamp() || !constant_time_eq(stored, &sha256_hex(token)) {
        return Ok(None);
    }
    Ok(Some(user))
}

/// Removes one session (`DELETE /auth/sign_out`); false when there was none.
pub async fn destroy_session(db: &Db, user: &User, client: &str) -> Result<bool> {
    let tx = db.begin().await?;
    let Some(mut fresh) = store::users::find(&tx, user.id).await? else {
        return Ok(false);
    };
    let mut tokens = session_map(&fresh);
    let removed = tokens.remove(client).is_some();
    fresh.tokens = Some(Json(Value::Object(tokens)));
    store::users::update(&tx, &fresh, domain::time::now()).await?;
    tx.commit().await?;
    Ok(removed)
}

fn session_map(user: &User) -> Map<String, Value> {
    match user.tokens.as_ref().map(|j| &j.0) {
        Some(Value::Object(m)) => m.clone(),
        _ => Map::new(),
    }
}
