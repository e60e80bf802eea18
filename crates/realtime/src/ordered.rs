//! Background work that keeps order per key (upstream's `ActionCableBroadcastJob` runs in
//! Sidekiq, unordered). A fixed set of lanes, each running its tasks one after another; a key
//! always maps to the same lane, so one conversation's frames leave in the order of its changes
//! while other conversations proceed on other lanes.

use std::future::Future;
use std::pin::Pin;
use std::sync::OnceLock;
use tokio::sync::mpsc;

type Task = Pin<Box<dyn Future<Output = ()> + Send>>;

/// Lanes: enough to overlap the database reads of unrelated conversations.
const LANES: usize = 8;
/// Tasks a lane may hold before new ones are dropped.
const LANE_QUEUE: usize = 10_000;

#[derive(Default)]
pub struct Ordered {
    lanes: OnceLock<Vec<mpsc::Sender<Task>>>,
}

impl Ordered {
    /// Queues `task` on `key`'s lane. The lanes start on first use, in the caller's runtime.
    pub fn spawn(&self, key: u64, task: impl Future<Output = ()> + Send + 'static) {
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!("realtime: no runtime; frame dropped");
            return;
        };
        let lanes = self.lanes.get_or_init(|| {
            (0..LANES)
                .map(|_| {
                    let (tx, mut rx) = mpsc::channel::<Task>(LANE_QUEUE);
                    runtime.spawn(async move {
                        while let Some(task) = rx.recv().await {
                            task.await;
                        }
                    });
                    tx
                })
                .collect()
        });
        let lane = &lanes[(key % LANES as u64) as usize];
        if lane.try_send(Box::pin(task)).is_err() {
            tracing::warn!(key, "realtime: backlog full; frame dropped");
        }
    }

    /// Waits until every task queued before this call has run.
    pub async fn settle(&self) {
        let Some(lanes) = self.lanes.get() else {
            return;
        };
        let mut done = Vec::with_capacity(lanes.len());
        for lane in lanes {
            let (tx, rx) = tokio::sync::oneshot::channel::<()>();
            let marker: Task = Box::pin(async move {
                let _ = tx.send(());
            });
            if lane.send(marker).await.is_ok() {
                done.push(rx);
            }
        }
        for rx in done {
            let _ = rx.await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    #[tokio::test]
    async fn tasks_of_one_key_run_in_order() {
        let ordered = Ordered::default();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (done_tx, mut done_rx) = mpsc::channel(1);
        for i in 0..50u64 {
            let (seen, done) = (seen.clone(), done_tx.clone());
            ordered.spawn(3, async move {
                // Later tasks would overtake earlier ones if they ran concurrently.
                tokio::time::sleep(std::time::Duration::from_micros(50 - i)).await;
                seen.lock().unwrap().push(i);
                if i == 49 {
                    done.send(()).await.unwrap();
                }
            });
        }
        done_rx.recv().await.unwrap();
        assert_eq!(*seen.lock().unwrap(), (0..50).collect::<Vec<_>>());
    }
}
