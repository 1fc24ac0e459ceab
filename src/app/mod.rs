//! The application layer: one function per use case (publish a post, create an event,
//! register, cancel, approve, send a campaign...). Each opens the transaction, calls the
//! domain, records what must happen next as [`effects::Effect`] values in the same
//! transaction, commits, and wakes the workers once.
//!
//! The faces (`web`, `federation`) call these for every write; they never call the domain's
//! writing functions themselves, nor the job queue.

pub mod accounts;
pub mod audience;
pub mod campaigns;
pub mod contacts;
pub mod effects;
pub mod events;
pub mod imports;
pub mod jobs;
pub mod ledger;
pub mod media;
pub mod members;
pub mod memberships;
pub mod notifications;
pub mod pages;
pub mod posts;
pub mod privacy;
pub mod registrations;
pub mod sessions;
pub mod subscriptions;
pub mod users;

use crate::App;
use crate::db::DbConn;
use crate::error::Result;

/// Runs a use case's work in one transaction on a database connection, then wakes the workers
/// once for whatever effects it recorded.
pub async fn write<T, F>(app: &App, work: F) -> Result<T>
where
    T: Send + 'static,
    F: FnOnce(&mut DbConn) -> Result<T> + Send + 'static,
{
    let out = app.db.run(move |c| crate::db::transaction(c, work)).await?;
    app.jobs.wake();
    Ok(out)
}
