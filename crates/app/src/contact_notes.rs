//! Contact notes (upstream `Contacts::NotesController` and `Note`): any member may write them.

use crate::{AppError, Result};
use domain::contact::MAX_TEXT;
use domain::{validate, ValidationErrors};
use store::notes::NoteWithUser;
use store::Db;

fn check(content: &str) -> Result<(), ValidationErrors> {
    let mut errors = ValidationErrors::new();
    validate::presence(&mut errors, "content", Some(content));
    validate::max_length(&mut errors, "content", Some(content), MAX_TEXT);
    errors.into_result()
}

async fn reread(db: &Db, contact_id: i64, id: i64) -> Result<NoteWithUser> {
    store::notes::find(db, contact_id, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn create(
    db: &Db,
    account_id: i64,
    contact_id: i64,
    user_id: i64,
    content: &str,
) -> Result<NoteWithUser> {
    check(content)?;
    let tx = db.begin().await?;
    crate::contacts::find(&tx, account_id, contact_id).await?;
    let note = store::notes::insert(
        &tx,
        account_id,
        contact_id,
        user_id,
        content,
        domain::time::now(),
    )
    .await?;
    tx.commit().await?;
    reread(db, contact_id, note.id).await
}

/// `@note.update(note_params)`: upstream ignores the result, so an invalid change answers 200
/// with the note unchanged. A valid one also makes the caller the note's author.
pub async fn update(
    db: &Db,
    account_id: i64,
    contact_id: i64,
    id: i64,
    user_id: i64,
    content: Option<&str>,
) -> Result<NoteWithUser> {
    let tx = db.begin().await?;
    crate::contacts::find(&tx, account_id, contact_id).await?;
    let note = store::notes::find(&tx, contact_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let content = content.unwrap_or(&note.content);
    if check(content).is_ok() {
        store::notes::update(&tx, id, content, user_id, domain::time::now()).await?;
    }
    tx.commit().await?;
    reread(db, contact_id, id).await
}

pub async fn destroy(db: &Db, account_id: i64, contact_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    crate::contacts::find(&tx, account_id, contact_id).await?;
    store::notes::find(&tx, contact_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::notes::delete(&tx, id).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn list(db: &Db, account_id: i64, contact_id: i64) -> Result<Vec<NoteWithUser>> {
    crate::contacts::find(db, account_id, contact_id).await?;
    Ok(store::notes::list(db, contact_id).await?)
}

pub async fn show(db: &Db, account_id: i64, contact_id: i64, id: i64) -> Result<NoteWithUser> {
    crate::contacts::find(db, account_id, contact_id).await?;
    reread(db, contact_id, id).await
}
