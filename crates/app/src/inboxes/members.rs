//! Inbox members (`Api::V1::Accounts::InboxMembersController`, `Inbox#add_members`,
//! `#remove_members`). Every change bumps the dashboard's inbox cache key, as upstream's
//! `update_account_cache` does, and each added or removed member is audited as Enterprise's
//! `Audit::InboxMember` does.

use crate::audit::{self, Action, Actor};
use crate::{AppError, Result};
use domain::ValidationErrors;
use serde_json::json;
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

/// The audit entry of one membership row (its attributes but the timestamps).
async fn record(
    tx: &Tx,
    actor: &Actor,
    inbox: &Inbox,
    row_id: i64,
    user_id: i64,
    action: Action,
) -> Result<()> {
    let changes = json!({"id": row_id, "user_id": user_id, "inbox_id": inbox.id});
    audit::record(
        tx,
        actor,
        inbox.account_id,
        "InboxMember",
        row_id,
        action,
        changes,
    )
    .await
}

async fn add(tx: &Tx, actor: &Actor, inbox: &Inbox, current: &[i64], ids: &[i64]) -> Result<()> {
    let now = domain::time::now();
    for id in ids.iter().filter(|id| !current.contains(id)) {
        let row = store::inbox_members::insert(tx, inbox.id, *id, now).await?;
        record(tx, actor, inbox, row, *id, Action::Create).await?;
    }
    Ok(())
}

async fn remove(tx: &Tx, actor: &Actor, inbox: &Inbox, ids: &[i64]) -> Result<()> {
    for (row, user_id) in store::inbox_members::rows_for_users(tx, inbox.id, ids).await? {
        record(tx, actor, inbox, row, user_id, Action::Destroy).await?;
    }
    store::inbox_members::delete_users(tx, inbox.id, ids).await?;
    Ok(())
}

/// `POST /inbox_members`: adds the users who are not members yet.
pub async fn add_members(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    inbox_id: i64,
    refs: &[UserRef],
) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = inbox(&tx, account_id, inbox_id).await?;
    let ids = account_users(&tx, account_id, refs).await?;
    let current = store::inbox_members::user_ids(&tx, inbox.id).await?;
    add(&tx, actor, &inbox, &current, &ids).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}

/// `PATCH /inbox_members`: the members become exactly these users.
pub async fn replace_members(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    inbox_id: i64,
    refs: &[UserRef],
) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = inbox(&tx, account_id, inbox_id).await?;
    let ids = account_users(&tx, account_id, refs).await?;
    let current = store::inbox_members::user_ids(&tx, inbox.id).await?;
    add(&tx, actor, &inbox, &current, &ids).await?;
    let gone: Vec<i64> = current.into_iter().filter(|id| !ids.contains(id)).collect();
    remove(&tx, actor, &inbox, &gone).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}

/// `DELETE /inbox_members`: removes these users; ids that are not members are ignored.
pub async fn remove_members(
    db: &Db,
    actor: &Actor,
    account_id: i64,
    inbox_id: i64,
    refs: &[UserRef],
) -> Result<()> {
    let tx = db.begin().await?;
    let inbox = inbox(&tx, account_id, inbox_id).await?;
    let ids: Vec<i64> = refs.iter().flatten().copied().collect();
    remove(&tx, actor, &inbox, &ids).await?;
    crate::cache_keys::touch(&tx, account_id, "inbox").await?;
    tx.commit().await?;
    Ok(())
}
