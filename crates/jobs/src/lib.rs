//! The durable job engine: a [`Worker`] claims due jobs from the `jobs` table (see
//! `store::jobs`), runs the [`Handler`] registered for their `kind`, and retries failures with
//! exponential backoff and full jitter. [`webhook::WebhookSender`] delivers signed webhooks.

pub mod retry;
pub mod webhook;
pub mod worker;

pub use retry::RetryPolicy;
pub use store::jobs::Job;
pub use worker::{Worker, WorkerConfig, WorkerHandle};

use std::future::Future;
use std::pin::Pin;

/// What one run of a job came to.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done {
        status: Option<i32>,
    },
    /// Try again later; `retry_after` is the delay in seconds the other side asked for.
    Retry {
        status: Option<i32>,
        error: String,
        retry_after: Option<u64>,
    },
    /// Never succeeds by retrying (e.g. a 4xx answer, or the target is gone).
    GiveUp {
        status: Option<i32>,
        error: String,
    },
}

pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Runs jobs of one kind.
pub trait Handler: Send + Sync + 'static {
    fn run<'a>(&'a self, job: &'a Job) -> BoxFuture<'a, Outcome>;
}

/// True when a failure of this attempt would not be retried.
pub fn is_last_attempt(job: &Job) -> bool {
    job.attempts >= job.max_attempts
}
