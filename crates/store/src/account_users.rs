//! `account_users`: a user's membership, role and availability in an account.

use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountUser {
    pub id: i64,
    pub account_id: i64,
    pub user_id: i64,
    pub role: i32,
    pub inviter_id: Option<i64>,
    pub active_at: Option<NaiveDateTime>,
    pub availability: i32,
    pub auto_offline: bool,
    pub created_at: NaiveDateTime,
    pub updated_at: NaiveDateTime,
}

/// A membership joined with its account's name, status and locale (the user JSON lists these).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Membership {
    pub account_id: i64,
    pub role: i32,
    pub active_at: Option<NaiveDateTime>,
    pub availability: i32,
    pub auto_offline: bool,
    pub inviter_id: Option<i64>,
    pub account_name: String,
    pub account_status: Option<i32>,
    pub account_locale: Option<i32>,
}

#[derive(Debug, Clone)]
pub struct NewAccountUser {
    pub account_id: i64,
    pub user_id: i64,
    pub role: i32,
    pub inviter_id: Option<i64>,
}

const COLUMNS: &str =
    "id, account_id, user_id, COALESCE(role, 0) AS role, inviter_id, active_at, availability, \
                       auto_offline, created_at, updated_at";

pub async fn insert(
    e: &impl Exec,
    new: &NewAccountUser,
    now: NaiveDateTime,
) -> Result<AccountUser> {
    let q = Sql::new(format!(
        "INSERT INTO account_users (account_id, user_id, role, inviter_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING {COLUMNS}"
    ))
    .bind(new.account_id)
    .bind(new.user_id)
    .bind(new.role)
    .bind(new.inviter_id)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn find(e: &impl Exec, account_id: i64, user_id: i64) -> Result<Option<AccountUser>> {
    let q = Sql::new(format!(
        "SELECT {COLUMNS} FROM account_users WHERE account_id = $1 AND user_id = $2"
    ))
    .bind(account_id)
    .bind(user_id);
    e.fetch_optional(q).await
}

pub async fn update(e: &impl Exec, au: &AccountUser, now: NaiveDateTime) -> Result<AccountUser> {
    let q = Sql::new(format!(
        "UPDATE account_users SET role = $2, active_at = $3, availability = $4, auto_offline = $5, updated_at = $6 \
         WHERE id = $1 RETURNING {COLUMNS}"
    ))
    .bind(au.id)
    .bind(au.role)
    .bind(au.active_at)
    .bind(au.availability)
    .bind(au.auto_offline)
    .bind(now);
    e.fetch_one(q).await
}

pub async fn delete(e: &impl Exec, account_id: i64, user_id: i64) -> Result<u64> {
    e.execute(
        Sql::new("DELETE FROM account_users WHERE account_id = $1 AND user_id = $2")
            .bind(account_id)
            .bind(user_id),
    )
    .await
}

/// Every membership of a user, oldest first, with the account fields views need.
pub async fn memberships(e: &impl Exec, user_id: i64) -> Result<Vec<Membership>> {
    let q = Sql::new(
        "SELECT au.account_id, COALESCE(au.role, 0) AS role, au.active_at, au.availability, au.auto_offline, \
         au.inviter_id, a.name AS account_name, a.status AS account_status, a.locale AS account_locale \
         FROM account_users au JOIN accounts a ON a.id = au.account_id WHERE au.user_id = $1 ORDER BY au.id",
    )
    .bind(user_id);
    e.fetch_all(q).await
}

/// Members of an account, in insertion order.
pub async fn list_for_account(e: &impl Exec, account_id: i64) -> Result<Vec<AccountUser>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {COLUMNS} FROM account_users WHERE account_id = $1 ORDER BY id"
        ))
        .bind(account_id),
    )
    .await
}

pub async fn count_for_account(e: &impl Exec, account_id: i64) -> Result<i64> {
    e.scalar(Sql::new("SELECT COUNT(*) FROM account_users WHERE account_id = $1").bind(account_id))
        .await
}

/// Every column of a membership, for views that render the raw record (the Platform API's
/// `render json: account_users`), including the enterprise columns the other views omit.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountUserRecord {
    #[sqlx(flatten)]
    pub account_user: AccountUser,
    pub custom_role_id: Option<i64>,
    pub agent_capacity_policy_id: Option<i64>,
}

const RECORD_COLUMNS: &str =
    "id, account_id, user_id, COALESCE(role, 0) AS role, inviter_id, active_at, availability, \
     auto_offline, created_at, updated_at, custom_role_id, agent_capacity_policy_id";

/// Members of an account as full records, in insertion order.
pub async fn list_records_for_account(
    e: &impl Exec,
    account_id: i64,
) -> Result<Vec<AccountUserRecord>> {
    e.fetch_all(
        Sql::new(format!(
            "SELECT {RECORD_COLUMNS} FROM account_users WHERE account_id = $1 ORDER BY id"
        ))
        .bind(account_id),
    )
    .await
}

pub async fn find_record(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
) -> Result<Option<AccountUserRecord>> {
    let q = Sql::new(format!(
        "SELECT {RECORD_COLUMNS} FROM account_users WHERE account_id = $1 AND user_id = $2"
    ))
    .bind(account_id)
    .bind(user_id);
    e.fetch_optional(q).await
}

/// Ids of the account's users (`account.user_ids`).
pub async fn user_ids(e: &impl Exec, account_id: i64) -> Result<Vec<i64>> {
    let q = Sql::new("SELECT user_id FROM account_users WHERE account_id = $1 ORDER BY id")
        .bind(account_id);
    Ok(e.fetch_all::<(Option<i64>,)>(q)
        .await?
        .into_iter()
        .filter_map(|r| r.0)
        .collect())
}

/// Removes the user from the account's inboxes (part of `Agents::DestroyJob`, which runs when a
/// membership ends); answers the removed rows as (id, inbox_id), for the audit trail.
pub async fn delete_inbox_memberships(
    e: &impl Exec,
    account_id: i64,
    user_id: i64,
) -> Result<Vec<(i64, i64)>> {
    let q = Sql::new(
        "DELETE FROM inbox_members WHERE user_id = $1 AND inbox_id IN (SELECT id FROM inboxes WHERE account_id = $2) \
         RETURNING id, inbox_id",
    )
    .bind(user_id)
    .bind(account_id);
    e.fetch_all(q).await
}
