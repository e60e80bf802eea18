//! Background upkeep the server runs beside requests.

use std::time::Duration;
use store::Db;

/// Folds the conversation counters' deltas (appended by PostgreSQL's triggers) into
/// `conversation_counts` every second, so list counts read few rows. Counts stay exact without
/// it; a failed round is retried on the next tick. Nothing to do on SQLite, whose triggers
/// update the counters in place (each round is one indexed read there).
pub fn spawn_count_compaction(db: Db) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(1));
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = store::conversation_counts::compact(&db).await {
                tracing::warn!(error = %e, "compacting conversation counts failed");
            }
        }
    })
}
