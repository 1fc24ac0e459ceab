//! The workers: claim due jobs, run each with the handler of its kind, record the outcome.

use std::{collections::HashMap, future::Future, pin::Pin, sync::Arc, time::Duration};
use tokio::sync::Notify;

use super::{Claimed, claim, complete, fail};
use crate::db::{Db, DbConn};

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

/// A job that failed for good, as the hook of `Handlers::on_gave_up` is told of it.
#[derive(Debug, Clone)]
pub struct GaveUp {
    pub id: i64,
    pub kind: String,
    pub error: String,
}

/// Runs in the transaction that marks a job failed for good: what the application does about
/// it (the queue itself knows no more than the job's kind).
pub type GaveUpHook = Arc<dyn Fn(&mut DbConn, &GaveUp) -> crate::error::Result<()> + Send + Sync>;

/// The code that runs each kind of job, given by the application, and what to do when a job
/// fails for good.
#[derive(Clone, Default)]
pub struct Handlers(HashMap<&'static str, Handler>, Option<GaveUpHook>);

impl Handlers {
    /// Has `hook` run when a job fails for good, in the transaction that records it.
    pub fn on_gave_up<F>(mut self, hook: F) -> Self
    where
        F: Fn(&mut DbConn, &GaveUp) -> crate::error::Result<()> + Send + Sync + 'static,
    {
        self.1 = Some(Arc::new(hook));
        self
    }

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

/// Runs the queue until the process ends (or the task running it is aborted, which aborts the
/// jobs under way: their locks expire and they run again). Each job runs on its own task, at
/// most `BATCH` at once: a slow job (a chat that hangs until its timeout, a far inbox) holds
/// only its own place, and the others are claimed and run meanwhile.
pub async fn run(db: Db, handlers: Handlers, waker: Waker) {
    let handlers = Arc::new(handlers);
    let mut running = tokio::task::JoinSet::new();
    loop {
        while running.try_join_next().is_some() {}
        let free = BATCH - running.len() as i64;
        if free <= 0 {
            running.join_next().await;
            continue;
        }
        let notified = waker.0.notified();
        let batch = match db.run(move |c| claim(c, free)).await {
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
        for job in batch {
            let (db, handlers) = (db.clone(), handlers.clone());
            running.spawn(async move { run_one(db, &handlers, job).await });
        }
    }
}

/// Runs one job and records its outcome.
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
    let hook = handlers.1.clone();
    let recorded = db
        .run(move |c| {
            let (error, permanent) = match outcome {
                Ok(()) => return complete(c, job.id),
                Err(JobError::Retry(e)) => (e, false),
                Err(JobError::Permanent(e)) => (e, true),
            };
            crate::db::transaction(c, |c| {
                let gave_up = fail(c, &job, &error, permanent)?;
                if gave_up && let Some(hook) = &hook {
                    let failed = GaveUp {
                        id: job.id,
                        kind: job.kind.clone(),
                        error: error.clone(),
                    };
                    hook(c, &failed)?;
                }
                Ok(())
            })
        })
        .await;
    if let Err(e) = recorded {
        tracing::warn!("job queue: cannot record a job's outcome: {e}");
    }
}
