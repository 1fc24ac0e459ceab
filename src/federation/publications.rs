//! The `Publish` effects, turned into activities for followers: the one place where a change
//! to something public becomes `Create`, `Update` or `Delete` activities, each queued for
//! every follower's inbox (`delivery`). The answers to registrants (`Answer`) and the
//! republished numbers (`Counts`) are turned in `rsvp`.

use activitypub_federation::config::FederationConfig;

use super::{
    activities::{
        publish::{Change, post_changed},
        publish_event,
    },
    delivery,
    objects::newsletter,
};
use crate::App;
use crate::app::effects::Publication;
use crate::db::DbConn;
use crate::error::Result;
use crate::jobs::worker::JobError;

/// Runs one `publish` job: builds the activities and queues their deliveries, together.
pub async fn run(config: FederationConfig<App>, payload: String) -> Result<(), JobError> {
    let publication: Publication = serde_json::from_str(&payload)
        .map_err(|e| JobError::Permanent(format!("bad publish job: {e}")))?;
    let app = config.to_request_data().app_data().clone();
    let a = app.clone();
    app.db
        .run(move |c| crate::db::transaction(c, |c| publish(c, &a, &publication)))
        .await
        .map(|_| ())
        .map_err(|e| JobError::Retry(e.to_string()))
}

/// Queues what tells followers of the publication; returns how many deliveries.
pub fn publish(conn: &mut DbConn, app: &App, publication: &Publication) -> Result<usize> {
    match publication {
        Publication::PostCreated { post } => post_changed(conn, app, post, Change::Created),
        Publication::PostUpdated { post } => post_changed(conn, app, post, Change::Updated),
        Publication::PostDeleted { post } => post_changed(conn, app, post, Change::Deleted),
        Publication::EventCreated { event } => publish_event::created(conn, app, event),
        Publication::EventUpdated { before, after } => {
            publish_event::updated(conn, app, before, after)
        }
        Publication::EventDeleted { event } => publish_event::deleted(conn, app, event),
        Publication::IssueSent { campaign } => {
            let activity = newsletter::create(app, &newsletter::Issue::from(campaign));
            delivery::to_followers(conn, &activity)
        }
    }
}
