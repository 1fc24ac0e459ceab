//! The job queue, as the administrators see it: a failed job tried again.

use crate::App;
use crate::error::Result;
use crate::jobs;

/// Puts a failed job back in the queue, to run now.
pub async fn retry(app: &App, id: i64) -> Result<()> {
    super::write(app, move |c| jobs::retry(c, id)).await
}
