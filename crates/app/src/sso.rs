//! One-time sign-in links (upstream `SsoAuthenticatable`): the Platform API's `users/:id/login`
//! issues a token; `POST /auth/sign_in` with `email` + `sso_auth_token` accepts it once.

use crate::tokens::{secure_token, sha256_hex};
use crate::Result;
use chrono::Duration;
use store::Exec;

/// Upstream keeps the token for 5 minutes.
const TTL_MINUTES: i64 = 5;

pub async fn issue(e: &impl Exec, user_id: i64) -> Result<String> {
    let token = secure_token();
    let now = domain::time::now();
    store::users::insert_sso_token(
        e,
        user_id,
        &sha256_hex(&token),
        now + Duration::minutes(TTL_MINUTES),
        now,
    )
    .await?;
    Ok(token)
}

/// True (once) when `token` is a live sign-in token of the user.
pub async fn consume(e: &impl Exec, user_id: i64, token: &str) -> Result<bool> {
    Ok(store::users::take_sso_token(e, user_id, &sha256_hex(token), domain::time::now()).await?)
}
