//! Upstream's listeners (app/listeners), fed by `events::commit`. The ones that write run in
//! the change's transaction; realtime runs after the commit and never fails the change.

mod action_cable;
pub mod agent_bot;
mod bodies;
mod receivers;
pub mod reporting;
pub mod webhook;

use crate::{App, Result};
use domain::events::Event;
use store::Tx;

/// Listeners whose writes must commit with the change. Returns how many deliveries (webhooks,
/// API inboxes, agent bots) were queued.
pub async fn in_transaction(app: &App, tx: &Tx, events: &[Event]) -> Result<usize> {
    for event in events {
        reporting::handle(tx, event).await?;
    }
    let mut bodies = bodies::Bodies::new(app, tx);
    let mut receivers = receivers::Receivers::default();
    let queued = webhook::handle(&mut bodies, &mut receivers, events).await?;
    Ok(queued + agent_bot::handle(&mut bodies, &mut receivers, events).await?)
}

/// Listeners that only tell connected clients; called once the change is committed.
pub fn after_commit(app: &App, events: Vec<Event>) {
    action_cable::publish(app, events);
}
