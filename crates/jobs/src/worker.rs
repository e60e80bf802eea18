//! The polling worker. Each of its loops claims one due job at a time, runs its handler and
//! records the outcome; an idle loop sleeps `poll_interval` unless woken through
//! [`Worker::notifier`]. Stopping lets running jobs finish; a job cut off by a crash runs again
//! on any node once its lock expires. While a job runs, the worker extends its lock every
//! third of `lock_for` (a heartbeat), so the lock can be short and a crashed node's jobs are
//! taken over soon, however slow a live handler is.

use crate::{is_last_attempt, Handler, Job, Outcome, RetryPolicy};
use domain::time::now;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use store::Db;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// Written to `jobs.locked_by`; unique per process.
    pub name: String,
    pub queues: Vec<String>,
    pub poll_interval: Duration,
    pub lock_for: Duration,
    /// Jobs run at once (one loop each).
    pub concurrency: usize,
    pub retry: RetryPolicy,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig {
            name: format!(
                "worker-{}-{:08x}",
                std::process::id(),
                rand::random::<u32>()
            ),
            queues: vec![crate::webhook::QUEUE.to_string()],
            poll_interval: Duration::from_secs(1),
            lock_for: Duration::from_secs(120),
            concurrency: 4,
            retry: RetryPolicy::default(),
        }
    }
}

pub struct Worker {
    db: Db,
    config: WorkerConfig,
    handlers: HashMap<String, Arc<dyn Handler>>,
    notify: Arc<Notify>,
}

struct Shared {
    db: Db,
    config: WorkerConfig,
    handlers: HashMap<String, Arc<dyn Handler>>,
    notify: Arc<Notify>,
}

impl Worker {
    pub fn new(db: Db, config: WorkerConfig) -> Self {
        Worker {
            db,
            config,
            handlers: HashMap::new(),
            notify: Arc::new(Notify::new()),
        }
    }

    /// Runs jobs of `kind` with `handler`.
    pub fn handle(mut self, kind: &str, handler: impl Handler) -> Self {
        self.handlers.insert(kind.to_string(), Arc::new(handler));
        self
    }

    /// Uses `notify` as the wake-up call (one the producer already holds).
    pub fn wake_with(mut self, notify: Arc<Notify>) -> Self {
        self.notify = notify;
        self
    }

    /// Wakes an idle loop at once (e.g. after enqueueing).
    pub fn notifier(&self) -> Arc<Notify> {
        self.notify.clone()
    }

    pub fn spawn(self) -> WorkerHandle {
        let (stop_tx, stop_rx) = watch::channel(false);
        let shared = Arc::new(Shared {
            db: self.db,
            config: self.config,
            handlers: self.handlers,
            notify: self.notify.clone(),
        });
        let tasks = (0..shared.config.concurrency.max(1))
            .map(|_| tokio::spawn(run_loop(shared.clone(), stop_rx.clone())))
            .collect();
        WorkerHandle {
            stop: stop_tx,
            tasks,
            notify: self.notify,
        }
    }
}

pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
    notify: Arc<Notify>,
}

impl WorkerHandle {
    pub fn notifier(&self) -> Arc<Notify> {
        self.notify.clone()
    }

    /// Asks every loop to stop and waits for the jobs they are running.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for task in self.tasks {
            let _ = task.await;
        }
    }
}

async fn run_loop(shared: Arc<Shared>, mut stop: watch::Receiver<bool>) {
    let c = &shared.config;
    while !*stop.borrow() {
        let t = now();
        let until = t + chrono::Duration::from_std(c.lock_for).unwrap_or(chrono::Duration::MAX);
        match store::jobs::claim(&shared.db, &c.queues, &c.name, until, t).await {
            Ok(Some(job)) => {
                run_one(&shared, job).await;
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "claiming a job failed"),
        }
        tokio::select! {
            _ = stop.changed() => {}
            _ = shared.notify.notified() => {}
            _ = tokio::time::sleep(c.poll_interval) => {}
        }
    }
}

async fn run_one(shared: &Shared, job: Job) {
    let c = &shared.config;
    let outcome = match shared.handlers.get(&job.kind) {
        Some(handler) => {
            tokio::select! {
                outcome = handler.run(&job) => outcome,
                never = heartbeat(shared, job.id) => match never {},
            }
        }
        None => Outcome::GiveUp {
            status: None,
            error: format!("no handler for job kind {}", job.kind),
        },
    };
    let t = now();
    let db = &shared.db;
    let saved = match &outcome {
        Outcome::Done { status } => store::jobs::complete(db, job.id, &c.name, *status, t).await,
        Outcome::Retry {
            status,
            error,
            retry_after,
        } if !is_last_attempt(&job) => {
            let delay = c.retry.delay(job.attempts, *retry_after);
            let run_at = t + chrono::Duration::from_std(delay).unwrap_or(chrono::Duration::MAX);
            tracing::debug!(job = job.id, attempts = job.attempts, ?delay, %error, "job will retry");
            store::jobs::retry(db, job.id, &c.name, run_at, error, *status, t).await
        }
        Outcome::Retry { status, error, .. } | Outcome::GiveUp { status, error } => {
            tracing::warn!(job = job.id, kind = %job.kind, attempts = job.attempts, %error, "job gave up");
            store::jobs::give_up(db, job.id, &c.name, error, *status, t).await
        }
    };
    match saved {
        Ok(true) => {}
        Ok(false) => tracing::warn!(job = job.id, "job lock was lost before it finished"),
        Err(e) => tracing::error!(job = job.id, error = %e, "recording a job outcome failed"),
    }
}

/// Keeps extending the lock on a running job; never returns (the job's end drops it).
async fn heartbeat(shared: &Shared, job_id: i64) -> std::convert::Infallible {
    let c = &shared.config;
    let every = (c.lock_for / 3).max(Duration::from_millis(10));
    loop {
        tokio::time::sleep(every).await;
        let until = now() + chrono::Duration::from_std(c.lock_for).unwrap_or(chrono::Duration::MAX);
        match store::jobs::extend_lock(&shared.db, job_id, &c.name, until).await {
            Ok(true) => {}
            Ok(false) => tracing::warn!(job = job_id, "job lock was lost while it ran"),
            Err(e) => tracing::warn!(job = job_id, error = %e, "extending a job lock failed"),
        }
    }
}
