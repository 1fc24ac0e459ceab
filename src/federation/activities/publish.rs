//! What followers receive when a news post is published, edited or removed: `Create`,
//! `Update` or `Delete` of its `Article`, queued in the caller's transaction.

use serde_json::{Value, json};

use super::super::{PUBLIC, delivery, new_activity_id, objects::article};
use crate::App;
use crate::db::DbConn;
use crate::error::Result;
use crate::site::posts::Post;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Created,
    Updated,
    Deleted,
}

/// Queues the activity that tells followers about this change; returns how many inboxes.
pub fn post_changed(conn: &mut DbConn, app: &App, post: &Post, change: Change) -> Result<usize> {
    let activity = activity(app, post, change);
    delivery::to_followers(conn, &activity)
}

pub fn activity(app: &App, post: &Post, change: Change) -> Value {
    let (kind, object) = match change {
        Change::Created => ("Create", article::to_json(app, post)),
        Change::Updated => ("Update", article::to_json(app, post)),
        Change::Deleted => (
            "Delete",
            json!({ "id": article::id(app, post), "type": "Tombstone" }),
        ),
    };
    json!({
        "@context": super::super::context(),
        "id": new_activity_id(app),
        "type": kind,
        "actor": app.actor.id,
        "published": chrono::Utc::now().to_rfc3339(),
        "to": [PUBLIC],
        "cc": [app.actor.followers],
        "object": object,
    })
}

/// The `Create` of a published post as it stands in the outbox (its id derived from the post,
/// so that it is the same at every reading).
pub fn outbox_item(app: &App, post: &Post) -> Value {
    let object = article::to_json(app, post);
    json!({
        "id": format!("{}#create", article::id(app, post)),
        "type": "Create",
        "actor": app.actor.id,
        "published": object["published"],
        "to": [PUBLIC],
        "cc": [app.actor.followers],
        "object": object,
    })
}
