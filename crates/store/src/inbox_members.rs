//! `inbox_members`: which agents work an inbox. Also the agent listings the inbox endpoints
//! answer with (a user plus their membership in the account, as the agent JSON needs).

use crate::users::{prefixed, User};
use crate::{Exec, Result, Sql};
use chrono::NaiveDateTime;

/// A user of the account with their `account_users` role and availability.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AccountAgent {
    #[sqlx(flatten)]
    pub user: User,
    pub member_role: i32,
    pub member_availability: i32,
    pub member_auto_offline: bool,
}

/// User ids of the inbox's members, in the order they were added.
pub async fn user_ids(e: &impl Exec, inbox_id: i64) -> Result<Vec<i64>> {
    let rows: Vec<(i64,)> = e
        .fetch_all(
            Sql::new("SELECT user_id FROM inbox_members WHERE inbox_id = $1 ORDER BY id")
                .bind(inbox_id),
        )
        .await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The ids of the account's inboxes the user is a member of (an agent's list), ascending.
pub async fn inbox_ids_in_account(
    e: &impl Exec,
    user_id: i64,
    account_id: i64,
) -> Result<Vec<i64>> {
    let q = Sql::new(
        "SELECT im.inbox_id FROM inbox_members im JOIN inboxes i ON i.id = im.inbox_id \
         WHERE im.user_id = $1 AND i.account_id = $2 ORDER BY im.inbox_id",
    )
    .bind(user_id)
    .bind(account_id);
    let rows: Vec<(i64,)> = e.fetch_all(q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

pub async fn is_member(e: &impl Exec, inbox_id: i64, user_id: i64) -> Result<bool> {
    let q = Sql::new("SELECT COUNT(*) FROM inbox_members WHERE inbox_id = $1 AND user_id = $2")
        .bind(inbox_id)
        .bind(user_id);
    Ok(e.scalar::<i64>(q).await? > 0)
}

/// Adds the user to the inbox; returns the new row's id.
pub async fn insert(e: &impl Exec, inbox_id: i64, user_id: i64, now: NaiveDateTime) -> Result<i64> {
    let q = Sql::new(
        "INSERT INTO inbox_members (inbox_id, user_id, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
    )
    .bind(inbox_id)
    .bind(user_id)
    .bind(now);
    e.scalar(q).await
}

/// `(id, user_id)` of the inbox's rows for these users.
pub async fn rows_for_users(
    e: &impl Exec,
    inbox_id: i64,
    user_ids: &[i64],
) -> Result<Vec<(i64, i64)>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q =
        Sql::new("SELECT id, user_id FROM inbox_members WHERE inbox_id = $1 AND user_id IN (")
            .bind(inbox_id);
    let list = q.arg_list(user_ids);
    q.push(&list);
    q.push(") ORDER BY id");
    e.fetch_all(q).await
}

/// Removes these users from the inbox; ids that are not members are ignored.
pub async fn delete_users(e: &impl Exec, inbox_id: i64, user_ids: &[i64]) -> Result<u64> {
    if user_ids.is_empty() {
        return Ok(0);
    }
    let mut q =
        Sql::new("DELETE FROM inbox_members WHERE inbox_id = $1 AND user_id IN (").bind(inbox_id);
    let list = q.arg_list(user_ids);
    q.push(&list);
    q.push(")");
    e.execute(q).await
}

pub async fn delete_for_inbox(e: &impl Exec, inbox_id: i64) -> Result<u64> {
    e.execute(Sql::new("DELETE FROM inbox_members WHERE inbox_id = $1").bind(inbox_id))
        .await
}

/// Which of `user_ids` belong to the account.
pub async fn account_user_ids(
    e: &impl Exec,
    account_id: i64,
    user_ids: &[i64],
) -> Result<Vec<i64>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q =
        Sql::new("SELECT user_id FROM account_users WHERE account_id = $1 AND user_id IN (")
            .bind(account_id);
    let list = q.arg_list(user_ids);
    q.push(&list);
    q.push(")");
    let rows: Vec<(i64,)> = e.fetch_all(q).await?;
    Ok(rows.into_iter().map(|r| r.0).collect())
}

/// The account's users who are members of the inbox, and with `with_admins` the account's
/// administrators too (`Inbox#assignable_agents`); members first, then by id.
pub async fn agents(
    e: &impl Exec,
    account_id: i64,
    inbox_id: i64,
    with_admins: bool,
) -> Result<Vec<AccountAgent>> {
    let q = Sql::new(format!(
        "SELECT {}, COALESCE(au.role, 0) AS member_role, au.availability AS member_availability, \
         au.auto_offline AS member_auto_offline \
         FROM users u JOIN account_users au ON au.user_id = u.id AND au.account_id = $1 \
         WHERE EXISTS (SELECT 1 FROM inbox_members m WHERE m.inbox_id = $2 AND m.user_id = u.id) \
         OR ($3 AND au.role = 1) \
         ORDER BY CASE WHEN EXISTS (SELECT 1 FROM inbox_members m WHERE m.inbox_id = $2 AND m.user_id = u.id) \
         THEN 0 ELSE 1 END, u.id",
        prefixed("u")
    ))
    .bind(account_id)
    .bind(inbox_id)
    .bind(with_admins);
    e.fetch_all(q).await
}
