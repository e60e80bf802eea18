//! `Conversations::LabelsController` and `Conversations::ParticipantsController`.

use super::{find, Viewer, TAGGABLE};
use crate::{AppError, Result};
use domain::ValidationErrors;
use store::Db;

pub async fn labels(
    db: &Db,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
) -> Result<Vec<String>> {
    let c = find(db, account_id, display_id, viewer).await?;
    Ok(store::taggings::labels_of(db, TAGGABLE, c.id).await?)
}

/// `update_labels`: the labels become `items`; `cached_label_list` follows, as the gem's
/// caching column does on save.
pub async fn set_labels(
    app: &crate::App,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    items: &[String],
) -> Result<Vec<String>> {
    let labels = crate::contacts::parse_labels(items);
    let mut errors = ValidationErrors::new();
    for l in &labels {
        domain::validate::max_length(&mut errors, "labels", Some(l), 255);
    }
    errors.into_result()?;
    let tx = app.db.begin().await?;
    let mut c = find(&tx, account_id, display_id, viewer).await?;
    let old = c.clone();
    let now = domain::time::now();
    let before = store::taggings::labels_of(&tx, TAGGABLE, c.id).await?;
    store::taggings::set_labels(&tx, TAGGABLE, c.id, &labels, now).await?;
    // `label_list` after the save is the parsed list; the cache column holds it joined.
    c.cached_label_list = Some(labels.join(", "));
    c.updated_at = now;
    let c = store::conversations::save(&tx, &c).await?;
    let activity = super::activity::labels_changed(&tx, viewer, &c, &before, &labels).await?;
    // An unchanged list saves nothing upstream (no `label_list` change, no event).
    let mut events = Vec::new();
    if before != labels {
        events = super::events::events(Some(viewer), &old, &c, Some((&before, &labels)));
    }
    events.extend(super::events::messages_created(&c, Some(viewer), &activity));
    crate::events::commit(app, tx, events).await?;
    Ok(labels)
}

pub enum ParticipantChange {
    Add,
    Replace,
    Remove,
}

/// The participants (users with their membership), in joining order.
pub async fn participants(
    e: &impl store::Exec,
    account_id: i64,
    conversation_id: i64,
) -> Result<Vec<(store::users::User, store::account_users::AccountUser)>> {
    let ids = store::conversation_participants::user_ids(e, conversation_id).await?;
    let users = store::users::list_by_ids(e, &ids).await?;
    let members = store::account_users::list_for_account(e, account_id).await?;
    Ok(ids
        .iter()
        .filter_map(|id| {
            let u = users.iter().find(|u| u.id == *id)?;
            let au = members.iter().find(|m| m.user_id == *id)?;
            Some((u.clone(), au.clone()))
        })
        .collect())
}

pub async fn list_participants(
    db: &Db,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
) -> Result<Vec<(store::users::User, store::account_users::AccountUser)>> {
    let c = find(db, account_id, display_id, viewer).await?;
    participants(db, account_id, c.id).await
}

/// `create` adds, `update` replaces the set, `destroy` removes; every user id must be an
/// agent of the account (upstream's `account.users.find` would 404; the same here).
pub async fn change_participants(
    db: &Db,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
    user_ids: &[i64],
    how: ParticipantChange,
) -> Result<Vec<(store::users::User, store::account_users::AccountUser)>> {
    let tx = db.begin().await?;
    let c = find(&tx, account_id, display_id, viewer).await?;
    for id in user_ids {
        if store::account_users::find(&tx, account_id, *id)
            .await?
            .is_none()
        {
            return Err(AppError::NotFound);
        }
    }
    let now = domain::time::now();
    let current = store::conversation_participants::user_ids(&tx, c.id).await?;
    match &how {
        ParticipantChange::Add => {
            for id in user_ids {
                store::conversation_participants::insert(&tx, account_id, c.id, *id, now).await?;
            }
        }
        ParticipantChange::Replace => {
            for id in current.iter().filter(|id| !user_ids.contains(id)) {
                store::conversation_participants::delete(&tx, c.id, *id).await?;
            }
            for id in user_ids {
                store::conversation_participants::insert(&tx, account_id, c.id, *id, now).await?;
            }
        }
        ParticipantChange::Remove => {
            for id in user_ids {
                store::conversation_participants::delete(&tx, c.id, *id).await?;
            }
        }
    }
    let mut out = participants(&tx, account_id, c.id).await?;
    if let ParticipantChange::Add = how {
        // `create` answers the participants it added.
        out.retain(|(u, _)| user_ids.contains(&u.id) && !current.contains(&u.id));
    }
    tx.commit().await?;
    Ok(out)
}
