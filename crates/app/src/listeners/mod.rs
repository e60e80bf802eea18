//! Upstream's listeners (app/listeners), fed by `events::commit`. The ones that write run in
//! the change's transaction; realtime runs after the commit and never fails the change.

pub mod reporting;

use crate::{App, Result};
use domain::events::Event;
use store::Tx;

/// Listeners whose writes must commit with the change.
pub async fn in_transaction(_app: &App, tx: &Tx, events: &[Event]) -> Result<()> {
    for event in events {
        reporting::handle(tx, event).await?;
    }
    Ok(())
}

/// Listeners that only tell connected clients; called once the change is committed.
pub fn after_commit(_app: &App, _events: Vec<Event>) {}
