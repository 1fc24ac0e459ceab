//! What followers receive when a news post is published, edited or removed: `Create`,
//! `Update` or `Delete` of its `Article`, queued in the caller's transaction.

use activitypub_federation::kinds::activity::CreateType;
use url::Url;

use super::super::{
    context, delivery,
    objects::{article, tombstone::Tombstone},
    public,
};
use super::{create::Create, delete::Delete, update::Update};
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
    let (article, context) = (article::article(app, post), context());
    match change {
        Change::Created => {
            delivery::to_followers(conn, &Create::to_followers(app, article, context))
        }
        Change::Updated => {
            delivery::to_followers(conn, &Update::to_followers(app, article, context))
        }
        Change::Deleted => {
            let tombstone = Tombstone::bare(article.id);
            delivery::to_followers(conn, &Delete::to_followers(app, tombstone, context))
        }
    }
}

/// The `Create` of a published post as it stands in the outbox (its id derived from the post,
/// so that it is the same at every reading).
pub fn outbox_item(app: &App, post: &Post) -> Create<article::Article> {
    let object = article::article(app, post);
    let mut id: Url = object.id.clone();
    id.set_fragment(Some("create"));
    Create {
        id,
        kind: CreateType::Create,
        actor: app.actor.id.clone().into(),
        published: Some(object.published.clone()),
        to: vec![public()],
        cc: Some(vec![app.actor.followers.clone()]),
        object,
    }
}
