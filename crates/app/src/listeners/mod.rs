//! Upstream's listeners (app/listeners), fed by `events::commit`. The ones that write run in
//! the change's transaction; realtime runs after the commit and never fails the change.

mod action_cable;

use crate::{App, Result};
use domain::events::Event;
use store::Tx;

/// Listeners whose writes must commit with the change.
pub async fn in_transaction(_app: &App, _tx: &Tx, events: &[Event]) -> Result<()> {
    if events.is_empty() {
        return Ok(());
    }
    Ok(())
}

/// Listeners that only tell connected clients; called once the change is committed.
pub fn after_commit(app: &App, events: Vec<Event>) {
    action_cable::publish(app, events);
}
