//! The workers: claim due jobs, run each with the handler of its kind, record the outcome.

use std::{collections::HashMap, future::Future, pin::Pin, sync::Arc, time::Duration};
use tokio::sync::Notify;

use super::{Claimed, claim, complete, fail};
use crate::db::Db;

/// What a handler says of a job it could not do.
#[derive(Debug)]
pub enum JobError {
    /// Worth trying again later (a network error, a 5xx, a timeout).
    Retry(String),
    /// Will never work (a 4xx refusal, a malformed payload): stop now.
    Permanent(String),
}

pub type JobFuture = Pin<Box<dyn Future<Output = Result<(), JobError>> + Send>>;
pub type Handler = Arc<dyn Fn(String) -> JobFuture + Send + Sync>;

/// The code that runs each kind of job, given by the application.
#[derive(Clone, Default)]
pub struct Handlers(HashMap<&'static str, Handler>);

impl Handlers {
    pub fn on<F, Fut>(mut self, kind: &'static str, f: F) -> Self
    where
        F: Fn(String) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.0
            .insert(kind, Arc::new(move |payload| Box::pin(f(payload))));
        self
    }
}

/// Wakes the workers when a job was added, so that they need not wait for their next look.
#[derive(Clone, Default)]
pub struct Waker(Arc<Notify>);

impl Waker {
    pub fn wake(&self) {
        self.0.notify_waiters();
    }
}

/// How many jobs one process runs at once. Deliveries spend their time waiting on the network,
/// so this is well above the number of cores.
const BATCH: i64 = 64;
/// How often an idle worker looks for due jobs (retries and other processes' jobs).
const IDLE_POLL: Duration = Duration::from_millis(500);

/// Runs the queue until the process ends.
pub async fn run(db: Db, handlers: Handlers, waker: Waker) {
    loop {
        let notified = waker.0.notified();
        let batch = match db.run(|c| claim(c, BATCH)).await {
            Ok(batch) => batch,
            Err(e) => {
                tracing::warn!("job queue: cannot claim jobs: {e}");
                tokio::time::sleep(Duration::from_secs(2)).await;
                continue;
            }
        };
        if batch.is_empty() {
            let _ = tokio::time::timeout(IDLE_POLL, notified).await;
            continue;
        }
        // Run together on this task: the handlers' own I/O is what proceeds in parallel.
        let runs = batch
            .into_iter()
            .map(|job| run_one(db.clone(), &handlers, job));
        futures::future::join_all(runs).await;
    }
}

/// Runs every job of the batch and records each outcome; returns when all are recorded.
async fn run_one(db: Db, handlers: &Handlers, job: Claimed) {
    let outcome = match handlers.0.get(job.kind.as_str()) {
        Some(handler) => handler(job.payload.clone()).await,
        None => Err(JobError::Permanent(format!(
            "no handler for jobs of kind {}",
            job.kind
        ))),
    };
    match &outcome {
        Err(JobError::Retry(e)) => {
            tracing::warn!("job {} ({}) failed, will try again: {e}", job.id, job.kind)
        }
        Err(JobError::Permanent(e)) => {
            tracing::warn!("job {} ({}) failed for good: {e}", job.id, job.kind)
        }
        Ok(()) => {}
    }
    let recorded = db
        .run(move |c| match outcome {
            Ok(()) => complete(c, job.id),
            Err(JobError::Retry(e)) => fail(c, &job, &e, false),
            Err(JobError::Permanent(e)) => fail(c, &job, &e, true),
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!("job queue: cannot record a job's outcome: {e}");
    }
}
