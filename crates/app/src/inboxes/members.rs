//! Inbox members (`Api::V1::Accounts::InboxMembersController`, `Inbox#add_members`,
//! `#remove_members`). Every change bumps the dashboard's inbox cache key, as upstream's
//! `update_account_cache` does.

use crate::{AppError, Result};
use domain::ValidationErrors;
use store::inboxes::Inbox;
use store::{Db, Exec, Tx};

/// A `user_ids[]` entry: an id, or something that is not one (`"invalid"`).
pub type UserRef = Option<i64>;

async fn inbox(e: &impl Exec, account_id: i64, inbox_id: i64) -> Result<Inbox> {
    store::inboxes::find(e, account_id, inbox_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// The distinct ids, each a user of the account; otherwise upstream's `belongs_to :user`
/// failure, "User must exist" (upstream only checks that the user exists at all).
async fn account_users(tx: &Tx, account_id: i64, refs: &[UserRef]) -> Result<Vec<i64>> {
    let mut ids: Vec<i64> = Vec::new();
    for r in refs {
        match r {
            Some(id) if !ids.contains(id) => ids.push(*id),
            Some(_) => {}
            None => return Err(ValidationErrors::single("user", "must exist").into()),
        }
    }
    let known = store::inbox_members::account_user_ids(tx, account_id, &ids).await?;
    if ids.iter().any(|id| !known.contains(id)) {
        return Err(ValidationErrors::single("user", "must exist").into());
    }
    Ok(ids)
}

async fn add(tx: &Tx, inbox_id: i64, current: &[i64], ids: &[i64]) -> Result<()> {
    let now = domain::time::now();
    for id in ids.iter().filter(|id| !current.contains(id)) {
        store::inbox_members::insert(tx, inbox_id, *id, now).await?;
    }
    Ok(())
}

/// `POST /inbox_members`: adds the users who are not members yet.
pub async fn add_members(db: &Db, account_id: i64, inbox_id: i64, refs: &[UserRef]) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = inbox(&tx, account_id, inbox_id).await?;
    let ids = account_users(&tx, account_id, refs).await?;
    let current = store::inbox_members::user_ids(&tx, inbox.id).await?;
    add(&tx, inbox.id, &current, &ids).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}

/// `PATCH /inbox_members`: the members become exactly these users.
pub async fn replace_members(
    db: &Db,
    account_id: i64,
    inbox_id: i64,
    refs: &[UserRef],
) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = inbox(&tx, account_id, inbox_id).await?;
    let ids = account_users(&tx, account_id, refs).await?;
    let current = store::inbox_members::user_ids(&tx, inbox.id).await?;
    add(&tx, inbox.id, &current, &ids).await?;
    let gone: Vec<i64> = current.into_iter().filter(|id| !ids.contains(id)).collect();
    store::inbox_members::delete_users(&tx, inbox.id, &gone).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}

/// `DELETE /inbox_members`: removes these users; ids that are not members are ignored.
pub async fn remove_members(
    db: &Db,
    account_id: i64,
    inbox_id: i64,
    refs: &[UserRef],
) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = inbox(&tx, account_id, inbox_id).await?;
    let ids: Vec<i64> = refs.iter().flatten().copied().collect();
    store::inbox_members::delete_users(&tx, inbox.id, &ids).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}
