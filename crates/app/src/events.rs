//! The one way a use case finishes a change that others hear about: `commit` runs the
//! listeners that write (webhook and agent-bot deliveries, reporting events) inside the
//! change's transaction, so a change and what it owes the outside world commit together or not
//! at all, then commits and hands the events to the realtime fan-out.

use crate::{App, Result};
use store::Tx;

pub use domain::events::{Changes, ConversationRef, Event, EventKind, Performer, Typer};

/// Runs the in-transaction listeners, commits, then publishes. An error before the commit rolls
/// the whole change back.
pub async fn commit(app: &App, tx: Tx, events: Vec<Event>) -> Result<()> {
    let queued = crate::listeners::in_transaction(app, &tx, &events).await?;
    tx.commit().await?;
    if queued > 0 {
        app.wake_jobs.notify_one();
    }
    crate::listeners::after_commit(app, events);
    Ok(())
}

/// Adds `name` to `out` when its value changed (one entry of `previous_changes`).
pub fn push_change(
    out: &mut Changes,
    name: &str,
    before: serde_json::Value,
    after: serde_json::Value,
) {
    if before != after {
        out.push((name.to_string(), before, after));
    }
}
