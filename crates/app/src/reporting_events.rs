//! Reading reporting events: a conversation's (`ConversationsController#reporting_events`,
//! whoever may see the conversation) and the account's (`ReportingEventsController#index`,
//! administrators, 25 a page).

use crate::conversations::{find, Viewer};
use crate::Result;
use store::reporting_events::{self as events, AccountFilter, ReportingEvent};
use store::Db;

pub const PER_PAGE: i64 = 25;

pub async fn for_conversation(
    db: &Db,
    account_id: i64,
    display_id: i64,
    viewer: Viewer,
) -> Result<Vec<ReportingEvent>> {
    let c = find(db, account_id, display_id, viewer).await?;
    Ok(events::for_conversation(db, c.id).await?)
}

/// Page `page` (1-based) of the account's events, newest first, and the total.
pub async fn page(
    db: &Db,
    account_id: i64,
    filter: &AccountFilter,
    page: i64,
) -> Result<(Vec<ReportingEvent>, i64)> {
    let offset = (page.max(1) - 1).saturating_mul(PER_PAGE);
    Ok(events::page_for_account(db, account_id, filter, PER_PAGE, offset).await?)
}
