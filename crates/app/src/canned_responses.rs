//! Canned responses (`CannedResponse` model). Any member may write them: upstream has no policy.

use crate::{AppError, Result};
use domain::{validate, ValidationErrors};
use store::canned_responses::CannedResponse;
use store::{Db, Exec};

const SHORT_CODE_MAX: usize = 255;
const CONTENT_MAX: usize = 100_000;

/// The permitted params; `None` leaves a field as it is.
#[derive(Debug, Default)]
pub struct CannedResponseChanges {
    pub short_code: Option<String>,
    pub content: Option<String>,
}

/// CannedResponse's validations in declaration order: content, short_code, then short_code's
/// uniqueness per account.
async fn validate(e: &impl Exec, cr: &CannedResponse) -> Result<()> {
    let mut errors = ValidationErrors::new();
    validate::presence(&mut errors, "content", cr.content.as_deref());
    validate::presence(&mut errors, "short_code", cr.short_code.as_deref());
    validate::max_length(&mut errors, "content", cr.content.as_deref(), CONTENT_MAX);
    validate::max_length(
        &mut errors,
        "short_code",
        cr.short_code.as_deref(),
        SHORT_CODE_MAX,
    );
    if let Some(code) = cr.short_code.as_deref().filter(|c| !c.trim().is_empty()) {
        if store::canned_responses::short_code_taken(e, cr.account_id, code, Some(cr.id)).await? {
            errors.add("short_code", "has already been taken");
        }
    }
    Ok(errors.into_result()?)
}

fn apply(cr: &mut CannedResponse, c: CannedResponseChanges) {
    if let Some(code) = c.short_code {
        cr.short_code = Some(code);
    }
    if let Some(content) = c.content {
        cr.content = Some(content);
    }
}

pub async fn create(db: &Db, account_id: i64, c: CannedResponseChanges) -> Result<CannedResponse> {
    let now = domain::time::now();
    let mut cr = CannedResponse {
        id: 0,
        account_id,
        short_code: None,
        content: None,
        created_at: now,
        updated_at: now,
    };
    apply(&mut cr, c);
    let tx = db.begin().await?;
    validate(&tx, &cr).await?;
    let cr = store::canned_responses::insert(
        &tx,
        account_id,
        cr.short_code.as_deref().unwrap_or_default(),
        cr.content.as_deref().unwrap_or_default(),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(cr)
}

pub async fn update(
    db: &Db,
    account_id: i64,
    id: i64,
    c: CannedResponseChanges,
) -> Result<CannedResponse> {
    let tx = db.begin().await?;
    let mut cr = store::canned_responses::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    apply(&mut cr, c);
    validate(&tx, &cr).await?;
    let cr = store::canned_responses::update(&tx, &cr, domain::time::now()).await?;
    tx.commit().await?;
    Ok(cr)
}

pub async fn destroy(db: &Db, account_id: i64, id: i64) -> Result<()> {
    let tx = db.begin().await?;
    let cr = store::canned_responses::find(&tx, account_id, id)
        .await?
        .ok_or(AppError::NotFound)?;
    store::canned_responses::delete(&tx, cr.id).await?;
    tx.commit().await?;
    Ok(())
}
